"""``edukit build``, ``edukit serve`` and ``edukit notebooks``: from sources to the course site.

``build`` checks the course, executes the notebooks (cached, with progress) and runs
``mkdocs build``; ``serve`` serves the built site (or, with ``--live``, runs MkDocs's
live-reload server for authors); ``notebooks`` writes the learner ``.ipynb`` files.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from edukit._i18n import N_, _, ngettext
from edukit._problems import Problem, ProblemError, Severity
from edukit.cli._app import app

if TYPE_CHECKING:  # the pipeline imports jupytext and nbclient: only load them when used
    from edukit.build import NotebookResult

__all__ = ["build", "build_site", "notebooks", "serve"]

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help=N_("Racine du dépôt, le dossier qui contient mkdocs.yml et courses/."),
        file_okay=False,
    ),
]
SITE_URL = "EDUKIT_SITE_URL"
TRAINER_BUILD = "EDUKIT_TRAINER_BUILD"


class BuildFailed(Exception):
    """``mkdocs build`` stopped; its messages have been shown already."""


class _MkDocsMessages(logging.Handler):
    """Shows MkDocs warnings and errors, and turns its page-by-page debug lines into progress."""

    def __init__(
        self,
        console: Console,
        progress: Progress | None,
        task: TaskID | None,
        *,
        show_info: bool = False,
    ) -> None:
        super().__init__(logging.DEBUG)
        self.console, self.progress, self.task = console, progress, task
        self.show_info = show_info

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            style = "red" if record.levelno >= logging.ERROR else "yellow"
            self.console.print(f"[{style}]{record.levelname}[/] {message}", highlight=False)
        elif self.show_info and record.levelno >= logging.INFO:
            self.console.print(message, markup=False, highlight=False)
        elif self.progress is not None and self.task is not None:
            for prefix in ("Reading: ", "Building page "):
                if message.startswith(prefix):
                    what = (
                        _("Site : lecture de {page}")
                        if prefix == "Reading: "
                        else _("Site : écriture de {page}")
                    )
                    page = message.removeprefix(prefix)
                    self.progress.update(self.task, description=what.format(page=page))


@contextmanager
def _mkdocs_logging(handler: logging.Handler, level: int) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def run_notebooks(root: Path, console: Console) -> list[NotebookResult]:
    """Execute the notebooks (cached) with a progress bar; failures raise :class:`ProblemError`."""
    from edukit.build import execute_notebooks, find_notebooks, notebook_problems

    sources = find_notebooks(root)
    if not sources:
        return []
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(_("Notebooks"), total=len(sources))
        running: set[str] = set()

        def on_start(source: Path) -> None:
            running.add(source.name)
            progress.update(
                task,
                description=_("Notebooks : exécution de {names}").format(
                    names=", ".join(sorted(running))
                ),
            )

        def on_done(result: NotebookResult) -> None:
            running.discard(result.source.name)
            progress.advance(task)
            if result.status == "executed":
                console.print(
                    "  "
                    + _("exécuté  {name} ({seconds:.1f} s)").format(
                        name=result.source.name, seconds=result.seconds
                    )
                )

        results = execute_notebooks(root, on_start=on_start, on_done=on_done)
    problems = notebook_problems(results)
    if problems:
        raise ProblemError(problems)
    cached = sum(result.status == "cached" for result in results)
    ready = ngettext(
        "{n} notebook prêt ({cached} depuis le cache)",
        "{n} notebooks prêts ({cached} depuis le cache)",
        len(results),
    ).format(n=len(results), cached=cached)
    console.print(f"[green]✓[/] {ready}")
    return results


@contextmanager
def mkdocs_progress(console: Console, description: str) -> Iterator[Callable[[str], None]]:
    """A spinner showing ``description`` while MkDocs runs in the block, its messages shown
    above it; gives the function that changes the description.

    Raises
    ------
    BuildFailed
        When MkDocs stops in the block (its messages have been shown).
    """
    from mkdocs.exceptions import Abort, ConfigurationError

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as progress:
        task = progress.add_task(description)
        handler = _MkDocsMessages(console, progress, task)
        with _mkdocs_logging(handler, logging.DEBUG):
            try:
                yield lambda text: progress.update(task, description=text)
            except (Abort, ConfigurationError) as error:
                if str(error) and not str(error).startswith("Aborted with a BuildError"):
                    console.print(f"[red]ERROR[/] {error}", highlight=False)
                raise BuildFailed(str(error)) from None


def build_site(
    root: Path,
    *,
    console: Console,
    trainer: bool = False,
    strict: bool = True,
    site_dir: Path | None = None,
) -> Path:
    """Check the course, execute the notebooks, run ``mkdocs build``; return the site folder.

    Raises
    ------
    ProblemError
        When the course has errors or a notebook fails (``path:line`` problems).
    BuildFailed
        When MkDocs stops (its messages have been shown).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from edukit.project import inspect_project

    root = root.resolve()
    # Material prints a banner about its end of life on every build; authors cannot act on it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise ProblemError(
            [
                _problem(
                    config_file,
                    _("le fichier n'existe pas"),
                    _("lancez edukit depuis la racine du dépôt"),
                )
            ]
        )
    with console.status(_("Vérification de la formation…")):
        check = inspect_project(root)
    errors = [p for p in check.problems if p.severity is Severity.ERROR]
    if errors:
        raise ProblemError(errors)
    if warnings := len(check.problems) - len(errors):
        warned = ngettext(
            "{n} avertissement (voir `edukit check`)",
            "{n} avertissements (voir `edukit check`)",
            warnings,
        ).format(n=warnings)
        console.print(f"[yellow]![/] {warned}")
    run_notebooks(root, console)

    with mkdocs_progress(console, _("Site : configuration")):
        overrides: dict[str, Any] = {"strict": strict}
        if site_dir is not None:
            overrides["site_dir"] = str(site_dir)
        config = load_config(str(config_file), **overrides)
        plugin = config.plugins.get("edukit")
        if plugin is not None:
            plugin.config.trainer_build = trainer
            plugin.config.check = False  # done above
            plugin.config.execute_notebooks = False  # done above, with progress
        # mkdocs-jupyter keeps its cache in a folder relative to the working directory
        with contextlib.chdir(root):
            mkdocs_build(config)
    site = Path(config.site_dir)
    built = _("site construit dans {folder}").format(folder=_shown(site, root))
    console.print(f"[green]✓[/] {built}")
    return site


