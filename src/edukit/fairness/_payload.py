# mypy: disable-error-code="import-untyped"
"""The bias explorer's payload: every figure the widget shows, precomputed as plain JSON.

The widget does no statistics: it reads this grid (datasets × {with, without the protected
column} × thresholds × groups) and looks values up as the learner moves the sliders. Floats are
rounded to ``decimals`` places to keep the payload small; the exact values are in :class:`Sweep`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypedDict

import numpy as np

from edukit.fairness._dataset import Dataset
from edukit.fairness._generator import SCENARIOS, make_scenario
from edukit.fairness._metrics import METRICS, Assessment
from edukit.fairness._models import ModelName, fit_scores
from edukit.fairness._sweep import DEFAULT_THRESHOLDS, Sweep, sweep

PAYLOAD_VERSION = 1
NO_DATASETS = "give at least one dataset"
EMPTY_TEST_GROUP = "{dataset}: the group {group!r} has no row in the test split; generate more rows or fewer groups"
DUPLICATE_DATASET = "two datasets share the name {name!r}; names identify them in the widget"

METRIC_LABELS: dict[str, str] = {
    "selection_rate": "Taux de sélection",
    "tpr": "Taux de vrais positifs",
    "fpr": "Taux de faux positifs",
    "precision": "Précision",
    "accuracy": "Exactitude",
}
DISPARITY_LABELS: dict[str, str] = {
    "demographic_parity_difference": "Écart de parité démographique",
    "demographic_parity_ratio": "Ratio de parité démographique (règle des 4/5)",
    "equal_opportunity_difference": "Écart d'égalité des chances",
    "equalized_odds_difference": "Écart d'égalité des taux d'erreur",
}
PolicyId = Literal["single_threshold", "demographic_parity", "equal_opportunity"]
POLICY_LABELS: dict[PolicyId, str] = {
    "single_threshold": "Un seul seuil (0,5) pour tout le monde",
    "demographic_parity": "Des seuils par groupe qui égalisent les taux de sélection",
    "equal_opportunity": "Des seuils par groupe qui égalisent les taux de vrais positifs",
}


class Column(TypedDict):
    """A column and its French label."""

    column: str
    label: str


class DataSummary(TypedDict):
    """The whole dataset, before any model: who is in it and what the history says."""

    rows: int
    group_sizes: list[int]
    base_rates: list[float]
    """Share of favourable historical labels per group."""
    proxy_association: float
    """η (numeric proxy) or Cramér's V (categorical proxy) with the protected attribute, 0–1."""
    proxy_measure: Literal["eta", "cramers_v"]


class GroupCurves(TypedDict):
    """One metric per group per threshold: ``curves[metric][group][threshold]``."""

    selection_rate: list[list[float]]
    tpr: list[list[float]]
    fpr: list[list[float]]
    precision: list[list[float]]
    accuracy: list[list[float]]


class OverallCurves(TypedDict):
    """One metric over all rows per (global) threshold: ``curves[metric][threshold]``."""

    selection_rate: list[float]
    tpr: list[float]
    fpr: list[float]
    precision: list[float]
    accuracy: list[float]


class DisparityCurves(TypedDict):
    """Gaps between groups per global threshold; the ratio is ``null`` when nobody is selected."""

    demographic_parity_difference: list[float]
    demographic_parity_ratio: list[float | None]
    equal_opportunity_difference: list[float]
    equalized_odds_difference: list[float]


class Policy(TypedDict):
    """One way of choosing thresholds, and what it does to every group."""

    id: PolicyId
    label: str
    threshold_indices: list[int]
    """Per group, the index of its threshold in ``BiasPayload.thresholds``."""
    selection_rate: list[float]
    tpr: list[float]
    fpr: list[float]
    precision: list[float]
    accuracy: float
    """Overall accuracy under this policy."""
    demographic_parity_difference: float
    equal_opportunity_difference: float
    equalized_odds_difference: float
    precision_difference: float


class Impossibility(TypedDict):
    """The guided step « you cannot satisfy them all ».

    When base rates differ between groups, equal selection rates (demographic parity), equal
    true and false positive rates (equalized odds) and equal precision (predictive parity)
    cannot all hold at once, except with a perfect model (Chouldechova 2017; Kleinberg,
    Mullainathan & Raghavan 2016). The policies show it on the scenario: equalising one figure
    pulls the others apart.
    """

    base_rates: list[float]
    """Share of favourable labels per group in the test split."""
    target_selection_rate: float
    target_tpr: float
    policies: list[Policy]


class Variant(TypedDict):
    """A model trained with or without the protected column, swept over every threshold."""

    include_protected: bool
    model: ModelName
    columns: list[str]
    """The model's input columns."""
    sizes: list[int]
    """Test rows per group."""
    positives: list[int]
    """Favourable labels per group in the test split."""
    tp: list[list[int]]
    """True positives ``[group][threshold]``; ``fn = positives - tp``."""
    fp: list[list[int]]
    """False positives ``[group][threshold]``; ``tn = sizes - positives - fp``."""
    by_group: GroupCurves
    overall: OverallCurves
    disparities: DisparityCurves
    impossibility: Impossibility


