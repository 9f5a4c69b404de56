"""The course timetable: every activity and break with its day and clock times.

Days hold ``schedule.day_minutes`` teaching minutes from ``schedule.day_start``. A break goes at
the first activity boundary at or after its ``after`` teaching minutes of the day (never at the
end of the day). The plan renders as Markdown (French headings) and as CSV.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from edukit.course._models import Course
from edukit.course._time import clock, format_duration, parse_clock

__all__ = [
    "COLUMNS",
    "GROUPING_LABELS",
    "PlanRow",
    "build_plan",
    "markdown_cell",
    "plan_csv",
    "plan_markdown",
]

GROUPING_LABELS = {
    "individual": "Individuel",
    "pairs": "En binôme",
    "group": "En sous-groupes",
    "plenary": "En plénière",
}
"""French labels of the ``grouping`` values, as trainers read them."""

COLUMNS = ("Début", "Fin", "Module", "Leçon", "Activité", "Méthode", "Organisation", "Matériel")
"""Column headings of the Markdown plan (the CSV adds « Jour » first and « Minutes » last)."""


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the timetable: an activity, or a break (``is_break``).

    ``module`` and ``lesson`` are titles (empty for a break); ``activity`` is the activity's
    title or the break's label; ``grouping`` is the raw value (see :data:`GROUPING_LABELS`).
    """

    day: int
    start: str
    end: str
    module: str
    lesson: str
    activity: str
    method: str = ""
    grouping: str = ""
    materials: tuple[str, ...] = ()
    minutes: int = 0
    module_id: str = ""
    lesson_id: str = ""
    is_break: bool = False


@dataclass
class _Day:
    number: int
    clock: int
    taught: int = 0
    pending: list[tuple[int, int, str]] = field(default_factory=list)


def build_plan(course: Course) -> list[PlanRow]:
    """The timetable of every loaded lesson, in teaching order, breaks included.

    Examples
    --------
    >>> from pathlib import Path
    >>> from edukit.course import load_course
    >>> course = load_course(Path("tests/fixtures/courses/good")).course
    >>> [(row.day, row.start, row.end, row.activity) for row in build_plan(course)][:3]
    [(1, '09:00', '09:20', 'Tour de table'), (1, '09:20', '09:40', 'Quiz de positionnement'), (1, '09:40', '10:00', "Qu'est-ce qu'une IA ?")]
    """
    schedule = course.schedule
    breaks = sorted((b.after, b.minutes, b.label) for b in schedule.breaks)
    day_start = parse_clock(schedule.day_start)
    day = _Day(1, day_start, pending=list(breaks))
    rows: list[PlanRow] = []
    for module in course.modules:
        for lesson in module.lessons:
            for activity in lesson.activities:
                if day.taught >= schedule.day_minutes:
                    day = _Day(day.number + 1, day_start, pending=list(breaks))
                while day.pending and day.taught and day.pending[0][0] <= day.taught:
                    _, minutes, label = day.pending.pop(0)
                    rows.append(
                        PlanRow(
                            day=day.number,
                            start=clock(day.clock),
                            end=clock(day.clock + minutes),
                            module="",
                            lesson="",
                            activity=label,
                            minutes=minutes,
                            is_break=True,
                        )
                    )
                    day.clock += minutes
                rows.append(
                    PlanRow(
                        day=day.number,
                        start=clock(day.clock),
                        end=clock(day.clock + activity.minutes),
                        module=module.title,
                        lesson=lesson.title,
                        activity=activity.title,
                        method=activity.method,
                        grouping=activity.grouping,
                        materials=tuple(activity.materials),
                        minutes=activity.minutes,
                        module_id=module.id,
                        lesson_id=lesson.id,
                    )
                )
                day.clock += activity.minutes
                day.taught += activity.minutes
    return rows


def _rows(plan: Course | Sequence[PlanRow]) -> Sequence[PlanRow]:
    return build_plan(plan) if isinstance(plan, Course) else plan


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def markdown_cell(text: str) -> str:
    r"""Author text as literal text in a Markdown table cell: never HTML, links or emphasis.

    Examples
    --------
    >>> markdown_cell("Lire <b>|</b> [le guide](x)")
    'Lire &lt;b&gt;\\|&lt;/b&gt; \\[le guide\\]\\(x\\)'
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def plan_markdown(plan: Course | Sequence[PlanRow]) -> str:
    """The timetable as Markdown: one « Jour N » section a day, one table row an activity.

    Given a :class:`Course`, a title and the total duration come first.
    """
    rows = _rows(plan)
    lines: list[str] = []
    if isinstance(plan, Course):
        taught = sum(row.minutes for row in rows if not row.is_break)
        days = max((row.day for row in rows), default=0)
        lines += [
            f"# Plan de la formation : {plan.title}",
            "",
            f"Durée : {format_duration(taught)} de formation sur {days} jour{'s' if days > 1 else ''}.",
            "",
        ]
    current = 0
    for row in rows:
        if row.day != current:
            current = row.day
            if lines and lines[-1] != "":
                lines.append("")
            lines += [
                f"## Jour {row.day}",
                "",
                "| " + " | ".join(COLUMNS) + " |",
                "|" + "---|" * len(COLUMNS),
            ]
        if row.is_break:
            cells = [row.start, row.end, "", "", f"*{markdown_cell(row.activity)}*", "", "", ""]
        else:
            cells = [
                row.start,
                row.end,
                markdown_cell(row.module),
                markdown_cell(row.lesson),
                markdown_cell(row.activity),
                markdown_cell(row.method),
                GROUPING_LABELS.get(row.grouping, row.grouping),
                markdown_cell(", ".join(row.materials)),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines).rstrip("\n") + "\n"


def plan_csv(plan: Course | Sequence[PlanRow]) -> str:
    """The timetable as CSV text (a header row, then one row an activity or break).

    Write it with ``encoding="utf-8"``. Materials are joined with « ; ».
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("Jour", *COLUMNS, "Minutes"))
    for row in _rows(plan):
        writer.writerow(
            (
                row.day,
                row.start,
                row.end,
                row.module,
                row.lesson,
                row.activity,
                row.method,
                GROUPING_LABELS.get(row.grouping, row.grouping),
                "; ".join(row.materials),
                row.minutes,
            )
        )
    return buffer.getvalue()
