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

from edukit._i18n import N_, _
from edukit.cli._app import app
from edukit.llm import find_personal_data

__all__ = ["privacy_app"]

privacy_app = typer.Typer(
    help=N_(
        "Garde des données personnelles : trouver courriels, téléphones, NIR, IBAN, cartes, "
        "dates de naissance, adresses."
    ),
    no_args_is_help=True,
)
app.add_typer(privacy_app, name="privacy")

SourceArgument = Annotated[
    str,
    typer.Argument(help=N_("Un fichier texte UTF-8 à examiner, ou « - » pour l'entrée standard.")),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help=N_("Afficher les passages trouvés en JSON."))
]


def _read(source: str) -> str:
    if source == "-":
        try:
            return sys.stdin.read()
        except UnicodeDecodeError:
            typer.echo(
                _(
                    "<stdin> : l'entrée n'est pas du texte UTF-8 — "
                    "convertissez-la en UTF-8 et recommencez"
                ),
                err=True,
            )
            raise typer.Exit(2) from None
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = _(
            "{source} : ce fichier n'existe pas — vérifiez le chemin, "
            "ou donnez « - » pour lire l'entrée standard"
        ).format(source=source)
    except IsADirectoryError:
        message = _("{source} : c'est un dossier — donnez un fichier texte").format(source=source)
    except UnicodeDecodeError:
        message = _(
            "{source} : le fichier n'est pas du texte UTF-8 — "
            "convertissez-le en UTF-8 et recommencez"
        ).format(source=source)
    except OSError as error:
        message = _(
            "{source} : lecture impossible ({reason}) — vérifiez ses droits d'accès"
        ).format(source=source, reason=error.strerror)
    typer.echo(message, err=True)
    raise typer.Exit(2)


@privacy_app.command(
    "scan",
    help=N_("Chercher des données personnelles dans un texte ; sortir avec le code 1 s'il y en a."),
)
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
            table = Table(
                title=_("Données personnelles trouvées : {count}").format(count=len(spans))
            )
            for column in (_("type"), _("début"), _("fin"), _("texte")):
                table.add_column(column)
            for s in spans:
                table.add_row(s.label, str(s.start), str(s.end), s.text)
            console.print(table, markup=False, highlight=False)
        else:
            console.print(_("Aucune donnée personnelle détectée."), markup=False, highlight=False)
    raise typer.Exit(1 if spans else 0)
