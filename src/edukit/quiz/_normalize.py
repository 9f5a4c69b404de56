"""Text normalisation for short answers, shared by grading and the widget payload."""

from __future__ import annotations

import unicodedata

__all__ = ["normalize_answer"]

_LIGATURES = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"))


def normalize_answer(text: str) -> str:
    """The form in which short answers are compared: no case, accents, spaces or punctuation.

    Steps, mirrored exactly by the widget's JavaScript::

        text.normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase()
            .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss")
            .replace(/[^\\p{L}\\p{N}]/gu, "")

    Examples
    --------
    >>> normalize_answer("  Creative-Commons, BY ! ")
    'creativecommonsby'
    >>> normalize_answer("Œuvre DÉRIVÉE") == normalize_answer("oeuvre derivee")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    lowered = without_marks.lower()
    for ligature, letters in _LIGATURES:
        lowered = lowered.replace(ligature, letters)
    return "".join(c for c in lowered if unicodedata.category(c)[0] in "LN")
