"""Mount points: the inert ``<div>`` a page holds for each widget, which the static host renders.

A mount point names its widget and the widget's version, and carries its state as data (never
as HTML: the host gives it to the widget's module). A widget's large state values that many
pages share (the playground's mini model, :data:`SHARED_STATE`) leave the page: the mount point
names a static, content-addressed ``assets/edukit/data/<hash>.json`` (``data-edukit-shared``)
that the host fetches once and the browser caches.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from edukit.site.blocks import BlockError

__all__ = [
    "DATA",
    "NEEDS_SCRIPT",
    "SHARED_STATE",
    "digest",
    "mount_html",
    "shared_state",
    "widget_version",
]

NEEDS_SCRIPT = {
    "fr": "Ce module interactif a besoin de JavaScript pour s'afficher.",
    "en": "This interactive module needs JavaScript to show.",
}
DATA = "data"
"""Folder of ``assets/edukit/`` holding the shared widget state files."""
SHARED_STATE: dict[str, tuple[str, ...]] = {
    "playground": ("model_export", "memorisation", "checks", "rubric", "impacts"),
}
"""State keys of each widget that are the same on every page (the mini model trained on the
whole course, the checklist, the rubric): shipped once as a static file, not in each page."""


def digest(*texts: str) -> str:
    """A short hash of ``texts`` (the cache-busting version of a shipped file)."""
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()[:12]


@cache
def widget_version(name: str) -> str:
    """A short hash of a widget's module and stylesheet (cache-busting query of its files)."""
    from edukit.widgets import widget_classes

    cls = widget_classes()[name]
    return digest(str(cls._esm), str(cls._css))


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
    from edukit.widgets import find_secret, widget_classes, widget_import_errors

    classes = widget_classes()
    if name not in classes:
        broken = "; ".join(f"{module}: {why}" for module, why in widget_import_errors().items())
        raise BlockError(
            f"no widget named {name!r} (known: {', '.join(classes)})"
            + (f"; widget modules that failed to import — {broken}" if broken else "")
        )
    what = find_secret(state)
    if what:
        raise BlockError(
            f"l'état du widget « {name} » contient {what} : aucun secret dans une page "
            f"(the state of widget {name!r} holds {what}; keep secrets out of pages)"
        )
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
