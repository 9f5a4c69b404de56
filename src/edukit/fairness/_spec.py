"""The options of a bias explorer, checked once: :class:`BiasSpec` and its page payload.

The same rules serve the ``edukit-bias`` block of a lesson (author mistakes become
``path:line`` problems, see :func:`bias_spec_problems`) and the ``BiasExplorer`` widget of a
notebook (a :class:`ValueError` with the same French sentences). :func:`explorer_payload`
computes what the widget ships from a valid spec.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from edukit._problems import Problem
from edukit.fairness._adult import load_adult
from edukit.fairness._generator import SCENARIOS, make_scenario
from edukit.fairness._models import MODELS
from edukit.fairness._payload import bias_payload

__all__ = [
    "BIAS_OPTION_KEYS",
    "DEFAULT_SCENARIOS",
    "DERIVED_KEYS",
    "MAX_SAMPLES",
    "MIN_SAMPLES",
    "BiasSpec",
    "bias_spec",
    "bias_spec_problems",
    "explorer_payload",
]

DEFAULT_SCENARIOS = ("recrutement", "logement", "credit")
MIN_SAMPLES = 200
MAX_SAMPLES = 100_000
ADULT_ID = "adult"
#: Curves the JS recomputes from ``tp``/``fp``: shipping them would quadruple the page weight.
DERIVED_KEYS = ("by_group", "overall", "disparities")
SPEC_ERROR = "edukit_bias"
"""pydantic error type of the spec's own rules (their message and hint are already French)."""

NO_SCENARIO = (
    "« scenarios » est vide et include_adult vaut false",
    "donnez au moins un scénario ({choices}) ou écrivez include_adult: true",
)
UNKNOWN_SCENARIO = ("le scénario « {name} » est inconnu", "choisissez parmi {choices}")
DUPLICATE_SCENARIO = (
    "le scénario « {name} » est listé deux fois",
    "listez chaque scénario une fois",
)
NOT_A_LIST = ("« scenarios » doit être une liste de scénarios", "écrivez scenarios: [{choices}]")
BAD_SAMPLES = (
    "« n_samples » doit être un nombre entier entre {low} et {high}, pas {value!r}",
    "par exemple n_samples: 10000",
)
BAD_GROUPS = (
    "n_groups: {value} est impossible pour le scénario « {name} » ({low} à {high} groupes)",
    "retirez n_groups, ou gardez les scénarios qui permettent {value} groupes",
)
BAD_GROUPS_TYPE = (
    "« n_groups » doit être un nombre entier, pas {value!r}",
    "par exemple n_groups: 3",
)
BAD_SEED = (
    "« seed » doit être un nombre entier positif ou nul, pas {value!r}",
    "par exemple seed: 0",
)
BAD_MODEL = ("« model » doit valoir logistic ou tree, pas {value!r}", "écrivez model: logistic")
BAD_THRESHOLD = (
    "« threshold » doit être un nombre entre 0 et 1, pas {value!r}",
    "par exemple threshold: 0.5",
)
BAD_FLAG = ("« {key} » doit valoir true ou false, pas {value!r}", "écrivez {key}: true")
BAD_START = ("« scenario » doit être l'identifiant d'un scénario, pas {value!r}", "")
UNKNOWN_START = (
    "le scénario de départ « {value} » ne fait pas partie des jeux explorés ({choices})",
    "choisissez l'un d'eux, ou ajoutez-le à « scenarios »",
)


def _fail(rule: tuple[str, str], **values: Any) -> PydanticCustomError:
    message, hint = rule
    return PydanticCustomError(
        SPEC_ERROR, message.format(**values), {"hint": hint.format(**values)}
    )


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _samples(value: Any) -> int:
    if not _whole(value) or not MIN_SAMPLES <= value <= MAX_SAMPLES:
        raise _fail(
            BAD_SAMPLES,
            low=f"{MIN_SAMPLES}",
            high=f"{MAX_SAMPLES:_}".replace("_", " "),
            value=value,
        )
    return int(value)


def _groups(value: Any) -> int | None:
    if value is not None and not _whole(value):
        raise _fail(BAD_GROUPS_TYPE, value=value)
    return value  # type: ignore[no-any-return]


def _seed(value: Any) -> int:
    if not _whole(value) or value < 0:
        raise _fail(BAD_SEED, value=value)
    return int(value)


def _model(value: Any) -> str:
    if value not in MODELS:
        raise _fail(BAD_MODEL, value=value)
    return str(value)


