"""French wording shared by the reports: dates, decimal commas, percentages, test names."""

from __future__ import annotations

import datetime as dt

from edukit.progress._summary import FINAL, POSITIONING

__all__ = ["TEST_TITLES", "french_date", "french_decimal", "french_percent"]

_MONTHS = [
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
]


def french_date(day: dt.date) -> str:
    """``2 février 2025``, as CONTENT-STYLE.md writes dates.

    >>> french_date(dt.date(2025, 2, 1)), french_date(dt.date(2025, 6, 4))
    ('1er février 2025', '4 juin 2025')
    """
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"


def french_decimal(value: float, digits: int = 1) -> str:
    """French decimal comma, no useless zeros: ``1,5``, ``2``."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace(".", ",")


def french_percent(ratio: float | None) -> str:
    return "" if ratio is None else french_decimal(ratio * 100)


TEST_TITLES = {POSITIONING: "Test de positionnement", FINAL: "Évaluation finale"}