def _problem(path: Path, message: str, hint: str) -> Problem:
    return Problem(path, None, message, hint)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


@app.command(
    help=N_("Vérifier la formation, exécuter les notebooks (avec cache) et construire le site.")
)
def build(
    root: RootOption = Path(),
    trainer: Annotated[
        bool,
        typer.Option(
            "--trainer",
            help=N_("Montrer les notes du formateur sur chaque page (version formateur)."),
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict/--no-strict",
            help=N_("S'arrêter au premier avertissement de MkDocs (lien cassé…)."),
        ),
    ] = True,
    site_dir: Annotated[
        Path | None,
        typer.Option(
            "-d", "--site-dir", help=N_("Dossier où écrire le site (par défaut : site/).")
        ),
    ] = None,
) -> None:
    """Check the course, execute the notebooks (cached) and build the site."""
    console = Console(highlight=False, soft_wrap=True)
    try:
        build_site(root, console=console, trainer=trainer, strict=strict, site_dir=site_dir)
    except BuildFailed:
        console.print("[bold red]✗ " + _("la construction du site a échoué") + "[/]")
        raise typer.Exit(1) from None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def serve_static(site: Path, host: str, port: int, console: Console) -> None:
    """Serve ``site`` until Ctrl+C."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        console.print(
            _("Site servi sur [bold]{url}[/] — Ctrl+C pour arrêter").format(
                url=f"http://{host}:{port}/"
            )
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print(_("Arrêt du serveur."))


@app.command(
    help=N_(
        "Servir le site de la formation sur http://127.0.0.1:8000 "
        "(construit d'abord, sauf avec --no-build)."
    )
)
def serve(
    root: RootOption = Path(),
    build_first: Annotated[
        bool,
        typer.Option("--build/--no-build", help=N_("Construire le site avant de le servir.")),
    ] = True,
    host: Annotated[str, typer.Option(help=N_("Adresse d'écoute."))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=N_("Port d'écoute."))] = 8000,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help=N_(
                "Lancer le serveur de MkDocs qui recharge la page "
                "(reconstruit à chaque enregistrement ; pour les auteurs)."
            ),
        ),
    ] = False,
    trainer: Annotated[
        bool,
        typer.Option("--trainer", help=N_("Montrer les notes du formateur sur chaque page.")),
    ] = False,
) -> None:
    """Serve the course site on http://127.0.0.1:8000 (built first, unless --no-build)."""
    console = Console(highlight=False, soft_wrap=True)
    root = root.resolve()
    os.environ.setdefault(SITE_URL, f"http://{host}:{port}/")
    if live:
        _serve_live(root, host, port, trainer, console)
        return
    if build_first:
        try:
            site = build_site(root, console=console, trainer=trainer, strict=False)
        except BuildFailed:
            console.print("[bold red]✗ " + _("la construction du site a échoué") + "[/]")
            raise typer.Exit(1) from None
    else:
        site = root / "site"
        if not (site / "index.html").is_file():
            missing = _("{folder} n'a pas de site construit").format(folder=_shown(site, root))
            hint = _("lancez `edukit build`, ou `edukit serve` sans --no-build")
            console.print(f"[red]{missing}[/] — {hint}")
            raise typer.Exit(1)
    serve_static(site, host, port, console)


def _serve_live(root: Path, host: str, port: int, trainer: bool, console: Console) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    run_notebooks(root, console)
    if trainer:
        os.environ[TRAINER_BUILD] = "1"  # read by the plugin on every rebuild
    from edukit.site import LIVE_ENV

    # Dirty builds: a save renders again only what it changes (edukit.site._live).
    os.environ[LIVE_ENV] = "1"
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: "'dirty' build" not in record.getMessage()
    )
    handler = _MkDocsMessages(console, None, None, show_info=True)
    with _mkdocs_logging(handler, logging.INFO), contextlib.chdir(root):
        mkdocs_serve(
            config_file=str(root / "mkdocs.yml"),
            livereload=True,
            build_type="dirty",
            dev_addr=f"{host}:{port}",
        )


@app.command(
    help=N_(
        "Écrire les notebooks des apprenants (.ipynb, sans sorties) à partir de notebooks/*.py."
    )
)
def notebooks(
    root: RootOption = Path(),
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help=N_("Dossier des fichiers .ipynb (par défaut : build/downloads/)."),
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Write the learner notebooks (.ipynb, without outputs) from notebooks/*.py."""
    from edukit.build import write_learner_notebooks

    console = Console(highlight=False, soft_wrap=True)
    root = root.resolve()
    out = output if output is not None else root / "build" / "downloads"
    written = write_learner_notebooks(root, out)
    for path in written:
        console.print(f"  {_shown(path, root).rstrip('/')}")
    done = ngettext("{n} notebook écrit", "{n} notebooks écrits", len(written))
    console.print(f"[green]✓[/] {done.format(n=len(written))}")
