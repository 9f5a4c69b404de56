# mypy: disable-error-code="import-untyped"
"""The container every fairness dataset comes in: a data frame plus the role of each column."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MISSING_COLUMN = "the column {column!r} named as {role} is not in the data frame"
TARGET_NOT_BINARY = "the target column {column!r} must hold only 0 and 1"
UNKNOWN_PROXY = "{column!r} is not a proxy of this dataset; choose one of {choices}"
PROTECTED_NOT_CATEGORICAL = (
    "the protected column {column!r} must be a pandas Categorical whose categories are the groups"
)


@dataclass(frozen=True, kw_only=True)
class Dataset:
    """A tabular dataset with the role of each column spelled out.

    Parameters
    ----------
    name
        Short identifier, e.g. ``"recrutement"`` or ``"adult"``.
    title
        French title for the learner interface.
    description
        French description for the learner interface (what a row is, what the label means,
        where the bias comes from).
    frame
        One row per person. The protected column is a pandas ``Categorical`` whose
        categories are the groups, in display order.
    target
        The label column: 1 is the favourable outcome (hired, housed, granted, >50K).
    protected
        The protected attribute (sex, presumed origin, age band…).
    proxies
        Columns correlated with the protected attribute that a model can use in its stead.
    features
        Legitimate features: what a decision may lawfully rest on.
    labels
        French label of every column, for the interface.
    positive_label
        French wording of the favourable outcome (``"Candidature retenue"``).
    source
        Where the data comes from (attribution for real data, generator and seed otherwise).
    story
        How the disparities arose, in French sentences, one per step, for the interface.
    """

    name: str
    title: str
    description: str
    frame: pd.DataFrame = field(repr=False)
    target: str
    protected: str
    proxies: tuple[str, ...]
    features: tuple[str, ...]
    labels: Mapping[str, str]
    positive_label: str
    source: str
    story: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        roles = {self.target: "target", self.protected: "protected attribute"}
        roles.update({column: "proxy" for column in self.proxies})
        roles.update({column: "feature" for column in self.features})
        for column, role in roles.items():
            if column not in self.frame.columns:
                raise ValueError(MISSING_COLUMN.format(column=column, role=role))
        if not isinstance(self.frame[self.protected].dtype, pd.CategoricalDtype):
            raise ValueError(PROTECTED_NOT_CATEGORICAL.format(column=self.protected))
        if not np.isin(self.frame[self.target].to_numpy(), (0, 1)).all():
            raise ValueError(TARGET_NOT_BINARY.format(column=self.target))

    @property
    def groups(self) -> tuple[str, ...]:
        """The group labels of the protected attribute, in display order."""
        dtype = self.frame[self.protected].dtype
        assert isinstance(dtype, pd.CategoricalDtype)
        return tuple(str(category) for category in dtype.categories)

    @property
    def group_codes(self) -> np.ndarray:
        """The group of every row as an integer index into :attr:`groups`."""
        codes: np.ndarray = self.frame[self.protected].cat.codes.to_numpy(dtype=np.int64)
        return codes

    @property
    def y(self) -> np.ndarray:
        """The label column as a 0/1 integer array."""
        values: np.ndarray = self.frame[self.target].to_numpy(dtype=np.int64)
        return values

    def proxy_association(self, column: str | None = None) -> float:
        """How strongly a proxy goes with the protected attribute, from 0 (not at all) to 1.

        A numeric proxy gets the correlation ratio η (for two groups it equals the absolute
        point-biserial correlation |r|); a categorical proxy gets Cramér's V (for two groups and
        two categories it equals |φ|).

        Parameters
        ----------
        column
            One of :attr:`proxies`; the first one by default.
        """
        name = self.proxies[0] if column is None else column
        if name not in self.proxies:
            raise ValueError(UNKNOWN_PROXY.format(column=name, choices=", ".join(self.proxies)))
        values = self.frame[name]
        groups = self.group_codes
        if pd.api.types.is_numeric_dtype(values) and not isinstance(
            values.dtype, pd.CategoricalDtype
        ):
            return correlation_ratio(values.to_numpy(dtype=np.float64), groups)
        return cramers_v(pd.factorize(values)[0], groups)


def correlation_ratio(values: np.ndarray, groups: np.ndarray) -> float:
    """The correlation ratio η of a numeric variable with a grouping.

    Examples
    --------
    >>> round(correlation_ratio(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 0, 1, 1])), 4)
    0.8944
    """
    total = ((values - values.mean()) ** 2).sum()
    if total == 0:
        return 0.0
    sizes = np.bincount(groups)
    present = sizes > 0
    means = np.bincount(groups, weights=values)[present] / sizes[present]
    between = (sizes[present] * (means - values.mean()) ** 2).sum()
    return float(np.sqrt(between / total))


def cramers_v(first: np.ndarray, second: np.ndarray) -> float:
    """Cramér's V between two integer-coded categorical variables (no bias correction).

    Examples
    --------
    >>> cramers_v(np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0]))
    1.0
    """
    table = np.zeros((first.max() + 1, second.max() + 1))
    np.add.at(table, (first, second), 1)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    smaller = min(table.shape) - 1
    if smaller == 0:
        return 0.0
    n = table.sum()
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / n
    chi2 = ((table - expected) ** 2 / expected).sum()
    return float(np.sqrt(chi2 / (n * smaller)))
