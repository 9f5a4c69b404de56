"""The course content keeps its promises: a 21-hour plan of three 7-hour days, objectives that are
each assessed at least twice, lessons built on the shared pattern (objectives, timed activities,
easy-to-read summary, trainer notes, dated sources) and the writing rules of CONTENT-STYLE.md.

Each test lists every file that breaks its rule and says what is missing, so that an author can
fix them all in one pass.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from edukit.course import HANDOUTS_FOLDER, Course, Lesson, load_course, load_exercise
from edukit.course.plan import build_plan
from edukit.quiz import load_bank

ROOT = Path(__file__).resolve().parents[2]
COURSE_MINUTES = 21 * 60
DAY_MINUTES = 7 * 60
DAYS = 3
MIN_ASSESSMENTS = 2

FALC_TITLE = "En bref (facile à lire)"
FALC_SENTENCES = range(5, 9)
_FALC = re.compile(r'^!!! falc "(?P<title>[^"]*)"\s*$')
_TRAINER = re.compile(r"^!!! formateur\b")
_SOURCES = re.compile(r"^## Sources\s*$")
_HEADING = re.compile(r"^#{1,2} ")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SENTENCE_END = re.compile(r"[.!?…](?:[\s\u00a0\u202f]*[»\")])?(?=\s|$)")
_ANNOUNCED = re.compile(r"\*\*Déroulé[^*(]*\((\d+) minutes\)\*\*")
MEDIAN_DOT = re.compile(r"(?<=[^\W\d_])[·•⋅](?=[^\W\d_])")  # between two letters
FORBIDDEN = {
    "« débiaiser » (say « atténuer un biais »)": re.compile(r"\bdé-?biais\w*", re.IGNORECASE),
    "« sans biais » (no system is free of bias; say « évaluer » / « atténuer »)": re.compile(
        r"\bsans\s+biais\b", re.IGNORECASE
    ),
}


def rel(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


# -- loading (once per module) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def course() -> Course:
    load = load_course(ROOT)
    assert load.course is not None and not load.errors, "\n".join(map(str, load.errors))
    return load.course


def bank_folders(root: Path = ROOT) -> list[Path]:
    return sorted({path.parent for path in (root / "exercises").rglob("*.yml")})


def exercise_files(root: Path = ROOT) -> list[Path]:
    """Exercise files: ``exercises/**/*.md`` with front matter (solutions and guides have none;
    handouts, ``exercises/imprimables/``, are printables checked by their own loader)."""
    handouts = root / HANDOUTS_FOLDER
    return [
        path
        for path in sorted((root / "exercises").rglob("*.md"))
        if path.read_text(encoding="utf-8").startswith("---") and not path.is_relative_to(handouts)
    ]


def assessments(course: Course, root: Path = ROOT) -> dict[Path, Counter[str]]:
    """For each bank folder and exercise file: how many times it assesses each objective
    (one count per bank item, one per exercise)."""
    objectives = set(course.objectives())
    found: dict[Path, Counter[str]] = {}
    for folder in bank_folders(root):
        bank, problems = load_bank(folder, objectives=objectives)
        assert bank is not None and not problems, "\n".join(map(str, problems))
        found[folder] = Counter(o for item in bank.items for o in item.objectives)
    for path in exercise_files(root):
        exercise, problems = load_exercise(path, root=root, objectives=objectives)
        assert exercise is not None and not problems, "\n".join(map(str, problems))
        found[path] = Counter(exercise.objectives)
    return found


# -- reading a lesson body -----------------------------------------------------------------------


def admonition_text(lines: list[str], start: int) -> list[str]:
    """The lines of the admonition opened at ``lines[start]`` (indented by 4 spaces)."""
    text: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith("    "):
            break
        text.append(line.strip())
    return [line for line in text if line]


def count_sentences(text: str) -> int:
    """Sentences end with . ! ? or …, maybe followed by a closing » or ).

    >>> count_sentences("Une idée. « Une citation. » Une question ? Fin")
    3
    """
    return len(_SENTENCE_END.findall(text))


def lesson_structure_problems(name: str, body: str) -> list[str]:
    """What the lesson body lacks: the FALC box first (titled « En bref (facile à lire) », 5 to 8
    sentences), a ``!!! formateur`` block, and a ``## Sources`` list with a dated entry."""
    lines = body.split("\n")
    problems: list[str] = []
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    falc = next((i for i, line in enumerate(lines) if _FALC.match(line)), None)
    if falc is None:
        problems.append(f'{name}: no FALC box — open the lesson with !!! falc "{FALC_TITLE}"')
    else:
        title = _FALC.match(lines[falc])
        assert title is not None
        if title["title"] != FALC_TITLE:
            problems.append(
                f"{name}: the FALC box is titled « {title['title']} », not « {FALC_TITLE} »"
            )
        if falc != first:
            problems.append(
                f"{name}: the FALC box must open the lesson text (it is on body line {falc + 1})"
            )
        sentences = count_sentences(" ".join(admonition_text(lines, falc)))
        if sentences not in FALC_SENTENCES:
            problems.append(
                f"{name}: the FALC box has {sentences} sentence(s) — write 5 to 8 short sentences"
            )
    trainer = [i for i, line in enumerate(lines) if _TRAINER.match(line)]
    if not trainer:
        problems.append(
            f'{name}: no trainer notes — add !!! formateur "Notes pour la personne formatrice"'
        )
    elif not any(admonition_text(lines, i) for i in trainer):
        problems.append(f"{name}: the !!! formateur block is empty")
    sources = next((i for i, line in enumerate(lines) if _SOURCES.match(line)), None)
    if sources is None:
        problems.append(
            f"{name}: no « ## Sources » section — end the lesson with its dated sources"
        )
    else:
        entries: list[str] = []
        for line in lines[sources + 1 :]:
            if _HEADING.match(line):
                break
            if re.match(r"^\s*[-*] ", line):
                entries.append(line)
        if not entries:
            problems.append(f"{name}: the « ## Sources » section has no list entry")
        elif not any(_YEAR.search(entry) for entry in entries):
            problems.append(
                f"{name}: no entry of « ## Sources » has a date — give the title, publisher, date"
            )
    return problems


