"""The timetable: days, clock times, breaks at activity boundaries, Markdown and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from edukit.course import Course, load_course
from edukit.course.plan import PlanRow, build_plan, plan_csv, plan_markdown

from .conftest import GOOD, Edit


def load(root: Path) -> Course:
    course = load_course(root).course
    assert course is not None
    return course


def test_rows_follow_the_course_order_with_clock_times() -> None:
    rows = build_plan(load(GOOD))
    assert [(r.start, r.end, r.lesson_id or r.activity) for r in rows] == [
        ("09:00", "09:20", "l01-accueil"),
        ("09:20", "09:40", "l01-accueil"),
        ("09:40", "10:00", "l02-definitions"),
        ("10:00", "10:40", "l02-definitions"),
        ("10:40", "10:55", "Pause"),
        ("10:55", "11:15", "l02-definitions"),
        ("11:15", "11:30", "l03-provenance"),
        ("11:30", "12:00", "l03-provenance"),
        ("12:00", "12:15", "l03-provenance"),
    ]
    first = rows[0]
    assert first == PlanRow(
        day=1,
        start="09:00",
        end="09:20",
        module="Découvrir l'IA",
        lesson="Accueil",
        activity="Tour de table",
        method="discussion",
        grouping="plenary",
        materials=(),
        minutes=20,
        module_id="m1-decouvrir",
        lesson_id="l01-accueil",
    )


def test_break_goes_to_the_first_boundary_at_or_after(course_root: Path, edit: Edit) -> None:
    # boundaries are at 20, 40, 60, 100…: `after: 60` lands exactly on one
    edit("courses/course.yml", "after: 90", "after: 60")
    rows = build_plan(load(course_root))
    pause = next(row for row in rows if row.is_break)
    assert (pause.start, pause.end, pause.day) == ("10:00", "10:15", 1)
    assert rows[rows.index(pause) + 1].activity == "Atelier : repérer l'IA au quotidien"


def test_no_break_after_the_last_activity_of_a_day(course_root: Path, edit: Edit) -> None:
    edit("courses/course.yml", "after: 90", "after: 170")
    assert not any(row.is_break for row in build_plan(load(course_root)))


def test_days_restart_at_day_start_and_breaks_repeat(course_root: Path, edit: Edit) -> None:
    edit("courses/course.yml", "days: 1", "days: 2")
    edit("courses/course.yml", "day_minutes: 180", "day_minutes: 90")
    edit("courses/course.yml", "duration: 3h", "duration: 180")
    edit("courses/course.yml", "after: 90", "after: 30")
    edit("courses/m1-decouvrir/l02-definitions.md", "minutes: 40", "minutes: 30")
    edit("courses/m1-decouvrir/l02-definitions.md", "minutes: 20\n    method: \"discussion\"",
         "minutes: 30\n    method: \"discussion\"")  # fmt: skip
    rows = build_plan(load(course_root))
    day2 = [row for row in rows if row.day == 2]
    assert [(r.start, r.activity) for r in day2] == [
        ("09:00", "Mise en commun"),
        ("09:30", "Pause"),
        ("09:45", "Quiz d'entrée"),
        ("10:00", "Étude de cas : la photo du bulletin municipal"),
        ("10:30", "Synthèse"),
    ]


def test_markdown_has_french_headings() -> None:
    text = plan_markdown(load(GOOD))
    lines = text.splitlines()
    assert lines[0] == "# Plan de la formation : Mini-cours d'essai"
    assert "## Jour 1" in lines
    header = lines[lines.index("## Jour 1") + 2]
    assert (
        header == "| Début | Fin | Module | Leçon | Activité | Méthode | Organisation | Matériel |"
    )
    assert "| 10:40 | 10:55 |  |  | *Pause* |  |  |  |" in lines
    assert (
        "| 09:20 | 09:40 | Découvrir l'IA | Accueil | Quiz de positionnement | quiz | Individuel "
        "| Ordinateurs, Banque provenance |"
    ) in lines


def test_markdown_escapes_pipes() -> None:
    row = PlanRow(day=1, start="09:00", end="09:10", module="A|B", lesson="L", activity="x")
    assert "| 09:00 | 09:10 | A\\|B | L | x |  |  |  |" in plan_markdown([row])


def test_csv_has_a_header_and_one_row_per_line() -> None:
    course = load(GOOD)
    rows = list(csv.reader(io.StringIO(plan_csv(course))))
    assert rows[0] == [
        "Jour", "Début", "Fin", "Module", "Leçon", "Activité", "Méthode", "Organisation",
        "Matériel", "Minutes",
    ]  # fmt: skip
    assert len(rows) == 1 + len(build_plan(course))
    assert rows[2] == [
        "1", "09:20", "09:40", "Découvrir l'IA", "Accueil", "Quiz de positionnement", "quiz",
        "Individuel", "Ordinateurs; Banque provenance", "20",
    ]  # fmt: skip
    assert sum(int(row[9]) for row in rows[1:] if row[5] != "Pause") == course.duration
