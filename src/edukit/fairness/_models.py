# mypy: disable-error-code="import-untyped"
"""Small scikit-learn models trained with or without the protected column, scored on a test split."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from edukit.fairness._dataset import Dataset

ModelName = Literal["logistic", "tree"]
MODELS: tuple[ModelName, ...] = ("logistic", "tree")
UNKNOWN_MODEL = "unknown model {name!r}; choose one of 'logistic', 'tree'"
BAD_TEST_SIZE = "test_size must be strictly between 0 and 1, not {value}"


@dataclass(frozen=True, kw_only=True)
class Scores:
    """A model's scores on the test split, with what is needed to assess them per group.

    Attributes
    ----------
    model
        ``"logistic"`` or ``"tree"``.
    include_protected
        Whether the protected column was among the model's inputs.
    columns
        The input columns of the model.
    y_true
        Historical labels of the test rows (0/1).
    scores
        Predicted probability of the favourable outcome for the test rows.
    groups
        Group index of every test row, into :attr:`group_labels`.
    group_labels
        The groups of the protected attribute.
    """

    model: ModelName
    include_protected: bool
    columns: tuple[str, ...]
    y_true: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)
    groups: np.ndarray = field(repr=False)
    group_labels: tuple[str, ...]


def _estimator(model: ModelName, frame: pd.DataFrame, seed: int) -> Pipeline:
    categorical = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    numeric = [c for c in frame.columns if c not in categorical]
    encode = ColumnTransformer(
        [
            ("numeric", StandardScaler(), numeric),
            # Rare categories (a country of birth seen once) are pooled, so the test split never
            # meets a category the encoder has not seen.
            (
                "categorical",
                OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=20),
                categorical,
            ),
        ]
    )
    classifier: LogisticRegression | DecisionTreeClassifier
    if model == "logistic":
        classifier = LogisticRegression(max_iter=2_000)
    else:
        classifier = DecisionTreeClassifier(max_depth=5, min_samples_leaf=40, random_state=seed)
    return Pipeline([("encode", encode), ("classify", classifier)])


def fit_scores(
    dataset: Dataset,
    *,
    model: ModelName = "logistic",
    include_protected: bool = True,
    test_size: float = 0.3,
    seed: int = 0,
) -> Scores:
    """Train a model on the historical labels and score the held-out rows.

    Parameters
    ----------
    dataset
        A synthetic scenario or the Adult dataset.
    model
        ``"logistic"`` (logistic regression on standardised and one-hot columns) or ``"tree"``
        (a decision tree of depth 5).
    include_protected
        Train with the protected column among the inputs, or without it (the proxies and the
        legitimate features stay).
    test_size
        Share of the rows held out for scoring, stratified on group and label (on the label
        alone when a group has a single row with some label).
    seed
        Seed of the split (and of the tree).

    Examples
    --------
    >>> from edukit.fairness import make_scenario
    >>> data = make_scenario("recrutement", n_samples=1_000, seed=0)
    >>> scores = fit_scores(data, include_protected=False)
    >>> "sexe" in scores.columns, scores.scores.shape
    (False, (300,))
    """
    if model not in MODELS:
        raise ValueError(UNKNOWN_MODEL.format(name=model))
    if not 0.0 < test_size < 1.0:
        raise ValueError(BAD_TEST_SIZE.format(value=test_size))
    columns = (*dataset.features, *dataset.proxies)
    if include_protected:
        columns = (*columns, dataset.protected)
    inputs = dataset.frame.loc[:, list(columns)]
    # Stratify on group and label together so that every group is scored, however small.
    strata = dataset.group_codes * 2 + dataset.y
    if (np.bincount(strata) == 1).any():
        strata = dataset.y
    train_rows, test_rows = train_test_split(
        np.arange(len(inputs)), test_size=test_size, random_state=seed, stratify=strata
    )
    estimator = _estimator(model, inputs, seed)
    estimator.fit(inputs.iloc[train_rows], dataset.y[train_rows])
    probabilities = estimator.predict_proba(inputs.iloc[test_rows])[:, 1]
    return Scores(
        model=model,
        include_protected=include_protected,
        columns=columns,
        y_true=dataset.y[test_rows],
        scores=np.asarray(probabilities, dtype=np.float64),
        groups=dataset.group_codes[test_rows],
        group_labels=dataset.groups,
    )
