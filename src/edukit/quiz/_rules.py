"""The rules every question obeys, in one place: the models' validators apply them, and the bank
loader applies them too, to report each breach at its ``path:line``.

Each rule returns :class:`Breach` entries: the key of the item it concerns (``("options", 1,
"id")``), a French message and how to fix it. ``where`` names the item in messages (« la
question « licence-cc » »).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from edukit.quiz._normalize import normalize_answer

__all__ = [
    "Breach",
    "date_breaches",
    "difficulty_breaches",
    "distinct_breaches",
    "id_breaches",
    "objective_breaches",
    "option_breaches",
    "option_feedback_breaches",
    "prompt_breaches",
    "short_breaches",
    "tolerance_breaches",
    "too_few_breaches",
]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TRUE_FALSE_OPTIONS = ("true", "false")
FIRST = "\x00first\x00"
"""Stands in a message for where the first of two duplicates is (a line, or a position)."""

# Messages, matched exactly by the tests. ``{item}`` is « la question « some-id » ».
BAD_ID = "{where} a l'identifiant « {id} », qui n'est pas fait de a-z, 0-9 et « - »"
BAD_ID_HINT = "utilisez des minuscules, des chiffres et des tirets, par exemple « licence-cc-by »"
EMPTY_PROMPT = "{item} a un énoncé vide"
EMPTY_PROMPT_HINT = "écrivez la question dans « prompt »"
NO_OBJECTIVES = "{item} n'a pas d'objectif"
NO_OBJECTIVES_HINT = "ajoutez « objectives: [lNN-oK] » avec les objectifs qu'elle évalue"
BAD_DIFFICULTY = "{item} a la difficulté {value}, au lieu de 1, 2 ou 3"
DIFFICULTY_HINT = "écrivez 1 (facile), 2 (moyen) ou 3 (difficile)"
BAD_DATE = "{source} a la date « {value} », qui n'est pas une date"
BAD_DATE_HINT = "écrivez-la AAAA-MM-JJ, AAAA-MM ou AAAA"
TOO_FEW = "{item} a {count} {what} ; il en faut au moins 2"
TOO_FEW_HINT = "ajoutez {what}"
TOO_FEW_WHAT = {
    "options": ("option(s)", "des options sous « options: », chacune avec « id » et « text »"),
    "pairs": ("paire(s)", "des paires sous « pairs: », chacune avec « left » et « right »"),
    "sequence": ("étape(s)", "des étapes sous « sequence: », dans le bon ordre"),
}
DUPLICATE_OPTION = "{item} a deux fois l'option « {id} » (d'abord " + FIRST + ")"
DUPLICATE_OPTION_HINT = "donnez à chaque option son propre identifiant (a, b, c…)"
NO_CORRECT = "{item} n'a aucune option correcte"
NO_CORRECT_HINT = "marquez-en une avec « correct: true »"
MANY_CORRECT = "{item} est « single » mais {count} options sont correctes ({ids})"
MANY_CORRECT_HINT = "gardez un seul « correct: true », ou utilisez « type: multiple »"
UNKNOWN_OPTION = "{item} donne un retour pour l'option inconnue « {option} »"
UNKNOWN_OPTION_HINT = "nommez les options « true » et « false »"
NEGATIVE_TOLERANCE = "{item} a une tolérance négative ({value})"
NEGATIVE_TOLERANCE_HINT = "écrivez 0 pour une réponse exacte, ou une marge positive"
NO_ANSWERS = "{item} n'a aucune réponse acceptée"
NO_ANSWERS_HINT = 'listez les variantes acceptées dans « answers: ["…", "…"] »'
EMPTY_ANSWER = "{item} accepte « {answer} », qui n'a ni lettre ni chiffre"
EMPTY_ANSWER_HINT = "les réponses sont comparées sans espaces ni ponctuation ; écrivez des mots"
DUPLICATE_TEXT = "{item} a deux fois {what} « {text} »"
DUPLICATE_TEXT_HINT = "chaque élément doit être différent, sinon la réponse ne peut pas être notée"


@dataclass(frozen=True)
class Breach:
    """One rule an item breaks: at ``keys`` (relative to the item), what and how to fix it.

    ``first`` is the key of the first of two duplicates; the message names it where
    :data:`FIRST` stands (:meth:`text`).
    """

    keys: tuple[str | int, ...]
    message: str
    hint: str = ""
    first: tuple[str | int, ...] | None = None

    def text(self, first: str = "") -> str:
        """The message, ``first`` naming where the first duplicate is."""
        return self.message.replace(FIRST, first)

    def __str__(self) -> str:
        first = self.first
        where = f"en position {int(first[1]) + 1}" if first and len(first) > 1 else ""
        return f"{self.text(where)} — {self.hint}" if self.hint else self.text(where)


class _Choice(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def correct(self) -> bool: ...


def id_breaches(where: str, value: str) -> list[Breach]:
    if ID_PATTERN.match(value):
        return []
    return [Breach(("id",), BAD_ID.format(where=where, id=value), BAD_ID_HINT)]


def prompt_breaches(item: str, prompt: str) -> list[Breach]:
    if prompt.strip():
        return []
    return [Breach(("prompt",), EMPTY_PROMPT.format(item=item), EMPTY_PROMPT_HINT)]


def objective_breaches(item: str, objectives: Sequence[str]) -> list[Breach]:
    if objectives:
        return []
    return [Breach(("objectives",), NO_OBJECTIVES.format(item=item), NO_OBJECTIVES_HINT)]


def difficulty_breaches(item: str, value: object) -> list[Breach]:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 3:
        return []
    message = BAD_DIFFICULTY.format(item=item, value=repr(value))
    return [Breach(("difficulty",), message, DIFFICULTY_HINT)]


def date_breaches(source: str, text: str) -> list[Breach]:
    """``text`` must be ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, and a real day."""
    match = DATE_PATTERN.match(text)
    if match is not None:
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            dt.date(year or 0, month or 1, day or 1)
        except ValueError:
            pass
        else:
            return []
    message = BAD_DATE.format(source=source, value=text)
    return [Breach(("source", "date"), message, BAD_DATE_HINT)]


def too_few_breaches(item: str, key: str, count: int) -> list[Breach]:
    """``options``, ``pairs`` and ``sequence`` need two entries at least."""
    if count >= 2:
        return []
    what, hint = TOO_FEW_WHAT[key]
    message = TOO_FEW.format(item=item, count=count, what=what)
    return [Breach((key,), message, TOO_FEW_HINT.format(what=hint))]


def option_breaches(item: str, options: Sequence[_Choice], *, single: bool) -> list[Breach]:
    """Two options at least, distinct ids, one correct at least (exactly one when ``single``)."""
    breaches = too_few_breaches(item, "options", len(options))
    first: dict[str, int] = {}
    for index, option in enumerate(options):
        if option.id in first:
            message = DUPLICATE_OPTION.format(item=item, id=option.id)
            earlier: tuple[str | int, ...] = ("options", first[option.id], "id")
            breaches.append(
                Breach(("options", index, "id"), message, DUPLICATE_OPTION_HINT, earlier)
            )
        first.setdefault(option.id, index)
    correct = [option.id for option in options if option.correct]
    if options and not correct:
        breaches.append(Breach(("options",), NO_CORRECT.format(item=item), NO_CORRECT_HINT))
    if single and len(correct) > 1:
        ids = ", ".join(map(repr, correct))
        message = MANY_CORRECT.format(item=item, count=len(correct), ids=ids)
        breaches.append(Breach(("options",), message, MANY_CORRECT_HINT))
    return breaches


def option_feedback_breaches(item: str, options: Iterable[str]) -> list[Breach]:
    """A true/false item gives feedback for ``true`` and ``false`` only."""
    return [
        Breach(
            ("option_feedback", option),
            UNKNOWN_OPTION.format(item=item, option=option),
            UNKNOWN_OPTION_HINT,
        )
        for option in options
        if option not in TRUE_FALSE_OPTIONS
    ]


def short_breaches(item: str, answers: Sequence[str]) -> list[Breach]:
    """One accepted answer at least, each with a letter or a digit (answers are compared
    without spaces or punctuation)."""
    if not answers:
        return [Breach(("answers",), NO_ANSWERS.format(item=item), NO_ANSWERS_HINT)]
    return [
        Breach(("answers", index), EMPTY_ANSWER.format(item=item, answer=answer), EMPTY_ANSWER_HINT)
        for index, answer in enumerate(answers)
        if not normalize_answer(answer)
    ]


def tolerance_breaches(item: str, tolerance: float) -> list[Breach]:
    if tolerance >= 0:
        return []
    message = NEGATIVE_TOLERANCE.format(item=item, value=f"{tolerance:g}")
    return [Breach(("tolerance",), message, NEGATIVE_TOLERANCE_HINT)]


def distinct_breaches(item: str, key: str, what: str, texts: Sequence[str]) -> list[Breach]:
    """Each text of ``key`` once (the left texts of a matching item, the steps of an ordering
    item): otherwise the answer cannot be graded."""
    seen: set[str] = set()
    breaches = []
    for index, text in enumerate(texts):
        if text in seen:
            message = DUPLICATE_TEXT.format(item=item, what=what, text=text)
            breaches.append(Breach((key, index), message, DUPLICATE_TEXT_HINT))
        seen.add(text)
    return breaches
