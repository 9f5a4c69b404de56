# mypy: disable-error-code="import-untyped"
"""Group metrics and disparities computed from confusion counts, in the conventions of fairlearn.

Conventions (the same as fairlearn's metrics, and scikit-learn's ``precision_score`` with
``zero_division=0``): a rate whose denominator is zero is 0 (a group without positives has a true
positive rate of 0), and a ratio whose largest selection rate is 0 is undefined (NaN).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

METRICS: tuple[str, ...] = ("selection_rate", "tpr", "fpr", "precision", "accuracy")
"""The group metrics, in display order.

``selection_rate`` is the share of the group predicted favourably, ``tpr`` the true positive
rate (recall), ``fpr`` the false positive rate, ``precision`` the share of favourable predictions
that were right, ``accuracy`` the share of right predictions.
"""

FOUR_FIFTHS = 0.8
"""The 4/5 rule: the lowest selection rate should be at least 80 % of the highest."""

LENGTH_MISMATCH = "y_true, y_pred (or scores) and groups must have the same length, got {lengths}"
NOT_BINARY = "{name} must hold only 0 and 1"
BAD_GROUPS = "groups must be integer indices from 0 to {last} (one per group label)"
NO_ROWS = "there are no rows to assess"


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator``, 0 where the denominator is 0."""
    safe = np.where(denominator > 0, denominator, 1)
    result: np.ndarray = np.where(denominator > 0, numerator / safe, 0.0)
    return result


def rates_from_counts(
    tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray
) -> dict[str, np.ndarray]:
    """Every metric of :data:`METRICS` from confusion counts of any (matching) shape.

    Examples
    --------
    >>> rates = rates_from_counts(np.array([3]), np.array([1]), np.array([1]), np.array([5]))
    >>> {name: float(value[0]) for name, value in rates.items()}
    {'selection_rate': 0.4, 'tpr': 0.75, 'fpr': 0.16666666666666666, 'precision': 0.75, 'accuracy': 0.8}
    """
    n = tp + fp + fn + tn
    return {
        "selection_rate": _ratio(tp + fp, n),
        "tpr": _ratio(tp, tp + fn),
        "fpr": _ratio(fp, fp + tn),
        "precision": _ratio(tp, tp + fp),
        "accuracy": _ratio(tp + tn, n),
    }


@dataclass(frozen=True, kw_only=True)
class Disparities:
    """How far apart the groups are, the way fairlearn's ``between_groups`` method measures it.

    Attributes
    ----------
    demographic_parity_difference
        Highest minus lowest selection rate.
    demographic_parity_ratio
        Lowest over highest selection rate (NaN when nobody is selected).
    equal_opportunity_difference
        Highest minus lowest true positive rate.
    equalized_odds_difference
        The larger of the true positive rate and false positive rate differences.
    passes_four_fifths
        Whether the demographic parity ratio is at least 0.8 (the 4/5 rule).
    """

    demographic_parity_difference: float
    demographic_parity_ratio: float
    equal_opportunity_difference: float
    equalized_odds_difference: float
    passes_four_fifths: bool


