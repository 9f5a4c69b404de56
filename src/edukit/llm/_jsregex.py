"""Python regular expressions rewritten for JavaScript, and the checklist the browser applies.

The prompt checklist's rules (:mod:`edukit.llm._checklist`) are written once, in Python; the
playground's JavaScript runs the same tables after :func:`js_ascii_pattern` rewrites them, so a
prompt gets the same verdicts and evidence in the browser as with
:func:`edukit.llm.analyse_prompt`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from edukit.llm._checklist import engine_payload
from edukit.llm._prompt import CHECKS

__all__ = ["checklist_payload", "js_ascii_pattern", "js_pattern"]

_WORD = r"\p{L}\p{N}_"
_BOUNDARY = rf"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))"
_SYNTAX = set("^$\\.*+?()[]{}|/")


def js_pattern(pattern: str) -> str:
    """Rewrite a Python pattern for a JavaScript ``RegExp`` with the ``u`` flag.

    ``\\b`` and ``\\w`` become Unicode-aware as in Python (JavaScript's are ASCII only), named
    groups and back-references change spelling, and escapes JavaScript's ``u`` mode refuses
    (``\\'``) lose their backslash.

    Examples
    --------
    >>> js_pattern(r"\\bévite\\b")
    '(?:(?<=[\\\\p{L}\\\\p{N}_])(?![\\\\p{L}\\\\p{N}_])|(?<![\\\\p{L}\\\\p{N}_])(?=[\\\\p{L}\\\\p{N}_]))évite(?:(?<=[\\\\p{L}\\\\p{N}_])(?![\\\\p{L}\\\\p{N}_])|(?<![\\\\p{L}\\\\p{N}_])(?=[\\\\p{L}\\\\p{N}_]))'
    >>> js_pattern(r"<(?P<tag>[a-z]+)>.*?</(?P=tag)>|\\'\\'")
    "<(?<tag>[a-z]+)>.*?</\\\\k<tag>>|''"
    >>> print(js_pattern(r"[]a][^]b]"))
    [\\]a][^\\]b]
    """
    return _translate(pattern, _unicode_escape, _unicode_construct)


def _unicode_escape(nxt: str, in_class: bool, pattern: str) -> str | None:
    """``\\b`` and ``\\w`` Unicode-aware, for :func:`js_pattern`."""
    if nxt == "b" and not in_class:
        return _BOUNDARY
    if nxt == "w":
        return _WORD if in_class else f"[{_WORD}]"
    if nxt in "WB":
        raise ValueError(f"\\{nxt} has no JavaScript translation here: {pattern!r}")
    return None


def _unicode_construct(pattern: str, i: int) -> tuple[str, int] | None:
    """Named groups and back-references in JavaScript's spelling, for :func:`js_pattern`."""
    if pattern.startswith("(?P<", i):
        return "(?<", i + 4
    if pattern.startswith("(?P=", i):
        end = pattern.index(")", i)
        return f"\\k<{pattern[i + 4 : end]}>", end + 1
    if pattern.startswith("(?i", i) or pattern.startswith("(?s", i):
        raise ValueError(f"inline flags have no JavaScript translation here: {pattern!r}")
    return None


_ASCII_SPACE = r" \t\n\r\f\v"


def js_ascii_pattern(pattern: str) -> str:
    r"""Rewrite a Python pattern compiled with ``re.ASCII | re.MULTILINE`` for a JavaScript
    ``RegExp`` with flags ``gim`` (no ``u``): the checklist's rules.

    Without ``u``, JavaScript's ``\b``, ``\w``, ``\d`` and case folding are ASCII, like Python's
    with ``re.ASCII``, and much faster than their Unicode rewrites. What still differs is spelled
    out: ``\s`` (JavaScript's includes Unicode spaces), ``.``, ``^`` and ``$`` (JavaScript also
    breaks lines at ``\r``, U+2028 and U+2029).

    Examples
    --------
    >>> print(js_ascii_pattern(r"^\s*\bte\S+.$"))
    (?<![^\n])[ \t\n\r\f\v]*\bte[^ \t\n\r\f\v]+[^\n](?![^\n])
    >>> print(js_ascii_pattern(r"[^\s,]x\'[\s\S]"))
    [^ \t\n\r\f\v,]x'[\s\S]
    """
    return _translate(pattern, _ascii_escape, _ascii_construct)


