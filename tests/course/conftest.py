"""A writable copy of the good course fixture, to break one thing at a time."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

GOOD = Path(__file__).parents[1] / "fixtures" / "courses" / "good"

Edit = Callable[[str, str, str], None]


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    return root


@pytest.fixture
def edit(course_root: Path) -> Edit:
    """Replace ``old`` (which must occur exactly once) by ``new`` in a file of the copy."""

    def replace(relative: str, old: str, new: str) -> None:
        path = course_root / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return replace
