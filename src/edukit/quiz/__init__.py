"""Question banks: the question model, the bank loader, grading, draws, payloads and exporters.

This package is pure logic (stdlib, pydantic, yaml): the Quiz widget, the MkDocs plugin and
the ``edukit export`` command all build on it.
"""

from edukit.quiz._draw import (
    EVALUATION_TAGS,
    DrawError,
    draw,
    is_evaluation_item,
    practice_bank,
    shuffle_options,
)
from edukit.quiz._forms import AssessmentForm, assessment_problems, form_problems, tagged_forms
from edukit.quiz._gift import to_gift
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
from edukit.quiz._moodle import to_moodle_xml
from edukit.quiz._normalize import normalize_answer
from edukit.quiz._paper import (
    PaperCsvError,
    PaperForm,
    PaperSheet,
    answer_for_grading,
    form_from_code,
    load_paper_tests,
    read_paper_csv,
)
from edukit.quiz._payload import (
    ChoicePayload,
    EvaluationKey,
    ItemPayload,
    PracticeKey,
    QuizPayload,
    SourcePayload,
    check_answer,
    quiz_payload,
)
from edukit.quiz._quality import quality_problems

__all__ = [
    "EVALUATION_TAGS",
    "ITEM_TYPES",
    "Answer",
    "AssessmentForm",
    "Attempt",
    "AttemptHistory",
    "AttemptsExhaustedError",
    "Bank",
    "ChoicePayload",
    "DrawError",
    "EvaluationKey",
    "GeneralFeedback",
    "Grade",
    "Item",
    "ItemPayload",
    "ItemType",
    "MatchingItem",
    "MultipleItem",
    "NumericItem",
    "Option",
    "OrderingItem",
    "Pair",
    "PaperCsvError",
    "PaperForm",
    "PaperSheet",
    "PracticeKey",
    "QuizPayload",
    "ShortItem",
    "SingleItem",
    "Source",
    "SourcePayload",
    "TrueFalseItem",
    "answer_for_grading",
    "assessment_problems",
    "check_answer",
    "draw",
    "form_from_code",
    "form_problems",
    "grade",
    "is_evaluation_item",
    "load_bank",
    "load_paper_tests",
    "normalize_answer",
    "practice_bank",
    "quality_problems",
    "quiz_payload",
    "read_paper_csv",
    "shuffle_options",
    "tagged_forms",
    "to_gift",
    "to_moodle_xml",
]
