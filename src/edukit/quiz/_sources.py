"""The bank a quiz spec names, loaded: from a repository (site blocks) or near a notebook.

A site block names banks from the repository root and must stay inside it
(:func:`repository_bank`); a notebook names them from its own folder or a parent, or from the
course shipped with edukit (:func:`notebook_bank`). Both merge several banks into one and
refuse an item id used by two banks (answers are saved per item id).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from edukit._cache import Memo, content_key, files_digest
from edukit._problems import Problem, ProblemError, Severity
from edukit.course import FACTS_FILE, course_root, find_facts
from edukit.quiz._course_draw import (
    ALL_BANKS,
    BANKS_FOLDER,
    CourseDrawError,
    bank_folders,
    merge_banks,
)
from edukit.quiz._loader import load_bank
from edukit.quiz._model import Bank
from edukit.quiz._spec import QuizSpec, QuizSpecError, SpecIssue

__all__ = [
    "ALL_BANKS_TITLE",
    "LOADED_BANKS",
    "QuizSourceError",
    "bank_inputs",
    "notebook_bank",
    "repository_bank",
]

ALL_BANKS_TITLE = "Questions de tout le cours"

# Notes shown in the cell (learners and trainers read them: French).
BANK_NOT_FOUND = (
    "la banque de questions « {bank} » est introuvable (cherchée depuis {cwd} et ses dossiers "
    "parents). Donnez le chemin d'un dossier de banque, par exemple exercises/provenance, ou "
    "d'un fichier .yml."
)
BANK_HAS_PROBLEMS = (
    "la banque de questions « {bank} » contient {count} erreur(s) ; corrigez-la "
    "(la commande « edukit check » les liste toutes) :\n{problems}"
)
NO_BANKS = (
    "aucune banque de questions trouvée : le dossier {folder} est introuvable ou vide (cherché "
    "depuis {cwd} et ses dossiers parents)."
)
SAME_ITEM_ID = (
    "la question « {item} » existe dans plusieurs banques ({banks}) : les réponses sont "
    "enregistrées par identifiant de question, donnez-lui un identifiant unique dans le cours."
)


class QuizSourceError(ValueError):
    """A bank a notebook's quiz names that cannot be used; the message is a French note."""


def _merged(banks: Sequence[Bank], every: bool) -> Bank:
    return merge_banks(
        banks,
        bank_id=ALL_BANKS if every else None,
        title=ALL_BANKS_TITLE if every else "",
    )


# -- site blocks: from the repository root ---------------------------------------------------

LOADED_BANKS: Memo[tuple[Bank | None, list[Problem]]] = Memo(size=64)
"""Banks loaded for blocks, keyed on the bank files' content: many blocks share a bank."""


def repository_bank(spec: QuizSpec, root: Path) -> Bank:
    """The bank of a block's spec, its paths taken from the repository ``root``.

    Raises
    ------
    QuizSpecError
        A path outside the repository or that does not exist, ``banks: all`` with no bank
        folder, an item id in two banks (each issue names the block key to fix).
    ProblemError
        The bank files' own mistakes, ``path:line`` relative to ``root``.
    """
    root = root.resolve()
    if isinstance(spec.bank, Bank):
        return spec.bank
    if spec.bank is not None:
        return _load_in(root, _inside(root, spec.bank, ("bank",)), ("bank",))
    if spec.banks == ALL_BANKS:
        paths: list[Path | Bank] = list(bank_folders(root / BANKS_FOLDER))
        if not paths:
            message = f"'banks: all' found no bank folder in {BANKS_FOLDER}/"
            raise QuizSpecError([SpecIssue(("banks",), message)])
        keys: list[tuple[str | int, ...]] = [("banks",)] * len(paths)
    else:
        entries = list(spec.banks or [])
        keys = [("banks", index) for index in range(len(entries))]
        paths = [_inside(root, entry, key) for entry, key in zip(entries, keys, strict=True)]
    loaded = [_load_in(root, path, key) for path, key in zip(paths, keys, strict=True)]
    try:
        return _merged(loaded, spec.banks == ALL_BANKS)
    except CourseDrawError as error:
        raise QuizSpecError([SpecIssue(("banks",), str(error))]) from None


