"""The data the Quiz widget receives: items ready to display, and what its JS needs to grade them.

The widget grades in the browser, with no kernel. :func:`quiz_payload` builds a
:class:`QuizPayload` in one of two modes:

``practice``
    Each item carries a :class:`PracticeKey`: the right answer, per-option feedback, general
    feedback, explanation and source, so the JS can grade and explain at once.

``evaluation``
    Each item carries an :class:`EvaluationKey` and no feedback, explanation or source. Option,
    step and matching ids are opaque random tokens (so ids like ``a`` do not betray the author's
    order) and the answer key is shipped only as SHA-256 digests of ``salt + ":" + token``
    (hex, sorted), with one random salt per item:

    - ``single``: token = the right option id; right when the chosen id's digest is listed;
    - ``true_false``: token = ``"true"`` or ``"false"``;
    - ``multiple``: one digest per right option id; score
      ``max(0, (ticked listed − ticked unlisted) / number of digests)``;
    - ``short``: one digest per accepted variant, normalised by :func:`normalize_answer`
      (its docstring gives the JS line); right when the typed text's digest is listed;
    - ``numeric``: the accepted interval ``answer ± tolerance`` is cut into a grid of step
      ``10 ** exponent`` whose bounds are grid points, and every grid index ``k`` in it is
      hashed (token = the integer ``k`` in decimal). The typed number ``x`` is scaled
      (``x / 10**exponent``, or ``x * 10**-exponent`` when the exponent is negative); with
      ``slack = 1e-9 * max(1, |scaled|)`` it is right when both ``floor(scaled + slack)`` and
      ``ceil(scaled − slack)`` are listed. That is exact for every interval with at most
      :data:`MAX_GRID_POINTS` points; a finer interval is narrowed inwards to the nearest
      coarser grid, so no wrong number is ever accepted;
    - ``matching``: one digest per right pair, token ``left id + "=" + right id``; score = listed
      pairs / number of left texts;
    - ``ordering``: one digest per step, token ``position + "=" + step id`` (positions from 1);
      score = listed positions / number of steps.

    **A static page is not a proctored exam.** The digests keep the key out of the page source,
    but the answer spaces are small: anyone who runs the checker over every possible answer
    finds the key in seconds. Use evaluation mode for self-assessment and positioning, and a
    proctored platform (e.g. Moodle, through the exports) when grades matter.

:func:`check_answer` grades an answer against one item of a payload exactly as the JS does,
in both modes, so that the two can be cross-checked. Answers use the payload's ids: an option
id (``single``), a list of option ids (``multiple``), a bool (``true_false``), text
(``short``), a number or text (``numeric``, read by :func:`parse_number`), ``{left id: right
id}`` (``matching``), the step ids in order (``ordering``).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias, TypedDict

from edukit.quiz._draw import item_rng, shuffled
from edukit.quiz._grading import multiple_choice_score, numeric_matches, parse_number
from edukit.quiz._model import (
    Item,
    ItemType,
    MatchingItem,
    MultipleItem,
    NumericItem,
    ShortItem,
    SingleItem,
    TrueFalseItem,
)
from edukit.quiz._normalize import normalize_answer

__all__ = [
    "MAX_GRID_POINTS",
    "PAYLOAD_VERSION",
    "ChoicePayload",
    "EvaluationKey",
    "ItemPayload",
    "Mode",
    "PayloadAnswer",
    "PracticeKey",
    "QuizPayload",
    "SourcePayload",
    "check_answer",
    "quiz_payload",
]

PAYLOAD_VERSION = 1
MAX_GRID_POINTS = 1001
"""Most grid points hashed for one numeric item in evaluation mode."""
SLACK = 1e-9

Mode: TypeAlias = Literal["practice", "evaluation"]
PayloadAnswer: TypeAlias = str | bool | int | float | Sequence[str] | Mapping[str, str] | None

_TRUE_FALSE_LABELS = {"fr": ("Vrai", "Faux"), "en": ("True", "False")}


class SourcePayload(TypedDict):
    title: str
    publisher: str
    date: str
    section: str
    url: str


class ChoicePayload(TypedDict):
    """Something the learner picks or places: an option, a step, a left or right text."""

    id: str
    text: str


class PracticeKey(TypedDict):
    """Everything the JS needs to grade and give feedback in practice mode."""

    correct: list[str]
    """single/multiple: the right option ids; true_false: ``["true"]`` or ``["false"]``;
    ordering: the step ids in the right order; otherwise empty."""
    pairs: dict[str, str]
    """matching: left id → right id."""
    answers: list[str]
    """short: the accepted variants as written (to show the expected answer)."""
    normalized_answers: list[str]
    """short: the accepted variants through :func:`normalize_answer`."""
    value: float | None
    """numeric: the answer."""
    tolerance: float | None
    """numeric: the margin; right when ``|x − value| <= tolerance + 1e-9 * max(1, |value|)``."""
    option_feedback: dict[str, str]
    """Feedback to show for each chosen option id (or ``"true"`` / ``"false"``)."""
    feedback_correct: str
    feedback_incorrect: str
    explanation: str
    source: SourcePayload


class EvaluationKey(TypedDict):
    """The answer key as salted SHA-256 digests (see the module documentation for tokens)."""

    algorithm: Literal["sha256"]
    salt: str
    hashes: list[str]
    exponent: int | None
    """numeric: the grid step is ``10 ** exponent``; ``None`` for other types."""


class ItemPayload(TypedDict):
    """One item as the widget shows it; ``practice`` or ``evaluation`` is set, by mode."""

    id: str
    type: ItemType
    prompt: str
    difficulty: int
    objectives: list[str]
    tags: list[str]
    options: list[ChoicePayload]
    """single/multiple: options, shuffled; true_false: ``true`` then ``false`` with labels in
    the payload's language; ordering: the steps, shuffled (never in the right order)."""
    lefts: list[ChoicePayload]
    """matching: the left texts, in the author's order."""
    rights: list[ChoicePayload]
    """matching: the distinct right texts, shuffled."""
    unit: str
    """numeric: the unit to show after the input, or ``""``."""
    practice: PracticeKey | None
    evaluation: EvaluationKey | None