class DatasetPayload(TypedDict):
    """One dataset (a scenario or Adult) and its two variants."""

    id: str
    title: str
    description: str
    story: list[str]
    source: str
    positive_label: str
    protected: Column
    proxies: list[Column]
    features: list[Column]
    target: Column
    groups: list[str]
    summary: DataSummary
    variants: list[Variant]
    """``[with the protected column, without it]``."""


class BiasPayload(TypedDict):
    """Everything the bias explorer displays."""

    version: int
    decimals: int
    thresholds: list[float]
    metrics: list[str]
    metric_labels: dict[str, str]
    disparity_labels: dict[str, str]
    datasets: list[DatasetPayload]


def _round(values: np.ndarray, decimals: int) -> list[float]:
    return [float(value) for value in np.round(values, decimals)]


def _round_rows(values: np.ndarray, decimals: int) -> list[list[float]]:
    return [_round(row, decimals) for row in values]


def _summary(dataset: Dataset, decimals: int) -> DataSummary:
    codes = dataset.group_codes
    sizes = np.bincount(codes, minlength=len(dataset.groups))
    favourable = np.bincount(codes, weights=dataset.y, minlength=len(dataset.groups))
    proxy = dataset.frame[dataset.proxies[0]]
    numeric = proxy.dtype.kind in "biuf"
    return DataSummary(
        rows=len(dataset.frame),
        group_sizes=[int(size) for size in sizes],
        base_rates=_round(favourable / np.maximum(sizes, 1), decimals),
        proxy_association=round(dataset.proxy_association(), decimals),
        proxy_measure="eta" if numeric else "cramers_v",
    )


def _policy(policy_id: PolicyId, result: Sweep, indices: np.ndarray, decimals: int) -> Policy:
    assessment: Assessment = result.select([int(index) for index in indices])
    by_group = assessment.by_group
    precision = by_group["precision"].to_numpy()
    gaps = assessment.disparities
    return Policy(
        id=policy_id,
        label=POLICY_LABELS[policy_id],
        threshold_indices=[int(index) for index in indices],
        selection_rate=_round(by_group["selection_rate"].to_numpy(), decimals),
        tpr=_round(by_group["tpr"].to_numpy(), decimals),
        fpr=_round(by_group["fpr"].to_numpy(), decimals),
        precision=_round(precision, decimals),
        accuracy=round(float(assessment.overall["accuracy"]), decimals),
        demographic_parity_difference=round(gaps.demographic_parity_difference, decimals),
        equal_opportunity_difference=round(gaps.equal_opportunity_difference, decimals),
        equalized_odds_difference=round(gaps.equalized_odds_difference, decimals),
        precision_difference=round(float(np.nanmax(precision) - np.nanmin(precision)), decimals),
    )


def impossibility_step(result: Sweep, *, decimals: int = 4) -> Impossibility:
    """The three threshold policies of the « you cannot satisfy them all » step.

    1. one threshold of 0.5 for everybody;
    2. per-group thresholds bringing every selection rate closest to the overall selection rate
       of policy 1 (demographic parity);
    3. per-group thresholds bringing every true positive rate closest to the overall true
       positive rate of policy 1 (equal opportunity).

    Thresholds are taken on the sweep's grid, so the widget can point at them. Every group
    must have rows.
    """
    middle = int(np.argmin(np.abs(result.thresholds - 0.5)))
    n_groups = len(result.group_labels)
    overall = result.overall
    target_selection = float(overall["selection_rate"][middle])
    target_tpr = float(overall["tpr"][middle])
    single = np.full(n_groups, middle)
    parity = result.closest_index("selection_rate", target_selection)
    opportunity = result.closest_index("tpr", target_tpr)
    return Impossibility(
        base_rates=_round(result.positives / result.sizes, decimals),
        target_selection_rate=round(target_selection, decimals),
        target_tpr=round(target_tpr, decimals),
        policies=[
            _policy("single_threshold", result, single, decimals),
            _policy("demographic_parity", result, parity, decimals),
            _policy("equal_opportunity", result, opportunity, decimals),
        ],
    )


