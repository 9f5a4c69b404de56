"""Read one raw item of a bank file into a question model, reporting each mistake at its line.

:class:`ItemReader` checks the shape of the YAML (keys, types, the course's facts); the rules
every question obeys (:mod:`edukit.quiz._rules`, which the models' validators apply too) are
reported through it at the line of the key they concern.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from edukit._problems import Problem
from edukit._yaml import KeyPath, YamlDocument
from edukit.course import FactBook
from edukit.quiz._model import (
    ITEM_TYPES,
    GeneralFeedback,
    Item,
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
from edukit.quiz._rules import (
    BAD_ID,
    BAD_ID_HINT,
    DIFFICULTY_HINT,
    EMPTY_PROMPT,
    EMPTY_PROMPT_HINT,
    NO_ANSWERS,
    NO_ANSWERS_HINT,
    NO_OBJECTIVES,
    NO_OBJECTIVES_HINT,
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

__all__ = ["MISSING_KEY", "ItemReader", "Reporter"]

_Entry = TypeVar("_Entry")

COMMON_KEYS = (
    "id",
    "type",
    "prompt",
    "objectives",
    "tags",
    "difficulty",
    "feedback",
    "explanation",
    "source",
    "faits",
)
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("options",),
    "multiple": ("options",),
    "true_false": ("answer", "option_feedback"),
    "short": ("answers",),
    "numeric": ("answer", "tolerance", "unit"),
    "matching": ("pairs",),
    "ordering": ("sequence",),
}
OPTION_KEYS = ("id", "text", "correct", "feedback")
PAIR_KEYS = ("left", "right")
SOURCE_KEYS = ("title", "publisher", "date", "section", "url")
FEEDBACK_KEYS = ("correct", "incorrect")

# Messages, matched exactly by the tests. ``{item}`` is ``la question « some-id »``.
UNKNOWN_KEY = "la clé « {key} » est inconnue dans {where}"
MISSING_KEY = "{where} n'a pas de « {key} »"
UNKNOWN_TYPE = "{item} a le type inconnu « {type} »"
UNKNOWN_TYPE_HINT = "types possibles : " + ", ".join(ITEM_TYPES)
NOT_TEXT = "« {key} » de {where} doit être un texte"
NOT_TEXT_HINT = "mettez le texte entre guillemets"
NOT_A_LIST = "« {key} » de {item} doit être une liste"
NOT_A_LIST_HINT = "écrivez [a, b] ou une ligne « - » par élément"
UNKNOWN_OBJECTIVE = "{item} cite l'objectif « {objective} », qu'aucune leçon ne définit"
UNKNOWN_OBJECTIVE_HINT = (
    "définissez-le dans les « objectives » d'une leçon, ou corrigez l'identifiant"
)
NO_SOURCE = "{item} n'a pas de source"
NO_SOURCE_HINT = (
    "ajoutez « source: » avec « title », « publisher » et « date » (AAAA-MM-JJ, AAAA-MM ou AAAA)"
)
NO_DATE = "la source de {item} n'a pas de date"
NO_DATE_HINT = "ajoutez « date: AAAA-MM-JJ » (ou AAAA-MM, ou AAAA) à la source"
NOT_BOOL = "« {key} » de {where} doit valoir true ou false"
NOT_BOOL_HINT = "écrivez true ou false, sans guillemets"
NOT_A_NUMBER = "« {key} » de {item} doit être un nombre"
NOT_A_NUMBER_HINT = "écrivez des chiffres, avec un point pour les décimales : 21 ou 0.5"


@dataclass
class Reporter:
    doc: YamlDocument
    problems: list[Problem]
    facts: FactBook = field(default_factory=FactBook)

    def __call__(self, key_path: KeyPath, message: str, hint: str = "") -> None:
        self.problems.append(self.doc.problem(key_path, message, hint))

    def unknown_keys(
        self, key_path: KeyPath, raw: Mapping[str, Any], known: Iterable[str], where: str
    ) -> bool:
        known = tuple(known)
        clean = True
        for key in raw:
            if key in known:
                continue
            clean = False
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = (
                f"voulez-vous dire « {close[0]} » ?"
                if close
                else "clés connues : " + ", ".join(known)
            )
            self((*key_path, key), UNKNOWN_KEY.format(key=key, where=where), hint)
        return clean


class ItemReader:
    """Checks one raw item and builds it; every mistake goes to the reporter."""

    def __init__(self, report: Reporter, index: int, raw: Any, objectives: set[str] | None) -> None:
        self.report = report
        self.base: KeyPath = ("items", index)
        self.raw = raw
        self.objectives = objectives
        self.ok = True
        self.label = f"la question nº {index + 1}"

    def problem(self, keys: KeyPath, message: str, hint: str = "") -> None:
        self.ok = False
        self.report((*self.base, *keys), message, hint)

    def breaches(self, breaches: Iterable[Breach]) -> bool:
        """Report each breach of an item rule at its key; whether there was none."""
        clean = True
        for breach in breaches:
            first = ""
            if breach.first is not None:
                first = f"ligne {self.report.doc.line(*self.base, *breach.first)}"
            self.problem(breach.keys, breach.text(first), breach.hint)
            clean = False
        return clean

    def read(self) -> Item | None:
        raw = self.raw
        if not isinstance(raw, dict):
            self.problem(
                (),
                f"{self.label} doit être faite de lignes « clé: valeur »",
                "commencez par « - id: … »",
            )
            return None
        item_id = raw.get("id")
        if item_id is None:
            self.problem(
                (), MISSING_KEY.format(where=self.label, key="id"), "ajoutez « id: un-identifiant »"
            )
        elif not isinstance(item_id, str):
            self.problem(("id",), BAD_ID.format(where=self.label, id=item_id), BAD_ID_HINT)
        elif self.breaches(id_breaches(self.label, item_id)):
            self.label = f"la question « {item_id} »"
        item_type = raw.get("type")
        if item_type is None:
            self.problem((), MISSING_KEY.format(where=self.label, key="type"), UNKNOWN_TYPE_HINT)
            return None
        if not isinstance(item_type, str) or item_type not in TYPE_KEYS:
            self.problem(
                ("type",), UNKNOWN_TYPE.format(item=self.label, type=item_type), UNKNOWN_TYPE_HINT
            )
            return None
        if not self.report.unknown_keys(
            self.base, raw, COMMON_KEYS + TYPE_KEYS[item_type], self.label
        ):
            self.ok = False
        common = self._common(raw)
        specific = getattr(self, f"_{item_type}")(raw)
        if not self.ok or common is None or specific is None:
            return None
        line = self.report.doc.line(*self.base, "id") or 0
        fields = {**common, **specific, "source_path": self.report.doc.path, "line": line}
        try:
            return _build_item(item_type, fields)
        except ValidationError as error:  # pragma: no cover - the checks above prevent it
            self.problem((), f"{self.label} est invalide : {error}")
            return None

    # -- common keys -------------------------------------------------------------------------

    def _common(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        prompt: str | None = None
        if raw.get("prompt") is None or not str(raw["prompt"]).strip():
            keys: KeyPath = ("prompt",) if "prompt" in raw else ()
            self.problem(keys, EMPTY_PROMPT.format(item=self.label), EMPTY_PROMPT_HINT)
        else:
            prompt = self._text(raw, "prompt", self.label)
            if prompt is not None and not self.breaches(prompt_breaches(self.label, prompt)):
                prompt = None
        objectives = self._objectives(raw)
        tags = self._strings(raw, "tags") if "tags" in raw else []
        difficulty = self._difficulty(raw)
        feedback = self._feedback(raw)
        explanation = self._text(raw, "explanation", self.label, required=False) or ""
        explanation = self._cite_facts(raw, explanation)
        source = self._source(raw)
        if prompt is None or objectives is None or tags is None or difficulty is None:
            return None
        if feedback is None or source is None:
            return None
        return {
            "id": raw["id"],
            "prompt": prompt,
            "objectives": objectives,
            "tags": tags,
            "difficulty": difficulty,
            "feedback": feedback,
            "explanation": explanation,
            "source": source,
        }

    def _text(
        self,
        raw: Mapping[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        keys: KeyPath = (),
    ) -> str | None:
        if key not in raw or raw[key] is None:
            if required:
                self.problem(
                    keys, MISSING_KEY.format(where=where, key=key), f'ajoutez « {key}: "…" »'
                )
            return None
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem((*keys, key), NOT_TEXT.format(key=key, where=where), NOT_TEXT_HINT)
            return None

        def wrong_fact(message: str, hint: str, offset: int) -> None:
            self.problem((*keys, key), f"{where}\u00a0: {message}", hint)

        return self.report.facts.resolve(str(value), on_problem=wrong_fact)

    def _cite_facts(self, raw: Mapping[str, Any], explanation: str) -> str:
        """Check ``faits: [id, …]`` and end the explanation with each fact's source."""
        if "faits" not in raw:
            return explanation
        fact_ids = self._strings(raw, "faits")
        for index, fact_id in enumerate(fact_ids or []):
            fact = self.report.facts.get(fact_id)
            unknown = self.report.facts.placeholder_problem(fact_id, None)
            if fact is None or unknown is not None:
                message, hint = unknown or ("", "")
                self.problem(("faits", index), f"{self.label}\u00a0: {message}", hint)
                continue
            if fact.source.reference not in explanation:
                cited = f"Source\u00a0: {fact.render('source')}."
                explanation = f"{explanation} {cited}" if explanation else cited
        return explanation

    def _strings(self, raw: Mapping[str, Any], key: str) -> list[str] | None:
        value = raw.get(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(
            isinstance(entry, str | int | float) and not isinstance(entry, bool) for entry in value
        ):
            self.problem((key,), NOT_A_LIST.format(key=key, item=self.label), NOT_A_LIST_HINT)
            return None
        return [str(entry) for entry in value]

    def _ruled_strings(
        self,
        raw: Mapping[str, Any],
        key: str,
        missing: tuple[str, str],
        rules: Callable[[str, list[str]], list[Breach]],
    ) -> list[str] | None:
        """The required list of texts under ``key`` if it keeps the ``rules`` (``missing``: the
        message, with ``{item}``, and the hint when the key is absent)."""
        if key not in raw:
            self.problem((), missing[0].format(item=self.label), missing[1])
            return None
        values = self._strings(raw, key)
        if values is None or not self.breaches(rules(self.label, values)):
            return None
        return values

    def _objectives(self, raw: Mapping[str, Any]) -> list[str] | None:
        missing = (NO_OBJECTIVES, NO_OBJECTIVES_HINT)
        objectives = self._ruled_strings(raw, "objectives", missing, objective_breaches)
        if objectives is None:
            return None
        if self.objectives is not None:
            for index, objective in enumerate(objectives):
                if objective in self.objectives:
                    continue
                close = difflib.get_close_matches(objective, sorted(self.objectives), n=1)
                hint = f"voulez-vous dire « {close[0]} » ?" if close else UNKNOWN_OBJECTIVE_HINT
                self.problem(
                    ("objectives", index),
                    UNKNOWN_OBJECTIVE.format(item=self.label, objective=objective),
                    hint,
                )
        return objectives

    def _difficulty(self, raw: Mapping[str, Any]) -> int | None:
        if "difficulty" not in raw:
            self.problem(
                (), MISSING_KEY.format(where=self.label, key="difficulty"), DIFFICULTY_HINT
            )
            return None
        value = raw["difficulty"]
        if not self.breaches(difficulty_breaches(self.label, value)):
            return None
        assert isinstance(value, int)
        return value

    def _feedback(self, raw: Mapping[str, Any]) -> GeneralFeedback | None:
        value = raw.get("feedback")
        if value is None:
            return GeneralFeedback()
        where = f"le retour de {self.label}"
        if not isinstance(value, dict):
            self.problem(
                ("feedback",),
                f"{where} doit avoir « correct » ou « incorrect », ou les deux",
                'écrivez « feedback: {correct: "…", incorrect: "…"} »',
            )
            return None
        if not self.report.unknown_keys((*self.base, "feedback"), value, FEEDBACK_KEYS, where):
            self.ok = False
        texts = {
            key: self._text(value, key, where, required=False, keys=("feedback",))
            for key in FEEDBACK_KEYS
        }
        return GeneralFeedback(**{key: text or "" for key, text in texts.items()})

    def _source(self, raw: Mapping[str, Any]) -> Source | None:
        value = raw.get("source")
        if value is None:
            self.problem((), NO_SOURCE.format(item=self.label), NO_SOURCE_HINT)
            return None
        if not isinstance(value, dict):
            self.problem(("source",), NO_SOURCE.format(item=self.label), NO_SOURCE_HINT)
            return None
        where = f"la source de {self.label}"
        if not self.report.unknown_keys((*self.base, "source"), value, SOURCE_KEYS, where):
            self.ok = False
        title = self._text(value, "title", where, keys=("source",))
        texts = {
            key: self._text(value, key, where, required=False, keys=("source",)) or ""
            for key in ("publisher", "section", "url")
        }
        date = self._date(value.get("date"))
        if title is None or date is None:
            return None
        return Source(title=title, date=date, **texts)

    def _date(self, value: Any) -> str | None:
        if value is None:
            self.problem(("source",), NO_DATE.format(item=self.label), NO_DATE_HINT)
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        # Only a number or a text can read as a date: any other value is refused as written.
        text = str(value)
        if not self.breaches(date_breaches(f"la source de {self.label}", text)):
            return None
        return text

    # -- type-specific keys ------------------------------------------------------------------

    def _options(self, raw: Mapping[str, Any], *, single: bool) -> dict[str, Any] | None:
        shape = ("« id » et « text »", "écrivez « - id: a »")
        options = self._entries(raw, "options", "l'option", shape, OPTION_KEYS, self._option)
        if options is None:
            return None
        if not self.breaches(option_breaches(self.label, options, single=single)):
            return None
        return {"options": options}

    def _option(self, keys: KeyPath, entry: dict[str, Any], where: str) -> Option | None:
        option_id = self._text(entry, "id", where, keys=keys)
        text = self._text(entry, "text", where, keys=keys)
        feedback = self._text(entry, "feedback", where, required=False, keys=keys) or ""
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            message = NOT_BOOL.format(key="correct", where=where)
            self.problem((*keys, "correct"), message, NOT_BOOL_HINT)
            return None
        if option_id is None or text is None:
            return None
        return Option(id=option_id, text=text, correct=correct, feedback=feedback)

    def _entries(
        self,
        raw: Mapping[str, Any],
        key: str,
        noun: str,
        shape: tuple[str, str],
        allowed: Iterable[str],
        entry_reader: Callable[[KeyPath, dict[str, Any], str], _Entry | None],
    ) -> list[_Entry] | None:
        """The list under ``key``, each entry ``{noun} N`` a mapping of ``allowed`` keys read with
        ``entry_reader(keys, entry, where)`` (``shape``: the keys an entry needs, and the hint).

        Every entry is read (each mistake reported); ``None`` when one could not be.
        """
        value = raw.get(key)
        if value is not None and not isinstance(value, list):
            self.problem((key,), NOT_A_LIST.format(key=key, item=self.label), NOT_A_LIST_HINT)
            return None
        entries: list[_Entry] = []
        complete = True
        for index, entry in enumerate(value or []):
            keys: KeyPath = (key, index)
            where = f"{noun} {index + 1} de {self.label}"
            if not isinstance(entry, dict):
                self.problem(keys, f"{where} doit avoir {shape[0]}", shape[1])
                complete = False
                continue
            if not self.report.unknown_keys((*self.base, *keys), entry, allowed, where):
                self.ok = False
            read = entry_reader(keys, entry, where)
            if read is None:
                complete = False
            else:
                entries.append(read)
        return entries if complete else None

    def _single(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        return self._options(raw, single=True)

    def _multiple(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        return self._options(raw, single=False)

    def _true_false(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        answer = raw.get("answer")
        if not isinstance(answer, bool):
            self.problem(
                ("answer",) if "answer" in raw else (),
                NOT_BOOL.format(key="answer", where=self.label),
                NOT_BOOL_HINT,
            )
        feedback: dict[str, str] = {}
        value = raw.get("option_feedback") or {}
        if not isinstance(value, dict):
            self.problem(
                ("option_feedback",),
                f"« option_feedback » de {self.label} doit donner un texte à « true » et « false »",
                'écrivez « option_feedback: {"true": "…", "false": "…"} »',
            )
            return None
        for key, text in value.items():
            # YAML reads an unquoted `true:` key as a boolean; the loader gives it as 'True'.
            option = key.lower()
            if not self.breaches(option_feedback_breaches(self.label, [option])):
                continue
            checked = self._text(
                {key: text}, key, f"le retour par option de {self.label}", keys=("option_feedback",)
            )
            if checked is not None:
                feedback[option] = checked
        if not isinstance(answer, bool):
            return None
        return {"answer": answer, "option_feedback": feedback}

    def _short(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        answers = self._ruled_strings(raw, "answers", (NO_ANSWERS, NO_ANSWERS_HINT), short_breaches)
        return None if answers is None else {"answers": answers}

    def _number(self, raw: Mapping[str, Any], key: str) -> float | None:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(
                (key,) if key in raw else (),
                NOT_A_NUMBER.format(key=key, item=self.label),
                NOT_A_NUMBER_HINT,
            )
            return None
        return float(value)

    def _numeric(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        answer = self._number(raw, "answer")
        tolerance = self._number(raw, "tolerance") if "tolerance" in raw else 0.0
        if tolerance is not None and not self.breaches(tolerance_breaches(self.label, tolerance)):
            tolerance = None
        unit = self._text(raw, "unit", self.label, required=False) or ""
        if answer is None or tolerance is None:
            return None
        return {"answer": answer, "tolerance": tolerance, "unit": unit}

    def _matching(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        shape = ("« left » et « right »", "écrivez « - left: … »")
        pairs = self._entries(raw, "pairs", "la paire", shape, PAIR_KEYS, self._pair)
        if pairs is None:
            return None
        lefts = [pair.left for pair in pairs]
        if not self.breaches(
            [
                *too_few_breaches(self.label, "pairs", len(pairs)),
                *distinct_breaches(self.label, "pairs", "le texte de gauche", lefts),
            ]
        ):
            return None
        return {"pairs": pairs}

    def _pair(self, keys: KeyPath, entry: dict[str, Any], where: str) -> Pair | None:
        left = self._text(entry, "left", where, keys=keys)
        right = self._text(entry, "right", where, keys=keys)
        return None if left is None or right is None else Pair(left=left, right=right)

    def _ordering(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        steps = self._strings(raw, "sequence") if "sequence" in raw else []
        if steps is None:
            return None
        if not self.breaches(
            [
                *too_few_breaches(self.label, "sequence", len(steps)),
                *distinct_breaches(self.label, "sequence", "l'étape", steps),
            ]
        ):
            return None
        return {"sequence": steps}


_ITEM_CLASSES: dict[str, Callable[..., Item]] = {
    "single": SingleItem,
    "multiple": MultipleItem,
    "true_false": TrueFalseItem,
    "short": ShortItem,
    "numeric": NumericItem,
    "matching": MatchingItem,
    "ordering": OrderingItem,
}


def _build_item(item_type: str, fields: dict[str, Any]) -> Item:
    item: Item = _ITEM_CLASSES[item_type](**fields)
    return item
