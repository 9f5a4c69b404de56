"""Item statistics of a test form, as Moodle's quiz statistics report defines them.

From the learners' scores on the items of one form (the positioning test or the final
evaluation), computed with the standard library only:

- **facility index** of an item: its mean score divided by its maximum (1), from 0 (no one
  right) to 1 (everyone right);
- **discrimination index**: the Pearson correlation between the score on the item and the
  score on the *rest of the test* (the total minus this item), as Moodle computes it
  (``question/classes/statistics/questions/calculator.php``). Undefined (``None``) when the
  item or the rest has no variance, e.g. an item everyone gets right;
- **upper–lower index** (Kelley's 27 %): the item's mean score among the 27 % best learners
  (by total) minus its mean among the 27 % weakest, rounded up to whole learners;
- **Cronbach's alpha** of the form: ``k / (k − 1) · (1 − Σ var(item) / var(total))``; for
  items scored 0 or 1 it equals KR-20. Variances are population variances (the ratio does
  not depend on the choice, as long as it is the same for both).

A learner counts for a form when they answered at least one of its items; an item of the form
they did not answer scores 0, as in a submitted Moodle attempt. The form's items are those at
least one learner answered.

Items **to review** (the rules the report states):

- no one right (facility 0) or everyone right (facility 1);
- facility below 0.2 (too hard) or above 0.9 (too easy);
- discrimination below 0.2 (weak: the item does not separate those who know from those who
  do not), or undefined.

With fewer than 5 learners the statistics are shown but flagged as unreliable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "DISCRIMINATION_LOW",
    "FACILITY_HIGH",
    "FACILITY_LOW",
    "MIN_LEARNERS",
    "FormStatistics",
    "ItemStatistics",
    "form_statistics",
]

FACILITY_LOW: Final = 0.2
FACILITY_HIGH: Final = 0.9
DISCRIMINATION_LOW: Final = 0.2
MIN_LEARNERS: Final = 5
"""Below this many learners, the report says the statistics are not reliable."""
UPPER_LOWER_SHARE: Final = 0.27


@dataclass(frozen=True)
class ItemStatistics:
    """One item's statistics in one form."""

    item: str
    learners: int
    facility: float
    discrimination: float | None
    """Correlation of the item score with the rest of the test (−1 to 1), ``None`` if undefined."""
    upper_lower: float | None
    """Kelley's 27 % index (−1 to 1), ``None`` with fewer than 2 learners."""
    reasons: tuple[str, ...] = ()
    """Why the item should be reviewed, in French (empty: nothing to say)."""

    @property
    def to_review(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class FormStatistics:
    """A form's statistics: its items, learners, Cronbach's alpha (KR-20 for 0/1 items)."""

    learners: int
    items: list[ItemStatistics] = field(default_factory=list)
    alpha: float | None = None
    """``None`` with fewer than 2 items or 2 learners, or when total scores do not vary."""
    mean: float | None = None
    """Mean total score, in points."""

    @property
    def reliable(self) -> bool:
        return self.learners >= MIN_LEARNERS


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _variance(values: Sequence[float]) -> float:
    mean = _mean(values)
    return sum((value - mean) ** 2 for value in values) / len(values)


def _correlation(first: Sequence[float], second: Sequence[float]) -> float | None:
    mean_first, mean_second = _mean(first), _mean(second)
    covariance = sum(
        (a - mean_first) * (b - mean_second) for a, b in zip(first, second, strict=True)
    )
    spread = math.sqrt(_variance(first) * _variance(second)) * len(first)
    if spread <= 1e-12:
        return None
    return covariance / spread


def _reasons(facility: float, discrimination: float | None) -> tuple[str, ...]:
    reasons: list[str] = []
    if facility == 0:
        reasons.append("personne n'a répondu juste")
    elif facility == 1:
        reasons.append("tout le monde a répondu juste")
    elif facility < FACILITY_LOW:
        reasons.append("très difficile (facilité < 20 %)")
    elif facility > FACILITY_HIGH:
        reasons.append("très facile (facilité > 90 %)")
    if discrimination is None:
        if 0 < facility < 1:
            reasons.append("discrimination incalculable (le reste du test ne varie pas)")
    elif discrimination < DISCRIMINATION_LOW:
        reasons.append(
            "discrimination négative" if discrimination < 0 else "discrimination faible (< 0,2)"
        )
    return tuple(reasons)


def form_statistics(answers: Mapping[str, Mapping[str, float]]) -> FormStatistics:
    """The statistics of a form from ``answers``: learner → item id → score (0 to 1).

    Learners with no answer are left out; items keep the order in which they first appear.

    Examples
    --------
    >>> stats = form_statistics({
    ...     "a": {"q1": 1, "q2": 1, "q3": 1}, "b": {"q1": 1, "q2": 0, "q3": 1},
    ...     "c": {"q1": 0, "q2": 0, "q3": 1}, "d": {"q1": 0, "q2": 0},
    ... })
    >>> [(s.item, s.facility) for s in stats.items]
    [('q1', 0.5), ('q2', 0.25), ('q3', 0.75)]
    >>> round(stats.items[0].discrimination, 4), round(stats.alpha, 4)
    (0.7071, 0.75)
    """
    rows = {learner: dict(scores) for learner, scores in answers.items() if scores}
    items: list[str] = list(dict.fromkeys(item for scores in rows.values() for item in scores))
    learners = list(rows)
    if not learners or not items:
        return FormStatistics(learners=len(learners))
    matrix = [[float(rows[learner].get(item, 0.0)) for item in items] for learner in learners]
    totals = [sum(row) for row in matrix]
    order = sorted(range(len(learners)), key=lambda index: totals[index])
    group = math.ceil(UPPER_LOWER_SHARE * len(learners))
    lower, upper = order[:group], order[-group:]
    statistics = []
    for column, item in enumerate(items):
        scores = [row[column] for row in matrix]
        rest = [total - score for total, score in zip(totals, scores, strict=True)]
        facility = _mean(scores)
        discrimination = _correlation(scores, rest) if len(learners) > 1 else None
        upper_lower = (
            _mean([scores[i] for i in upper]) - _mean([scores[i] for i in lower])
            if len(learners) > 1
            else None
        )
        statistics.append(
            ItemStatistics(
                item,
                len(learners),
                facility,
                discrimination,
                upper_lower,
                _reasons(facility, discrimination),
            )
        )
    alpha = None
    total_variance = _variance(totals)
    if len(items) > 1 and len(learners) > 1 and total_variance > 1e-12:
        item_variance = sum(_variance([row[c] for row in matrix]) for c in range(len(items)))
        alpha = len(items) / (len(items) - 1) * (1 - item_variance / total_variance)
    return FormStatistics(len(learners), statistics, alpha, _mean(totals))
