"""``edukit export gift`` and ``edukit export moodle-xml``: a bank (or a draw from it) for Moodle.

Problems in the bank print as ``path:line: what — how to fix`` lines and exit with 1. With
``-o`` the export is written to a temporary file beside the target, then renamed over it, so a
failed or interrupted export never replaces a good one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from edukit._problems import format_problems
from edukit.cli._app import app
from edukit.quiz import DrawError, Item, draw, load_bank, to_gift, to_moodle_xml

__all__ = ["export_app", "write_atomically"]

export_app = typer.Typer(
    help="Export a question bank to Moodle (GIFT or Moodle XML).", no_args_is_help=True
)
app.add_typer(export_app, name="export")

BankArgument = Annotated[
    Path, typer.Argument(help="A bank folder (exercises/<bank>) or one bank .yml file.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help="File to write; without it the export goes to standard output."
    ),
]
CountOption = Annotated[
    int | None,
    typer.Option("--count", min=1, help="Draw this many items at random (see --seed)."),
]
TagsOption = Annotated[
    list[str] | None,
    typer.Option("--tags", help="Keep items with one of these tags (repeat or use commas)."),
]
ObjectivesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--objectives", help="Keep items assessing one of these objectives (repeat or commas)."
    ),
]
DifficultyOption = Annotated[
    list[str] | None,
    typer.Option("--difficulty", help="Keep items of these difficulties, 1 to 3 (e.g. 1,2)."),
]
SeedOption = Annotated[
    int, typer.Option("--seed", help="Seed of the draw and of the order of ordering steps.")
]


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _levels(values: list[str] | None) -> list[int] | None:
    parts = _split(values)
    if not parts:
        return None
    if not all(part in ("1", "2", "3") for part in parts):
        raise typer.BadParameter("use 1, 2 or 3 (e.g. --difficulty 1,2)", param_hint="--difficulty")
    return [int(part) for part in parts]


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
        errors.print(f"✗ the bank has {len(problems)} problem(s); nothing was exported")
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
    errors.print(
        f"✓ {len(items)} question(s) of bank '{bank.id}' written to {output}", markup=False
    )


@export_app.command("gift")
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


@export_app.command("moodle-xml")
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
