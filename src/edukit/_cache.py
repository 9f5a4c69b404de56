"""A content-addressed cache of derived results: widget block payloads and the mini model.

Recomputing every widget block on every build is most of a warm build (the bias explorer
trains scikit-learn models, the playground trains the mini model on the whole course text,
quizzes load and draw banks, every state is scanned for secrets). A block's mount point is a
pure function of:

- the block's name, its YAML text, the page language and the page's path;
- the files the block reads (a quiz's bank files, the playground's corpus), by content;
- the code that computes it: :func:`edukit.build._fingerprint.source_fingerprint` (every
  file of the installed edukit package, payload-relevant dependency versions, ``uv.lock``).

So each entry is stored under the hash of all of those (:func:`content_key`): an entry whose
inputs changed is never looked up again, so it can never be served stale. Entries are written
atomically (a temporary file in the same folder, then :func:`os.replace`): a crash mid-write
leaves a stray temporary file, never a truncated entry; an unreadable entry counts as a miss.

Within one process, :class:`Memo` keeps results keyed on the content of their inputs, so the
same bank loaded by many blocks is parsed once, and the mini model is trained once per corpus.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

__all__ = [
    "BLOCKS_DIR",
    "CACHE_FORMAT",
    "MODELS_DIR",
    "DiskCache",
    "Memo",
    "content_key",
    "files_digest",
    "read_json",
    "write_json_atomic",
]

BLOCKS_DIR = Path(".cache/edukit/blocks")
"""Cached block mount points, from the repository root."""
MODELS_DIR = Path(".cache/edukit/models")
"""Cached mini-model exports (keyed on the corpus hash), from the repository root."""
CACHE_FORMAT = 1
"""Bumped when the layout of an entry changes (old entries are then misses)."""
MAX_AGE_DAYS = 30
"""Entries not used for this long are removed by :meth:`DiskCache.prune`."""
_TMP_PREFIX = ".tmp-"

T = TypeVar("T")


def content_key(*parts: Any) -> str:
    """The SHA-256 of ``parts`` as canonical JSON (sorted keys, no spaces).

    Examples
    --------
    >>> content_key("quiz", {"b": 1, "a": [2]}) == content_key("quiz", {"a": [2], "b": 1})
    True
    >>> content_key("quiz", "x") == content_key("quiz", "y"), len(content_key())
    (False, 64)
    """
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_digest(paths: Iterable[Path], *, base: Path | None = None) -> str:
    """A hash of the names (relative to ``base``) and bytes of ``paths``; a folder counts every
    file under it (a superset of what any reader of it reads), a missing path counts as missing.

    Examples
    --------
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = Path(tmp)
    ...     _ = (folder / "a.yml").write_text("x")
    ...     before = files_digest([folder], base=folder)
    ...     _ = (folder / "a.yml").write_text("y")
    ...     before != files_digest([folder], base=folder)
    True
    """
    digest = hashlib.sha256()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(file for file in path.rglob("*") if file.is_file())
        elif path.is_file():
            found = [path]
        else:
            digest.update(b"missing\0" + _name(path, base).encode() + b"\0")
            continue
        digest.update(b"path\0" + _name(path, base).encode() + b"\0")
        for file in found:
            digest.update(_name(file, base).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _name(path: Path, base: Path | None) -> str:
    if base is not None:
        with contextlib.suppress(ValueError):
            return path.relative_to(base).as_posix()
    return path.as_posix()


def write_json_atomic(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` so that readers see the old file or the whole new one.

    The text goes to a temporary file in the same folder, is flushed to disk, then renamed over
    ``path``; on any failure the temporary file is removed and the error raised.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(value, file, ensure_ascii=False, separators=(",", ":"))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_json(path: Path) -> Any | None:
    """The JSON value in ``path``, or ``None`` when it is missing or unreadable."""
    try:
        with path.open(encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return None


@dataclass
class DiskCache:
    """Entries ``<folder>/<key[:2]>/<key>.json`` holding ``{"format", "key", "value"}``.

    A hit needs the stored key to equal the asked key and the format to be
    :data:`CACHE_FORMAT`; anything else (missing, truncated, foreign) is a miss. Writes that
    fail (read-only folder, full disk) are ignored: the cache only ever saves time.
    """

    folder: Path
    hits: int = 0
    misses: int = 0
    writes: int = 0
    used: set[str] = field(default_factory=set)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        entry = read_json(self.path(key))
        if (
            isinstance(entry, dict)
            and entry.get("format") == CACHE_FORMAT
            and entry.get("key") == key
            and "value" in entry
        ):
            self.hits += 1
            self.used.add(key)
            return entry["value"]
        self.misses += 1
        return None

    def put(self, key: str, value: Any) -> None:
        try:
            write_json_atomic(self.path(key), {"format": CACHE_FORMAT, "key": key, "value": value})
        except OSError:
            return
        self.writes += 1
        self.used.add(key)

    def get_or_compute(self, key: str, compute: Callable[[], T]) -> T:
        """The stored value of ``key``, else ``compute()`` stored (exceptions are not cached)."""
        found = self.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = compute()
        self.put(key, value)
        return value

    def get_or_compute_locked(self, key: str, compute: Callable[[], T]) -> T:
        """:meth:`get_or_compute`, with other processes asking for the same missing key waiting
        for the first one instead of computing it too (two notebook kernels training the same
        model at once). Without ``fcntl`` (Windows), the same without the wait."""
        found = self.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self.get_or_compute(key, compute)
        lock_path = self.path(key).with_suffix(".lock")
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            lock = lock_path.open("a")
        except OSError:
            return self.get_or_compute(key, compute)
        with lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                self.misses -= 1  # the first look was a miss already
                return self.get_or_compute(key, compute)
            finally:
                with contextlib.suppress(OSError):
                    lock_path.unlink()
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def prune(self, *, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Remove entries not used by this process and not modified for ``max_age_days``, and
        temporary files left by a crash (older than an hour). Returns how many were removed."""
        if not self.folder.is_dir():
            return 0
        now = time.time()
        removed = 0
        for path in self.folder.glob("*/*.json"):
            stale_tmp = path.name.startswith(_TMP_PREFIX) and now - _mtime(path) > 3600
            old = path.stem not in self.used and now - _mtime(path) > max_age_days * 86400
            if stale_tmp or (old and not path.name.startswith(_TMP_PREFIX)):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        for key in self.used:
            # keep used entries young, so that a course built now and then keeps its cache
            with contextlib.suppress(OSError):
                os.utime(self.path(key))
        return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class Memo(Generic[T]):
    """A small in-process LRU map from content keys to results.

    Keys must be content hashes (:func:`content_key`, :func:`files_digest`), never paths or
    times, so that a memoised result can never outlive its inputs.

    Examples
    --------
    >>> memo: Memo[int] = Memo(size=2)
    >>> calls = []
    >>> memo.get_or_compute("k", lambda: calls.append(1) or 42), memo.get_or_compute("k", int)
    (42, 42)
    >>> len(calls)
    1
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[str, T] = OrderedDict()

    def get_or_compute(self, key: str, compute: Callable[[], T]) -> T:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = compute()
        self._items[key] = value
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        self._items.clear()
