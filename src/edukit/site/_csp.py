"""The site's Content-Security-Policy: what a built page may load, run and call.

Every page gets ``<meta http-equiv="Content-Security-Policy" …>`` first in its ``<head>``
(:func:`add_csp`, called from the plugin's ``on_post_page``). The policy allows nothing from
another host, except the calls of the prompt playground to a language-model service:

``default-src 'self'``
    Scripts, styles, fonts, frames, workers and the search index come from the site.
``script-src 'self' 'sha256-…'``
    The site's own files (Material's bundle, the widget host and its ES modules, the search
    worker) and, by hash, the few inline scripts the theme's templates write into every page
    (Material's storage scope, the palette and the tab restoration). No ``'unsafe-inline'``,
    no ``'unsafe-eval'``.

    Only scripts written by a template are hashed, never a script that arrives with the page's
    content (lesson Markdown, whose raw HTML is allowed, or a notebook's outputs). Each build
    draws a random token (:func:`new_token`); :class:`OwnScriptLoader` wraps the theme's Jinja
    loader and marks every ``<script`` tag written in a template file with
    ``data-edukit-own=<token>`` (:func:`mark_own_scripts`). The content is rendered before the
    token exists, so no author can write it; :func:`add_csp` hashes the marked scripts only,
    then removes every ``data-edukit-own`` attribute from the page, forged ones included. The
    hashes are computed from the rendered page, so a Material update cannot silently break it.
    A script from the content has no matching hash and does not run; nor does a script that a
    template variable prints (``page.meta.description`` is printed raw into ``<head>``).
    Hashes cover a script's text, not its place: a content script whose text is byte for byte
    one of Material's runs as that script would (it can only redo what Material does).
    edukit itself writes no inline script (its runtime is ``<script type="module" src=…>``);
    code that ever must, marks its own fragment with :func:`mark_own_scripts` and the plugin's
    ``script_token`` where it writes it, never on a page's content.
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
import secrets
from collections.abc import Callable, Iterable, Sequence

import jinja2

__all__ = [
    "CONNECT_SOURCES",
    "CSP_POLICY",
    "OWN_SCRIPT_ATTRIBUTE",
    "STYLE_SOURCES",
    "OwnScriptLoader",
    "add_csp",
    "csp_policy",
    "inline_script_hashes",
    "mark_own_scripts",
    "new_token",
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

OWN_SCRIPT_ATTRIBUTE = "data-edukit-own"
"""The attribute that marks, with the build's token, a script written by a template."""

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
_SCRIPT_START = re.compile(r"<script\b[^>]*>", re.I)
_TEMPLATE_SCRIPT = re.compile(r"<script(?=[\s>/])", re.I)
_OWN_ATTRIBUTE = re.compile(
    rf"""\s+{OWN_SCRIPT_ATTRIBUTE}(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?(?=[\s/>]|$)""", re.I
)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,}")
_TYPE = re.compile(
    r"""(?:^|\s)type\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)'|(?P<u>[^\s"'>]+))""", re.I
)
_SCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}
"""``type`` values of a script that runs (the other legacy JavaScript types are not used)."""
_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>', re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def new_token() -> str:
    """A fresh random token for one build (URL-safe characters, so it needs no quotes).

    Examples
    --------
    >>> a, b = new_token(), new_token()
    >>> a != b and len(a) >= 22
    True
    """
    return secrets.token_urlsafe(24)


def _checked(token: str) -> str:
    if not _TOKEN.fullmatch(token):
        raise ValueError(f"not a token from new_token(): {token!r}")
    return token


