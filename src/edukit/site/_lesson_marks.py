"""Lesson pages marked for the progress script: the lesson id and planned minutes on the header.

The progress script (``progress.js``: the « Ma progression » panel, lesson time and
completion) reads ``data-edukit-lesson`` and ``data-edukit-minutes`` from the lesson header.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["mark_lesson"]

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
