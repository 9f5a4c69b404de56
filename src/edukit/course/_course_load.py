"""What loading a course gives: the course, its problems (paths relative to the root, each
once) and the lessons too broken to check what depends on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from edukit._problems import Problem, SortedProblems
from edukit.course._competences import Competences
from edukit.course._models import Course

__all__ = ["BrokenLesson", "CourseLoad", "finish_problems", "relative_path"]


@dataclass
class CourseLoad(SortedProblems):
    """What :func:`load_course` found: the course (``None`` if ``course.yml`` is unusable) and
    every problem, errors and warnings, with paths relative to the root."""

    course: Course | None
    problems: list[Problem] = field(default_factory=list)
    objective_lines: dict[str, tuple[Path, int | None]] = field(default_factory=dict)
    """Where each objective id is first defined: (path from the root, line)."""
    competences: Competences | None = None
    """The course's competences (``courses/competences.yml``), when the file exists."""
    broken: dict[str, BrokenLesson] = field(default_factory=dict)
    """Listed lessons that could not be fully read, by lesson id: what their dependants (bank
    items, exercises, handouts, rubrics) cannot be checked against until they are fixed."""


@dataclass(frozen=True)
class BrokenLesson:
    """A listed lesson with a mistake that hides part of it from the other checks."""

    path: Path
    objectives_known: bool
    """Every objective id of the lesson was read (so references to them can be checked)."""
    timing_known: bool
    """Every activity of the lesson was read (so the course timetable can be checked)."""
    loaded: bool = False
    """The lesson is in the course anyway (its only mistake hides some of its objectives)."""


def finish_problems(problems: Iterable[Problem], root: Path) -> list[Problem]:
    """Paths relative to the root, and each problem once (module defaults repeat them)."""
    relative = (_relative(problem, root) for problem in problems)
    return list(dict.fromkeys(relative))


def relative_path(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def _relative(problem: Problem, root: Path) -> Problem:
    path = Path(problem.path)
    if path.is_absolute():
        try:
            path = path.relative_to(root)
        except ValueError:
            return problem.relative_to(root)
    return Problem(path, problem.line, problem.message, problem.hint, problem.severity)
