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

from edukit.site._widgets import BlockContext, register_block
from edukit.widgets._base import STATIC, EdukitWidget

__all__ = ["BiasExplorer", "BiasOptions", "bias_block", "explorer_payload"]

DEFAULT_SCENARIOS = ("recrutement", "logement", "credit")
MAX_SAMPLES = 100_000
#: Curves the JS recomputes from ``tp``/``fp``: shipping them would quadruple the page weight.
DERIVED_KEYS = ("by_group", "overall", "disparities")

NO_SCENARIO = "scenarios is empty and include_adult is False — give at least one scenario ({choices}) or include_adult=True"
UNKNOWN_SCENARIO = "unknown scenario {name!r} — choose among {choices}"
DUPLICATE_SCENARIO = "scenario {name!r} is listed twice — list each scenario once"
BAD_SAMPLES = "n_samples must be between {low:,} and {high:,}, not {value!r}"
BAD_GROUPS = (
    "n_groups={value} is not possible for scenario {name!r} ({low} to {high} groups) — "
    "leave n_groups unset or choose scenarios that allow it"
)
BAD_SEED = "seed must be a whole number from 0, not {value!r}"
BAD_MODEL = "model must be 'logistic' or 'tree', not {value!r}"
BAD_THRESHOLD = "threshold must be between 0 and 1, not {value!r}"
UNKNOWN_START = "scenario {value!r} is not among the explored datasets ({choices})"


class BiasOptions(TypedDict, total=False):
    """Keyword options of :class:`BiasExplorer` (and keys of the ``edukit-bias`` block)."""

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


def explorer_payload(
    *,
    scenarios: list[str] | tuple[str, ...] = DEFAULT_SCENARIOS,
    n_samples: int = 10_000,
    n_groups: int | None = None,
    seed: int = 0,
    model: str = "logistic",
    include_adult: bool = False,
) -> dict[str, Any]:
    """The bias payload the widget ships: :func:`~edukit.fairness.bias_payload` without the
    rate curves the JS derives from the counts (``by_group``, ``overall``, ``disparities``).

    Examples
    --------
    >>> payload = explorer_payload(scenarios=["recrutement"], n_samples=1_000)
    >>> [d["id"] for d in payload["datasets"]], len(payload["thresholds"])
    (['recrutement'], 101)
    >>> sorted(payload["datasets"][0]["variants"][0])[:4]
    ['columns', 'fp', 'impossibility', 'include_protected']
    """
    from edukit.fairness import SCENARIOS, bias_payload, load_adult, make_scenario
    from edukit.fairness._models import MODELS

    names = list(scenarios)
    if not names and not include_adult:
        raise ValueError(NO_SCENARIO.format(choices=", ".join(SCENARIOS)))
    for index, name in enumerate(names):
        if name not in SCENARIOS:
            raise ValueError(UNKNOWN_SCENARIO.format(name=name, choices=", ".join(SCENARIOS)))
        if name in names[:index]:
            raise ValueError(DUPLICATE_SCENARIO.format(name=name))
        spec = SCENARIOS[name]
        if n_groups is not None and n_groups not in spec.group_sets:
            raise ValueError(
                BAD_GROUPS.format(
                    value=n_groups, name=name, low=spec.min_groups, high=spec.max_groups
                )
            )
    if isinstance(n_samples, bool) or not 200 <= n_samples <= MAX_SAMPLES:
        raise ValueError(BAD_SAMPLES.format(low=200, high=MAX_SAMPLES, value=n_samples))
    if isinstance(seed, bool) or seed < 0:
        raise ValueError(BAD_SEED.format(value=seed))
    if model not in MODELS:
        raise ValueError(BAD_MODEL.format(value=model))
    datasets = [
        make_scenario(name, n_samples=n_samples, n_groups=n_groups, seed=seed) for name in names
    ]
    if include_adult:
        datasets.append(load_adult())
    full = bias_payload(datasets=datasets, model=model, seed=seed)
    payload: dict[str, Any] = dict(full)
    payload["datasets"] = [
        {
            **dataset,
            "variants": [
                {key: value for key, value in variant.items() if key not in DERIVED_KEYS}
                for variant in dataset["variants"]
            ],
        }
        for dataset in full["datasets"]
    ]
    return payload


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
    ValueError: unknown scenario 'loyer' — choose among recrutement, logement, credit
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

    def __init__(self, **kwargs: Unpack[BiasOptions]) -> None:
        self._ready = False
        super().__init__(**kwargs)
        self._ready = True
        self._refresh()

    def _refresh(self) -> None:
        payload = explorer_payload(
            scenarios=list(self.scenarios),
            n_samples=self.n_samples,
            n_groups=self.n_groups,
            seed=self.seed,
            model=self.model,
            include_adult=self.include_adult,
        )
        ids = [dataset["id"] for dataset in payload["datasets"]]
        if self.scenario and self.scenario not in ids:
            raise ValueError(UNKNOWN_START.format(value=self.scenario, choices=", ".join(ids)))
        self.payload = payload

    @traitlets.observe(*_DATA_OPTIONS)
    def _options_changed(self, change: Any) -> None:
        if self._ready:
            with self.reporting():
                self._refresh()

    @traitlets.validate("threshold")
    def _valid_threshold(self, proposal: Any) -> float:
        value = float(proposal["value"])
        if not 0.0 <= value <= 1.0:
            raise traitlets.TraitError(BAD_THRESHOLD.format(value=proposal["value"]))
        return value

    @property
    def dataset_ids(self) -> list[str]:
        """The ids of the explored datasets, in display order."""
        return [dataset["id"] for dataset in self.payload.get("datasets", [])]


def bias_block(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """Builder of the ``edukit-bias`` Markdown block (YAML keys: :class:`BiasOptions`)."""
    from edukit._problems import ProblemError

    options = dict(data)
    options.setdefault("lang", context.lang)
    try:
        widget = BiasExplorer(**options)
    except (ValueError, TypeError) as error:
        raise ProblemError(
            [context.problem(f"the 'edukit-bias' block is not valid: {error}")]
        ) from None
    return "bias", widget.page_state()["state"]


def bias_inputs(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
    """What a bias block reads besides its YAML: nothing. Its scenarios are generated from the
    options and the Adult data ships in :mod:`edukit.fairness`, both covered by edukit's source
    fingerprint, which every cache key holds."""
    return []


register_block("bias", bias_block, inputs=bias_inputs)
