"""The course model: a course holds modules, a module holds lessons, a lesson holds timed activities.

The models mirror the author files (``courses/course.yml``, lesson front matter, ``_module.yml``
and exercise front matter). Unknown keys are refused (``extra="forbid"``); the loaders turn
pydantic's errors into ``path:line`` problems, so authors never see a pydantic message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "Activity",
    "Audience",
    "Break",
    "Course",
    "Exercise",
    "ExerciseFrontMatter",
    "Grouping",
    "Lesson",
    "Module",
    "ModuleDefaults",
    "Objective",
    "Schedule",
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty string (blank text counts as missing)."""
Minutes = Annotated[int, Field(strict=True, gt=0)]
"""A whole number of minutes, greater than zero (``15``, not ``"15"`` nor ``15.5``)."""
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
"""A time of day written ``HH:MM``."""
Grouping = Literal["individual", "pairs", "group", "plenary"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(_Model):
    """A measurable learning objective, unique in the whole course (convention ``lNN-oK``)."""

    id: Text
    text: Text


class Activity(_Model):
    """One timed step of a lesson."""

    title: Text
    minutes: Minutes
    method: Text
    grouping: Grouping
    materials: list[Text] = Field(default_factory=list)


class ModuleDefaults(_Model):
    """``courses/<module>/_module.yml``: defaults merged under each lesson's front matter."""

    audiences: list[Text] | None = None
    prerequisites: list[Text] | None = None
    banks: list[Path] | None = None


class LessonFrontMatter(_Model):
    """The keys an author may write at the top of a lesson file."""

    id: Text
    title: Text
    summary: str = ""
    audiences: list[Text] | None = None
    prerequisites: list[Text] = Field(default_factory=list)
    objectives: list[Objective] = Field(min_length=1)
    activities: list[Activity] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    notebook: Path | None = None
    banks: list[Path] = Field(default_factory=list)
    exercises: list[Path] = Field(default_factory=list)


class Lesson(LessonFrontMatter):
    """A lesson as loaded: its front matter (module defaults merged under it) and its body.

    ``audiences`` holds every audience of the course when neither the lesson nor its module
    names some. ``notebook``, ``banks`` and ``exercises`` are paths from the repository root.
    """

    audiences: list[Text] = Field(default_factory=list)
    path: Path
    """Absolute path of the lesson's Markdown file."""
    body: str = ""
    """The Markdown after the front matter."""
    body_line: int = 1
    """Line of the file where ``body`` starts."""
    module_id: str

    @property
    def minutes(self) -> int:
        """The lesson's length: the sum of its activities' minutes."""
        return sum(activity.minutes for activity in self.activities)


class Break(_Model):
    """A pause placed at the first activity boundary at or after ``after`` teaching minutes."""

    after: Minutes
    minutes: Minutes
    label: Text = "Pause"


class Schedule(_Model):
    """How the teaching minutes are laid out in days."""

    days: Annotated[int, Field(strict=True, gt=0)]
    day_start: Clock = "09:00"
    day_minutes: Minutes
    breaks: list[Break] = Field(default_factory=list)


class Audience(_Model):
    """A group of learners the course is written for."""

    id: Text
    label: Text


class ModuleEntry(_Model):
    """A module as written in ``course.yml``: lesson ids in teaching order."""

    id: Text
    title: Text
    path: Text | None = None
    lessons: list[Text] = Field(default_factory=list)


class CourseFile(_Model):
    """The keys of ``courses/course.yml``."""

    id: Text
    title: Text
    language: Text = "fr"
    duration: Any
    """``21h``, ``7h30`` or minutes; read by the loader, which reports what it cannot read."""
    schedule: Schedule
    audiences: list[Audience] = Field(default_factory=list)
    modules: list[ModuleEntry]


class Module(_Model):
    """A module as loaded: its lessons in teaching order (lessons that failed to load are absent)."""

    id: str
    title: str
    path: str
    """Folder name under ``courses/``."""
    lesson_ids: list[str]
    """Every lesson id listed in ``course.yml``, loaded or not."""
    lessons: list[Lesson]

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


class ExerciseFrontMatter(_Model):
    """The keys an author may write at the top of an exercise file."""

    id: Text
    title: Text
    objectives: list[Text] = Field(min_length=1)
    minutes: Minutes
    solution: Path | None = None
    """Path of the solution file, from the repository root (or from the exercise's folder)."""


class Exercise(ExerciseFrontMatter):
    """An exercise file (``exercises/**/*.md``) as loaded: its front matter and its body."""

    path: Path
    """Absolute path of the exercise file."""
    body: str = ""


class Course(_Model):
    """A whole course: ``course.yml`` with every lesson that could be loaded."""

    id: str
    title: str
    language: str
    duration: int
    """Planned length in minutes."""
    schedule: Schedule
    audiences: list[Audience]
    modules: list[Module]
    root: Path
    """The repository root (the folder that holds ``courses/``)."""

    @property
    def lessons(self) -> list[Lesson]:
        """Every loaded lesson, in teaching order."""
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def minutes(self) -> int:
        """The sum of every loaded lesson's minutes."""
        return sum(lesson.minutes for lesson in self.lessons)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id.

        Raises
        ------
        KeyError
            When no loaded lesson has this id.
        """
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    def module(self, module_id: str) -> Module:
        """The module with this id (``KeyError`` when there is none)."""
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(module_id)

    def objectives(self) -> dict[str, Objective]:
        """Every objective of every loaded lesson, by id, in teaching order."""
        return {
            objective.id: objective for lesson in self.lessons for objective in lesson.objectives
        }
