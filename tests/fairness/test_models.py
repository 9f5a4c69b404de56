"""Models with and without the protected column: the proxy keeps the gap open."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from edukit.fairness import SCENARIOS, fit_scores, make_scenario, sweep
from edukit.fairness._models import BAD_TEST_SIZE, UNKNOWN_MODEL

# Demographic parity difference at threshold 0.5 of a logistic regression trained WITHOUT the
# protected column: removing the column must leave at least this gap, for every scenario.
GAP_WITHOUT_PROTECTED = 0.08


def _dp_at_half(name: str, *, include_protected: bool, seed: int) -> float:
    data = make_scenario(name, n_samples=10_000, seed=seed)
    scores = fit_scores(data, include_protected=include_protected, seed=seed)
    result = sweep(scores.y_true, scores.scores, scores.groups, group_labels=scores.group_labels)
    return float(result.disparities["demographic_parity_difference"][50])


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SCENARIOS))
@pytest.mark.parametrize("seed", [0, 1])
def test_removing_the_protected_column_leaves_a_gap(name: str, seed: int) -> None:
    with_column = _dp_at_half(name, include_protected=True, seed=seed)
    without_column = _dp_at_half(name, include_protected=False, seed=seed)
    assert without_column > GAP_WITHOUT_PROTECTED
    # removing the column narrows the gap but does not close it
    assert without_column < with_column


@pytest.mark.slow
@pytest.mark.parametrize("model", ["logistic", "tree"])
def test_scores_on_a_stratified_test_split(model: str) -> None:
    data = make_scenario("logement", n_samples=2_000, n_groups=5, seed=0)
    scores = fit_scores(data, model=model, include_protected=False, test_size=0.25, seed=0)  # type: ignore[arg-type]
    assert scores.columns == (*data.features, *data.proxies)
    assert scores.scores.shape == scores.y_true.shape == scores.groups.shape == (500,)
    assert ((scores.scores >= 0) & (scores.scores <= 1)).all()
    # group and label proportions are kept in the test split
    for group in range(5):
        assert (scores.groups == group).mean() == pytest.approx(
            (data.group_codes == group).mean(), abs=0.01
        )
    assert scores.y_true.mean() == pytest.approx(data.y.mean(), abs=0.01)
    # the model learned something: it ranks favourable labels higher
    assert scores.scores[scores.y_true == 1].mean() > scores.scores[scores.y_true == 0].mean() + 0.1
    again = fit_scores(data, model=model, include_protected=False, test_size=0.25, seed=0)  # type: ignore[arg-type]
    np.testing.assert_array_equal(scores.scores, again.scores)


def test_the_protected_column_is_an_input_only_when_asked() -> None:
    data = make_scenario("recrutement", n_samples=1_000, seed=0)
    assert "sexe" in fit_scores(data, include_protected=True).columns
    assert "sexe" not in fit_scores(data, include_protected=False).columns


def test_a_tiny_group_falls_back_to_a_split_on_the_label() -> None:
    data = make_scenario("credit", n_samples=200, n_groups=5, seed=0)
    frame = data.frame.copy()
    # leave the first age band with a single favourable row
    first = frame.index[(data.group_codes == 0) & (data.y == 1)]
    frame = frame.drop(first[1:])
    scores = fit_scores(replace(data, frame=frame.reset_index(drop=True)), seed=0)
    # a split stratified on group and label would fail on the single row; on the label it works
    assert scores.y_true.size == math.ceil(len(frame) * 0.3)


def test_errors() -> None:
    data = make_scenario("credit", n_samples=300, seed=0)
    with pytest.raises(ValueError) as caught:
        fit_scores(data, model="forest")  # type: ignore[arg-type]
    assert str(caught.value) == UNKNOWN_MODEL.format(name="forest")
    with pytest.raises(ValueError) as caught:
        fit_scores(data, test_size=1.0)
    assert str(caught.value) == BAD_TEST_SIZE.format(value=1.0)
