"""Paper versions of the two tests: forms, form codes, and answers typed back from a CSV file.

A **paper form** is the positioning test (``positionnement``) or the final evaluation
(``evaluation-finale``) as the site draws it (the lesson's ``edukit-quiz`` block with that
``purpose``), with its questions and options in an order fixed by a **form code** printed on
every page, such as ``POS-3K7QX``:

- ``POS`` / ``EVF``: the test;
- three characters: the seed of the order (``000`` keeps the order of the site);
- one character that fingerprints the items of the test (ids, options), so that a code
  printed before the banks changed is refused instead of being read with the wrong key;
- one check character (Luhn mod 32), so that a mistyped code is caught.

The characters are Crockford's base 32 (no I, L, O, U); ``O`` is read as ``0``, ``I`` and
``L`` as ``1``. :func:`form_from_code` rebuilds a form from its code and the test's items.

The trainer types a sheet's answers into a CSV file (:data:`CSV_FORMAT`), which
:mod:`edukit.quiz._paper_csv` reads back into :class:`PaperSheet` objects. Pure logic: no PDF,
HTML or widget here.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from edukit._problems import Problem, ProblemError, Severity
from edukit.quiz._course_draw import (
    ALL_BANKS,
    BANKS_FOLDER,
    CourseDrawError,
    bank_folders,
    draw_per_objective,
    merge_banks,
    select_objectives,
)
from edukit.quiz._draw import DrawError, draw
from edukit.quiz._loader import load_bank
from edukit.quiz._model import (
    Bank,
    Item,
    MatchingItem,
    MultipleItem,
    OrderingItem,
    SingleItem,
    TrueFalseItem,
)

__all__ = [
    "CSV_FORMAT",
    "FORMS",
    "FORM_TITLES",
    "FormCodeError",
    "PaperChoice",
    "PaperCsvError",
    "PaperForm",
    "PaperQuestion",
    "PaperSheet",
    "form_code",
    "form_from_code",
    "load_paper_tests",
    "paper_form",
    "parse_form_code",
]

FORMS: Final = {"positionnement": "POS", "evaluation-finale": "EVF"}
"""The two tests that have a paper version, with the prefix of their form codes."""
FORM_TITLES: Final = {
    "positionnement": "Test de positionnement",
    "evaluation-finale": "Évaluation finale",
}
CSV_FORMAT: Final = (
    "Une ligne d'en-tête « apprenant;code;q1;q2;… », puis une ligne par feuille : le prénom ou "
    "le pseudonyme, le code de forme imprimé en haut de la feuille (par exemple POS-3K7QX), "
    "puis la réponse à chaque question dans l'ordre de la feuille : une lettre (B), plusieurs "
    "lettres pour une question à plusieurs réponses (A+C), les lettres dans l'ordre pour une "
    "question « remettre dans l'ordre » (CABD), une lettre par ligne pour une question "
    "« associer » (BAC), le texte écrit pour une réponse libre ; une case vide si la personne "
    "n'a pas répondu. Séparateur ; , ou tabulation ; encodage UTF-8 (avec ou sans BOM, comme l'écrit "
    "Excel)."
)
"""The paper CSV format, in French, as the trainer guide gives it."""

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SEED_CHARS: Final = 3
MAX_SEED: Final = len(ALPHABET) ** _SEED_CHARS - 1
_READ_AS: Final = {"O": "0", "I": "1", "L": "1"}
_CODE = re.compile(r"^([A-Z]{3})-?([0-9A-Z]{5})$")
_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TRUE_FALSE: Final = (("true", "Vrai"), ("false", "Faux"))
_HINT_CODE: Final = (
    "recopiez le code imprimé en haut de chaque page de la feuille (par exemple POS-3K7QX)"
)


@dataclass(frozen=True)
class PaperChoice:
    """One lettered line of a paper question: an option, ``Vrai``/``Faux``, a step, a right text.

    ``id`` is what the answer holds: the option id (``single``, ``multiple``), ``"true"`` or
    ``"false"`` (``true_false``), the step's text (``ordering``), the right text (``matching``).
    """

    letter: str
    id: str
    text: str


@dataclass(frozen=True)
class PaperQuestion:
    """One numbered question of a paper form, its choices in their printed order."""

    number: int
    item: Item
    choices: tuple[PaperChoice, ...] = ()
    lefts: tuple[str, ...] = ()
    """The texts to match, numbered 1, 2… on the sheet (``matching`` only)."""

    def choice(self, letter: str) -> PaperChoice | None:
        return next((choice for choice in self.choices if choice.letter == letter), None)


@dataclass(frozen=True)
class PaperForm:
    """A test as printed: its form code and its questions in the printed order."""

    form: str
    code: str
    seed: int
    questions: tuple[PaperQuestion, ...]

    @property
    def title(self) -> str:
        return FORM_TITLES[self.form]


@dataclass(frozen=True)
class PaperSheet:
    """One paper sheet typed back: who, which test and form, and the answers per item id.

    ``answers`` maps every item id of the form to the chosen option ids (see
    :class:`PaperChoice` for what an id is per question type; the written text for ``short``
    and ``numeric``); an empty list when the question was left blank.
    :func:`answer_for_grading` turns one into what :func:`edukit.quiz.grade` takes.
    """

    learner: str
    form: str
    form_code: str
    answers: dict[str, list[str]]
    source_line: int


class FormCodeError(ValueError):
    """A form code that cannot be used; the message says why in French, ``hint`` how to fix."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint or _HINT_CODE


