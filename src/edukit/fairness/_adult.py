# mypy: disable-error-code="import-untyped"
"""The UCI Adult dataset (Becker & Kohavi, 1996; CC BY 4.0), shipped with edukit and read offline."""

from __future__ import annotations

import gzip
from importlib import resources
from typing import Literal

import pandas as pd

from edukit.fairness._dataset import Dataset

ADULT_FILE = "adult.csv.gz"
ADULT_LICENSE_FILE = "ADULT-LICENSE.md"
ADULT_ATTRIBUTION = (
    "Becker, B. & Kohavi, R. (1996). Adult [Dataset]. UCI Machine Learning Repository. "
    "https://doi.org/10.24432/C5XW20 — CC BY 4.0"
)
UNKNOWN_PROTECTED = "protected must be 'sex' or 'race', not {value!r}"

_LABELS = {
    "age": "Âge",
    "workclass": "Type d'employeur",
    "education": "Diplôme",
    "education_num": "Années d'études",
    "marital_status": "Situation conjugale",
    "occupation": "Profession",
    "relationship": "Place dans le foyer",
    "race": "Catégorie « race » du recensement américain",
    "sex": "Sexe",
    "capital_gain": "Plus-values",
    "capital_loss": "Moins-values",
    "hours_per_week": "Heures travaillées par semaine",
    "native_country": "Pays de naissance",
    "income": "Revenu annuel supérieur à 50 000 $",
    "split": "Partie du jeu (entraînement ou test)",
}

# French group labels, in display order; the keys are the census's own categories.
_GROUPS: dict[str, dict[str, str]] = {
    "sex": {"Female": "Femme", "Male": "Homme"},
    "race": {
        "White": "Blanche",
        "Black": "Noire",
        "Asian-Pac-Islander": "Asiatique ou îles du Pacifique",
        "Amer-Indian-Eskimo": "Amérindienne ou inuite",
        "Other": "Autre",
    },
}

# Columns a model may use in place of the protected attribute: « Husband » / « Wife » in
# `relationship` gives the sex away, the country of birth partly gives the census race away.
_PROXIES = {"sex": ("relationship", "marital_status"), "race": ("native_country",)}

_FEATURES = (
    "age",
    "workclass",
    "education_num",
    "occupation",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
)

_DESCRIPTION = (
    "Recensement américain de 1994 : une ligne par adulte. L'étiquette indique si le revenu "
    "annuel dépasse 50 000 $. Les écarts entre groupes reflètent les inégalités de revenu de "
    "l'époque ; la colonne « place dans le foyer » (mari, épouse…) révèle le sexe."
)

_STORY = (
    "Les données viennent du recensement américain de 1994 : ce sont de vraies personnes.",
    "L'étiquette (revenu supérieur à 50 000 $) reflète les inégalités de salaire et d'accès "
    "aux emplois de l'époque.",
    "La colonne « place dans le foyer » (mari, épouse…) et la situation conjugale révèlent le "
    "sexe : les retirer ou non change ce que le modèle peut apprendre.",
)


def adult_license_text() -> str:
    """The attribution and licence notice that ships beside the Adult data.

    Examples
    --------
    >>> "10.24432/C5XW20" in adult_license_text()
    True
    """
    return (resources.files("edukit.fairness") / "data" / ADULT_LICENSE_FILE).read_text("utf-8")


def load_adult(*, protected: Literal["sex", "race"] = "sex", drop_missing: bool = True) -> Dataset:
    """Load the UCI Adult dataset shipped with edukit (no network access).

    Parameters
    ----------
    protected
        The protected attribute: ``"sex"`` (2 groups) or ``"race"`` (the census's 5 categories).
        The other one is kept in the frame but left out of the features.
    drop_missing
        Drop the rows with a missing value (``?`` in the original files), as is customary.

    Returns
    -------
    Dataset
        45,222 rows (48,842 with ``drop_missing=False``), ``income`` as the 0/1 target and the
        protected column as a Categorical with French group labels.

    Examples
    --------
    >>> adult = load_adult()
    >>> adult.frame.shape
    (45222, 15)
    >>> adult.groups
    ('Femme', 'Homme')
    """
    if protected not in _GROUPS:
        raise ValueError(UNKNOWN_PROTECTED.format(value=protected))
    path = resources.files("edukit.fairness") / "data" / ADULT_FILE
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        frame = pd.read_csv(text, keep_default_na=False, na_values=[""])
    if drop_missing:
        frame = frame.dropna().reset_index(drop=True)
    for column, mapping in _GROUPS.items():
        frame[column] = pd.Categorical(
            frame[column].map(mapping), categories=list(mapping.values())
        )
    return Dataset(
        name="adult",
        title="Revenus aux États-Unis (recensement de 1994)",
        description=_DESCRIPTION,
        frame=frame,
        target="income",
        protected=protected,
        proxies=_PROXIES[protected],
        features=_FEATURES
        + tuple(
            column
            for other, columns in _PROXIES.items()
            if other != protected
            for column in columns
        ),
        labels=dict(_LABELS),
        positive_label="Revenu supérieur à 50 000 $",
        source=ADULT_ATTRIBUTION,
        story=_STORY,
    )
