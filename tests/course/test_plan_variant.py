"""Plan variants (``courses/variantes.yml``): the same activities in other sessions, exact
(every session holds its minutes, none runs over), checked with ``path:line`` messages."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from typer.testing import CliRunner

from edukit.cli import app
from edukit.course import Course, load_course
from edukit.course._time import parse_clock
from edukit.course.plan import (
    PlanRow,
    build_plan,
    build_variant_plan,
    load_variants,
    plan_csv,
    variant_markdown,
)

REPO = Path(__file__).resolve().parents[2]

VARIANT = """variants:
  - id: deux
    title: "Deux séances"
    period: "Séance"
    schedule:
      days: 2
      day_start: "14:00"
      day_minutes: 90
      breaks:
        - {after: 30, minutes: 10, label: "Pause"}
    split_activities: %s
"""


def course_of(root: Path) -> Course:
    course = load_course(root).course
    assert course is not None
    return course


def write_variants(root: Path, text: str) -> None:
    (root / "courses" / "variantes.yml").write_text(text, encoding="utf-8")


def activity_minutes(rows: list[PlanRow]) -> list[tuple[str, int]]:
    """(lesson, minutes) of each activity, split parts joined back."""
    joined: list[tuple[str, int]] = []
    for row in rows:
        if row.is_break:
            continue
        if row.activity.endswith(" (suite)"):
            lesson, minutes = joined.pop()
            joined.append((lesson, minutes + row.minutes))
        else:
            joined.append((row.lesson_id, row.minutes))
    return joined


# -- the course's own variant -------------------------------------------------------------------


def test_the_half_day_variant_of_the_course_is_exact() -> None:
    course = course_of(REPO)
    variants, problems = load_variants(REPO)
    assert problems == []
    variant = variants["demi-journees"]
    plan = build_variant_plan(course, variant)
    # errors make a plan unusable; a long stretch without a break (max_stretch) only warns
    assert plan.errors == []
    schedule = variant.schedule
    assert (schedule.days, schedule.day_minutes) == (6, 210)
    assert schedule.days * schedule.day_minutes == course.minutes == 1260

    taught: dict[int, int] = defaultdict(int)
    paused: dict[int, int] = defaultdict(int)
    last_end: dict[int, int] = {}
    for row in plan.rows:
        (paused if row.is_break else taught)[row.day] += row.minutes
        assert parse_clock(row.end) - parse_clock(row.start) == row.minutes
        assert parse_clock(row.start) == last_end.get(row.day, parse_clock(schedule.day_start))
        last_end[row.day] = parse_clock(row.end)
    assert dict(taught) == {day: 210 for day in range(1, 7)}
    assert dict(paused) == {day: 30 for day in range(1, 7)}
    # 09:30 + 3 h 30 of teaching + 30 min of breaks: every half-day ends at 13:30, none later
    assert set(last_end.values()) == {parse_clock("13:30")}
    # the same activities, in the same order, with the same minutes as the 3-day plan
    assert activity_minutes(plan.rows) == activity_minutes(build_plan(course))


def test_the_variant_markdown_has_one_section_a_half_day() -> None:
    course = course_of(REPO)
    plan = build_variant_plan(course, load_variants(REPO)[0]["demi-journees"])
    text = variant_markdown(course, plan)
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        f"## Demi-journée {n}" for n in range(1, 7)
    ]
    assert "Durée : 21h de formation en 6 demi-journées de 3h30, plus 30 min de pauses" in text
    assert plan_csv(plan.rows, period="Demi-journée").startswith("Demi-journée,Début,Fin,")


# -- splitting and its absence ----------------------------------------------------------------


def test_an_activity_crossing_a_session_end_is_split_when_allowed(course_root: Path) -> None:
    write_variants(course_root, VARIANT % "true")
    course = course_of(course_root)
    plan = build_variant_plan(course, load_variants(course_root)[0]["deux"])
    assert plan.problems == []
    assert [(r.day, r.start, r.end, r.minutes, r.activity) for r in plan.rows] == [
        (1, "14:00", "14:20", 20, "Tour de table"),
        (1, "14:20", "14:40", 20, "Quiz de positionnement"),
        (1, "14:40", "14:50", 10, "Pause"),
        (1, "14:50", "15:10", 20, "Qu'est-ce qu'une IA ?"),
        (1, "15:10", "15:40", 30, "Atelier : repérer l'IA au quotidien (1re partie)"),
        (2, "14:00", "14:10", 10, "Atelier : repérer l'IA au quotidien (suite)"),
        (2, "14:10", "14:30", 20, "Mise en commun"),
        (2, "14:30", "14:40", 10, "Pause"),
        (2, "14:40", "14:55", 15, "Quiz d'entrée"),
        (2, "14:55", "15:25", 30, "Étude de cas : la photo du bulletin municipal"),
        (2, "15:25", "15:40", 15, "Synthèse"),
    ]


def test_a_crossing_is_an_error_when_splitting_is_not_allowed(course_root: Path) -> None:
    write_variants(course_root, VARIANT % "false")
    plan = build_variant_plan(course_of(course_root), load_variants(course_root)[0]["deux"])
    assert [str(p.relative_to(course_root)) for p in plan.problems] == [
        "courses/variantes.yml:2: variante « deux » : l'activité « Atelier : repérer l'IA au "
        "quotidien » (l02-definitions) dépasse la fin de la séance 1 de 10 min — écrivez "
        "« split_activities: true » pour la couper en deux, ou ajustez les minutes des activités"
    ]


def test_sessions_that_do_not_hold_the_course_are_an_error(course_root: Path) -> None:
    write_variants(course_root, (VARIANT % "true").replace("day_minutes: 90", "day_minutes: 80"))
    plan = build_variant_plan(course_of(course_root), load_variants(course_root)[0]["deux"])
    assert [p.message for p in plan.errors] == [
        "variante « deux » : le cours compte 180 min (3h), la variante 2 × 80 = 160 min (2h40)"
    ]


def test_a_long_stretch_without_a_break_is_a_warning(course_root: Path) -> None:
    text = (VARIANT % "true").replace("after: 30", "after: 60") + "    max_stretch: 45\n"
    write_variants(course_root, text)
    plan = build_variant_plan(course_of(course_root), load_variants(course_root)[0]["deux"])
    assert plan.errors == []
    assert [p.message for p in plan.problems] == [
        "variante « deux » : séance 1, 60 min d'affilée sans pause à partir de 14:00 (au plus 45)",
        "variante « deux » : séance 2, 75 min d'affilée sans pause à partir de 14:00 (au plus 45)",
    ]


# -- the file's mistakes ----------------------------------------------------------------------


def test_each_mistake_in_the_file_is_one_message_at_its_line(course_root: Path) -> None:
    write_variants(
        course_root,
        "variants:\n"
        "  - id: a\n"
        '    titel: "A"\n'  # 3
        "    schedule: {days: 2, day_minutes: 90}\n"
        "  - id: b\n"  # 5
        '    title: "B"\n'
        '    schedule: {days: 2, day_minutes: 90, day_start: "9h"}\n'  # 7
        "  - id: c\n"
        '    title: "C"\n'
        "    schedule: {days: 2, day_minutes: 90}\n"
        "  - id: c\n"  # 11
        '    title: "C bis"\n'
        "    schedule: {days: 2, day_minutes: 90}\n",
    )
    variants, problems = load_variants(course_root)
    assert list(variants) == ["c"]
    messages = [str(p.relative_to(course_root)) for p in problems]
    assert messages[0] == (
        "courses/variantes.yml:3: la clé « titel » est inconnue — vouliez-vous écrire « title » ?"
    )
    assert messages[1].startswith("courses/variantes.yml:2: « title » doit être un texte")
    assert messages[2].startswith(
        'courses/variantes.yml:7: « day_start » doit être une heure comme "09:00"'
    )
    assert messages[3] == (
        "courses/variantes.yml:11: la variante « c » est déjà définie (ligne 8) — "
        "donnez-lui un autre id"
    )
    assert len(messages) == 4


# -- the command ------------------------------------------------------------------------------

runner = CliRunner()


def test_edukit_plan_variant_writes_the_half_day_plan(course_root: Path, tmp_path: Path) -> None:
    write_variants(course_root, VARIANT % "true")
    out = tmp_path / "plan"
    result = runner.invoke(
        app, ["plan", "--root", str(course_root), "--variant", "deux", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["plan-deux.csv", "plan-deux.md"]
    assert "## Séance 2" in (out / "plan-deux.md").read_text(encoding="utf-8")
    assert "Plan « deux »" in result.output


def test_edukit_plan_variant_refuses_an_unknown_or_inexact_variant(
    course_root: Path, tmp_path: Path
) -> None:
    write_variants(course_root, VARIANT % "false")
    out = tmp_path / "plan"
    unknown = runner.invoke(
        app, ["plan", "--root", str(course_root), "--variant", "trois", "-o", str(out)]
    )
    assert unknown.exit_code == 1
    assert "« trois » n'existe pas" in unknown.output and "deux" in unknown.output
    inexact = runner.invoke(
        app, ["plan", "--root", str(course_root), "--variant", "deux", "-o", str(out)]
    )
    assert inexact.exit_code == 1
    assert "dépasse la fin de la séance 1" in inexact.output
    assert not out.exists()
