"""Building a question model directly applies the bank loader's rules (issue 15): an item the
loader refuses cannot be made with ``SingleItem(...)`` or ``Quiz(items=[...])`` either."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from edukit.quiz import (
    Bank,
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

SOURCE = Source(title="Source", date="2024")
COMMON: dict[str, Any] = {"prompt": "Question ?", "objectives": ["l01-o1"], "source": SOURCE}
RIGHT, WRONG = Option(id="a", text="A", correct=True), Option(id="b", text="B")


def _refused(build: Any, **fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        build(**fields)
    [error] = caught.value.errors()
    assert error["type"] == "quiz_rule"
    return str(error["msg"])


@pytest.mark.parametrize(
    ("build", "fields", "message"),
    [
        (
            SingleItem,
            {"id": "x", "options": [RIGHT]},
            "la question « x » a 1 option(s) ; il en faut au moins 2 — ajoutez des options",
        ),
        (
            SingleItem,
            {"id": "x", "options": [WRONG, Option(id="c", text="C")]},
            "la question « x » n'a aucune option correcte — marquez-en une avec « correct: true »",
        ),
        (
            SingleItem,
            {"id": "x", "options": [RIGHT, Option(id="b", text="B", correct=True)]},
            "la question « x » est « single » mais 2 options sont correctes ('a', 'b')",
        ),
        (
            MultipleItem,
            {"id": "x", "options": [RIGHT, Option(id="a", text="B")]},
            "la question « x » a deux fois l'option « a » (d'abord en position 1)",
        ),
        (
            TrueFalseItem,
            {"id": "x", "answer": True, "option_feedback": {"vrai": "Oui"}},
            "la question « x » donne un retour pour l'option inconnue « vrai »",
        ),
        (ShortItem, {"id": "x", "answers": []}, "la question « x » n'a aucune réponse acceptée"),
        (
            ShortItem,
            {"id": "x", "answers": ["?!"]},
            "la question « x » accepte « ?! », qui n'a ni lettre ni chiffre",
        ),
        (
            NumericItem,
            {"id": "x", "answer": 21, "tolerance": -1},
            "la question « x » a une tolérance négative (-1)",
        ),
        (
            MatchingItem,
            {"id": "x", "pairs": [Pair(left="A", right="1"), Pair(left="A", right="2")]},
            "la question « x » a deux fois le texte de gauche « A »",
        ),
        (
            OrderingItem,
            {"id": "x", "sequence": ["Lire"]},
            "la question « x » a 1 étape(s) ; il en faut au moins 2",
        ),
        (
            TrueFalseItem,
            {"id": "Pas un id", "answer": True},
            "la question a l'identifiant « Pas un id », qui n'est pas fait de a-z, 0-9 et « - »",
        ),
        (TrueFalseItem, {"id": "x", "answer": True, "prompt": " "}, "a un énoncé vide"),
        (TrueFalseItem, {"id": "x", "answer": True, "objectives": []}, "n'a pas d'objectif"),
        (
            TrueFalseItem,
            {"id": "x", "answer": True, "difficulty": 5},
            "la question « x » a la difficulté 5, au lieu de 1, 2 ou 3",
        ),
    ],
)
def test_a_model_built_directly_follows_the_loader_rules(
    build: Any, fields: dict[str, Any], message: str
) -> None:
    assert message in _refused(build, **{**COMMON, **fields})


def test_a_source_date_must_be_a_real_day() -> None:
    message = _refused(Source, title="Loi", date="2024-02-30")
    assert message == (
        "la source a la date « 2024-02-30 », qui n'est pas une date — "
        "écrivez-la AAAA-MM-JJ, AAAA-MM ou AAAA"
    )
    assert Source(title="Loi", date="2024-02").date == "2024-02"


def test_every_breach_of_an_item_is_listed() -> None:
    message = _refused(SingleItem, id="x", prompt="", objectives=[], source=SOURCE, options=[WRONG])
    assert message.count("\n") == 3  # empty prompt, no objective, one option, none correct


def test_a_bank_refuses_two_items_with_one_id() -> None:
    item = TrueFalseItem(id="x", answer=True, **COMMON)
    message = _refused(Bank, id="b", title="B", items=[item, item])
    assert message.startswith("l'identifiant de question « x » est utilisé deux fois")


def test_valid_items_still_build() -> None:
    item = SingleItem(id="ok", options=[RIGHT, WRONG], **COMMON)
    assert [option.id for option in item.options] == ["a", "b"]
    assert Bank(id="b", title="B", items=[item]).item("ok") is item