def _threshold(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise _fail(BAD_THRESHOLD, value=value)
    return float(value)


def _scenarios(value: Any) -> list[str]:
    choices = ", ".join(SCENARIOS)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _fail(NOT_A_LIST, choices=choices)
    names = list(value)
    for index, name in enumerate(names):
        if name not in SCENARIOS:
            raise _fail(UNKNOWN_SCENARIO, name=name, choices=choices)
        if name in names[:index]:
            raise _fail(DUPLICATE_SCENARIO, name=name)
    return names


def _start(value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(BAD_START, value=value)
    return value


def _flag(key: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise _fail(BAD_FLAG, key=key, value=value)
        return value

    return check


class BiasSpec(BaseModel):
    """What a bias explorer shows: the data it explores and the view it opens on.

    The data options (``scenarios``, ``n_samples``, ``n_groups``, ``seed``, ``model``,
    ``include_adult``) decide the payload; ``scenario``, ``threshold`` and
    ``remove_protected`` only the first view.

    Examples
    --------
    >>> BiasSpec(scenarios=["credit"], n_groups=3).dataset_ids
    ['credit']
    >>> bias_spec({"scenarios": ["loyer"]})
    Traceback (most recent call last):
    ...
    ValueError: le scénario « loyer » est inconnu — choisissez parmi recrutement, logement, credit
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenarios: Annotated[list[str], BeforeValidator(_scenarios)] = list(DEFAULT_SCENARIOS)
    """Synthetic scenarios to explore: recrutement, logement, credit."""
    n_samples: Annotated[int, BeforeValidator(_samples)] = 10_000
    """Rows generated per scenario."""
    n_groups: Annotated[int | None, BeforeValidator(_groups)] = None
    """Groups per scenario; ``None`` = each scenario's default."""
    seed: Annotated[int, BeforeValidator(_seed)] = 0
    """Seed of the scenarios and of the train/test split."""
    model: Annotated[str, BeforeValidator(_model)] = "logistic"
    """``logistic`` or ``tree``."""
    include_adult: Annotated[bool, BeforeValidator(_flag("include_adult"))] = False
    """Add the real UCI Adult dataset (CC BY 4.0) after the scenarios."""
    scenario: Annotated[str, BeforeValidator(_start)] = ""
    """Id of the dataset shown first (empty = the first one)."""
    threshold: Annotated[float, BeforeValidator(_threshold)] = 0.5
    """Global threshold shown first (0 to 1)."""
    remove_protected: Annotated[bool, BeforeValidator(_flag("remove_protected"))] = False
    """Show the model trained without the protected column first."""

    @model_validator(mode="after")
    def _consistent(self) -> BiasSpec:
        if not self.scenarios and not self.include_adult:
            raise _fail(NO_SCENARIO, choices=", ".join(SCENARIOS))
        for name in self.scenarios:
            spec = SCENARIOS[name]
            if self.n_groups is not None and self.n_groups not in spec.group_sets:
                raise _fail(
                    BAD_GROUPS,
                    value=self.n_groups,
                    name=name,
                    low=spec.min_groups,
                    high=spec.max_groups,
                )
        if self.scenario and self.scenario not in self.dataset_ids:
            raise _fail(UNKNOWN_START, value=self.scenario, choices=", ".join(self.dataset_ids))
        return self

    @property
    def dataset_ids(self) -> list[str]:
        """The ids of the explored datasets, in display order."""
        return [*self.scenarios, *([ADULT_ID] if self.include_adult else [])]

    def data_options(self) -> dict[str, Any]:
        """The options that decide the payload (the others only set the first view)."""
        return self.model_dump(include=set(DATA_KEYS))


BIAS_OPTION_KEYS = tuple(BiasSpec.model_fields)
"""Every option of a bias explorer (the keys of an ``edukit-bias`` block, with ``lang``)."""
DATA_KEYS = ("scenarios", "n_samples", "n_groups", "seed", "model", "include_adult")


def _messages(error: ValidationError) -> list[str]:
    sentences = []
    for details in error.errors():
        if details["type"] == SPEC_ERROR:
            hint = (details.get("ctx") or {}).get("hint", "")
            sentences.append(details["msg"] + (f" — {hint}" if hint else ""))
        elif details["type"] == "extra_forbidden":
            sentences.append(
                f"l'option « {details['loc'][-1]} » est inconnue — options connues : "
                + ", ".join(BIAS_OPTION_KEYS)
            )
        else:  # pragma: no cover - every field has a before-validator of its own
            sentences.append(f"« {details['loc'][-1]} » : {details['msg']}")
    return sentences


def bias_spec(options: Mapping[str, Any]) -> BiasSpec:
    """``options`` checked; :class:`ValueError` (French sentences) when they are not valid."""
    try:
        return BiasSpec.model_validate(dict(options))
    except ValidationError as error:
        raise ValueError("; ".join(_messages(error))) from None


def bias_spec_problems(
    error: ValidationError, line_of: Callable[[tuple[str | int, ...]], tuple[Path, int | None]]
) -> list[Problem]:
    """One ``path:line`` problem per mistake of a :class:`BiasSpec` (``line_of(loc)`` gives the
    file and line of a key: :meth:`edukit.site.blocks.BlockContext.line_of` for a block)."""
    from edukit.course import problems_from_validation

    problems = problems_from_validation(error, BiasSpec, line_of)
    for index, details in enumerate(error.errors()):
        if details["type"] == SPEC_ERROR:
            path, line = line_of(tuple(details["loc"]))
            hint = str((details.get("ctx") or {}).get("hint", ""))
            problems[index] = Problem(path, line, details["msg"], hint)
    return problems


def explorer_payload(spec: BiasSpec | None = None, **options: Any) -> dict[str, Any]:
    """The bias payload the widget ships: :func:`~edukit.fairness.bias_payload` without the
    rate curves the JS derives from the counts (``by_group``, ``overall``, ``disparities``).

    ``spec``, or ``options`` checked as one (the view options do not change the payload).

    Examples
    --------
    >>> payload = explorer_payload(scenarios=["recrutement"], n_samples=1_000)
    >>> [d["id"] for d in payload["datasets"]], len(payload["thresholds"])
    (['recrutement'], 101)
    >>> sorted(payload["datasets"][0]["variants"][0])[:4]
    ['columns', 'fp', 'impossibility', 'include_protected']
    """
    spec = spec if spec is not None else bias_spec(options)
    datasets = [
        make_scenario(name, n_samples=spec.n_samples, n_groups=spec.n_groups, seed=spec.seed)
        for name in spec.scenarios
    ]
    if spec.include_adult:
        datasets.append(load_adult())
    full = bias_payload(datasets=datasets, model=spec.model, seed=spec.seed)  # type: ignore[arg-type]
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
