"""``edukit check``, ``edukit plan`` and ``edukit new lesson``: the authoring commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from edukit._problems import Problem, ProblemError, Severity, format_github, format_problems
from edukit.cli._app import app
from edukit.cli._export import write_atomically
from edukit.course import COURSE_FILE, Course, load_course
from edukit.course._scaffold import new_lesson
from edukit.course._time import format_duration
from edukit.course.plan import (
    VARIANTS_FILE,
    build_plan,
    build_variant_plan,
    load_variants,
    plan_csv,
    plan_markdown,
    variant_markdown,
)
from edukit.progress._rubrics import rubric_problems
from edukit.project import inspect_project
from edukit.quiz._forms import assessment_problems

__all__ = ["check", "new_lesson_command", "plan"]

new_app = typer.Typer(help="Create course files from the templates.", no_args_is_help=True)
app.add_typer(new_app, name="new")

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help="Repository root, the folder that holds courses/course.yml.",
        file_okay=False,
    ),
]


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _print_problems(console: Console, problems: list[Problem]) -> None:
    if problems:
        console.print(format_problems(problems), markup=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _assessment(root: Path, banks: list[Path]) -> list[Problem]:
    """Bank quality, parallel test forms (warnings, and errors for a whole form) and rubrics."""
    load = load_course(root)
    competence_of = load.competences.by_objective if load.competences is not None else {}
    problems = assessment_problems([root / bank for bank in banks], competence_of, root=root)
    return [*problems, *rubric_problems(root, set(load.objective_lines))]


class ProblemFormat(StrEnum):
    TEXT = "text"
    GITHUB = "github"


@app.command()
def check(
    root: RootOption = Path(),
    output_format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            help="« text » (une ligne par problème) ou « github » (annotations GitHub Actions).",
        ),
    ] = ProblemFormat.TEXT,
) -> None:
    """Check the course, its lessons, question banks and exercises; list every problem.

    Exits with 1 when there is an error; warnings alone do not fail.
    """
    console = _console()
    with console.status("Checking the course…"):
        result = inspect_project(root)
        result.extend(_assessment(root, result.banks))
    if output_format is ProblemFormat.GITHUB and result.problems:
        console.print(format_github(result.problems), markup=False, crop=False)
    else:
        _print_problems(console, result.problems)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = len(result.problems) - errors
    lessons = len(result.course.lessons) if result.course else 0
    checked = (
        f"{_plural(lessons, 'lesson')}, {_plural(len(result.banks), 'bank')}, "
        f"{_plural(len(result.exercises), 'exercise')} checked"
    )
    if errors:
        console.print(
            f"[bold red]✗ {_plural(errors, 'error')}[/], {_plural(warnings, 'warning')} — {checked}"
        )
        raise typer.Exit(1)
    style = "yellow" if warnings else "green"
    console.print(f"[bold {style}]✓ no errors[/], {_plural(warnings, 'warning')} — {checked}")


@app.command()
def plan(
    root: RootOption = Path(),
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Folder for plan.md and plan.csv.", file_okay=False),
    ] = None,
    variant: Annotated[
        str | None,
        typer.Option(
            "--variant",
            help=(
                "Variante du plan définie dans courses/variantes.yml, par exemple "
                "« demi-journees » (six demi-journées de 3 h 30) ; écrit plan-ID.md et "
                "plan-ID.csv. / A plan variant from courses/variantes.yml."
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
        console.print(f"[bold red]✗ {COURSE_FILE.as_posix()} cannot be used; no plan written[/]")
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
            f"{folder}: cannot write the plan ({error.strerror}) — choose another folder with -o",
            markup=False,
        )
        raise typer.Exit(1) from None
    days = max((row.day for row in rows), default=0)
    console.print(
        f"[green]✓[/] Plan of {format_duration(load.course.minutes)} over "
        f"{_plural(days, 'day')} written to {folder / 'plan.md'} and {folder / 'plan.csv'}",
    )
    if load.errors:
        console.print(
            f"[yellow]The course has {_plural(len(load.errors), 'error')}; the plan may be "
            "wrong. Run [bold]edukit check[/] to see them.[/]"
        )


def _write_variant(console: Console, root: Path, course: Course, name: str, folder: Path) -> None:
    """``edukit plan --variant``: check the variant, then write plan-ID.md and plan-ID.csv."""
    variants, problems = load_variants(root)
    if problems:
        _print_problems(console, [p.relative_to(root) for p in problems])
        console.print(f"[bold red]✗ {VARIANTS_FILE.as_posix()} a des erreurs ; aucun plan écrit[/]")
        raise typer.Exit(1)
    chosen = variants.get(name)
    if chosen is None:
        known = ", ".join(sorted(variants)) or "aucune"
        console.print(
            f"[bold red]✗ La variante « {name} » n'existe pas dans {VARIANTS_FILE.as_posix()}[/] "
            f"(variantes connues : {known}).",
        )
        raise typer.Exit(1)
    plan = build_variant_plan(course, chosen)
    _print_problems(console, [p.relative_to(root) for p in plan.problems])
    if plan.errors:
        console.print(f"[bold red]✗ La variante « {name} » n'est pas exacte ; aucun plan écrit[/]")
        raise typer.Exit(1)
    markdown, table = folder / f"plan-{name}.md", folder / f"plan-{name}.csv"
    try:
        write_atomically(markdown, variant_markdown(course, plan))
        write_atomically(table, plan_csv(plan.rows, period=chosen.period))
    except OSError as error:
        console.print(
            f"{folder} : impossible d'écrire le plan ({error.strerror}) — "
            "choisissez un autre dossier avec -o",
            markup=False,
        )
        raise typer.Exit(1) from None
    sessions = max((row.day for row in plan.rows), default=0)
    console.print(
        f"[green]✓[/] Plan « {name} » : {format_duration(course.minutes)} en {sessions} × "
        f"{format_duration(chosen.schedule.day_minutes)} ({chosen.period.lower()}s), "
        f"écrit dans {markdown} et {table}",
        markup=True,
    )


@new_app.command("lesson")
def new_lesson_command(
    module: Annotated[str, typer.Argument(help="Id of the module, as in course.yml.")],
    title: Annotated[str, typer.Argument(help="Title of the lesson, in French.")],
    minutes: Annotated[
        int, typer.Option("--minutes", min=1, help="Minutes of the first activity.")
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
    console.print(
        f"[green]✓[/] Wrote {created.path.as_posix()} and added '{created.id}' to module "
        f"'{created.module_id}' in {COURSE_FILE.as_posix()}."
    )
    load = load_course(root)
    own = [
        p for p in load.problems if Path(p.path) == created.path and p.severity is Severity.ERROR
    ]
    _print_problems(console, own)
    if load.course is not None:
        total, duration = load.course.minutes, load.course.duration
        gap = total - duration
        if gap:
            console.print(
                f"The plan now sums to {total} min ({format_duration(total)}) for a course of "
                f"{duration} min ({format_duration(duration)}): {abs(gap)} min "
                f"{'too many' if gap > 0 else 'short'}. Adjust the activities' minutes, then "
                "run [bold]edukit check[/]."
            )
    console.print("Fill in every « À écrire » of the new file (see CONTRIBUTING.md).")
