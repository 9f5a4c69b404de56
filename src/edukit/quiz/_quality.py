"""Bank quality: the cues that let a learner score without knowing, found item by item.

:func:`item_warnings` looks at one item; :func:`bank_warnings` at the items of one bank;
:func:`longest_correct_errors` at a whole pool (a test form, or every bank). Each finding is a
:class:`~edukit._problems.Problem` at the item's ``file:line`` with the fix, in French.

The rules, as ``edukit check`` applies them:

- **Longest correct option** (``single`` items). The correct option is a *cue* when it is the
  longest by more than 10 % or by more than 8 characters (of its text, stripped) over the
  longest distractor: a warning on the item. A pool fails when more than 35 % of its
  ``single`` items have a correct option *strictly* longer than every distractor, by any margin
  (the measure an outside reviewer takes): an error for the test form, or for all the banks.
- **Same position** (per bank): every ``single`` item of a bank (3 or more) has its correct
  option at the same place in the source: a warning on the bank's first such item.
- **All / none of the above**: an option « toutes les réponses », « aucune de ces
  réponses » and their variants (propositions, ci-dessus, précédentes…): a warning.
- **Duplicate options**: two options whose normalised texts (case, accents, punctuation and
  spaces ignored) are equal or have a :class:`difflib.SequenceMatcher` ratio of 0.9 or more.
- **Missing feedback**: an option of a ``single`` or ``multiple`` item with no ``feedback``,
  or a ``true_false`` item without feedback for both ``true`` and ``false``.
- **Unmarked negation**: a stem with « ne … pas », « n'… pas », « sauf » or « jamais »
  where the negative word is neither in **bold** nor in CAPITALS.

Pure logic: no widget, no Jupyter, no MkDocs.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from edukit._problems import Problem, Severity
from edukit.quiz._model import Bank, Item, MultipleItem, Option, SingleItem, TrueFalseItem

__all__ = [
    "LONGEST_CHARS",
    "LONGEST_RATIO",
    "MAX_LONGEST_SHARE",
    "NEAR_DUPLICATE",
    "bank_warnings",
    "correct_is_longest",
    "correct_is_strictly_longest",
    "item_warnings",
    "longest_correct_errors",
    "quality_problems",
    "unmarked_negations",
]

LONGEST_RATIO: Final = 0.10
"""The correct option is a cue when longer than the longest distractor by more than 10 %…"""
LONGEST_CHARS: Final = 8
"""…or by more than 8 characters."""
MAX_LONGEST_SHARE: Final = 0.35
"""At most 35 % of a pool's ``single`` items may have the strictly longest correct option."""
NEAR_DUPLICATE: Final = 0.9
"""Two options at this :class:`difflib.SequenceMatcher` ratio or above are near-duplicates."""
MIN_POOL: Final = 5
"""The 35 % bar applies to pools of at least 5 ``single`` items: a share of fewer means little
(each item still gets its own warning)."""
SAME_POSITION_MIN: Final = 3
"""A bank needs this many ``single`` items before « always the same position » means anything."""

LONGEST = "la bonne réponse « {option} » est la plus longue ({correct} caractères contre {other})"
LONGEST_FIX = (
    "raccourcissez-la ou écrivez des distracteurs plausibles aussi détaillés : la longueur ne "
    "doit pas trahir la réponse"
)
SAME_POSITION = (
    "dans la banque « {bank} », les {count} questions à choix unique ont toutes la bonne "
    "réponse en position {position}"
)
SAME_POSITION_FIX = "placez la bonne réponse à des positions variées (1re, 2e, 3e, 4e…)"
ALL_OR_NONE = "l'option « {option} » est du type « toutes / aucune de ces réponses »"
ALL_OR_NONE_FIX = (
    "remplacez-la par un distracteur plausible : ce type d'option se devine sans connaître "
    "la réponse"
)
DUPLICATE = "les options « {first} » et « {second} » disent presque la même chose"
DUPLICATE_FIX = "réécrivez l'une des deux pour qu'elle corresponde à une autre erreur fréquente"
NO_FEEDBACK = "l'option « {options} » n'a pas de retour (feedback)"
NO_FEEDBACKS = "les options « {options} » n'ont pas de retour (feedback)"
NO_FEEDBACK_FIX = (
    "ajoutez 'feedback:' à chaque option : une ou deux phrases qui expliquent pourquoi elle est "
    "juste ou fausse"
)
NO_TRUE_FALSE_FEEDBACK = "la question vrai/faux n'a pas de retour pour « {missing} »"
NO_TRUE_FALSE_FEEDBACK_FIX = (
    "ajoutez 'option_feedback:' avec 'true: …' et 'false: …', qui expliquent la bonne réponse"
)
NEGATION = "l'énoncé contient une négation peu visible : « {words} »"
NEGATION_FIX = "mettez-la en gras (**pas**, **sauf**) ou en capitales (NE… PAS), ou tournez l'énoncé à l'affirmative"
LONGEST_SHARE = (
    "{pool} : la bonne réponse est la plus longue dans {count} questions à choix unique sur "
    "{total} ({percent} %, 35 % au plus)"
)
LONGEST_SHARE_FIX = (
    "rendez la bonne réponse plus courte qu'un distracteur dans au moins {needed} de ces "
    "questions : {items}"
)
_LISTED = 12


