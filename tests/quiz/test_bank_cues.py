"""The course's question banks give no answer away: measured on the real banks.

Single-choice items are the ones a learner who knows nothing can game, so they are measured:

- the correct option is the longest (strictly longer than every other option, or tied with the
  longest): at most 35 % of the single-choice items of all banks, and of each test form
  (``positionnement``, ``evaluation-finale``);
- nor is it *never* the longest: at least 10 % of all single-choice items, or « pick anything
  but the longest » becomes the cue;
- the correct option does not sit at the same place in the source in most items;
- no « toutes les réponses » / « aucune de ces réponses » option;
- every option of a single- or multiple-choice item has its own feedback.

The two tests are fixed parallel forms: every item tagged ``positionnement`` (or
``evaluation-finale``) is asked, 2 items for each of 15 competences, 30 items a form. The quiz
blocks of lessons l01 and l20 therefore draw the tagged items whole, with no ``per_objective``
(``draw: {tags: [positionnement], seed: 2025}``); c15 (charter), c17 (project) and c18 (own
progress) are assessed by the trainer's rubrics and the project sheet, not by these tests.

Run ``python tests/quiz/test_bank_cues.py`` for the figures per bank and per form.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from edukit.quiz import Item, MultipleItem, SingleItem, load_bank
from edukit.quiz._course_draw import bank_folders

REPO = Path(__file__).resolve().parents[2]
FORMS = ("positionnement", "evaluation-finale")
BAR = 0.35
FLOOR = 0.10
_CATCH_ALL = re.compile(
    r"toutes? (les|ces) (réponses|propositions)|aucune (de ces |des )?(réponses|propositions)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    """Cue figures for a set of single-choice items."""

    singles: int
    longest: int
    positions: Counter[int]

    @property
    def longest_share(self) -> float:
        return self.longest / self.singles if self.singles else 0.0

    @property
    def top_position_share(self) -> float:
        return max(self.positions.values()) / self.singles if self.singles else 0.0


def correct_is_longest(item: SingleItem) -> bool:
    """True when the correct option is at least as long as every other option."""
    correct = [len(o.text) for o in item.options if o.correct]
    others = [len(o.text) for o in item.options if not o.correct]
    return bool(correct and others) and max(correct) >= max(others)


def measure(items: Iterable[Item]) -> Cues:
    singles = [item for item in items if isinstance(item, SingleItem)]
    positions = Counter(
        next(i for i, o in enumerate(item.options) if o.correct) for item in singles
    )
    return Cues(len(singles), sum(correct_is_longest(item) for item in singles), positions)


def course_items() -> dict[str, list[Item]]:
    """The items of every course bank, by bank id."""
    banks: dict[str, list[Item]] = {}
    for folder in bank_folders(REPO / "exercises"):
        bank, problems = load_bank(folder)
        errors = [p for p in problems if p.severity == "error"]
        assert bank is not None and not errors, errors
        banks[bank.id] = list(bank.items)
    return banks


def form_items(banks: dict[str, list[Item]], tag: str) -> list[Item]:
    return [item for items in banks.values() for item in items if tag in item.tags]


@pytest.fixture(scope="module")
def banks() -> dict[str, list[Item]]:
    return course_items()


def test_correct_option_is_not_the_longest_in_most_items(banks: dict[str, list[Item]]) -> None:
    cues = measure(item for items in banks.values() for item in items)
    assert cues.singles > 50
    assert cues.longest_share <= BAR, f"{cues.longest}/{cues.singles} longest-correct"


def test_correct_option_is_sometimes_the_longest(banks: dict[str, list[Item]]) -> None:
    """A bank where the correct option is never the longest teaches « avoid the longest »."""
    cues = measure(item for items in banks.values() for item in items)
    assert cues.longest_share >= FLOOR, f"only {cues.longest}/{cues.singles} longest-correct"


@pytest.mark.parametrize("tag", FORMS)
def test_each_test_form_has_few_longest_correct(banks: dict[str, list[Item]], tag: str) -> None:
    cues = measure(form_items(banks, tag))
    assert cues.singles >= 10
    assert cues.longest_share <= BAR, f"{tag}: {cues.longest}/{cues.singles} longest-correct"


def test_correct_option_moves_in_the_source(banks: dict[str, list[Item]]) -> None:
    for bank_id, items in banks.items():
        cues = measure(items)
        if cues.singles >= 4:
            assert cues.top_position_share <= 0.5, (bank_id, dict(cues.positions))
    for tag in FORMS:
        assert measure(form_items(banks, tag)).top_position_share <= 0.4, tag


def test_no_catch_all_option_and_every_option_has_feedback(
    banks: dict[str, list[Item]],
) -> None:
    bad = []
    for items in banks.values():
        for item in items:
            if not isinstance(item, SingleItem | MultipleItem):
                continue
            texts = [o.text.strip().lower() for o in item.options]
            if any(_CATCH_ALL.search(text) for text in texts):
                bad.append(f"{item.id}: catch-all option")
            if len(set(texts)) < len(texts):
                bad.append(f"{item.id}: duplicate options")
            if any(len(o.feedback.strip()) < 15 for o in item.options):
                bad.append(f"{item.id}: option without teaching feedback")
    assert bad == []


def _competence_of() -> dict[str, str]:
    data = yaml.safe_load((REPO / "courses" / "competences.yml").read_text(encoding="utf-8"))
    return {o: c["id"] for c in data["competences"] for o in c["objectives"]}


def _by_competence(items: Iterable[Item], competence_of: dict[str, str]) -> dict[str, list[Item]]:
    grouped: dict[str, list[Item]] = {}
    for item in items:
        for competence in sorted({competence_of[o] for o in item.objectives}):
            grouped.setdefault(competence, []).append(item)
    return grouped


def test_the_two_tests_are_parallel_forms(banks: dict[str, list[Item]]) -> None:
    """Same competences, 2 items or more each, different items, 30 at most, matched difficulty."""
    competence_of = _competence_of()
    forms = {tag: form_items(banks, tag) for tag in FORMS}
    before, after = (_by_competence(forms[tag], competence_of) for tag in FORMS)
    assert not {i.id for i in forms[FORMS[0]]} & {i.id for i in forms[FORMS[1]]}
    assert set(before) == set(after) and len(before) >= 12
    for tag, items in forms.items():
        assert 24 <= len(items) <= 30, (tag, len(items))
    for competence in before:
        assert len(before[competence]) >= 2 and len(after[competence]) >= 2, competence
        gap = abs(
            sum(i.difficulty for i in before[competence]) / len(before[competence])
            - sum(i.difficulty for i in after[competence]) / len(after[competence])
        )
        assert gap <= 0.5, (competence, gap)
    means = [sum(i.difficulty for i in forms[tag]) / len(forms[tag]) for tag in FORMS]
    assert abs(means[0] - means[1]) <= 0.2, f"one form is harder overall: {means}"


def test_measure_counts_ties_as_longest() -> None:
    from edukit.quiz import Option, Source

    def single(*texts: str) -> SingleItem:
        options = [
            Option(id=str(i), text=text, correct=i == 0, feedback="f")
            for i, text in enumerate(texts)
        ]
        return SingleItem(id="q", prompt="?", objectives=["l02-o1"], options=options,
                          source=Source(title="t", date="2024"))  # fmt: skip

    cues = measure([single("long one", "short"), single("same", "same"), single("a", "bbb")])
    assert (cues.singles, cues.longest) == (3, 2)
    assert cues.positions == Counter({0: 3})


def _report(rows: Sequence[tuple[str, Cues]]) -> str:
    lines = [f"{'set':32} {'single':>6} {'longest':>7} {'share':>6}  positions"]
    for name, cues in rows:
        places = " ".join(f"{p + 1}:{n}" for p, n in sorted(cues.positions.items()))
        lines.append(
            f"{name:32} {cues.singles:6} {cues.longest:7} {cues.longest_share:6.0%}  {places}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    found = course_items()
    rows = [(bank_id, measure(items)) for bank_id, items in found.items()]
    rows.append(("ALL BANKS", measure(item for items in found.values() for item in items)))
    rows += [(f"form {tag}", measure(form_items(found, tag))) for tag in FORMS]
    sys.stdout.write(_report(rows) + "\n")
