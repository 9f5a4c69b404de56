"""The positioning test and the final evaluation as parallel forms, checked item by item.

A test form is every item of the course's banks that carries its tag: ``positionnement`` for
the positioning test (lesson 1), ``evaluation-finale`` for the final evaluation (lesson 20);
the lessons draw them with ``banks: all`` and ``tags: [...]`` (see :mod:`._course_draw`).
To compare a learner's results before and after, the two forms must be *parallel*:

- they measure the **same competences**, each with **at least 2 items** (one item is noise);
- they share **no item** (a learner must not meet the positioning questions again);
- each has **at most 30 items**: 30 minutes at 60 seconds a question;
- items of one competence have a **matched difficulty**: their mean ``difficulty`` may differ
  by at most 0.5 between the forms (a warning beyond);
- neither form fails the longest-correct bar (see :mod:`._quality`), and the correct options of
  a form's ``single`` items do not all sit at the same position.

:func:`form_problems` reports each breach as an error at the ``file:line`` of an item concerned,
in French, with the fix. Competences are given as an objective → competence map, so this module
needs nothing from :mod:`edukit.course`. Pure logic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from edukit._problems import Problem, Severity
from edukit.quiz._loader import load_bank
from edukit.quiz._model import Bank, Item, SingleItem
from edukit.quiz._practice import practice_problems
from edukit.quiz._quality import longest_correct_errors, quality_problems

__all__ = [
    "FINAL_TAG",
    "FORM_NAMES",
    "MAX_DIFFICULTY_GAP",
    "MAX_FORM_ITEMS",
    "MIN_ITEMS_PER_COMPETENCE",
    "POSITIONING_TAG",
    "AssessmentForm",
    "assessment_problems",
    "form_problems",
    "tagged_forms",
]

POSITIONING_TAG: Final = "positionnement"
FINAL_TAG: Final = "evaluation-finale"
FORM_NAMES: Final = {POSITIONING_TAG: "le test de positionnement", FINAL_TAG: "l'évaluation finale"}
MAX_FORM_ITEMS: Final = 30
"""30 minutes at 60 seconds a question."""
MIN_ITEMS_PER_COMPETENCE: Final = 2
MAX_DIFFICULTY_GAP: Final = 0.5

TOO_LONG = "{form} compte {count} questions : 30 au plus (30 min à 60 s la question)"
TOO_LONG_FIX = (
    "retirez l'étiquette « {tag} » de {extra} question(s), en gardant 2 questions par compétence"
)
IN_BOTH = "la question « {item} » est à la fois dans le test de positionnement et dans l'évaluation finale"
IN_BOTH_FIX = "gardez une seule des étiquettes « positionnement » et « evaluation-finale » : les deux tests n'ont aucune question commune"
TOO_FEW = "{form} n'a que {count} question(s) pour la compétence « {competence} » : 2 au moins"
TOO_FEW_FIX = "étiquetez « {tag} » une autre question de cette compétence (ou écrivez-en une)"
MISSING = "la compétence « {competence} » est mesurée par {other} mais pas par {form}"
MISSING_FIX = (
    "étiquetez « {tag} » au moins 2 questions de cette compétence, différentes de celles de {other}"
)
NO_COMPETENCE = "la question « {item} » de {form} ne mesure aucune compétence ({objectives})"
NO_COMPETENCE_FIX = "rangez ses objectifs dans une compétence de courses/competences.yml"
DIFFICULTY = "la compétence « {competence} » a une difficulté moyenne de {first} dans le test de positionnement et de {second} dans l'évaluation finale"
DIFFICULTY_FIX = "choisissez des questions de difficulté proche (écart de 0,5 au plus) pour que la comparaison soit juste"
SAME_POSITION = "{form} : les {count} questions à choix unique ont toutes la bonne réponse en position {position}"
SAME_POSITION_FIX = "variez la position de la bonne réponse dans les questions de ce test"


@dataclass(frozen=True)
class AssessmentForm:
    """The items of one test form (in bank order) and the tag that selects them."""

    tag: str
    items: list[Item]

    @property
    def name(self) -> str:
        return FORM_NAMES.get(self.tag, f"le test « {self.tag} »")

    def by_competence(self, competence_of: Mapping[str, str]) -> dict[str, list[Item]]:
        """The form's items under each competence they measure (an item may count for several)."""
        grouped: dict[str, list[Item]] = {}
        for item in self.items:
            for competence in dict.fromkeys(
                competence_of[o] for o in item.objectives if o in competence_of
            ):
                grouped.setdefault(competence, []).append(item)
        return grouped


