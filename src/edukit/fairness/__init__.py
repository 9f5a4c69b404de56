"""Fairness lab: synthetic French scenarios, the Adult dataset, group metrics and threshold sweeps.

Everything here is plain numpy, pandas and scikit-learn: the bias explorer widget only displays
what :func:`bias_payload` computes. The wording follows fairlearn's guide: we *assess* and
*mitigate* disparities.
"""

from edukit.fairness._adult import load_adult
from edukit.fairness._dataset import Dataset
from edukit.fairness._generator import SCENARIOS, GroupSpec, Scenario, make_scenario
from edukit.fairness._metrics import METRICS, Assessment, Disparities, assess
from edukit.fairness._models import MODELS, Scores, fit_scores
from edukit.fairness._payload import BiasPayload, bias_payload
from edukit.fairness._spec import (
    BIAS_OPTION_KEYS,
    DEFAULT_SCENARIOS,
    DERIVED_KEYS,
    BiasSpec,
    bias_spec,
    bias_spec_problems,
    explorer_payload,
)
from edukit.fairness._sweep import Sweep, sweep

__all__ = [
    "BIAS_OPTION_KEYS",
    "DEFAULT_SCENARIOS",
    "DERIVED_KEYS",
    "METRICS",
    "MODELS",
    "SCENARIOS",
    "Assessment",
    "BiasPayload",
    "BiasSpec",
    "Dataset",
    "Disparities",
    "GroupSpec",
    "Scenario",
    "Scores",
    "Sweep",
    "assess",
    "bias_payload",
    "bias_spec",
    "bias_spec_problems",
    "explorer_payload",
    "fit_scores",
    "load_adult",
    "make_scenario",
    "sweep",
]
