"""Per learner and per objective: positioning against final evaluation, completion, time spent.

An item counts for the **positioning** test when its quiz is marked ``purpose:
positionnement``, or, in a quiz with no purpose, when the item carries the tag
``positionnement``; the same goes for the **final evaluation** (``evaluation-finale``). A
practice quiz (``entrainement``) never counts. An item that assesses several objectives counts
for each. Time on a lesson is the larger of the page's time and its quizzes' times (a quiz on a
page is timed inside the page); quizzes outside any lesson add to the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from edukit.course import Course
from edukit.progress._model import ItemResult, ProgressFile, Purpose

__all__ = [
    "FINAL",
    "POSITIONING",
    "CourseOutline",
    "GroupObjective",
    "GroupReport",
    "LearnerReport",
    "ObjectiveRow",
    "OutlineObjective",
    "Refused",
    "Score",
    "learner_report",
    "phases_of",
]

POSITIONING = "positionnement"
FINAL = "evaluation-finale"


@dataclass(frozen=True)
class Score:
    """Points earned out of a number of questions (partial credit gives fractions of points)."""

    points: float = 0.0
    questions: int = 0

    @property
    def ratio(self) -> float | None:
        """From 0 to 1, or ``None`` when no question was asked.

        >>> Score(1.5, 3).ratio, Score().ratio
        (0.5, None)
        """
        return self.points / self.questions if self.questions else None

    def __add__(self, other: Score) -> Score:
        return Score(self.points + other.points, self.questions + other.questions)


@dataclass(frozen=True)
class OutlineObjective:
    id: str
    text: str
    lesson_id: str
    lesson_title: str


@dataclass(frozen=True)
class CourseOutline:
    """What a report needs of a course: its id, title, duration, lessons and objectives."""

    id: str
    title: str
    minutes: int
    lessons: list[tuple[str, str]]
    """(lesson id, title) in teaching order."""
    objectives: list[OutlineObjective]
    modules: list[str] = field(default_factory=list)
    """Module titles in teaching order."""

    @classmethod
    def from_course(cls, course: Course) -> CourseOutline:
        lessons = [lesson for module in course.modules for lesson in module.lessons]
        return cls(
            id=course.id,
            title=course.title,
            minutes=course.duration,
            lessons=[(lesson.id, lesson.title) for lesson in lessons],
            objectives=[
                OutlineObjective(objective.id, objective.text, lesson.id, lesson.title)
                for lesson in lessons
                for objective in lesson.objectives
            ],
            modules=[module.title for module in course.modules],
        )


@dataclass(frozen=True)
class ObjectiveRow:
    """One learner's results on one objective."""

    objective: OutlineObjective
    positioning: Score
    final: Score
    lesson_completed: bool
    seconds: int
    in_course: bool = True

    @property
    def change(self) -> float | None:
        """Final ratio minus positioning ratio, when both exist."""
        before, after = self.positioning.ratio, self.final.ratio
        return None if before is None or after is None else after - before

    @property
    def assessed(self) -> bool:
        return bool(self.positioning.questions or self.final.questions)


@dataclass(frozen=True)
class LearnerReport:
    learner: str
    files: list[Path]
    verified: bool
    """Every file carried a matching seal (older files have none)."""
    exported: datetime
    rows: list[ObjectiveRow]
    lessons_completed: int
    lessons_total: int
    seconds: int
    positioning: Score
    """The whole positioning test (each question once, whatever its objectives)."""
    final: Score
    """The whole final evaluation."""


@dataclass(frozen=True)
class Refused:
    path: Path
    reason: str


@dataclass(frozen=True)
class GroupObjective:
    """The group's results on one objective, without names."""

    objective: OutlineObjective
    learners: int
    positioning: float | None
    final: float | None

    @property
    def change(self) -> float | None:
        if self.positioning is None or self.final is None:
            return None
        return self.final - self.positioning


