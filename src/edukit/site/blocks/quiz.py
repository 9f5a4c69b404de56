"""The ``edukit-quiz`` block: a quiz on a lesson page (keys: :class:`~edukit.quiz.QuizSpec`).

```` ```edukit-quiz ````
``bank: exercises/provenance`` (from the repository root), or ``banks: [exercises/a,
exercises/b]``, or ``banks: all``; ``draw: {count | per_objective, tags, objectives,
difficulty, seed}``; ``mode: practice|evaluation``; ``purpose``; ``attempts``; ``title``.
A block in ``courses/<module>/<lesson>.md`` saves its lesson id in the record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from edukit._problems import Problem, ProblemError
from edukit.quiz import (
    QuizDrawError,
    QuizSpec,
    QuizSpecError,
    SpecIssue,
    bank_inputs,
    draw_quiz,
    repository_bank,
    spec_problems,
)
from edukit.site.blocks._base import Block, BlockContext

__all__ = ["BLOCK"]


def build(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """The quiz's state: the spec checked, its banks loaded from the repository (mistakes
    ``path:line``), its items drawn once."""
    from edukit.widgets import Quiz

    spec = _spec(data, context)
    try:
        drawn = draw_quiz(spec, repository_bank(spec, context.root))
    except (QuizSpecError, QuizDrawError) as error:
        issues = error.issues if isinstance(error, QuizSpecError) else [error.issue]
        raise ProblemError([_problem(issue, context) for issue in issues]) from None
    quiz = Quiz.from_draw(spec, drawn, lang=context.lang)  # course "": the page's meta says it
    return "quiz", quiz.page_state()["state"]


def _problem(issue: SpecIssue, context: BlockContext) -> Problem:
    """French first for the author (the English wording after it), at the key's line."""
    line = context.line_of(issue.key)[1]
    if issue.french:
        return context.problem(issue.in_french(), line=line)
    return context.problem(issue.message, issue.hint, line=line)


def inputs(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
    """The bank files and the course facts, by content; ``None`` when the block names no
    usable bank (it is then built, and fails)."""
    try:
        return bank_inputs(QuizSpec.model_validate(data), context.root)
    except ValidationError:
        return None


def _spec(data: dict[str, Any], context: BlockContext) -> QuizSpec:
    options = dict(data)
    options.setdefault("lesson", _lesson_of(context.path, context.root.resolve()))
    try:
        return QuizSpec.model_validate(options)
    except ValidationError as error:
        raise ProblemError(spec_problems(error, context.line_of)) from None


def _lesson_of(path: Path, root: Path) -> str:
    """The lesson id of a page ``courses/<module>/<lesson>.md`` (else ``""``)."""
    try:
        parts = path.resolve().relative_to(root).parts
    except ValueError:
        return ""
    stem = Path(parts[-1]).stem if parts else ""
    is_lesson = len(parts) == 3 and parts[0] == "courses" and not stem.startswith(("_", "index"))
    return stem if is_lesson and QuizSpec.is_lesson_id(stem) else ""


BLOCK = Block(name="quiz", build=build, inputs=inputs)
