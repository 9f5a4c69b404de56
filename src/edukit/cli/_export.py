"""``edukit export``: the course for Moodle.

- ``gift`` and ``moodle-xml``: a bank (or a draw from it);
- ``scorm``: the site as one SCORM 1.2 package (:mod:`edukit.site.scorm`);
- ``moodle-bundle``: every bank as GIFT and Moodle XML, by module, with the positioning test
  and the final evaluation as ready-made categories, and a README in French.

Problems print as ``path:line: what — how to fix`` lines and exit with 1. Outputs are written
to a temporary file (or folder) beside the target, then renamed over it, so a failed or
interrupted export never replaces a good one nor leaves half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from edukit._i18n import N_, _, ngettext
from edukit._problems import Problem, ProblemError, Severity, format_problems
from edukit.cli._app import app
from edukit.cli._folders import (
    FOLDER_MODE,
    counted_progress,
    refuse_foreign_folder,
    write_atomically,
    write_folder_atomically,
)
from edukit.course import Course
from edukit.quiz import (
    BUNDLE_MARK,
    DrawError,
    Item,
    MoodleBundle,
    bundle_readme,
    bundle_texts,
    draw,
    load_bank,
    plan_moodle_bundle,
    to_gift,
    to_moodle_xml,
)

if TYPE_CHECKING:  # the packager imports MkDocs: only load it when used
    from edukit.site.scorm import PackageContent, QuizInfo, ScormPackage

__all__ = [
    "BUNDLE_MARK",
    "export_app",
    "export_moodle_bundle",
    "export_scorm",
    "write_atomically",
]

export_app = typer.Typer(
    help=N_(
        "Exporter vers Moodle : banques (GIFT, XML Moodle), un paquet de toutes les banques, "
        "un paquet SCORM 1.2."
    ),
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

BankArgument = Annotated[
    Path,
    typer.Argument(
        help=N_("Un dossier de banque (exercises/<banque>) ou un fichier .yml de banque.")
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help=N_("Fichier à écrire ; sans lui, l'export va sur la sortie standard."),
    ),
]
CountOption = Annotated[
    int | None,
    typer.Option(
        "--count", min=1, help=N_("Tirer ce nombre de questions au hasard (voir --seed).")
    ),
]
TagsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tags",
        help=N_(
            "Garder les questions qui ont une de ces étiquettes (répétez l'option ou "
            "séparez par des virgules)."
        ),
    ),
]
ObjectivesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--objectives",
        help=N_(
            "Garder les questions qui évaluent un de ces objectifs (répétez l'option ou "
            "séparez par des virgules)."
        ),
    ),
]
DifficultyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--difficulty",
        help=N_("Garder les questions de ces difficultés, de 1 à 3 (par exemple 1,2)."),
    ),
]
SeedOption = Annotated[
    int,
    typer.Option(
        "--seed", help=N_("Graine du tirage et de l'ordre des étapes à remettre en ordre.")
    ),
]


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _levels(values: list[str] | None) -> list[int] | None:
    parts = _split(values)
    if not parts:
        return None
    if not all(part in ("1", "2", "3") for part in parts):
        raise typer.BadParameter(
            _("utilisez 1, 2 ou 3 (par exemple --difficulty 1,2)"), param_hint="--difficulty"
        )
    return [int(part) for part in parts]


def _export(
    exporter: Callable[..., str],
    bank_path: Path,
    output: Path | None,
    count: int | None,
    tags: list[str] | None,
    objectives: list[str] | None,
    difficulty: list[str] | None,
    seed: int,
) -> None:
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    bank, problems = load_bank(bank_path)
    if problems or bank is None:
        cwd = Path.cwd()
        errors.print(format_problems(p.relative_to(cwd) for p in problems), markup=False)
        failed = ngettext(
            "la banque a {n} problème ; rien n'a été exporté",
            "la banque a {n} problèmes ; rien n'a été exporté",
            len(problems),
        ).format(n=len(problems))
        errors.print(f"✗ {failed}")
        raise typer.Exit(1)
    tag_list, objective_list, levels = _split(tags), _split(objectives), _levels(difficulty)
    items: list[Item] = bank.items
    if count is not None or tag_list or objective_list or levels:
        try:
            items = draw(
                bank,
                count=count,
                tags=tag_list,
                objectives=objective_list,
                difficulty=levels,
                seed=seed,
            )
        except DrawError as error:
            errors.print(f"✗ {error}", markup=False)
            raise typer.Exit(1) from None
        if count is None:  # a filter alone keeps the bank's order
            order = {item.id: index for index, item in enumerate(bank.items)}
            items.sort(key=lambda item: order[item.id])
    text = exporter(bank, items, seed=seed)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_atomically(output, text)
    written = ngettext(
        "{n} question de la banque « {bank} » écrite dans {output}",
        "{n} questions de la banque « {bank} » écrites dans {output}",
        len(items),
    ).format(n=len(items), bank=bank.id, output=output)
    errors.print(f"✓ {written}", markup=False)


@export_app.command(
    "gift",
    help=N_(
        "Exporter une banque, ou un tirage, en texte GIFT "
        "(Moodle : Banque de questions → Importer → GIFT)."
    ),
)
def gift(
    bank: BankArgument,
    output: OutputOption = None,
    count: CountOption = None,
    tags: TagsOption = None,
    objectives: ObjectivesOption = None,
    difficulty: DifficultyOption = None,
    seed: SeedOption = 0,
) -> None:
    """Export a bank, or a draw from it, as GIFT text (Moodle: Question bank → Import → GIFT)."""
    _export(to_gift, bank, output, count, tags, objectives, difficulty, seed)


@export_app.command(
    "moodle-xml",
    help=N_(
        "Exporter une banque, ou un tirage, en XML Moodle "
        "(Banque de questions → Importer → XML Moodle)."
    ),
)
def moodle_xml(
    bank: BankArgument,
    output: OutputOption = None,
    count: CountOption = None,
    tags: TagsOption = None,
    objectives: ObjectivesOption = None,
    difficulty: DifficultyOption = None,
    seed: SeedOption = 0,
) -> None:
    """Export a bank, or a draw from it, as Moodle XML (Question bank → Import → Moodle XML)."""
    _export(to_moodle_xml, bank, output, count, tags, objectives, difficulty, seed)


# -- SCORM 1.2 package --------------------------------------------------------------------------

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help=N_("Racine du dépôt, le dossier qui contient mkdocs.yml et courses/."),
        file_okay=False,
    ),
]


def _checked_course(root: Path, console: Console) -> Course:
    from edukit.project import inspect_project

    with console.status(_("Vérification de la formation…")):
        check = inspect_project(root)
    errors = [problem for problem in check.problems if problem.severity is Severity.ERROR]
    if errors:
        raise ProblemError([problem.relative_to(Path.cwd()) for problem in errors])
    if check.course is None:
        raise ProblemError(check.errors)
    return check.course


def _build_scorm_site(
    root: Path,
    site_dir: Path,
    content: PackageContent,
    course: Course,
    *,
    mastery_score: int | None,
    console: Console,
) -> tuple[list[str], list[QuizInfo]]:
    """Build the site for SCORM into ``site_dir`` and finish it; its files and tracked quizzes.

    Raises
    ------
    BuildFailed
        MkDocs stopped (its messages have been shown).
    """
    from mkdocs.commands.build import build as mkdocs_build

    from edukit.cli._build import mkdocs_progress
    from edukit.site.scorm import finish_site, scorm_config

    with mkdocs_progress(console, _("SCORM : configuration")) as describe:
        config = scorm_config(root, site_dir, content, course, execute_notebooks=False)
        mkdocs_build(config)
        describe(_("SCORM : manifeste et adaptateur"))
        return finish_site(site_dir, content, lang=course.language, mastery_score=mastery_score)


def export_scorm(
    root: Path,
    output: Path,
    *,
    module: str | None = None,
    mastery_score: int | None = None,
    trainer: bool = False,
    console: Console | None = None,
    execute: bool = True,
) -> ScormPackage:
    """Build the site for SCORM and write it as one SCORM 1.2 zip (see :mod:`edukit.site.scorm`).

    ``execute`` runs the notebooks first (cached, with progress); without it the build uses
    what ``build/notebooks/`` holds. ``trainer`` keeps the trainer notes and guides, which a
    learner's package leaves out.

    Raises
    ------
    ProblemError
        The course has errors, the module does not exist, a notebook fails, or a page would
        load something from another host.
    BuildFailed
        MkDocs stopped (its messages have been shown).
    """
    from edukit.cli._build import run_notebooks
    from edukit.site.scorm import ScormPackage, package_content, write_zip

    console = console or Console(stderr=True, highlight=False, soft_wrap=True)
    root = root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise ProblemError(
            [
                Problem(
                    root / "mkdocs.yml",
                    None,
                    _("le fichier n'existe pas"),
                    _("lancez edukit depuis la racine du dépôt, ou donnez --root"),
                )
            ]
        )
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    course = _checked_course(root, console)
    content = package_content(course, module, trainer=trainer)
    if execute:
        run_notebooks(root, console)
    with tempfile.TemporaryDirectory(prefix="edukit-scorm-") as temporary:
        site_dir = Path(temporary) / "package"
        files, quizzes = _build_scorm_site(
            root, site_dir, content, course, mastery_score=mastery_score, console=console
        )
        with counted_progress(console) as progress:
            task = progress.add_task(_("SCORM : archive"), total=len(files))
            size = write_zip(site_dir, output, on_file=lambda _name: progress.advance(task))
    return ScormPackage(path=output, files=files, size=size, quizzes=quizzes)


@export_app.command(
    "scorm",
    help=N_(
        "Construire le site en un paquet SCORM 1.2 pour Moodle (score, statut et reprise).\n\n"
        "Les paquets des apprenants ne contiennent ni notes ni guides du formateur ; "
        "--trainer les garde."
    ),
)
def scorm(
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help=N_("Le fichier .zip à écrire (Moodle : Ajouter → SCORM).")
        ),
    ],
    module: Annotated[
        str | None,
        typer.Option(
            "--module",
            help=N_("Empaqueter un seul module (son identifiant dans course.yml) au lieu de tous."),
        ),
    ] = None,
    mastery_score: Annotated[
        int | None,
        typer.Option(
            "--mastery-score",
            min=0,
            max=100,
            help=N_(
                "Score (0 à 100) qui rend un paquet terminé « passed » (réussi) "
                "plutôt que « failed » (échoué)."
            ),
        ),
    ] = None,
    trainer: Annotated[
        bool,
        typer.Option(
            "--trainer",
            help=N_(
                "Un paquet pour le seul usage du formateur : avec les notes et les guides du "
                "formateur (à ne jamais donner aux apprenants)."
            ),
        ),
    ] = False,
    root: RootOption = Path(),
) -> None:
    """Build the site as one SCORM 1.2 package for Moodle (score, status and resume).

    Learner packages hold no trainer notes nor trainer guides; ``--trainer`` keeps them."""
    from edukit.cli._build import BuildFailed

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        package = export_scorm(
            root,
            output,
            module=module,
            mastery_score=mastery_score,
            trainer=trainer,
            console=console,
        )
    except BuildFailed:
        console.print("[bold red]✗ " + _("la construction du paquet SCORM a échoué") + "[/]")
        raise typer.Exit(1) from None
    what = _("module {module}").format(module=module) if module else _("formation complète")
    if trainer:
        what += _(", version formateur : à ne pas donner aux apprenants")
    quizzes = ngettext("{n} quiz suivi", "{n} quiz suivis", len(package.quizzes)).format(
        n=len(package.quizzes)
    )
    written = _(
        "paquet SCORM 1.2 ({what}) écrit dans {output} : {files} fichiers, {size:.1f} Mo, {quizzes}"
    ).format(
        what=what,
        output=output,
        files=len(package.files),
        size=package.size / 1_000_000,
        quizzes=quizzes,
    )
    console.print(f"[green]✓[/] {written}")


# -- Moodle bundle ------------------------------------------------------------------------------


def export_moodle_bundle(
    root: Path, output: Path, *, seed: int = 0, console: Console | None = None
) -> MoodleBundle:
    """Write every bank as GIFT and Moodle XML, module by module, the two tests and a README.

    The layout is :func:`edukit.quiz.plan_moodle_bundle`'s, plus ``LISEZMOI.md``. The bundle is
    written into a temporary folder beside ``output`` and renamed into place; an existing
    ``output`` is replaced only when it is an earlier edukit bundle (or empty).
    """
    console = console or Console(stderr=True, highlight=False, soft_wrap=True)
    root = root.resolve()
    output = Path(output)
    refuse_foreign_folder(
        output,
        BUNDLE_MARK,
        _("le dossier existe et n'est pas un paquet Moodle d'edukit"),
        _("donnez un dossier nouveau ou vide (un paquet précédent est remplacé)"),
    )
    course = _checked_course(root, console)
    bundle = plan_moodle_bundle(course, root, output)

    def write(folder: Path) -> None:
        write_atomically(folder / BUNDLE_MARK, "edukit moodle-bundle\n")
        for entry in bundle.files:
            target = folder / entry.folder if entry.folder else folder
            target.mkdir(parents=True, exist_ok=True)
            target.chmod(FOLDER_MODE)
            gift_text, xml_text = bundle_texts(entry, language=course.language, seed=seed)
            write_atomically(target / f"{entry.name}.gift", gift_text)
            write_atomically(target / f"{entry.name}.xml", xml_text)
        write_atomically(folder / "LISEZMOI.md", bundle_readme(course, bundle))

    with console.status(_("Écriture du paquet Moodle…")):
        write_folder_atomically(output, write)
    return bundle


@export_app.command(
    "moodle-bundle",
    help=N_(
        "Toutes les banques en GIFT et en XML Moodle, par module, avec le test de "
        "positionnement et l'évaluation finale en catégories Moodle, et un LISEZMOI en français."
    ),
)
def moodle_bundle(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help=N_("Dossier à écrire (nouveau, vide, ou un paquet précédent)."),
        ),
    ],
    seed: SeedOption = 0,
    root: RootOption = Path(),
) -> None:
    """Every bank as GIFT and Moodle XML by module, plus the positioning test and the final
    evaluation as Moodle categories, with a README in French."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    bundle = export_moodle_bundle(root, output, seed=seed, console=console)
    counts = {tag: len(e.items) for e in bundle.files if e.folder == "tests" for tag in [e.name]}
    written = _(
        "{files} fichiers écrits dans {output} (positionnement : {positioning} questions, "
        "évaluation finale : {final} questions)"
    ).format(
        files=len(bundle.written()),
        output=output,
        positioning=counts.get("positionnement", 0),
        final=counts.get("evaluation-finale", 0),
    )
    console.print(f"[green]✓[/] {written}")