def timing_problems(lesson: Lesson) -> list[str]:
    name = rel(lesson.path)
    problems = [
        f"{name}: the activity « {activity.title} » has no positive duration"
        for activity in lesson.activities
        if activity.minutes <= 0
    ]
    announced = _ANNOUNCED.search(lesson.body)
    if announced and int(announced.group(1)) != lesson.minutes:
        problems.append(
            f"{name}: the trainer notes announce {announced.group(1)} minutes but the activities "
            f"add up to {lesson.minutes} minutes"
        )
    return problems


# -- learner text files (for the writing rules) --------------------------------------------------


def learner_files(root: Path = ROOT) -> list[Path]:
    """Everything a learner or a trainer reads: lessons, guides, exercises, banks, notebooks."""
    return (
        sorted((root / "courses").rglob("*.md"))
        + sorted((root / "exercises").rglob("*.md"))
        + sorted((root / "exercises").rglob("*.yml"))
        + sorted((root / "notebooks").glob("*.py"))
    )


def writing_rule_problems(files: Iterable[Path]) -> list[str]:
    problems: list[str] = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            for match in MEDIAN_DOT.finditer(line):
                start = max(line.rfind(" ", 0, match.start()) + 1, 0)
                end = line.find(" ", match.end())
                shown = line[start : end if end >= 0 else len(line)]
                problems.append(
                    f"{rel(path)}:{number}: median dot in « {shown} » — use epicene wording "
                    "(« les personnes », « le personnel »)"
                )
            for rule, pattern in FORBIDDEN.items():
                for found in pattern.finditer(line):
                    problems.append(f"{rel(path)}:{number}: « {found.group()} » — avoid {rule}")
    return problems


# -- tests on the real course ----------------------------------------------------------------------


def test_the_plan_lasts_21_hours_in_three_days_of_7_hours(course: Course) -> None:
    assert course.duration == COURSE_MINUTES, (
        f"courses/course.yml: duration is {course.duration} min"
    )
    assert course.schedule.day_minutes == DAY_MINUTES
    assert course.minutes == COURSE_MINUTES, (
        f"the lessons add up to {course.minutes} min, not {COURSE_MINUTES}: "
        + ", ".join(f"{lesson.id} {lesson.minutes}" for lesson in course.lessons)
    )
    taught: dict[int, int] = defaultdict(int)
    last_lesson: dict[int, str] = {}
    first_lesson: dict[int, str] = {}
    for row in build_plan(course):
        if row.is_break:
            continue
        taught[row.day] += row.minutes
        first_lesson.setdefault(row.day, row.lesson_id)
        last_lesson[row.day] = row.lesson_id
    assert sorted(taught) == list(range(1, DAYS + 1)), f"the plan has days {sorted(taught)}"
    wrong = {day: minutes for day, minutes in taught.items() if minutes != DAY_MINUTES}
    assert not wrong, f"days that do not last {DAY_MINUTES} min: {wrong}"
    split = [day for day in range(1, DAYS) if last_lesson[day] == first_lesson[day + 1]]
    assert not split, f"a lesson runs over the end of day(s) {split}: days must end between lessons"


def test_every_objective_is_assessed_at_least_twice(course: Course) -> None:
    total: Counter[str] = Counter()
    for counts in assessments(course).values():
        total.update(counts)
    weak = [
        f"{rel(lesson.path)}: objective {objective.id} is assessed {total[objective.id]} time(s) — "
        f"add bank items or an exercise with 'objectives: [{objective.id}]'"
        for lesson in course.lessons
        for objective in lesson.objectives
        if total[objective.id] < MIN_ASSESSMENTS
    ]
    assert not weak, "\n".join(weak)


