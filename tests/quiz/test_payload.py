"""The Quiz widget payload: practice and evaluation modes, and the checker that mirrors the JS."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from edukit.quiz import (
    Bank,
    Item,
    ItemPayload,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
    Source,
    check_answer,
    grade,
    quiz_payload,
)
from edukit.quiz._payload import MAX_GRID_POINTS, digest

# Answers in the model's terms (option ids, texts); a few per item, right, partial and wrong.
ANSWERS: dict[str, list[Any]] = {
    "licence-cc-by": ["a", "b", "c", None],
    "donnees-personnelles": [["a", "b"], ["a"], ["a", "b", "c"], ["c", "d"], [], ["b", "d"]],
    "open-data-libre": [True, False],
    "nom-licence": ["Creative Commons", "créative  commons!", "CC", "Commons", ""],
    "duree-formation": [21, 20.5, 21.5, 20.49, 21.51, "21,2", "21 heures", "vingt"],
    "licences-sens": [
        {
            "CC0": "Domaine public volontaire",
            "CC BY": "Attribution",
            "CC BY-SA": "Attribution, partage dans les mêmes conditions",
        },
        {"CC0": "Domaine public volontaire", "CC BY": "Domaine public volontaire"},
        {},
    ],
    "etapes-reutilisation": [
        [
            "Trouver la source d'origine",
            "Lire la licence",
            "Vérifier les données personnelles",
            "Citer la source",
        ],
        [
            "Lire la licence",
            "Trouver la source d'origine",
            "Vérifier les données personnelles",
            "Citer la source",
        ],
        ["Citer la source"],
    ],
}


def to_payload_answer(item: Item, payload: ItemPayload, answer: Any) -> Any:
    """Translate an answer in the model's terms into the payload's ids, as the JS would send."""
    by_text = {choice["text"]: choice["id"] for choice in payload["options"]}
    if isinstance(item, SingleItem | MultipleItem):
        text_of = {option.id: option.text for option in item.options}
        if isinstance(answer, str):
            return by_text[text_of[answer]]
        return None if answer is None else [by_text[text_of[key]] for key in answer]
    if isinstance(item, MatchingItem):
        lefts = {choice["text"]: choice["id"] for choice in payload["lefts"]}
        rights = {choice["text"]: choice["id"] for choice in payload["rights"]}
        return {lefts[left]: rights[right] for left, right in answer.items()}
    if isinstance(item, OrderingItem):
        return [by_text[text] for text in answer]
    return answer


@pytest.mark.parametrize("mode", ["practice", "evaluation"])
def test_checker_grades_like_python_for_every_type(bank: Bank, mode: Any) -> None:
    payload = quiz_payload(bank.items, mode=mode, seed=11)
    assert [entry["id"] for entry in payload["items"]] == [item.id for item in bank.items]
    checked = 0
    for item, entry in zip(bank.items, payload["items"], strict=True):
        for answer in ANSWERS[item.id]:
            expected = grade(item, answer).score
            got = check_answer(entry, to_payload_answer(item, entry, answer))
            assert got == pytest.approx(expected), (item.id, answer)
            checked += 1
    assert checked == sum(len(answers) for answers in ANSWERS.values())


def test_practice_payload_carries_key_and_feedback(bank: Bank) -> None:
    payload = quiz_payload(bank.items, mode="practice", seed=2)
    assert (payload["version"], payload["mode"], payload["lang"], payload["seed"]) == (
        1,
        "practice",
        "fr",
        2,
    )
    single = payload["items"][0]
    assert single["evaluation"] is None and single["practice"] is not None
    assert sorted(option["id"] for option in single["options"]) == ["a", "b", "c"]
    assert single["practice"]["correct"] == ["a"]
    assert single["practice"]["option_feedback"]["a"] == "Oui : BY = attribution."
    assert single["practice"]["feedback_correct"] == "Bravo !"
    assert single["practice"]["source"]["date"] == "2013-11-25"
    short = payload["items"][3]["practice"]
    assert short is not None and short["normalized_answers"] == ["cc", "creativecommons"]
    numeric = payload["items"][4]
    assert numeric["unit"] == "heures"
    assert numeric["practice"] is not None
    assert (numeric["practice"]["value"], numeric["practice"]["tolerance"]) == (21.0, 0.5)
    matching = payload["items"][5]
    assert [left["id"] for left in matching["lefts"]] == ["l1", "l2", "l3"]
    assert matching["practice"] is not None
    assert matching["practice"]["pairs"] == {"l1": "r1", "l2": "r2", "l3": "r3"}
    json.dumps(payload)  # plain JSON, ready for a synced trait


def test_shown_order_never_gives_the_ordering_answer(bank: Bank) -> None:
    item = bank.item("etapes-reutilisation")
    assert isinstance(item, OrderingItem)
    for seed in range(40):
        for mode in ("practice", "evaluation"):
            shown = quiz_payload([item], mode=mode, seed=seed)["items"][0]["options"]  # type: ignore[arg-type]
            assert [option["text"] for option in shown] != item.sequence
            assert sorted(option["text"] for option in shown) == sorted(item.sequence)


def strip_display(entry: ItemPayload) -> dict[str, Any]:
    """The payload item without what the learner must see anyway (prompt and choices)."""
    hidden = dict(entry)
    for key in ("prompt", "options", "lefts", "rights"):
        hidden.pop(key)
    return hidden


def test_evaluation_payload_has_no_readable_answer(bank: Bank) -> None:
    payload = quiz_payload(bank.items, mode="evaluation", seed=5)
    text = json.dumps(payload, ensure_ascii=False)
    for secret in (
        "Creative Commons",
        "creativecommons",
        "Bravo",
        "Oui : BY",
        "Relisez",
        "BY impose",
        "Exact : il faut",
        "Légifrance",
        "feedback",
        "explanation",
        "correct",
    ):
        assert secret not in text, secret
    for item, entry in zip(bank.items, payload["items"], strict=True):
        assert entry["practice"] is None
        key = entry["evaluation"]
        assert key is not None and set(key) == {"algorithm", "salt", "hashes", "exponent"}
        assert key["hashes"] == sorted(key["hashes"])
        assert all(len(value) == 64 for value in key["hashes"])
        hidden = json.dumps(strip_display(entry), ensure_ascii=False)
        shown_ids = [c["id"] for c in [*entry["options"], *entry["lefts"], *entry["rights"]]]
        for choice_id in shown_ids if item.type != "true_false" else []:
            assert choice_id not in hidden  # ids appear only with the choices, never in the key
        if isinstance(item, SingleItem | MultipleItem):
            # Opaque ids: the author's "a", "b"… (often in the order written) are gone.
            assert {option["id"] for option in entry["options"]}.isdisjoint({"a", "b", "c", "d"})
            correct_id = next(
                option["id"]
                for option in entry["options"]
                if option["text"] == next(o.text for o in item.options if o.correct)
            )
            assert digest(key["salt"], correct_id) in key["hashes"]
        if isinstance(item, NumericItem):  # grid indices of 0.1 steps are hashed, not "21"
            assert digest(key["salt"], "210") in key["hashes"]
            assert digest(key["salt"], "21") not in key["hashes"]


def test_payload_is_deterministic_for_a_seed(bank: Bank) -> None:
    first = quiz_payload(bank.items, mode="evaluation", seed=3)
    assert first == quiz_payload(bank.items, mode="evaluation", seed=3)
    other = quiz_payload(bank.items, mode="evaluation", seed=4)
    assert first["items"][0]["evaluation"] != other["items"][0]["evaluation"]


def numeric(answer: float, tolerance: float) -> NumericItem:
    return NumericItem(
        id="n",
        prompt="?",
        objectives=["o"],
        answer=answer,
        tolerance=tolerance,
        source=Source(title="t", date="2024"),
    )


@pytest.mark.parametrize(
    ("answer", "tolerance", "exponent", "points", "inside", "outside"),
    [
        (21, 0.5, -1, 11, [20.5, 21.5, 20.55, 21.0], [20.49, 21.51, 22]),
        (21, 0, 0, 1, [21, 21.0], [20.9, 21.1]),
        (1000, 50, 1, 11, [950, 1050, 1000.5], [949.9, 1050.1]),
        (-3.25, 0.25, -1, 6, [-3.5, -3.0, -3.25], [-3.51, -2.99]),
        (0.1, 0.2, -1, 5, [-0.1, 0.3, 0.0], [-0.11, 0.31]),
    ],
)
def test_numeric_grid_is_exact(
    answer: float,
    tolerance: float,
    exponent: int,
    points: int,
    inside: Sequence[float],
    outside: Sequence[float],
) -> None:
    item = numeric(answer, tolerance)
    entry = quiz_payload([item], mode="evaluation", seed=0)["items"][0]
    key = entry["evaluation"]
    assert key is not None
    assert (key["exponent"], len(key["hashes"])) == (exponent, points)
    for value in inside:
        assert check_answer(entry, value) == 1.0 == grade(item, value).score, value
    for value in outside:
        assert check_answer(entry, value) == 0.0 == grade(item, value).score, value


def test_fine_numeric_intervals_are_narrowed_never_widened() -> None:
    item = numeric(0.123456789, 0.5)
    entry = quiz_payload([item], mode="evaluation", seed=0)["items"][0]
    key = entry["evaluation"]
    assert key is not None and len(key["hashes"]) <= MAX_GRID_POINTS
    assert check_answer(entry, 0.123456789) == 1.0
    assert check_answer(entry, 0.6) == 1.0
    for value in (0.6234568, -0.3765433, 0.7, -0.4):
        assert check_answer(entry, value) == 0.0


def test_english_labels_and_bad_arguments(bank: Bank) -> None:
    entry = quiz_payload([bank.item("open-data-libre")], mode="practice", seed=0, lang="en")
    assert [o["text"] for o in entry["items"][0]["options"]] == ["True", "False"]
    with pytest.raises(ValueError, match="lang must be one of"):
        quiz_payload(bank.items, mode="practice", seed=0, lang="de")
    with pytest.raises(ValueError, match="mode must be"):
        quiz_payload(bank.items, mode="exam", seed=0)  # type: ignore[arg-type]


def test_checker_rejects_wrong_kinds(bank: Bank) -> None:
    payload = quiz_payload(bank.items, mode="evaluation", seed=0)["items"]
    with pytest.raises(TypeError):
        check_answer(payload[1], "a")
    with pytest.raises(TypeError):
        check_answer(payload[2], "true")
    with pytest.raises(TypeError):
        check_answer(payload[5], ["x"])
    assert check_answer(payload[0], None) == 0.0


def test_matching_with_shared_right_texts() -> None:
    item = MatchingItem(
        id="m",
        prompt="Personnelle ?",
        objectives=["o"],
        source=Source(title="t", date="2024"),
        pairs=[
            {"left": "E-mail", "right": "Oui"},  # type: ignore[list-item]
            {"left": "Météo", "right": "Non"},  # type: ignore[list-item]
            {"left": "Téléphone", "right": "Oui"},  # type: ignore[list-item]
        ],
    )
    for mode in ("practice", "evaluation"):
        entry = quiz_payload([item], mode=mode, seed=1)["items"][0]  # type: ignore[arg-type]
        assert sorted(right["text"] for right in entry["rights"]) == ["Non", "Oui"]
        answer: Mapping[str, str] = {"E-mail": "Oui", "Météo": "Oui", "Téléphone": "Oui"}
        assert check_answer(entry, to_payload_answer(item, entry, answer)) == pytest.approx(2 / 3)
        assert grade(item, answer).score == pytest.approx(2 / 3)