class QuizPayload(TypedDict):
    version: int
    mode: Mode
    lang: str
    seed: int | str
    items: list[ItemPayload]


def quiz_payload(
    items: Sequence[Item], *, mode: Mode, seed: int | str, lang: str = "fr"
) -> QuizPayload:
    """The payload of the Quiz widget for ``items``, deterministic for a ``seed``.

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> item = TrueFalseItem(id="q", prompt="La Terre est ronde.", objectives=["o"], answer=True,
    ...     source=Source(title="t", date="2024"))
    >>> payload = quiz_payload([item], mode="evaluation", seed=1)
    >>> [option["text"] for option in payload["items"][0]["options"]]
    ['Vrai', 'Faux']
    >>> check_answer(payload["items"][0], True), check_answer(payload["items"][0], False)
    (1.0, 0.0)
    """
    if mode not in ("practice", "evaluation"):
        raise ValueError(f"mode must be 'practice' or 'evaluation', not {mode!r}")
    if lang not in _TRUE_FALSE_LABELS:
        raise ValueError(f"lang must be one of {sorted(_TRUE_FALSE_LABELS)}, not {lang!r}")
    return {
        "version": PAYLOAD_VERSION,
        "mode": mode,
        "lang": lang,
        "seed": seed,
        "items": [_item_payload(item, mode, seed, lang) for item in items],
    }


class _Ids:
    """Ids shown to the JS: the author's in practice mode, opaque tokens in evaluation mode."""

    def __init__(self, mode: Mode, rng: random.Random) -> None:
        self.mode, self.rng, self.used = mode, rng, set[str]()

    def __call__(self, readable: str) -> str:
        if self.mode == "practice":
            return readable
        while True:
            token = f"{self.rng.getrandbits(40):010x}"
            if token not in self.used:
                self.used.add(token)
                return token


