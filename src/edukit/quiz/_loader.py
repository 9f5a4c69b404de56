"""Read question banks (``exercises/<bank>/*.yml``) and report every author mistake as a problem.

:func:`load_bank` never raises for a mistake in a bank: it returns the problems, each
``path:line: what is wrong — how to fix it``. It keeps no state between calls, so the course
checker may call it from several threads at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from edukit._problems import Problem, ProblemError
from edukit._yaml import KeyPath, YamlDocument, load_yaml
from edukit.course._facts import UNKNOWN_FACT, FactBook, find_facts
from edukit.quiz._model import (
    ITEM_TYPES,
    Bank,
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
from edukit.quiz._normalize import normalize_answer

__all__ = ["load_bank"]

TOP_KEYS = ("bank", "items")
BANK_KEYS = ("id", "title", "language")
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
TRUE_FALSE_OPTIONS = ("true", "false")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Messages, matched exactly by the tests. ``{item}`` is ``item 'some-id'``.
NOT_FOUND = "la banque « {path} » n'existe pas"
NOT_FOUND_HINT = "indiquez un dossier de banque (exercises/<banque>) ou un fichier .yml"
EMPTY_FOLDER = "le dossier de la banque n'a aucun fichier .yml"
EMPTY_FOLDER_HINT = "ajoutez un fichier comme « questions.yml » avec « bank: » et « items: »"
NOT_UTF8 = "le fichier n'est pas du texte UTF-8"
NOT_UTF8_HINT = "enregistrez-le en UTF-8"
NOT_A_MAPPING = "un fichier de banque doit contenir « bank: » et « items: »"
NOT_A_MAPPING_HINT = "commencez le fichier par « bank: » (id, title, language), puis « items: »"
NO_HEADER = "le fichier n'a pas d'en-tête « bank: »"
NO_HEADER_HINT = "ajoutez « bank: » avec « id », « title » et « language: fr »"
HEADER_MISMATCH = "l'identifiant de banque « {id} » diffère de « {first} », donné en {where}"
HEADER_MISMATCH_HINT = "utilisez le même « bank: id: » dans chaque fichier du dossier"
NO_ITEMS = "« items » doit être une liste de questions"
NO_ITEMS_HINT = "écrivez « items: » puis une entrée « - id: … » par question"
UNKNOWN_KEY = "la clé « {key} » est inconnue dans {where}"
MISSING_KEY = "{where} n'a pas de « {key} »"
BAD_ID = "{where} a l'identifiant « {id} », qui n'est pas fait de a-z, 0-9 et « - »"
BAD_ID_HINT = "utilisez des minuscules, des chiffres et des tirets, par exemple « licence-cc-by »"
DUPLICATE_ITEM = "l'identifiant de question « {id} » est utilisé deux fois (d'abord {first})"
DUPLICATE_ITEM_HINT = "donnez à chaque question son propre identifiant"
UNKNOWN_TYPE = "{item} a le type inconnu « {type} »"
UNKNOWN_TYPE_HINT = "types possibles : " + ", ".join(ITEM_TYPES)
EMPTY_PROMPT = "{item} a un énoncé vide"
EMPTY_PROMPT_HINT = "écrivez la question dans « prompt »"
NOT_TEXT = "« {key} » de {where} doit être un texte"
NOT_TEXT_HINT = "mettez le texte entre guillemets"
NOT_A_LIST = "« {key} » de {item} doit être une liste"
NOT_A_LIST_HINT = "écrivez [a, b] ou une ligne « - » par élément"
NO_OBJECTIVES = "{item} n'a pas d'objectif"
NO_OBJECTIVES_HINT = "ajoutez « objectives: [lNN-oK] » avec les objectifs qu'elle évalue"
UNKNOWN_OBJECTIVE = "{item} cite l'objectif « {objective} », qu'aucune leçon ne définit"
UNKNOWN_OBJECTIVE_HINT = (
    "définissez-le dans les « objectives » d'une leçon, ou corrigez l'identifiant"
)
BAD_DIFFICULTY = "{item} a la difficulté {value}, au lieu de 1, 2 ou 3"
DIFFICULTY_HINT = "écrivez 1 (facile), 2 (moyen) ou 3 (difficile)"
NO_SOURCE = "{item} n'a pas de source"
NO_SOURCE_HINT = (
    "ajoutez « source: » avec « title », « publisher » et « date » (AAAA-MM-JJ, AAAA-MM ou AAAA)"
)
NO_DATE = "la source de {item} n'a pas de date"
NO_DATE_HINT = "ajoutez « date: AAAA-MM-JJ » (ou AAAA-MM, ou AAAA) à la source"
BAD_DATE = "la source de {item} a la date « {value} », qui n'est pas une date"
BAD_DATE_HINT = "écrivez-la AAAA-MM-JJ, AAAA-MM ou AAAA"
TOO_FEW = "{item} a {count} {what} ; il en faut au moins 2"
TOO_FEW_HINT = "ajoutez {what}"
DUPLICATE_OPTION = "{item} a deux fois l'option « {id} » (d'abord ligne {first})"
DUPLICATE_OPTION_HINT = "donnez à chaque option son propre identifiant (a, b, c…)"
NO_CORRECT = "{item} n'a aucune option correcte"
NO_CORRECT_HINT = "marquez-en une avec « correct: true »"
MANY_CORRECT = "{item} est « single » mais {count} options sont correctes ({ids})"
MANY_CORRECT_HINT = "gardez un seul « correct: true », ou utilisez « type: multiple »"
NOT_BOOL = "« {key} » de {where} doit valoir true ou false"
NOT_BOOL_HINT = "écrivez true ou false, sans guillemets"
UNKNOWN_OPTION = "{item} donne un retour pour l'option inconnue « {option} »"
UNKNOWN_OPTION_HINT = "nommez les options « true » et « false »"
NOT_A_NUMBER = "« {key} » de {item} doit être un nombre"
NOT_A_NUMBER_HINT = "écrivez des chiffres, avec un point pour les décimales : 21 ou 0.5"
NEGATIVE_TOLERANCE = "{item} a une tolérance négative ({value})"
NEGATIVE_TOLERANCE_HINT = "écrivez 0 pour une réponse exacte, ou une marge positive"
NO_ANSWERS = "{item} n'a aucune réponse acceptée"
NO_ANSWERS_HINT = 'listez les variantes acceptées dans « answers: ["…", "…"] »'
EMPTY_ANSWER = "{item} accepte « {answer} », qui n'a ni lettre ni chiffre"
EMPTY_ANSWER_HINT = "les réponses sont comparées sans espaces ni ponctuation ; écrivez des mots"
DUPLICATE_TEXT = "{item} a deux fois {what} « {text} »"
DUPLICATE_TEXT_HINT = "chaque élément doit être différent, sinon la réponse ne peut pas être notée"


def load_bank(
    path: Path, *, objectives: set[str] | None = None
) -> tuple[Bank | None, list[Problem]]:
    """Load a bank folder (every ``*.yml`` in it, sorted, merged) or a single ``.yml`` file.

    Parameters
    ----------
    path
        A bank folder such as ``exercises/provenance`` or one bank file.
    objectives
        The objective ids the course defines; ``None`` skips the check that items name
        existing objectives.

    Returns
    -------
    (bank, problems)
        ``bank`` holds every item that has no problem; it is ``None`` only when nothing usable
        was found (no file, no header, broken YAML everywhere). Check ``problems`` before
        trusting the bank.

    Examples
    --------
    >>> bank, problems = load_bank(Path("no/such/bank"))
    >>> bank is None, str(problems[0])
    (True, "no/such/bank: la banque « no/such/bank » n'existe pas — indiquez un dossier de banque (exercises/<banque>) ou un fichier .yml")
    """
    path = Path(path)
    state = _BankState(facts=find_facts(path))
    if path.is_dir():
        files = sorted(path.glob("*.yml"))
        if not files:
            return None, [Problem(path, None, EMPTY_FOLDER, EMPTY_FOLDER_HINT)]
    elif path.is_file():
        files = [path]
    else:
        return None, [Problem(path, None, NOT_FOUND.format(path=path.as_posix()), NOT_FOUND_HINT)]
    for file in files:
        _load_file(file, state, objectives)
    if state.header is None:
        return None, state.problems
    bank = Bank(
        id=state.header.id,
        title=state.header.title,
        language=state.header.language,
        items=state.items,
        paths=files,
    )
    return bank, state.problems


@dataclass
class _Header:
    id: str
    title: str
    language: str
    where: str


@dataclass
class _BankState:
    header: _Header | None = None
    items: list[Item] = field(default_factory=list)
    first_seen: dict[str, tuple[Path, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    facts: FactBook = field(default_factory=FactBook)
    """The course's facts, for ``faits:`` and the ``[[fait:…]]`` placeholders of item text."""


