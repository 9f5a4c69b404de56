"""The two course fixtures: ``good`` checks clean, ``broken`` fails with exactly these messages."""

from pathlib import Path

from edukit._problems import format_problems
from edukit.course import load_course
from edukit.project import check_project

FIXTURES = Path(__file__).parents[1] / "fixtures" / "courses"

BROKEN = [
    "courses/course.yml:6: the lessons add up to 110 min (1h50) but the course lasts 120 min (2h): 10 min short — add 10 min of activities, or change 'duration'",
    "courses/course.yml:17: the lesson id 'l01-bon' is used twice (on this line) — list each lesson once",
    "courses/course.yml:23: the lesson 'l06-absente' is listed but courses/m2/l06-absente.md does not exist — create it (edukit new lesson m2 \"Titre\") or remove 'l06-absente' from the list",
    "courses/course.yml:25: the module id 'm1' is used twice (first at courses/course.yml:15) — give each module its own id",
    "courses/m1/l02-sans-titre.md:2: 'title' is missing — add 'title: \"…\"'",
    "courses/m1/l02-sans-titre.md:2: 'key_points' is missing — add 'key_points:' with at least one sentence to remember",
    "courses/m1/l02-sans-titre.md:3: the prerequisite 'l99-inexistante' is not a lesson of the course — write the id of a lesson listed in course.yml, or describe it in words",
    "courses/m1/l02-sans-titre.md:8: the activity 'Atelier long' straddles the end of day 1: it starts 10 min before the end of the day and ends 10 min after it — change activity minutes so that day 1 ends between two activities (at minute 60 of the course)",
    "courses/m1/l02-sans-titre.md:12: the notebook 'notebooks/absent.py' does not exist — write the path of an existing file from the repository root",
    "courses/m1/l03-vide.md:2: 'id' is missing — add 'id: …' (for a lesson: the file name without '.md')",
    "courses/m1/l03-vide.md:2: 'activities' is missing — add 'activities:' with at least one item giving title, minutes, method and grouping",
    "courses/m1/l03-vide.md:3: 'objectives' is empty — give at least one item under 'objectives'",
    "courses/m2/_module.yml:2: the key 'audience' is unknown — did you mean 'audiences'?",
    "courses/m2/l04-fautes.md:4: the key 'sumary' is unknown — did you mean 'summary'?",
    "courses/m2/l04-fautes.md:5: the audience 'jeunes' is not defined in courses/course.yml — use one of agents-publics",
    "courses/m2/l04-fautes.md:7: the objective id 'l01-o1' is used twice (first at courses/m1/l01-bon.md:5) — objective ids are unique in the whole course; follow lNN-oK",
    "courses/m2/l04-fautes.md:11: 'minutes' must be greater than 0, not 0 — give 'minutes' a positive value",
    "courses/m2/l04-fautes.md:15: 'minutes' must be greater than 0, not -5 — give 'minutes' a positive value",
    "courses/m2/l04-fautes.md:19: 'minutes' must be a whole number of minutes, not 15.5 — write for example 'minutes: 15' (no quotes, no unit)",
    "courses/m2/l04-fautes.md:23: 'minutes' must be a whole number of minutes, not '10 min' — write for example 'minutes: 15' (no quotes, no unit)",
    "courses/m2/l04-fautes.md:29: 'grouping' cannot be 'binome' — use one of individual, pairs, group, plenary",
    "courses/m2/l04-fautes.md:30: 'method' is missing — add 'method: …' (exposé, démonstration, atelier, quiz, discussion, exercice…)",
    "courses/m2/l04-fautes.md:32: the key 'metod' is unknown — did you mean 'method'?",
    "courses/m2/l04-fautes.md:40: the bank 'exercises/absente' does not exist — write the path of an existing folder or .yml file from the repository root",
    "courses/m2/l04-fautes.md:41: the exercise 'exercises/absent.md' does not exist — write the path of an existing file from the repository root",
    "courses/m2/l05-yaml-casse.md:7: broken YAML: expected ',' or ']', but got '<stream end>' — check the indentation and the quotes on this line and the one above",
    "courses/m2/l07-mauvais-id.md:2: the id 'l07-autre-id' does not match the file name 'l07-mauvais-id.md' — write 'id: l07-mauvais-id' (the id listed in courses/course.yml)",
    "exercises/casse/exercice.md:4: the objective 'l01-o3' is not defined in any lesson — did you mean 'l01-o2'?",
    "courses/m1/l01-bon.md:7: the objective 'l01-o2' is assessed by no bank item and no exercise — add a question with 'objectives: [l01-o2]' to a bank, or an exercise (warning)",
    "courses/m2/l07-mauvais-id.md:5: the objective 'l07-o1' is assessed by no bank item and no exercise — add a question with 'objectives: [l07-o1]' to a bank, or an exercise (warning)",
    "courses/m2/l08-oubliee.md:1: the lesson file is not listed in courses/course.yml — add 'l08-oubliee' to a module's lessons, or delete the file (warning)",
]


def test_good_course_has_no_problem() -> None:
    assert check_project(FIXTURES / "good") == []


def test_good_course_loads_every_lesson() -> None:
    course = load_course(FIXTURES / "good").course
    assert course is not None
    assert [lesson.id for lesson in course.lessons] == [
        "l01-accueil",
        "l02-definitions",
        "l03-provenance",
    ]
    assert course.minutes == course.duration == 180


def test_broken_course_reports_every_mistake_exactly() -> None:
    problems = check_project(FIXTURES / "broken")
    assert format_problems(problems).splitlines() == BROKEN


def test_broken_course_still_loads_what_it_can() -> None:
    load = load_course(FIXTURES / "broken")
    assert load.course is not None
    assert [lesson.id for lesson in load.course.lessons] == ["l01-bon", "l07-autre-id"]
