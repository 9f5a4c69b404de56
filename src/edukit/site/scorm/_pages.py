"""What finishing a SCORM package does to each built page: its links, quizzes and adapter tag."""

from __future__ import annotations

import html as htmllib
import json
import posixpath
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from edukit.site.scorm._content import QuizInfo

ADAPTER = "assets/edukit-scorm/scorm.js"
"""Where the package ships the SCORM 1.2 API adapter that every page loads."""

_ANCHOR = re.compile(r"<a\b([^>]*)>", re.I)
_HREF = re.compile(r'\shref="([^"]*)"', re.I)
_LOADS = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?"
    r'\s(?:src|href|data|poster|srcset)="((?:https?:)?//[^"]*)"',
    re.I,
)
CSS_URL = re.compile(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""", re.I)
_MOUNT = re.compile(
    r'data-edukit-mount="quiz"[^>]*?data-edukit-state="([^"]*)"',
)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
TRAINER_HTML = re.compile(
    r"""<(?:div|details|aside|section)\b[^>]*\sclass=["'][^"']*\bformateur\b""", re.I
)


def _target(page: str, href: str) -> str | None:
    """The package path a relative ``href`` of ``page`` points to, or None for other links."""
    if not href or href.startswith("#") or _EXTERNAL.match(href):
        return None
    path = unquote(urlsplit(href).path)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return joined


def rewrite_links(page: str, text: str, files: set[str]) -> str:
    """``text`` with links to absent pages made text and links to other sites in a new tab."""

    def anchor(match: re.Match[str]) -> str:
        attributes = match.group(1)
        href_match = _HREF.search(attributes)
        if href_match is None:
            return match.group(0)
        href = htmllib.unescape(href_match.group(1))
        if re.match(r"https?://", href, re.I):
            if "target=" in attributes:
                return match.group(0)
            return f'<a{attributes} target="_blank" rel="noopener noreferrer">'
        target = _target(page, href)
        if target is None:
            return match.group(0)
        if target in files or f"{target.rstrip('/')}/index.html" in files:
            return match.group(0)
        # A page left out of this package: the text stays, the link goes.
        kept = attributes[: href_match.start()] + attributes[href_match.end() :]
        return f'<a{kept} data-edukit-absent="true" title="Hors de ce paquet">'

    return _ANCHOR.sub(anchor, text)


def quizzes_in(page: str, text: str) -> Iterator[QuizInfo]:
    """The quizzes mounted on ``page``, read from their saved widget state."""
    for match in _MOUNT.finditer(text):
        try:
            saved = json.loads(htmllib.unescape(match.group(1)))
        except ValueError:
            continue
        state = saved.get("state", saved) if isinstance(saved, dict) else {}
        if not isinstance(state, dict) or not state.get("key"):
            continue
        payload = state.get("payload") or {}
        items = payload.get("items") if isinstance(payload, dict) else None
        yield QuizInfo(
            key=str(state["key"]),
            purpose=str(state.get("purpose") or ""),
            mode=str(state.get("mode") or payload.get("mode") or "practice"),
            total=len(items) if isinstance(items, list) else 0,
            page=page,
        )


def external_loads(page: str, text: str) -> list[str]:
    """``page: url`` for everything ``text`` would load from another host."""
    found = [match.group(2) for match in _LOADS.finditer(text)]
    found += [match.group(1) for match in CSS_URL.finditer(text)]
    return [f"{page}: {url}" for url in found]


def inject_adapter(page: str, text: str, settings: dict[str, Any]) -> str:
    """``text`` with the adapter's ``<script>`` first in ``<head>``, after the charset."""
    depth = page.count("/")
    src = "../" * depth + ADAPTER
    data = htmllib.escape(json.dumps(settings, ensure_ascii=False, sort_keys=True), quote=True)
    tag = f'<script src="{src}" data-edukit-scorm="{data}"></script>'
    # First thing in <head> after the charset: it runs (synchronously) before the widget
    # modules, so the learner's records are back in localStorage when they render.
    charset = _CHARSET.search(text)
    if charset is not None:
        return text[: charset.end()] + tag + text[charset.end() :]
    head = _HEAD.search(text)
    if head is None:
        return tag + text
    return text[: head.end()] + tag + text[head.end() :]
