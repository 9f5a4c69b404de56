"""The environment fingerprint that keys executed notebooks on more than their own text.

mkdocs-jupyter's and jupyter-cache's keys only cover a notebook's bytes, so a change in edukit's
code, in a data file or in the locked dependencies would leave pages silently stale. The
fingerprint hashes all of those; it goes into every notebook's metadata before hashing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["environment_fingerprint", "fingerprint_inputs"]

_SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".mypy_cache", ".pytest_cache"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


def _files_under(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part in _SKIPPED_DIRS for part in relative.parts):
            continue
        if path.is_file() and path.suffix not in _SKIPPED_SUFFIXES:
            yield path


def fingerprint_inputs(root: Path, *, with_courses: bool = False) -> list[Path]:
    """The files whose content makes up the fingerprint, sorted, relative to ``root``.

    They are ``uv.lock``, everything under ``src/edukit/``, ``data/`` and ``exercises/``, and
    every file under ``notebooks/`` that is not a notebook source (``notebooks/*.py``: those are
    hashed one by one by the cache). ``with_courses`` adds everything under ``courses/``, for
    notebooks that read the course text (the mini language model learns from it).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     for name in ["uv.lock", "src/edukit/a.py", "notebooks/n.py", "notebooks/data/d.csv"]:
    ...         (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...         _ = (root / name).write_text("x")
    ...     [p.as_posix() for p in fingerprint_inputs(root)]
    ['notebooks/data/d.csv', 'src/edukit/a.py', 'uv.lock']
    """
    root = Path(root)
    found: set[Path] = set()
    lock = root / "uv.lock"
    if lock.is_file():
        found.add(lock)
    folders = ["src/edukit", "data", "exercises"] + (["courses"] if with_courses else [])
    for folder in folders:
        found.update(_files_under(root / folder))
    notebooks = root / "notebooks"
    for path in _files_under(notebooks):
        if not (path.parent == notebooks and path.suffix == ".py"):
            found.add(path)
    return sorted(path.relative_to(root) for path in found)


def environment_fingerprint(root: Path, *, with_courses: bool = False) -> str:
    """A short hash of every file :func:`fingerprint_inputs` lists (names and contents).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     _ = (root / "uv.lock").write_text("a")
    ...     before = environment_fingerprint(root)
    ...     _ = (root / "uv.lock").write_text("b")
    ...     before != environment_fingerprint(root), len(before)
    (True, 16)
    """
    root = Path(root)
    digest = hashlib.sha256()
    for relative in fingerprint_inputs(root, with_courses=with_courses):
        digest.update(relative.as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256((root / relative).read_bytes()).digest())
    return digest.hexdigest()[:16]
