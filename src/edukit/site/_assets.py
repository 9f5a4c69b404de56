"""What the site ships of the widget runtime into ``assets/edukit/``: the static host, the
progress store for the classroom mode, the shared stylesheet, each widget's module and
stylesheet, shared state files.

The host is one module: every module it imports, at any depth, is linked into it
(:func:`edukit.widgets.link_module`), so a page loads it in one request; every page links the
shared stylesheet and the host with their version (``?v=<hash>`` of the file as shipped, which
changes when any module linked into it does).
"""

from __future__ import annotations

import os
from pathlib import Path

from edukit.site._mount import digest

__all__ = [
    "ASSETS",
    "HOST",
    "STATIC",
    "STORE",
    "asset_versions",
    "head_links",
    "host_assets",
    "host_search_path",
    "ship_assets",
    "write_shared_files",
]

ASSETS = "assets/edukit"
"""Folder of the site holding the widget runtime."""
STATIC = Path(__file__).parent / "static"
HOST = "host.js"
"""The static host: the module every page loads, with what it imports linked into it."""
STORE = "store.js"
"""The progress store, linked with what it imports: the classroom mode's script imports it
from ``assets/edukit/`` (``src/edukit/classroom/static/classroom.js``)."""


def host_search_path() -> tuple[Path, Path]:
    """Where the host's ``./name.js`` imports are found, first wins: the widgets' ``static/``
    folder (the helpers the widgets share), then the site's (the host, the progress panel;
    its ``i18n.js``, ``a11y.js``, ``store.js`` only forward to the widgets' own, for node)."""
    from edukit.widgets import STATIC as WIDGET_STATIC

    return (WIDGET_STATIC, STATIC)


def host_assets() -> dict[str, str]:
    """The text of the linked host, of the linked store and of ``edukit.css``, by file name."""
    from edukit.widgets import STATIC as WIDGET_STATIC
    from edukit.widgets import link_module

    search = host_search_path()
    assets = {
        HOST: link_module(STATIC / HOST, search),
        STORE: link_module(WIDGET_STATIC / STORE, search),
    }
    assets["edukit.css"] = "".join(
        path.read_text(encoding="utf-8")
        for path in (
            STATIC / "notebook.css",
            WIDGET_STATIC / "base.css",
            STATIC / "progress.css",
            STATIC / "quality.css",
        )
    )
    return assets


def asset_versions() -> dict[str, str]:
    """The version of each file of :func:`host_assets`."""
    return {name: digest(text) for name, text in host_assets().items()}


def head_links(css: str, host: str, versions: dict[str, str], course: str) -> str:
    """The ``<head>`` lines every page needs: the course id, the stylesheet and the host
    (``css`` and ``host`` are their URLs relative to the page)."""
    import html as htmllib

    return (
        f'<meta name="edukit-course" content="{htmllib.escape(course)}">'
        f'<link rel="stylesheet" href="{css}?v={versions["edukit.css"]}">'
        f'<script type="module" src="{host}?v={versions["host.js"]}"></script>'
    )


def write_shared_files(target: Path, shared: dict[str, str]) -> None:
    """Write the shared state files of a build under ``target`` (``assets/edukit/``) atomically;
    a file that exists is the same (it is named by its content)."""
    for path, text in shared.items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if not file.is_file():
            temporary = file.with_name(f".{file.name}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, file)


def ship_assets(target: Path) -> None:
    """Copy the host, its modules, the shared stylesheet and every widget's module and
    stylesheet into ``target`` (``assets/edukit/`` of the site)."""
    from edukit.widgets import widget_classes

    (target / "widgets").mkdir(parents=True, exist_ok=True)
    for name, text in host_assets().items():
        (target / name).write_text(text, encoding="utf-8")
    for name, cls in widget_classes().items():
        (target / "widgets" / f"{name}.js").write_text(str(cls._esm), encoding="utf-8")
        (target / "widgets" / f"{name}.css").write_text(str(cls._css), encoding="utf-8")
