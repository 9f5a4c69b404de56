"""``edukit report``: the trainer's progress report (CSV, HTML, PDF) and the attestations;
``edukit grade``: record a rubric grade in a learner's progress file.

``edukit report`` reads the learners' progress files, never writes them. Files of one learner
are merged (the newest answer per question wins). Paper sheets typed into a CSV file
(``--paper``, see ``edukit print``) are graded like the site grades them and join the same
report, with « papier » as their source. A bad file or CSV row is set aside with its reason,
and the report is made from all the others. The report speaks in competences (a level per
competence with its rule), shows rubric grades and Moodle-style item statistics. Outputs are
written through a temporary file and a rename, so an interrupted run never leaves half a
report. Nothing leaves the computer.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from edukit._i18n import N_, _
from edukit._problems import ProblemError, format_problems
from edukit.cli._app import app
from edukit.course import load_course
from edukit.progress import (
    COMPETENCES_NAME,
    REPORT_NAME,
    RUBRICS_FOLDER,
    STATISTICS_NAME,
    AttestationFields,
    CourseOutline,
    LoadedProgress,
    PackFile,
    ProgressError,
    Refused,
    Rubric,
    RubricGrade,
    check_grade,
    group_report,
    load_attestation_fields,
    load_rubrics,
    paper_progress,
    pdf_unavailable_reason,
    read_progress,
    report_files,
)
from edukit.quiz import BANKS_FOLDER, bank_folders, load_bank

__all__ = [
    "COMPETENCES_NAME",
    "REPORT_NAME",
    "STATISTICS_NAME",
    "collect_files",
    "grade_command",
    "paper_progress",
    "report",
    "write_bytes_atomically",
]

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
            # a reason joins the report, which is French like the other reasons: not translated
            missing.append(Refused(path, "le fichier ou le dossier n'existe pas"))
    unique = list(dict.fromkeys(files))
    return unique, missing


def item_locations(root: Path) -> dict[str, str]:
    """Item id → ``bank file:line`` for every bank of the course (for the items to review)."""
    locations: dict[str, str] = {}
    for folder in bank_folders(root / BANKS_FOLDER):
        bank, _ = load_bank(folder)
        for item in bank.items if bank is not None else []:
            try:
                where = item.source_path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                where = item.source_path.as_posix()
            locations.setdefault(item.id, f"{where}:{item.line}")
    return locations


ProgressPathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help=N_(
            "Fichiers de progression, ou dossiers qui les contiennent "
            "(*.json, cherchés dans les sous-dossiers)."
        )
    ),
]
OutputOption = Annotated[
    Path, typer.Option("-o", "--output", help=N_("Dossier où écrire le rapport."))
]
CourseRootOption = Annotated[
    Path,
    typer.Option(
        "--course-root",
        help=N_("Racine du dépôt, qui contient courses/course.yml."),
        file_okay=False,
    ),
]
AttestationFieldsOption = Annotated[
    Path | None,
    typer.Option(
        "--attestation-fields",
        help=N_("Fichier YAML des champs de l'organisme : écrit une attestation par personne."),
        dir_okay=False,
    ),
]
PdfOption = Annotated[
    bool,
    typer.Option("--pdf/--no-pdf", help=N_("Écrire aussi les fichiers PDF (WeasyPrint).")),
]
PaperOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--paper",
        help=N_(
            "Fichier CSV des feuilles papier saisies (voir edukit print) ; "
            "répétez l'option pour plusieurs fichiers."
        ),
        dir_okay=False,
    ),
]
ProgressFileArgument = Annotated[
    Path, typer.Argument(help=N_("Le fichier de progression de la personne (.json)."))
]
RubricIdOption = Annotated[
    str,
    typer.Option(
        "--rubric",
        help=N_("Identifiant de la grille, par exemple l06-requete (exercises/rubriques)."),
    ),
]
CriteriaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--criterion",
        help=N_("critère=niveau, par exemple role-contexte=2 ; une fois par critère."),
    ),
]
GraderOption = Annotated[str, typer.Option("--grader", help=N_("Qui note (nom du formateur)."))]


@app.command(
    "report",
    help=N_(
        "Rapport de progression par personne et par compétence : "
        "positionnement comparé à l'évaluation finale."
    ),
)
def report(
    paths: ProgressPathsArgument = None,
    output: OutputOption = Path("rapport"),
    course_root: CourseRootOption = Path("."),
    attestation_fields: AttestationFieldsOption = None,
    pdf: PdfOption = True,
    paper: PaperOption = None,
) -> None:
    """Progress report per learner and competence: positioning against final evaluation."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    outline, rubrics, fields = _report_inputs(course_root, attestation_fields, console)
    if not paths and not paper:
        console.print(
            "✗ "
            + _(
                "donnez des fichiers de progression (ou leurs dossiers), ou des feuilles papier "
                "saisies avec --paper FICHIER.csv"
            ),
            markup=False,
        )
        raise typer.Exit(1)
    loaded, refused = _read_all(paths or [], paper or [], outline, course_root, console)
    result = group_report(
        loaded,
        outline,
        refused=refused,
        rubrics=rubrics,
        item_locations=item_locations(course_root),
    )
    for item in result.refused:
        console.print(f"⚠ {item.path}: {item.reason}", markup=False)
    if not result.learners:
        console.print("✗ " + _("aucun fichier de progression utilisable ; rien n'a été écrit"))
        raise typer.Exit(1)
    pdf_reason = pdf_unavailable_reason() if pdf else None
    if pdf_reason:
        console.print("⚠ " + _("pas de PDF : {reason}").format(reason=pdf_reason), markup=False)
    files = report_files(result, fields=fields, pdf=pdf and pdf_reason is None)
    written = _write_pack(files, output, console)
    summary = _(
        "{learners} personne(s), {read} fichier(s) lu(s), {refused} écarté(s) ; "
        "écrit dans {output} : {written} fichier(s)"
    ).format(
        learners=len(result.learners),
        read=len(loaded),
        refused=len(result.refused),
        output=output,
        written=len(written),
    )
    console.print(f"✓ {summary}", markup=False)


