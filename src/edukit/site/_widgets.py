"""Site side of the widget runtime: widget blocks in Markdown, inert widget state, the static host.

Interface used by :mod:`edukit.site.plugin` (owned by the widget runtime; the plugin only calls
these functions from its hooks):

- ``custom_fences()`` → the ``pymdownx.superfences`` entries for every ``edukit-<name>`` block;
  ``fence_validator`` / ``fence_format`` write a placeholder holding the block's YAML;
- ``on_page_content`` turns placeholders into mount points through the block registry
  (``register_block``), with ``path:line`` errors for bad YAML; blocks registered with
  ``inputs=`` are cached by content under ``.cache/edukit/blocks/`` (:mod:`edukit._cache`);
- ``on_post_page`` makes the widgets of executed notebook pages live without a kernel or a CDN:
  widget state becomes inert data on mount points, mkdocs-jupyter's CDN loaders and inlined
  JupyterLab CSS go, and every page links the shared stylesheet and the static host;
- ``on_post_page`` also marks a lesson page's header with ``data-edukit-lesson`` (its id) and
  ``data-edukit-minutes`` (its planned duration), which the progress script (``progress.js``:
  the « Ma progression » panel, lesson time and completion) reads;
- a widget's large state values that many pages share (the playground's mini model,
  :data:`SHARED_STATE`) leave the page: the mount point names a static, content-addressed
  ``assets/edukit/data/<hash>.json`` (``data-edukit-shared``) that the host fetches once and
  the browser caches; in a notebook the traits still carry the data;
- ``on_post_build`` copies the host and its modules (``progress.js``, ``store.js``,
  ``sha256.js``, ``a11y.js``, ``i18n.js``), the shared stylesheet and each widget's module into
  ``assets/edukit/``.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from edukit._cache import BLOCKS_DIR, DiskCache, content_key
from edukit._problems import ProblemError
from edukit.site import _live
from edukit.site.blocks import BlockBuilder, BlockContext, BlockError, BlockInputs
from edukit.site.blocks import shown_path as _shown

__all__ = [
    "ASSETS",
    "BlockContext",
    "BlockError",
    "custom_fences",
    "fence_format",
    "fence_validator",
    "mark_lesson",
    "on_page_content",
    "on_post_build",
    "on_post_page",
    "register_block",
    "rewrite_notebook_html",
]

ASSETS = "assets/edukit"
STATIC = Path(__file__).parent / "static"
FENCE_PREFIX = "edukit-"

NEEDS_JUPYTER = {
    "fr": "Ce contrôle nécessite Jupyter : ouvrez le notebook dans JupyterLab pour l'utiliser.",
    "en": "This control needs Jupyter: open the notebook in JupyterLab to use it.",
}
NEEDS_SCRIPT = {
    "fr": "Ce module interactif a besoin de JavaScript pour s'afficher.",
    "en": "This interactive module needs JavaScript to show.",
}
COPY_LABEL = {"fr": "Copier le code", "en": "Copy the code"}
DATA = "data"
"""Folder of ``assets/edukit/`` holding the shared widget state files."""
SHARED_STATE: dict[str, tuple[str, ...]] = {
    "playground": ("model_export", "memorisation", "checks", "rubric", "impacts"),
}
"""State keys of each widget that are the same on every page (the mini model trained on the
whole course, the checklist, the rubric): shipped once as a static file, not in each page."""


# -- block registry ---------------------------------------------------------------------------


_BLOCKS: dict[str, BlockBuilder] = {}
_INPUTS: dict[str, BlockInputs] = {}
CACHE_ENV = "EDUKIT_BLOCK_CACHE"
"""Set to ``0`` to build every block afresh (the cache is neither read nor written)."""


def register_block(name: str, build: BlockBuilder, *, inputs: BlockInputs | None = None) -> None:
    """Make fences ```` ```edukit-<name> ```` build a widget.

    ``build(data, context)`` receives the block's YAML (a dict, line numbers are in the
    ``path:line`` of any :class:`~edukit._problems.ProblemError` it raises) and returns
    ``(widget name, state)``, where ``state`` maps trait names to JSON values — usually
    ``SomeWidget(**options).page_state()["state"]`` so that the widget's own validation runs.

    ``inputs(data, context)``, when given, makes the block cacheable: it returns JSON values
    that stand for everything ``build`` reads besides the YAML, the page language and path and
    edukit's code (for example a digest of the bank files, :func:`edukit._cache.files_digest`),
    or ``None`` when it cannot tell (then the block is built afresh). The mount point is then
    stored under the hash of all of them and reused while none changes. Without ``inputs`` a
    block is built on every build.
    """
    if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
        raise ValueError(f"block names are lowercase words with dashes, not {name!r}")
    _BLOCKS[name] = build
    if inputs is None:
        _INPUTS.pop(name, None)
    else:
        _INPUTS[name] = inputs


def _load_blocks() -> dict[str, BlockBuilder]:
    """Registered blocks; widget modules register theirs when imported."""
    from edukit.widgets import widget_classes

    widget_classes()
    return _BLOCKS


def custom_fences() -> list[dict[str, Any]]:
    """``pymdownx.superfences`` ``custom_fences`` entries, one per registered block."""
    return [
        {
            "name": FENCE_PREFIX + name,
            "class": "edukit-block",
            "validator": fence_validator,
            "format": fence_format,
        }
        for name in sorted(_load_blocks())
    ]


def _probe_block(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    from edukit.widgets import Probe

    return "probe", Probe(lang=context.lang, **data).page_state()["state"]


register_block("probe", _probe_block)


# -- fences and mount points ------------------------------------------------------------------


def fence_validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """pymdownx.superfences validator for ``edukit-*`` fences (no header options allowed)."""
    return language.startswith(FENCE_PREFIX) and not inputs


def fence_format(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any
) -> str:
    """pymdownx.superfences formatter: a placeholder that ``on_page_content`` replaces."""
    name = language.removeprefix(FENCE_PREFIX)
    return (
        f'<div class="edukit-block" data-edukit-block="{htmllib.escape(name)}" '
        f'data-edukit-source="{htmllib.escape(source, quote=True)}"></div>'
    )


_PLACEHOLDER = re.compile(
    r'<div class="edukit-block" data-edukit-block="(?P<name>[^"]*)" '
    r'data-edukit-source="(?P<source>[^"]*)"></div>'
)
_SOURCE_FENCE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*edukit-(?P<name>[\w-]+)", re.M)


def _site_lang(config: Any) -> str:
    theme = config.get("theme")
    language = ""
    if theme is not None:
        try:
            language = theme["language"] or ""
        except (KeyError, TypeError):
            language = ""
    primary = str(language).lower().split("-")[0]
    return primary if primary in NEEDS_JUPYTER else "fr"


def _root(config: Any) -> Path:
    config_file = config.get("config_file_path")
    return Path(config_file).parent if config_file else Path.cwd()


@dataclass
class _Session:
    """What one build shares between pages: the block cache and the code fingerprint."""

    root: Path
    fingerprint: str
    cache: DiskCache | None
    memo: dict[str, Any]
    """Per-build results of the page hooks (the course id, the asset versions)."""
    shared: dict[str, str] = field(default_factory=dict)
    """Shared state files of this build's pages: JSON text by path in ``assets/edukit/``."""


_SESSION: _Session | None = None


def _session(root: Path) -> _Session:
    global _SESSION
    root = root.resolve()
    if _SESSION is None or _SESSION.root != root:
        from edukit.build._fingerprint import source_fingerprint

        enabled = os.environ.get(CACHE_ENV, "1") != "0"
        _SESSION = _Session(
            root,
            source_fingerprint(root),
            DiskCache(root / BLOCKS_DIR) if enabled else None,
            {},
        )
    return _SESSION


def block_cache_stats() -> dict[str, int]:
    """Hits, misses and writes of the block cache in the current build (for benchmarks)."""
    cache = _SESSION.cache if _SESSION is not None else None
    if cache is None:
        return {"hits": 0, "misses": 0, "writes": 0}
    return {"hits": cache.hits, "misses": cache.misses, "writes": cache.writes}


def on_pre_build(config: Any) -> None:
    """Start a build: a fresh session (the code fingerprint is taken again)."""
    global _SESSION
    _SESSION = None
    _session(_root(config))


def _block_key(
    name: str, source: str, context: BlockContext, data: dict[str, Any], session: _Session
) -> str | None:
    reader = _INPUTS.get(name)
    if reader is None or session.cache is None:
        return None
    try:
        inputs = reader(data, context)
    except Exception:  # cannot tell what the block reads: build it afresh
        return None
    if inputs is None:
        return None
    return content_key(
        "block",
        name,
        source,
        context.lang,
        _shown(context.path, context.root).as_posix(),
        inputs,
        session.fingerprint,
    )


def shared_state(name: str, state: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """Split off the :data:`SHARED_STATE` keys of a widget's state.

    Returns the state without them, the path of their file in ``assets/edukit/`` (named by
    the hash of its content, so browsers may cache it for good) and its JSON text; the path is
    ``""`` when the widget has none.

    Examples
    --------
    >>> rest, path, text = shared_state("playground", {"title": "t", "checks": [1]})
    >>> rest, path.startswith("data/") and path.endswith(".json"), text
    ({'title': 't'}, True, '{"checks":[1]}')
    >>> shared_state("quiz", {"payload": {}})
    ({'payload': {}}, '', '')
    """
    keys = [key for key in SHARED_STATE.get(name, ()) if key in state]
    if not keys:
        return state, "", ""
    text = json.dumps(
        {key: state[key] for key in keys}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    path = f"{DATA}/{hashlib.sha256(text.encode()).hexdigest()[:20]}.json"
    return {key: value for key, value in state.items() if key not in keys}, path, text


def mount_html(
    name: str,
    state: dict[str, Any],
    *,
    lang: str,
    buffers: Sequence[Any] = (),
    shared: dict[str, str] | None = None,
) -> str:
    """The mount point the static host renders: widget name, version and state as attributes.

    With ``shared`` (a dict to fill), the widget's :data:`SHARED_STATE` keys go to a static
    file instead (its path and text are added to ``shared``), named by ``data-edukit-shared``.
    """
    from edukit.widgets._base import widget_classes, widget_import_errors
    from edukit.widgets._secrets import find_secret

    classes = widget_classes()
    if name not in classes:
        broken = "; ".join(f"{module}: {why}" for module, why in widget_import_errors().items())
        raise BlockError(
            f"no widget named {name!r} (known: {', '.join(classes)})"
            + (f"; widget modules that failed to import — {broken}" if broken else "")
        )
    what = find_secret(state)
    if what:
        raise BlockError(f"the state of widget {name!r} holds {what}; keep secrets out of pages")
    reference = ""
    if shared is not None:
        state, path, text = shared_state(name, state)
        if path:
            shared[path] = text
            reference = f' data-edukit-shared="{htmllib.escape(path, quote=True)}"'
    payload = json.dumps({"state": state, "buffers": list(buffers)}, ensure_ascii=False)
    return (
        f'<div class="edukit-mount" data-edukit-mount="{name}" '
        f'data-edukit-version="{widget_version(name)}"{reference} '
        f'data-edukit-state="{htmllib.escape(payload, quote=True)}">'
        f'<p class="edukit-note">{NEEDS_SCRIPT[lang]}</p></div>'
    )


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    """Turn widget-block placeholders of a Markdown page into widget mount points.

    Raises
    ------
    mkdocs.exceptions.PluginError
        ``path:line: what — how`` for an unknown block name, broken YAML or invalid options.
    """
    if "data-edukit-block=" not in html and FENCE_PREFIX not in (page.markdown or ""):
        return html
    from mkdocs.exceptions import PluginError

    from edukit._yaml import load_yaml

    root = _root(config)
    session = _session(root)
    lang = _site_lang(config)
    src = getattr(page.file, "abs_src_path", None)
    path = Path(src) if src else Path(page.file.src_path)
    text = path.read_text(encoding="utf-8") if src and path.is_file() else page.markdown or ""
    fences = list(_SOURCE_FENCE.finditer(text))
    fence_lines = [text.count("\n", 0, m.start()) + 1 for m in fences]
    blocks = _load_blocks()
    shown = _shown(path, root)
    for fence, line in zip(fences, fence_lines, strict=True):
        if fence["name"] not in blocks:
            known = ", ".join(FENCE_PREFIX + known for known in sorted(blocks))
            raise PluginError(
                f"{shown.as_posix()}:{line}: unknown widget block '{FENCE_PREFIX}{fence['name']}'"
                f" — use one of: {known}"
            )
    index = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal index
        line = fence_lines[index] if index < len(fence_lines) else 1
        index += 1
        name = htmllib.unescape(match["name"])
        source = htmllib.unescape(match["source"])
        where = f"{shown.as_posix()}:{line}"
        if name not in blocks:
            known = ", ".join(FENCE_PREFIX + known for known in sorted(blocks))
            raise PluginError(
                f"{where}: unknown widget block '{FENCE_PREFIX}{name}' — use one of: {known}"
            )
        try:
            document = load_yaml(source, shown, line_offset=line)
        except ProblemError as error:
            raise PluginError(str(error)) from None
        data = document.data if document.data is not None else {}
        if not isinstance(data, dict):
            raise PluginError(
                f"{where}: the '{FENCE_PREFIX}{name}' block must hold YAML keys — "
                "write one 'key: value' per line"
            )
        context = BlockContext(root=root, page=page, lang=lang, path=path, line=line)
        key = _block_key(name, source, context, data, session)
        if _live.is_live():
            _live.record_block(page, config["site_dir"], name, source, data, context, key)
        if key is not None and session.cache is not None:
            cached = _cached_html(session, key)
            if cached is not None:
                return cached
        shared: dict[str, str] = {}
        try:
            widget, state = blocks[name](data, context)
            mount = mount_html(widget, state, lang=lang, shared=shared)
        except ProblemError as error:
            raise PluginError(str(error)) from None
        except Exception as error:  # a builder's failure is an author error, shown at its line
            raise PluginError(
                f"{where}: the '{FENCE_PREFIX}{name}' block is not valid: {error}"
            ) from None
        session.shared.update(shared)
        if key is not None and session.cache is not None:
            session.cache.put(key, {"html": mount, "shared": shared})
        return mount

    return _PLACEHOLDER.sub(replace, html)


def live_key(name: str, source: str, context: BlockContext, data: dict[str, Any]) -> str | None:
    """A block's cache key today (live mode: has what it reads changed since it was shown?)."""
    return _block_key(name, source, context, data, _session(context.root))


def warm_block(name: str, source: str, context: BlockContext, data: dict[str, Any]) -> None:
    """Build a block into the cache (live mode's background refresh), unless it is there."""
    session = _session(context.root)
    key = _block_key(name, source, context, data, session)
    if key is None or session.cache is None or session.cache.get(key) is not None:
        return
    shared: dict[str, str] = {}
    widget, state = _load_blocks()[name](data, context)
    mount = mount_html(widget, state, lang=context.lang, shared=shared)
    session.cache.put(key, {"html": mount, "shared": shared})


def _cached_html(session: _Session, key: str) -> str | None:
    """A cached mount point or page, with its shared state files added to the build."""
    assert session.cache is not None
    cached = session.cache.get(key)
    if not isinstance(cached, dict) or not isinstance(cached.get("html"), str):
        return None
    shared = cached.get("shared")
    if not isinstance(shared, dict) or not all(isinstance(v, str) for v in shared.values()):
        return None
    session.shared.update(shared)
    return str(cached["html"])


# -- notebook pages ---------------------------------------------------------------------------

_ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*">)(.*?)(</article>)', re.S)
_STATE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">\s*(.*?)\s*</script>', re.S
)
_VIEW = re.compile(
    r'(?:<script type="text/javascript">\s*var element = document\.getElementById\([^)]*\);\s*</script>\s*)?'
    r'<script type="application/vnd\.jupyter\.widget-view\+json">\s*(.*?)\s*</script>',
    re.S,
)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
_CLIPBOARD = re.compile(r'<clipboard-copy\b[^>]*?\bfor="([^"]+)"[^>]*>.*?</clipboard-copy>', re.S)
_COPY_ICON = (
    '<svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16">'
    '<path fill="currentColor" d="M0 6.75C0 5.78.78 5 1.75 5h1.5a.75.75 0 0 1 0 1.5h-1.5a.25.25 '
    "0 0 0-.25.25v7.5c0 .14.11.25.25.25h7.5a.25.25 0 0 0 .25-.25v-1.5a.75.75 0 0 1 1.5 0v1.5A1.75 "
    "1.75 0 0 1 9.25 16h-7.5A1.75 1.75 0 0 1 0 14.25Zm5-5C5 .78 5.78 0 6.75 0h7.5C15.22 0 16 .78 16 "
    "1.75v7.5A1.75 1.75 0 0 1 14.25 11h-7.5A1.75 1.75 0 0 1 5 9.25Zm1.75-.25a.25.25 0 0 0-.25.25v7.5c0 "
    '.14.11.25.25.25h7.5a.25.25 0 0 0 .25-.25v-7.5a.25.25 0 0 0-.25-.25Z"/></svg>'
)
# What mkdocs-jupyter puts in a notebook page that must not reach the learner: CDN loaders
# (html-manager from unpkg, require.js, MathJax, mermaid), clipboard.umd.js whose anonymous
# define() breaks require.js on the second instant navigation, and ~600 KB of JupyterLab CSS.
_DROP_SCRIPT = (
    "ClipboardCopyElement",
    "clipboard-copy",
    "widgetRendererSrc",
    "unpkg.com",
    "init_mathjax",
    "mermaid",
    "cdnjs.",
    "require.js",
)


def _needs_jupyter(lang: str) -> str:
    return f'<p class="edukit-note">{NEEDS_JUPYTER[lang]}</p>'


def _keep_script(attributes: str, body: str) -> bool:
    if "text/x-mathjax-config" in attributes or re.search(r'\bsrc="[^"]*"', attributes):
        return False
    return not any(marker in body for marker in _DROP_SCRIPT)


def rewrite_notebook_html(
    content: str, lang: str = "fr", shared: dict[str, str] | None = None
) -> str:
    """Rewrite a notebook page's content (the ``<article>``) for the static host (with
    ``shared``, the widgets' shared state goes to files, as in :func:`mount_html`).

    Examples
    --------
    >>> out = rewrite_notebook_html('<div class="jupyter-wrapper"><script src="https://unpkg.com/x.js"></script>'
    ...     '<style type="text/css">.jp-Cell{}</style><script type="application/vnd.jupyter.widget-view+json">'
    ...     '{"model_id": "m1"}</script></div>')
    >>> "unpkg" in out, "<style" in out, "nécessite Jupyter" in out
    (False, False, True)
    """
    from edukit.widgets._base import FRAMEWORK_KEYS

    models: dict[str, Any] = {}
    state_match = _STATE.search(content)
    if state_match:
        try:
            models = json.loads(state_match.group(1)).get("state", {})
        except (ValueError, AttributeError):
            models = {}
        content = content[: state_match.start()] + content[state_match.end() :]

    def view(match: re.Match[str]) -> str:
        try:
            model_id = json.loads(match.group(1))["model_id"]
        except (ValueError, KeyError, TypeError):
            return _needs_jupyter(lang)
        model = models.get(model_id)
        if not isinstance(model, dict):
            return _needs_jupyter(lang)
        state = model.get("state", {})
        name = state.get("_edukit_widget") if isinstance(state, dict) else None
        if not name:
            return _needs_jupyter(lang)
        kept = {key: value for key, value in state.items() if key not in FRAMEWORK_KEYS}
        try:
            return mount_html(
                name, kept, lang=lang, buffers=model.get("buffers", []), shared=shared
            )
        except BlockError:
            return _needs_jupyter(lang)

    content = _VIEW.sub(view, content)
    content = _SCRIPT.sub(
        lambda m: m.group(0) if _keep_script(m.group(1), m.group(2)) else "", content
    )
    content = _STYLE.sub("", content)
    content = _CLIPBOARD.sub(
        lambda m: (
            f'<button type="button" class="edukit-copy" data-edukit-copy="{m.group(1)}" '
            f'aria-label="{COPY_LABEL[lang]}" title="{COPY_LABEL[lang]}">{_COPY_ICON}</button>'
        ),
        content,
    )
    return content


def _rewritten(content: str, lang: str, session: _Session) -> str:
    """:func:`rewrite_notebook_html`, cached on the content, language and edukit's code (the
    widget states of a notebook page only change when the notebook is executed again)."""
    shared: dict[str, str] = {}
    if session.cache is None:
        rewritten = rewrite_notebook_html(content, lang, shared)
        session.shared.update(shared)
        return rewritten
    key = content_key("notebook-page", content, lang, session.fingerprint)
    cached = _cached_html(session, key)
    if cached is not None:
        return cached
    rewritten = rewrite_notebook_html(content, lang, shared)
    session.shared.update(shared)
    session.cache.put(key, {"html": rewritten, "shared": shared})
    return rewritten


def _course_id(config: Any) -> str:
    memo = _session(_root(config)).memo
    key = f"course-id:{config.get('docs_dir')}"
    if key not in memo:
        memo[key] = _read_course_id(config)
    return str(memo[key])


def _read_course_id(config: Any) -> str:
    extra = config.get("extra") or {}
    edukit = extra.get("edukit") if isinstance(extra, dict) else None
    if isinstance(edukit, dict) and edukit.get("course"):
        return str(edukit["course"])
    docs_dir = config.get("docs_dir")
    for candidate in (Path(docs_dir) / "course.yml" if docs_dir else None,):
        if candidate is not None and candidate.is_file():
            match = re.search(
                r"^id:\s*['\"]?([\w.-]+)", candidate.read_text(encoding="utf-8"), re.M
            )
            if match:
                return match.group(1)
    return "edukit"


_LESSON_HEADER = re.compile(r'<div class="edukit-lesson-header"(?=[\s>])')
_LESSON_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,189}")


def mark_lesson(output: str, page: Any) -> str:
    """Mark a lesson page's header with its id and planned minutes, for the progress script.

    The plugin's lesson header (``edukit-lesson-header``) only appears on lesson pages; the id
    and the activities come from the page's front matter.

    Examples
    --------
    >>> class Page:
    ...     meta = {"id": "l01-accueil", "activities": [{"minutes": 25}, {"minutes": 20}]}
    >>> mark_lesson('<div class="edukit-lesson-header">…</div>', Page())
    '<div class="edukit-lesson-header" data-edukit-lesson="l01-accueil" data-edukit-minutes="45">…</div>'
    """
    meta = getattr(page, "meta", None) or {}
    lesson = meta.get("id") if isinstance(meta, dict) else None
    if not isinstance(lesson, str) or not _LESSON_ID.fullmatch(lesson):
        return output
    activities = meta.get("activities")
    minutes = sum(
        activity["minutes"]
        for activity in (activities if isinstance(activities, list) else [])
        if isinstance(activity, dict)
        and isinstance(activity.get("minutes"), int)
        and not isinstance(activity.get("minutes"), bool)
        and activity["minutes"] > 0
    )
    attributes = f' data-edukit-lesson="{lesson}"' + (
        f' data-edukit-minutes="{minutes}"' if minutes else ""
    )
    return _LESSON_HEADER.sub(lambda match: match.group(0) + attributes, output, count=1)


def on_post_page(output: str, *, page: Any, config: Any) -> str:
    """Make a rendered page's widgets live without a kernel or a CDN.

    Notebook pages lose mkdocs-jupyter's loaders and inlined CSS, their widget views become
    mount points; every page links the shared stylesheet and the static host (instant
    navigation keeps the ``<head>``, so they must be there from the first page on).
    """
    from mkdocs.utils import get_relative_url

    lang = _site_lang(config)
    match = re.search(r'<html[^>]*\blang="([^"]+)"', output)
    if match and match.group(1).split("-")[0].lower() in NEEDS_JUPYTER:
        lang = match.group(1).split("-")[0].lower()
    if "jupyter-wrapper" in output or "application/vnd.jupyter.widget" in output:
        session = _session(_root(config))
        output = _ARTICLE.sub(
            lambda m: m.group(1) + _rewritten(m.group(2), lang, session) + m.group(3), output
        )
    output = mark_lesson(output, page)
    if f"{ASSETS}/host.js" in output:
        return output
    url = page.url if page is not None else ""
    css = get_relative_url(f"{ASSETS}/edukit.css", url)
    host = get_relative_url(f"{ASSETS}/host.js", url)
    memo = _session(_root(config)).memo
    if "asset-versions" not in memo:
        memo["asset-versions"] = _asset_versions()
    versions = memo["asset-versions"]
    head = (
        f'<meta name="edukit-course" content="{htmllib.escape(_course_id(config))}">'
        f'<link rel="stylesheet" href="{css}?v={versions["edukit.css"]}">'
        f'<script type="module" src="{host}?v={versions["host.js"]}"></script>'
    )
    return output.replace("</head>", head + "</head>", 1)


# -- assets -----------------------------------------------------------------------------------


def _digest(*texts: str) -> str:
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()[:12]


@cache
def widget_version(name: str) -> str:
    """A short hash of a widget's module and stylesheet (cache-busting query of its files)."""
    from edukit.widgets import widget_classes

    cls = widget_classes()[name]
    return _digest(str(cls._esm), str(cls._css))


# Modules of the site's static host, in dependency order: (shipped name, source folder).
# Each one's imports of the earlier ones get their version, so that a change in a helper
# reaches every page that imports it (browsers cache modules by URL).
_HOST_MODULES = (
    ("sha256.js", "widgets"),
    ("i18n.js", "widgets"),
    ("a11y.js", "widgets"),
    ("store.js", "widgets"),
    ("progress.js", "site"),
    ("host.js", "site"),
)


def _assets() -> dict[str, str]:
    from edukit.widgets._bundle import STATIC as WIDGET_STATIC

    folders = {"widgets": WIDGET_STATIC, "site": STATIC}
    assets: dict[str, str] = {}
    for name, folder in _HOST_MODULES:
        text = (folders[folder] / name).read_text(encoding="utf-8")
        for earlier, shipped in assets.items():
            text = text.replace(f'"./{earlier}"', f'"./{earlier}?v={_digest(shipped)}"')
        assets[name] = text
    assets["edukit.css"] = "".join(
        path.read_text(encoding="utf-8")
        for path in (
            STATIC / "notebook.css",
            WIDGET_STATIC / "base.css",
            STATIC / "progress.css",
            STATIC / "quality.css",
        )
    )
    return assets


def _asset_versions() -> dict[str, str]:
    return {name: _digest(text) for name, text in _assets().items()}


def on_post_build(config: Any) -> None:
    """Copy the static host, widget modules and shared stylesheet into the site; end the build
    (stale block-cache entries are pruned, the next build starts a new session)."""
    global _SESSION
    from edukit.widgets import widget_classes

    target = Path(config["site_dir"]) / ASSETS
    (target / "widgets").mkdir(parents=True, exist_ok=True)
    if _SESSION is not None:
        for path, text in _SESSION.shared.items():
            file = target / path
            file.parent.mkdir(parents=True, exist_ok=True)
            if not file.is_file():  # named by its content: an existing one is the same
                temporary = file.with_name(f".{file.name}.tmp")
                temporary.write_text(text, encoding="utf-8")
                os.replace(temporary, file)
        if _SESSION.cache is not None:
            _SESSION.cache.prune()
        _SESSION = None

    for name, text in _assets().items():
        (target / name).write_text(text, encoding="utf-8")
    for name, cls in widget_classes().items():
        (target / "widgets" / f"{name}.js").write_text(str(cls._esm), encoding="utf-8")
        (target / "widgets" / f"{name}.css").write_text(str(cls._css), encoding="utf-8")
