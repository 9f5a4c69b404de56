"""A small MkDocs Material site whose widgets come from a hooks file, built in a subprocess.

Shared by the tests that build a page or two with edukit's widget runtime wired in by hooks
(``tests/fixtures/widgets/hook.py``, or another hooks file such as the « add a widget » one),
instead of each writing its own ``mkdocs.yml`` and ``mkdocs build`` command.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

WIDGET_HOOK = Path(__file__).parent / "fixtures" / "widgets" / "hook.py"
THEME: dict[str, Any] = {"name": "material", "language": "fr", "font": False}
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
"""The build's environment unless told: no proxy, no cache folder, nothing from the shell."""


def write_hook_site(
    workdir: Path, pages: dict[str, str], *, hook: Path = WIDGET_HOOK, **settings: Any
) -> Path:
    """Write ``pages`` (name → Markdown) under ``workdir/docs`` and a ``mkdocs.yml``; return it.

    The configuration is Material in French with no web font, ``hook`` and superfences;
    ``settings`` add or replace top-level keys (``site_url``, ``nav``, ``theme``…). The site is
    built into ``workdir/site`` unless ``site_dir`` says otherwise.
    """
    docs = workdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, markdown in pages.items():
        (docs / name).write_text(markdown, encoding="utf-8")
    config: dict[str, Any] = {
        "site_name": "T",
        "theme": THEME,
        "hooks": [str(hook)],
        "markdown_extensions": ["pymdownx.superfences"],
        **settings,
    }
    path = workdir / "mkdocs.yml"
    # JSON is YAML: no hand-written template to keep in step with the keys.
    path.write_text(json.dumps(config, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def mkdocs_build(
    config: Path,
    *,
    strict: bool = False,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build -q`` of ``config`` in a subprocess (``--strict`` if asked); never raises."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    if strict:
        command.insert(4, "--strict")
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=QUIET_ENV if env is None else env,
    )