class PaperCsvError(ProblemError):
    """A paper CSV file with mistakes: ``problems`` has one French ``file:line`` message for
    each, and ``sheets`` the rows that were read without a mistake."""

    def __init__(self, problems: Sequence[Problem], sheets: Sequence[PaperSheet] = ()) -> None:
        super().__init__(problems)
        self.sheets = list(sheets)


# -- form codes ---------------------------------------------------------------------------------


def _value(character: str) -> int:
    return ALPHABET.index(character)


def _luhn_check(values: Sequence[int]) -> int:
    """The Luhn mod 32 check value of ``values`` (catches one wrong or two swapped characters)."""
    total, factor = 0, 2
    for value in reversed(values):
        addend = factor * value
        total += addend // len(ALPHABET) + addend % len(ALPHABET)
        factor = 1 if factor == 2 else 2
    return (len(ALPHABET) - total % len(ALPHABET)) % len(ALPHABET)


def _prefix_values(prefix: str) -> list[int]:
    return [_LETTERS.index(letter) % len(ALPHABET) for letter in prefix]


def _fingerprint(form: str, items: Sequence[Item]) -> str:
    """One character that changes when the items, their order or their options change."""
    parts: list[str] = [form]
    for item in items:
        parts.append(f"{item.type}:{item.id}")
        if isinstance(item, SingleItem | MultipleItem):
            parts.extend(option.id for option in item.options)
        elif isinstance(item, OrderingItem):
            parts.extend(item.sequence)
        elif isinstance(item, MatchingItem):
            parts.extend(f"{pair.left}→{pair.right}" for pair in item.pairs)
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return ALPHABET[digest[0] % len(ALPHABET)]


