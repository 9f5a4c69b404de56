"""What a SCORM package holds: the course or one module, its lessons, and what was written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from edukit._problems import Problem, ProblemError
from edukit.course import Course, Module


@dataclass(frozen=True)
class QuizInfo:
    """A quiz found in the built pages (its storage key and what it counts for)."""

    key: str
    purpose: str
    mode: str
    total: int
    page: str


@dataclass(frozen=True)
class PackageContent:
    """What a package holds: the course or one module, its lessons and its first page."""

    course_id: str
    title: str
    module: Module | None
    lessons: list[str]
    """Lesson ids in teaching order (the status rule needs every one marked done)."""
    keep_prefixes: tuple[str, ...] = ()
    """With a module: the folders of the docs whose pages belong to it."""
    notebooks: tuple[str, ...] = ()
    """With a module: the stems of its lessons' notebooks."""
    trainer: bool = False
    """A trainer's package: the trainer notes and guides stay in (never for learners)."""

    @property
    def identifier(self) -> str:
        base = self.course_id if self.module is None else f"{self.course_id}-{self.module.id}"
        return _ncname(f"{base}-formateur" if self.trainer else base)


@dataclass
class ScormPackage:
    """A written package: its path, files, size in bytes and quizzes."""

    path: Path
    files: list[str]
    size: int
    quizzes: list[QuizInfo] = field(default_factory=list)


def package_content(
    course: Course, module_id: str | None = None, *, trainer: bool = False
) -> PackageContent:
    """The course (or the module ``module_id``) as one package (a trainer's with ``trainer``).

    Raises
    ------
    ProblemError
        When ``module_id`` names no module of ``course.yml``.
    """
    suffix = " (version formateur)" if trainer else ""
    if module_id is None:
        return PackageContent(
            course.id,
            course.title + suffix,
            None,
            [lesson.id for lesson in course.lessons],
            trainer=trainer,
        )
    try:
        module = course.module(module_id)
    except KeyError:
        known = ", ".join(module.id for module in course.modules)
        raise ProblemError(
            [
                Problem(
                    Path("courses/course.yml"),
                    None,
                    f"the course has no module '{module_id}'",
                    f"use one of: {known}",
                )
            ]
        ) from None
    notebooks = tuple(
        lesson.notebook.stem for lesson in module.lessons if lesson.notebook is not None
    )
    return PackageContent(
        course.id,
        f"{course.title} — {module.title}{suffix}",
        module,
        [lesson.id for lesson in module.lessons],
        keep_prefixes=(f"{module.path}/",),
        notebooks=notebooks,
        trainer=trainer,
    )


# -- the MkDocs build -------------------------------------------------------------------------


def _ncname(text: str) -> str:
    """An XML ``ID`` made of ``text``: letters, digits, ``-``, ``_``, ``.``; starts with a letter."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "edukit"
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"edukit-{cleaned}"
