"""Fixtures of the quality gates: the real course built once, served on 127.0.0.1, and helpers
to open its pages in Debian chromium with the widgets rendered.

The site is this repository's course, built with ``--strict`` into a temporary folder (the
jupyter-cache of the repository is copied along, so that unchanged notebooks are not executed
again). ``EDUKIT_QUALITY_SITE=/path/to/site`` reuses a site already built by ``edukit build``
instead, to iterate on a fix without rebuilding.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(".cache") / "edukit" / "jupyter-cache"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PALETTE = {
    "default": {
        "index": 0,
        "color": {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "indigo",
        },
    },
    "slate": {
        "index": 1,
        "color": {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "indigo",
        },
    },
}
"""What Material's palette toggle stores under ``<scope>.__palette`` for each scheme."""

WIDGETS_READY = """() => {
    const mounts = [...document.querySelectorAll('[data-edukit-mount]')];
    mounts.find(mount => mount.dataset.edukitRendered === 'pending')?.scrollIntoView();
    return mounts.every(mount => mount.dataset.edukitRendered === 'true'
        && mount.querySelector('[data-edukit-widget]')?.childElementCount > 0);
}"""
"""True once every widget mount point of the page holds a rendered widget. A widget loads when
it comes near the viewport: each poll scrolls to the next one waiting, as a learner would."""


@dataclass(frozen=True)
class BuiltSite:
    """A built site and the server that serves it at its root."""

    folder: Path
    url: str
    origin: str

    def pages(self) -> list[str]:
        """Paths (from the site root, ``""`` for the home page) of every content page:
        ``**/*.html`` less the 404 page and redirect stubs."""
        found = []
        for path in sorted(self.folder.rglob("*.html")):
            relative = path.relative_to(self.folder)
            if relative.as_posix() == "404.html" or relative.parts[0] == "assets":
                continue
            head = path.read_text(encoding="utf-8")[:2000]
            if 'http-equiv="refresh"' in head:  # mkdocs-redirects stubs
                continue
            found.append("" if relative.parent == Path(".") else f"{relative.parent.as_posix()}/")
        return found


PAGE_KINDS = ["home", "plan", "quiz", "playground", "bias", "notebook", "guide"]


@pytest.fixture(scope="session")
def quality_site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_repository: Callable[[Path], Path],
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
) -> BuiltSite:
    """This repository's course, built once for every quality gate."""
    reuse = os.environ.get("EDUKIT_QUALITY_SITE")
    if reuse:
        server = static_server(Path(reuse), "/")
        return BuiltSite(Path(reuse), server.url, server.origin)
    root = copy_repository(tmp_path_factory.mktemp("quality") / "repo")
    if (REPO / CACHE).is_dir():
        shutil.copytree(REPO / CACHE, root / CACHE)
    folder = tmp_path_factory.mktemp("quality-site")
    server = static_server(folder, "/")
    build_site(root, site_url=server.url, site_dir=folder)
    return BuiltSite(folder, server.url, server.origin)


def _page_of_kind(site: BuiltSite, kind: str) -> str:
    """The path of one page of each kind the quality gates look at."""
    folder = site.folder

    def first(pattern: str, needle: str = "") -> str:
        for path in sorted(folder.glob(pattern)):
            if needle in path.read_text(encoding="utf-8"):
                return f"{path.parent.relative_to(folder).as_posix()}/"
        raise AssertionError(f"no page {pattern} holding {needle!r} in {folder}")

    kinds: dict[str, Callable[[], str]] = {
        "home": lambda: "",
        "plan": lambda: "plan/",
        "quiz": lambda: first("m*/*/index.html", 'data-edukit-mount="quiz"'),
        "playground": lambda: first("m*/*/index.html", 'data-edukit-mount="playground"'),
        "bias": lambda: first("m*/*/index.html", 'data-edukit-mount="bias"'),
        "notebook": lambda: first("notebooks/*/index.html", "data-edukit-mount"),
        "guide": lambda: first("guides/*/index.html"),
    }
    return kinds[kind]()


@pytest.fixture(scope="session")
def kind_path(quality_site: BuiltSite) -> Callable[[str], str]:
    """``kind_path(kind)``: the path of one page of ``kind`` (see :data:`PAGE_KINDS`)."""
    return lambda kind: _page_of_kind(quality_site, kind)


def _open_page(page: Any, url: str, *, timeout: float = 15_000) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function("() => document.body.dataset.mdColorScheme !== undefined")
    page.wait_for_function(WIDGETS_READY, timeout=timeout)


@pytest.fixture(scope="session")
def open_page() -> Callable[..., None]:
    """``open_page(page, url)``: go to ``url``, wait for Material and every widget to render."""
    return _open_page


@pytest.fixture
def new_context(chromium: Any, quality_site: BuiltSite) -> Iterator[Callable[..., Any]]:
    """``new_context(scheme="default", trainer=False, **options)``: a browser context whose
    pages open in Material's ``scheme`` (stored the way its palette toggle stores it) and, with
    ``trainer``, with the trainer notes shown; closed at the end of the test."""
    contexts: list[Any] = []
    scope = urlsplit(quality_site.url).path

    def create(scheme: str = "default", *, trainer: bool = False, **options: Any) -> Any:
        color = "dark" if scheme == "slate" else "light"
        context = chromium.new_context(color_scheme=color, **options)
        stored = {f"{scope}.__palette": json.dumps(PALETTE[scheme])}
        if trainer:
            stored["edukit.trainerView.v1"] = "on"
        entries = json.dumps(stored)
        context.add_init_script(
            f"for (const [k, v] of Object.entries({entries})) localStorage.setItem(k, v);"
        )
        contexts.append(context)
        return context

    yield create
    for context in contexts:
        context.close()
