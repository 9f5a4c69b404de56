"""Shared fixtures: course copies and built sites, a static HTTP server on 127.0.0.1, and a
Debian chromium (Playwright) that records every request and console error of a page."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
# The CLI speaks the language of the environment (edukit._i18n); tests read its French.
os.environ["EDUKIT_LANG"] = "fr"
FIXTURES = REPO / "tests" / "fixtures"
GOOD_COURSE = FIXTURES / "courses" / "good"
BROKEN_COURSE = FIXTURES / "courses" / "broken"
FIXTURE_NOTEBOOKS = FIXTURES / "notebooks" / "notebooks"
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG21AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_RUN = """async ([context, runOnly]) => {
    const options = {resultTypes: ['violations']};
    if (runOnly) options.runOnly = runOnly;
    const result = await axe.run(context || document, options);
    return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map(n => ({
            target: n.target.join(' '),
            summary: (n.failureSummary || '').split('\\n').map(s => s.trim()).join(' '),
        })),
    }));
}"""
FIXTURE_HOME = """---
title: Accueil
---

# Mini-cours d'essai

Commencez par le [plan de la formation](plan.md).
"""


# -- course copies and builds -----------------------------------------------------------------


def _copy_course(
    source: Path, target: Path, *, extra_notebooks: list[Path] | None = None, home: bool = False
) -> Path:
    """Copy a course repository (``courses/``, ``notebooks/``, ``exercises/``…) to ``target``
    with the repository's real ``mkdocs.yml``; never copies build outputs or caches."""
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns("site", "build", ".cache", "__pycache__"),
        dirs_exist_ok=True,
    )
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for notebook in extra_notebooks or []:
        (target / "notebooks").mkdir(exist_ok=True)
        shutil.copy(notebook, target / "notebooks" / notebook.name)
    if home and not (target / "courses" / "index.md").exists():
        (target / "courses" / "index.md").write_text(FIXTURE_HOME, encoding="utf-8")
    return target


def _copy_repository(target: Path) -> Path:
    """A copy of this repository's course (content, mkdocs.yml, uv.lock and edukit's source
    for the notebook fingerprint); the fixture notebooks are added while none exist."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("courses", "notebooks", "exercises", "data", "src/edukit"):
        if (REPO / folder).is_dir():
            shutil.copytree(
                REPO / folder,
                target / folder,
                ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"),
            )
    for name in ("mkdocs.yml", "uv.lock"):
        shutil.copy(REPO / name, target / name)
    if not any((target / "notebooks").glob("[!_]*.py")):  # none written yet: use the fixtures
        (target / "notebooks").mkdir(exist_ok=True)
        for notebook in FIXTURE_NOTEBOOKS.glob("*.py"):
            shutil.copy(notebook, target / "notebooks" / notebook.name)
    return target


def _build_site(
    root: Path,
    *,
    strict: bool = True,
    trainer: bool = False,
    site_url: str = "http://127.0.0.1:8000/",
    site_dir: Path | None = None,
    **plugin_options: Any,
) -> Path:
    """Run ``mkdocs build`` on ``root/mkdocs.yml``, in process; return the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides: dict[str, Any] = {"strict": strict, "site_url": site_url}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    config = load_config(str(root / "mkdocs.yml"), **overrides)
    plugin = config.plugins["edukit"]
    plugin.config.trainer_build = trainer
    for key, value in plugin_options.items():
        plugin.config[key] = value
    build(config)
    return Path(config.site_dir)


@pytest.fixture(scope="session")
def copy_course() -> Callable[..., Path]:
    """``copy_course(source, target, extra_notebooks=[...], home=False)``: a writable course."""
    return _copy_course


@pytest.fixture(scope="session")
def copy_repository() -> Callable[[Path], Path]:
    """``copy_repository(target)``: a copy of this repository's course, ready to build."""
    return _copy_repository


@pytest.fixture(scope="session")
def build_site() -> Callable[..., Path]:
    """``build_site(root, strict=True, trainer=False, site_url=…, site_dir=None, **plugin)``."""
    return _build_site


@pytest.fixture
def training_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every training of the mini model in this test, as its corpus's paragraph count."""
    from edukit.llm import _training

    calls: list[int] = []
    train = _training._train

    def counted(corpus: Any) -> Any:
        calls.append(len(corpus.paragraphs))
        return train(corpus)

    monkeypatch.setattr(_training, "_train", counted)
    return calls


