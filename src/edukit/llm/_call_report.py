"""What the playground tells a learner about one call to a model: which model (never its key),
how many tokens, and an order of magnitude of its energy and emissions."""

from __future__ import annotations

import logging
from typing import Any

from edukit.llm._impact import ImpactUnavailable, count_tokens, estimate_impact, reference_impact
from edukit.llm._openai import OpenAICompatible
from edukit.llm._types import Usage

__all__ = ["backend_label", "call_impact", "call_report"]

_LOG = logging.getLogger(__name__)
HOSTED_SOURCE = "Estimation EcoLogits (GenAI Impact), mix électrique français."


def backend_label(backend: Any) -> str:
    """A short, key-free name of a backend for the interface.

    Examples
    --------
    >>> from edukit.llm import Scripted, preset
    >>> backend_label(preset("ollama", model="qwen2.5:0.5b")), backend_label(Scripted([]))
    ('Ollama (sur cet ordinateur) · qwen2.5:0.5b', 'Réponses préparées (Scripted)')
    """
    if isinstance(backend, OpenAICompatible):
        return f"{backend.provider.label} · {backend.model}"
    name = type(backend).__name__
    if name == "Scripted":
        return "Réponses préparées (Scripted)"
    if name == "MiniModel":
        return "Mini modèle du cours (Python)"
    return name


def call_impact(backend: Any, output_tokens: int) -> dict[str, Any] | None:
    """The impact of one call: EcoLogits for a hosted model it knows, else a reference model.

    Examples
    --------
    >>> from edukit.llm import preset
    >>> call_impact(preset("ollama", model="qwen2.5:0.5b"), 100)["label"]
    'Modèle ouvert moyen (8 milliards de paramètres) (référence)'
    """
    if isinstance(backend, OpenAICompatible) and backend.provider.name in ("openai", "mistral"):
        try:
            impact = estimate_impact(backend.provider.name, backend.model, output_tokens)
        except (ImportError, ImpactUnavailable) as error:  # unknown model: a reference below
            _LOG.info("no EcoLogits estimate for %s: %s", backend.model, error)
        else:
            data = impact.to_dict()
            return {
                "label": f"{backend.provider.label} · {backend.model}",
                "energy_wh": data["energy_wh"],
                "gwp_gco2eq": data["gwp_gco2eq"],
                "source": HOSTED_SOURCE,
            }
    return reference_impact(output_tokens)


def call_report(backend: Any, prompt: str, text: str, usage: Usage | None) -> dict[str, Any]:
    """The tokens of a finished call (the service's count when it gave one, else counted
    offline) and its impact.

    Examples
    --------
    >>> from edukit.llm import Scripted
    >>> report = call_report(Scripted([]), "Bonjour", "Bonjour à vous.", None)
    >>> report["tokens"]["output"] > 0, report["tokens"]["method"] != "service"
    (True, True)
    """
    tokens: dict[str, Any]
    if usage is not None:
        tokens = {
            "prompt": usage.prompt_tokens,
            "output": usage.completion_tokens,
            "method": "service",
        }
    else:
        output = count_tokens(text)
        tokens = {"prompt": count_tokens(prompt).count, "output": output.count}
        tokens["method"] = output.method
    return {"tokens": tokens, "impact": call_impact(backend, int(tokens["output"]))}
