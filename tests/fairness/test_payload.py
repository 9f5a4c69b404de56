"""The bias explorer payload: JSON, compact, faithful to the sweeps, and the impossibility step."""

from __future__ import annotations

import gzip
import json
import typing

import numpy as np
import pytest

from edukit.fairness import SCENARIOS, BiasPayload, bias_payload, fit_scores, make_scenario, sweep
from edukit.fairness._payload import (
    DUPLICATE_DATASET,
    EMPTY_TEST_GROUP,
    NO_DATASETS,
    DatasetPayload,
    DataSummary,
    DisparityCurves,
    GroupCurves,
    Impossibility,
    OverallCurves,
    Policy,
    Variant,
)

pytestmark = pytest.mark.slow  # over 0.5 s: out of the fast unit layer

SIZE_BOUND_KB = 300
# When base rates differ, equalising selection rates leaves true positive rates at least this
# far apart, and equalising true positive rates leaves selection rates at least this far apart.
IMPOSSIBILITY_GAP = 0.1


@pytest.fixture(scope="module")
def payload() -> BiasPayload:
    """The three scenarios at 10,000 rows, each with its largest number of groups."""
    datasets = [
        make_scenario(name, n_samples=10_000, n_groups=scenario.max_groups, seed=0)
        for name, scenario in SCENARIOS.items()
    ]
    return bias_payload(datasets=datasets)


def _keys(kind: type) -> set[str]:
    return set(typing.get_type_hints(kind))


def test_shape_follows_the_typed_dicts(payload: BiasPayload) -> None:
    assert set(payload) == _keys(BiasPayload)
    assert len(payload["thresholds"]) == 101
    assert payload["thresholds"][:3] == [0.0, 0.01, 0.02]
    assert [entry["id"] for entry in payload["datasets"]] == list(SCENARIOS)
    for entry in payload["datasets"]:
        assert set(entry) == _keys(DatasetPayload)
        assert set(entry["summary"]) == _keys(DataSummary)
        groups = len(entry["groups"])
        assert [variant["include_protected"] for variant in entry["variants"]] == [True, False]
        for variant in entry["variants"]:
            assert set(variant) == _keys(Variant)
            assert set(variant["by_group"]) == _keys(GroupCurves) == set(payload["metrics"])
            assert set(variant["overall"]) == _keys(OverallCurves)
            assert set(variant["disparities"]) == _keys(DisparityCurves)
            assert set(variant["impossibility"]) == _keys(Impossibility)
            for policy in variant["impossibility"]["policies"]:
                assert set(policy) == _keys(Policy)
                assert len(policy["threshold_indices"]) == groups
            for curves in variant["by_group"].values():
                assert len(curves) == groups
                assert all(len(row) == 101 for row in curves)
            assert np.array(variant["tp"]).shape == (groups, 101)
        protected_column = entry["protected"]["column"]
        assert protected_column in entry["variants"][0]["columns"]
        assert protected_column not in entry["variants"][1]["columns"]