def _where(item: Item) -> tuple[Path, int | None]:
    return item.source_path, item.line or None


def _warning(item: Item, message: str, hint: str) -> Problem:
    path, line = _where(item)
    return Problem(path, line, message, hint, Severity.WARNING)


def _length(option: Option) -> int:
    return len(" ".join(option.text.split()))


def _margins(item: SingleItem) -> tuple[Option, int, int] | None:
    """(correct option, its length, the longest distractor's length), if the item has both."""
    correct = [option for option in item.options if option.correct]
    distractors = [option for option in item.options if not option.correct]
    if len(correct) != 1 or not distractors:
        return None
    return correct[0], _length(correct[0]), max(_length(option) for option in distractors)


def correct_is_strictly_longest(item: Item) -> bool:
    """Whether a ``single`` item's correct option is longer than every distractor (any margin).

    >>> from edukit.quiz import Source
    >>> def single(right, *wrong):
    ...     options = [Option(id="a", text=right, correct=True)]
    ...     options += [Option(id=f"w{i}", text=text) for i, text in enumerate(wrong)]
    ...     return SingleItem(id="q", prompt="?", objectives=["l01-o1"], options=options,
    ...         source=Source(title="t", date="2024"))
    >>> correct_is_strictly_longest(single("abcd", "abc", "ab"))
    True
    >>> correct_is_strictly_longest(single("abc", "abc", "ab"))
    False
    """
    if not isinstance(item, SingleItem):
        return False
    margins = _margins(item)
    return margins is not None and margins[1] > margins[2]


def correct_is_longest(item: Item) -> bool:
    """Whether a ``single`` item's correct option is a length cue: longer than the longest
    distractor by more than 10 % or by more than 8 characters.

    >>> from edukit.quiz import Source
    >>> def single(right, *wrong):
    ...     options = [Option(id="a", text=right, correct=True)]
    ...     options += [Option(id=f"w{i}", text=text) for i, text in enumerate(wrong)]
    ...     return SingleItem(id="q", prompt="?", objectives=["l01-o1"], options=options,
    ...         source=Source(title="t", date="2024"))
    >>> correct_is_longest(single("x" * 44, "x" * 40))  # 10 % exactly: not a cue
    False
    >>> correct_is_longest(single("x" * 45, "x" * 40))
    True
    >>> correct_is_longest(single("x" * 209, "x" * 200))  # 9 characters more
    True
    """
    if not isinstance(item, SingleItem):
        return False
    margins = _margins(item)
    if margins is None:
        return False
    _, correct, other = margins
    return correct > other and (
        correct - other > LONGEST_CHARS or correct > other * (1 + LONGEST_RATIO)
    )


