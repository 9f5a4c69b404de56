"""The course timetable: every activity and break with its day and clock times.

Days hold ``schedule.day_minutes`` teaching minutes from ``schedule.day_start``. A break goes at
the first activity boundary at or after its ``after`` teaching minutes of the day (never at the
end of the day). The plan renders as Markdown (French headings) and as CSV.

Variants (``courses/variantes.yml``) lay the same activities, in the same order, out in other
sessions, such as six half-days for older learners. A variant is exact: its sessions hold
``sessions × minutes`` teaching minutes, which must equal the course's minutes, and every session
but none other ends exactly on its last minute. An activity that does not fit in what is left of
a session is cut in two at the session's end (« 1re partie », « suite ») when the variant allows
it (``split_activities: true``, so that no session runs over); otherwise the crossing is an
error. Breaks follow the course's rule inside each session; ``max_stretch`` warns about a
stretch of teaching longer than the learners can follow without a pause.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from edukit._problems import Problem, ProblemError, Severity, SortedProblems
from edukit._yaml import YamlDocument, load_yaml
from edukit.course._errors import closest, problems_from_validation
from edukit.course._models import Activity, Course, Lesson, Module, Schedule
from edukit.course._time import clock, format_duration, parse_clock

__all__ = [
    "COLUMNS",
    "GROUPING_LABELS",
    "VARIANTS_FILE",
    "PlanRow",
    "Variant",
    "VariantPlan",
    "build_plan",
    "build_variant_plan",
    "load_variants",
    "markdown_cell",
    "plan_csv",
    "plan_markdown",
    "variant_markdown",
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


def plan_markdown(plan: Course | Sequence[PlanRow], *, period: str = "Jour") -> str:
    """The timetable as Markdown: one « Jour N » section a day, one table row an activity.

    Given a :class:`Course`, a title and the total duration come first. ``period`` names the
    sections (« Demi-journée » for a variant in half-days).
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
    return _tables(rows, lines, period)