def _load_file(file: Path, state: _BankState, objectives: set[str] | None) -> None:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        state.problems.append(Problem(file, None, NOT_UTF8, NOT_UTF8_HINT))
        return
    try:
        doc = load_yaml(text, file)
    except ProblemError as error:
        state.problems.extend(error.problems)
        return
    report = _Reporter(doc, state.problems, state.facts)
    data = doc.data
    if not isinstance(data, dict):
        report((), NOT_A_MAPPING, NOT_A_MAPPING_HINT)
        return
    report.unknown_keys((), data, TOP_KEYS, "le fichier de banque")
    if not _read_header(data.get("bank"), report, state):
        return
    items = data.get("items")
    if not isinstance(items, list):
        report(("items",) if "items" in data else (), NO_ITEMS, NO_ITEMS_HINT)
        return
    for index, raw in enumerate(items):
        item = _ItemReader(report, index, raw, objectives).read()
        if item is None:
            continue
        if item.id in state.first_seen:
            first_file, first_line = state.first_seen[item.id]
            # Files of a bank are siblings: the name is enough, and stays right when the
            # caller shows paths relative to another root.
            first = (
                f"ligne {first_line}"
                if first_file == file
                else f"en {first_file.name}:{first_line}"
            )
            report(
                ("items", index, "id"),
                DUPLICATE_ITEM.format(id=item.id, first=first),
                DUPLICATE_ITEM_HINT,
            )
            continue
        state.first_seen[item.id] = (file, item.line)
        state.items.append(item)


