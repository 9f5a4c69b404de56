"""``edukit check``, ``edukit plan`` and ``edukit new lesson``: the authoring commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from edukit._i18n import N_, _, ngettext
from edukit._problems import Problem, ProblemError, Severity, format_github, format_problems
from edukit.cli._app import app
from edukit.cli._folders import write_atomically
from edukit.course import COURSE_FILE, Course, format_duration, load_course, new_lesson
from edukit.course.plan import (
    VARIANTS_FILE,
    build_plan,
    build_variant_plan,
    load_variants,
    plan_csv,
    plan_markdown,
    variant_markdown,
)
from edukit.progress import rubric_problems
from edukit.project import inspect_project
from edukit.quiz import assessment_problems

__all__ = ["check", "new_lesson_command", "plan"]

new_app = typer.Typer(
    help=N_("Créer des fichiers de la formation à partir des modèles."), no_args_is_help=True
)
app.add_typer(new_app, name="new")

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help=N_("Racine du dépôt, le dossier qui contient courses/course.yml."),
        file_okay=False,
    ),
]


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _print_problems(console: Console, problems: list[Problem]) -> None:
    if problems:
        console.print(format_problems(problems), markup=False)


def _assessment(root: Path, banks: list[Path]) -> list[Problem]:
    """Bank quality, parallel test forms (warnings, and errors for a whole form) and rubrics."""
    load = load_course(root)
    competence_of = load.competences.by_objective if load.competences is not None else {}
    problems = assessment_problems([root / bank for bank in banks], competence_of, root=root)
    return [*problems, *rubric_problems(root, set(load.objective_lines))]


class ProblemFormat(StrEnum):
    TEXT = "text"
    GITHUB = "github"


@app.command(
    help=N_(
        "Vérifier la formation, ses leçons, ses banques de questions et ses exercices ; "
        "lister chaque problème.\n\n"
        "Sort avec le code 1 s'il y a une erreur ; des avertissements seuls ne font pas échouer."
    )
)
def check(
    root: RootOption = Path(),
    output_format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            help=N_(
                "« text » (une ligne par problème) ou « github » (annotations GitHub Actions)."
            ),
        ),
    ] = ProblemFormat.TEXT,
) -> None:
    """Check the course, its lessons, question banks and exercises; list every problem.

    Exits with 1 when there is an error; warnings alone do not fail.
    """
    console = _console()
    with console.status(_("Vérification de la formation…")):
        result = inspect_project(root)
        result.extend(_assessment(root, result.banks))
    if output_format is ProblemFormat.GITHUB and result.problems:
        console.print(format_github(result.problems), markup=False, crop=False)
    else:
        _print_problems(console, result.problems)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = len(result.problems) - errors
    lessons = len(result.course.lessons) if result.course else 0
    checked = _("{lessons}, {banks}, {exercises} vérifiés").format(
        lessons=ngettext("{n} leçon", "{n} leçons", lessons).format(n=lessons),
        banks=ngettext("{n} banque", "{n} banques", len(result.banks)).format(n=len(result.banks)),
        exercises=ngettext("{n} exercice", "{n} exercices", len(result.exercises)).format(
            n=len(result.exercises)
        ),
    )
    warned = ngettext("{n} avertissement", "{n} avertissements", warnings).format(n=warnings)
    if errors:
        failed = ngettext("{n} erreur", "{n} erreurs", errors).format(n=errors)
        console.print(f"[bold red]✗ {failed}[/], {warned} — {checked}")
        raise typer.Exit(1)
    style = "yellow" if warnings else "green"
    no_errors = _("aucune erreur")
    console.print(f"[bold {style}]✓ {no_errors}[/], {warned} — {checked}")


@app.command(
    help=N_(
        "Écrire le planning (jours, horaires, activités, pauses) dans plan.md et plan.csv.\n\n"
        "Avec --variant, les mêmes activités dans les séances de courses/variantes.yml, vérifiées."
    )
)
def plan(
    root: RootOption = Path(),
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help=N_("Dossier où écrire plan.md et plan.csv."),
            file_okay=False,
        ),
    ] = None,
    variant: Annotated[
        str | None,
        typer.Option(
            "--variant",
            help=N_(
                "Variante du plan définie dans courses/variantes.yml, par exemple "
                "« demi-journees » (six demi-journées de 3 h 30) ; écrit plan-ID.md et "
                "plan-ID.csv."
            ),
            metavar="ID",
        ),
    ] = None,
) -> None:
    """Write the timetable (days, times, activities, breaks) as plan.md and plan.csv.

    With --variant, the same activities in the sessions of courses/variantes.yml, checked.
    """
    console = _console()
    load = load_course(root)
    if load.course is None:
        _print_problems(console, load.problems)
        message = _("{file} est inutilisable ; aucun plan écrit").format(
            file=COURSE_FILE.as_posix()
        )
        console.print(f"[bold red]✗ {message}[/]")
        raise typer.Exit(1)
    folder = output if output is not None else root / "build" / "plan"
    if variant is not None:
        _write_variant(console, root, load.course, variant, folder)
        return
    rows = build_plan(load.course)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "plan.md").write_text(plan_markdown(load.course), encoding="utf-8")
        (folder / "plan.csv").write_text(plan_csv(rows), encoding="utf-8")
    except OSError as error:
        console.print(
            _(
                "{folder} : impossible d'écrire le plan ({reason}) — "
                "choisissez un autre dossier avec -o"
            ).format(folder=folder, reason=error.strerror),
            markup=False,
        )
        raise typer.Exit(1) from None
    days = max((row.day for row in rows), default=0)
    written = _("Plan de {duration} sur {days} écrit dans {markdown} et {table}").format(
        duration=format_duration(load.course.minutes),
        days=ngettext("{n} jour", "{n} jours", days).format(n=days),
        markdown=folder / "plan.md",
        table=folder / "plan.csv",
    )
    console.print(f"[green]✓[/] {written}")
    if load.errors:
        count = len(load.errors)
        warning = ngettext(
            "La formation a {n} erreur ; le plan peut être faux. "
            "Lancez [bold]edukit check[/] pour la voir.",
            "La formation a {n} erreurs ; le plan peut être faux. "
            "Lancez [bold]edukit check[/] pour les voir.",
            count,
        ).format(n=count)
        console.print(f"[yellow]{warning}[/]")


def _write_variant(console: Console, root: Path, course: Course, name: str, folder: Path) -> None:
    """``edukit plan --variant``: check the variant, then write plan-ID.md and plan-ID.csv."""
    variants, problems = load_variants(root)
    if problems:
        _print_problems(console, [p.relative_to(root) for p in problems])
        message = _("{file} a des erreurs ; aucun plan écrit").format(file=VARIANTS_FILE.as_posix())
        console.print(f"[bold red]✗ {message}[/]")
        raise typer.Exit(1)
    chosen = variants.get(name)
    if chosen is None:
        known = ", ".join(sorted(variants)) or _("aucune")
        missing = _("La variante « {name} » n'existe pas dans {file}").format(
            name=name, file=VARIANTS_FILE.as_posix()
        )
        known_text = _("variantes connues : {known}").format(known=known)
        console.print(f"[bold red]✗ {missing}[/] ({known_text}).")
        raise typer.Exit(1)
    plan = build_variant_plan(course, chosen)
    _print_problems(console, [p.relative_to(root) for p in plan.problems])
    if plan.errors:
        message = _("La variante « {name} » n'est pas exacte ; aucun plan écrit").format(name=name)
        console.print(f"[bold red]✗ {message}[/]")
        raise typer.Exit(1)
    markdown, table = folder / f"plan-{name}.md", folder / f"plan-{name}.csv"
    try:
        write_atomically(markdown, variant_markdown(course, plan))
        write_atomically(table, plan_csv(plan.rows, period=chosen.period))
    except OSError as error:
        console.print(
            _(
                "{folder} : impossible d'écrire le plan ({reason}) — "
                "choisissez un autre dossier avec -o"
            ).format(folder=folder, reason=error.strerror),
            markup=False,
        )
        raise typer.Exit(1) from None
    sessions = max((row.day for row in plan.rows), default=0)
    written = _(
        "Plan « {name} » : {duration} en {sessions} × {session} ({period}s), "
        "écrit dans {markdown} et {table}"
    ).format(
        name=name,
        duration=format_duration(course.minutes),
        sessions=sessions,
        session=format_duration(chosen.schedule.day_minutes),
        period=chosen.period.lower(),
        markdown=markdown,
        table=table,
    )
    console.print(f"[green]✓[/] {written}", markup=True)


@new_app.command(
    "lesson",
    help=N_("Créer une leçon à partir du modèle et l'ajouter à son module dans course.yml."),
)
def new_lesson_command(
    module: Annotated[
        str, typer.Argument(help=N_("Identifiant du module, comme dans course.yml."))
    ],
    title: Annotated[str, typer.Argument(help=N_("Titre de la leçon, en français."))],
    minutes: Annotated[
        int, typer.Option("--minutes", min=1, help=N_("Durée de la première activité, en minutes."))
    ] = 30,
    root: RootOption = Path(),
) -> None:
    """Create a lesson file from the template and add it to its module in course.yml."""
    console = _console()
    try:
        created = new_lesson(root, module, title, minutes=minutes)
    except ProblemError as error:
        _print_problems(console, error.problems)
        raise typer.Exit(1) from None
    wrote = _("{path} écrit, et « {id} » ajouté au module « {module} » dans {file}.").format(
        path=created.path.as_posix(),
        id=created.id,
        module=created.module_id,
        file=COURSE_FILE.as_posix(),
    )
    console.print(f"[green]✓[/] {wrote}")
    load = load_course(root)
    own = [
        p for p in load.problems if Path(p.path) == created.path and p.severity is Severity.ERROR
    ]
    _print_problems(console, own)
    if load.course is not None:
        total, duration = load.course.minutes, load.course.duration
        gap = total - duration
        if gap:
            message = (
                _(
                    "Le plan totalise maintenant {total} min ({total_text}) pour une formation "
                    "de {duration} min ({duration_text}) : {gap} min de trop. Ajustez les "
                    "minutes des activités, puis lancez [bold]edukit check[/]."
                )
                if gap > 0
                else _(
                    "Le plan totalise maintenant {total} min ({total_text}) pour une formation "
                    "de {duration} min ({duration_text}) : il manque {gap} min. Ajustez les "
                    "minutes des activités, puis lancez [bold]edukit check[/]."
                )
            )
            console.print(
                message.format(
                    total=total,
                    total_text=format_duration(total),
                    duration=duration,
                    duration_text=format_duration(duration),
                    gap=abs(gap),
                )
            )
    console.print(_("Remplissez chaque « À écrire » du nouveau fichier (voir CONTRIBUTING.md)."))
