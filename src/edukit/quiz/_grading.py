"""Grading of every question type, and the attempt history of one learner on one item.

Scores are in [0, 1]:

- ``single``, ``true_false``, ``short``, ``numeric``: 1 or 0;
- ``multiple``: ``max(0, (right ticks − wrong ticks) / number of correct options)``;
- ``matching``: the share of left texts given their right text;
- ``ordering``: the share of steps put in their right place (as Moodle grades the
  matching question the GIFT export makes of it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from edukit.quiz._model import (
    Item,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    ShortItem,
    SingleItem,
    TrueFalseItem,
)
from edukit.quiz._normalize import normalize_answer

__all__ = [
    "Answer",
    "Attempt",
    "AttemptHistory",
    "AttemptsExhaustedError",
    "Grade",
    "grade",
    "multiple_choice_score",
    "numeric_matches",
    "parse_number",
]

Answer: TypeAlias = str | bool | int | float | Sequence[str] | Mapping[str, str] | None
"""What a learner gives: an option id (``single``), option ids (``multiple``), a bool
(``true_false``), text (``short``), a number or text such as ``"21,5"`` (``numeric``),
``{left: right}`` texts (``matching``), the steps' texts in order (``ordering``); ``None`` when
the learner gave no answer."""

NUMERIC_EPSILON = 1e-9
"""Relative slack on numeric bounds, so that ``20.5`` is within ``21 ± 0.5`` despite floats."""

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")


class Grade(BaseModel):
    """The outcome of one answer: a score, whether it is fully right, and what to show."""

    model_config = ConfigDict(frozen=True)

    item_id: str
    score: float
    correct: bool
    option_feedback: dict[str, str] = Field(default_factory=dict)
    """Feedback of each chosen option (option id, or ``"true"``/``"false"``), when it has one."""
    feedback: str = ""
    """The item's general feedback: its ``correct`` text when fully right, else ``incorrect``."""
    explanation: str = ""


def multiple_choice_score(right: int, wrong: int, correct_options: int) -> float:
    """Partial credit of a ``multiple`` item.

    Examples
    --------
    >>> multiple_choice_score(2, 0, 2), multiple_choice_score(2, 1, 2), multiple_choice_score(1, 2, 2)
    (1.0, 0.5, 0.0)
    """
    return max(0.0, (right - wrong) / correct_options)


def parse_number(text: str, unit: str = "") -> float | None:
    """Read a number typed by a learner: French or English decimals, spaces, an optional unit.

    Examples
    --------
    >>> parse_number("1 234,5"), parse_number("21 heures", "heures"), parse_number("vingt")
    (1234.5, 21.0, None)
    """
    compact = re.sub(r"\s", "", text).replace(",", ".").lower()
    match = _NUMBER.match(compact)
    if match is None:
        return None
    rest = normalize_answer(compact[match.end() :])
    if rest and rest != normalize_answer(unit):
        return None
    value = float(match.group())
    return value if math.isfinite(value) else None


def numeric_matches(value: float, answer: float, tolerance: float) -> bool:
    """Whether ``value`` lies within ``answer ± tolerance`` (bounds included)."""
    slack = NUMERIC_EPSILON * max(1.0, abs(answer))
    return abs(value - answer) <= tolerance + slack


def grade(item: Item, answer: Answer) -> Grade:
    """Grade ``answer`` to ``item``.

    Raises
    ------
    TypeError
        When the answer is not of the kind the item's type takes.
    ValueError
        When it names an option, left text or step that the item does not have.

    Examples
    --------
    >>> from edukit.quiz import Option, SingleItem, Source
    >>> item = SingleItem(id="q", prompt="?", objectives=["o"], source=Source(title="t", date="2024"),
    ...     options=[Option(id="a", text="A", correct=True, feedback="Oui"), Option(id="b", text="B")])
    >>> result = grade(item, "a")
    >>> result.score, result.correct, result.option_feedback
    (1.0, True, {'a': 'Oui'})
    """
    score, option_feedback = _score(item, answer)
    correct = score >= 1.0
    return Grade(
        item_id=item.id,
        score=score,
        correct=correct,
        option_feedback=option_feedback,
        feedback=item.feedback.correct if correct else item.feedback.incorrect,
        explanation=item.explanation,
    )


