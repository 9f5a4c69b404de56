"""``edukit classroom``: the trainer's laptop serves the built site to the room.

It prints the address, the room code, the trainer's link and a QR code, then shows who is
connected, live. Learners join with the code and a pseudonym; their progress is kept in a SQLite
database in the folder the trainer chooses; the model, if any, is reached through the server so
that no key reaches a browser. ``--purge`` deletes everything of the room.
"""

from __future__ import annotations

import io
import logging
import re
import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table

from edukit._i18n import N_, _
from edukit.cli._app import app

if TYPE_CHECKING:
    import uvicorn

    from edukit.classroom import ModelInfo, Room, Store
    from edukit.cli._classroom_app import Backend, ClassroomConfig

__all__ = ["classroom", "lan_address", "parse_model"]

DEFAULT_PORT = 8000


def lan_address() -> str:
    """This computer's address on the local network (no packet is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def parse_model(text: str) -> tuple[str, str]:
    """``ollama:llama3.2`` → ``("ollama", "llama3.2")``; the provider must be a known preset.

    >>> parse_model("mistral:mistral-small-latest")
    ('mistral', 'mistral-small-latest')
    """
    from edukit.llm import PROVIDERS

    provider, sep, model = text.partition(":")
    if not sep or not model or provider not in PROVIDERS:
        raise typer.BadParameter(
            _(
                "« {text} » : écrivez fournisseur:modèle, avec un fournisseur parmi {names} "
                "(par exemple ollama:llama3.2), ou utilisez --url-modele et --nom-modele"
            ).format(text=text, names=", ".join(PROVIDERS))
        )
    return provider, model


def _parameters(model: str) -> float | None:
    """The size of an open model from its name (``llama3.2:3b`` → 3.0), when it says it."""
    match = re.search(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[bB](?![a-zA-Z])", model)
    return float(match.group(1)) if match else None


def _learners_table(room: object) -> Table:
    from edukit.classroom import Room

    assert isinstance(room, Room)
    table = Table(title=_("Personnes dans la salle"), expand=False)
    table.add_column(_("Pseudonyme"))
    table.add_column(_("Connectée"))
    table.add_column(_("Leçon ou page"))
    learners = room.store.learners()
    for learner in learners:
        table.add_row(
            learner.pseudo,
            _("oui") if room.connected(learner) else _("non"),
            learner.lesson or learner.page or "—",
        )
    if not learners:
        table.add_row(_("(personne pour l'instant)"), "", "")
    return table


_Host = Annotated[
    str | None,
    typer.Option(
        "--host",
        help=N_("Adresse d'écoute (par défaut : l'adresse de cet ordinateur sur le réseau)."),
    ),
]
_Port = Annotated[int, typer.Option("--port", help=N_("Port d'écoute."))]
_SiteDir = Annotated[
    Path,
    typer.Option(
        "--site-dir", "-d", help=N_("Site construit à servir (edukit build)."), file_okay=False
    ),
]
_DataDir = Annotated[
    Path,
    typer.Option(
        "--donnees",
        help=N_("Dossier des données de la salle (base SQLite, dossiers Qualiopi)."),
        file_okay=False,
    ),
]
_CourseRoot = Annotated[
    Path,
    typer.Option("--course-root", help=N_("Racine du dépôt du cours."), file_okay=False),
]
_Model = Annotated[
    str | None,
    typer.Option(
        "--modele",
        help=N_(
            "Modèle à partager, fournisseur:modèle (ollama:llama3.2, llamacpp:local, "
            "albert:…, mistral:mistral-small-latest, openai:gpt-4o-mini)."
        ),
    ),
]
_ModelUrl = Annotated[
    str | None,
    typer.Option("--url-modele", help=N_("URL d'un service compatible OpenAI (…/v1).")),
]
_ModelName = Annotated[
    str | None,
    typer.Option("--nom-modele", help=N_("Nom du modèle pour --url-modele.")),
]
_KeyEnv = Annotated[
    str | None,
    typer.Option(
        "--cle-env",
        help=N_("Variable d'environnement (ou ligne de .env) qui contient la clé d'API."),
    ),
]
_Parameters = Annotated[
    float | None,
    typer.Option(
        "--parametres",
        help=N_("Taille du modèle ouvert en milliards de paramètres (estimation d'énergie)."),
    ),
]
_Name = Annotated[str, typer.Option("--nom", help=N_("Nom de la salle affiché aux personnes."))]
_Code = Annotated[
    str | None,
    typer.Option("--code", help=N_("Code de la salle (par défaut : tiré au hasard).")),
]
_Retention = Annotated[
    int,
    typer.Option(
        "--retention",
        min=1,
        max=3650,
        help=N_("Jours de conservation après la dernière connexion d'une personne."),
    ),
]
_TokensPerDay = Annotated[
    int,
    typer.Option(
        "--jetons-par-jour", min=100, help=N_("Budget de jetons par personne et par jour.")
    ),
]
_RequestsPerMinute = Annotated[
    int,
    typer.Option(
        "--requetes-par-minute",
        min=1,
        help=N_("Requêtes au modèle par personne et par minute."),
    ),
]
_AttestationFields = Annotated[
    Path | None,
    typer.Option(
        "--attestation-fields",
        help=N_("Champs de l'organisme (YAML) pour les attestations du dossier Qualiopi."),
        dir_okay=False,
    ),
]
_Purge = Annotated[
    bool,
    typer.Option("--purge", help=N_("Effacer toutes les données de la salle, puis quitter.")),
]
_Yes = Annotated[
    bool, typer.Option("--oui", help=N_("Ne pas demander de confirmation pour --purge."))
]
_Live = Annotated[
    bool,
    typer.Option("--live/--no-live", help=N_("Tableau des personnes en direct dans le terminal.")),
]


@app.command(
    "classroom",
    help=N_(
        "Servir le site à la salle : adresse et code QR, code de la salle, suivi des "
        "personnes, modèle de langue partagé sans clé dans les navigateurs."
    ),
)
def classroom(
    host: _Host = None,
    port: _Port = DEFAULT_PORT,
    site_dir: _SiteDir = Path("site"),
    data_dir: _DataDir = Path("salle-donnees"),
    course_root: _CourseRoot = Path("."),
    model: _Model = None,
    model_url: _ModelUrl = None,
    model_name: _ModelName = None,
    key_env: _KeyEnv = None,
    parameters: _Parameters = None,
    name: _Name = "Salle de formation",
    code: _Code = None,
    retention: _Retention = 30,
    tokens_per_day: _TokensPerDay = 40_000,
    requests_per_minute: _RequestsPerMinute = 12,
    attestation_fields: _AttestationFields = None,
    purge: _Purge = False,
    yes: _Yes = False,
    live: _Live = True,
) -> None:
    console = Console(highlight=False, soft_wrap=True)
    from edukit.classroom import Limits, Room

    if purge:
        _purge(console, data_dir, yes)
        return
    if not (site_dir / "index.html").is_file():
        console.print(
            _(
                "✗ {folder} : pas de site construit ici — lancez « edukit build », ou donnez "
                "le dossier avec --site-dir"
            ).format(folder=site_dir),
            markup=False,
        )
        raise typer.Exit(1)

    from edukit.cli._classroom_app import ClassroomConfig
    from edukit.course import load_course

    backend, info = _backend(console, model, model_url, model_name, key_env, parameters)
    loaded = load_course(course_root)
    store = _open_store(console, data_dir)
    room = Room(
        store,
        loaded.course.id if loaded.course is not None else "cours",
        name=name,
        retention_days=retention,
        limits=Limits(requests_per_minute=requests_per_minute, tokens_per_day=tokens_per_day),
        model=info,
        code=code or "",
    )
    forgotten = room.purge_expired()
    bind = host or lan_address()
    address = f"http://{bind}:{port}/"
    config = ClassroomConfig(
        room=room,
        site_dir=site_dir,
        address=address,
        backend=backend,
        course_root=course_root,
        attestation_fields=attestation_fields,
    )
    server = _server(config, bind, port)
    _announce(console, config, forgotten, retention)
    _serve(console, server, room, live)
    if not server.started:
        console.print(
            _("✗ le serveur n'a pas pu démarrer sur {host}:{port} (port déjà utilisé ?)").format(
                host=bind, port=port
            ),
            markup=False,
        )
        raise typer.Exit(1)
    console.print(
        _("Salle fermée à {time}.").format(time=datetime.now(UTC).astimezone().strftime("%H:%M")),
        markup=False,
    )


def _purge(console: Console, data_dir: Path, yes: bool) -> None:
    """``--purge``: every file of the room goes, after a confirmation unless ``--oui``."""
    from edukit.classroom import purge_folder

    if not yes and not typer.confirm(
        _("Effacer toutes les données de la salle dans {folder} ?").format(folder=data_dir)
    ):
        raise typer.Exit(1)
    removed = purge_folder(data_dir)
    console.print(
        _("✓ données de la salle effacées ({count} élément(s) dans {folder})").format(
            count=len(removed), folder=data_dir
        ),
        markup=False,
    )


def _backend(
    console: Console,
    model: str | None,
    model_url: str | None,
    model_name: str | None,
    key_env: str | None,
    parameters: float | None,
) -> tuple[Backend | None, ModelInfo | None]:
    """The model the room shares, from ``--modele`` or ``--url-modele``/``--nom-modele``."""
    from edukit.classroom import ModelInfo
    from edukit.cli._classroom_app import Backend
    from edukit.llm import GENERIC, get_provider

    if model is not None:
        provider_name, chosen = parse_model(model)
        provider = get_provider(provider_name)
        backend = Backend(
            model_url or provider.base_url, chosen, provider, key_env or provider.api_key_env
        )
        return backend, ModelInfo(chosen, provider.name, parameters or _parameters(chosen))
    if model_url is not None:
        if not model_name:
            console.print(_("✗ --url-modele demande aussi --nom-modele"), markup=False)
            raise typer.Exit(1)
        backend = Backend(model_url, model_name, GENERIC, key_env)
        return backend, ModelInfo(model_name, GENERIC.name, parameters or _parameters(model_name))
    return None, None


def _open_store(console: Console, data_dir: Path) -> Store:
    from edukit.classroom import Store

    try:
        return Store(data_dir)
    except OSError as error:
        console.print(
            _("✗ {folder} : le dossier des données ne peut pas être créé ({reason})").format(
                folder=data_dir, reason=error.strerror
            ),
            markup=False,
        )
        raise typer.Exit(1) from None


def _server(config: ClassroomConfig, bind: str, port: int) -> uvicorn.Server:
    import uvicorn

    from edukit.cli._classroom_app import create_app

    logging.getLogger("uvicorn.access").disabled = True
    return uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host=bind,
            port=port,
            access_log=False,
            log_level="warning",
            server_header=False,
            timeout_graceful_shutdown=3,
        )
    )


def _announce(console: Console, config: ClassroomConfig, forgotten: int, retention: int) -> None:
    """The QR code, the address and the code for the room, the trainer's own link."""
    import segno

    room, address = config.room, config.address
    qr = io.StringIO()
    segno.make(address, error="m").terminal(out=qr, compact=True)
    console.print(qr.getvalue(), markup=False)
    console.print(_("Adresse de la salle : {address}").format(address=address), markup=False)
    console.print(_("Code de la salle : {code}").format(code=room.code), markup=False)
    console.print(
        _("Page pour le projecteur : {address}salle/").format(address=address), markup=False
    )
    console.print(
        _("Tableau de bord (gardez ce lien pour vous) : {address}formateur/?jeton={token}").format(
            address=address, token=room.trainer_token
        ),
        markup=False,
    )
    if room.model is not None:
        console.print(_("Modèle partagé : {name}").format(name=room.model.name), markup=False)
    if forgotten:
        console.print(
            _("{count} personne(s) effacée(s) : conservation de {days} jours dépassée").format(
                count=forgotten, days=retention
            ),
            markup=False,
        )
    console.print(_("Ctrl+C pour arrêter."), markup=False)


def _serve(console: Console, server: uvicorn.Server, room: Room, live: bool) -> None:
    """Run the server until Ctrl+C, the live table refreshed and expired learners purged."""
    thread = threading.Thread(target=server.run, name="edukit-classroom", daemon=True)
    thread.start()
    last_purge = time.monotonic()
    try:
        if live and console.is_terminal:
            with Live(_learners_table(room), console=console, refresh_per_second=1) as view:
                while thread.is_alive():
                    time.sleep(2)
                    view.update(_learners_table(room))
                    if time.monotonic() - last_purge > 3600:
                        room.purge_expired()
                        last_purge = time.monotonic()
        else:
            while thread.is_alive():
                thread.join(timeout=60)
                if time.monotonic() - last_purge > 3600:
                    room.purge_expired()
                    last_purge = time.monotonic()
    except KeyboardInterrupt:
        pass
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        room.store.close()