def _inside(root: Path, entry: str | Path | Bank, key: tuple[str | int, ...]) -> Path | Bank:
    if isinstance(entry, Bank):
        return entry
    path = (root / entry).resolve()
    if not path.is_relative_to(root):
        message = f"the bank '{entry}' is outside the repository"
        raise QuizSpecError([SpecIssue(key, message, "use exercises/…")])
    return path


def _load_in(root: Path, path: Path | Bank, key: tuple[str | int, ...]) -> Bank:
    if isinstance(path, Bank):
        return path
    # Item text resolves the course's [[fait:…]] placeholders: the facts file is an input too.
    facts = files_digest([find_facts(path).path])
    memo_key = content_key("bank", path.as_posix(), files_digest([path]), facts)
    bank, problems = LOADED_BANKS.get_or_compute(memo_key, lambda: load_bank(path))
    errors = [p.relative_to(root) for p in problems if p.severity is Severity.ERROR]
    if bank is None and not path.exists():
        message = f"the bank '{path.relative_to(root).as_posix()}' does not exist"
        hint = "give a bank folder (exercises/<bank>) or a .yml file, from the repository root"
        raise QuizSpecError([SpecIssue(key, message, hint)])
    if bank is None or errors:
        raise ProblemError(errors)
    return bank


def bank_inputs(spec: QuizSpec, root: Path) -> list[str] | None:
    """What a block reads besides its YAML: a digest of its bank files and the course facts,
    by content (for the block cache); ``None`` when a path leaves the repository."""
    root = root.resolve()
    entries = [spec.bank] if spec.bank is not None else spec.banks
    if entries == ALL_BANKS:
        paths = [root / BANKS_FOLDER]
    else:
        paths = [(root / entry).resolve() for entry in entries or [] if not isinstance(entry, Bank)]
    if not all(path.is_relative_to(root) for path in paths):
        return None
    return [files_digest([*paths, root / FACTS_FILE], base=root)]


# -- notebooks: from the current folder, its parents, or the course shipped with edukit -------


def notebook_bank(spec: QuizSpec) -> Bank:
    """The bank of a notebook quiz's spec: each path as given, else under the nearest parent of
    the current folder that has it, else in the course shipped with edukit.

    Raises
    ------
    QuizSourceError
        With a French note for the cell: a bank not found, a bank with mistakes (the first
        five, ``path:line``), no bank folder for ``banks="all"``, an item id in two banks.
    """
    if spec.bank is not None:
        return _load_near(spec.bank)
    if spec.banks == ALL_BANKS:
        folder = find_bank(Path(BANKS_FOLDER))
        entries: list[str | Path | Bank] = [] if folder is None else list(bank_folders(folder))
        if not entries:
            raise QuizSourceError(NO_BANKS.format(folder=BANKS_FOLDER, cwd=Path.cwd()))
    else:
        entries = list(spec.banks or [])
    loaded = [_load_near(entry) for entry in entries]
    try:
        return _merged(loaded, spec.banks == ALL_BANKS)
    except CourseDrawError as error:
        item, owners = error.duplicates[0]
        raise QuizSourceError(SAME_ITEM_ID.format(item=item, banks=", ".join(owners))) from None


def _load_near(bank: str | Path | Bank) -> Bank:
    if isinstance(bank, Bank):
        return bank
    found = find_bank(Path(str(bank)))
    loaded, problems = (None, []) if found is None else load_bank(found)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if found is None or (loaded is None and not errors):
        raise QuizSourceError(BANK_NOT_FOUND.format(bank=bank, cwd=Path.cwd()))
    if loaded is None or errors:
        shown = [str(problem.relative_to(Path.cwd())) for problem in errors[:5]]
        if len(errors) > 5:
            shown.append(f"… et {len(errors) - 5} autre(s)")
        raise QuizSourceError(
            BANK_HAS_PROBLEMS.format(bank=bank, count=len(errors), problems="\n".join(shown))
        )
    return loaded


def find_bank(path: Path) -> Path | None:
    """``path`` as given, under the nearest parent folder of the current one that has it, or in
    the course shipped with edukit."""
    if path.is_absolute():
        return path if path.exists() else None
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / path).exists():
            return folder / path
    # A notebook downloaded into an empty folder: the course shipped with edukit.
    root = course_root()
    if root is not None and (root / path).exists():
        return root / path
    return None
