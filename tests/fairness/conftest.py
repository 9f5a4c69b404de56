"""Shared data for the fairness tests: generated once per session, they are deterministic."""

from __future__ import annotations

import pytest

from edukit.fairness import Dataset, Scores, fit_scores, make_scenario


@pytest.fixture(scope="session")
def credit5() -> Dataset:
    """The credit scenario with its 5 age bands, 10,000 rows."""
    return make_scenario("credit", n_samples=10_000, n_groups=5, seed=0)


@pytest.fixture(scope="session")
def credit5_logistic(credit5: Dataset) -> Scores:
    return fit_scores(credit5, model="logistic", include_protected=True, seed=0)


@pytest.fixture(scope="session")
def credit5_tree(credit5: Dataset) -> Scores:
    """A decision tree gives few distinct scores: many ties at the thresholds."""
    return fit_scores(credit5, model="tree", include_protected=False, seed=0)
