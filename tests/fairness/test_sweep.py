"""Every sweep figure against fairlearn's MetricFrame and disparity functions, within 1e-9."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score, precision_score

from edukit.fairness import METRICS, Assessment, Scores, assess, sweep
from edukit.fairness._metrics import BAD_GROUPS, LENGTH_MISMATCH, NO_ROWS, NOT_BINARY
from edukit.fairness._sweep import BAD_SCORES, BAD_SELECTION, BAD_THRESHOLDS, UNKNOWN_METRIC

TOLERANCE = 1e-9
# fairlearn takes about 0.1 s per MetricFrame: check a spread of the 101 thresholds,
# both ends included (at 1.0 nobody is selected and the ratio is undefined).
CHECKED = (0, 7, 24, 42, 50, 63, 88, 100)

FAIRLEARN_METRICS = {
    "selection_rate": selection_rate,
    "tpr": true_positive_rate,
    "fpr": false_positive_rate,
    # sklearn warns on 0/0 unless told; 0 is fairlearn's and edukit's convention
    "precision": partial(precision_score, zero_division=0),
    "accuracy": accuracy_score,
}


def _fairlearn(y_true: np.ndarray, y_pred: np.ndarray, groups: np.ndarray) -> MetricFrame:
    return MetricFrame(
        metrics=FAIRLEARN_METRICS, y_true=y_true, y_pred=y_pred, sensitive_features=groups
    )


def _same(ours: float, theirs: float) -> bool:
    if np.isnan(theirs):
        return bool(np.isnan(ours))
    return abs(ours - theirs) <= TOLERANCE


def _check_assessment(
    assessment: Assessment, y_true: np.ndarray, y_pred: np.ndarray, groups: np.ndarray
) -> None:
    frame = _fairlearn(y_true, y_pred, groups)
    present = sorted(np.unique(groups))
    for metric in METRICS:
        ours = assessment.by_group[metric].to_numpy()[present]
        np.testing.assert_allclose(ours, frame.by_group[metric].to_numpy(), rtol=0, atol=TOLERANCE)
        assert _same(float(assessment.overall[metric]), float(frame.overall[metric])), metric
    gaps = assessment.disparities
    kwargs = {"sensitive_features": groups}
    assert _same(
        gaps.demographic_parity_difference,
        demographic_parity_difference(y_true, y_pred, **kwargs),
    )
    assert _same(gaps.demographic_parity_ratio, demographic_parity_ratio(y_true, y_pred, **kwargs))
    assert _same(
        gaps.equal_opportunity_difference, equal_opportunity_difference(y_true, y_pred, **kwargs)
    )
    assert _same(
        gaps.equalized_odds_difference, equalized_odds_difference(y_true, y_pred, **kwargs)
    )


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["credit5_logistic", "credit5_tree"])
def test_global_sweep_matches_fairlearn(fixture: str, request: pytest.FixtureRequest) -> None:
    scores: Scores = request.getfixturevalue(fixture)
    result = sweep(scores.y_true, scores.scores, scores.groups, group_labels=scores.group_labels)
    assert result.thresholds.tolist() == np.linspace(0, 1, 101).tolist()
    by_group, overall, gaps = result.by_group, result.overall, result.disparities
    for index in CHECKED:
        y_pred = (scores.scores >= result.thresholds[index]).astype(np.int64)
        frame = _fairlearn(scores.y_true, y_pred, scores.groups)
        for metric in METRICS:
            np.testing.assert_allclose(
                by_group[metric][:, index], frame.by_group[metric], rtol=0, atol=TOLERANCE
            )
            assert abs(overall[metric][index] - frame.overall[metric]) <= TOLERANCE
        kwargs = {"sensitive_features": scores.groups}
        for name, function in (
            ("demographic_parity_difference", demographic_parity_difference),
            ("demographic_parity_ratio", demographic_parity_ratio),
            ("equal_opportunity_difference", equal_opportunity_difference),
            ("equalized_odds_difference", equalized_odds_difference),
        ):
            assert _same(gaps[name][index], function(scores.y_true, y_pred, **kwargs)), (
                name,
                index,
            )
    # a global threshold is the per-group selection with the same index for every group
    for index in CHECKED:
        same = result.select([index] * len(scores.group_labels))
        for metric in METRICS:
            assert same.by_group[metric].tolist() == by_group[metric][:, index].tolist()
            assert same.overall[metric] == overall[metric][index]
        assert (
            same.disparities.equalized_odds_difference == gaps["equalized_odds_difference"][index]
        )


@pytest.mark.slow
def test_ties_at_the_threshold_count_as_selected(credit5_tree: Scores) -> None:
    """A score equal to the threshold is selected (``score >= t``), as fairlearn is told here."""
    values = np.unique(credit5_tree.scores)
    assert values.size < 60  # the tree gives few distinct scores: ties everywhere
    grid = np.sort(np.concatenate([values[::3], [0.0, 1.0]]))
    result = sweep(
        credit5_tree.y_true,
        credit5_tree.scores,
        credit5_tree.groups,
        group_labels=credit5_tree.group_labels,
        thresholds=grid,
    )
    for index in range(0, grid.size, 2):
        y_pred = (credit5_tree.scores >= grid[index]).astype(np.int64)
        frame = _fairlearn(credit5_tree.y_true, y_pred, credit5_tree.groups)
        np.testing.assert_allclose(
            result.by_group["selection_rate"][:, index],
            frame.by_group["selection_rate"],
            rtol=0,
            atol=TOLERANCE,
        )
        np.testing.assert_allclose(
            result.by_group["tpr"][:, index], frame.by_group["tpr"], rtol=0, atol=TOLERANCE
        )


@pytest.mark.slow
def test_per_group_thresholds_match_fairlearn(credit5_logistic: Scores) -> None:
    scores = credit5_logistic
    result = sweep(scores.y_true, scores.scores, scores.groups, group_labels=scores.group_labels)
    rng = np.random.default_rng(0)
    choices = [rng.integers(0, 101, size=5) for _ in range(4)]
    # the policies of the impossibility step, and the extremes
    choices += [
        result.closest_index("selection_rate", 0.5),
        result.closest_index("tpr", 0.8),
        np.array([0, 100, 0, 100, 50]),
    ]
    for picks in choices:
        threshold_of_row = result.thresholds[picks][scores.groups]
        y_pred = (scores.scores >= threshold_of_row).astype(np.int64)
        _check_assessment(
            result.select([int(p) for p in picks]), scores.y_true, y_pred, scores.groups
        )


@pytest.mark.slow
def test_sweep_on_small_scenarios_matches_fairlearn() -> None:
    """Small data, every fifth threshold: groups with few rows and ends of the grid."""
    from edukit.fairness import fit_scores, make_scenario

    for name, k in (("recrutement", 2), ("logement", 5)):
        scores = fit_scores(make_scenario(name, n_samples=400, n_groups=k, seed=3), seed=3)
        result = sweep(
            scores.y_true, scores.scores, scores.groups, group_labels=scores.group_labels
        )
        for index in range(0, 101, 5):
            y_pred = (scores.scores >= result.thresholds[index]).astype(np.int64)
            selection = MetricFrame(
                metrics={"selection_rate": selection_rate, "tpr": true_positive_rate},
                y_true=scores.y_true,
                y_pred=y_pred,
                sensitive_features=scores.groups,
            ).by_group
            np.testing.assert_allclose(
                result.by_group["selection_rate"][:, index],
                selection["selection_rate"],
                rtol=0,
                atol=TOLERANCE,
            )
            np.testing.assert_allclose(
                result.by_group["tpr"][:, index], selection["tpr"], rtol=0, atol=TOLERANCE
            )


def test_zero_division_conventions_match_fairlearn() -> None:
    y_true = np.array([0, 0, 0, 1, 1, 0])  # group 0 has no positives
    y_pred = np.array([0, 0, 0, 1, 0, 0])  # group 0 has no selections
    groups = np.array([0, 0, 0, 1, 1, 1])
    result = assess(y_true, y_pred, groups, group_labels=["A", "B"])
    _check_assessment(result, y_true, y_pred, groups)
    assert result.by_group.loc["A", "tpr"] == 0.0
    assert result.by_group.loc["A", "precision"] == 0.0
    nobody = assess(y_true, np.zeros(6, dtype=int), groups, group_labels=["A", "B"])
    assert np.isnan(nobody.disparities.demographic_parity_ratio)
    assert nobody.disparities.passes_four_fifths is False


@pytest.mark.slow
def test_assess_matches_fairlearn_and_the_four_fifths_rule(credit5_logistic: Scores) -> None:
    scores = credit5_logistic
    y_pred = (scores.scores >= 0.5).astype(np.int64)
    result = assess(scores.y_true, y_pred, scores.groups, group_labels=scores.group_labels)
    _check_assessment(result, scores.y_true, y_pred, scores.groups)
    assert list(result.by_group.index) == list(scores.group_labels)
    assert result.by_group["count"].sum() == scores.y_true.size
    ratio = result.disparities.demographic_parity_ratio
    assert result.disparities.passes_four_fifths is (ratio >= 0.8)
    assert ratio < 0.8  # the credit model with the age band fails the 4/5 rule at 0.5


def test_a_group_absent_from_the_rows_is_left_out_of_the_gaps() -> None:
    y_true = np.array([1, 0, 1, 0])
    y_pred = np.array([1, 0, 0, 0])
    groups = np.array([0, 0, 2, 2])
    result = assess(y_true, y_pred, groups, group_labels=["A", "B", "C"])
    assert result.by_group.loc["B", "count"] == 0
    assert np.isnan(result.by_group.loc["B", "selection_rate"])
    assert result.disparities.demographic_parity_difference == 0.5
    swept = sweep(y_true, np.array([0.9, 0.1, 0.4, 0.2]), groups, group_labels=["A", "B", "C"])
    assert swept.disparities["demographic_parity_difference"][50] == 0.5


def test_errors_match_the_messages() -> None:
    ones = np.ones(4, dtype=int)
    groups = np.array([0, 0, 1, 1])
    with pytest.raises(ValueError) as caught:
        assess(ones, ones[:3], groups, group_labels=["A", "B"])
    assert str(caught.value) == LENGTH_MISMATCH.format(lengths=[4, 3, 4])
    with pytest.raises(ValueError) as caught:
        assess(ones * 2, ones, groups, group_labels=["A", "B"])
    assert str(caught.value) == NOT_BINARY.format(name="y_true")
    with pytest.raises(ValueError) as caught:
        assess(ones, ones * 3, groups, group_labels=["A", "B"])
    assert str(caught.value) == NOT_BINARY.format(name="y_pred")
    with pytest.raises(ValueError) as caught:
        assess(ones, ones, groups + 1, group_labels=["A", "B"])
    assert str(caught.value) == BAD_GROUPS.format(last=1)
    with pytest.raises(ValueError) as caught:
        assess(ones[:0], ones[:0], groups[:0], group_labels=["A", "B"])
    assert str(caught.value) == NO_ROWS
    with pytest.raises(ValueError) as caught:
        sweep(ones, np.array([0.1, np.nan, 0.3, 0.4]), groups, group_labels=["A", "B"])
    assert str(caught.value) == BAD_SCORES
    for bad in ([0.5, 0.2], [], 0):
        with pytest.raises(ValueError) as caught:
            sweep(ones, ones * 0.5, groups, group_labels=["A", "B"], thresholds=bad)
        assert str(caught.value) == BAD_THRESHOLDS
    result = sweep(ones, ones * 0.5, groups, group_labels=["A", "B"])
    for picks in ([0], [0, 101], [-1, 3]):
        with pytest.raises(ValueError) as caught:
            result.select(picks)
        assert str(caught.value) == BAD_SELECTION.format(n_groups=2, last=100)
    with pytest.raises(ValueError) as caught:
        result.closest_index("recall", 0.5)
    assert str(caught.value) == UNKNOWN_METRIC.format(name="recall", choices=", ".join(METRICS))
