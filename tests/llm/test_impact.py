"""Offline token counts and ecologits impact estimates."""

from __future__ import annotations

import pytest

from edukit.llm import (
    ImpactUnavailable,
    count_tokens,
    estimate_impact,
    estimate_impact_open,
    estimate_tokens,
)


@pytest.mark.slow
def test_tokens_come_from_the_shipped_bpe() -> None:
    result = count_tokens("Bonjour, je voudrais un résumé de la réunion.")
    assert result.method == "o200k_base" and result.exact
    assert 8 <= result.count <= 14
    assert count_tokens("").count == 0


def test_estimate_is_close_to_the_tokenizer_on_french() -> None:
    text = (
        "Un modèle de langage prédit le mot suivant à partir des mots précédents. "
        "La température règle la part de hasard dans le choix."
    ) * 5
    exact = count_tokens(text).count
    assert abs(estimate_tokens(text) - exact) / exact < 0.3


def test_impact_scales_with_tokens_and_mix() -> None:
    small = estimate_impact("mistral", "mistral-small-latest", 100)
    large = estimate_impact("mistral", "mistral-small-latest", 1000)
    assert small.zone == "FRA"
    assert large.energy_kwh[0] > small.energy_kwh[0] > 0
    usa = estimate_impact("mistral", "mistral-small-latest", 1000, zone="USA")
    assert usa.gwp_kgco2eq[0] > large.gwp_kgco2eq[0]  # French electricity emits less
    assert usa.energy_kwh == pytest.approx(large.energy_kwh)
    payload = small.to_dict()
    assert payload["energy_wh"][0] == pytest.approx(small.energy_kwh[0] * 1000)


def test_open_model_by_size() -> None:
    seven = estimate_impact_open(7, 500)
    seventy = estimate_impact_open(70, 500)
    assert seventy.energy_kwh[0] > seven.energy_kwh[0] > 0


def test_unknown_model_or_provider_is_explained() -> None:
    with pytest.raises(ImpactUnavailable, match="ne connaît pas"):
        estimate_impact("mistral", "no-such-model", 10)
    with pytest.raises(ImpactUnavailable, match="estimate_impact_open"):
        estimate_impact("ollama", "llama3", 10)
    with pytest.raises(ImpactUnavailable, match="Zone"):
        estimate_impact_open(7, 10, zone="XXX")