def _report_inputs(
    course_root: Path, attestation_fields: Path | None, console: Console
) -> tuple[CourseOutline, dict[str, Rubric], AttestationFields | None]:
    """The course outline, its rubrics and the organisation's fields; exits on their errors."""
    loaded_course = load_course(course_root)
    if loaded_course.course is None or loaded_course.errors:
        console.print(format_problems(loaded_course.errors), markup=False)
        console.print(
            "✗ " + _("le cours a des erreurs : corrigez-les (edukit check), puis relancez")
        )
        raise typer.Exit(1)
    outline = CourseOutline.from_course(loaded_course.course, loaded_course.competences)
    rubrics, rubric_problems = load_rubrics(course_root / RUBRICS_FOLDER)
    if rubric_problems:
        console.print(format_problems(rubric_problems), markup=False)
    if attestation_fields is None:
        return outline, rubrics, None
    try:
        return outline, rubrics, load_attestation_fields(attestation_fields)
    except ProblemError as error:
        console.print(format_problems(error.problems), markup=False)
        console.print(
            "✗ " + _("le fichier des champs de l'attestation a des erreurs ; rien n'a été écrit")
        )
        raise typer.Exit(1) from None


def _read_all(
    paths: list[Path], paper: list[Path], outline: CourseOutline, root: Path, console: Console
) -> tuple[list[LoadedProgress], list[Refused]]:
    """The progress files (with progress shown from 20 files) and the paper sheets."""
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
        task = progress.add_task(_("Lecture des fichiers de progression"), total=len(files))
        for path in files:
            try:
                loaded.append(read_progress(path, course=outline.id))
            except ProgressError as error:
                refused.append(Refused(path, error.reason))
            progress.advance(task)
    if paper:
        try:
            paper_loaded, paper_refused = paper_progress(paper, outline.id, root)
        except ProblemError as error:
            console.print(format_problems(error.problems), markup=False)
            console.print(
                "✗ " + _("les tests du cours ne peuvent pas être tirés ; rien n'a été écrit")
            )
            raise typer.Exit(1) from None
        loaded.extend(paper_loaded)
        refused.extend(paper_refused)
    return loaded, refused


def _write_pack(files: list[PackFile], output: Path, console: Console) -> list[str]:
    """Write the pack's files under ``output`` (PDF files with progress from 5); their names."""
    written: list[str] = []
    for entry in files:
        if not entry.pdf:
            write_bytes_atomically(output / entry.name, entry.render())
            written.append(entry.name)
    pdfs = [entry for entry in files if entry.pdf]
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=len(pdfs) < 5,
    ) as progress:
        task = progress.add_task("PDF", total=len(pdfs))
        for entry in pdfs:
            write_bytes_atomically(output / entry.name, entry.render())
            written.append(entry.name)
            progress.advance(task)
    return written


