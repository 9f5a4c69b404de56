"""Search that costs nothing until a learner searches, and holds no trainer notes.

- :func:`lazy_search` puts ``lazy-search.js`` before Material's bundle: the search index and
  the search worker are fetched only when the learner starts a search (see the script).
- :func:`exclude_trainer_notes` marks the ``formateur`` blocks of a learner build with
  ``data-search-exclude``, which Material's search plugin honours: their text stays out of
  ``search/search_index.json``.
"""

from __future__ import annotations

import re

from edukit.site._theme import BUNDLE_SCRIPT

__all__ = ["LAZY_SEARCH", "SEARCH_WORKER", "SOURCES", "exclude_trainer_notes", "lazy_search"]

LAZY_SEARCH = "assets/edukit-site/lazy-search.js"
SEARCH_WORKER = "assets/javascripts/workers/edukit-search-worker.js"
"""Beside Material's worker, whose lunr language files are found relative to the worker."""
SOURCES = {LAZY_SEARCH: "lazy-search.js", SEARCH_WORKER: "search-worker.js"}
"""Site path of each script, and its file in ``edukit/site/assets/``."""
_TRAINER_NOTE = re.compile(
    r'<(?:div|details)\b(?![^>]*\bdata-search-exclude\b)[^>]*\bclass="[^"]*\bformateur\b[^"]*"'
)


def lazy_search(output: str) -> str:
    """``output`` with ``lazy-search.js`` just before Material's
    bundle, at the bundle's own relative or absolute base (so also on ``404.html``); unchanged
    when the page has no bundle or has the script already.

    Examples
    --------
    >>> page = '<script src="../assets/javascripts/bundle.ab12.min.js"></script>'
    >>> print(lazy_search(page))
    <script src="../assets/edukit-site/lazy-search.js" data-edukit-worker="../assets/javascripts/workers/edukit-search-worker.js"></script><script src="../assets/javascripts/bundle.ab12.min.js"></script>
    """
    if SOURCES[LAZY_SEARCH] in output:
        return output

    def insert(match: re.Match[str]) -> str:
        base = match.group("base")
        return (
            f'<script src="{base}{LAZY_SEARCH}" '
            f'data-edukit-worker="{base}{SEARCH_WORKER}"></script>' + match.group(0)
        )

    return BUNDLE_SCRIPT.sub(insert, output, count=1)


def exclude_trainer_notes(html: str) -> str:
    """Mark every trainer-note block (class ``formateur``) with ``data-search-exclude``.

    Examples
    --------
    >>> exclude_trainer_notes('<div class="admonition formateur"><p>Secret</p></div>')
    '<div data-search-exclude class="admonition formateur"><p>Secret</p></div>'
    """
    return _TRAINER_NOTE.sub(
        lambda match: match.group(0).replace(" ", " data-search-exclude ", 1), html
    )
