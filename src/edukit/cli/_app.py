"""The root ``edukit`` Typer application; command modules register themselves on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="edukit",
    help="Check, build and export an edukit course.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
