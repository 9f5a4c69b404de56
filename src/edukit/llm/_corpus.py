"""Plain French text from the course's Markdown, and the word tokenizer the mini model uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["TOKEN_PATTERN", "course_corpus", "detokenize", "markdown_to_paragraphs", "tokenize"]

_LETTER = "A-Za-zÀ-ÖØ-öø-ÿŒœÆæ"
# French elisions become their own token ("l'" + "intelligence"), so "l'IA" and "l'usage" share
# the article; other apostrophes stay inside the word (aujourd'hui).
# The pattern is plain enough to run unchanged as a JavaScript RegExp: the browser export
# ships it, so the JS sampler splits a prompt exactly as Python does.
_ELISION = (
    "(?:[cdjlmnstCDJLMNST]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[pP]resqu|[qQ]uelqu)'"
    f"(?=[{_LETTER}])"
)
TOKEN_PATTERN = rf"{_ELISION}|[{_LETTER}0-9]+(?:['\-][{_LETTER}0-9]+)*|[.,;:!?…«»()%€]"
_TOKEN = re.compile(TOKEN_PATTERN)

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}).*?^\1\2\s*$", re.DOTALL | re.MULTILINE)
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?\s*$')
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<https?://[^>]+>|https?://\S+")
_HTML = re.compile(r"<[^>]+>")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MARKUP = re.compile(r"[*_`]+|^#+\s*|^\s*>\s?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def markdown_to_paragraphs(markdown: str) -> list[str]:
    """The prose of a Markdown page, one paragraph (or heading, list item, table row) a string.

    Front matter, code blocks (widget blocks included), links' targets, HTML tags and Markdown
    markup are removed; admonition titles are kept as their own paragraph.

    Examples
    --------
    >>> markdown_to_paragraphs('---\\nid: x\\n---\\n# Titre\\n\\nUn **mot** et un [lien](http://a.fr).\\n- point')
    ['Titre', 'Un mot et un lien.', 'point']
    """
    text = _FRONT_MATTER.sub("", markdown.replace("\r\n", "\n"))
    text = _FENCE.sub("", text)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in text.split("\n"):
        admonition = _ADMONITION.match(raw)
        if admonition:
            flush()
            if admonition.group(1):
                paragraphs.append(admonition.group(1).strip())
            continue
        if not raw.strip() or _TABLE_RULE.match(raw):
            flush()
            continue
        line = raw.strip()
        starts_block = bool(_LIST.match(line) or line.startswith(("#", "|")))
        if starts_block:
            flush()
        line = _LIST.sub("", line)
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(r"\1", line)
        line = _AUTOLINK.sub("", line)
        line = _FOOTNOTE.sub("", line)
        line = _HTML.sub("", line)
        line = _MARKUP.sub("", line)
        if line.startswith("|"):
            line = " ; ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        line = " ".join(line.split())
        if line:
            current.append(line)
        if starts_block:
            flush()
    flush()
    return paragraphs


def course_corpus(root: Path) -> list[str]:
    """Paragraphs of every ``*.md`` file under ``root`` (sorted paths, so training is stable)."""
    paragraphs: list[str] = []
    for path in sorted(root.rglob("*.md")):
        paragraphs.extend(markdown_to_paragraphs(path.read_text(encoding="utf-8")))
    return paragraphs


def tokenize(text: str) -> list[str]:
    """Words, elided articles and punctuation; typographic apostrophes become ``'``.

    Examples
    --------
    >>> tokenize("L’IA générative, aujourd'hui : 3 %.")
    ["L'", 'IA', 'générative', ',', "aujourd'hui", ':', '3', '%', '.']
    """
    return _TOKEN.findall(text.replace("’", "'"))


_NO_SPACE_BEFORE = frozenset({".", ",", ")", "…", "%"})
_NO_SPACE_AFTER = frozenset({"("})


def detokenize(tokens: Iterable[str]) -> str:
    """Join tokens back into French text (space before ``; : ! ?``, none after an elision).

    Examples
    --------
    >>> detokenize(["l'", "IA", "est", "utile", ",", "non", "?"])
    "l'IA est utile, non ?"
    """
    out: list[str] = []
    previous = ""
    for token in tokens:
        if (
            out
            and token not in _NO_SPACE_BEFORE
            and not previous.endswith("'")
            and previous not in _NO_SPACE_AFTER
        ):
            out.append(" ")
        out.append(token)
        previous = token
    return "".join(out)