def mark_own_scripts(source: str, token: str) -> str:
    """Mark every ``<script`` tag of trusted template source with ``token``.

    The attribute is written without quotes, so a tag that a template writes inside a
    quoted Jinja string stays valid Jinja.

    Examples
    --------
    >>> mark_own_scripts('<script>go()</script><SCRIPT src="a.js"></SCRIPT>', "t" * 16)
    '<script data-edukit-own=tttttttttttttttt>go()</script><SCRIPT data-edukit-own=tttttttttttttttt src="a.js"></SCRIPT>'
    """
    mark = f" {OWN_SCRIPT_ATTRIBUTE}={_checked(token)}"
    return _TEMPLATE_SCRIPT.sub(lambda match: match.group(0) + mark, source)


class OwnScriptLoader(jinja2.BaseLoader):
    """A Jinja loader that reads templates through ``loader`` and marks their scripts.

    Page content is not template source: it reaches the page through a variable
    (``{{ page.content }}``) and keeps its scripts unmarked.
    """

    def __init__(self, loader: jinja2.BaseLoader, token: str) -> None:
        self.loader = loader
        self.token = _checked(token)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        return mark_own_scripts(source, self.token), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


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


def _is_own(attrs: str, token: str) -> bool:
    return any(_own_value(match.group(0)) == token for match in _OWN_ATTRIBUTE.finditer(attrs))


def _own_value(attribute: str) -> str:
    _, _, value = attribute.partition("=")
    return value.strip().strip("\"'")


def _runs(attrs: str) -> bool:
    """Whether a script with these attributes runs (no ``type``, or a JavaScript one)."""
    match = _TYPE.search(attrs)
    if match is None:
        return True
    value = next(v for v in match.group("q", "s", "u") if v is not None)
    return value.strip().lower() in _SCRIPT_TYPES


def inline_script_hashes(html: str, token: str) -> list[str]:
    """``'sha256-…'`` sources of the inline scripts marked with ``token`` that a browser runs.

    Unmarked scripts (the page's content) and data blocks (``type="application/json"`` and the
    like, which are not scripts) get no hash.

    Examples
    --------
    >>> token = "t" * 16
    >>> inline_script_hashes(
    ...     f'<script data-edukit-own={token}>var a=1</script><script>var a=1;</script>'
    ...     f'<script {OWN_SCRIPT_ATTRIBUTE}={token} type="application/json">{{}}</script>', token)
    ["'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"]
    >>> inline_script_hashes(f'<script data-edukit-own="forged">var a=1</script>', token)
    []
    """
    _checked(token)
    found = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"]
        if not _is_own(attrs, token):
            continue
        if re.search(r"(?:^|\s)src\s*=", attrs, re.I) or not _runs(attrs):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        found.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return list(dict.fromkeys(found))


def _unmark(html: str) -> str:
    """Every script start tag without its ``data-edukit-own`` attributes (forged ones too)."""
    return _SCRIPT_START.sub(lambda match: _OWN_ATTRIBUTE.sub("", match.group(0)), html)


def add_csp(
    html: str,
    token: str,
    *,
    connect: Sequence[str] = CONNECT_SOURCES,
    style: Sequence[str] = STYLE_SOURCES,
) -> str:
    """Insert the policy first in ``<head>``, with the hashes of the scripts marked ``token``.

    Called once per page, on the page as the template rendered it: the marks are removed
    afterwards. A policy already there is replaced; a document without ``<head>`` is returned
    without marks and without policy.

    Examples
    --------
    >>> token = new_token()
    >>> page = mark_own_scripts('<html><head><title>t</title><script>go()</script></head>', token)
    >>> out = add_csp(page + '<body><script>evil()</script></body></html>', token)
    >>> out.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="default-src')
    True
    >>> inline_script_hashes(page, token)[0] in out, OWN_SCRIPT_ATTRIBUTE in out
    (True, False)
    >>> out.count("'sha256-")  # go(), not evil()
    1
    """
    hashes = inline_script_hashes(html, token)
    html = _unmark(_META.sub("", html))
    head = _HEAD.search(html)
    if head is None:
        return html
    policy = csp_policy(hashes, connect=connect, style=style)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{htmllib.escape(policy, quote=False)}">'
    return html[: head.end()] + meta + html[head.end() :]
