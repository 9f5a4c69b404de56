"""Per learner and per objective: positioning against final evaluation, completion, time spent.

An item counts for the **positioning** test when its quiz is marked ``purpose:
positionnement``, or, in a quiz with no purpose, when the item carries the tag
``positionnement``; the same goes for the **final evaluation** (``evaluation-finale``). A
practice quiz (``entrainement``) never counts. An item that assesses several objectives counts
for each. An item answered in two quizzes of one test (on the site and on paper) counts once,
with its newest answer. Time on a lesson is the larger of the page's time and its quizzes' times (a quiz on a
page is timed inside the page); quizzes outside any lesson add to the total.

**Competences.** Tests and reports speak in competences (``courses/competences.yml``). A
learner's result on a competence, for each test, is the share of points earned on the items of
that competence (an item counts once per competence, whatever the number of its objectives),
turned into a level by :func:`competence_level`:

- « pas assez d'éléments » with fewer than 2 items: one answer is never a competence verdict;
- « acquis » at 75 % of the points or more;
- « en cours » from 50 % to under 75 %;
- « non acquis » under 50 %.

Free-response work graded on a rubric (:mod:`._rubrics`) is shown beside, with its points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from edukit.course import Competences, Course
from edukit.progress._model import SOURCES, ItemResult, ProgressFile, Purpose, RubricGrade
from edukit.progress._rubrics import Rubric
from edukit.progress._stats import FormStatistics, form_statistics

__all__ = [
    "ACQUIRED",
    "FINAL",
    "IN_PROGRESS",
    "LEVEL_RULE",
    "MIN_ITEMS",
    "POSITIONING",
    "CompetenceRow",
    "CourseOutline",
    "GroupCompetence",
    "GroupObjective",
    "GroupReport",
    "LearnerReport",
    "ObjectiveRow",
    "OutlineCompetence",
    "OutlineObjective",
    "Refused",
    "RubricResult",
    "Score",
    "competence_level",
    "learner_report",
    "phases_of",
]

POSITIONING = "positionnement"
FINAL = "evaluation-finale"

ACQUIRED = 0.75
IN_PROGRESS = 0.5
MIN_ITEMS = 2
LEVEL_RULE = (
    "Niveau d'une compétence, pour chaque test : « acquis » à partir de 75 % des points sur "
    "ses questions, « en cours » de 50 % à moins de 75 %, « non acquis » sous 50 %. Avec moins "
    "de 2 questions, le rapport dit « pas assez d'éléments » : une seule réponse ne suffit "
    "jamais à juger une compétence."
)
"""The rule, as the report states it."""


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


def competence_level(score: Score) -> str:
    """The level of a competence from the score on its items (see the module documentation).

    >>> [competence_level(Score(p, n)) for p, n in [(1, 1), (2, 2), (1.5, 2), (1, 2), (1, 3)]]
    ["pas assez d'éléments", 'acquis', 'acquis', 'en cours', 'non acquis']
    """
    if score.questions < MIN_ITEMS:
        return "pas assez d'éléments"
    ratio = score.ratio or 0.0
    if ratio >= ACQUIRED - 1e-9:
        return "acquis"
    if ratio >= IN_PROGRESS - 1e-9:
        return "en cours"
    return "non acquis"


@dataclass(frozen=True)
class OutlineCompetence:
    id: str
    title: str
    objectives: tuple[str, ...]


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
    competences: list[OutlineCompetence] = field(default_factory=list)
    """The course's competences (empty when the course defines none)."""

    def competence_of(self) -> dict[str, str]:
        """Objective id → competence id."""
        return {o: c.id for c in self.competences for o in c.objectives}

    @classmethod
    def from_course(cls, course: Course, competences: Competences | None = None) -> CourseOutline:
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
            competences=[
                OutlineCompetence(c.id, c.title_fr, c.objectives)
                for c in (competences.competences if competences is not None else [])
            ],
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
class CompetenceRow:
    """One learner's results on one competence, for each test."""

    competence: OutlineCompetence
    positioning: Score
    final: Score

    @property
    def positioning_level(self) -> str:
        return competence_level(self.positioning)

    @property
    def final_level(self) -> str:
        return competence_level(self.final)

    @property
    def assessed(self) -> bool:
        return bool(self.positioning.questions or self.final.questions)


@dataclass(frozen=True)
class RubricResult:
    """A piece of free-response work graded on a rubric."""

    rubric: str
    title: str
    points: int
    max_points: int | None
    """``None`` when the rubric file is unknown to this course."""
    levels: dict[str, int]
    grader: str
    graded: datetime
    competences: tuple[str, ...] = ()

    @property
    def ratio(self) -> float | None:
        return self.points / self.max_points if self.max_points else None


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
    competences: list[CompetenceRow] = field(default_factory=list)
    rubrics: list[RubricResult] = field(default_factory=list)
    sources: tuple[str, ...] = ("site",)
    """Where the results come from (``site``, ``papier``, ``scorm``, ``classe``)."""
    item_scores: dict[str, dict[str, float]] = field(default_factory=dict)
    """Test → item id → score, for the item statistics."""

    @property
    def source_text(self) -> str:
        """The sources in French: « fichier du site, papier »."""
        return ", ".join(SOURCES.get(source, source) for source in self.sources)


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


@dataclass(frozen=True)
class GroupCompetence:
    """The group's results on one competence, without names: learners at each level."""

    competence: OutlineCompetence
    positioning: dict[str, int]
    final: dict[str, int]