def _read_header(raw: Any, report: _Reporter, state: _BankState) -> bool:
    if not isinstance(raw, dict):
        report(("bank",) if raw is not None else (), NO_HEADER, NO_HEADER_HINT)
        return False
    report.unknown_keys(("bank",), raw, BANK_KEYS, "l'en-tête « bank: »")
    bank_id = raw.get("id")
    if not isinstance(bank_id, str) or not bank_id:
        report(("bank",), MISSING_KEY.format(where="l'en-tête « bank: »", key="id"), NO_HEADER_HINT)
        return False
    if not _ID.match(bank_id):
        report(("bank", "id"), BAD_ID.format(where="la banque", id=bank_id), BAD_ID_HINT)
        return False
    where = f"{report.doc.path.name}:{report.doc.line('bank', 'id')}"
    if state.header is None:
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            report(
                ("bank",),
                MISSING_KEY.format(where="l'en-tête « bank: »", key="title"),
                'ajoutez « title: "…" »',
            )
            title = bank_id
        language = raw.get("language", "fr")
        state.header = _Header(bank_id, title, str(language), where)
    elif bank_id != state.header.id:
        report(
            ("bank", "id"),
            HEADER_MISMATCH.format(id=bank_id, first=state.header.id, where=state.header.where),
            HEADER_MISMATCH_HINT,
        )
        return False
    return True


@dataclass
class _Reporter:
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