def _levels(criteria: list[str], rubric: Rubric) -> tuple[dict[str, int], list[str]]:
    levels: dict[str, int] = {}
    messages: list[str] = []
    for text in criteria:
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not value.strip().isdigit():
            messages.append(
                _("« {text} » n'a pas la forme critère=niveau (par exemple {example}=2)").format(
                    text=text, example=rubric.criteria[0].id
                )
            )
            continue
        if name in levels:
            messages.append(_("le critère « {name} » est noté deux fois").format(name=name))
            continue
        levels[name] = int(value)
    if not messages:
        messages = check_grade(rubric, levels)
    return levels, messages


@app.command(
    "grade",
    help=N_(
        "Enregistrer la note d'une grille (requête de l06, charte de l15…) dans le fichier de "
        "progression d'une personne.\n\n"
        "Le fichier reçoit la note dans sa section « rubrics » (version 3) et une nouvelle "
        "empreinte ; il est réécrit d'un coup, tout le reste gardé. Une grille notée à nouveau "
        "remplace l'ancienne note."
    ),
)
def grade_command(
    path: ProgressFileArgument,
    rubric_id: RubricIdOption,
    criteria: CriteriaOption = None,
    grader: GraderOption = "",
    course_root: CourseRootOption = Path("."),
) -> None:
    """Record a rubric grade (l06 prompt, l15 charter…) in a learner's progress file.

    The file gets the grade in its « rubrics » section (version 3) and a new empreinte; it is
    rewritten atomically, everything else kept. A rubric graded again replaces the old grade.
    """
    console = Console(stderr=True, highlight=False, soft_wrap=True)

    def fail(message: str) -> typer.Exit:
        console.print(f"✗ {message}", markup=False)
        return typer.Exit(1)

    loaded_course = load_course(course_root)
    if loaded_course.course is None:
        console.print(format_problems(loaded_course.errors), markup=False)
        raise fail(_("le cours ne peut pas être lu ; lancez edukit depuis la racine du dépôt"))
    rubrics, problems = load_rubrics(course_root / RUBRICS_FOLDER)
    rubric = rubrics.get(rubric_id)
    if rubric is None:
        console.print(format_problems(problems), markup=False)
        known = ", ".join(sorted(rubrics)) or _("aucune")
        raise fail(
            _("la grille « {rubric} » n'existe pas dans {folder} (grilles : {known})").format(
                rubric=rubric_id, folder=RUBRICS_FOLDER.as_posix(), known=known
            )
        )
    if not grader.strip():
        raise fail(_('dites qui note : --grader "Prénom Nom"'))
    levels, messages = _levels(criteria or [], rubric)
    if messages:
        for message in messages:
            console.print(f"{path}: {message}", markup=False)
        raise fail(_("rien n'a été écrit ; corrigez la note et recommencez"))
    try:
        loaded = read_progress(path, course=loaded_course.course.id)
    except ProgressError as error:
        console.print(format_problems(error.problems), markup=False)
        raise fail(_("rien n'a été écrit")) from None
    if not loaded.verified:
        raise fail(
            _(
                "{path} : ce fichier vient d'une ancienne version du site et n'a pas d'empreinte ; "
                "demandez à la personne d'exporter à nouveau sa progression, puis notez ce fichier"
            ).format(path=path)
        )
    grade_record = RubricGrade(
        rubric=rubric.id, criteria=levels, grader=grader, graded=datetime.now(UTC)
    )
    kept = [g for g in loaded.progress.rubrics if g.rubric != rubric.id]
    progress = loaded.progress.model_copy(update={"rubrics": [*kept, grade_record]})
    data = json.dumps(progress.to_json_data(), ensure_ascii=False, indent=1) + "\n"
    try:
        write_bytes_atomically(path, data.encode("utf-8"))
    except OSError as error:
        raise fail(
            _("{path} : le fichier ne peut pas être écrit ({reason})").format(
                path=path, reason=error.strerror
            )
        ) from None
    points = sum(levels.values())
    recorded = _(
        "{learner} : grille « {rubric} » notée {points} sur {max_points}, enregistrée dans {path}"
    ).format(
        learner=progress.learner,
        rubric=rubric.id,
        points=points,
        max_points=rubric.max_points,
        path=path,
    )
    console.print(f"✓ {recorded}", markup=False)
