"""One test per kind of author mistake: each yields a ``path:line: what — how`` problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from edukit._problems import Severity, format_problems
from edukit.course import load_course

from .conftest import Edit

COURSE = "courses/course.yml"
L01 = "courses/m1-decouvrir/l01-accueil.md"
L02 = "courses/m1-decouvrir/l02-definitions.md"
L03 = "courses/m2/l03-provenance.md"


def messages(root: Path) -> list[str]:
    """The problems as ``edukit check`` prints them: errors first, then by file and line."""
    return format_problems(load_course(root).problems).splitlines()


def test_the_copy_starts_clean(course_root: Path) -> None:
    assert messages(course_root) == []


def test_broken_yaml_in_course_file(course_root: Path, edit: Edit) -> None:
    edit(COURSE, 'title: "Mini-cours d\'essai"', "title: \"Mini-cours: d'essai")
    load = load_course(course_root)
    assert load.course is None
    (problem,) = load.problems
    assert str(problem).startswith(f"{COURSE}:")
    assert "broken YAML" in problem.message


def test_broken_yaml_in_a_lesson_keeps_the_rest(course_root: Path, edit: Edit) -> None:
    edit(L02, "audiences: [agents-publics]", "audiences: [agents-publics")
    load = load_course(course_root)
    assert load.course is not None
    assert [lesson.id for lesson in load.course.lessons] == ["l01-accueil", "l03-provenance"]
    broken = [p for p in load.problems if p.path == Path(L02)]
    assert len(broken) == 1 and broken[0].line == 5
    assert broken[0].message.startswith("broken YAML")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('title: "Accueil"\n', "", f"{L01}:2: 'title' is missing — add 'title: \"…\"'"),
        (
            "id: l01-accueil\n",
            "",
            f"{L01}:2: 'id' is missing — add 'id: …' (for a lesson: the file name without '.md')",
        ),
        (
            'key_points:\n  - "Chacun part de ce qu\'il sait déjà."\n',
            "",
            f"{L01}:2: 'key_points' is missing — add 'key_points:' with at least one sentence "
            "to remember",
        ),
        (
            "objectives:\n  - id: l01-o1\n    text: \"Situer ses connaissances sur l'IA avant la "
            'formation."\n',
            "objectives: []\n",
            f"{L01}:5: 'objectives' is empty — give at least one item under 'objectives'",
        ),
    ],
)
def test_missing_required_keys(
    course_root: Path, edit: Edit, old: str, new: str, expected: str
) -> None:
    edit(L01, old, new)
    assert expected in messages(course_root)


def test_missing_activities(course_root: Path, edit: Edit) -> None:
    edit(L02, "activities:", "steps:")
    assert messages(course_root) == [
        f"{COURSE}:5: the lessons add up to 100 min (1h40) but the course lasts 180 min (3h): "
        "80 min short — add 80 min of activities, or change 'duration'",
        f"{L02}:2: 'activities' is missing — add 'activities:' with at least one item giving "
        "title, minutes, method and grouping",
        f"{L02}:11: the key 'steps' is unknown — the known keys are id, title, summary, "
        "audiences, prerequisites, objectives, activities, key_points, notebook, banks, exercises",
    ]


def test_unknown_key_suggests_the_closest(course_root: Path, edit: Edit) -> None:
    edit(L01, "summary:", "sumary:")
    assert messages(course_root) == [
        f"{L01}:4: the key 'sumary' is unknown — did you mean 'summary'?"
    ]


def test_unknown_key_in_an_activity(course_root: Path, edit: Edit) -> None:
    edit(L01, '    method: "quiz"', '    method: "quiz"\n    materiel: []')
    found = messages(course_root)
    assert f"{L01}:16: the key 'materiel' is unknown — did you mean 'materials'?" in found


def test_unknown_key_in_course_file_does_not_stop_the_load(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "language: fr", "langue: fr")
    load = load_course(course_root)
    assert [str(p) for p in load.problems] == [
        f"{COURSE}:4: the key 'langue' is unknown — did you mean 'language'?"
    ]
    assert load.course is not None and len(load.course.lessons) == 3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "'minutes' must be greater than 0, not 0 — give 'minutes' a positive value"),
        ("-5", "'minutes' must be greater than 0, not -5 — give 'minutes' a positive value"),
        (
            "20.5",
            "'minutes' must be a whole number of minutes, not 20.5 — "
            "write for example 'minutes: 15' (no quotes, no unit)",
        ),
        (
            '"20"',
            "'minutes' must be a whole number of minutes, not '20' — "
            "write for example 'minutes: 15' (no quotes, no unit)",
        ),
    ],
)
def test_minutes_must_be_a_positive_integer(
    course_root: Path, edit: Edit, value: str, message: str
) -> None:
    edit(L01, 'minutes: 20\n    method: "quiz"', f'minutes: {value}\n    method: "quiz"')
    assert f"{L01}:14: {message}" in messages(course_root)


def test_plan_total_differs_from_duration(course_root: Path, edit: Edit) -> None:
    edit(L03, 'minutes: 15\n    method: "quiz"', 'minutes: 20\n    method: "quiz"')
    assert (
        f"{COURSE}:5: the lessons add up to 185 min (3h05) but the course lasts 180 min (3h): "
        "5 min too many — remove 5 min of activities, or change 'duration'" in messages(course_root)
    )


def test_plan_short_says_add(course_root: Path, edit: Edit) -> None:
    edit(L03, 'minutes: 15\n    method: "quiz"', 'minutes: 5\n    method: "quiz"')
    assert messages(course_root) == [
        f"{COURSE}:5: the lessons add up to 170 min (2h50) but the course lasts 180 min (3h): "
        "10 min short — add 10 min of activities, or change 'duration'"
    ]


def test_activity_straddling_a_day_boundary(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "days: 1", "days: 2")
    edit(COURSE, "day_minutes: 180", "day_minutes: 90")
    edit(COURSE, "after: 90", "after: 60")
    assert messages(course_root) == [
        "courses/m1-decouvrir/l02-definitions.md:17: the activity 'Atelier : repérer l'IA au "
        "quotidien' straddles the end of day 1: it starts 30 min before the end of the day and "
        "ends 10 min after it — change activity minutes so that day 1 ends between two "
        "activities (at minute 90 of the course)"
    ]


def test_schedule_must_match_duration(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "days: 1", "days: 2")
    found = messages(course_root)
    assert found[0] == (
        f"{COURSE}:9: the schedule gives 2 days × 180 min = 360 min, but the duration is 180 min"
        " — make 'days' × 'day_minutes' equal the duration"
    )


def test_unreadable_duration(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "duration: 3h", "duration: trois heures")
    assert messages(course_root) == [
        f"{COURSE}:5: the duration 'trois heures' cannot be read — "
        "write it like 21h, 7h30 or a number of minutes"
    ]


def test_break_after_the_end_of_the_day(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "after: 90", "after: 200")
    assert messages(course_root) == [
        f"{COURSE}:11: the break 'Pause' comes after 200 min, but a day has 180 min of teaching "
        "— give 'after' a value below 180"
    ]


def test_duplicate_lesson_module_and_objective_ids(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "      - l03-provenance", "      - l03-provenance\n      - l01-accueil")
    edit(COURSE, "  - id: m2-donnees", "  - id: m1-decouvrir")
    edit(L03, "id: l03-o2", "id: l01-o1")
    assert messages(course_root) == [
        f"{COURSE}:21: the module id 'm1-decouvrir' is used twice (first at {COURSE}:18) — "
        "give each module its own id",
        f"{COURSE}:26: the lesson id 'l01-accueil' is used twice (first at {COURSE}:20) — "
        "list each lesson once",
        f"{COURSE}:26: the lesson 'l01-accueil' is listed but courses/m2/l01-accueil.md does not "
        f"exist — it is in {L01}; move it to courses/m2/ or list it under its own module",
        f"{L03}:8: the objective id 'l01-o1' is used twice (first at {L01}:6) — objective "
        "ids are unique in the whole course; follow lNN-oK",
    ]


def test_lesson_listed_twice_on_one_line(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "[l01-accueil, l02-definitions]", "[l01-accueil, l02-definitions, l01-accueil]")
    load = load_course(course_root)
    assert [str(p) for p in load.problems] == [
        f"{COURSE}:20: the lesson id 'l01-accueil' is used twice (on this line) — "
        "list each lesson once"
    ]
    assert load.course is not None
    assert [lesson.id for lesson in load.course.modules[0].lessons] == [
        "l01-accueil",
        "l02-definitions",
    ]


def test_lesson_id_must_match_file_name(course_root: Path, edit: Edit) -> None:
    edit(L01, "id: l01-accueil", "id: l01-bienvenue")
    assert messages(course_root) == [
        f"{L01}:2: the id 'l01-bienvenue' does not match the file name 'l01-accueil.md' — "
        f"write 'id: l01-accueil' (the id listed in {COURSE})"
    ]


def test_listed_lesson_without_file(course_root: Path) -> None:
    (course_root / L02).unlink()
    found = messages(course_root)
    assert (
        f"{COURSE}:20: the lesson 'l02-definitions' is listed but {L02} does not exist — create "
        "it (edukit new lesson m1-decouvrir \"Titre\") or remove 'l02-definitions' from the list"
    ) in found


def test_lesson_in_the_wrong_folder_is_pointed_at(course_root: Path) -> None:
    (course_root / L02).rename(course_root / "courses/m2/l02-definitions.md")
    found = messages(course_root)
    assert (
        f"{COURSE}:20: the lesson 'l02-definitions' is listed but {L02} does not exist — it is "
        "in courses/m2/l02-definitions.md; move it to courses/m1-decouvrir/ or list it under its "
        "own module"
    ) in found


def test_unlisted_lesson_file_is_a_warning(course_root: Path) -> None:
    extra = course_root / "courses/m2/l09-brouillon.md"
    extra.write_text("---\nid: l09-brouillon\n---\n", encoding="utf-8")
    (course_root / "courses/m2/index.md").write_text("# Module\n", encoding="utf-8")
    load = load_course(course_root)
    assert [(str(p), p.severity) for p in load.problems] == [
        (
            "courses/m2/l09-brouillon.md:1: the lesson file is not listed in courses/course.yml — "
            "add 'l09-brouillon' to a module's lessons, or delete the file (warning)",
            Severity.WARNING,
        )
    ]


def test_unknown_audience_in_lesson_and_module_defaults(course_root: Path, edit: Edit) -> None:
    edit(L02, "audiences: [agents-publics]", "audiences: [agents-publics, jeunes]")
    edit("courses/m2/_module.yml", "audiences: [agents-publics, seniors]", "audiences: [retraites]")
    assert messages(course_root) == [
        f"{L02}:4: the audience 'jeunes' is not defined in {COURSE} — use one of "
        "agents-publics, seniors",
        "courses/m2/_module.yml:2: the audience 'retraites' is not defined in "
        f"{COURSE} — use one of agents-publics, seniors",
    ]


def test_prerequisites_that_look_like_ids_must_exist(course_root: Path, edit: Edit) -> None:
    edit(L02, '"Savoir utiliser une souris"', '"Savoir utiliser une souris", l42-inconnue')
    assert messages(course_root) == [
        f"{L02}:5: the prerequisite 'l42-inconnue' is not a lesson of the course — write the id "
        "of a lesson listed in course.yml, or describe it in words"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "notebook: notebooks/provenance.py",
            "notebook: notebooks/absent.py",
            f"{L03}:26: the notebook 'notebooks/absent.py' does not exist — write the path of an "
            "existing file from the repository root",
        ),
        (
            "exercises: [exercises/provenance/trouver-licence.md]",
            "exercises: [exercises/provenance/absent.md]",
            f"{L03}:27: the exercise 'exercises/provenance/absent.md' does not exist — write the "
            "path of an existing file from the repository root",
        ),
        (
            "notebook: notebooks/provenance.py",
            "notebook: notebooks",
            f"{L03}:26: the notebook 'notebooks' is a folder, not a file — write the path of an existing "
            "file from the repository root",
        ),
    ],
)
def test_missing_paths(course_root: Path, edit: Edit, old: str, new: str, expected: str) -> None:
    edit(L03, old, new)
    assert messages(course_root) == [expected]


def test_missing_bank_from_module_defaults_is_reported_once(course_root: Path, edit: Edit) -> None:
    edit("courses/m2/_module.yml", "banks: [exercises/provenance]", "banks: [exercises/absente]")
    assert messages(course_root) == [
        "courses/m2/_module.yml:3: the bank 'exercises/absente' does not exist — write the path "
        "of an existing folder or .yml file from the repository root"
    ]


def test_course_file_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "courses" / "course.yml").mkdir(parents=True)
    assert messages(tmp_path) == [
        "courses/course.yml: this is a folder, not a file — point to a file inside it"
    ]


def test_lesson_that_is_not_utf8(course_root: Path) -> None:
    path = course_root / L01
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    load = load_course(course_root)
    assert [str(p) for p in load.problems if p.path == Path(L01)] == [
        f"{L01}:4: the file is not valid UTF-8 text — save it again with the UTF-8 encoding"
    ]


def test_lesson_without_front_matter(course_root: Path) -> None:
    (course_root / L01).write_text("# Accueil\n", encoding="utf-8")
    found = messages(course_root)
    assert (
        f"{L01}:1: the file has no front matter — start it with a '---' line, the YAML keys, "
        "then '---'"
    ) in found
