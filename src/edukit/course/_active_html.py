"""Active HTML in lesson Markdown: what ``edukit check`` reports, with the line and the fix.

Raw HTML in a lesson body is allowed (authors are reviewed in pull requests), but not HTML that
runs code or brings in another page: ``<script>``, an ``on…`` attribute, a ``javascript:`` URL,
``<iframe>``, ``<object>``, ``<embed>``, ``<form>`` or ``formaction``, ``<meta http-equiv>``.
The site's security policy blocks the scripts anyway (``edukit.site._csp``); this check tells
the author before review, where the mistake is and what to write instead.

HTML shown as code (a fenced block or an inline code span) is text, not HTML, and is never
reported. Markdown's own ways to write the same things are reported too: a link or reference
whose address is ``javascript:…``, and an attribute list (``{: onclick="…"}``).

Each finding is a warning: raw HTML is allowed in lessons by design and the site's policy is
what keeps the scripts from running, so a build does not stop on it; the warning puts the
mistake in front of the author and the reviewer, with the fix. A lesson whose front matter says
``html_actif: autorise`` is not checked (trusted HTML, reviewed on purpose); the site's policy
still applies to it. Any other value of that key is an error.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from edukit._problems import Problem, Severity
from edukit._yaml import FrontMatter

__all__ = [
    "ACTIVE_HTML",
    "SHOW_AS_CODE",
    "TRUSTED_HTML_KEY",
    "TRUSTED_HTML_VALUES",
    "ActiveHtml",
    "check_active_html",
    "find_active_html",
]

TRUSTED_HTML_KEY = "html_actif"
"""Front-matter key of a lesson whose active HTML is trusted (not reported)."""
TRUSTED_HTML_VALUES = ("autorise", "autorisé")
"""The values of :data:`TRUSTED_HTML_KEY` that turn the check off for the lesson."""

_INTERACTIVE = "pour une activité, utilisez un bloc edukit-quiz, edukit-bias ou edukit-playground"
ACTIVE_HTML: dict[str, tuple[str, str]] = {
    "script": (
        "balise <script> : le site ne l'exécute pas (règles de sécurité du site)",
        f"retirez-la ; {_INTERACTIVE}",
    ),
    "handler": (
        "attribut « {name} » : le site n'exécute pas le code écrit dans un attribut",
        f"retirez l'attribut ; {_INTERACTIVE}",
    ),
    "javascript": (
        "adresse « javascript: » : le site n'exécute pas ce lien",
        "remplacez-la par une adresse https://… ou par le lien d'une page du cours",
    ),
    "iframe": (
        "balise <{name}> : une leçon n'affiche pas une autre page dans la sienne",
        "mettez plutôt un lien vers la page, avec un texte qui dit où il mène",
    ),
    "embedded": (
        "balise <{name}> : le site n'affiche pas de contenu embarqué (module externe)",
        "mettez plutôt un lien vers le fichier, ou une image <img> avec un texte alternatif",
    ),
    "form": (
        "balise <form> : un formulaire peut envoyer les saisies des personnes hors du cours",
        "retirez-le ; pour faire répondre, utilisez un bloc edukit-quiz",
    ),
    "formaction": (
        "attribut « formaction » : il peut envoyer les saisies des personnes hors du cours",
        "retirez l'attribut ; pour faire répondre, utilisez un bloc edukit-quiz",
    ),
    "meta": (
        "balise <meta http-equiv> : elle peut rediriger la page ou changer ses règles de sécurité",
        "retirez-la ; le titre et le résumé de la leçon se règlent dans son en-tête",
    ),
}
"""Message and fix of each kind of active HTML (``{name}``: the attribute or tag found)."""

SHOW_AS_CODE = (
    " ; pour le montrer en exemple, mettez-le entre accents graves (`…`) ou dans un bloc de code"
    f" ; HTML relu et voulu : « {TRUSTED_HTML_KEY}: {TRUSTED_HTML_VALUES[0]} » dans l'en-tête"
    " de la leçon"
)
"""Added to every fix: how to show HTML as an example, and the opt-out."""

BAD_OPT_OUT = (
    "« {key}: {value} » n'est pas compris : seule la valeur « {good} » autorise le HTML actif",
    "écrivez « {key}: {good} », ou retirez la ligne pour que le HTML actif soit signalé",
)


@dataclass(frozen=True, slots=True)
class ActiveHtml:
    """One piece of active HTML: its line in the Markdown given, its kind, what was found."""

    line: int
    kind: str
    """A key of :data:`ACTIVE_HTML`."""
    name: str = ""

    @property
    def message(self) -> str:
        return ACTIVE_HTML[self.kind][0].format(name=self.name)

    @property
    def hint(self) -> str:
        return ACTIVE_HTML[self.kind][1] + SHOW_AS_CODE


def check_active_html(front: FrontMatter, data: dict[str, Any]) -> list[Problem]:
    """The problems of a lesson's body, unless its front matter trusts its HTML.

    ``data`` is the lesson's front matter as the loader validates it: the opt-out key is taken
    out of it (it is not part of the lesson model).
    """
    path = front.document.path
    if TRUSTED_HTML_KEY in data:
        value = data.pop(TRUSTED_HTML_KEY)
        if isinstance(value, str) and value.strip().lower() in TRUSTED_HTML_VALUES:
            return []
        message, hint = BAD_OPT_OUT
        shown = str(value).lower() if isinstance(value, bool) or value is None else value
        names = {"key": TRUSTED_HTML_KEY, "value": shown, "good": TRUSTED_HTML_VALUES[0]}
        bad = Problem(
            path,
            front.document.line(TRUSTED_HTML_KEY),
            message.format(**names),
            hint.format(**names),
        )
        return [bad, *_problems(front)]
    return _problems(front)


def _problems(front: FrontMatter) -> list[Problem]:
    offset = front.body_line - 1
    return [
        Problem(
            front.document.path, found.line + offset, found.message, found.hint, Severity.WARNING
        )
        for found in find_active_html(front.body)
    ]


def find_active_html(markdown: str) -> list[ActiveHtml]:
    """Every piece of active HTML in ``markdown`` (lines from 1), code left out.

    Examples
    --------
    >>> [(f.line, f.kind, f.name) for f in find_active_html(
    ...     'Du texte <b>gras</b>.\\n\\n<div onclick="go()">x</div>\\n\\n`<script>`\\n')]
    [(3, 'handler', 'onclick')]
    >>> find_active_html('```html\\n<iframe src="https://exemple.fr"></iframe>\\n```\\n')
    []
    """
    text = _mask_code(markdown)
    found: list[ActiveHtml] = []
    scanner = _Scanner(found)
    try:
        scanner.feed(text)
        scanner.close()
    except Exception:  # pragma: no cover - HTMLParser recovers from any input it is given
        pass
    found += _markdown_links(text)
    found += _attribute_lists(text)
    return sorted(set(found), key=lambda item: (item.line, item.kind, item.name))


# -- code is text -----------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^(?:[ \t]*>)*[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CODE_SPAN = re.compile(
    r"(?<![\\`])(?P<ticks>`+)(?!`)(?P<code>(?:(?!\n[ \t]*\n).)+?)(?<!`)(?P=ticks)(?!`)", re.S
)


def _blank(text: str) -> str:
    """``text`` with every character but line breaks turned into a space (lines kept)."""
    return re.sub(r"[^\n]", " ", text)


def _mask_code(markdown: str) -> str:
    """Fenced blocks and code spans blanked out, every line and column kept.

    A fence that is never closed is not code for Python-Markdown (its lines stay Markdown,
    their HTML included), so it is not blanked either.
    """
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^(?:[ \t]*>)*[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next(
            (later for later in range(index + 1, len(lines)) if closing.match(lines[later])),
            None,
        )
        if end is None:
            index += 1
            continue
        for blanked in range(index, end + 1):
            lines[blanked] = _blank(lines[blanked])
        index = end + 1
    text = "\n".join(lines)
    return _CODE_SPAN.sub(lambda match: _blank(match.group(0)), text)


# -- what runs or embeds ----------------------------------------------------------------------

_EMBEDDED = {"object", "embed", "applet"}
_URL_ATTRIBUTES = {
    "action",
    "archive",
    "background",
    "cite",
    "classid",
    "codebase",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "icon",
    "longdesc",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "src",
    "usemap",
    "xlink:href",
}
"""Attributes whose value a browser reads as a URL (where ``javascript:`` would run)."""
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def _is_javascript(value: str) -> bool:
    """Whether a URL is a ``javascript:`` one, the way a browser reads it (entities decoded,
    tabs and line breaks removed, leading spaces and control characters ignored)."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(value)).lstrip(_C0_AND_SPACE)
    return url.lower().startswith("javascript:")


