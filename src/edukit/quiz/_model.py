"""The question model: one pydantic class per question type, and the bank that holds them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from edukit.quiz._rules import (
    Breach,
    date_breaches,
    difficulty_breaches,
    distinct_breaches,
    id_breaches,
    objective_breaches,
    option_breaches,
    option_feedback_breaches,
    prompt_breaches,
    short_breaches,
    tolerance_breaches,
    too_few_breaches,
)

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


def _refused(breaches: list[Breach]) -> PydanticCustomError:
    """The error of a model that breaks the item rules (:mod:`edukit.quiz._rules`), every
    breach on its own line, in French."""
    text = "\n".join(str(breach) for breach in breaches)
    return PydanticCustomError("quiz_rule", "{rules}", {"rules": text})


class Source(_Frozen):
    """Where a fact comes from; ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    title: str
    date: str
    publisher: str = ""
    section: str = ""
    url: str = ""

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str) -> str:
        breaches = date_breaches("la source", value)
        if breaches:
            raise _refused(breaches)
        return value

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

    @model_validator(mode="after")
    def _follows_the_rules(self) -> _ItemBase:
        breaches = self.rule_breaches()
        if breaches:
            raise _refused(breaches)
        return self

    def rule_breaches(self) -> list[Breach]:
        """The item rules this item breaks (none for an item that validated)."""
        label = f"la question « {self.id} »"
        return [
            *id_breaches("la question", self.id),
            *prompt_breaches(label, self.prompt),
            *objective_breaches(label, self.objectives),
            *difficulty_breaches(label, self.difficulty),
            *self._type_breaches(label),
        ]

    def _type_breaches(self, label: str) -> list[Breach]:
        return []


class SingleItem(_ItemBase):
    """One correct option among several."""

    type: Literal["single"] = "single"
    options: list[Option]

    def _type_breaches(self, label: str) -> list[Breach]:
        return option_breaches(label, self.options, single=True)


class MultipleItem(_ItemBase):
    """Several correct options; partial credit ``max(0, (right − wrong) / correct options)``."""

    type: Literal["multiple"] = "multiple"
    options: list[Option]

    def _type_breaches(self, label: str) -> list[Breach]:
        return option_breaches(label, self.options, single=False)


class TrueFalseItem(_ItemBase):
    """A statement to judge; ``option_feedback`` is keyed ``"true"`` / ``"false"``."""

    type: Literal["true_false"] = "true_false"
    answer: bool
    option_feedback: dict[str, str] = Field(default_factory=dict)

    def _type_breaches(self, label: str) -> list[Breach]:
        return option_feedback_breaches(label, self.option_feedback)


class ShortItem(_ItemBase):
    """A typed answer, matched ignoring case, accents, spaces and punctuation."""

    type: Literal["short"] = "short"
    answers: list[str]

    def _type_breaches(self, label: str) -> list[Breach]:
        return short_breaches(label, self.answers)


class NumericItem(_ItemBase):
    """A number, right when within ``tolerance`` of ``answer``."""

    type: Literal["numeric"] = "numeric"
    answer: float
    tolerance: float = 0.0
    unit: str = ""

    def _type_breaches(self, label: str) -> list[Breach]:
        return tolerance_breaches(label, self.tolerance)


class MatchingItem(_ItemBase):
    """Associate each left text with its right text; credit per right pair."""

    type: Literal["matching"] = "matching"
    pairs: list[Pair]

    def _type_breaches(self, label: str) -> list[Breach]:
        lefts = [pair.left for pair in self.pairs]
        return [
            *too_few_breaches(label, "pairs", len(self.pairs)),
            *distinct_breaches(label, "pairs", "le texte de gauche", lefts),
        ]


class OrderingItem(_ItemBase):
    """Put steps in order (``sequence`` is the right order); credit per step in its place."""

    type: Literal["ordering"] = "ordering"
    sequence: list[str]

    def _type_breaches(self, label: str) -> list[Breach]:
        return [
            *too_few_breaches(label, "sequence", len(self.sequence)),
            *distinct_breaches(label, "sequence", "l'étape", self.sequence),
        ]


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

    @field_validator("items")
    @classmethod
    def _unique_ids(cls, items: list[Item]) -> list[Item]:
        # Answers are saved per item id: two items must never share one.
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                raise PydanticCustomError(
                    "quiz_rule",
                    "{rules}",
                    {
                        "rules": f"l'identifiant de question « {item.id} » est utilisé deux fois "
                        f"(en position {seen[item.id] + 1} et {index + 1}) — donnez à chaque "
                        "question son propre identifiant"
                    },
                )
            seen[item.id] = index
        return items

    def item(self, item_id: str) -> Item:
        """The item with ``item_id``; ``KeyError`` when there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"bank '{self.id}' has no item '{item_id}'")
