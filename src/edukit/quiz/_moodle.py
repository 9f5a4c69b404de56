"""Export items to Moodle XML, the question format Moodle imports without any plugin.

Type mapping (all core question types of Moodle 4.x):

- ``single`` → ``multichoice`` with ``<single>true</single>``, fractions 100 and 0;
- ``multiple`` → ``multichoice`` with ``<single>false</single>``: each right option has
  fraction ``100 / number of right options`` (they sum to 100) and each wrong one the
  opposite, negative; Moodle clamps the total at 0, which gives edukit's partial credit
  ``max(0, (right − wrong) / right options)``;
- ``true_false`` → ``truefalse``, with each answer's feedback (the item's correct/incorrect
  feedback when the option has none);
- ``short`` → ``shortanswer`` (``usecase`` 0), each variant and its unaccented form at 100,
  then ``*`` at 0 carrying the incorrect feedback;
- ``numeric`` → ``numerical`` with the tolerance, then ``*`` at 0 for the incorrect feedback;
  the unit is written into the prompt (no unit grading);
- ``matching`` → ``matching``;
- ``ordering`` → ``matching`` of each step with its position (``1``, ``2``…). Moodle's
  ``ordering`` question type was a contributed plugin for most of Moodle's history and is not
  in the core of every 4.x release, so the export uses ``matching``, which imports everywhere.

Texts use Moodle's ``markdown`` format. The item's feedback goes to ``correctfeedback`` /
``partiallycorrectfeedback`` / ``incorrectfeedback`` where the type has them; the explanation
and the dated source go to ``generalfeedback``. Tags carry the item's tags, its objectives
(``objective:<id>``) and difficulty (``difficulty:<n>``). Questions are named after item ids
(also their ``idnumber``), under a category named after the bank.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from edukit.quiz._exporting import (
    category,
    fraction,
    general_feedback,
    moodle_tags,
    number,
    ordering_pairs,
    prompt_text,
    short_variants,
)
from edukit.quiz._model import (
    Bank,
    Item,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    ShortItem,
    SingleItem,
    TrueFalseItem,
)

__all__ = ["MOODLE_TYPES", "to_moodle_xml"]

MOODLE_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "matching",
}
TEXT_FORMAT = "markdown"


def _text(
    parent: ET.Element, tag: str, text: str, *, text_format: str | None = TEXT_FORMAT
) -> None:
    element = ET.SubElement(parent, tag, {"format": text_format} if text_format else {})
    ET.SubElement(element, "text").text = text


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(
    parent: ET.Element, percent: float, text: str, feedback: str, tolerance: float | None = None
) -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction(percent), "format": TEXT_FORMAT})
    ET.SubElement(answer, "text").text = text
    if tolerance is not None:
        _value(answer, "tolerance", number(tolerance))
    _text(answer, "feedback", feedback)


def _combined_feedback(question: ET.Element, item: Item, *, shownumcorrect: bool) -> None:
    _text(question, "correctfeedback", item.feedback.correct)
    _text(question, "partiallycorrectfeedback", item.feedback.incorrect)
    _text(question, "incorrectfeedback", item.feedback.incorrect)
    if shownumcorrect:
        ET.SubElement(question, "shownumcorrect")


def _question(quiz: ET.Element, item: Item, bank: Bank, seed: int | str) -> None:
    question = ET.SubElement(quiz, "question", {"type": MOODLE_TYPES[item.type]})
    _text(question, "name", item.id, text_format=None)
    _text(question, "questiontext", prompt_text(item, bank))
    _text(question, "generalfeedback", general_feedback(item, bank))
    _value(question, "defaultgrade", "1")
    _value(question, "penalty", "0.3333333" if item.type != "true_false" else "1")
    _value(question, "hidden", "0")
    _value(question, "idnumber", item.id)
    if isinstance(item, SingleItem | MultipleItem):
        single = isinstance(item, SingleItem)
        _value(question, "single", "true" if single else "false")
        _value(question, "shuffleanswers", "true")
        _value(question, "answernumbering", "abc")
        _value(question, "showstandardinstruction", "0")
        _combined_feedback(question, item, shownumcorrect=not single)
        right_options = sum(option.correct for option in item.options)
        for option in item.options:
            if single:
                percent = 100.0 if option.correct else 0.0
            else:
                percent = (100 if option.correct else -100) / right_options
            _answer(question, percent, option.text, option.feedback)
    elif isinstance(item, TrueFalseItem):
        for value in (True, False):
            key = "true" if value else "false"
            is_right = value == item.answer
            fallback = item.feedback.correct if is_right else item.feedback.incorrect
            feedback = item.option_feedback.get(key) or fallback
            _answer(question, 100.0 if is_right else 0.0, key, feedback)
    elif isinstance(item, ShortItem):
        _value(question, "usecase", "0")
        for variant in short_variants(item):
            _answer(question, 100.0, variant, item.feedback.correct)
        _answer(question, 0.0, "*", item.feedback.incorrect)
    elif isinstance(item, NumericItem):
        _answer(question, 100.0, number(item.answer), item.feedback.correct, item.tolerance)
        _answer(question, 0.0, "*", item.feedback.incorrect, 0.0)
        _value(question, "unitgradingtype", "0")
        _value(question, "unitpenalty", "0.1000000")
        _value(question, "showunits", "3")
        _value(question, "unitsleft", "0")
    else:
        _value(question, "shuffleanswers", "true")
        _combined_feedback(question, item, shownumcorrect=True)
        if isinstance(item, MatchingItem):
            pairs = [(pair.left, pair.right) for pair in item.pairs]
        else:
            assert isinstance(item, OrderingItem)
            pairs = ordering_pairs(item, seed)
        for left, right in pairs:
            subquestion = ET.SubElement(question, "subquestion", {"format": TEXT_FORMAT})
            ET.SubElement(subquestion, "text").text = left
            _text(subquestion, "answer", right, text_format=None)
    tags = ET.SubElement(question, "tags")
    for name in moodle_tags(item):
        _text(tags, "tag", name, text_format=None)


def to_moodle_xml(bank: Bank, items: Sequence[Item] | None = None, *, seed: int | str = 0) -> str:
    """The Moodle XML of ``items`` (default: the whole bank), under a category named after it.

    ``seed`` fixes the order in which the steps of ``ordering`` items are listed.
    """
    chosen = bank.items if items is None else items
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" edukit export of the bank '{bank.id}' ({len(chosen)} questions) "))
    category_question = ET.SubElement(quiz, "question", {"type": "category"})
    _text(category_question, "category", category(bank), text_format=None)
    _text(category_question, "info", bank.title, text_format="moodle_auto_format")
    for item in chosen:
        _question(quiz, item, bank, seed)
    ET.indent(quiz, space="  ")
    body = ET.tostring(quiz, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