def _attribute_findings(line: int, attributes: list[tuple[str, str | None]]) -> list[ActiveHtml]:
    found = []
    for name, value in attributes:
        name = name.lower()
        if re.fullmatch(r"on[a-z0-9_-]+", name):
            found.append(ActiveHtml(line, "handler", name))
        elif name == "formaction":
            found.append(ActiveHtml(line, "formaction", name))
        if value is not None and name in _URL_ATTRIBUTES and _is_javascript(value):
            found.append(ActiveHtml(line, "javascript", name))
    return found


class _Scanner(HTMLParser):
    def __init__(self, found: list[ActiveHtml]) -> None:
        super().__init__(convert_charrefs=True)
        self.found = found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        names = {name.lower() for name, _ in attrs}
        if tag == "script":
            self.found.append(ActiveHtml(line, "script", tag))
        elif tag == "iframe" or tag == "frame":
            self.found.append(ActiveHtml(line, "iframe", tag))
        elif tag in _EMBEDDED:
            self.found.append(ActiveHtml(line, "embedded", tag))
        elif tag == "form":
            self.found.append(ActiveHtml(line, "form", tag))
        elif tag == "meta" and "http-equiv" in names:
            self.found.append(ActiveHtml(line, "meta", tag))
        self.found += _attribute_findings(line, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


_LINK = re.compile(r"\]\([ \t]*\n?[ \t]*<?(?P<url>[^\s)>]+)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?(?P<url>[^\s>]+)", re.M)


def _markdown_links(text: str) -> list[ActiveHtml]:
    """``[texte](javascript:…)`` and ``[id]: javascript:…``: Markdown writes them as links."""
    found = []
    for pattern in (_LINK, _REFERENCE):
        for match in pattern.finditer(text):
            if _is_javascript(match["url"]):
                found.append(ActiveHtml(_line_at(text, match.start("url")), "javascript", "href"))
    return found


_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*(?P<body>[^}\n]+)\}")
_PAIR = re.compile(r"""(?P<name>[^\s=#.}{]+)[ \t]*=[ \t]*(?P<value>"[^"]*"|'[^']*'|[^\s}]+)""")


def _attribute_lists(text: str) -> list[ActiveHtml]:
    """``{: onclick="…" }`` (the attr_list extension writes any attribute it is given)."""
    found = []
    for match in _ATTRIBUTE_LIST.finditer(text):
        pairs = [
            (pair["name"], pair["value"].strip("\"'")) for pair in _PAIR.finditer(match["body"])
        ]
        found += _attribute_findings(_line_at(text, match.start()), pairs)
    return found
