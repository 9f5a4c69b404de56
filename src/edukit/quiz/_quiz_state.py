"""A quiz made from its spec: the draw, made once, and the state the widget's page carries.

:func:`draw_quiz` draws the items a :class:`~edukit.quiz.QuizSpec` asks for from a loaded bank,
or raises a :class:`QuizDrawError` that says why, both for authors (``issue``, located at a key
of the block) and for learners (``note``, French, shown in the cell). :func:`quiz_state` turns
the draw into the widget's traits: the payload the JS grades with and the storage key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, TypedDict

from edukit.quiz._course_draw import (
    CourseDrawError,
    ObjectiveShortage,
    draw_per_objective,
    objective_shortages,
    select_objectives,
)
from edukit.quiz._draw import DrawError, draw, practice_bank
from edukit.quiz._model import Bank, Item
from edukit.quiz._payload import quiz_payload
from edukit.quiz._spec import QuizSpec, SpecIssue

__all__ = ["QuizDraw", "QuizDrawError", "QuizState", "draw_quiz", "quiz_state"]

# Notes shown in the cell (learners and trainers read them: French).
TOO_FEW_ITEMS = (
    "le tirage demande {count} question(s), mais seules {found} question(s) de la banque "
    "« {bank} » correspondent aux filtres{filters}. Demandez-en moins ou élargissez les filtres."
)
NO_ITEMS = "aucune question de la banque « {bank} » ne correspond aux filtres{filters}."
UNKNOWN_OBJECTIVES = (
    "aucun objectif des questions ne correspond à {selectors}. Donnez des identifiants "
    "d'objectifs (l09-o1), des débuts de leçon (l09) ou des identifiants de leçons."
)
TOO_FEW_PER_OBJECTIVE = (
    "le tirage demande {count} question(s) par objectif{tagged}, mais {number} objectif(s) "
    "n'en ont pas assez : {listed}. Ajoutez des questions à ces objectifs dans les banques, ou "
    "laissez ces objectifs de côté avec « objectives »."
)


class QuizDrawError(DrawError):
    """A draw the spec asks for that the bank cannot give.

    ``str()`` and ``issue`` word it for the author of a block (``issue.key`` is the block key
    to fix); ``note`` words it in French for the learner's cell.
    """

    def __init__(self, issue: SpecIssue, note: str) -> None:
        super().__init__(str(issue))
        self.issue = issue
        self.note = note


@dataclass(frozen=True)
class QuizDraw:
    """The items a spec drew from ``bank``, in the order shown."""

    bank: Bank
    items: list[Item]
    missing: list[ObjectiveShortage] = field(default_factory=list)
    """With ``allow_missing``: the objectives that got fewer items than ``per_objective``."""


class QuizState(TypedDict):
    """The widget's traits for a draw (what a site page or a notebook ships)."""

    payload: dict[str, Any]
    key: str
    mode: str
    purpose: str
    attempts: int
    title: str
    lesson: str


def draw_quiz(spec: QuizSpec, bank: Bank) -> QuizDraw:
    """Draw the items of ``spec`` from ``bank`` (the bank its source names, loaded).

    A practice quiz (purpose ``entrainement``) draws from :func:`~edukit.quiz.practice_bank`:
    it never shows the positioning test's or the final evaluation's items.

    Raises
    ------
    QuizDrawError
        Too few items for the draw, no item at all, selectors that match no objective, or a
        practice quiz asking for test items.
    """
    if spec.saved_purpose != "entrainement":
        return _draw(spec, bank)
    try:
        pool = practice_bank(bank, spec.draw.tags)
    except DrawError as error:
        _draw(spec, bank)  # a draw that fails anyway says so first, as blocks always did
        raise QuizDrawError(SpecIssue(("draw",), str(error)), str(error)) from None
    return _draw(spec, pool)


