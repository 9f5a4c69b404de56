"""Migrations of older progress files to the current version.

``MIGRATIONS[n]`` turns a version ``n`` file (parsed JSON) into a version ``n + 1`` one. A
migrated file has no empreinte the learner's site made, so reports say it could not be checked.
Version 2 files need no migration: version 3 only adds optional keys (see ``_model``).

Version 1 is what ``store.js`` exported before the empreinte existed: ``schema``, ``version``,
``course``, ``exported`` and ``entries``. It names no learner, so the name becomes the file's
name (``progression-monique.json`` → ``progression-monique``), or a ``learner`` field the file
already carries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["MIGRATIONS", "learner_from_path"]

Migration = Callable[[dict[str, Any], Path], dict[str, Any]]

_V1_KEYS = ("schema", "course", "exported", "entries")


def learner_from_path(path: Path) -> str:
    """A learner name made from a file name, for files that carry none.

    >>> learner_from_path(Path("progression-Monique.json"))
    'progression-Monique'
    """
    name = re.sub(r"[\x00-\x1f\x7f]+", " ", path.stem).strip()[:80]
    return name or "sans nom"


def _from_1(data: dict[str, Any], path: Path) -> dict[str, Any]:
    result = {key: data[key] for key in _V1_KEYS if key in data}
    learner = data.get("learner")
    result["learner"] = learner if isinstance(learner, str) and learner.strip() else None
    if result["learner"] is None:
        result["learner"] = learner_from_path(path)
    result["version"] = 2
    return result


MIGRATIONS: dict[int, Migration] = {1: _from_1}
