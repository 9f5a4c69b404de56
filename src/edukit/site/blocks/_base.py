"""What every Markdown widget block is made of: its context, its error, its builder, its entry.

A block turns the YAML of an ```` ```edukit-<name> ```` fence into a widget's mount point. Its
entry in the site's table (:data:`edukit.site.blocks.BLOCKS`) is a :class:`Block`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edukit._problems import Problem

__all__ = [
    "Block",
    "BlockBuilder",
    "BlockContext",
    "BlockError",
    "BlockInputs",
    "shown_path",
]


def shown_path(path: Path, root: Path) -> Path:
    """``path`` relative to ``root`` when it is under it (for messages), else ``path`` itself."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


@dataclass(frozen=True)
class BlockContext:
    """What a block builder may need besides its YAML data."""

    root: Path
    """The repository root (the folder of ``mkdocs.yml``)."""
    page: Any
    """The MkDocs page that holds the block."""
    lang: str
    """The site language, ``"fr"`` or ``"en"``."""
    path: Path
    """The Markdown file that holds the block (for ``path:line`` messages)."""
    line: int
    """The line of the block's opening fence in ``path``."""
    lines: Mapping[tuple[str | int, ...], int] = field(default_factory=dict)
    """The line in ``path`` of each key path of the block's YAML (empty when unknown)."""

    def line_of(self, loc: tuple[str | int, ...]) -> tuple[Path, int]:
        """The file (as shown in messages) and line of the key at ``loc`` — or of its nearest
        parent that has one, else of the fence: the ``line_of`` of
        :func:`edukit.course.problems_from_validation`."""
        while loc:
            if loc in self.lines:
                return shown_path(self.path, self.root), self.lines[loc]
            loc = loc[:-1]
        return shown_path(self.path, self.root), self.line

    def problem(self, message: str, hint: str = "", *, line: int | None = None) -> Problem:
        """A problem located at the block (or at ``line`` of its file)."""
        return Problem(shown_path(self.path, self.root), line or self.line, message, hint)


BlockBuilder = Callable[[dict[str, Any], BlockContext], tuple[str, dict[str, Any]]]
"""``build(data, context)`` → ``(widget name, state)``: ``data`` is the block's YAML (a dict),
``state`` maps trait names to JSON values. Author mistakes raise
:class:`~edukit._problems.ProblemError` (located with ``context``) or :class:`BlockError`."""
BlockInputs = Callable[[dict[str, Any], BlockContext], list[Any] | None]
"""``inputs(data, context)`` → JSON values standing for everything ``build`` reads besides the
YAML, the page language and path and edukit's code (e.g. a digest of files,
:func:`edukit._cache.files_digest`), or ``None`` when it cannot tell (then no caching)."""


class BlockError(ValueError):
    """Raised for a block that cannot be built; the message is ``path:line: what — how``."""


@dataclass(frozen=True)
class Block:
    """One entry of the site's block table: fences ```` ```edukit-<name> ```` call ``build``.

    With ``inputs`` the block is cacheable: its mount point is stored under the hash of the
    inputs, the YAML, the page and edukit's code, and reused while none changes.
    """

    name: str
    build: BlockBuilder
    inputs: BlockInputs | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", self.name):
            raise ValueError(f"block names are lowercase words with dashes, not {self.name!r}")
