"""Item statistics against a hand-computed example: 10 learners × 12 items (0/1 scores).

The matrix is ``tests/fixtures/progress/stats/reponses-10x12.csv``. Totals of p01…p10:
11, 10, 9, 8, 7, 6, 6, 4, 4, 2 (mean 6.7, population variance 74.1 / 10 = 7.41).

By hand:

- facility = share right: q01 0.9, q02 0.8, q03 0.7, q04 0.6, q05 0.6, q06 0.5, q07 0.5,
  q08 0.4, q09 0.3, q10 0.4, q11 1 (everyone), q12 0 (no one).
- discrimination of q01 = corr(item, rest of test). Item: nine 1 then 0 (mean 0.9, variance
  0.09). Rest = total − item: 10, 9, 8, 7, 6, 5, 5, 3, 3, 2 (mean 5.8; squared deviations sum
  to 65.6, variance 6.56). Covariance: 0.1 × (56 − 9 × 5.8) + (−0.9) × (2 − 5.8) = 0.38 + 3.42
  = 3.8, divided by 10 = 0.38. r = 0.38 / √(0.09 × 6.56) = 0.38 / 0.76837 = 0.4946.
- Cronbach's alpha = KR-20 = 12/11 × (1 − Σ p(1 − p) / 7.41); Σ p(1 − p) = 0.09 + 0.16 + 0.21
  + 0.24 + 0.24 + 0.25 + 0.25 + 0.24 + 0.21 + 0.24 + 0 + 0 = 2.13; alpha = 1.0909 × 0.71255
  = 0.7773.
- upper–lower 27 %: ⌈2.7⌉ = 3 learners a group; for q10, upper p01, p02, p03 score 1, 0, 1
  (0.667), lower p10, p08, p09 score 0, 0, 1 (0.333): index 0.333.

Every discrimination is also checked against an independent numpy calculation
(``numpy.corrcoef`` of the item with the rest of the test), which gave:
q01 0.4946, q02 0.3729, q03 0.5345, q04 0.7318, q05 0.4467, q06 0.4029, q07 0.6786,
q08 0.4829, q09 0.5150, q10 0.0617, q11 and q12 undefined (no variance).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from edukit.progress._stats import form_statistics

MATRIX = Path(__file__).parents[1] / "fixtures" / "progress" / "stats" / "reponses-10x12.csv"

HAND_DISCRIMINATION = {
    "q01": 0.4946, "q02": 0.3729, "q03": 0.5345, "q04": 0.7318, "q05": 0.4467, "q06": 0.4029,
    "q07": 0.6786, "q08": 0.4829, "q09": 0.5150, "q10": 0.0617, "q11": None, "q12": None,
}  # fmt: skip


def _answers() -> dict[str, dict[str, float]]:
    with MATRIX.open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    header = rows[0][1:]
    return {row[0]: dict(zip(header, map(float, row[1:]), strict=True)) for row in rows[1:]}


def test_hand_computed_example() -> None:
    stats = form_statistics(_answers())
    assert stats.learners == 10
    assert stats.mean == pytest.approx(6.7)
    by_item = {item.item: item for item in stats.items}
    assert [round(by_item[f"q{i:02d}"].facility, 2) for i in range(1, 13)] == [
        0.9, 0.8, 0.7, 0.6, 0.6, 0.5, 0.5, 0.4, 0.3, 0.4, 1.0, 0.0,
    ]  # fmt: skip
    for item, expected in HAND_DISCRIMINATION.items():
        found = by_item[item].discrimination
        if expected is None:
            assert found is None, item
        else:
            assert found == pytest.approx(expected, abs=5e-5), item
    assert stats.alpha == pytest.approx(0.7773, abs=5e-5)
    assert by_item["q10"].upper_lower == pytest.approx(1 / 3)
    assert by_item["q01"].upper_lower == pytest.approx(1 / 3)  # upper 1, 1, 1; lower 0, 1, 1


def test_against_an_independent_numpy_calculation() -> None:
    answers = _answers()
    items = list(next(iter(answers.values())))
    matrix = np.array([[scores[item] for item in items] for scores in answers.values()])
    totals = matrix.sum(axis=1)
    stats = form_statistics(answers)
    for column, item in enumerate(stats.items):
        scores = matrix[:, column]
        if scores.std() == 0:
            assert item.discrimination is None
            continue
        expected = np.corrcoef(scores, totals - scores)[0, 1]
        assert item.discrimination == pytest.approx(expected)
    k = len(items)
    alpha = k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert stats.alpha == pytest.approx(alpha)


def test_items_to_review_and_their_reasons() -> None:
    by_item = {item.item: item for item in form_statistics(_answers()).items}
    assert by_item["q11"].reasons == ("tout le monde a répondu juste",)
    assert by_item["q12"].reasons == ("personne n'a répondu juste",)
    assert by_item["q10"].reasons == ("discrimination faible (< 0,2)",)
    assert by_item["q01"].reasons == ()  # 0.9 is not above 0.9
    assert [item for item, stats in by_item.items() if stats.to_review] == ["q10", "q11", "q12"]


def test_unanswered_items_score_zero_and_empty_learners_are_left_out() -> None:
    stats = form_statistics({"a": {"q1": 1.0, "q2": 1.0}, "b": {"q1": 1.0}, "c": {}})
    assert stats.learners == 2
    assert [item.facility for item in stats.items] == [1.0, 0.5]
    assert not stats.reliable
    assert form_statistics({}).items == []


def test_negative_discrimination_and_very_hard_items() -> None:
    answers = {f"p{i}": {"good": float(i >= 5), "bad": float(i < 1)} for i in range(10)}
    by_item = {item.item: item for item in form_statistics(answers).items}
    assert by_item["bad"].facility == pytest.approx(0.1)
    assert by_item["bad"].reasons == ("très difficile (facilité < 20 %)", "discrimination négative")