class _ItemReader:
    """Checks one raw item and builds it; every mistake goes to the reporter."""

    def __init__(
        self, report: _Reporter, index: int, raw: Any, objectives: set[str] | None
    ) -> None:
        self.report = report
        self.base: KeyPath = ("items", index)
        self.raw = raw
        self.objectives = objectives
        self.ok = True
        self.label = f"la question nº {index + 1}"

    def problem(self, keys: KeyPath, message: str, hint: str = "") -> None:
        self.ok = False
        self.report((*self.base, *keys), message, hint)

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
        elif not isinstance(item_id, str) or not _ID.match(item_id):
            self.problem(("id",), BAD_ID.format(where=self.label, id=item_id), BAD_ID_HINT)
        else:
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
            if fact is None:
                self.problem(
                    ("faits", index),
                    f"{self.label}\u00a0: {UNKNOWN_FACT.format(id=fact_id)}",
                    self.report.facts.unknown_hint(fact_id),
                )
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

    def _objectives(self, raw: Mapping[str, Any]) -> list[str] | None:
        if "objectives" not in raw:
            self.problem((), NO_OBJECTIVES.format(item=self.label), NO_OBJECTIVES_HINT)
            return None
        objectives = self._strings(raw, "objectives")
        if objectives is None:
            return None
        if not objectives:
            self.problem(("objectives",), NO_OBJECTIVES.format(item=self.label), NO_OBJECTIVES_HINT)
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
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
            self.problem(
                ("difficulty",),
                BAD_DIFFICULTY.format(item=self.label, value=repr(value)),
                DIFFICULTY_HINT,
            )
            return None
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
        text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
        match = _DATE.match(text)
        valid = match is not None
        if match is not None:
            year, month, day = (int(part) if part else None for part in match.groups())
            try:
                dt.date(year or 0, month or 1, day or 1)
            except ValueError:
                valid = False
        if not valid:
            self.problem(
                ("source", "date"), BAD_DATE.format(item=self.label, value=value), BAD_DATE_HINT
            )
            return None
        return text

    # -- type-specific keys ------------------------------------------------------------------

    def _options(self, raw: Mapping[str, Any]) -> list[Option] | None:
        value = raw.get("options")
        if not isinstance(value, list):
            if value is not None:
                self.problem(
                    ("options",), NOT_A_LIST.format(key="options", item=self.label), NOT_A_LIST_HINT
                )
                return None
            value = []
        if len(value) < 2:
            self.problem(
                ("options",) if "options" in raw else (),
                TOO_FEW.format(item=self.label, count=len(value), what="option(s)"),
                TOO_FEW_HINT.format(
                    what="des options sous « options: », chacune avec « id » et « text »"
                ),
            )
        options: list[Option] = []
        first_line: dict[str, int] = {}
        for index, entry in enumerate(value):
            keys: KeyPath = ("options", index)
            where = f"l'option {index + 1} de {self.label}"
            if not isinstance(entry, dict):
                self.problem(keys, f"{where} doit avoir « id » et « text »", "écrivez « - id: a »")
                continue
            if not self.report.unknown_keys((*self.base, *keys), entry, OPTION_KEYS, where):
                self.ok = False
            option_id = self._text(entry, "id", where, keys=keys)
            text = self._text(entry, "text", where, keys=keys)
            feedback = self._text(entry, "feedback", where, required=False, keys=keys) or ""
            correct = entry.get("correct", False)
            if not isinstance(correct, bool):
                self.problem(
                    (*keys, "correct"), NOT_BOOL.format(key="correct", where=where), NOT_BOOL_HINT
                )
                continue
            if option_id is None or text is None:
                continue
            line = self.report.doc.line(*self.base, *keys, "id") or 0
            if option_id in first_line:
                self.problem(
                    (*keys, "id"),
                    DUPLICATE_OPTION.format(
                        item=self.label, id=option_id, first=first_line[option_id]
                    ),
                    DUPLICATE_OPTION_HINT,
                )
                continue
            first_line[option_id] = line
            options.append(Option(id=option_id, text=text, correct=correct, feedback=feedback))
        if value and not any(option.correct for option in options):
            self.problem(("options",), NO_CORRECT.format(item=self.label), NO_CORRECT_HINT)
        return options

    def _single(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        options = self._options(raw)
        if options is None:
            return None
        correct = [option.id for option in options if option.correct]
        if len(correct) > 1:
            self.problem(
                ("options",),
                MANY_CORRECT.format(
                    item=self.label, count=len(correct), ids=", ".join(map(repr, correct))
                ),
                MANY_CORRECT_HINT,
            )
        return {"options": options}

    def _multiple(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        options = self._options(raw)
        return None if options is None else {"options": options}

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
            if option not in TRUE_FALSE_OPTIONS:
                self.problem(
                    ("option_feedback", key),
                    UNKNOWN_OPTION.format(item=self.label, option=key),
                    UNKNOWN_OPTION_HINT,
                )
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
        if "answers" not in raw:
            self.problem((), NO_ANSWERS.format(item=self.label), NO_ANSWERS_HINT)
            return None
        answers = self._strings(raw, "answers")
        if answers is None:
            return None
        if not answers:
            self.problem(("answers",), NO_ANSWERS.format(item=self.label), NO_ANSWERS_HINT)
        for index, answer in enumerate(answers):
            if not normalize_answer(answer):
                self.problem(
                    ("answers", index),
                    EMPTY_ANSWER.format(item=self.label, answer=answer),
                    EMPTY_ANSWER_HINT,
                )
        return {"answers": answers}

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
        if tolerance is not None and tolerance < 0:
            self.problem(
                ("tolerance",),
                NEGATIVE_TOLERANCE.format(item=self.label, value=raw["tolerance"]),
                NEGATIVE_TOLERANCE_HINT,
            )
        unit = self._text(raw, "unit", self.label, required=False) or ""
        if answer is None or tolerance is None:
            return None
        return {"answer": answer, "tolerance": tolerance, "unit": unit}

    def _distinct(self, texts: list[str], key: str, what: str) -> None:
        seen: set[str] = set()
        for index, text in enumerate(texts):
            if text in seen:
                self.problem(
                    (key, index),
                    DUPLICATE_TEXT.format(item=self.label, what=what, text=text),
                    DUPLICATE_TEXT_HINT.format(what=what),
                )
            seen.add(text)

    def _matching(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        value = raw.get("pairs")
        if value is not None and not isinstance(value, list):
            self.problem(
                ("pairs",), NOT_A_LIST.format(key="pairs", item=self.label), NOT_A_LIST_HINT
            )
            return None
        value = value or []
        if len(value) < 2:
            self.problem(
                ("pairs",) if "pairs" in raw else (),
                TOO_FEW.format(item=self.label, count=len(value), what="paire(s)"),
                TOO_FEW_HINT.format(
                    what="des paires sous « pairs: », chacune avec « left » et « right »"
                ),
            )
        pairs: list[Pair] = []
        for index, entry in enumerate(value):
            keys: KeyPath = ("pairs", index)
            where = f"la paire {index + 1} de {self.label}"
            if not isinstance(entry, dict):
                self.problem(
                    keys, f"{where} doit avoir « left » et « right »", "écrivez « - left: … »"
                )
                continue
            if not self.report.unknown_keys((*self.base, *keys), entry, PAIR_KEYS, where):
                self.ok = False
            left = self._text(entry, "left", where, keys=keys)
            right = self._text(entry, "right", where, keys=keys)
            if left is not None and right is not None:
                pairs.append(Pair(left=left, right=right))
        self._distinct([pair.left for pair in pairs], "pairs", "le texte de gauche")
        return {"pairs": pairs}

    def _ordering(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        steps = self._strings(raw, "sequence") if "sequence" in raw else []
        if steps is None:
            return None
        if len(steps) < 2:
            self.problem(
                ("sequence",) if "sequence" in raw else (),
                TOO_FEW.format(item=self.label, count=len(steps), what="étape(s)"),
                TOO_FEW_HINT.format(what="des étapes sous « sequence: », dans le bon ordre"),
            )
        self._distinct(steps, "sequence", "l'étape")
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