def _tables(rows: Sequence[PlanRow], lines: list[str], period: str) -> str:
    current = 0
    for row in rows:
        if row.day != current:
            current = row.day
            if lines and lines[-1] != "":
                lines.append("")
            lines += [
                f"## {period} {row.day}",
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


def plan_csv(plan: Course | Sequence[PlanRow], *, period: str = "Jour") -> str:
    """The timetable as CSV text (a header row, then one row an activity or break).

    Write it with ``encoding="utf-8"``. Materials are joined with « ; ». ``period`` heads the
    first column.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((period, *COLUMNS, "Minutes"))
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


# -- variants ----------------------------------------------------------------------------------

VARIANTS_FILE = Path("courses") / "variantes.yml"
_VARIANT_KEYS = ("id", "title", "audience", "period", "schedule", "split_activities", "max_stretch")
_FIRST_PART, _NEXT_PART = " (1re partie)", " (suite)"


@dataclass(frozen=True, slots=True)
class Variant:
    """Another layout of the same activities: ``schedule.days`` sessions (named ``period``) of
    ``schedule.day_minutes`` teaching minutes each, with their own breaks."""

    id: str
    title: str
    schedule: Schedule
    period: str = "Jour"
    audience: str = ""
    split_activities: bool = False
    max_stretch: int | None = None
    path: Path = VARIANTS_FILE
    line: int | None = None


@dataclass
class VariantPlan(SortedProblems):
    """The timetable of a variant and what is wrong with it (errors make it unusable)."""

    variant: Variant
    rows: list[PlanRow]
    problems: list[Problem] = field(default_factory=list)


def load_variants(root: Path | str) -> tuple[dict[str, Variant], list[Problem]]:
    """The variants of ``courses/variantes.yml`` by id, and the file's problems (``path:line``,
    in French). No file means no variant."""
    path = Path(root) / VARIANTS_FILE
    if not path.is_file():
        return {}, []
    try:
        document = load_yaml(path.read_text(encoding="utf-8"), path)
    except ProblemError as error:
        return {}, error.problems
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("variants"), list):
        hint = "écrivez « variants: » puis « - id: demi-journees » et ses clés"
        return {}, [document.problem((), "il manque la liste « variants »", hint)]
    variants: dict[str, Variant] = {}
    problems: list[Problem] = []
    for index, entry in enumerate(data["variants"]):
        variant = _variant(document, index, entry, problems)
        if variant is None:
            continue
        if variant.id in variants:
            problems.append(
                document.problem(
                    ("variants", index, "id"),
                    f"la variante « {variant.id} » est déjà définie (ligne {variants[variant.id].line})",
                    "donnez-lui un autre id",
                )
            )
            continue
        variants[variant.id] = variant
    return variants, problems


def _variant(
    document: YamlDocument, index: int, entry: Any, problems: list[Problem]
) -> Variant | None:
    where: tuple[str | int, ...] = ("variants", index)
    if not isinstance(entry, dict):
        problems.append(
            document.problem(where, "une variante doit être une suite de « clé: valeur »")
        )
        return None
    before = len(problems)
    for key in entry:
        if key not in _VARIANT_KEYS:
            guess = closest(str(key), _VARIANT_KEYS)
            hint = (
                f"vouliez-vous écrire « {guess} » ?"
                if guess
                else "clés : " + ", ".join(_VARIANT_KEYS)
            )
            problems.append(document.problem((*where, key), f"la clé « {key} » est inconnue", hint))
    texts: dict[str, str] = {}
    for key, required in (("id", True), ("title", True), ("period", False), ("audience", False)):
        value = entry.get(key)
        if value is None and not required:
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(
                document.problem(
                    (*where, key), f"« {key} » doit être un texte", f'écrivez « {key}: "…" »'
                )
            )
        else:
            texts[key] = value.strip()
    split = entry.get("split_activities", False)
    if not isinstance(split, bool):
        problems.append(
            document.problem(
                (*where, "split_activities"),
                "« split_activities » doit valoir true ou false",
                "true : une activité peut être coupée entre deux séances",
            )
        )
    stretch = entry.get("max_stretch")
    if stretch is not None and (
        isinstance(stretch, bool) or not isinstance(stretch, int) or stretch <= 0
    ):
        problems.append(
            document.problem(
                (*where, "max_stretch"),
                "« max_stretch » doit être un nombre de minutes",
                "par exemple « max_stretch: 80 »",
            )
        )
    schedule: Schedule | None = None
    try:
        schedule = Schedule.model_validate(entry.get("schedule"))
    except ValidationError as error:

        def line_of(loc: tuple[str | int, ...]) -> tuple[Path, int | None]:
            return document.path, document.line(*where, "schedule", *loc)

        problems.extend(problems_from_validation(error, Schedule, line_of))
    if len(problems) > before or schedule is None:
        return None
    return Variant(
        id=texts["id"],
        title=texts["title"],
        schedule=schedule,
        period=texts.get("period", "Jour"),
        audience=texts.get("audience", ""),
        split_activities=bool(split),
        max_stretch=stretch,
        path=document.path,
        line=document.line(*where),
    )


def build_variant_plan(course: Course, variant: Variant) -> VariantPlan:
    """The timetable of ``course`` laid out as ``variant`` says, checked (see the module doc).

    Examples
    --------
    >>> from edukit.course import load_course
    >>> course = load_course(Path("tests/fixtures/courses/good")).course
    >>> halves = Variant("halves", "Deux séances", Schedule(days=2, day_minutes=90),
    ...                  period="Séance", split_activities=True)
    >>> plan = build_variant_plan(course, halves)
    >>> plan.problems
    []
    >>> for row in plan.rows[3:6]:
    ...     print(row.day, row.start, row.end, row.activity)
    1 10:00 10:30 Atelier : repérer l'IA au quotidien (1re partie)
    2 09:00 09:10 Atelier : repérer l'IA au quotidien (suite)
    2 09:10 09:30 Mise en commun
    """
    schedule = variant.schedule
    plan = VariantPlan(variant, [])
    capacity = schedule.days * schedule.day_minutes
    if course.minutes != capacity:
        plan.problems.append(
            Problem(
                variant.path,
                variant.line,
                f"variante « {variant.id} » : le cours compte {course.minutes} min "
                f"({format_duration(course.minutes)}), la variante {schedule.days} × "
                f"{schedule.day_minutes} = {capacity} min ({format_duration(capacity)})",
                "ajustez « days » ou « day_minutes » pour que les deux durées soient égales",
            )
        )
    breaks = sorted((b.after, b.minutes, b.label) for b in schedule.breaks)
    start = parse_clock(schedule.day_start)
    day = _Day(1, start, pending=list(breaks))
    for module in course.modules:
        for lesson in module.lessons:
            for activity in lesson.activities:
                day = _place_activity(plan, day, module, lesson, activity, start, breaks)
    if variant.max_stretch is not None:
        plan.problems += _long_stretches(plan.rows, variant)
    return plan


def _place_activity(
    plan: VariantPlan,
    day: _Day,
    module: Module,
    lesson: Lesson,
    activity: Activity,
    start: int,
    breaks: list[tuple[int, int, str]],
) -> _Day:
    """Put ``activity`` on the plan from ``day`` on (cut in parts when the variant allows);
    return the day it ends on."""
    variant = plan.variant
    schedule = variant.schedule
    remaining, part = activity.minutes, 0
    while remaining > 0:
        if day.taught >= schedule.day_minutes:
            day = _Day(day.number + 1, start, pending=list(breaks))
        _place_breaks(day, plan.rows)
        room = schedule.day_minutes - day.taught
        minutes = remaining
        if remaining > room and variant.split_activities:
            minutes = room
        elif remaining > room and part == 0:
            plan.problems.append(
                Problem(
                    variant.path,
                    variant.line,
                    f"variante « {variant.id} » : l'activité « {activity.title} » "
                    f"({lesson.id}) dépasse la fin de la {variant.period.lower()} "
                    f"{day.number} de {remaining - room} min",
                    "écrivez « split_activities: true » pour la couper en deux, "
                    "ou ajustez les minutes des activités",
                )
            )
        title = activity.title
        if minutes < activity.minutes:
            title += _FIRST_PART if part == 0 else _NEXT_PART
        plan.rows.append(
            PlanRow(
                day=day.number,
                start=clock(day.clock),
                end=clock(day.clock + minutes),
                module=module.title,
                lesson=lesson.title,
                activity=title,
                method=activity.method,
                grouping=activity.grouping,
                materials=tuple(activity.materials),
                minutes=minutes,
                module_id=module.id,
                lesson_id=lesson.id,
            )
        )
        day.clock += minutes
        day.taught += minutes
        remaining -= minutes
        part += 1
    return day


def _place_breaks(day: _Day, rows: list[PlanRow]) -> None:
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


def _long_stretches(rows: Sequence[PlanRow], variant: Variant) -> list[Problem]:
    """A warning for each stretch of teaching longer than ``max_stretch`` without a break."""
    assert variant.max_stretch is not None
    problems: list[Problem] = []
    stretch, day, since = 0, 0, ""
    for row in [*rows, PlanRow(0, "", "", "", "", "", is_break=True)]:
        if row.is_break or row.day != day:
            if stretch > variant.max_stretch:
                problems.append(
                    Problem(
                        variant.path,
                        variant.line,
                        f"variante « {variant.id} » : {variant.period.lower()} {day}, "
                        f"{stretch} min d'affilée sans pause à partir de {since} "
                        f"(au plus {variant.max_stretch})",
                        "déplacez une pause (« after ») ou raccourcissez une activité",
                        Severity.WARNING,
                    )
                )
            stretch, day, since = 0, row.day, row.start
            if row.is_break:
                continue
        if stretch == 0:
            since = row.start
        stretch += row.minutes
    return problems


def variant_markdown(course: Course, plan: VariantPlan) -> str:
    """The variant's timetable as Markdown, with its title and what each session holds."""
    variant, schedule = plan.variant, plan.variant.schedule
    sessions = max((row.day for row in plan.rows), default=0)
    pauses = sum(b.minutes for b in schedule.breaks)
    period = variant.period.lower()
    lines = [
        f"# Plan de la formation : {markdown_cell(course.title)}",
        "",
        f"Variante : {markdown_cell(variant.title)}.",
        "",
        f"Durée : {format_duration(course.minutes)} de formation en {sessions} "
        f"{period}{'s' if sessions > 1 else ''} de {format_duration(schedule.day_minutes)}"
        + (f", plus {format_duration(pauses)} de pauses par {period}." if pauses else "."),
        "",
    ]
    return _tables(plan.rows, lines, variant.period)