def _variant(
    dataset: Dataset,
    *,
    include_protected: bool,
    model: ModelName,
    thresholds: int | Sequence[float],
    seed: int,
    decimals: int,
) -> Variant:
    scores = fit_scores(dataset, model=model, include_protected=include_protected, seed=seed)
    result = sweep(
        scores.y_true,
        scores.scores,
        scores.groups,
        group_labels=scores.group_labels,
        thresholds=thresholds,
    )
    for label, size in zip(result.group_labels, result.sizes, strict=True):
        if size == 0:
            raise ValueError(EMPTY_TEST_GROUP.format(dataset=dataset.name, group=label))
    by_group = result.by_group
    overall = result.overall
    gaps = result.disparities
    ratio = np.round(gaps["demographic_parity_ratio"], decimals)
    return Variant(
        include_protected=include_protected,
        model=model,
        columns=list(scores.columns),
        sizes=[int(size) for size in result.sizes],
        positives=[int(count) for count in result.positives],
        tp=result.tp.tolist(),
        fp=result.fp.tolist(),
        by_group=GroupCurves(
            selection_rate=_round_rows(by_group["selection_rate"], decimals),
            tpr=_round_rows(by_group["tpr"], decimals),
            fpr=_round_rows(by_group["fpr"], decimals),
            precision=_round_rows(by_group["precision"], decimals),
            accuracy=_round_rows(by_group["accuracy"], decimals),
        ),
        overall=OverallCurves(
            selection_rate=_round(overall["selection_rate"], decimals),
            tpr=_round(overall["tpr"], decimals),
            fpr=_round(overall["fpr"], decimals),
            precision=_round(overall["precision"], decimals),
            accuracy=_round(overall["accuracy"], decimals),
        ),
        disparities=DisparityCurves(
            demographic_parity_difference=_round(gaps["demographic_parity_difference"], decimals),
            demographic_parity_ratio=[None if np.isnan(value) else float(value) for value in ratio],
            equal_opportunity_difference=_round(gaps["equal_opportunity_difference"], decimals),
            equalized_odds_difference=_round(gaps["equalized_odds_difference"], decimals),
        ),
        impossibility=impossibility_step(result, decimals=decimals),
    )


def _columns(dataset: Dataset, names: Sequence[str]) -> list[Column]:
    return [Column(column=name, label=dataset.labels.get(name, name)) for name in names]


def dataset_payload(
    dataset: Dataset,
    *,
    model: ModelName = "logistic",
    thresholds: int | Sequence[float] = DEFAULT_THRESHOLDS,
    seed: int = 0,
    decimals: int = 4,
) -> DatasetPayload:
    """The payload of one dataset: its summary and both variants (with, without protected)."""
    variants = [
        _variant(
            dataset,
            include_protected=include,
            model=model,
            thresholds=thresholds,
            seed=seed,
            decimals=decimals,
        )
        for include in (True, False)
    ]
    return DatasetPayload(
        id=dataset.name,
        title=dataset.title,
        description=dataset.description,
        story=list(dataset.story),
        source=dataset.source,
        positive_label=dataset.positive_label,
        protected=_columns(dataset, [dataset.protected])[0],
        proxies=_columns(dataset, dataset.proxies),
        features=_columns(dataset, dataset.features),
        target=_columns(dataset, [dataset.target])[0],
        groups=list(dataset.groups),
        summary=_summary(dataset, decimals),
        variants=variants,
    )


def bias_payload(
    *,
    datasets: Sequence[Dataset] | None = None,
    model: ModelName = "logistic",
    thresholds: int | Sequence[float] = DEFAULT_THRESHOLDS,
    seed: int = 0,
    decimals: int = 4,
) -> BiasPayload:
    """Precompute everything the bias explorer shows.

    Parameters
    ----------
    datasets
        The datasets to explore; by default the three scenarios of :data:`SCENARIOS`
        (10,000 rows each, default number of groups, generated with ``seed``). Add
        ``load_adult()`` for real data.
    model
        ``"logistic"`` or ``"tree"``.
    thresholds
        A number of evenly spaced thresholds from 0 to 1, or the thresholds themselves.
    seed
        Seed of the scenarios (when generated here) and of the train/test splits.
    decimals
        Places kept in every rate of the payload.

    Returns
    -------
    BiasPayload
        A JSON-serialisable dict (``json.dumps`` works as is).

    Examples
    --------
    >>> import json
    >>> from edukit.fairness import make_scenario
    >>> payload = bias_payload(
    ...     datasets=[make_scenario("credit", n_samples=500, n_groups=3)], thresholds=11
    ... )
    >>> payload["thresholds"][:3], payload["datasets"][0]["groups"]
    ([0.0, 0.1, 0.2], ['18–29 ans', '30–59 ans', '60 ans et plus'])
    >>> [v["include_protected"] for v in payload["datasets"][0]["variants"]]
    [True, False]
    >>> len(json.dumps(payload)) > 0
    True
    """
    if datasets is None:
        datasets = [make_scenario(name, seed=seed) for name in SCENARIOS]
    if not datasets:
        raise ValueError(NO_DATASETS)
    names = [dataset.name for dataset in datasets]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(DUPLICATE_DATASET.format(name=name))
    entries = [
        dataset_payload(dataset, model=model, thresholds=thresholds, seed=seed, decimals=decimals)
        for dataset in datasets
    ]
    grid = (
        np.linspace(0.0, 1.0, thresholds)
        if isinstance(thresholds, int)
        else np.asarray(thresholds, dtype=np.float64)
    )
    return BiasPayload(
        version=PAYLOAD_VERSION,
        decimals=decimals,
        thresholds=_round(grid, decimals),
        metrics=list(METRICS),
        metric_labels=dict(METRIC_LABELS),
        disparity_labels=dict(DISPARITY_LABELS),
        datasets=entries,
    )
