# mypy: disable-error-code="import-untyped"
"""The container every fairness dataset comes in: a data frame plus the role of each column."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MISSING_COLUMN = "the column {column!r} named as {role} is not in the data frame"
TARGET_NOT_BINARY = "the target column {column!r} must hold only 0 and 1"
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
