"""Grading of every question type, edge cases included, and attempt histories."""

from __future__ import annotations

import pytest

from edukit.quiz import (
    AttemptHistory,
    AttemptsExhaustedError,
    Bank,
    Item,
    NumericItem,
    Source,
    grade,
    normalize_answer,
)
from edukit.quiz._grading import parse_number


def test_single_scores_and_shows_the_chosen_feedback(bank: Bank) -> None:
    item = bank.item("licence-cc-by")
    right, wrong = grade(item, "a"), grade(item, "b")
    assert (right.score, right.correct, right.feedback) == (1.0, True, "Bravo !")
    assert right.option_feedback == {"a": "Oui : BY = attribution."}
    assert (wrong.score, wrong.correct, wrong.feedback) == (0.0, False, "Relisez la licence.")
    assert wrong.option_feedback == {"b": "Non : gratuite ne veut pas dire sans condition."}
    assert right.explanation.startswith("BY impose")


@pytest.mark.parametrize(
    ("ticked", "score"),
    [
        (["a", "b"], 1.0),
        (["b", "a"], 1.0),
        (["a"], 0.5),
        (["a", "b", "c"], 0.5),
        (["a", "c"], 0.0),
        (["a", "c", "d"], 0.0),
        (["c", "d"], 0.0),
        ([], 0.0),
        (["a", "a"], 0.5),
        ({"a", "b"}, 1.0),
    ],
)
def test_multiple_partial_credit(bank: Bank, ticked: list[str], score: float) -> None:
    result = grade(bank.item("donnees-personnelles"), ticked)
    assert result.score == score
    assert result.correct is (score == 1.0)


def test_multiple_shows_feedback_of_each_ticked_option(bank: Bank) -> None:
    result = grade(bank.item("donnees-personnelles"), ["a", "c"])
    assert result.option_feedback == {
        "a": "Oui, elle identifie une personne.",
        "c": "Non, elle ne concerne personne.",
    }


def test_true_false(bank: Bank) -> None:
    item = bank.item("open-data-libre")  # the answer is false
    assert grade(item, False).score == 1.0
    assert grade(item, False).option_feedback == {"false": "Exact : il faut vérifier la licence."}
    assert grade(item, True).score == 0.0
    assert grade(item, True).option_feedback == {"true": "Non : publiée ne veut pas dire libre."}


@pytest.mark.parametrize(
    ("typed", "score"),
    [
        ("Creative Commons", 1.0),
        ("creative commons", 1.0),
        ("  CREATIVE   COMMONS ", 1.0),
        ("Créative-Commons !", 1.0),
        ("creativecommons", 1.0),
        ("c.c.", 1.0),
        ("Creative", 0.0),
        ("", 0.0),
        ("!!", 0.0),
    ],
)
def test_short_ignores_case_accents_spaces_and_punctuation(
    bank: Bank, typed: str, score: float
) -> None:
    assert grade(bank.item("nom-licence"), typed).score == score


def test_normalize_answer_handles_ligatures_and_unicode_spaces() -> None:
    assert normalize_answer("Œuvre\u00a0d’art") == "oeuvredart"
    assert normalize_answer("ÉTÉ") == normalize_answer("ete")


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        (21, 1.0),
        (20.5, 1.0),
        (21.5, 1.0),
        (20.4999, 0.0),
        (21.5001, 0.0),
        ("21", 1.0),
        ("20,5", 1.0),
        ("21 heures", 1.0),
        ("21 jours", 0.0),
        ("vingt et une", 0.0),
    ],
)
def test_numeric_tolerance_bounds_are_included(
    bank: Bank, answer: float | str, score: float
) -> None:
    assert grade(bank.item("duree-formation"), answer).score == score


def test_numeric_exact_with_float_noise() -> None:
    item = NumericItem(
        id="n",
        prompt="0.1 + 0.2 ?",
        objectives=["o"],
        answer=0.3,
        source=Source(title="t", date="2024"),
    )
    assert grade(item, 0.1 + 0.2).score == 1.0
    assert grade(item, 0.31).score == 0.0