def test_every_lesson_points_at_what_assesses_its_objectives(course: Course) -> None:
    found = assessments(course)
    problems: list[str] = []
    for lesson in course.lessons:
        name = rel(lesson.path)
        if not lesson.banks:
            problems.append(f"{name}: no 'banks:' in the front matter")
        wired: Counter[str] = Counter()
        for target in [*lesson.banks, *lesson.exercises]:
            path = (ROOT / target).resolve()
            if not path.exists():
                problems.append(f"{name}: '{target}' does not exist")
            for source, counts in found.items():
                if source == path or (
                    path.is_file() and path.suffix == ".yml" and source == path.parent
                ):
                    wired.update(counts)
        problems += [
            f"{name}: objective {objective.id} is assessed by none of the lesson's banks or "
            f"exercises — add the bank folder or exercise file that assesses it"
            for objective in lesson.objectives
            if not wired[objective.id]
        ]
    assert not problems, "\n".join(problems)


def test_every_lesson_follows_the_lesson_pattern(course: Course) -> None:
    problems: list[str] = []
    for lesson in course.lessons:
        name = rel(lesson.path)
        if not lesson.objectives:
            problems.append(f"{name}: no objectives")
        if not lesson.activities:
            problems.append(f"{name}: no timed activities")
        problems += timing_problems(lesson)
        problems += lesson_structure_problems(name, lesson.body)
    assert not problems, "\n".join(problems)


def test_learner_text_follows_the_writing_rules() -> None:
    files = learner_files()
    assert len(files) > 40, f"only {len(files)} files found under courses/ and exercises/"
    problems = writing_rule_problems(files)
    assert not problems, "\n".join(problems)


# -- the checkers find what they look for ------------------------------------------------------------

GOOD_BODY = f"""
!!! falc "{FALC_TITLE}"
    Une idée.
    Une autre idée.
    Par exemple : « Écris 5 lignes. »
    Encore une idée.
    La dernière idée.

## Le cours

Du texte.

!!! formateur "Notes pour la personne formatrice"
    Préparez la salle.

## Sources

- Règlement (UE) 2024/1689, article 4, Journal officiel de l'Union européenne, 12 juillet 2024.
"""


def test_a_well_formed_lesson_body_has_no_problem() -> None:
    assert lesson_structure_problems("l.md", GOOD_BODY) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda b: b.replace("    Encore une idée.\n    La dernière idée.\n", ""),
            "has 3 sentence(s)",
        ),
        (lambda b: b.replace(FALC_TITLE, "Résumé"), "titled « Résumé »"),
        (lambda b: b.replace("!!! falc", "!!! note"), "no FALC box"),
        (lambda b: "Intro.\n" + b, "must open the lesson text"),
        (lambda b: b.replace("!!! formateur", "!!! note"), "no trainer notes"),
        (lambda b: b.replace("    Préparez la salle.\n", ""), "block is empty"),
        (lambda b: b.replace("## Sources", "## Pour aller plus loin"), "no « ## Sources »"),
        (
            lambda b: b.replace("2024/1689", "UE").replace("12 juillet 2024", "juillet"),
            "has a date",
        ),
    ],
)
def test_a_flawed_lesson_body_is_reported(change: Callable[[str], str], expected: str) -> None:
    problems = lesson_structure_problems("courses/m/l.md", change(GOOD_BODY))
    assert len(problems) == 1 and problems[0].startswith("courses/m/l.md: "), problems
    assert expected in problems[0]


def test_the_writing_rules_catch_median_dots_and_forbidden_words(tmp_path: Path) -> None:
    bad = tmp_path / "lecon.md"
    bad.write_text(
        "Les salarié·es sont là.\nUn outil sans biais ?\nOn peut le débiaiser.\n"
        "Un point · isolé et 3·4, entre deux chiffres, restent permis.\n",
        encoding="utf-8",
    )
    problems = writing_rule_problems([bad])
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in problems] == ["1", "2", "3"]
    assert "salarié·es" in problems[0] and "« sans biais »" in problems[1]
    assert "« débiaiser »" in problems[2]


def test_the_trainer_guide_timetable_matches_the_plan() -> None:
    """Every « HH h MM | lNN — … (N min) » row of the trainer guide's day tables gives the
    lesson's real start time and duration, as ``edukit plan`` lays them out."""
    from edukit.course.plan import build_plan

    course = load_course(ROOT).course
    assert course is not None
    starts: dict[str, tuple[int, str]] = {}
    for row in build_plan(course):
        if row.lesson_id and row.lesson_id[:3] not in starts:
            starts[row.lesson_id[:3]] = (row.day, row.start)
    minutes = {
        lesson.id[:3]: sum(activity.minutes for activity in lesson.activities)
        for lesson in course.lessons
    }
    guide = (ROOT / "courses" / "guides" / "formateur.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^### Jour (\d)|^\| (\d\d) h (\d\d) \| (l\d\d) — [^|]*?\((\d+)\s*min\)", guide, re.M
    )
    day, checked = 0, []
    for heading, hour, minute, lesson, duration in rows:
        if heading:
            day = int(heading)
            continue
        assert starts[lesson] == (day, f"{hour}:{minute}"), f"{lesson} in the trainer guide"
        assert minutes[lesson] == int(duration), f"{lesson}'s duration in the trainer guide"
        checked.append(lesson)
    assert len(checked) == len(course.lessons)