def _item_payload(item: Item, mode: Mode, seed: int | str, lang: str) -> ItemPayload:
    rng = item_rng(seed, item.id, "payload")
    new_id = _Ids(mode, rng)
    payload: ItemPayload = {
        "id": item.id,
        "type": item.type,
        "prompt": item.prompt,
        "difficulty": item.difficulty,
        "objectives": list(item.objectives),
        "tags": list(item.tags),
        "options": [],
        "lefts": [],
        "rights": [],
        "unit": "",
        "practice": None,
        "evaluation": None,
    }
    key: _Key = _Key()
    if isinstance(item, SingleItem | MultipleItem):
        ids = {option.id: new_id(option.id) for option in item.options}
        payload["options"] = [
            {"id": ids[option.id], "text": option.text} for option in shuffled(item.options, rng)
        ]
        key.correct = [ids[option.id] for option in item.options if option.correct]
        key.option_feedback = {
            ids[option.id]: option.feedback for option in item.options if option.feedback
        }
        key.tokens = key.correct
    elif isinstance(item, TrueFalseItem):
        true_label, false_label = _TRUE_FALSE_LABELS[lang]
        payload["options"] = [
            {"id": "true", "text": true_label},
            {"id": "false", "text": false_label},
        ]
        key.correct = ["true" if item.answer else "false"]
        key.option_feedback = dict(item.option_feedback)
        key.tokens = key.correct
    elif isinstance(item, ShortItem):
        key.answers = list(item.answers)
        key.normalized = sorted({normalize_answer(answer) for answer in item.answers})
        key.tokens = key.normalized
    elif isinstance(item, NumericItem):
        payload["unit"] = item.unit
        key.value, key.tolerance = item.answer, item.tolerance
        key.exponent, low, high = _numeric_grid(item.answer, item.tolerance)
        key.tokens = [str(index) for index in range(low, high + 1)]
    elif isinstance(item, MatchingItem):
        lefts = [(new_id(f"l{number}"), pair) for number, pair in enumerate(item.pairs, 1)]
        right_texts = list(dict.fromkeys(pair.right for pair in item.pairs))
        right_ids = {text: new_id(f"r{number}") for number, text in enumerate(right_texts, 1)}
        payload["lefts"] = [{"id": left_id, "text": pair.left} for left_id, pair in lefts]
        payload["rights"] = [
            {"id": right_ids[text], "text": text} for text in shuffled(right_texts, rng)
        ]
        key.pairs = {left_id: right_ids[pair.right] for left_id, pair in lefts}
        key.tokens = [f"{left}={right}" for left, right in key.pairs.items()]
    else:
        steps = [(new_id(f"s{number}"), text) for number, text in enumerate(item.sequence, 1)]
        display = shuffled(steps, rng)
        while display == steps:
            display = shuffled(steps, rng)
        payload["options"] = [{"id": step_id, "text": text} for step_id, text in display]
        key.correct = [step_id for step_id, _ in steps]
        key.tokens = [f"{position}={step_id}" for position, step_id in enumerate(key.correct, 1)]
    if mode == "practice":
        payload["practice"] = key.practice(item)
    else:
        payload["evaluation"] = key.evaluation(rng)
    return payload


class _Key:
    def __init__(self) -> None:
        self.correct: list[str] = []
        self.pairs: dict[str, str] = {}
        self.answers: list[str] = []
        self.normalized: list[str] = []
        self.value: float | None = None
        self.tolerance: float | None = None
        self.option_feedback: dict[str, str] = {}
        self.tokens: list[str] = []
        self.exponent: int | None = None

    def practice(self, item: Item) -> PracticeKey:
        source = item.source
        return {
            "correct": self.correct,
            "pairs": self.pairs,
            "answers": self.answers,
            "normalized_answers": self.normalized,
            "value": self.value,
            "tolerance": self.tolerance,
            "option_feedback": self.option_feedback,
            "feedback_correct": item.feedback.correct,
            "feedback_incorrect": item.feedback.incorrect,
            "explanation": item.explanation,
            "source": {
                "title": source.title,
                "publisher": source.publisher,
                "date": source.date,
                "section": source.section,
                "url": source.url,
            },
        }

    def evaluation(self, rng: random.Random) -> EvaluationKey:
        salt = f"{rng.getrandbits(128):032x}"
        return {
            "algorithm": "sha256",
            "salt": salt,
            "hashes": sorted({digest(salt, token) for token in self.tokens}),
            "exponent": self.exponent,
        }


def digest(salt: str, token: str) -> str:
    """SHA-256 (hex) of ``salt + ":" + token`` in UTF-8, as the JS computes it."""
    return hashlib.sha256(f"{salt}:{token}".encode()).hexdigest()


