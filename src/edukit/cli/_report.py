"""``edukit report``: the trainer's progress report (CSV, HTML, PDF) and the attestations.

The learners' progress files are read, never written. Files of one learner are merged (the
newest answer per question wins). A bad file is set aside with its reason, and the report is
made from all the others. Outputs are written through a temporary file and a rename, so an
interrupted run never leaves half a report. Nothing leaves the computer.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from edukit._problems import ProblemError, format_problems
from edukit.cli._app import app
from edukit.course import load_course
from edukit.progress import (
    AttestationFields,
    CourseOutline,
    GroupReport,
    LoadedProgress,
    MergeError,
    ProgressError,
    Refused,
    attestation_html,
    html_to_pdf,
    learner_key,
    learner_report,
    load_attestation_fields,
    merge_all,
    pdf_unavailable_reason,
    read_progress,
    report_csv,
    report_html,
)

__all__ = ["REPORT_NAME", "collect_files", "report", "write_bytes_atomically"]

REPORT_NAME = "rapport-progression"
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; outputs are shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[Refused]]:
    """The files to read: files as given, ``*.json`` under folders (hidden ones skipped)."""
    files: list[Path] = []
    missing: list[Refused] = []
    for path in paths:
        if path.is_dir():
            found = [
                candidate
                for candidate in path.rglob("*")
                if candidate.suffix.lower() == ".json"
                and candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            ]
            files.extend(sorted(found))
        elif path.exists():
            files.append(path)
        else:
            missing.append(Refused(path, "le fichier ou le dossier n'existe pas"))
    unique = list(dict.fromkeys(files))
    return unique, missing


def _slug(name: str) -> str:
    """A file name for a learner: ASCII letters, digits and dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "personne"


@dataclass
class _Group:
    loaded: list[LoadedProgress] = field(default_factory=list)


def _group(loaded: list[LoadedProgress]) -> dict[str, _Group]:
    """Files by learner; files without a seal (old version) are never merged with others."""
    groups: dict[str, _Group] = {}
    for item in loaded:
        key = learner_key(item.progress.learner) if item.verified else f"file:{item.path}"
        groups.setdefault(key, _Group()).loaded.append(item)
    return groups


@app.command("report")
def report(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Progress files, or folders holding them (*.json, searched deeply)."),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to write the report into.")
    ] = Path("rapport"),
    course_root: Annotated[
        Path,
        typer.Option(
            "--course-root", help="Repository root holding courses/course.yml.", file_okay=False
        ),
    ] = Path("."),
    attestation_fields: Annotated[
        Path | None,
        typer.Option(
            "--attestation-fields",
            help="YAML file of the organisation's fields: writes one attestation per learner.",
            dir_okay=False,
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Also write PDF files (WeasyPrint).")
    ] = True,
) -> None:
    """Progress report per learner and objective: positioning against final evaluation."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    loaded_course = load_course(course_root)
    if loaded_course.course is None or loaded_course.errors:
        console.print(format_problems(loaded_course.errors), markup=False)
        console.print("✗ the course has problems; fix them (edukit check) and run again")
        raise typer.Exit(1)
    outline = CourseOutline.from_course(loaded_course.course)
    fields: AttestationFields | None = None
    if attestation_fields is not None:
        try:
            fields = load_attestation_fields(attestation_fields)
        except ProblemError as error:
            console.print(format_problems(error.problems), markup=False)
            console.print("✗ the attestation fields have problems; nothing was written")
            raise typer.Exit(1) from None

    files, refused = collect_files(paths)
    loaded: list[LoadedProgress] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(files) < 20,
    ) as progress:
        task = progress.add_task("Lecture des fichiers de progression", total=len(files))
        for path in files:
            try:
                loaded.append(read_progress(path, course=outline.id))
            except ProgressError as error:
                refused.append(Refused(path, error.reason))
            progress.advance(task)

    learners = []
    for group in _group(loaded).values():
        group_files = [item.path for item in group.loaded]
        try:
            merged = merge_all(item.progress for item in group.loaded)
        except MergeError as error:  # pragma: no cover - groups share course and learner
            refused.extend(Refused(path, str(error)) for path in group_files)
            continue
        learners.append(
            learner_report(
                merged,
                outline,
                files=group_files,
                verified=all(item.verified for item in group.loaded),
            )
        )
    learners.sort(key=lambda learner: learner_key(learner.learner))
    result = GroupReport(outline, learners, refused, generated=datetime.now(UTC))

    for item in refused:
        console.print(f"⚠ {item.path}: {item.reason}", markup=False)
    if not learners:
        console.print("✗ no usable progress file; nothing was written")
        raise typer.Exit(1)

    pdf_reason = pdf_unavailable_reason() if pdf else None
    if pdf_reason:
        console.print(f"⚠ pas de PDF : {pdf_reason}", markup=False)
    make_pdf = pdf and pdf_reason is None
    html = report_html(result)
    write_bytes_atomically(output / f"{REPORT_NAME}.csv", report_csv(result))
    write_bytes_atomically(output / f"{REPORT_NAME}.html", html.encode("utf-8"))
    written = [f"{REPORT_NAME}.csv", f"{REPORT_NAME}.html"]
    outputs = [(output / f"{REPORT_NAME}.pdf", html)] if make_pdf else []
    if fields is not None:
        used: set[str] = set()
        for learner in learners:
            slug = base = _slug(fields.name_of(learner.learner))
            number = 1
            while slug in used:
                number += 1
                slug = f"{base}-{number}"
            used.add(slug)
            page = attestation_html(learner, fields, outline)
            target = output / "attestations" / f"attestation-{slug}.html"
            write_bytes_atomically(target, page.encode("utf-8"))
            written.append(str(target.relative_to(output)))
            if make_pdf:
                outputs.append((target.with_suffix(".pdf"), page))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(outputs) < 5,
    ) as progress:
        task = progress.add_task("PDF", total=len(outputs))
        for target, page in outputs:
            write_bytes_atomically(target, html_to_pdf(page))
            written.append(str(target.relative_to(output)))
            progress.advance(task)
    console.print(
        f"✓ {len(learners)} personne(s), {len(loaded)} fichier(s) lu(s), "
        f"{len(refused)} écarté(s) ; écrit dans {output} : {len(written)} fichier(s)",
        markup=False,
    )