@dataclass
class GroupReport:
    course: CourseOutline
    learners: list[LearnerReport]
    refused: list[Refused] = field(default_factory=list)
    generated: datetime | None = None

    def group_objectives(self) -> list[GroupObjective]:
        """Mean results per assessed objective, over the learners assessed on it."""
        result = []
        order: dict[str, OutlineObjective] = {}
        for learner in self.learners:
            for row in learner.rows:
                if row.assessed:
                    order.setdefault(row.objective.id, row.objective)
        for objective_id, objective in order.items():
            rows = [
                row
                for learner in self.learners
                for row in learner.rows
                if row.objective.id == objective_id and row.assessed
            ]
            result.append(
                GroupObjective(
                    objective,
                    len(rows),
                    _mean(row.positioning.ratio for row in rows),
                    _mean(row.final.ratio for row in rows),
                )
            )
        return result


def phases_of(purpose: Purpose | None, item: ItemResult) -> set[str]:
    """The tests an answer counts for, given its quiz's purpose (see the module documentation).

    >>> from edukit.progress import ItemResult
    >>> item = ItemResult(id="q", objectives=["l01-o1"], tags=["positionnement"], score=1,
    ...     answered="2025-06-02T09:30:00Z")
    >>> phases_of(None, item), phases_of("entrainement", item), phases_of(FINAL, item)
    ({'positionnement'}, set(), {'evaluation-finale'})
    """
    if purpose is not None and purpose != "entrainement":
        return {purpose}
    if purpose == "entrainement":
        return set()
    return {tag for tag in item.tags if tag in (POSITIONING, FINAL)}


def learner_report(
    progress: ProgressFile,
    course: CourseOutline,
    *,
    files: Sequence[Path] = (),
    verified: bool = True,
) -> LearnerReport:
    """The report of one learner (files already merged into ``progress``)."""
    scores: dict[str, dict[str, Score]] = {POSITIONING: {}, FINAL: {}}
    totals: dict[str, Score] = {POSITIONING: Score(), FINAL: Score()}
    quiz_seconds: dict[str | None, int] = {}
    for entry in progress.quizzes():
        quiz_seconds[entry.lesson] = quiz_seconds.get(entry.lesson, 0) + entry.seconds
        for item in entry.results():
            for phase in phases_of(entry.purpose, item):
                totals[phase] = totals[phase] + Score(item.score, 1)
                for objective in item.objectives:
                    table = scores[phase]
                    table[objective] = table.get(objective, Score()) + Score(item.score, 1)
    lesson_values = {entry.key.removeprefix("lesson:"): entry.value for entry in progress.lessons()}
    lesson_ids = {lesson_id for lesson_id, _ in course.lessons}
    lesson_seconds: dict[str, int] = {}
    for lesson_id in lesson_ids | set(lesson_values) | {k for k in quiz_seconds if k}:
        page = lesson_values[lesson_id].seconds if lesson_id in lesson_values else 0
        lesson_seconds[lesson_id] = max(page, quiz_seconds.get(lesson_id, 0))
    completed = {
        lesson_id for lesson_id, value in lesson_values.items() if value.completed is not None
    }
    objectives = list(course.objectives)
    known = {objective.id for objective in objectives}
    extra = sorted((set(scores[POSITIONING]) | set(scores[FINAL])) - known)
    objectives += [OutlineObjective(objective_id, "", "", "") for objective_id in extra]
    rows = [
        ObjectiveRow(
            objective=objective,
            positioning=scores[POSITIONING].get(objective.id, Score()),
            final=scores[FINAL].get(objective.id, Score()),
            lesson_completed=objective.lesson_id in completed,
            seconds=lesson_seconds.get(objective.lesson_id, 0),
            in_course=objective.id in known,
        )
        for objective in objectives
    ]
    return LearnerReport(
        learner=progress.learner,
        files=list(files),
        verified=verified,
        exported=progress.exported,
        rows=rows,
        lessons_completed=len(completed & lesson_ids),
        lessons_total=len(course.lessons),
        seconds=sum(lesson_seconds.values()) + quiz_seconds.get(None, 0),
        positioning=totals[POSITIONING],
        final=totals[FINAL],
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None
