"""The environment fingerprint that keys executed notebooks on more than their own text.

mkdocs-jupyter's and jupyter-cache's keys only cover a notebook's bytes, so a change in edukit's
code, in a data file or in the locked dependencies would leave pages silently stale. The
fingerprint hashes all of those; it goes into every notebook's metadata before hashing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

__all__ = ["environment_fingerprint", "fingerprint_inputs", "source_fingerprint"]

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

    They are ``uv.lock``, ``courses/faits.yml`` (bank items quote its facts), everything under
    ``src/edukit/``, ``data/`` and ``exercises/``, and
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
    for name in ("uv.lock", "courses/faits.yml"):
        if (root / name).is_file():
            found.add(root / name)
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


PAYLOAD_DISTRIBUTIONS = ("numpy", "pandas", "scikit-learn", "scipy", "fairlearn", "ecologits")
"""Installed packages whose version can change a widget payload (models, impact figures)."""


def _package_signature() -> tuple[tuple[str, int, int], ...]:
    package = Path(__file__).resolve().parents[1]
    return tuple(
        (path.relative_to(package).as_posix(), stat.st_mtime_ns, stat.st_size)
        for path in sorted(_files_under(package))
        for stat in (path.stat(),)
    )


@lru_cache(maxsize=8)
def _package_digest(signature: tuple[tuple[str, int, int], ...]) -> str:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for relative, _, _ in signature:
        digest.update(relative.encode() + b"\0")
        digest.update(hashlib.sha256((package / relative).read_bytes()).digest())
    for name in PAYLOAD_DISTRIBUTIONS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()


def source_fingerprint(root: Path | None = None) -> str:
    """A short hash of the edukit code that runs (every file of the installed package: modules,
    widget scripts, bundled data), the versions of :data:`PAYLOAD_DISTRIBUTIONS` and, when
    ``root`` has one, its ``uv.lock``.

    Derived results (widget block payloads, the mini model) are keyed on it, so that a change of
    edukit's code or of a dependency never serves an old result. It is recomputed only when a
    file of the package changes size or time, so calling it often is cheap.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     bare = source_fingerprint(root)
    ...     _ = (root / "uv.lock").write_text("version = 1")
    ...     bare != source_fingerprint(root), len(bare), bare == source_fingerprint(None)
    (True, 16, True)
    """
    digest = hashlib.sha256(_package_digest(_package_signature()).encode())
    lock = None if root is None else Path(root) / "uv.lock"
    if lock is not None and lock.is_file():
        digest.update(hashlib.sha256(lock.read_bytes()).digest())
    return digest.hexdigest()[:16]
