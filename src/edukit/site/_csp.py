"""The site's Content-Security-Policy: what a built page may load, run and call.

Every page gets ``<meta http-equiv="Content-Security-Policy" …>`` first in its ``<head>``
(:func:`add_csp`, called from the plugin's ``on_post_page``). The policy allows nothing from
another host, except the calls of the prompt playground to a language-model service:

``default-src 'self'``
    Scripts, styles, fonts, frames, workers and the search index come from the site.
``script-src 'self' 'sha256-…'``
    The site's own files (Material's bundle, the widget host and its ES modules, the search
    worker) and, by hash, the few inline scripts Material writes into every page (its storage
    scope, the palette and the tab restoration). Hashes are computed from the page itself, so a
    Material update cannot silently break the page; no ``'unsafe-inline'``, no
    ``'unsafe-eval'``. An inline script that an attacker manages to inject has no matching hash
    and does not run.
``style-src 'self' 'unsafe-inline'``
    Material itself needs no inline style (its scripts set styles through the CSSOM, which a
    policy does not govern: checked with search, palette, instant navigation and progress bar).
    The pages do carry ``style`` attributes, though: pandas writes
    ``<tr style="text-align: right;">`` into every data-frame output of a notebook page, and
    Markdown tables with aligned columns (``|---:|``) write ``style="text-align: …"``. Without
    ``'unsafe-inline'`` those are refused and reported. Inline CSS cannot run code; it can only
    restyle or, through selectors and ``url()``, leak text to an allowed image origin, which
    here is the site itself. To drop it: strip ``style`` attributes from notebook outputs
    (``notebook.css`` aligns data-frame cells already) and set ``tables: {use_align_attribute:
    true}`` in ``mkdocs.yml``; then pass ``style=("'self'",)``.
``img-src 'self' data:``
    Material's and edukit's icons are ``data:`` SVGs in CSS.
``connect-src 'self' http://localhost:* http://127.0.0.1:* https:``
    The trade-off of the prompt playground. It calls an OpenAI-compatible endpoint that the
    trainer or learner types in at run time (Ollama at ``http://127.0.0.1:11434/v1``, LM Studio,
    llama.cpp, or a hosted service such as Mistral or the Albert API). A ``<meta>`` policy is
    fixed when the page is built and cannot learn that address later, so the policy allows any
    port of this computer over HTTP and any host over HTTPS, and nothing else (no plain-HTTP
    host on the network). Scripts stay locked to the site, so this widens where the site's own
    code may send a prompt, not who may run code. A deployment that knows its service can pass
    ``connect=("'self'", "https://albert.api.etalab.gouv.fr")`` to :func:`csp_policy` /
    :func:`add_csp`, or serve the stricter header below.
``object-src 'none'; base-uri 'self'; form-action 'self'``
    No plugins, no ``<base>`` pointing elsewhere, no form posting elsewhere.

A ``<meta>`` policy ignores ``frame-ancestors``, ``report-uri`` and ``sandbox``: send the policy
as an HTTP header as well when the host allows it. The same policy for the two usual servers
(the hashes are those of the Material version in use: copy them from a built page's ``<meta>``)::

    # nginx, in the server block that serves site/
    add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'sha256-…'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' http://localhost:* http://127.0.0.1:* https:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'" always;

    # Apache (.htaccess or <Directory>), mod_headers enabled
    Header always set Content-Security-Policy "default-src 'self'; script-src 'self' 'sha256-…'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' http://localhost:* http://127.0.0.1:* https:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

When both a header and the ``<meta>`` are present, the browser enforces both (a request must
pass each).
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import re
from collections.abc import Iterable, Sequence

__all__ = [
    "CONNECT_SOURCES",
    "CSP_POLICY",
    "STYLE_SOURCES",
    "add_csp",
    "csp_policy",
    "inline_script_hashes",
]

CONNECT_SOURCES: tuple[str, ...] = (
    "'self'",
    "http://localhost:*",
    "http://127.0.0.1:*",
    "https:",
)
"""Where scripts may send requests: the site, a model server on this computer, any HTTPS host."""

STYLE_SOURCES: tuple[str, ...] = ("'self'", "'unsafe-inline'")
"""Stylesheets of the site, and ``style`` attributes (data frames, aligned Markdown tables)."""

_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),
    ("style-src", STYLE_SOURCES),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", CONNECT_SOURCES),
    ("worker-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)

_INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(?!(?:text/javascript|module)["'\s>])""", re.I)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>', re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def csp_policy(
    script_hashes: Iterable[str] = (),
    *,
    connect: Sequence[str] = CONNECT_SOURCES,
    style: Sequence[str] = STYLE_SOURCES,
) -> str:
    """The policy text, with ``script_hashes`` (``'sha256-…'`` sources) allowed as scripts.

    Examples
    --------
    >>> csp_policy(connect=("'self'",)).split("; ")[:3]
    ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'"]
    >>> "script-src 'self' 'sha256-abc='" in csp_policy(["'sha256-abc='"])
    True
    """
    hashes = list(dict.fromkeys(script_hashes))
    parts = []
    for name, sources in _DIRECTIVES:
        values = list(sources)
        if name == "script-src":
            values += hashes
        elif name == "connect-src":
            values = list(connect)
        elif name == "style-src":
            values = list(style)
        parts.append(" ".join([name, *values]))
    return "; ".join(parts)


CSP_POLICY = csp_policy()
"""The policy without inline-script hashes (each page adds those of its own inline scripts)."""


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` sources of the page's inline scripts that a browser runs.

    Data blocks (``type="application/json"`` and the like) are not scripts and need no hash.

    Examples
    --------
    >>> inline_script_hashes('<script>var a=1</script><script type="application/json">{}</script>')
    ["'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"]
    """
    found = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.I) or _DATA_TYPE.search(attrs):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        found.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return list(dict.fromkeys(found))


def add_csp(
    html: str,
    *,
    connect: Sequence[str] = CONNECT_SOURCES,
    style: Sequence[str] = STYLE_SOURCES,
) -> str:
    """Insert the policy, with the hashes of the page's inline scripts, first in ``<head>``.

    A policy already there (from an earlier pass) is replaced, so the function is idempotent.
    A document without ``<head>`` is returned unchanged.

    Examples
    --------
    >>> page = '<html><head><title>t</title><script>go()</script></head><body></body></html>'
    >>> out = add_csp(page)
    >>> out.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="default-src')
    True
    >>> add_csp(out) == out
    True
    """
    html = _META.sub("", html)
    head = _HEAD.search(html)
    if head is None:
        return html
    policy = csp_policy(inline_script_hashes(html), connect=connect, style=style)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{htmllib.escape(policy, quote=False)}">'
    return html[: head.end()] + meta + html[head.end() :]
