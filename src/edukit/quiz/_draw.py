"""Seeded random draws of items from a bank, and seeded shuffling of options."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from typing import Final, TypeVar

from edukit.quiz._model import Bank, Item, MultipleItem, SingleItem

__all__ = [
    "EVALUATION_TAGS",
    "PRACTICE_ASKS_EVALUATION",
    "DrawError",
    "draw",
    "is_evaluation_item",
    "item_rng",
    "practice_bank",
    "shuffle_options",
    "shuffled",
]

T = TypeVar("T")


class DrawError(ValueError):
    """Raised when fewer items match the filters than the draw asks for."""


EVALUATION_TAGS: Final = frozenset({"positionnement", "evaluation-finale"})
"""Tags of the items kept for the positioning test and the final evaluation: a practice quiz,
which shows answers and feedback, must never show them (their answers would leak)."""

PRACTICE_ASKS_EVALUATION: Final = (
    "un quiz d'entraînement ne peut pas tirer les questions étiquetées {tags} : elles sont "
    "réservées au test de positionnement et à l'évaluation finale, et l'entraînement montre "
    "leurs réponses. Retirez {tags} des étiquettes demandées, ou donnez au quiz le but "
    "« positionnement » ou « evaluation-finale » (purpose)."
)


def is_evaluation_item(item: Item) -> bool:
    """Whether ``item`` belongs to the positioning test or the final evaluation."""
    return not EVALUATION_TAGS.isdisjoint(item.tags)


def practice_bank(bank: Bank, tags: Collection[str] | None = None) -> Bank:
    """``bank`` without the items of the positioning test and the final evaluation.

    A practice draw (purpose ``entrainement``, or none) draws from this bank. ``tags`` are the
    tags the draw asks for: asking a practice draw for an evaluation tag is a mistake, and
    raises a :class:`DrawError` with a French message that says how to fix it.

    Examples
    --------
    >>> from edukit.quiz._model import Source, TrueFalseItem
    >>> def item(i, tags):
    ...     return TrueFalseItem(id=i, prompt="?", answer=True, objectives=["l01-o1"],
    ...         tags=tags, source=Source(title="t", date="2024"))
    >>> bank = Bank(id="b", title="", items=[item("a", ["evaluation-finale"]), item("b", [])])
    >>> [i.id for i in practice_bank(bank).items]
    ['b']
    >>> practice_bank(bank, ["positionnement"])
    Traceback (most recent call last):
    ...
    edukit.quiz._draw.DrawError: un quiz d'entraînement ne peut pas tirer les questions ...
    """
    asked = sorted(EVALUATION_TAGS.intersection(tags or ()))
    if asked:
        listed = " et ".join(f"« {tag} »" for tag in asked)
        raise DrawError(PRACTICE_ASKS_EVALUATION.format(tags=listed))
    kept = [item for item in bank.items if not is_evaluation_item(item)]
    return bank.model_copy(update={"items": kept})


def item_rng(seed: int | str, item_id: str, purpose: str) -> random.Random:
    """A random generator for one item and one purpose, stable whatever else is drawn."""
    return random.Random(f"{seed}:{item_id}:{purpose}")


def shuffled(values: Sequence[T], rng: random.Random) -> list[T]:
    copy = list(values)
    rng.shuffle(copy)
    return copy


def draw(
    bank: Bank,
    *,
    count: int | None = None,
    tags: Collection[str] | None = None,
    objectives: Collection[str] | None = None,
    difficulty: int | Collection[int] | None = None,
    seed: int | str,
) -> list[Item]:
    """Draw ``count`` items at random among those that match every given filter.

    An item matches ``tags`` (or ``objectives``) when it has at least one of them, and
    ``difficulty`` when its difficulty is the one given (or one of those given). The same
    bank, filters and seed always give the same items in the same order. ``count=None``
    draws every matching item, shuffled.

    Raises
    ------
    DrawError
        When fewer items match than ``count``.
    """
    if difficulty is None:
        levels: Collection[int] | None = None
    else:
        levels = {difficulty} if isinstance(difficulty, int) else set(difficulty)
    matching = [
        item
        for item in bank.items
        if (not tags or set(item.tags) & set(tags))
        and (not objectives or set(item.objectives) & set(objectives))
        and (levels is None or item.difficulty in levels)
    ]
    wanted = len(matching) if count is None else count
    if wanted < 0:
        raise DrawError(f"cannot draw {wanted} items; ask for 0 or more")
    if len(matching) < wanted:
        filters = _describe(tags, objectives, levels)
        raise DrawError(
            f"only {len(matching)} item(s) of bank '{bank.id}' match{filters}, "
            f"but {wanted} were asked — ask for fewer, widen the filters or add items"
        )
    return random.Random(f"{seed}:{bank.id}:draw").sample(matching, wanted)


def _describe(
    tags: Collection[str] | None,
    objectives: Collection[str] | None,
    levels: Collection[int] | None,
) -> str:
    parts = []
    if tags:
        parts.append("tags " + ", ".join(sorted(tags)))
    if objectives:
        parts.append("objectives " + ", ".join(sorted(objectives)))
    if levels is not None:
        parts.append("difficulty " + ", ".join(str(level) for level in sorted(levels)))
    return " (" + "; ".join(parts) + ")" if parts else ""


def shuffle_options(item: Item, *, seed: int | str) -> Item:
    """The item with its options in a seeded random order (``single`` and ``multiple``).

    Other types are returned unchanged: the widget payload shuffles what they display.
    """
    if isinstance(item, SingleItem | MultipleItem):
        options = shuffled(item.options, item_rng(seed, item.id, "options"))
        return item.model_copy(update={"options": options})
    return item