def test_parse_number_variants() -> None:
    assert parse_number("-3,25") == -3.25
    assert parse_number("1e3") == 1000.0
    assert parse_number("1\u202f000") == 1000.0
    assert parse_number("12abc") is None
    assert parse_number("") is None


def test_matching_credit_per_pair(bank: Bank) -> None:
    item = bank.item("licences-sens")
    right = {
        "CC0": "Domaine public volontaire",
        "CC BY": "Attribution",
        "CC BY-SA": "Attribution, partage dans les mêmes conditions",
    }
    assert grade(item, right).score == 1.0
    swapped = {**right, "CC BY": right["CC BY-SA"], "CC BY-SA": right["CC BY"]}
    assert grade(item, swapped).score == pytest.approx(1 / 3)
    assert grade(item, {"CC0": "Attribution"}).score == 0.0
    with pytest.raises(ValueError, match="no left text 'CC-ZERO'"):
        grade(item, {"CC-ZERO": "Attribution"})


def test_ordering_credit_per_step_in_place(bank: Bank) -> None:
    item = bank.item("etapes-reutilisation")
    steps = [
        "Trouver la source d'origine",
        "Lire la licence",
        "Vérifier les données personnelles",
        "Citer la source",
    ]
    assert grade(item, steps).score == 1.0
    assert grade(item, [steps[1], steps[0], steps[2], steps[3]]).score == 0.5
    assert grade(item, list(reversed(steps))).score == 0.0
    with pytest.raises(ValueError, match="no step 'Dormir'"):
        grade(item, ["Dormir"])


def test_no_answer_scores_zero(bank: Bank) -> None:
    for item in bank.items:
        result = grade(item, None)
        assert (result.score, result.correct, result.option_feedback) == (0.0, False, {})


@pytest.mark.parametrize(
    ("item_id", "answer", "error"),
    [
        ("licence-cc-by", ["a"], TypeError),
        ("licence-cc-by", "z", ValueError),
        ("donnees-personnelles", "a", TypeError),
        ("open-data-libre", "false", TypeError),
        ("nom-licence", True, TypeError),
        ("duree-formation", True, TypeError),
        ("licences-sens", ["CC0"], TypeError),
        ("etapes-reutilisation", "Lire la licence", TypeError),
    ],
)
def test_wrong_kind_of_answer_is_a_clear_error(
    bank: Bank, item_id: str, answer: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=item_id):
        grade(bank.item(item_id), answer)  # type: ignore[arg-type]


def test_attempt_history_limits_and_scores(bank: Bank) -> None:
    item: Item = bank.item("donnees-personnelles")
    history = AttemptHistory(item_id=item.id, max_attempts=3)
    assert (history.best_score, history.last_score, history.remaining) == (0.0, None, 3)
    history.submit(item, ["a"])
    history.submit(item, {"b", "a"})
    history.submit(item, ["c"])
    assert [attempt.score for attempt in history.attempts] == [0.5, 1.0, 0.0]
    assert history.attempts[1].answer == ["a", "b"]
    assert (history.best_score, history.last_score, history.can_attempt) == (1.0, 0.0, False)
    with pytest.raises(AttemptsExhaustedError, match="allows 3 attempt"):
        history.submit(item, ["a", "b"])
    with pytest.raises(ValueError, match="not 'licence-cc-by'"):
        AttemptHistory(item_id=item.id).submit(bank.item("licence-cc-by"), "a")


def test_unlimited_history_round_trips_as_json(bank: Bank) -> None:
    item = bank.item("nom-licence")
    history = AttemptHistory(item_id=item.id)
    history.submit(item, "cc")
    assert history.remaining is None and history.can_attempt
    restored = AttemptHistory.model_validate_json(history.model_dump_json())
    assert restored == history
