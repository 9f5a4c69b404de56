"""Threshold sweeps in numpy: every group metric at every threshold, from one sort per group.

A row is predicted favourably when its score is at least the threshold (``score >= t``). For each
group the scores are sorted once; a binary search then gives, for every threshold at once, how
many rows lie at or above it, and a cumulative sum of the sorted labels gives how many of those
are true positives. Since a group's metrics depend only on its own threshold, the grid
``groups × thresholds`` also answers every choice of per-group thresholds
(:meth:`Sweep.select`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from edukit.fairness._metrics import (
    METRICS,
    Assessment,
    check_inputs,
    disparity_arrays,
    rates_from_counts,
)

BAD_THRESHOLDS = "thresholds must be a non-empty increasing sequence of finite numbers"
BAD_SCORES = "scores must be finite numbers"
BAD_SELECTION = "give one threshold index per group ({n_groups}), each from 0 to {last}"
UNKNOWN_METRIC = "unknown metric {name!r}; choose one of {choices}"

DEFAULT_THRESHOLDS = 101


@dataclass(frozen=True, kw_only=True)
class Sweep:
    """Confusion counts of every group at every threshold, and the metrics derived from them.

    Attributes
    ----------
    thresholds
        The thresholds, shape ``(T,)``.
    group_labels
        The groups, ``G`` of them.
    sizes, positives
        Rows and true positives of every group, shape ``(G,)``.
    tp, fp
        True and false positives of every group at every threshold, shape ``(G, T)``.
    """

    thresholds: np.ndarray = field(repr=False)
    group_labels: tuple[str, ...]
    sizes: np.ndarray = field(repr=False)
    positives: np.ndarray = field(repr=False)
    tp: np.ndarray = field(repr=False)
    fp: np.ndarray = field(repr=False)

    @property
    def fn(self) -> np.ndarray:
        """False negatives, shape ``(G, T)``."""
        result: np.ndarray = self.positives[:, None] - self.tp
        return result

    @property
    def tn(self) -> np.ndarray:
        """True negatives, shape ``(G, T)``."""
        result: np.ndarray = (self.sizes - self.positives)[:, None] - self.fp
        return result

    @property
    def by_group(self) -> dict[str, np.ndarray]:
        """Every metric of :data:`METRICS` per group per threshold, shape ``(G, T)``."""
        return rates_from_counts(self.tp, self.fp, self.fn, self.tn)

    @property
    def overall(self) -> dict[str, np.ndarray]:
        """Every metric over all rows when every group gets the same threshold, shape ``(T,)``."""
        totals = (counts.sum(axis=0) for counts in (self.tp, self.fp, self.fn, self.tn))
        return rates_from_counts(*totals)

    @property
    def disparities(self) -> dict[str, np.ndarray]:
        """Disparities between groups at every global threshold, shape ``(T,)``.

        Keys: ``demographic_parity_difference``, ``demographic_parity_ratio`` (NaN when nobody
        is selected), ``equal_opportunity_difference``, ``equalized_odds_difference``.
        """
        present = self.sizes > 0
        rates = {name: values[present] for name, values in self.by_group.items()}
        return disparity_arrays(rates)

    def select(self, indices: Sequence[int]) -> Assessment:
        """Assess the decisions given by one threshold per group.

        Parameters
        ----------
        indices
            For every group, the index of its threshold in :attr:`thresholds`.
        """
        picks = np.asarray(indices)
        n_groups = len(self.group_labels)
        last = self.thresholds.size - 1
        if (
            picks.shape != (n_groups,)
            or not np.issubdtype(picks.dtype, np.integer)
            or picks.min() < 0
            or picks.max() > last
        ):
            raise ValueError(BAD_SELECTION.format(n_groups=n_groups, last=last))
        rows = np.arange(n_groups)
        return Assessment.from_counts(
            tp=self.tp[rows, picks],
            fp=self.fp[rows, picks],
            fn=self.fn[rows, picks],
            tn=self.tn[rows, picks],
            group_labels=self.group_labels,
        )

    def closest_index(self, metric: str, target: float) -> np.ndarray:
        """For every group, the threshold index whose ``metric`` is closest to ``target``.

        Ties go to the lowest threshold.
        """
        if metric not in METRICS:
            raise ValueError(UNKNOWN_METRIC.format(name=metric, choices=", ".join(METRICS)))
        distance = np.abs(self.by_group[metric] - target)
        picks: np.ndarray = np.argmin(distance, axis=1)
        return picks


def sweep(
    y_true: np.ndarray,
    scores: np.ndarray,
    groups: np.ndarray,
    *,
    group_labels: Sequence[str],
    thresholds: int | Sequence[float] | np.ndarray = DEFAULT_THRESHOLDS,
) -> Sweep:
    """Sweep decision thresholds over model scores, per group.

    Parameters
    ----------
    y_true
        Historical labels, 0/1.
    scores
        Model scores (probabilities of the favourable outcome).
    groups
        Group index of every row, into ``group_labels``.
    group_labels
        The group labels, in display order.
    thresholds
        A number of evenly spaced thresholds from 0 to 1 (101 gives 0.00, 0.01, …, 1.00), or the
        thresholds themselves, increasing.

    Examples
    --------
    >>> result = sweep(
    ...     np.array([1, 0, 1, 0]),
    ...     np.array([0.9, 0.4, 0.6, 0.2]),
    ...     np.array([0, 0, 1, 1]),
    ...     group_labels=["A", "B"],
    ...     thresholds=[0.0, 0.5, 1.0],
    ... )
    >>> result.by_group["selection_rate"].tolist()
    [[1.0, 0.5, 0.0], [1.0, 0.5, 0.0]]
    >>> result.disparities["demographic_parity_difference"].tolist()
    [0.0, 0.0, 0.0]
    """
    y_true, scores, groups = (np.asarray(a) for a in (y_true, scores, groups))
    check_inputs(y_true, scores, groups, len(group_labels))
    if not np.issubdtype(scores.dtype, np.number) or not np.isfinite(scores).all():
        raise ValueError(BAD_SCORES)
    if isinstance(thresholds, int):
        grid = np.linspace(0.0, 1.0, thresholds) if thresholds > 0 else np.empty(0)
    else:
        grid = np.asarray(thresholds, dtype=np.float64)
    if grid.ndim != 1 or grid.size == 0 or not np.isfinite(grid).all() or (np.diff(grid) < 0).any():
        raise ValueError(BAD_THRESHOLDS)
    n_groups = len(group_labels)
    sizes = np.bincount(groups, minlength=n_groups)
    positives = np.bincount(groups, weights=y_true, minlength=n_groups).astype(np.int64)
    tp = np.empty((n_groups, grid.size), dtype=np.int64)
    fp = np.empty((n_groups, grid.size), dtype=np.int64)
    for group in range(n_groups):
        mask = groups == group
        order = np.argsort(scores[mask], kind="stable")
        sorted_scores = scores[mask][order]
        # cumulative[i] = true positives among the i lowest scores
        cumulative = np.concatenate(([0], np.cumsum(y_true[mask][order], dtype=np.int64)))
        first_selected = np.searchsorted(sorted_scores, grid, side="left")
        selected = sizes[group] - first_selected
        tp[group] = positives[group] - cumulative[first_selected]
        fp[group] = selected - tp[group]
    return Sweep(
        thresholds=grid,
        group_labels=tuple(group_labels),
        sizes=sizes,
        positives=positives,
        tp=tp,
        fp=fp,
    )
