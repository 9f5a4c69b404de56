"""Moodle XML export, parsed with the standard library and checked against Moodle's format."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from edukit.quiz import (
    Bank,
    MatchingItem,
    MultipleItem,
    NumericItem,
    Option,
    OrderingItem,
    ShortItem,
    SingleItem,
    Source,
    TrueFalseItem,
    to_moodle_xml,
)

# The grades Moodle's question editor offers (question/editlib.php, question_bank::fraction_options).
MOODLE_FRACTIONS = {
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
}  # fmt: skip
CORE_TYPES = {"multichoice", "truefalse", "shortanswer", "numerical", "matching", "category"}


def text_of(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, path
    return found.text or ""


def answers(question: ET.Element) -> list[tuple[str, str, str]]:
    return [
        (a.attrib["fraction"], text_of(a, "text"), text_of(a, "feedback/text"))
        for a in question.findall("answer")
    ]


@pytest.fixture(scope="module")
def quiz(bank: Bank) -> ET.Element:
    text = to_moodle_xml(bank, seed=2)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    return ET.fromstring(text.encode("utf-8"))


def test_category_then_one_core_question_per_item(bank: Bank, quiz: ET.Element) -> None:
    questions = quiz.findall("question")
    assert {q.attrib["type"] for q in questions} <= CORE_TYPES
    assert questions[0].attrib["type"] == "category"
    assert text_of(questions[0], "category/text") == "top/Tous les types : provenance"
    assert [text_of(q, "name/text") for q in questions[1:]] == [i.id for i in bank.items]
    assert [q.attrib["type"] for q in questions[1:]] == [
        "multichoice", "multichoice", "truefalse", "shortanswer", "numerical", "matching", "matching",
    ]  # fmt: skip
    for question, item in zip(questions[1:], bank.items, strict=True):
        assert text_of(question, "idnumber") == item.id
        assert question.find("questiontext").attrib["format"] == "markdown"  # type: ignore[union-attr]
        general = text_of(question, "generalfeedback/text")
        assert item.explanation in general and item.source.date in general
        tags = [tag.text for tag in question.findall("tags/tag/text")]
        assert tags == [
            *item.tags,
            *(f"objective:{objective}" for objective in item.objectives),
            f"difficulty:{item.difficulty}",
        ]
        for answer in question.findall("answer"):
            assert answer.find("feedback/text") is not None  # every answer has a feedback slot


def question(quiz: ET.Element, item_id: str) -> ET.Element:
    for element in quiz.findall("question"):
        if element.findtext("name/text") == item_id:
            return element
    raise AssertionError(item_id)


def test_single_choice(bank: Bank, quiz: ET.Element) -> None:
    element, item = question(quiz, "licence-cc-by"), bank.item("licence-cc-by")
    assert isinstance(item, SingleItem)
    assert text_of(element, "single") == "true"
    assert answers(element) == [
        ("100" if o.correct else "0", o.text, o.feedback) for o in item.options
    ]
    assert text_of(element, "correctfeedback/text") == "Bravo !"
    assert text_of(element, "incorrectfeedback/text") == "Relisez la licence."
    assert text_of(element, "questiontext/text") == item.prompt  # XML entities decoded


def test_multiple_choice_fractions_sum_to_100_and_wrong_ones_are_negative(
    bank: Bank, quiz: ET.Element
) -> None:
    element, item = question(quiz, "donnees-personnelles"), bank.item("donnees-personnelles")
    assert isinstance(item, MultipleItem)
    assert text_of(element, "single") == "false"
    assert element.find("shownumcorrect") is not None
    fractions = [float(fraction) for fraction, _, _ in answers(element)]
    assert fractions == [50, 50, -50, -50]
    assert sum(f for f in fractions if f > 0) == pytest.approx(100)
    assert "<selon le RGPD> & pourquoi" in text_of(element, "questiontext/text")


@pytest.mark.parametrize("right", range(1, 11))
def test_multiple_choice_fractions_are_moodle_grades(right: int) -> None:
    options = [Option(id=f"o{n}", text=f"O{n}", correct=n < right) for n in range(right + 2)]
    item = MultipleItem(
        id="m", prompt="?", objectives=["o"], source=Source(title="t", date="2024"), options=options
    )
    element = ET.fromstring(to_moodle_xml(Bank(id="b", title="B", items=[item])))
    fractions = [a.attrib["fraction"] for a in element.findall("question/answer")]
    assert {f.lstrip("-") for f in fractions} <= MOODLE_FRACTIONS
    positive = sum(float(f) for f in fractions if not f.startswith("-"))
    assert positive == pytest.approx(100, abs=1e-4)
    assert sum(f.startswith("-") for f in fractions) == 2


def test_true_false(bank: Bank, quiz: ET.Element) -> None:
    element, item = question(quiz, "open-data-libre"), bank.item("open-data-libre")
    assert isinstance(item, TrueFalseItem)
    assert answers(element) == [
        ("0", "true", "Non : publiée ne veut pas dire libre."),
        ("100", "false", "Exact : il faut vérifier la licence."),
    ]


def test_short_answer_adds_unaccented_variants_and_a_catch_all(quiz: ET.Element) -> None:
    item = ShortItem(
        id="s",
        prompt="?",
        objectives=["o"],
        source=Source(title="t", date="2024"),
        answers=["Données", "CC"],
        feedback={"correct": "Oui", "incorrect": "Non"},  # type: ignore[arg-type]
    )
    element = ET.fromstring(to_moodle_xml(Bank(id="b", title="B", items=[item])))
    short = element.findall("question")[1]
    assert text_of(short, "usecase") == "0"
    assert answers(short) == [
        ("100", "Données", "Oui"),
        ("100", "CC", "Oui"),
        ("100", "Donnees", "Oui"),
        ("0", "*", "Non"),
    ]


def test_numerical(bank: Bank, quiz: ET.Element) -> None:
    element, item = question(quiz, "duree-formation"), bank.item("duree-formation")
    assert isinstance(item, NumericItem)
    assert text_of(element, "questiontext/text").endswith("(unité : heures)")
    first, other = element.findall("answer")
    assert (first.attrib["fraction"], text_of(first, "text"), text_of(first, "tolerance")) == (
        "100",
        "21",
        "0.5",
    )
    assert (text_of(other, "text"), text_of(other, "feedback/text")) == (
        "*",
        "Elle dure 21 heures.",
    )
    assert text_of(element, "showunits") == "3"


def test_matching(bank: Bank, quiz: ET.Element) -> None:
    element, item = question(quiz, "licences-sens"), bank.item("licences-sens")
    assert isinstance(item, MatchingItem)
    pairs = [
        (text_of(sub, "text"), text_of(sub, "answer/text"))
        for sub in element.findall("subquestion")
    ]
    assert pairs == [(pair.left, pair.right) for pair in item.pairs]
    assert text_of(element, "shuffleanswers") == "true"
    assert element.find("correctfeedback/text") is not None


def test_ordering_becomes_matching_of_positions(bank: Bank, quiz: ET.Element) -> None:
    element, item = question(quiz, "etapes-reutilisation"), bank.item("etapes-reutilisation")
    assert isinstance(item, OrderingItem)
    assert element.attrib["type"] == "matching"
    pairs = [
        (text_of(sub, "text"), text_of(sub, "answer/text"))
        for sub in element.findall("subquestion")
    ]
    assert sorted(pairs, key=lambda pair: int(pair[1])) == [
        (step, str(position)) for position, step in enumerate(item.sequence, 1)
    ]
    assert [step for step, _ in pairs] != item.sequence
