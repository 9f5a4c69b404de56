# mypy: disable-error-code="import-untyped"
"""Fairness figures: threshold sweep in numpy against fairlearn's MetricFrame, payload size."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from functools import partial

import numpy as np

from edukit.fairness import SCENARIOS, bias_payload, fit_scores, make_scenario, sweep

ROWS = 10_000
GROUPS = 5
THRESHOLDS = 101
# MetricFrame is slow: time it on a sample of thresholds and scale to the 101 of the sweep.
METRICFRAME_SAMPLE = 11


def _best_seconds(function: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _metricframe_seconds(y_true: np.ndarray, scores: np.ndarray, groups: np.ndarray) -> float:
    """Seconds per threshold for the same five metrics per group through fairlearn."""
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, precision_score

    metrics = {
        "selection_rate": selection_rate,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
        "precision": partial(precision_score, zero_division=0),
        "accuracy": accuracy_score,
    }
    thresholds = np.linspace(0.0, 1.0, METRICFRAME_SAMPLE)
    start = time.perf_counter()
    for threshold in thresholds:
        MetricFrame(
            metrics=metrics,
            y_true=y_true,
            y_pred=(scores >= threshold).astype(np.int64),
            sensitive_features=groups,
        )
    return (time.perf_counter() - start) / METRICFRAME_SAMPLE


def run() -> list[tuple[str, str, str]]:
    # Twice the rows and half of them held out, so the sweep runs on 10,000 scored rows.
    data = make_scenario("credit", n_samples=2 * ROWS, n_groups=GROUPS, seed=0)
    scores = fit_scores(data, test_size=0.5, seed=0)
    y_true, values, groups = scores.y_true, scores.scores, scores.groups
    labels = scores.group_labels

    numpy_s = _best_seconds(lambda: sweep(y_true, values, groups, group_labels=labels))
    metricframe_s = _metricframe_seconds(y_true, values, groups) * THRESHOLDS
    setting = f"credit, {ROWS:,} rows, {GROUPS} groups, {THRESHOLDS} thresholds"
    rows = [
        (f"fairness: sweep in numpy ({setting})", f"{numpy_s * 1000:.1f} ms", "< 50 ms"),
        (
            f"fairness: same metrics through MetricFrame ({setting}, from {METRICFRAME_SAMPLE})",
            f"{metricframe_s:.1f} s",
            "",
        ),
        ("fairness: numpy speed-up over MetricFrame", f"×{metricframe_s / numpy_s:,.0f}", ""),
    ]

    for label, datasets in (
        ("default groups", None),
        (
            "max groups",
            [
                make_scenario(name, n_samples=ROWS, n_groups=s.max_groups)
                for name, s in SCENARIOS.items()
            ],
        ),
    ):
        start = time.perf_counter()
        payload = bias_payload(datasets=datasets)
        build_s = time.perf_counter() - start
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        rows.append(
            (
                f"fairness: bias payload, 3 scenarios × {ROWS:,} rows, {label} (raw JSON)",
                f"{len(text) / 1024:.0f} KiB",
                "< 300 KiB",
            )
        )
        rows.append(
            (
                f"fairness: bias payload, {label} (gzip)",
                f"{len(gzip.compress(text)) / 1024:.0f} KiB",
                "",
            )
        )
        rows.append((f"fairness: bias payload build, {label}", f"{build_s:.2f} s", ""))
    return rows


if __name__ == "__main__":
    for name, value, goal in run():
        print(f"{name:<95} {value:>10}  {goal}")
