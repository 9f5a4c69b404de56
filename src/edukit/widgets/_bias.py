"""The bias explorer: Python precomputes the confusion counts, the widget's JS does the rest.

:func:`edukit.fairness.bias_payload` trains the models and sweeps every threshold; this module
keeps what the page needs (true and false positives per group per threshold, the data summary,
the « you cannot satisfy them all » policies) in one synced trait. The JS recomputes every rate
from those counts, so the site needs no kernel. The Markdown block ``edukit-bias`` builds the
same widget on a lesson page.
"""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

import traitlets
from pydantic import ValidationError

from edukit.fairness import (
    DEFAULT_SCENARIOS,
    DERIVED_KEYS,
    BiasSpec,
    bias_spec,
    explorer_payload,
)
from edukit.widgets._base import STATIC, EdukitWidget

__all__ = ["DERIVED_KEYS", "BiasExplorer", "BiasOptions", "explorer_payload"]

VIEW_KEYS = ("lang", "course")
"""Options every widget has, not part of the explorer's spec."""


class BiasOptions(TypedDict, total=False):
    """Keyword options of :class:`BiasExplorer` (and keys of the ``edukit-bias`` block): the
    fields of :class:`edukit.fairness.BiasSpec`, with the widget's ``lang`` and ``course``."""

    scenarios: list[str]
    n_samples: int
    n_groups: int | None
    seed: int
    model: str
    include_adult: bool
    scenario: str
    threshold: float
    remove_protected: bool
    lang: str
    course: str


class BiasExplorer(EdukitWidget):
    """Explore selection rates, error rates and the 4/5 rule per group as thresholds move.

    Parameters are keyword-only (see :class:`BiasOptions`); changing an option of the data
    (``scenarios``, ``n_samples``, ``n_groups``, ``seed``, ``model``, ``include_adult``) in a
    notebook recomputes the payload. ``scenario``, ``threshold`` and ``remove_protected`` give
    the view the widget opens on, and follow what the learner does.

    Examples
    --------
    >>> explorer = BiasExplorer(scenarios=["credit"], n_samples=1_000, n_groups=3, seed=2)
    >>> explorer.payload["datasets"][0]["groups"]
    ['18–29 ans', '30–59 ans', '60 ans et plus']
    >>> BiasExplorer(scenarios=["loyer"])
    Traceback (most recent call last):
    ...
    ValueError: le scénario « loyer » est inconnu — choisissez parmi recrutement, logement, credit
    """

    widget_name = "bias"
    _esm = STATIC / "bias.js"
    _css = STATIC / "bias.css"

    scenarios = traitlets.List(
        traitlets.Unicode(),
        default_value=list(DEFAULT_SCENARIOS),
        help="Synthetic scenarios to explore: recrutement, logement, credit.",
    ).tag(sync=True)
    n_samples = traitlets.Int(10_000, help="Rows generated per scenario.").tag(sync=True)
    n_groups = traitlets.Int(
        None, allow_none=True, help="Groups per scenario; None = each scenario's default."
    ).tag(sync=True)
    seed = traitlets.Int(0, help="Seed of the scenarios and of the train/test split.").tag(
        sync=True
    )
    model = traitlets.Unicode("logistic", help="'logistic' or 'tree'.").tag(sync=True)
    include_adult = traitlets.Bool(
        False, help="Add the real UCI Adult dataset (CC BY 4.0) after the scenarios."
    ).tag(sync=True)
    scenario = traitlets.Unicode(
        "", help="Id of the dataset shown (empty = the first one); follows the learner."
    ).tag(sync=True)
    threshold = traitlets.Float(
        0.5, help="Global threshold shown (0 to 1); follows the learner."
    ).tag(sync=True)
    remove_protected = traitlets.Bool(
        False, help="Show the model trained without the protected column; follows the learner."
    ).tag(sync=True)
    payload = traitlets.Dict(help="Precomputed counts and summaries (read by the JS).").tag(
        sync=True
    )

    _DATA_OPTIONS = ("scenarios", "n_samples", "n_groups", "seed", "model", "include_adult")

    def __init__(self, **options: Unpack[BiasOptions]) -> None:
        self.reject_unknown(options)
        spec = bias_spec({k: v for k, v in options.items() if k not in VIEW_KEYS})
        self._ready = False
        super().__init__(**{**options, **spec.model_dump()})
        self.payload = explorer_payload(spec)
        self._ready = True

    def spec(self) -> BiasSpec:
        """The explorer's options as they are now (:class:`ValueError` if they are not valid)."""
        return bias_spec({key: getattr(self, key) for key in BiasSpec.model_fields})

    @traitlets.observe(*_DATA_OPTIONS)
    def _options_changed(self, change: Any) -> None:
        if self._ready:
            with self.reporting():
                self.payload = explorer_payload(self.spec())

    @traitlets.validate("threshold")
    def _valid_threshold(self, proposal: Any) -> float:
        try:
            return BiasSpec(threshold=proposal["value"]).threshold
        except ValidationError as error:
            raise traitlets.TraitError(error.errors()[0]["msg"]) from None

    @property
    def dataset_ids(self) -> list[str]:
        """The ids of the explored datasets, in display order."""
        return [dataset["id"] for dataset in self.payload.get("datasets", [])]