def _normalised(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", plain).split())


_ALL_OR_NONE = re.compile(
    r"^(?:(?:toutes?|tous) (?:les|ces) (?:reponses|propositions|options|affirmations|"
    r"choix|reponses ci dessus|reponses precedentes)|"
    r"aucune (?:de ces|des) (?:reponses|propositions|options|affirmations)|"
    r"aucune (?:reponse|proposition)(?: n'est (?:juste|bonne|correcte|exacte))?|"
    r"tout ce qui precede|toutes les reponses ci dessus|aucune des reponses ci dessus|"
    r"les (?:deux|trois|quatre) (?:reponses|propositions) (?:precedentes|ci dessus)|"
    r"(?:a|b|c) et (?:b|c|d))\b"
)


def _is_all_or_none(text: str) -> bool:
    """« Toutes les réponses », « Aucune de ces réponses » and their variants.

    >>> [_is_all_or_none(t) for t in ["Toutes les réponses ci-dessus.", "Aucune des propositions",
    ...     "Aucune de ces réponses", "Toutes les personnes concernées"]]
    [True, True, True, False]
    """
    return _ALL_OR_NONE.match(_normalised(text)) is not None


_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|<(?:strong|b)>(.+?)</(?:strong|b)>", re.S)
_NEGATIONS = (
    re.compile(r"\b(?:ne|n['’])\s*\S*(?:\s+\S+){0,3}?\s+(pas)\b", re.I),
    re.compile(r"\b(sauf)\b", re.I),
    re.compile(r"\b(jamais)\b", re.I),
)


def unmarked_negations(stem: str) -> list[str]:
    """The negations of a stem that are neither in bold nor in capitals.

    >>> unmarked_negations("Quelle pratique ne protège pas vos données ?")
    ['ne protège pas']
    >>> unmarked_negations("Quelle pratique ne protège **pas** vos données ?")
    []
    >>> unmarked_negations("Tous les cas sont à risque SAUF lequel ?")
    []
    >>> unmarked_negations("Que faut-il éviter, sauf en cas d'urgence ? Il n'en faut jamais.")
    ['sauf', 'jamais']
    """
    bold = [match.span() for match in _BOLD.finditer(stem)]
    found: list[str] = []
    for pattern in _NEGATIONS:
        for match in pattern.finditer(stem):
            start, end = match.span(1)
            word = match.group(1)
            marked = word.isupper() or any(s <= start and end <= e for s, e in bold)
            if not marked:
                found.append(" ".join(match.group(0).split()))
    return found


def item_warnings(item: Item) -> list[Problem]:
    """Every cue or gap of one item, as warnings at its ``file:line``."""
    problems: list[Problem] = []
    if isinstance(item, SingleItem) and correct_is_longest(item):
        margins = _margins(item)
        assert margins is not None
        option, correct, other = margins
        problems.append(
            _warning(
                item, LONGEST.format(option=option.id, correct=correct, other=other), LONGEST_FIX
            )
        )
    if isinstance(item, SingleItem | MultipleItem):
        for option in item.options:
            if _is_all_or_none(option.text):
                problems.append(
                    _warning(item, ALL_OR_NONE.format(option=option.id), ALL_OR_NONE_FIX)
                )
        normalised = [(option.id, _normalised(option.text)) for option in item.options]
        for index, (first_id, first) in enumerate(normalised):
            for second_id, second in normalised[index + 1 :]:
                similar = first == second or (
                    difflib.SequenceMatcher(None, first, second).ratio() >= NEAR_DUPLICATE
                )
                if similar:
                    problems.append(
                        _warning(
                            item, DUPLICATE.format(first=first_id, second=second_id), DUPLICATE_FIX
                        )
                    )
        bare = [option.id for option in item.options if not option.feedback.strip()]
        if bare:
            template = NO_FEEDBACK if len(bare) == 1 else NO_FEEDBACKS
            problems.append(
                _warning(item, template.format(options=", ".join(bare)), NO_FEEDBACK_FIX)
            )
    if isinstance(item, TrueFalseItem):
        missing = [
            label
            for key, label in (("true", "vrai"), ("false", "faux"))
            if not item.option_feedback.get(key, "").strip()
        ]
        if missing:
            problems.append(
                _warning(
                    item,
                    NO_TRUE_FALSE_FEEDBACK.format(missing=" » et « ".join(missing)),
                    NO_TRUE_FALSE_FEEDBACK_FIX,
                )
            )
    negations = unmarked_negations(item.prompt)
    if negations:
        problems.append(
            _warning(item, NEGATION.format(words=" », « ".join(negations)), NEGATION_FIX)
        )
    return problems


def _correct_position(item: SingleItem) -> int | None:
    positions = [index for index, option in enumerate(item.options) if option.correct]
    return positions[0] if len(positions) == 1 else None


def bank_warnings(bank: Bank) -> list[Problem]:
    """Every item's warnings, then the bank-wide one: the correct option always in one place."""
    problems = [problem for item in bank.items for problem in item_warnings(item)]
    singles = [item for item in bank.items if isinstance(item, SingleItem)]
    positions = Counter(_correct_position(item) for item in singles)
    if len(singles) >= SAME_POSITION_MIN and len(positions) == 1:
        (position,) = positions
        if position is not None:
            problems.append(
                _warning(
                    singles[0],
                    SAME_POSITION.format(bank=bank.id, count=len(singles), position=position + 1),
                    SAME_POSITION_FIX,
                )
            )
    return problems


def longest_correct_errors(
    pool: str, items: Sequence[Item], at: Item | None = None, *, root: Path | None = None
) -> list[Problem]:
    """An error when more than 35 % of the ``single`` items of ``items`` have the strictly longest
    correct option. ``pool`` names the pool in the message (« le test de positionnement »);
    the error sits at ``at``'s ``file:line`` (the pool's first offending item by default).
    Item locations in the hint are shown from ``root`` when given.
    """
    singles = [item for item in items if isinstance(item, SingleItem) and _margins(item)]
    longest = [item for item in singles if correct_is_strictly_longest(item)]
    if len(singles) < MIN_POOL or len(longest) <= MAX_LONGEST_SHARE * len(singles):
        return []
    # the fewest items to fix so that the share falls to 35 % or below
    needed = len(longest) - int(MAX_LONGEST_SHARE * len(singles))
    listed = ", ".join(
        f"{item.id} ({_shown(item.source_path, root)}:{item.line})" for item in longest[:_LISTED]
    )
    if len(longest) > _LISTED:
        listed += f"… (+{len(longest) - _LISTED})"
    anchor = at if at is not None else longest[0]
    path, line = _where(anchor)
    return [
        Problem(
            path,
            line,
            LONGEST_SHARE.format(
                pool=pool,
                count=len(longest),
                total=len(singles),
                percent=round(100 * len(longest) / len(singles)),
            ),
            LONGEST_SHARE_FIX.format(needed=needed, items=listed),
        )
    ]


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def quality_problems(banks: Iterable[Bank], *, root: Path | None = None) -> list[Problem]:
    """Warnings of every bank, and the error when all banks together fail the 35 % bar."""
    banks = list(banks)
    problems = [problem for bank in banks for problem in bank_warnings(bank)]
    every_item = [item for bank in banks for item in bank.items]
    problems.extend(longest_correct_errors("L'ensemble des banques", every_item, root=root))
    return problems