def _score(item: Item, answer: Answer) -> tuple[float, dict[str, str]]:
    if answer is None:
        return 0.0, {}
    if isinstance(item, SingleItem):
        chosen = _option_ids(item, [_expect(item, answer, str)])
        option = chosen[0]
        return float(option.correct), _feedback_of(chosen)
    if isinstance(item, MultipleItem):
        if isinstance(answer, str | bytes | Mapping) or not isinstance(answer, Iterable):
            raise TypeError(f"item '{item.id}' takes a list of option ids, not {answer!r}")
        chosen = _option_ids(item, list(dict.fromkeys(answer)))
        right = sum(option.correct for option in chosen)
        correct_options = sum(option.correct for option in item.options)
        score = multiple_choice_score(right, len(chosen) - right, correct_options)
        return score, _feedback_of(chosen)
    if isinstance(item, TrueFalseItem):
        value = _expect(item, answer, bool)
        key = "true" if value else "false"
        shown = {key: item.option_feedback[key]} if key in item.option_feedback else {}
        return float(value == item.answer), shown
    if isinstance(item, ShortItem):
        typed = normalize_answer(_expect(item, answer, str))
        accepted = {normalize_answer(variant) for variant in item.answers}
        return float(bool(typed) and typed in accepted), {}
    if isinstance(item, NumericItem):
        return float(_numeric_right(item, answer)), {}
    if isinstance(item, MatchingItem):
        if not isinstance(answer, Mapping):
            raise TypeError(f"item '{item.id}' takes a mapping {{left: right}}, not {answer!r}")
        expected = {pair.left: pair.right for pair in item.pairs}
        unknown = [left for left in answer if left not in expected]
        if unknown:
            raise ValueError(f"item '{item.id}' has no left text {unknown[0]!r}")
        right = sum(answer.get(left) == target for left, target in expected.items())
        return right / len(expected), {}
    return _ordering_score(item, answer), {}


def _expect(item: Item, answer: Answer, kind: type[Any]) -> Any:
    if kind is not bool and isinstance(answer, bool):
        raise TypeError(f"item '{item.id}' ({item.type}) takes {kind.__name__}, not {answer!r}")
    if not isinstance(answer, kind):
        raise TypeError(f"item '{item.id}' ({item.type}) takes {kind.__name__}, not {answer!r}")
    return answer


def _option_ids(item: SingleItem | MultipleItem, ids: Sequence[Any]) -> list[Any]:
    by_id = {option.id: option for option in item.options}
    missing = [option_id for option_id in ids if option_id not in by_id]
    if missing:
        known = ", ".join(by_id)
        raise ValueError(f"item '{item.id}' has no option {missing[0]!r} (options: {known})")
    return [by_id[option_id] for option_id in ids]


def _feedback_of(options: Iterable[Any]) -> dict[str, str]:
    return {option.id: option.feedback for option in options if option.feedback}


def _numeric_right(item: NumericItem, answer: Answer) -> bool:
    if isinstance(answer, bool):
        raise TypeError(f"item '{item.id}' (numeric) takes a number, not {answer!r}")
    if isinstance(answer, str):
        value = parse_number(answer, item.unit)
        if value is None:
            return False
    elif isinstance(answer, int | float):
        value = float(answer)
    else:
        raise TypeError(f"item '{item.id}' (numeric) takes a number, not {answer!r}")
    return numeric_matches(value, item.answer, item.tolerance)


def _ordering_score(item: OrderingItem, answer: Answer) -> float:
    if isinstance(answer, str | bytes | Mapping) or not isinstance(answer, Sequence):
        raise TypeError(f"item '{item.id}' takes the steps in order, not {answer!r}")
    unknown = [step for step in answer if step not in item.sequence]
    if unknown:
        raise ValueError(f"item '{item.id}' has no step {unknown[0]!r}")
    right = sum(given == step for given, step in zip(answer, item.sequence, strict=False))
    return right / len(item.sequence)


class AttemptsExhaustedError(Exception):
    """Raised when an answer is submitted after the last allowed attempt."""


class Attempt(BaseModel):
    """One submitted answer and its score."""

    model_config = ConfigDict(frozen=True)

    answer: Any
    score: float
    correct: bool


class AttemptHistory(BaseModel):
    """A learner's attempts at one item, with an optional limit.

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> item = TrueFalseItem(id="q", prompt="?", objectives=["o"], answer=True,
    ...     source=Source(title="t", date="2024"))
    >>> history = AttemptHistory(item_id="q", max_attempts=2)
    >>> _ = history.submit(item, False); _ = history.submit(item, True)
    >>> history.best_score, history.last_score, history.remaining, history.can_attempt
    (1.0, 1.0, 0, False)
    """

    item_id: str
    max_attempts: int | None = Field(default=None, ge=1)
    attempts: list[Attempt] = Field(default_factory=list)

    @property
    def remaining(self) -> int | None:
        """Attempts left, or ``None`` when there is no limit."""
        if self.max_attempts is None:
            return None
        return max(0, self.max_attempts - len(self.attempts))

    @property
    def can_attempt(self) -> bool:
        return self.remaining is None or self.remaining > 0

    @property
    def best_score(self) -> float:
        """The best score so far; 0 before any attempt."""
        return max((attempt.score for attempt in self.attempts), default=0.0)

    @property
    def last_score(self) -> float | None:
        return self.attempts[-1].score if self.attempts else None

    def submit(self, item: Item, answer: Answer) -> Grade:
        """Grade ``answer``, record the attempt and return the grade."""
        if item.id != self.item_id:
            raise ValueError(f"this history is for item '{self.item_id}', not '{item.id}'")
        if not self.can_attempt:
            raise AttemptsExhaustedError(
                f"item '{self.item_id}' allows {self.max_attempts} attempt(s), all used"
            )
        result = grade(item, answer)
        stored = sorted(answer) if isinstance(answer, set | frozenset) else answer
        self.attempts.append(Attempt(answer=stored, score=result.score, correct=result.correct))
        return result
