"""``edukit privacy scan``: find personal data in a text before it is sent to a model.

Exit codes: 0 nothing found, 1 personal data found, 2 the input could not be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from edukit.cli._app import app
from edukit.llm import find_personal_data

__all__ = ["privacy_app"]

privacy_app = typer.Typer(
    help="Personal-data guard: find e-mails, phones, NIR, IBAN, cards, birth dates, addresses.",
    no_args_is_help=True,
)
app.add_typer(privacy_app, name="privacy")

SourceArgument = Annotated[
    str, typer.Argument(help="A UTF-8 text file to scan, or '-' for standard input.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the spans as JSON.")]


def _read(source: str) -> str:
    if source == "-":
        try:
            return sys.stdin.read()
        except UnicodeDecodeError:
            typer.echo(
                "<stdin>: the input is not UTF-8 text — convert it to UTF-8 and retry", err=True
            )
            raise typer.Exit(2) from None
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = f"{source}: no such file — check the path, or use '-' to read standard input"
    except IsADirectoryError:
        message = f"{source}: is a folder — give one text file"
    except UnicodeDecodeError:
        message = f"{source}: the file is not UTF-8 text — convert it to UTF-8 and retry"
    except OSError as error:
        message = f"{source}: cannot be read ({error.strerror}) — check its permissions"
    typer.echo(message, err=True)
    raise typer.Exit(2)


@privacy_app.command("scan")
def scan(source: SourceArgument = "-", as_json: JsonOption = False) -> None:
    """Scan a text for personal data; exit 1 when some is found."""
    text = _read(source)
    spans = find_personal_data(text)
    if as_json:
        payload = [
            {"type": s.type, "label": s.label, "start": s.start, "end": s.end, "text": s.text}
            for s in spans
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        console = Console()
        if spans:
            table = Table(title=f"Données personnelles trouvées : {len(spans)}")
            for column in ("type", "début", "fin", "texte"):
                table.add_column(column)
            for s in spans:
                table.add_row(s.label, str(s.start), str(s.end), s.text)
            console.print(table, markup=False, highlight=False)
        else:
            console.print("Aucune donnée personnelle détectée.", markup=False, highlight=False)
    raise typer.Exit(1 if spans else 0)
