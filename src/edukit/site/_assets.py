"""What the site ships of the widget runtime into ``assets/edukit/``: the static host and its
modules, the shared stylesheet, each widget's module and stylesheet, shared state files.

Each host module's imports of the earlier ones get their version (``?v=<hash>``), so that a
change in a helper reaches every page that imports it (browsers cache modules by URL); every
page links the shared stylesheet and the host with their version.
"""

from __future__ import annotations

import os
from pathlib import Path

from edukit.site._mount import digest

__all__ = [
    "ASSETS",
    "HOST_MODULES",
    "STATIC",
    "asset_versions",
    "head_links",
    "host_assets",
    "ship_assets",
    "write_shared_files",
]

ASSETS = "assets/edukit"
"""Folder of the site holding the widget runtime."""
STATIC = Path(__file__).parent / "static"
HOST_MODULES = (
    ("sha256.js", "widgets"),
    ("i18n.js", "widgets"),
    ("a11y.js", "widgets"),
    ("store.js", "widgets"),
    ("progress.js", "site"),
    ("host.js", "site"),
)
"""Modules of the site's static host, in dependency order: (shipped name, source folder)."""


def host_assets() -> dict[str, str]:
    """The text of each host module (imports versioned) and of ``edukit.css``, by file name."""
    from edukit.widgets import STATIC as WIDGET_STATIC

    folders = {"widgets": WIDGET_STATIC, "site": STATIC}
    assets: dict[str, str] = {}
    for name, folder in HOST_MODULES:
        text = (folders[folder] / name).read_text(encoding="utf-8")
        for earlier, shipped in assets.items():
            text = text.replace(f'"./{earlier}"', f'"./{earlier}?v={digest(shipped)}"')
        assets[name] = text
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
