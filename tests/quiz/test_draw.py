"""Seeded draws and option shuffling."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from edukit.quiz import Bank, DrawError, Item, MultipleItem, draw, shuffle_options


def ids(items: Sequence[Item]) -> list[str]:
    return [item.id for item in items]


def test_same_seed_same_draw(bank: Bank) -> None:
    first = ids(draw(bank, count=4, seed=7))
    assert first == ids(draw(bank, count=4, seed=7))
    assert len(set(first)) == 4
    others = {tuple(ids(draw(bank, count=4, seed=seed))) for seed in range(20)}
    assert len(others) > 5


def test_filters_combine(bank: Bank) -> None:
    assert sorted(ids(draw(bank, tags=["licences"], seed=1))) == sorted(
        ["licence-cc-by", "open-data-libre", "nom-licence", "licences-sens", "etapes-reutilisation"]
    )
    assert sorted(ids(draw(bank, tags=["licences"], difficulty=1, seed=1))) == [
        "licence-cc-by",
        "open-data-libre",
    ]
    assert sorted(ids(draw(bank, objectives=["l09-o2", "l10-o1"], seed=1))) == [
        "donnees-personnelles",
        "etapes-reutilisation",
    ]
    assert ids(draw(bank, difficulty=[3], seed=1)) == ["etapes-reutilisation"]
    assert len(draw(bank, seed=1)) == len(bank.items)


def test_asking_for_too_many_is_a_clear_error(bank: Bank) -> None:
    with pytest.raises(DrawError) as error:
        draw(bank, count=3, tags=["licences"], difficulty=1, seed=0)
    assert str(error.value) == (
        "only 2 item(s) of bank 'all-types' match (tags licences; difficulty 1), but 3 were "
        "asked — ask for fewer, widen the filters or add items"
    )


def test_shuffle_options_is_seeded_and_keeps_options(bank: Bank) -> None:
    item = bank.item("donnees-personnelles")
    orders = set()
    for seed in range(30):
        shuffled = shuffle_options(item, seed=seed)
        assert isinstance(shuffled, MultipleItem)
        orders.add(tuple(option.id for option in shuffled.options))
    assert len(orders) > 3
    assert all(sorted(order) == ["a", "b", "c", "d"] for order in orders)
    once = shuffle_options(item, seed=5)
    assert once == shuffle_options(item, seed=5)
    assert shuffle_options(bank.item("nom-licence"), seed=5) == bank.item("nom-licence")