def test_json_and_size(payload: BiasPayload) -> None:
    text = json.dumps(payload, separators=(",", ":"), allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == payload
    size_kb = len(text.encode()) / 1024
    assert size_kb < SIZE_BOUND_KB
    assert len(gzip.compress(text.encode())) / 1024 < SIZE_BOUND_KB / 4


def test_values_are_the_sweep_rounded() -> None:
    data = make_scenario("credit", n_samples=3_000, n_groups=4, seed=5)
    entry = bias_payload(datasets=[data], seed=5, decimals=3)["datasets"][0]
    for variant in entry["variants"]:
        scores = fit_scores(data, include_protected=variant["include_protected"], seed=5)
        result = sweep(scores.y_true, scores.scores, scores.groups, group_labels=data.groups)
        assert variant["tp"] == result.tp.tolist()
        assert variant["fp"] == result.fp.tolist()
        assert variant["sizes"] == result.sizes.tolist()
        for metric, values in result.by_group.items():
            shipped = np.array(variant["by_group"][metric])  # type: ignore[literal-required]
            assert np.abs(shipped - values).max() <= 0.0005 + 1e-12
            overall = np.array(variant["overall"][metric])  # type: ignore[literal-required]
            assert np.abs(overall - result.overall[metric]).max() <= 0.0005 + 1e-12
        ratio = result.disparities["demographic_parity_ratio"]
        shipped_ratio = variant["disparities"]["demographic_parity_ratio"]
        assert shipped_ratio[-1] is None and np.isnan(ratio[-1])  # nobody selected at 1.0
        assert shipped_ratio[50] == pytest.approx(ratio[50], abs=0.0005)


def test_summary_describes_the_whole_dataset(payload: BiasPayload) -> None:
    for entry in payload["datasets"]:
        data = make_scenario(entry["id"], n_samples=10_000, n_groups=len(entry["groups"]), seed=0)
        summary = entry["summary"]
        assert summary["rows"] == 10_000
        assert summary["group_sizes"] == np.bincount(data.group_codes).tolist()
        rates = data.frame.groupby(data.protected, observed=True)[data.target].mean()
        assert summary["base_rates"] == pytest.approx(rates.tolist(), abs=5e-5)
        assert summary["proxy_association"] == pytest.approx(data.proxy_association(), abs=5e-5)
    measures = {entry["id"]: entry["summary"]["proxy_measure"] for entry in payload["datasets"]}
    assert measures == {"recrutement": "eta", "logement": "cramers_v", "credit": "eta"}


def test_you_cannot_satisfy_them_all(payload: BiasPayload) -> None:
    for entry in payload["datasets"]:
        for variant in entry["variants"]:
            step = variant["impossibility"]
            assert max(step["base_rates"]) - min(step["base_rates"]) > 0.1
            single, parity, opportunity = step["policies"]
            assert [single["id"], parity["id"], opportunity["id"]] == [
                "single_threshold",
                "demographic_parity",
                "equal_opportunity",
            ]
            assert set(single["threshold_indices"]) == {50}
            # each policy meets its own criterion on the grid…
            assert parity["demographic_parity_difference"] < 0.05
            assert opportunity["equal_opportunity_difference"] < 0.05
            # …and breaks the other one
            assert parity["equal_opportunity_difference"] > IMPOSSIBILITY_GAP, entry["id"]
            assert opportunity["demographic_parity_difference"] > IMPOSSIBILITY_GAP, entry["id"]
            # precision (predictive parity) cannot follow either
            assert parity["precision_difference"] > IMPOSSIBILITY_GAP
            assert max(parity["selection_rate"]) - min(parity["selection_rate"]) == pytest.approx(
                parity["demographic_parity_difference"], abs=2e-4
            )


def test_adult_can_join_the_payload() -> None:
    from edukit.fairness import load_adult

    entry = bias_payload(datasets=[load_adult()], thresholds=21)["datasets"][0]
    assert entry["id"] == "adult"
    assert entry["groups"] == ["Femme", "Homme"]
    assert "10.24432/C5XW20" in entry["source"]
    assert entry["summary"]["rows"] == 45_222


def test_errors() -> None:
    with pytest.raises(ValueError) as caught:
        bias_payload(datasets=[])
    assert str(caught.value) == NO_DATASETS
    data = make_scenario("credit", n_samples=300, seed=0)
    with pytest.raises(ValueError) as caught:
        bias_payload(datasets=[data, data])
    assert str(caught.value) == DUPLICATE_DATASET.format(name="credit")
    lonely = data.frame.copy()
    lonely["tranche_age"] = lonely["tranche_age"].cat.add_categories(["Jamais vu"])
    from dataclasses import replace

    with pytest.raises(ValueError) as caught:
        bias_payload(datasets=[replace(data, frame=lonely)])
    assert str(caught.value) == EMPTY_TEST_GROUP.format(dataset="credit", group="Jamais vu")
