"""The trainer's report pack (the Qualiopi evidence): the group report and its files.

:func:`group_report` merges each learner's files into one report; :func:`report_files` lists
what the pack holds, each file rendered on demand (PDF last, they are slow): the progress
report (CSV and HTML), the competences and item statistics (CSV), an attestation per learner
when the organisation's fields are given, and the PDF versions. ``edukit report`` and the
classroom's « dossier Qualiopi » both build their pack through them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, partial

from edukit.progress._attestation import AttestationFields
from edukit.progress._csv import competences_csv, report_csv, statistics_csv
from edukit.progress._load import LoadedProgress
from edukit.progress._merge import MergeError, learner_key, merge_all
from edukit.progress._pdf import html_to_pdf
from edukit.progress._render import attestation_html, report_html
from edukit.progress._rubrics import Rubric
from edukit.progress._summary import CourseOutline, GroupReport, Refused, learner_report

__all__ = [
    "COMPETENCES_NAME",
    "REPORT_NAME",
    "STATISTICS_NAME",
    "PackFile",
    "group_report",
    "learner_slug",
    "report_files",
]

REPORT_NAME = "rapport-progression"
COMPETENCES_NAME = "rapport-competences"
STATISTICS_NAME = "statistiques-questions"


@dataclass(frozen=True)
class PackFile:
    """One file of the pack: its path in the pack, and how to render its bytes."""

    name: str
    render: Callable[[], bytes]
    pdf: bool = False
    """A PDF (slow to render: written last, with progress)."""


def learner_slug(name: str) -> str:
    """A file name for a learner: ASCII letters, digits and dashes.

    >>> learner_slug("Élodie Ça-va"), learner_slug("  ")
    ('elodie-ca-va', 'personne')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "personne"


def _groups(loaded: Iterable[LoadedProgress]) -> dict[str, list[LoadedProgress]]:
    """Files by learner; files without an empreinte (old version) are never merged with others."""
    groups: dict[str, list[LoadedProgress]] = {}
    for item in loaded:
        key = learner_key(item.progress.learner) if item.verified else f"file:{item.path}"
        groups.setdefault(key, []).append(item)
    return groups


def group_report(
    loaded: Iterable[LoadedProgress],
    outline: CourseOutline,
    *,
    refused: Iterable[Refused] = (),
    rubrics: Mapping[str, Rubric] | None = None,
    item_locations: Mapping[str, str] | None = None,
) -> GroupReport:
    """The group's report: each learner's files merged (newest answer wins), learners sorted.

    A group of files that cannot be merged joins ``refused`` with its reason.
    """
    learners = []
    refusals = list(refused)
    for group in _groups(loaded).values():
        group_files = [item.path for item in group]
        try:
            merged = merge_all(item.progress for item in group)
        except MergeError as error:  # pragma: no cover - groups share course and learner
            refusals.extend(Refused(path, str(error)) for path in group_files)
            continue
        learners.append(
            learner_report(
                merged,
                outline,
                files=group_files,
                verified=all(item.verified for item in group),
                sources=[item.progress.source for item in group],
                rubrics=rubrics,
            )
        )
    learners.sort(key=lambda learner: learner_key(learner.learner))
    return GroupReport(
        outline,
        learners,
        refusals,
        generated=datetime.now(UTC),
        item_locations=dict(item_locations or {}),
    )


def _encoded(render: Callable[[], str]) -> bytes:
    return render().encode("utf-8")


def _pdf(render: Callable[[], str]) -> bytes:
    return html_to_pdf(render())


def report_files(
    report: GroupReport, *, fields: AttestationFields | None = None, pdf: bool = False
) -> list[PackFile]:
    """The pack's files, in writing order: CSV and HTML files first, then the PDF files.

    ``fields`` (the organisation's) adds ``attestations/attestation-<name>.html`` per learner
    (a number is added when two names give one file name); ``pdf`` adds the PDF version of
    the report and of each attestation (WeasyPrint must be available).
    """
    html = cache(partial(report_html, report))
    files = [
        PackFile(f"{REPORT_NAME}.csv", partial(report_csv, report)),
        PackFile(f"{COMPETENCES_NAME}.csv", partial(competences_csv, report)),
        PackFile(f"{STATISTICS_NAME}.csv", partial(statistics_csv, report)),
        PackFile(f"{REPORT_NAME}.html", partial(_encoded, html)),
    ]
    pdfs = [PackFile(f"{REPORT_NAME}.pdf", partial(_pdf, html), pdf=True)] if pdf else []
    if fields is not None:
        used: set[str] = set()
        for learner in report.learners:
            slug = base = learner_slug(fields.name_of(learner.learner))
            number = 1
            while slug in used:
                number += 1
                slug = f"{base}-{number}"
            used.add(slug)
            page = cache(partial(attestation_html, learner, fields, report.course))
            name = f"attestations/attestation-{slug}"
            files.append(PackFile(f"{name}.html", partial(_encoded, page)))
            if pdf:
                pdfs.append(PackFile(f"{name}.pdf", partial(_pdf, page), pdf=True))
    return files + pdfs