def disparity_arrays(rates: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Disparities along the last axes of per-group rates shaped ``(groups, …)``.

    Groups whose rates are NaN (no rows) are left out.
    """
    selection, tpr, fpr = rates["selection_rate"], rates["tpr"], rates["fpr"]
    spread = {
        name: np.nanmax(values, axis=0) - np.nanmin(values, axis=0)
        for name, values in (("selection_rate", selection), ("tpr", tpr), ("fpr", fpr))
    }
    highest = np.nanmax(selection, axis=0)
    ratio = np.where(
        highest > 0, np.nanmin(selection, axis=0) / np.where(highest > 0, highest, 1), np.nan
    )
    return {
        "demographic_parity_difference": spread["selection_rate"],
        "demographic_parity_ratio": ratio,
        "equal_opportunity_difference": spread["tpr"],
        "equalized_odds_difference": np.maximum(spread["tpr"], spread["fpr"]),
    }


@dataclass(frozen=True, kw_only=True)
class Assessment:
    """Metrics of binary decisions, per group and overall, with the disparities between groups.

    Build it with :func:`assess` (from decisions) or :meth:`Sweep.select` (from a sweep).

    Attributes
    ----------
    by_group
        One row per group (indexed by group label): ``count``, ``positives`` and every metric of
        :data:`METRICS`.
    overall
        The same figures over all rows.
    disparities
        The gaps between groups.
    """

    by_group: pd.DataFrame = field(repr=False)
    overall: pd.Series = field(repr=False)
    disparities: Disparities

    @classmethod
    def from_counts(
        cls,
        *,
        tp: np.ndarray,
        fp: np.ndarray,
        fn: np.ndarray,
        tn: np.ndarray,
        group_labels: Sequence[str],
    ) -> Assessment:
        """Assess from per-group confusion counts (1-D arrays, one entry per group)."""
        counts = [np.asarray(values, dtype=np.int64) for values in (tp, fp, fn, tn)]
        size = counts[0] + counts[1] + counts[2] + counts[3]
        rates = rates_from_counts(*counts)
        empty = size == 0
        by_group = pd.DataFrame(
            {
                "count": size,
                "positives": counts[0] + counts[2],
                **{name: np.where(empty, np.nan, rates[name]) for name in METRICS},
            },
            index=pd.Index(list(group_labels), name="group"),
        )
        totals = [np.array([values.sum()]) for values in counts]
        overall_rates = rates_from_counts(*totals)
        overall = pd.Series(
            {
                "count": float(size.sum()),
                "positives": float((totals[0] + totals[2])[0]),
                **{name: float(overall_rates[name][0]) for name in METRICS},
            }
        )
        kept = {name: by_group[name].to_numpy()[~empty] for name in METRICS}
        gaps = {name: float(value) for name, value in disparity_arrays(kept).items()}
        ratio = gaps["demographic_parity_ratio"]
        return cls(
            by_group=by_group,
            overall=overall,
            disparities=Disparities(
                **gaps, passes_four_fifths=bool(not np.isnan(ratio) and ratio >= FOUR_FIFTHS)
            ),
        )


def check_inputs(
    y_true: np.ndarray, decisions: np.ndarray, groups: np.ndarray, n_groups: int
) -> None:
    """Raise ``ValueError`` with a message of this module when the inputs cannot be assessed."""
    lengths = {len(y_true), len(decisions), len(groups)}
    if len(lengths) != 1:
        raise ValueError(LENGTH_MISMATCH.format(lengths=[len(y_true), len(decisions), len(groups)]))
    if len(y_true) == 0:
        raise ValueError(NO_ROWS)
    if not np.isin(y_true, (0, 1)).all():
        raise ValueError(NOT_BINARY.format(name="y_true"))
    if not np.issubdtype(groups.dtype, np.integer) or groups.min() < 0 or groups.max() >= n_groups:
        raise ValueError(BAD_GROUPS.format(last=n_groups - 1))


def assess(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    groups: np.ndarray,
    *,
    group_labels: Sequence[str],
) -> Assessment:
    """Assess binary decisions per group.

    Parameters
    ----------
    y_true, y_pred
        Historical labels and decisions, 0/1.
    groups
        Group index of every row, into ``group_labels``.
    group_labels
        The group labels, in display order.

    Examples
    --------
    >>> result = assess(
    ...     np.array([1, 0, 1, 1, 0, 0]),
    ...     np.array([1, 0, 0, 1, 1, 0]),
    ...     np.array([0, 0, 0, 1, 1, 1]),
    ...     group_labels=["A", "B"],
    ... )
    >>> result.by_group["selection_rate"].round(3).tolist()
    [0.333, 0.667]
    >>> result.disparities.passes_four_fifths
    False
    """
    y_true, y_pred, groups = (np.asarray(a) for a in (y_true, y_pred, groups))
    check_inputs(y_true, y_pred, groups, len(group_labels))
    if not np.isin(y_pred, (0, 1)).all():
        raise ValueError(NOT_BINARY.format(name="y_pred"))
    n_groups = len(group_labels)
    cell = groups * 4 + y_true.astype(np.int64) * 2 + y_pred.astype(np.int64)
    counts = np.bincount(cell, minlength=4 * n_groups).reshape(n_groups, 4)
    return Assessment.from_counts(
        tn=counts[:, 0],
        fp=counts[:, 1],
        fn=counts[:, 2],
        tp=counts[:, 3],
        group_labels=group_labels,
    )