def form_code(form: str, seed: int, items: Sequence[Item]) -> str:
    """The code printed on a form of test ``form`` with order ``seed``.

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> items = [TrueFalseItem(id="q1", prompt="?", objectives=["l01-o1"], answer=True,
    ...     source=Source(title="t", date="2024"))]
    >>> code = form_code("positionnement", 0, items)
    >>> code[:7], parse_form_code(code)
    ('POS-000', ('positionnement', 0))
    """
    if form not in FORMS:
        raise ValueError(f"unknown test {form!r}: use {', '.join(FORMS)}")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"the seed of a form is 0 to {MAX_SEED}, not {seed}")
    prefix = FORMS[form]
    digits = "".join(
        ALPHABET[(seed // len(ALPHABET) ** power) % len(ALPHABET)]
        for power in reversed(range(_SEED_CHARS))
    )
    body = digits + _fingerprint(form, items)
    check = _luhn_check(_prefix_values(prefix) + [_value(c) for c in body])
    return f"{prefix}-{body}{ALPHABET[check]}"


def normalize_code(code: str) -> str:
    """The code as printed: capitals, no spaces, ``O``→``0`` and ``I``/``L``→``1`` after the dash.

    Examples
    --------
    >>> normalize_code(" pos 3k7qx ")
    'POS-3K7QX'
    """
    text = re.sub(r"[\s_]", "", code).upper()
    match = re.fullmatch(r"([A-Z]{3})-?(.*)", text)
    if not match:
        return text
    body = "".join(_READ_AS.get(character, character) for character in match.group(2))
    return f"{match.group(1)}-{body}"


def _code_problem(code: str) -> str | None:
    """Why ``code`` (normalized) is not a well-formed form code, in French; None when it is."""
    match = _CODE.fullmatch(code)
    prefixes = " ou ".join(f"{prefix}-" for prefix in FORMS.values())
    if not match or any(character not in ALPHABET for character in match.group(2)):
        return f"le code de forme « {code} » n'a pas la forme attendue ({prefixes} puis 5 signes)"
    prefix, body = match.groups()
    if prefix not in FORMS.values():
        return f"le code de forme « {code} » ne commence ni par {prefixes}"
    values = _prefix_values(prefix) + [_value(c) for c in body]
    if _luhn_check(values[:-1]) != values[-1]:
        return f"le code de forme « {code} » est mal recopié (sa clé de contrôle ne correspond pas)"
    return None


def parse_form_code(code: str) -> tuple[str, int]:
    """The test and the seed of a form code; ``ValueError`` (French message) when it is wrong.

    Examples
    --------
    >>> parse_form_code("POS-00000")
    Traceback (most recent call last):
    ...
    edukit.quiz._paper.FormCodeError: le code de forme « POS-00000 » est mal recopié (sa clé de contrôle ne correspond pas)
    """
    code = normalize_code(code)
    problem = _code_problem(code)
    if problem:
        raise FormCodeError(problem)
    prefix, body = code.split("-")
    form = next(name for name, value in FORMS.items() if value == prefix)
    seed = 0
    for character in body[:_SEED_CHARS]:
        seed = seed * len(ALPHABET) + _value(character)
    return form, seed


def paper_form(form: str, items: Sequence[Item], seed: int) -> PaperForm:
    """The paper form of test ``form`` (its items as the site draws them) in the order ``seed``.

    Seed 0 keeps the items and options in the site's order; any other seed shuffles both, the
    same way for the same items and seed. ``Vrai``/``Faux`` always read A/B. The steps of an
    ``ordering`` question and the right texts of a ``matching`` one are always shuffled (their
    source order is the answer).
    """
    code = form_code(form, seed, items)
    ordered = list(items)
    if seed:
        random.Random(f"paper:{form}:{seed}:questions").shuffle(ordered)
    questions = []
    for number, item in enumerate(ordered, start=1):
        rng = random.Random(f"paper:{form}:{seed}:{item.id}")
        lefts: tuple[str, ...] = ()
        pairs: list[tuple[str, str]]
        if isinstance(item, SingleItem | MultipleItem):
            pairs = [(option.id, option.text) for option in item.options]
            if seed:
                rng.shuffle(pairs)
        elif isinstance(item, TrueFalseItem):
            pairs = list(_TRUE_FALSE)
        elif isinstance(item, OrderingItem):
            pairs = [(step, step) for step in item.sequence]
            _scramble(pairs, rng)
        elif isinstance(item, MatchingItem):
            lefts = tuple(pair.left for pair in item.pairs)
            rights = list(dict.fromkeys(pair.right for pair in item.pairs))
            pairs = [(right, right) for right in rights]
            _scramble(pairs, rng)
        else:
            pairs = []
        choices = tuple(
            PaperChoice(_LETTERS[index], choice_id, text)
            for index, (choice_id, text) in enumerate(pairs)
        )
        questions.append(PaperQuestion(number, item, choices, lefts))
    return PaperForm(form, code, seed, tuple(questions))


def _scramble(pairs: list[tuple[str, str]], rng: random.Random) -> None:
    """Shuffle so that the order differs from the source one whenever it can."""
    source = list(pairs)
    for _ in range(8):
        rng.shuffle(pairs)
        if pairs != source or len(set(source)) < 2:
            return


def form_from_code(code: str, tests: Mapping[str, Sequence[Item]]) -> PaperForm:
    """Rebuild the printed form from its code and the tests' items (:func:`load_paper_tests`).

    Raises
    ------
    FormCodeError
        A ``ValueError`` with a French message and a ``hint``: a malformed or mistyped code, a test that is not in ``tests``,
        or a code printed from other banks (the items changed since it was printed).
    """
    code = normalize_code(code)
    form, seed = parse_form_code(code)
    if form not in tests:
        raise FormCodeError(
            f"le code de forme « {code} » est celui d'un test que la formation n'a pas "
            f"({FORM_TITLES[form]})",
            "vérifiez que la commande lit la bonne formation (dossier courses/ du dépôt)",
        )
    built = paper_form(form, tests[form], seed)
    if built.code != code:
        raise FormCodeError(
            f"le code de forme « {code} » a été imprimé avec d'autres questions que celles des "
            "banques actuelles",
            "saisissez ces feuilles avec la version des banques qui a servi à les imprimer "
            "(git checkout), ou faites repasser le test sur des feuilles réimprimées",
        )
    return built


# -- the tests of a course ----------------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~)\s*edukit-quiz\s*$")
_DRAW_KEYS: Final = ("count", "per_objective", "tags", "objectives", "difficulty", "seed")


def _quiz_blocks(path: Path) -> Iterator[tuple[int, str]]:
    """The ``edukit-quiz`` blocks of a Markdown page: (line of the opening fence, body)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index].strip())
        if not match:
            index += 1
            continue
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(match.group(1)):
            body.append(lines[index])
            index += 1
        yield start + 1, "\n".join(body)
        index += 1


def load_paper_tests(root: Path, forms: Sequence[str] | None = None) -> dict[str, list[Item]]:
    """The items of each test that has a paper version, as the site draws them.

    The first lesson page under ``root/courses`` (in path order) with an ``edukit-quiz`` block
    whose ``purpose`` is ``positionnement`` (or ``evaluation-finale``) gives the test: its
    banks and its draw, made as the site makes it. A test no page has is left out; with
    ``forms``, only those tests are drawn (the others' blocks are not even read).

    Raises
    ------
    ProblemError
        A bank with errors, or a block whose draw cannot be made (``file:line``).
    """
    from edukit._yaml import load_yaml

    tests: dict[str, list[Item]] = {}
    banks: dict[tuple[Path, ...], Bank] = {}
    for page in sorted((root / "courses").rglob("*.md")):
        for line, body in _quiz_blocks(page):
            try:
                data = load_yaml(body, page, line_offset=line).data
            except ProblemError:
                continue  # the site build reports broken blocks
            if not isinstance(data, dict) or data.get("purpose") not in FORMS:
                continue
            form = str(data["purpose"])
            if form in tests or (forms is not None and form not in forms):
                continue
            tests[form] = _block_items(root, page, line, data, banks)
    return {form: tests[form] for form in FORMS if form in tests}


def _block_items(
    root: Path, page: Path, line: int, data: dict[str, Any], banks: dict[tuple[Path, ...], Bank]
) -> list[Item]:
    def fail(message: str, hint: str = "") -> ProblemError:
        return ProblemError([Problem(page, line, message, hint)])

    value = data.get("banks", data.get("bank"))
    if value == ALL_BANKS:
        paths = bank_folders(root / BANKS_FOLDER)
    elif isinstance(value, str):
        paths = [root / value]
    elif isinstance(value, list) and all(isinstance(entry, str) for entry in value):
        paths = [root / entry for entry in value]
    else:
        raise fail("le bloc edukit-quiz ne nomme aucune banque", "ajoutez bank: ou banks:")
    key = tuple(path.resolve() for path in paths)
    if key not in banks:
        loaded = []
        for path in paths:
            bank, problems = load_bank(path)
            errors = [p for p in problems if p.severity is Severity.ERROR]
            if bank is None or errors:
                raise ProblemError(errors or problems)
            loaded.append(bank)
        if not loaded:
            raise fail(f"aucune banque de questions dans {BANKS_FOLDER}/")
        many = "banks" in data
        banks[key] = (
            merge_banks(loaded, bank_id=ALL_BANKS if value == ALL_BANKS else None)
            if many
            else loaded[0]
        )
    bank = banks[key]
    options = data.get("draw") or {}
    if not isinstance(options, dict):
        raise fail("'draw' doit contenir des clés", "écrivez draw: {count: 5, seed: 1}")
    unknown = sorted(set(options) - set(_DRAW_KEYS))
    if unknown:  # a draw the paper forms would not make as the site does: never guess
        raise fail(
            f"la clé de tirage « {unknown[0]} » est inconnue des versions papier",
            f"utilisez {', '.join(_DRAW_KEYS)}, ou apprenez-la à "
            "edukit.quiz._paper.load_paper_tests",
        )
    seed = options.get("seed", 0)
    tags, selectors = options.get("tags"), options.get("objectives")
    difficulty = options.get("difficulty")
    try:
        if options.get("per_objective") is not None:
            return draw_per_objective(
                bank,
                per_objective=options["per_objective"],
                tags=tags,
                objectives=selectors,
                difficulty=difficulty,
                seed=seed,
            )
        known = {objective for item in bank.items for objective in item.objectives}
        chosen = select_objectives(selectors, known) if selectors else None
        return draw(
            bank,
            count=options.get("count"),
            tags=tags,
            objectives=chosen,
            difficulty=difficulty,
            seed=seed,
        )
    except (CourseDrawError, DrawError) as error:
        raise fail(f"le tirage du test est impossible : {error}") from None
