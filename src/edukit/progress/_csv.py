"""Trainer reports as CSV files for Excel: UTF-8 with BOM, ``;``, French decimals.

A cell a learner typed (a name, a pseudonym) that Excel would run as a formula (``=``, ``+``,
``-``, ``@``) gets a leading quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from edukit.progress._summary import GroupReport
from edukit.progress._wording import TEST_TITLES, french_decimal, french_percent

__all__ = [
    "COMPETENCE_CSV_COLUMNS",
    "CSV_COLUMNS",
    "STATISTICS_CSV_COLUMNS",
    "competences_csv",
    "report_csv",
    "statistics_csv",
]

CSV_COLUMNS = [
    "Personne",
    "Objectif",
    "Intitulé de l'objectif",
    "Leçon",
    "Positionnement : points",
    "Positionnement : questions",
    "Positionnement (%)",
    "Évaluation finale : points",
    "Évaluation finale : questions",
    "Évaluation finale (%)",
    "Évolution (points de %)",
    "Leçon terminée",
    "Temps passé (min)",
    "Fichiers",
    "Empreinte conforme",
    "Source",
]
COMPETENCE_CSV_COLUMNS = [
    "Personne",
    "Compétence",
    "Intitulé de la compétence",
    "Positionnement : points",
    "Positionnement : questions",
    "Positionnement : niveau",
    "Évaluation finale : points",
    "Évaluation finale : questions",
    "Évaluation finale : niveau",
    "Source",
]
STATISTICS_CSV_COLUMNS = [
    "Test",
    "Question",
    "Banque (fichier:ligne)",
    "Personnes",
    "Facilité (%)",
    "Discrimination (corrélation avec le reste du test)",
    "Indice 27 % haut-bas",
    "À revoir",
]


def _cell(text: str) -> str:
    """A CSV cell Excel will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _excel_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """``columns`` then ``rows`` as CSV for Excel: UTF-8 with BOM, ``;``, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_csv(report: GroupReport) -> bytes:
    """One row per learner and objective; UTF-8 with BOM and ``;`` so that Excel opens it."""
    return _excel_csv(CSV_COLUMNS, _report_rows(report))


def _report_rows(report: GroupReport) -> Iterator[list[object]]:
    for learner in report.learners:
        files = ", ".join(path.name for path in learner.files)
        for row in learner.rows:
            change = row.change
            yield [
                _cell(learner.learner),
                row.objective.id,
                row.objective.text or "(objectif absent du cours)",
                row.objective.lesson_id,
                french_decimal(row.positioning.points, 2),
                row.positioning.questions,
                french_percent(row.positioning.ratio),
                french_decimal(row.final.points, 2),
                row.final.questions,
                french_percent(row.final.ratio),
                "" if change is None else french_decimal(change * 100),
                "oui" if row.lesson_completed else "non",
                french_decimal(row.seconds / 60),
                _cell(files),
                "oui" if learner.verified else "non",
                learner.source_text,
            ]


def competences_csv(report: GroupReport) -> bytes:
    """One row per learner and competence, with the level of each test (rule: LEVEL_RULE)."""
    return _excel_csv(COMPETENCE_CSV_COLUMNS, _competences_rows(report))


def _competences_rows(report: GroupReport) -> Iterator[list[object]]:
    for learner in report.learners:
        for row in learner.competences:
            yield [
                _cell(learner.learner),
                row.competence.id,
                row.competence.title,
                french_decimal(row.positioning.points, 2),
                row.positioning.questions,
                row.positioning_level if row.positioning.questions else "",
                french_decimal(row.final.points, 2),
                row.final.questions,
                row.final_level if row.final.questions else "",
                learner.source_text,
            ]


def statistics_csv(report: GroupReport) -> bytes:
    """One row per item of each test: Moodle-style facility and discrimination."""
    return _excel_csv(STATISTICS_CSV_COLUMNS, _statistics_rows(report))


def _statistics_rows(report: GroupReport) -> Iterator[list[object]]:
    for phase, stats in report.item_statistics().items():
        for item in stats.items:
            yield [
                TEST_TITLES[phase],
                item.item,
                report.item_locations.get(item.item, ""),
                item.learners,
                french_decimal(item.facility * 100),
                "" if item.discrimination is None else french_decimal(item.discrimination, 2),
                "" if item.upper_lower is None else french_decimal(item.upper_lower, 2),
                " ; ".join(item.reasons),
            ]