def tagged_forms(banks: Sequence[Bank]) -> dict[str, AssessmentForm]:
    """The positioning and final forms of ``banks``, in bank order.

    >>> from edukit.quiz import Source, TrueFalseItem
    >>> items = [TrueFalseItem(id=i, prompt="?", objectives=["l01-o1"], tags=[t], answer=True,
    ...     source=Source(title="t", date="2024")) for i, t in [("a", "positionnement"),
    ...     ("b", "evaluation-finale"), ("c", "entrainement")]]
    >>> forms = tagged_forms([Bank(id="b", title="B", items=items)])
    >>> [item.id for item in forms["positionnement"].items], forms["evaluation-finale"].name
    (['a'], "l'évaluation finale")
    """
    return {
        tag: AssessmentForm(
            tag, [item for bank in banks for item in bank.items if tag in item.tags]
        )
        for tag in (POSITIONING_TAG, FINAL_TAG)
    }


def _at(item: Item, message: str, hint: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(item.source_path, item.line or None, message, hint, severity)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _mean(items: Sequence[Item]) -> float:
    return sum(item.difficulty for item in items) / len(items)


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def form_problems(
    banks: Sequence[Bank], competence_of: Mapping[str, str], *, root: Path | None = None
) -> list[Problem]:
    """Every breach of the parallel-forms rules (see the module documentation).

    Nothing is reported when neither form has an item (a course without these tests).
    """
    forms = tagged_forms(banks)
    positioning, final = forms[POSITIONING_TAG], forms[FINAL_TAG]
    if not positioning.items and not final.items:
        return []
    problems: list[Problem] = []
    final_ids = {item.id for item in final.items}
    for item in positioning.items:
        if item.id in final_ids:
            problems.append(_at(item, IN_BOTH.format(item=item.id), IN_BOTH_FIX))
    grouped = {tag: form.by_competence(competence_of) for tag, form in forms.items()}
    for form, other in ((positioning, final), (final, positioning)):
        problems.extend(_one_form_problems(form, other, grouped, competence_of, root))
    problems.extend(_difficulty_gaps(grouped[POSITIONING_TAG], grouped[FINAL_TAG]))
    return problems


_Grouped = Mapping[str, Mapping[str, Sequence[Item]]]


def _one_form_problems(
    form: AssessmentForm,
    other: AssessmentForm,
    grouped: _Grouped,
    competence_of: Mapping[str, str],
    root: Path | None,
) -> list[Problem]:
    """The breaches of one form: its length, items without a competence, competences with
    too few items or missing from it, answer cues."""
    problems: list[Problem] = []
    if len(form.items) > MAX_FORM_ITEMS:
        problems.append(
            _at(
                form.items[MAX_FORM_ITEMS],
                _upper_first(TOO_LONG.format(form=form.name, count=len(form.items))),
                TOO_LONG_FIX.format(tag=form.tag, extra=len(form.items) - MAX_FORM_ITEMS),
            )
        )
    for item in form.items:
        if not any(objective in competence_of for objective in item.objectives):
            objectives = ", ".join(item.objectives)
            message = NO_COMPETENCE.format(item=item.id, form=form.name, objectives=objectives)
            problems.append(_at(item, message, NO_COMPETENCE_FIX))
    mine, theirs = grouped[form.tag], grouped[other.tag]
    for competence, items in mine.items():
        if len(items) < MIN_ITEMS_PER_COMPETENCE:
            message = TOO_FEW.format(form=form.name, count=len(items), competence=competence)
            problems.append(_at(items[0], _upper_first(message), TOO_FEW_FIX.format(tag=form.tag)))
    for competence, items in theirs.items():
        if competence not in mine:
            message = MISSING.format(competence=competence, other=other.name, form=form.name)
            hint = MISSING_FIX.format(tag=form.tag, other=other.name)
            problems.append(_at(items[0], message, hint))
    problems.extend(longest_correct_errors(_upper_first(form.name), form.items, root=root))
    problems.extend(_same_position(form))
    return problems


def _same_position(form: AssessmentForm) -> list[Problem]:
    """A cue: every single-choice item of the form has its right answer at the same place."""
    singles = [item for item in form.items if isinstance(item, SingleItem)]
    positions = Counter(
        next((i for i, option in enumerate(item.options) if option.correct), None)
        for item in singles
    )
    if len(singles) < 3 or len(positions) != 1:
        return []
    (position,) = positions
    if position is None:
        return []
    message = SAME_POSITION.format(
        form=_upper_first(form.name), count=len(singles), position=position + 1
    )
    return [_at(singles[0], message, SAME_POSITION_FIX)]


def _difficulty_gaps(
    before: Mapping[str, Sequence[Item]], after: Mapping[str, Sequence[Item]]
) -> list[Problem]:
    """Competences whose mean difficulty differs too much between the two forms (a warning)."""
    problems = []
    for competence in [competence for competence in before if competence in after]:
        first, second = _mean(before[competence]), _mean(after[competence])
        if abs(first - second) > MAX_DIFFICULTY_GAP:
            message = DIFFICULTY.format(
                competence=competence, first=_decimal(first), second=_decimal(second)
            )
            problems.append(_at(after[competence][0], message, DIFFICULTY_FIX, Severity.WARNING))
    return problems


DRAWN = (
    "{form} tiré par la leçon compte {drawn} question(s), alors que {tagged} question(s) portent "
    "l'étiquette « {tag} »{detail}"
)
DRAWN_FIX = (
    "tirez toutes les questions étiquetées, et elles seules : draw: {{tags: [{tag}], seed: 2025}} "
    "(sans per_objective ni objectives), pour que le test passé soit la forme vérifiée"
)


def _block_line(root: Path, tag: str) -> tuple[Path, int | None]:
    """The lesson page and line of the quiz block whose ``purpose`` is ``tag``."""
    for page in sorted((root / "courses").rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        fence = None
        for number, line in enumerate(lines, 1):
            if line.strip().startswith("```edukit-quiz"):
                fence = number
            elif fence is not None and line.strip() == f"purpose: {tag}":
                return page, fence
    return root / "courses", None


def drawn_form_problems(root: Path, banks: Sequence[Bank]) -> list[Problem]:
    """The lessons' test draws (the ``edukit-quiz`` blocks with a ``purpose``, as the site and
    the paper versions make them) must give exactly the tagged forms that :func:`form_problems`
    checks; a draw that cannot be made is reported with its ``file:line``.
    """
    from edukit._problems import ProblemError
    from edukit.quiz._paper import load_paper_tests

    try:
        drawn = load_paper_tests(root)
    except ProblemError as error:
        return error.problems
    forms = tagged_forms(banks)
    problems: list[Problem] = []
    for tag, items in drawn.items():
        tagged = {item.id for item in forms[tag].items}
        ids = {item.id for item in items}
        if ids == tagged:
            continue
        missing, extra = sorted(tagged - ids), sorted(ids - tagged)
        detail = ""
        if missing:
            detail += f" ; non tirées : {', '.join(missing[:5])}" + (
                "…" if len(missing) > 5 else ""
            )
        if extra:
            detail += f" ; tirées sans l'étiquette : {', '.join(extra[:5])}" + (
                "…" if len(extra) > 5 else ""
            )
        page, line = _block_line(root, tag)
        problems.append(
            Problem(
                page,
                line,
                DRAWN.format(
                    form=_upper_first(FORM_NAMES[tag]),
                    drawn=len(ids),
                    tagged=len(tagged),
                    tag=tag,
                    detail=detail,
                ),
                DRAWN_FIX.format(tag=tag),
            )
        )
    return problems


def assessment_problems(
    bank_paths: Sequence[Path], competence_of: Mapping[str, str], *, root: Path | None = None
) -> list[Problem]:
    """The bank quality warnings and errors (:mod:`._quality`) and the parallel-forms problems
    of the banks at ``bank_paths``, with paths shown from ``root``.

    Loading problems are not repeated here: ``edukit check`` reports them already.
    """
    banks = [bank for path in bank_paths if (bank := load_bank(path)[0]) is not None]
    problems = [
        *quality_problems(banks, root=root),
        *form_problems(banks, competence_of, root=root),
        *(drawn_form_problems(root, banks) if root is not None else []),
        *(practice_problems(root) if root is not None else []),
    ]
    if root is None:
        return problems
    return [problem.relative_to(root) for problem in problems]
