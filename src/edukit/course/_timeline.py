"""The course timeline: every activity in order, checked against the duration and the days."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edukit._problems import Problem
from edukit._yaml import YamlDocument
from edukit.course._models import Activity
from edukit.course._time import format_duration

__all__ = ["Timed", "timeline_problems"]


@dataclass
class Timed:
    """An activity placed on the course timeline, loaded or salvaged from a broken lesson."""

    activity: Activity
    path: Path
    line: int | None


def timeline_problems(
    timeline: list[Timed],
    document: YamlDocument,
    duration: int,
    day_minutes: int,
    *,
    complete: bool,
) -> list[Problem]:
    """The total and the day boundaries, as far as every lesson's activities could be read
    (``complete`` is false when a lesson's activities could not be read: that lesson is
    reported once, not as a wrong total; ``timeline`` then stops before it)."""
    problems: list[Problem] = []
    total = sum(timed.activity.minutes for timed in timeline)
    if duration and total != duration and complete:
        gap = total - duration
        problems.append(
            Problem(
                document.path,
                document.line("duration"),
                f"les leçons totalisent {total} min ({format_duration(total)}) mais le cours "
                f"dure {duration} min ({format_duration(duration)}) : "
                f"{abs(gap)} min {'de trop' if gap > 0 else 'de moins'}",
                f"{'retirez' if gap > 0 else 'ajoutez'} {abs(gap)} min d'activités, "
                "ou changez « duration »",
            )
        )
    start = 0
    for timed in timeline:
        end = start + timed.activity.minutes
        boundary = (start // day_minutes + 1) * day_minutes
        if start < boundary < end:
            day = boundary // day_minutes
            problems.append(
                Problem(
                    timed.path,
                    timed.line,
                    f"l'activité « {timed.activity.title} » est à cheval sur la fin du jour {day} : "
                    f"elle commence {boundary - start} min avant la fin de la journée et finit "
                    f"{end - boundary} min après",
                    f"changez les minutes des activités pour que le jour {day} finisse entre deux "
                    f"activités (à la minute {boundary} du cours)",
                )
            )
        start = end
    return problems
