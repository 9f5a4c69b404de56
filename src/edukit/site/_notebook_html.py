"""Notebook pages without a kernel or a CDN: mkdocs-jupyter's output rewritten for the static host.

A notebook page's widget views become mount points (the widget state saved in the notebook
becomes inert data), mkdocs-jupyter's CDN loaders and inlined JupyterLab CSS go, and its
clipboard buttons become plain buttons the host wires. A view with no saved state says that
the control needs Jupyter.
"""

from __future__ import annotations

import json
import re
from typing import Any

from edukit.site._mount import mount_html
from edukit.site.blocks import BlockError

__all__ = ["ARTICLE", "COPY_LABEL", "NEEDS_JUPYTER", "rewrite_notebook_html"]

NEEDS_JUPYTER = {
    "fr": "Ce contrôle nécessite Jupyter : ouvrez le notebook dans JupyterLab pour l'utiliser.",
    "en": "This control needs Jupyter: open the notebook in JupyterLab to use it.",
}
COPY_LABEL = {"fr": "Copier le code", "en": "Copy the code"}

ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*">)(.*?)(</article>)', re.S)
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
    from edukit.widgets import FRAMEWORK_KEYS

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
