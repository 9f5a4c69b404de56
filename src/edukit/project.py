"""Check a whole edukit repository: the course, the question banks, the exercises, and that every
objective is assessed somewhere.

This is what ``edukit check`` runs. Banks are read by :func:`edukit.quiz.load_bank`; this module
sits above both logic packages, so ``edukit.course`` itself never imports the quiz layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from edukit._problems import Problem, Severity
from edukit.course import (
    HANDOUTS_FOLDER,
    Course,
    handout_problems,
    load_course,
    load_exercise,
    load_glossary,
)
from edukit.course._files import read_front_matter
from edukit.course._load import finish, relative_path
from edukit.course.plan import build_variant_plan, load_variants
from edukit.quiz import Bank, load_bank

__all__ = ["ProjectCheck", "check_project", "inspect_project"]

EXERCISES = "exercises"
NOT_EXERCISES = {"readme.md", "index.md"}


@dataclass
class ProjectCheck:
    """Everything ``edukit check`` found in a repository."""

    course: Course | None
    problems: list[Problem] = field(default_factory=list)
    banks: list[Path] = field(default_factory=list)
    """Bank folders (or files) that were checked, from the root."""
    exercises: list[Path] = field(default_factory=list)
    """Exercise files that were checked, from the root."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def check_project(root: Path | str) -> list[Problem]:
    """Every problem of the repository at ``root``: course, banks, exercises, objective coverage.

    Never raises for an author's mistake.
    """
    return inspect_project(root).problems


def inspect_project(root: Path | str) -> ProjectCheck:
    """Like :func:`check_project`, keeping what was checked (for the summary line)."""
    root = Path(root).resolve()
    load = load_course(root)
    check = ProjectCheck(load.course, list(load.problems))
    if load.course is None:
        return check
    objectives = set(load.course.objectives())
    assessed: set[str] = set()
    problems: list[Problem] = []

    bank_paths = _bank_paths(root, load.course)
    check.banks = [relative_path(path, root) for path in bank_paths]
    for path in bank_paths:
        bank, bank_problems = load_bank(path, objectives=objectives)
        problems.extend(bank_problems)
        if bank is not None:
            assessed.update(_bank_objectives(bank))

    exercise_files = _exercise_files(root)
    check.exercises = [relative_path(path, root) for path in exercise_files]
    for path in exercise_files:
        exercise, exercise_problems = load_exercise(path, root=root, objectives=objectives)
        problems.extend(exercise_problems)
        if exercise is not None:
            assessed.update(exercise.objectives)

    for objective in load.course.objectives():
        if objective not in assessed:
            where, line = load.objective_lines.get(objective, (Path("courses"), None))
            problems.append(
                Problem(
                    where,
                    line,
                    f"the objective '{objective}' is assessed by no bank item and no exercise",
                    f"add a question with 'objectives: [{objective}]' to a bank, or an exercise",
                    Severity.WARNING,
                )
            )
    problems.extend(load_glossary(root).problems)
    problems.extend(handout_problems(root, {lesson.id for lesson in load.course.lessons}))
    problems.extend(_variant_problems(root, load.course))
    check.problems = finish([*check.problems, *problems], root)
    return check


def _variant_problems(root: Path, course: Course) -> list[Problem]:
    """The problems of ``courses/variantes.yml`` and of every variant's timetable: a variant that
    ``edukit plan --variant`` would refuse fails ``edukit check`` too."""
    variants, problems = load_variants(root)
    for variant in variants.values():
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
