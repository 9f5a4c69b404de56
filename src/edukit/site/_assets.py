"""What the site ships of the widget runtime into ``assets/edukit/``: the static host and its
modules, the shared stylesheet, each widget's module and stylesheet, shared state files.

Each host module's imports of the earlier ones get their version (``?v=<hash>``), so that a
change in a helper reaches every page that imports it (browsers cache modules by URL); every
page links the shared stylesheet and the host with their version.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from edukit.site._mount import digest

__all__ = [
    "ASSETS",
    "HOST",
    "STATIC",
    "asset_versions",
    "head_links",
    "host_assets",
    "host_modules",
    "ship_assets",
    "write_shared_files",
]

ASSETS = "assets/edukit"
"""Folder of the site holding the widget runtime."""
STATIC = Path(__file__).parent / "static"
HOST = "host.js"
"""The static host: the module every page loads; it imports the others."""
_IMPORT = re.compile(r"""(?:\bimport|\bexport)\s*(?:[^;'"]*?\bfrom\s*)?"\./([\w.-]+\.js)\"""")


def host_modules() -> list[tuple[str, Path]]:
    """The host and every module it imports, at any depth (``./name.js``: from the widgets'
    ``static/`` folder when it is there, else from the site's), each after its imports."""
    from edukit.widgets import STATIC as WIDGET_STATIC

    ordered: dict[str, Path] = {}
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered or name in visiting:
            return
        visiting.add(name)
        # the widgets' helpers ship from their own folder (site/static forwards to them)
        path = WIDGET_STATIC / name if (WIDGET_STATIC / name).is_file() else STATIC / name
        for imported in _IMPORT.findall(path.read_text(encoding="utf-8")):
            visit(imported)
        ordered[name] = path

    visit(HOST)
    return list(ordered.items())


def host_assets() -> dict[str, str]:
    """The text of each host module (imports versioned) and of ``edukit.css``, by file name.

    Each module's imports of the others get their version (``?v=<hash>`` of the imported
    module as shipped), so that a change in a helper reaches every page that imports it.
    """
    from edukit.widgets import STATIC as WIDGET_STATIC

    assets: dict[str, str] = {}
    for name, path in host_modules():
        text = path.read_text(encoding="utf-8")
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