@pytest.fixture(scope="session")
def course_fixtures() -> dict[str, Path]:
    """Paths of the course fixtures: ``good``, ``broken`` and the fixture ``notebooks`` folder."""
    return {"good": GOOD_COURSE, "broken": BROKEN_COURSE, "notebooks": FIXTURE_NOTEBOOKS}


@pytest.fixture(scope="session")
def fixture_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good course fixture with a home page and the fixture notebooks (pandas, a slider)."""
    return _copy_course(
        GOOD_COURSE,
        tmp_path_factory.mktemp("fixture-course"),
        extra_notebooks=sorted(FIXTURE_NOTEBOOKS.glob("*.py")),
        home=True,
    )


@pytest.fixture(scope="session")
def fixture_site(fixture_course: Path) -> Path:
    """The good course fixture, built with ``--strict``."""
    return _build_site(fixture_course)


@pytest.fixture(scope="session")
def learner_course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's course, built once as learners get it (no trainer build, not strict).
    Read it, never change it: several test modules share it."""
    root = _copy_repository(tmp_path_factory.mktemp("learner-course") / "repo")
    return _build_site(root, strict=False)


# -- static server ----------------------------------------------------------------------------


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_mount_path__")
        return super().translate_path("/" + route[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        return


@dataclass
class StaticServer:
    """A site folder served on 127.0.0.1 under ``prefix`` (``/`` or ``/sub/``)."""

    directory: Path
    prefix: str = "/"
    server: http.server.ThreadingHTTPServer = field(init=False)
    thread: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        handler = functools.partial(
            type("Handler", (_SiteHandler,), {"prefix": self.prefix}),
            directory=str(self.directory),
        )
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def static_server() -> Iterator[Callable[..., StaticServer]]:
    """Start servers with ``static_server(directory, prefix="/")``; all stop at the end.

    The folder may be filled after the server starts (files are read per request), so a site
    can be built with the server's own URL as ``site_url``.
    """
    servers: list[StaticServer] = []

    def start(directory: Path, prefix: str = "/") -> StaticServer:
        server = StaticServer(Path(directory), prefix)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# -- browser ----------------------------------------------------------------------------------


@dataclass
class PageLog:
    """What a page did: every request, console error, uncaught error and failed request."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)

    def foreign(self, origin: str) -> list[str]:
        """Requests that left ``origin`` (``data:`` and ``blob:`` URLs stay in the page)."""
        return [
            url
            for url in self.requests
            if not url.startswith((origin + "/", "data:", "blob:", "about:"))
        ]

    def clear(self) -> None:
        for items in (
            self.requests,
            self.console_errors,
            self.page_errors,
            self.failed,
            self.bad_status,
        ):
            items.clear()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[tuple[Any, PageLog]]:
    """A fresh page (own context, so own localStorage) and the log of what it does."""
    context = chromium.new_context()
    page = context.new_page()
    log = PageLog()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            log.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("requestfailed", lambda request: log.failed.append(request.url))
    page.on(
        "response",
        lambda response: (
            log.bad_status.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    yield page, log
    context.close()


# -- accessibility ----------------------------------------------------------------------------

Axe = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="session")
def axe() -> Axe:
    """``axe(page, context=None, *, tags=WCAG21AA, rules=None)``: axe-core's violations.

    axe-core (``node_modules``, never a CDN) is evaluated in the page when it is not there yet
    (CSP-proof: no inline ``<script>``), then run on ``context`` — a CSS selector, a list of
    selectors, or None for the whole document — with the WCAG 2.1 A and AA rules (``tags``),
    only the named ``rules``, or every rule of axe-core with ``tags=None``. Each violation is
    ``{id, impact, nodes: [{target, summary}]}``; an empty list is the pass.
    """
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does it)")
    source = AXE.read_text(encoding="utf-8")

    def run(
        page: Any,
        context: str | list[str] | None = None,
        *,
        tags: tuple[str, ...] | None = WCAG21AA,
        rules: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(source + "\n;undefined")
        where: Any = (
            {"include": [[one] for one in context]} if isinstance(context, list) else context
        )
        only: dict[str, Any] | None = None
        if rules is not None:
            only = {"type": "rule", "values": rules}
        elif tags is not None:
            only = {"type": "tag", "values": list(tags)}
        violations: list[dict[str, Any]] = page.evaluate(AXE_RUN, [where, only])
        return violations

    return run