def _ascii_escape(nxt: str, in_class: bool, pattern: str) -> str | None:
    """``\\s`` and ``\\S`` as Python's ASCII spaces, for :func:`js_ascii_pattern`."""
    if nxt == "s":
        return _ASCII_SPACE if in_class else f"[{_ASCII_SPACE}]"
    if nxt == "S":
        if in_class:
            raise ValueError(f"\\S inside a class has no translation here: {pattern!r}")
        return f"[^{_ASCII_SPACE}]"
    return None


def _ascii_construct(pattern: str, i: int) -> tuple[str, int] | None:
    """``[\\s\\S]``, ``^``, ``$`` and ``.`` with Python's line breaks, for
    :func:`js_ascii_pattern`."""
    if pattern.startswith("[\\s\\S]", i):  # any character, in both
        return "[\\s\\S]", i + 6
    char = pattern[i]
    if char == "^":
        return "(?<![^\\n])", i + 1
    if char == "$":
        return "(?![^\\n])", i + 1
    if char == ".":
        return "[^\\n]", i + 1
    if pattern.startswith("(?P", i) or pattern.startswith("(?i", i):
        raise ValueError(f"named groups and inline flags are not used here: {pattern!r}")
    return None


def _translate(
    pattern: str,
    escape: Callable[[str, bool, str], str | None],
    construct: Callable[[str, int], tuple[str, int] | None],
) -> str:
    """Walk ``pattern`` once, keeping track of character classes.

    ``escape(letter, in_class, pattern)`` rewrites the escape ``\\letter`` (``None``: the
    backslash is kept where JavaScript's ``u`` mode accepts it, dropped elsewhere);
    ``construct(pattern, i)`` rewrites what starts at ``i`` outside a class, as its text and
    the index after it (``None``: nothing to rewrite). A literal ``]`` first in a class
    (``[]…]``, ``[^]…]``) is escaped: JavaScript reads ``[]`` as an empty class.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            i += 2
            if nxt in "AZ":
                raise ValueError(f"\\{nxt} has no JavaScript translation here: {pattern!r}")
            special = escape(nxt, in_class, pattern)
            if special is not None:
                out.append(special)
            elif nxt.isalnum() or nxt in _SYNTAX or (in_class and nxt == "-"):
                out.append("\\" + nxt)
            else:
                out.append(nxt)
            continue
        if in_class:
            in_class = char != "]"
        elif (rewritten := construct(pattern, i)) is not None:
            text, i = rewritten
            out.append(text)
            continue
        elif char == "[":
            in_class = True
            start = i + 1 + (pattern[i + 1 : i + 2] == "^")
            if pattern[start : start + 1] == "]":
                out.append(pattern[i:start] + "\\]")
                i = start + 1
                continue
        out.append(char)
        i += 1
    return "".join(out)


def checklist_payload() -> list[dict[str, Any]]:
    """The French checklist the JS applies: the eight points, then the engine's shared tables.

    Each point carries its French texts; the last entry (``id`` ``"_engine"``) carries the
    folding table, the segmentation patterns and every point's rules, all translated for
    ``RegExp`` with flags ``gim`` (:func:`js_ascii_pattern`), so a
    prompt gets the same verdicts and evidence in the browser as with
    :func:`edukit.llm.analyse_prompt`.
    """
    engine = engine_payload()
    engine["segment"] = {key: js_ascii_pattern(p) for key, p in engine["segment"].items()}
    for element in engine["elements"]:
        element["rules"] = [
            {key: js_ascii_pattern(value) if value else "" for key, value in rule.items()}
            for rule in element["rules"]
        ]
        element["vetoes"] = [js_ascii_pattern(v) for v in element["vetoes"]]
    points: list[dict[str, Any]] = [
        {
            "id": check.id,
            "label": check.label,
            "found": check.found_fr,
            "missing": check.missing_fr,
            "suggestion": check.suggestion_fr,
            "present": check.present_fr,
            "present_plural": check.present_plural_fr,
        }
        for check in CHECKS
    ]
    return [*points, {"id": "_engine", **engine}]
