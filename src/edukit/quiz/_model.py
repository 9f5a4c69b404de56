"""The question model: one pydantic class per question type, and the bank that holds them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ITEM_TYPES",
    "Bank",
    "GeneralFeedback",
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
]

ItemType: TypeAlias = Literal[
    "single", "multiple", "true_false", "short", "numeric", "matching", "ordering"
]
ITEM_TYPES: tuple[ItemType, ...] = (
    "single",
    "multiple",
    "true_false",
    "short",
    "numeric",
    "matching",
    "ordering",
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """Where a fact comes from; ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    title: str
    date: str
    publisher: str = ""
    section: str = ""
    url: str = ""

    def cite(self) -> str:
        """One line: title, publisher, date, section, url.

        Examples
        --------
        >>> Source(title="RGPD", publisher="UE", date="2016-04-27", section="art. 6").cite()
        'RGPD, UE, 2016-04-27, art. 6'
        """
        parts = [self.title, self.publisher, self.date, self.section, self.url]
        return ", ".join(part for part in parts if part)


class GeneralFeedback(_Frozen):
    """Feedback shown after an answer, whichever option was chosen."""

    correct: str = ""
    incorrect: str = ""


class Option(_Frozen):
    """One choice of a ``single`` or ``multiple`` item."""

    id: str
    text: str
    correct: bool = False
    feedback: str = ""


class Pair(_Frozen):
    """One ``left`` → ``right`` association of a ``matching`` item."""

    left: str
    right: str


class _ItemBase(_Frozen):
    id: str
    prompt: str
    objectives: list[str]
    tags: list[str] = Field(default_factory=list)
    difficulty: int = 1
    feedback: GeneralFeedback = GeneralFeedback()
    explanation: str = ""
    source: Source
    source_path: Path = Path()
    """The bank file the item was read from."""
    line: int = 0
    """The line of the item's ``id`` in ``source_path``."""


class SingleItem(_ItemBase):
    """One correct option among several."""

    type: Literal["single"] = "single"
    options: list[Option]


class MultipleItem(_ItemBase):
    """Several correct options; partial credit ``max(0, (right − wrong) / correct options)``."""

    type: Literal["multiple"] = "multiple"
    options: list[Option]


class TrueFalseItem(_ItemBase):
    """A statement to judge; ``option_feedback`` is keyed ``"true"`` / ``"false"``."""

    type: Literal["true_false"] = "true_false"
    answer: bool
    option_feedback: dict[str, str] = Field(default_factory=dict)


class ShortItem(_ItemBase):
    """A typed answer, matched ignoring case, accents, spaces and punctuation."""

    type: Literal["short"] = "short"
    answers: list[str]


class NumericItem(_ItemBase):
    """A number, right when within ``tolerance`` of ``answer``."""

    type: Literal["numeric"] = "numeric"
    answer: float
    tolerance: float = 0.0
    unit: str = ""


class MatchingItem(_ItemBase):
    """Associate each left text with its right text; credit per right pair."""

    type: Literal["matching"] = "matching"
    pairs: list[Pair]


class OrderingItem(_ItemBase):
    """Put steps in order (``sequence`` is the right order); credit per step in its place."""

    type: Literal["ordering"] = "ordering"
    sequence: list[str]


Item: TypeAlias = Annotated[
    SingleItem
    | MultipleItem
    | TrueFalseItem
    | ShortItem
    | NumericItem
    | MatchingItem
    | OrderingItem,
    Field(discriminator="type"),
]


class Bank(_Frozen):
    """A question bank: the items of one bank file, or of every ``*.yml`` file of a folder."""

    id: str
    title: str
    language: str = "fr"
    items: list[Item]
    paths: list[Path] = Field(default_factory=list)

    def item(self, item_id: str) -> Item:
        """The item with ``item_id``; ``KeyError`` when there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"bank '{self.id}' has no item '{item_id}'")
