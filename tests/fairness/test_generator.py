"""The synthetic scenarios: causal structure, reproducibility, and the errors they raise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from edukit.fairness import SCENARIOS, make_scenario
from edukit.fairness._dataset import correlation_ratio, cramers_v
from edukit.fairness._generator import GROUPS_OUT_OF_RANGE, TOO_FEW_SAMPLES, UNKNOWN_SCENARIO

# The proxy must go with the protected attribute at least this strongly (η or Cramér's V,
# |r| for two groups), for every scenario and seed tested.
PROXY_BOUND = 0.4
# The historical labels must differ between the best and worst treated group by at least this.
LABEL_GAP_BOUND = 0.15
SEEDS = (0, 1, 2)


def _group_configurations() -> list[tuple[str, int]]:
    return [
        (name, k)
        for name, scenario in SCENARIOS.items()
        for k in range(scenario.min_groups, scenario.max_groups + 1)
    ]


def test_three_french_scenarios_up_to_five_groups() -> None:
    assert list(SCENARIOS) == ["recrutement", "logement", "credit"]
    assert max(scenario.max_groups for scenario in SCENARIOS.values()) == 5
    assert SCENARIOS["recrutement"].group_sets[2][0].label == "Femme"


@pytest.mark.parametrize(("name", "n_groups"), _group_configurations())
def test_structure_of_every_configuration(name: str, n_groups: int) -> None:
    scenario = SCENARIOS[name]
    data = make_scenario(name, n_samples=4_000, n_groups=n_groups, seed=0)
    frame = data.frame
    assert list(frame.columns) == [
        scenario.protected,
        scenario.proxy,
        *scenario.features,
        scenario.target,
    ]
    assert isinstance(frame[scenario.protected].dtype, pd.CategoricalDtype)
    assert data.groups == tuple(spec.label for spec in scenario.group_sets[n_groups])
    assert set(data.labels) == set(frame.columns)
    assert all(label.strip() for label in data.labels.values())
    assert frame.notna().all().all()
    assert set(np.unique(data.y)) == {0, 1}
    # every group is present, and no two groups have the same size
    sizes = frame[scenario.protected].value_counts()
    assert (sizes > 0).all()
    assert sizes.nunique() == n_groups
    # base rate of the historical labels as the scenario says
    assert data.y.mean() == pytest.approx(scenario.base_rate, abs=0.01)


@pytest.mark.parametrize(("name", "n_groups"), _group_configurations())
@pytest.mark.parametrize("seed", SEEDS)
def test_proxy_and_historical_bias(name: str, n_groups: int, seed: int) -> None:
    data = make_scenario(name, n_samples=10_000, n_groups=n_groups, seed=seed)
    assert data.proxy_association() > PROXY_BOUND
    rates = data.frame.groupby(data.protected, observed=True)[data.target].mean()
    assert rates.max() - rates.min() > LABEL_GAP_BOUND
    # the reference group (disadvantage 0) is favoured over the most disadvantaged one
    specs = SCENARIOS[name].group_sets[n_groups]
    reference = next(spec.label for spec in specs if spec.disadvantage == 0)
    worst = max(specs, key=lambda spec: spec.disadvantage).label
    assert rates[reference] - rates[worst] > LABEL_GAP_BOUND


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_legitimate_features_do_not_depend_on_the_group(name: str) -> None:
    """The generator's documented promise: every gap in the labels is historical bias."""
    data = make_scenario(name, n_samples=20_000, n_groups=SCENARIOS[name].max_groups, seed=0)
    for feature in data.features:
        values = data.frame[feature].to_numpy(dtype=np.float64)
        assert correlation_ratio(values, data.group_codes) < 0.05, feature


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_unequal_group_sizes(name: str) -> None:
    scenario = SCENARIOS[name]
    for specs in scenario.group_sets.values():
        shares = [spec.share for spec in specs]
        assert sum(shares) == pytest.approx(1.0)
        assert min(shares) / max(shares) < 0.75
        assert sorted({spec.disadvantage for spec in specs})[0] == 0.0


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_seed_same_rows_other_seed_other_rows(name: str) -> None:
    first = make_scenario(name, n_samples=1_000, seed=7).frame
    again = make_scenario(name, n_samples=1_000, seed=7).frame
    other = make_scenario(name, n_samples=1_000, seed=8).frame
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)
    assert (first[SCENARIOS[name].proxy] != other[SCENARIOS[name].proxy]).mean() > 0.3


def test_causal_edges_name_columns_or_the_latent_merit() -> None:
    for scenario in SCENARIOS.values():
        nodes = {scenario.protected, scenario.proxy, *scenario.features, scenario.target}
        for cause, effect in scenario.causal_edges:
            assert {cause, effect} <= nodes | {"merite"}
        assert (scenario.protected, scenario.proxy) in scenario.causal_edges
        assert (scenario.protected, scenario.target) in scenario.causal_edges
        assert len(scenario.story) >= 3


def test_errors() -> None:
    with pytest.raises(ValueError) as caught:
        make_scenario("emploi")
    assert str(caught.value) == UNKNOWN_SCENARIO.format(
        name="emploi", choices="recrutement, logement, credit"
    )
    with pytest.raises(ValueError) as caught:
        make_scenario("recrutement", n_groups=3)
    assert str(caught.value) == GROUPS_OUT_OF_RANGE.format(
        name="recrutement", low=2, high=2, value=3
    )
    with pytest.raises(ValueError) as caught:
        make_scenario("credit", n_groups=6)
    assert str(caught.value) == GROUPS_OUT_OF_RANGE.format(name="credit", low=2, high=5, value=6)
    with pytest.raises(ValueError) as caught:
        make_scenario("logement", n_samples=10)
    assert str(caught.value) == TOO_FEW_SAMPLES.format(minimum=200, value=10)


def test_association_measures() -> None:
    rng = np.random.default_rng(0)
    groups = rng.integers(0, 2, size=500)
    values = groups * 2.0 + rng.normal(size=500)
    r = np.corrcoef(values, groups)[0, 1]
    assert correlation_ratio(values, groups) == pytest.approx(abs(r), abs=1e-12)
    categories = np.where(rng.random(500) < 0.8, groups, 1 - groups)
    phi = np.corrcoef(categories, groups)[0, 1]
    assert cramers_v(categories, groups) == pytest.approx(abs(phi), abs=1e-12)
    assert cramers_v(rng.integers(0, 4, size=20_000), rng.integers(0, 3, size=20_000)) < 0.03