@dataclass
class GroupReport:
    course: CourseOutline
    learners: list[LearnerReport]
    refused: list[Refused] = field(default_factory=list)
    generated: datetime | None = None
    item_locations: dict[str, str] = field(default_factory=dict)
    """Item id → ``bank file:line``, to point at the items to review."""

    def item_statistics(self) -> dict[str, FormStatistics]:
        """Moodle-style item statistics of each test, over the learners who took it."""
        return {
            phase: form_statistics(
                {
                    f"{index}": learner.item_scores.get(phase, {})
                    for index, learner in enumerate(self.learners)
                }
            )
            for phase in (POSITIONING, FINAL)
        }

    def group_competences(self) -> list[GroupCompetence]:
        """How many learners reach each level, per competence and test."""
        result = []
        for competence in self.course.competences:
            counts: dict[str, dict[str, int]] = {POSITIONING: {}, FINAL: {}}
            for learner in self.learners:
                for row in learner.competences:
                    if row.competence.id != competence.id:
                        continue
                    for phase, score in ((POSITIONING, row.positioning), (FINAL, row.final)):
                        if score.questions:
                            level = competence_level(score)
                            counts[phase][level] = counts[phase].get(level, 0) + 1
            if counts[POSITIONING] or counts[FINAL]:
                result.append(GroupCompetence(competence, counts[POSITIONING], counts[FINAL]))
        return result

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


def _test_answers(
    progress: ProgressFile,
) -> tuple[dict[str, dict[str, ItemResult]], dict[str | None, int]]:
    """Each test's answers by item id (the newest when a question was answered twice), and
    the seconds spent in quizzes by lesson."""
    quiz_seconds: dict[str | None, int] = {}
    answers: dict[str, dict[str, ItemResult]] = {POSITIONING: {}, FINAL: {}}
    for entry in progress.quizzes():
        quiz_seconds[entry.lesson] = quiz_seconds.get(entry.lesson, 0) + entry.seconds
        for item in entry.results():
            for phase in phases_of(entry.purpose, item):
                # one question answered in two quizzes of a test (the site and paper) counts
                # once: the newest answer
                earlier = answers[phase].get(item.id)
                if earlier is None or item.answered >= earlier.answered:
                    answers[phase][item.id] = item
    return answers, quiz_seconds


def _lesson_time(
    progress: ProgressFile, lesson_ids: set[str], quiz_seconds: Mapping[str | None, int]
) -> tuple[dict[str, int], set[str]]:
    """Seconds per lesson (its page or its quizzes, the longer) and the lessons completed."""
    lesson_values = {entry.key.removeprefix("lesson:"): entry.value for entry in progress.lessons()}
    lesson_seconds: dict[str, int] = {}
    for lesson_id in lesson_ids | set(lesson_values) | {k for k in quiz_seconds if k}:
        page = lesson_values[lesson_id].seconds if lesson_id in lesson_values else 0
        lesson_seconds[lesson_id] = max(page, quiz_seconds.get(lesson_id, 0))
    completed = {
        lesson_id for lesson_id, value in lesson_values.items() if value.completed is not None
    }
    return lesson_seconds, completed


def learner_report(
    progress: ProgressFile,
    course: CourseOutline,
    *,
    files: Sequence[Path] = (),
    verified: bool = True,
    sources: Sequence[str] = (),
    rubrics: Mapping[str, Rubric] | None = None,
) -> LearnerReport:
    """The report of one learner (files already merged into ``progress``).

    ``sources`` lists where the merged files came from (default: the file's own ``source``);
    ``rubrics`` gives the rubric definitions, to turn grades into points.
    """
    scores: dict[str, dict[str, Score]] = {POSITIONING: {}, FINAL: {}}
    by_competence: dict[str, dict[str, Score]] = {POSITIONING: {}, FINAL: {}}
    totals: dict[str, Score] = {POSITIONING: Score(), FINAL: Score()}
    item_scores: dict[str, dict[str, float]] = {POSITIONING: {}, FINAL: {}}
    competence_of = course.competence_of()
    answers, quiz_seconds = _test_answers(progress)
    for phase, by_id in answers.items():
        for item in by_id.values():
            totals[phase] = totals[phase] + Score(item.score, 1)
            item_scores[phase][item.id] = item.score
            for objective in item.objectives:
                table = scores[phase]
                table[objective] = table.get(objective, Score()) + Score(item.score, 1)
            for competence in dict.fromkeys(
                competence_of[o] for o in item.objectives if o in competence_of
            ):
                table = by_competence[phase]
                table[competence] = table.get(competence, Score()) + Score(item.score, 1)
    lesson_ids = {lesson_id for lesson_id, _ in course.lessons}
    lesson_seconds, completed = _lesson_time(progress, lesson_ids, quiz_seconds)
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
        competences=[
            CompetenceRow(
                competence,
                by_competence[POSITIONING].get(competence.id, Score()),
                by_competence[FINAL].get(competence.id, Score()),
            )
            for competence in course.competences
        ],
        rubrics=[
            _rubric_result(grade, (rubrics or {}).get(grade.rubric), competence_of)
            for grade in progress.rubrics
        ],
        sources=tuple(dict.fromkeys(sources or (progress.source,))),
        item_scores={phase: table for phase, table in item_scores.items() if table},
    )


def _rubric_result(
    grade: RubricGrade, rubric: Rubric | None, competence_of: Mapping[str, str]
) -> RubricResult:
    points = sum(grade.criteria.values())
    if rubric is None:
        return RubricResult(
            grade.rubric,
            grade.rubric,
            points,
            None,
            dict(grade.criteria),
            grade.grader,
            grade.graded,
        )
    competences = tuple(
        dict.fromkeys(competence_of[o] for o in rubric.objectives if o in competence_of)
    )
    return RubricResult(
        rubric.id,
        rubric.title,
        points,
        rubric.max_points,
        dict(grade.criteria),
        grade.grader,
        grade.graded,
        competences,
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None
