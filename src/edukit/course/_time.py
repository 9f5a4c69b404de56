"""Durations and clock times as authors write them (``21h``, ``7h30``, ``09:00``)."""

from __future__ import annotations

import re

__all__ = ["clock", "format_duration", "parse_clock", "parse_duration"]

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h\s*(\d{1,2})?|(\d+)\s*(?:min)?)\s*$", re.I)


def parse_duration(value: object) -> int | None:
    """Minutes from ``21h``, ``7h30``, ``90min``, ``"90"`` or ``90``; ``None`` if unreadable.

    Examples
    --------
    >>> parse_duration("21h"), parse_duration("7h30"), parse_duration(90), parse_duration("90 min")
    (1260, 450, 90, 90)
    >>> parse_duration("trois heures") is None, parse_duration(True) is None
    (True, True)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value)
    if match is None:
        return None
    hours, minutes, plain = match.groups()
    if plain is not None:
        return int(plain)
    if minutes is not None and int(minutes) >= 60:
        return None
    return int(hours) * 60 + int(minutes or 0)


def format_duration(minutes: int) -> str:
    """``1260`` → ``21h``, ``1245`` → ``20h45``, ``45`` → ``45 min``.

    Examples
    --------
    >>> format_duration(1260), format_duration(1245), format_duration(45), format_duration(-30)
    ('21h', '20h45', '45 min', '-30 min')
    """
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def parse_clock(text: str) -> int:
    """Minutes since midnight of ``HH:MM``.

    >>> parse_clock("09:00")
    540
    """
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """``HH:MM`` of minutes since midnight.

    >>> clock(540), clock(615)
    ('09:00', '10:15')
    """
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}:{rest:02d}"
