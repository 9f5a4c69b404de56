"""Check a whole edukit repository: the course, the question banks, the exercises, and that every
objective is assessed somewhere.

This is what ``edukit check`` runs. Banks are read by :func:`edukit.quiz.load_bank`; this module
sits above both logic packages, so ``edukit.course`` itself never imports the quiz layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from edukit._problems import Problem, Severity, SortedProblems
from edukit.course import (
    HANDOUTS_FOLDER,
    BrokenLesson,
    Course,
    finish_problems,
    handout_problems,
    load_course,
    load_exercise,
    load_glossary,
    read_front_matter,
    relative_path,
)
from edukit.course.plan import build_variant_plan, load_variants
from edukit.quiz import Bank, load_bank

__all__ = ["ProjectCheck", "check_project", "inspect_project"]

EXERCISES = "exercises"
NOT_EXERCISES = {"readme.md", "index.md"}


@dataclass
class ProjectCheck(SortedProblems):
    """Everything ``edukit check`` found in a repository."""

    course: Course | None
    problems: list[Problem] = field(default_factory=list)
    banks: list[Path] = field(default_factory=list)
    """Bank folders (or files) that were checked, from the root."""
    exercises: list[Path] = field(default_factory=list)
    """Exercise files that were checked, from the root."""
    broken: dict[str, BrokenLesson] = field(default_factory=dict)
    """Lessons that could not be fully read (see :attr:`edukit.course.CourseLoad.broken`)."""
    skipped: dict[str, int] = field(default_factory=dict)
    """How many problems of each broken lesson's dependants were left out, by lesson id."""
    found: list[Problem] = field(default_factory=list)
    """Every problem found, before the dependants of broken lessons were left out."""

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems found by later checks, leaving out those of a broken lesson's dependants.

        A file that names the unread objectives of a broken lesson (a bank, an exercise, a
        rubric, the competences) depends on it: all its problems wait until the lesson is fixed
        (an item dropped for its unknown objective also changes the counts of the file), and one
        note on the lesson says how many were left out.
        """
        self.found = list(dict.fromkeys([*self.found, *problems]))
        dependants = _dependant_files(self.found, self.broken)
        kept: list[Problem] = []
        self.skipped = {}
        for problem in self.found:
            lesson = dependants.get(Path(problem.path).as_posix())
            if lesson is None:
                kept.append(problem)
            else:
                self.skipped[lesson] = self.skipped.get(lesson, 0) + 1
        self.problems = [*kept, *_notes(self.broken, self.skipped)]


def check_project(root: Path | str) -> list[Problem]:
    """Every problem of the repository at ``root``: course, banks, exercises, objective coverage.

    Never raises for an author's mistake.
    """
    return inspect_project(root).problems


def inspect_project(root: Path | str) -> ProjectCheck:
    """Like :func:`check_project`, keeping what was checked (for the summary line)."""
    root = Path(root).resolve()
    load = load_course(root)
    check = ProjectCheck(load.course, broken=dict(load.broken))
    check.extend(load.problems)
    if load.course is None:
        return check
    # Objectives of a lesson that failed to load for another reason still count.
    objectives = set(load.objective_lines)
    assessed: set[str] = set()
    problems: list[Problem] = []

    bank_paths = _bank_paths(root, load.course)
    check.banks = [relative_path(path, root) for path in bank_paths]
    first_item: dict[str, tuple[Path, int]] = {}
    for path in bank_paths:
        bank, bank_problems = load_bank(path, objectives=objectives)
        problems.extend(bank_problems)
        if bank is not None:
            assessed.update(_bank_objectives(bank))
            problems.extend(_items_used_twice(bank, first_item, root))

    exercise_files = _exercise_files(root)
    check.exercises = [relative_path(path, root) for path in exercise_files]
    for path in exercise_files:
        exercise, exercise_problems = load_exercise(path, root=root, objectives=objectives)
        problems.extend(exercise_problems)
        if exercise is not None:
            assessed.update(exercise.objectives)

    for objective, (where, line) in load.objective_lines.items():
        if objective not in assessed:
            problems.append(
                Problem(
                    where,
                    line,
                    f"l'objectif « {objective} » n'est évalué par aucune question ni aucun exercice",
                    f"ajoutez à une banque une question avec « objectives: [{objective}] », "
                    "ou un exercice",
                    Severity.WARNING,
                )
            )
    problems.extend(load_glossary(root).problems)
    # A lesson that failed to load is still a lesson of the course for its handouts.
    lesson_ids = {lesson.id for lesson in load.course.lessons} | set(load.broken)
    problems.extend(handout_problems(root, lesson_ids))
    # The variants sum the loaded lessons: with one missing, every variant would look wrong.
    complete = all(lesson.loaded for lesson in load.broken.values())
    problems.extend(_variant_problems(root, load.course, timetables=complete))
    check.extend(finish_problems(problems, root))
    return check


_LESSON_NUMBER = re.compile(r"^(l\d+)-")


_QUOTED_ID = re.compile(r"«\W*([a-z][\w-]*\d[\w-]*)\W*»")
"""An id quoted in a message that holds a digit (l06-o1, c12-mesurer, l06-requete)."""


def _dependant_files(problems: list[Problem], broken: Mapping[str, BrokenLesson]) -> dict[str, str]:
    """The files (other than the lessons) that depend on a broken lesson, with its id.

    A file depends on the lesson when one of its problems names the lesson's objectives, or an
    id (a competence, a rubric) named in a problem of a file that already depends on it: an
    item dropped for its unknown objective lowers the counts of the competence it measured.
    """
    dependants: dict[str, str] = {}
    tainted: dict[str, str] = {}
    lessons = {lesson.path.as_posix() for lesson in broken.values()}
    changed = True
    while changed:
        changed = False
        for problem in problems:
            path = Path(problem.path).as_posix()
            if path in dependants or path in lessons:
                continue
            lesson = _caused_by(problem, broken) or next(
                (tainted[i] for i in _QUOTED_ID.findall(problem.message) if i in tainted), None
            )
            if lesson is None:
                continue
            dependants[path] = lesson
            changed = True
        for problem in problems:
            lesson = dependants.get(Path(problem.path).as_posix())
            if lesson is not None:
                for quoted in _QUOTED_ID.findall(problem.message):
                    tainted.setdefault(quoted, lesson)
    return dependants


def _caused_by(problem: Problem, broken: Mapping[str, BrokenLesson]) -> str | None:
    """The broken lesson whose unread objectives ``problem`` (found in another file) names.

    Objective ids start with their lesson's number (``l06-o1`` for ``l06-art-requete``), so a
    message naming ``l06-…`` depends on that lesson; a lesson whose id has no number is matched
    on its whole id.
    """
    for lesson_id, lesson in broken.items():
        if lesson.objectives_known or Path(problem.path).as_posix() == lesson.path.as_posix():
            continue
        number = _LESSON_NUMBER.match(lesson_id)
        stem = number.group(1) + "-" if number else lesson_id
        if re.search(rf"(?<![\w-]){re.escape(stem)}", problem.message):
            return lesson_id
    return None


def _notes(broken: Mapping[str, BrokenLesson], skipped: Mapping[str, int]) -> list[Problem]:
    """One note per broken lesson saying what was not checked because of it."""
    notes = []
    for lesson_id, lesson in broken.items():
        parts = []
        if skipped.get(lesson_id):
            count = skipped[lesson_id]
            parts.append(
                f"{count} problème{'s' if count > 1 else ''} des fichiers qui citent ses "
                "objectifs (banques, exercices, grilles, compétences)"
            )
        if not lesson.timing_known:
            parts.append("le minutage du cours à partir de cette leçon")
        if not parts:
            continue
        notes.append(
            Problem(
                lesson.path,
                None,
                "cette leçon n'a pas pu être lue en entier ; non vérifiés : " + " ; ".join(parts),
                "corrigez d'abord l'erreur de ce fichier, puis relancez edukit check",
                Severity.WARNING,
            )
        )
    return notes


def _items_used_twice(
    bank: Bank, first_item: dict[str, tuple[Path, int]], root: Path
) -> list[Problem]:
    """Item ids are unique across banks (results, exports and draws name items by id)."""
    problems = []
    for item in bank.items:
        first = first_item.get(item.id)
        if first is None:
            first_item[item.id] = (item.source_path, item.line)
        elif first[0] != item.source_path:
            problems.append(
                Problem(
                    item.source_path,
                    item.line,
                    f"l'identifiant de question « {item.id} » est déjà pris "
                    f"(d'abord en {relative_path(first[0], root).as_posix()}:{first[1]})",
                    "donnez à chaque question un identifiant unique dans toutes les banques",
                )
            )
    return problems


def _variant_problems(root: Path, course: Course, *, timetables: bool = True) -> list[Problem]:
    """The problems of ``courses/variantes.yml`` and of every variant's timetable: a variant that
    ``edukit plan --variant`` would refuse fails ``edukit check`` too.

    ``timetables=False`` (a lesson could not be loaded) checks only the file.
    """
    variants, problems = load_variants(root)
    for variant in variants.values() if timetables else []:
        problems.extend(build_variant_plan(course, variant).problems)
    return problems


def _bank_objectives(bank: Bank) -> set[str]:
    return {objective for item in bank.items for objective in item.objectives}


def _bank_paths(root: Path, course: Course) -> list[Path]:
    """Every folder under ``exercises/`` holding ``*.yml`` files, and any other bank a lesson
    names (a lone ``.yml`` file elsewhere)."""
    folder = root / EXERCISES
    found = sorted(
        {path.parent for path in folder.rglob("*.yml") if path.is_file()} if folder.is_dir() else []
    )
    for lesson in course.lessons:
        for bank in lesson.banks:
            target = (root / bank).resolve()
            if not target.is_relative_to(root):
                continue  # reported by the course loader
            inside = any(target == path or target.parent == path for path in found)
            if not inside and (target.is_dir() or target.is_file()):
                found.append(target)
    return found


def _exercise_files(root: Path) -> list[Path]:
    """``exercises/**/*.md``, leaving out READMEs, the handouts (``exercises/imprimables/``) and
    the files named as another's solution."""
    folder = root / EXERCISES
    if not folder.is_dir():
        return []
    files = sorted(path for path in folder.rglob("*.md") if path.is_file())
    handouts = (root / HANDOUTS_FOLDER).resolve()
    files = [
        path
        for path in files
        if path.name.lower() not in NOT_EXERCISES and not path.resolve().is_relative_to(handouts)
    ]
    solutions = set(_solutions(root, files))
    return [path for path in files if path.resolve() not in solutions]


def _solutions(root: Path, files: Iterable[Path]) -> Iterable[Path]:
    for path in files:
        front, _ = read_front_matter(path)
        if front is None or not isinstance(front.document.data, dict):
            continue
        solution = front.document.data.get("solution")
        if isinstance(solution, str):
            yield (root / solution).resolve()
            yield (path.parent / solution).resolve()
