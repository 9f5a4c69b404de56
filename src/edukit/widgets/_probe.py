"""A widget kept for tests: it exercises the whole runtime with the fewest moving parts."""

from __future__ import annotations

from typing import TypedDict, Unpack

import traitlets

from edukit.widgets._base import STATIC, EdukitWidget

__all__ = ["Probe", "ProbeOptions"]


class ProbeOptions(TypedDict, total=False):
    """Keyword options of :class:`Probe` (and keys of the ``edukit-probe`` block)."""

    count: int
    text: str
    key: str
    lang: str
    course: str


class Probe(EdukitWidget):
    """A counter button, a text field echoed as text, and a value kept in the learner's store.

    Examples
    --------
    >>> probe = Probe(count=2, text="<b>bonjour</b>")
    >>> probe.count, probe.get_state()["_edukit_widget"]
    (2, 'probe')
    """

    widget_name = "probe"
    _esm = STATIC / "probe.js"
    _css = STATIC / "probe.css"

    count = traitlets.Int(0, help="Clicks so far (the button adds one).").tag(sync=True)
    text = traitlets.Unicode("", help="The text field; shown back as text, never as HTML.").tag(
        sync=True
    )
    key = traitlets.Unicode("probe", help="Key of the stored value in the learner's store.").tag(
        sync=True
    )

    def __init__(self, **options: Unpack[ProbeOptions]) -> None:
        super().__init__(**options)