def _draw(spec: QuizSpec, bank: Bank) -> QuizDraw:
    asked = spec.draw
    try:
        if asked.per_objective is not None:
            options: dict[str, Any] = {
                "per_objective": asked.per_objective,
                "tags": asked.tags,
                "objectives": asked.objectives,
                "difficulty": asked.difficulty,
            }
            missing = objective_shortages(bank, **options) if spec.allow_missing else []
            items = draw_per_objective(
                bank, seed=asked.seed, allow_missing=spec.allow_missing, **options
            )
            return QuizDraw(bank, items, missing)
        chosen = None
        if asked.objectives:
            known = {objective for item in bank.items for objective in item.objectives}
            chosen = select_objectives(asked.objectives, known)
    except CourseDrawError as error:
        key = ("draw", "objectives") if error.unknown else ("draw",)
        note = _course_note(error, asked.per_objective, asked.tags)
        raise QuizDrawError(SpecIssue(key, str(error)), note) from None
    filters: dict[str, Any] = {
        "tags": asked.tags,
        "objectives": chosen,
        "difficulty": asked.difficulty,
    }
    matching = draw(bank, seed=asked.seed, **filters)
    described = _described(filters)
    if asked.count is not None and asked.count > len(matching):
        note = TOO_FEW_ITEMS.format(
            count=asked.count, found=len(matching), bank=bank.id, filters=described
        )
        try:
            draw(bank, count=asked.count, seed=asked.seed, **filters)
        except DrawError as error:
            raise QuizDrawError(SpecIssue(("draw",), str(error)), note) from None
    if not matching:
        note = NO_ITEMS.format(bank=bank.id, filters=described)
        raise QuizDrawError(SpecIssue(("draw",), note), note)
    if asked.count is None:
        return QuizDraw(bank, matching)
    return QuizDraw(bank, draw(bank, count=asked.count, seed=asked.seed, **filters))


def quiz_state(spec: QuizSpec, drawn: QuizDraw, *, lang: str = "fr") -> QuizState:
    """The widget's traits for ``drawn``: the payload, and the key of the learner's saved
    answers (it follows the bank, the items drawn, the mode and the purpose).

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> item = TrueFalseItem(id="terre", prompt="La Terre est ronde.", objectives=["l01-o1"],
    ...     answer=True, source=Source(title="Atlas", date="2024"))
    >>> spec = QuizSpec(bank=Bank(id="b", title="Géographie", items=[item]), mode="evaluation")
    >>> state = quiz_state(spec, draw_quiz(spec, spec.bank))
    >>> state["title"], state["attempts"], state["key"].startswith("quiz:b:")
    ('Géographie', 1, True)
    """
    seed = spec.draw.seed
    payload = quiz_payload(drawn.items, mode=spec.mode, seed=seed, lang=lang)
    fingerprint = json.dumps(
        [
            payload["version"],
            spec.mode,
            spec.saved_purpose,
            str(seed),
            [item.id for item in drawn.items],
        ]
    )
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    return {
        "payload": dict(payload),
        "key": f"quiz:{drawn.bank.id}:{digest}",
        "mode": spec.mode,
        "purpose": spec.saved_purpose,
        "attempts": spec.attempt_limit,
        "title": spec.title or drawn.bank.title,
        "lesson": spec.lesson,
    }


def _course_note(
    error: CourseDrawError, per_objective: int | None, tags: Collection[str] | None
) -> str:
    if error.unknown:
        return UNKNOWN_OBJECTIVES.format(selectors=", ".join(f"« {s} »" for s in error.unknown))
    if error.shortages:
        listed = ", ".join(f"{s.objective} ({s.found} sur {s.needed})" for s in error.shortages)
        tagged = f" avec l'étiquette {', '.join(sorted(tags))}" if tags else ""
        return TOO_FEW_PER_OBJECTIVE.format(
            count=per_objective, tagged=tagged, number=len(error.shortages), listed=listed
        )
    return str(error)


def _described(filters: dict[str, Any]) -> str:
    names = {"tags": "étiquettes", "objectives": "objectifs", "difficulty": "difficulté"}
    parts = []
    for key, value in filters.items():
        if value is None or (not isinstance(value, int) and not value):
            continue
        values = [value] if isinstance(value, int) else sorted(value)
        parts.append(f"{names[key]} {', '.join(str(v) for v in values)}")
    return f" ({' ; '.join(parts)})" if parts else ""
