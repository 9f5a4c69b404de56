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
from collections.abc import Iterator
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

from edukit._problems import Problem, ProblemError, Severity
from edukit.cli._app import app

if TYPE_CHECKING:  # the pipeline imports jupytext and nbclient: only load them when used
    from edukit.build import NotebookResult

__all__ = ["build", "build_site", "notebooks", "serve"]

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help="Repository root, the folder that holds mkdocs.yml and courses/.",
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
                    what = "lecture" if prefix == "Reading: " else "écriture"
                    page = message.removeprefix(prefix)
                    self.progress.update(self.task, description=f"Site : {what} de {page}")


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
        task = progress.add_task("Notebooks", total=len(sources))
        running: set[str] = set()

        def on_start(source: Path) -> None:
            running.add(source.name)
            progress.update(
                task, description=f"Notebooks : exécution de {', '.join(sorted(running))}"
            )

        def on_done(result: NotebookResult) -> None:
            running.discard(result.source.name)
            progress.advance(task)
            if result.status == "executed":
                console.print(f"  exécuté  {result.source.name} ({result.seconds:.1f} s)")

        results = execute_notebooks(root, on_start=on_start, on_done=on_done)
    problems = notebook_problems(results)
    if problems:
        raise ProblemError(problems)
    cached = sum(result.status == "cached" for result in results)
    console.print(f"[green]✓[/] {len(results)} notebooks prêts ({cached} depuis le cache)")
    return results


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
    from mkdocs.exceptions import Abort, ConfigurationError

    from edukit.project import inspect_project

    root = root.resolve()
    # Material prints a banner about its end of life on every build; authors cannot act on it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise ProblemError(
            [
                _problem(
                    config_file, "the file does not exist", "run edukit from the repository root"
                )
            ]
        )
    with console.status("Vérification de la formation…"):
        check = inspect_project(root)
    errors = [p for p in check.problems if p.severity is Severity.ERROR]
    if errors:
        raise ProblemError(errors)
    if warnings := len(check.problems) - len(errors):
        console.print(
            f"[yellow]![/] {warnings} avertissement{'s' if warnings > 1 else ''}"
            " (voir `edukit check`)"
        )
    run_notebooks(root, console)

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as progress:
        task = progress.add_task("Site : configuration")
        handler = _MkDocsMessages(console, progress, task)
        with _mkdocs_logging(handler, logging.DEBUG):
            try:
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
            except (Abort, ConfigurationError) as error:
                if str(error) and not str(error).startswith("Aborted with a BuildError"):
                    console.print(f"[red]ERROR[/] {error}", highlight=False)
                raise BuildFailed(str(error)) from None
    site = Path(config.site_dir)
    console.print(f"[green]✓[/] site construit dans {_shown(site, root)}")
    return site


def _problem(path: Path, message: str, hint: str) -> Problem:
    return Problem(path, None, message, hint)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


@app.command()
def build(
    root: RootOption = Path(),
    trainer: Annotated[
        bool,
        typer.Option("--trainer", help="Show the trainer notes on every page (trainer build)."),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict/--no-strict", help="Stop on any MkDocs warning (broken link…)."),
    ] = True,
    site_dir: Annotated[
        Path | None,
        typer.Option("-d", "--site-dir", help="Where to write the site (default: site/)."),
    ] = None,
) -> None:
    """Check the course, execute the notebooks (cached) and build the site."""
    console = Console(highlight=False, soft_wrap=True)
    try:
        build_site(root, console=console, trainer=trainer, strict=strict, site_dir=site_dir)
    except BuildFailed:
        console.print("[bold red]✗ la construction du site a échoué[/]")
        raise typer.Exit(1) from None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def serve_static(site: Path, host: str, port: int, console: Console) -> None:
    """Serve ``site`` until Ctrl+C."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        console.print(f"Site servi sur [bold]http://{host}:{port}/[/] — Ctrl+C pour arrêter")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("Arrêt du serveur.")


@app.command()
def serve(
    root: RootOption = Path(),
    build_first: Annotated[
        bool, typer.Option("--build/--no-build", help="Build the site before serving it.")
    ] = True,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    live: Annotated[
        bool,
        typer.Option(
            "--live", help="Run MkDocs's live-reload server (rebuilds on every save; for authors)."
        ),
    ] = False,
    trainer: Annotated[
        bool, typer.Option("--trainer", help="Show the trainer notes on every page.")
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
            console.print("[bold red]✗ la construction du site a échoué[/]")
            raise typer.Exit(1) from None
    else:
        site = root / "site"
        if not (site / "index.html").is_file():
            console.print(
                f"[red]{_shown(site, root)} n'a pas de site construit[/]"
                " — lancez `edukit build`, ou `edukit serve` sans --no-build"
            )
            raise typer.Exit(1)
    serve_static(site, host, port, console)


def _serve_live(root: Path, host: str, port: int, trainer: bool, console: Console) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    run_notebooks(root, console)
    if trainer:
        os.environ[TRAINER_BUILD] = "1"  # read by the plugin on every rebuild
    handler = _MkDocsMessages(console, None, None, show_info=True)
    with _mkdocs_logging(handler, logging.INFO), contextlib.chdir(root):
        mkdocs_serve(
            config_file=str(root / "mkdocs.yml"), livereload=True, dev_addr=f"{host}:{port}"
        )


@app.command()
def notebooks(
    root: RootOption = Path(),
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Folder for the .ipynb files (default: build/downloads/).",
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
    console.print(
        f"[green]✓[/] {len(written)} notebook{'s' if len(written) != 1 else ''} écrit{'s' if len(written) != 1 else ''}"
    )
