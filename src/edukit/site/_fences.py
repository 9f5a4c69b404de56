"""Widget fences in Markdown: ```` ```edukit-<name> ```` blocks become placeholders, found again
in the page's HTML and, with their line, in its source.

``pymdownx.superfences`` calls :func:`fence_validator` and :func:`fence_format` for each
``edukit-*`` fence; the placeholder keeps the block's YAML until the widget runtime turns it into
a mount point. :func:`source_fences` lists the same fences in the Markdown source, in the same
order, counted the way superfences does, so that each placeholder gets its ``path:line``.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FENCE_PREFIX",
    "PLACEHOLDER",
    "SourceFence",
    "custom_fences",
    "fence_format",
    "fence_validator",
    "source_fences",
]

FENCE_PREFIX = "edukit-"

PLACEHOLDER = re.compile(
    r'<div class="edukit-block" data-edukit-block="(?P<name>[^"]*)" '
    r'data-edukit-source="(?P<source>[^"]*)"></div>'
)
"""A placeholder written by :func:`fence_format`, in the page's HTML."""


def fence_validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """pymdownx.superfences validator for ``edukit-*`` fences (no header options allowed)."""
    return language.startswith(FENCE_PREFIX) and not inputs


def fence_format(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any
) -> str:
    """pymdownx.superfences formatter: a placeholder that the widget runtime replaces."""
    name = language.removeprefix(FENCE_PREFIX)
    return (
        f'<div class="edukit-block" data-edukit-block="{htmllib.escape(name)}" '
        f'data-edukit-source="{htmllib.escape(source, quote=True)}"></div>'
    )


def custom_fences(names: Iterable[str]) -> list[dict[str, Any]]:
    """``pymdownx.superfences`` ``custom_fences`` entries, one per block name."""
    return [
        {
            "name": FENCE_PREFIX + name,
            "class": "edukit-block",
            "validator": fence_validator,
            "format": fence_format,
        }
        for name in sorted(names)
    ]


@dataclass(frozen=True)
class SourceFence:
    """An ``edukit-*`` fence of a Markdown source: its block name and the line it opens on."""

    name: str
    line: int


# A fence line as superfences sees it: after the indentation and quote marks of the container
# (admonitions, lists, block quotes), three or more backticks or tildes, then the info string.
_FENCE_LINE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")
_EDUKIT_INFO = re.compile(rf"^{FENCE_PREFIX}(?P<name>[\w-]+)")


def source_fences(text: str) -> list[SourceFence]:
    """The ``edukit-*`` fences of ``text`` that open a block, in order, with their line.

    A fence opened with N backticks (or tildes) is closed only by a bare fence of the same
    character at least N long; every line in between is its content. So an ``edukit-*`` fence
    shown as an example inside a ```` ````markdown ```` block is not a block (superfences
    renders it as code, with no placeholder).

    Examples
    --------
    >>> example = "````markdown\\n```edukit-quiz\\nbank: x\\n```\\n````\\n"
    >>> source_fences(example + "\\n```edukit-bias\\nseed: 1\\n```\\n")
    [SourceFence(name='bias', line=7)]
    >>> source_fences("!!! note\\n\\n    ```edukit-probe\\n    count: 1\\n    ```\\n")
    [SourceFence(name='probe', line=3)]
    """
    found: list[SourceFence] = []
    open_fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE_LINE.match(line)
        if match is None:
            continue
        fence, info = match["fence"], match["info"].strip()
        if open_fence:
            closes = fence[0] == open_fence[0] and len(fence) >= len(open_fence) and not info
            if closes:
                open_fence = ""
            continue
        if fence[0] == "`" and "`" in info:  # not a fence: inline code such as ```a``` b
            continue
        open_fence = fence
        block = _EDUKIT_INFO.match(info)
        if block is not None:
            found.append(SourceFence(block["name"], number))
    return found
