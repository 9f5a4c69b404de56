"""Read question banks (``exercises/<bank>/*.yml``) and report every author mistake as a problem.

:func:`load_bank` never raises for a mistake in a bank: it returns the problems, each
``path:line: what is wrong — how to fix it``. It keeps no state between calls, so the course
checker may call it from several threads at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edukit._problems import Problem, ProblemError
from edukit._yaml import load_yaml
from edukit.course import FactBook, find_facts
from edukit.quiz._item_reader import MISSING_KEY, ItemReader, Reporter
from edukit.quiz._model import Bank, Item
from edukit.quiz._rules import BAD_ID, BAD_ID_HINT, ID_PATTERN

__all__ = ["load_bank"]

TOP_KEYS = ("bank", "items")
BANK_KEYS = ("id", "title", "language")

# Messages, matched exactly by the tests.
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
DUPLICATE_ITEM = "l'identifiant de question « {id} » est utilisé deux fois (d'abord {first})"
DUPLICATE_ITEM_HINT = "donnez à chaque question son propre identifiant"


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
    report = Reporter(doc, state.problems, state.facts)
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
        item = ItemReader(report, index, raw, objectives).read()
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


def _read_header(raw: Any, report: Reporter, state: _BankState) -> bool:
    if not isinstance(raw, dict):
        report(("bank",) if raw is not None else (), NO_HEADER, NO_HEADER_HINT)
        return False
    report.unknown_keys(("bank",), raw, BANK_KEYS, "l'en-tête « bank: »")
    bank_id = raw.get("id")
    if not isinstance(bank_id, str) or not bank_id:
        report(("bank",), MISSING_KEY.format(where="l'en-tête « bank: »", key="id"), NO_HEADER_HINT)
        return False
    if not ID_PATTERN.match(bank_id):
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
