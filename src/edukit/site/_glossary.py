"""The glossary on the site: tooltips through Python-Markdown's ``abbr`` and a glossary page.

The ``abbr`` extension receives the glossary's terms and wraps every occurrence in
``<abbr title="definition">``. A page full of dotted words is hard to read and a keyboard would
have to stop on each one, so after rendering only the first occurrence of each term on a page
stays (and the first in the trainer notes, hidden from learners), made focusable (``tabindex="0"``) so that Material's tooltips (``content.tooltips``) open
on keyboard focus as on hover; headings never carry one. Code and widget blocks are never
touched: Python-Markdown hands them to ``abbr`` as opaque text.
"""

from __future__ import annotations

import re
from html import unescape

from mkdocs.config.defaults import MkDocsConfig

from edukit.course import Glossary

__all__ = ["GLOSSARY_URI", "configure", "first_occurrences"]

GLOSSARY_URI = "glossaire.md"
_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
_HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.DOTALL)
_TRAINER_NOTES = re.compile(r'<(div|details)\b[^>]*\bclass="[^"]*\bformateur\b[^"]*"[^>]*>')


def configure(config: MkDocsConfig, glossary: Glossary) -> None:
    """Turn ``abbr`` on with the glossary's terms (no-op for an empty glossary)."""
    abbreviations = glossary.abbreviations()
    if not abbreviations:
        return
    if "abbr" not in config.markdown_extensions:
        config.markdown_extensions.append("abbr")
    options = config.mdx_configs.setdefault("abbr", {})
    options["glossary"] = {**abbreviations, **options.get("glossary", {})}


def first_occurrences(html: str, glossary: Glossary) -> str:
    """Keep one focusable ``<abbr>`` per glossary term on the page (its first occurrence
    outside headings); every other one becomes plain text.

    >>> from edukit.course._glossary import GlossaryTerm
    >>> g = Glossary([GlossaryTerm("jeton", "Un morceau de texte.", ("jetons",))])
    >>> tip = '<abbr title="Un morceau de texte.">'
    >>> first_occurrences(f"<h2>Le {tip}jeton</abbr></h2><p>Un {tip}jeton</abbr>, des "
    ...                   f"{tip}jetons</abbr>, un {tip}jeton</abbr>.</p>", g)
    '<h2>Le jeton</h2><p>Un <abbr title="Un morceau de texte." tabindex="0">jeton</abbr>, des jetons, un jeton.</p>'
    """
    owners = {text: term.term for term in glossary.terms for text in term.spellings}
    if not owners:
        return html

    def ours(match: re.Match[str]) -> bool:
        return unescape(match.group(2)) in owners

    def plain(match: re.Match[str]) -> str:
        return match.group(2) if ours(match) else match.group(0)

    html = _HEADING.sub(lambda heading: _ABBR.sub(plain, heading.group(0)), html)
    notes = _trainer_notes(html)
    shown: set[tuple[bool, str]] = set()

    def first(match: re.Match[str]) -> str:
        if not ours(match):
            return match.group(0)
        in_notes = any(start <= match.start() < end for start, end in notes)
        term = (in_notes, owners[unescape(match.group(2))])
        if term in shown:
            return match.group(2)
        shown.add(term)
        return f'<abbr title="{match.group(1)}" tabindex="0">{match.group(2)}</abbr>'

    return _ABBR.sub(first, html)


def _trainer_notes(html: str) -> list[tuple[int, int]]:
    """Where the trainer notes (``formateur`` blocks, hidden from learners) start and end."""
    spans: list[tuple[int, int]] = []
    for opening in _TRAINER_NOTES.finditer(html):
        tag = opening.group(1)
        tags = re.compile(rf"<(/?){tag}\b[^>]*>")
        depth = 0
        for found in tags.finditer(html, opening.start()):
            depth += -1 if found.group(1) else 1
            if depth == 0:
                spans.append((opening.start(), found.end()))
                break
        else:
            spans.append((opening.start(), len(html)))
    return spans