def _numeric_grid(answer: float, tolerance: float) -> tuple[int, int, int]:
    """``(exponent, first index, last index)`` of the grid covering ``answer ± tolerance``."""
    low = Decimal(repr(answer)) - Decimal(repr(tolerance))
    high = Decimal(repr(answer)) + Decimal(repr(tolerance))
    exponents = [int(bound.normalize().as_tuple().exponent) for bound in (low, high) if bound != 0]
    exponent = min(exponents, default=0)
    while True:
        step = Decimal(10) ** exponent
        first = math.ceil(low / step)
        last = math.floor(high / step)
        if last - first + 1 <= MAX_GRID_POINTS:
            return exponent, first, last
        exponent += 1


def _scaled(value: float, exponent: int) -> float:
    # Powers of ten up to 10**22 are exact doubles, so JS's Math.pow gives the same result.
    if exponent >= 0:
        return value / float(10**exponent)
    return value * float(10**-exponent)


def check_answer(item: ItemPayload, answer: PayloadAnswer) -> float:
    """The score in [0, 1] the widget's JS gives ``answer`` for this payload item.

    It reads only the payload, in either mode (see the module documentation for the rules).
    """
    if answer is None:
        return 0.0
    practice, evaluation = item["practice"], item["evaluation"]
    if evaluation is not None:
        salt = evaluation["salt"]
        listed = set(evaluation["hashes"])

        def known(token: str) -> bool:
            return digest(salt, token) in listed

        units = len(listed)
    elif practice is not None:
        expected = _practice_tokens(item, practice)

        def known(token: str) -> bool:
            return token in expected

        units = len(expected)
    else:
        raise ValueError(
            f"payload item '{item['id']}' has neither a practice nor an evaluation key"
        )
    kind = item["type"]
    if kind in ("single", "true_false"):
        token = ("true" if answer else "false") if kind == "true_false" else str(answer)
        if kind == "true_false" and not isinstance(answer, bool):
            raise TypeError(f"item '{item['id']}' takes true or false, not {answer!r}")
        return float(known(token))
    if kind == "multiple":
        ticked = list(dict.fromkeys(_strings(item, answer)))
        right = sum(known(option_id) for option_id in ticked)
        return multiple_choice_score(right, len(ticked) - right, units)
    if kind == "short":
        typed = normalize_answer(str(answer))
        return float(bool(typed) and known(typed))
    if kind == "numeric":
        return _check_numeric(item, answer, practice, evaluation, known)
    if kind == "matching":
        if not isinstance(answer, Mapping):
            raise TypeError(f"item '{item['id']}' takes {{left id: right id}}, not {answer!r}")
        right = sum(known(f"{left}={target}") for left, target in answer.items())
        return right / len(item["lefts"])
    steps = _strings(item, answer)
    right = sum(known(f"{position}={step}") for position, step in enumerate(steps, 1))
    return right / len(item["options"])


def _strings(item: ItemPayload, answer: Any) -> list[str]:
    if isinstance(answer, str | bytes | Mapping) or not isinstance(answer, Sequence):
        raise TypeError(f"item '{item['id']}' takes a list of ids, not {answer!r}")
    return [str(entry) for entry in answer]


def _practice_tokens(item: ItemPayload, key: PracticeKey) -> set[str]:
    kind = item["type"]
    if kind == "short":
        return set(key["normalized_answers"])
    if kind == "matching":
        return {f"{left}={right}" for left, right in key["pairs"].items()}
    if kind == "ordering":
        return {f"{position}={step}" for position, step in enumerate(key["correct"], 1)}
    return set(key["correct"])


def _check_numeric(
    item: ItemPayload,
    answer: PayloadAnswer,
    practice: PracticeKey | None,
    evaluation: EvaluationKey | None,
    known: Callable[[str], bool],
) -> float:
    if isinstance(answer, bool):
        raise TypeError(f"item '{item['id']}' takes a number, not {answer!r}")
    if isinstance(answer, str):
        value = parse_number(answer, item["unit"])
    elif isinstance(answer, int | float):
        value = float(answer)
    else:
        raise TypeError(f"item '{item['id']}' takes a number, not {answer!r}")
    if value is None:
        return 0.0
    if evaluation is not None:
        exponent = evaluation["exponent"] or 0
        scaled = _scaled(value, exponent)
        slack = SLACK * max(1.0, abs(scaled))
        low, high = math.floor(scaled + slack), math.ceil(scaled - slack)
        return float(known(str(low)) and known(str(high)))
    if practice is None or practice["value"] is None:
        raise ValueError(f"payload item '{item['id']}' has no numeric answer")
    return float(numeric_matches(value, practice["value"], practice["tolerance"] or 0.0))
