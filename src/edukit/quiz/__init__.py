"""Question banks: the question model, the bank loader, grading, draws, payloads and exporters.

This package is pure logic (stdlib, pydantic, yaml): the Quiz widget, the MkDocs plugin and
the ``edukit export`` command all build on it.
"""

from edukit.quiz._draw import DrawError, draw, shuffle_options
from edukit.quiz._grading import (
    Answer,
    Attempt,
    AttemptHistory,
    AttemptsExhaustedError,
    Grade,
    grade,
)
from edukit.quiz._loader import load_bank
from edukit.quiz._model import (
    ITEM_TYPES,
    Bank,
    GeneralFeedback,
    Item,
    ItemType,
    MatchingItem,
    MultipleItem,
    NumericItem,
    Option,
    OrderingItem,
    Pair,
    ShortItem,
    SingleItem,
    Source,
    TrueFalseItem,
)
from edukit.quiz._normalize import normalize_answer

__all__ = [
    "ITEM_TYPES",
    "Answer",
    "Attempt",
    "AttemptHistory",
    "AttemptsExhaustedError",
    "Bank",
    "DrawError",
    "GeneralFeedback",
    "Grade",
    "Item",
    "ItemType",
    "MatchingItem",
    "MultipleItem",
    "NumericItem",
    "Option",
    "OrderingItem",
    "Pair",
    "ShortItem",
    "SingleItem",
    "Source",
    "TrueFalseItem",
    "draw",
    "grade",
    "load_bank",
    "normalize_answer",
    "shuffle_options",
]
