"""Provider presets: each OpenAI-compatible service's quirks as one row of a table.

The client never branches on a provider's name; it reads these fields. Adding a service is
adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROVIDERS", "Provider", "get_provider"]


@dataclass(frozen=True, slots=True)
class Provider:
    """What differs between OpenAI-compatible chat-completion services.

    Attributes
    ----------
    name:
        Short id used by :func:`edukit.llm.preset`.
    label:
        Name shown to learners.
    base_url:
        Default base URL, ending with ``/v1``.
    api_key_env:
        Environment variable holding the key (``None``: the service takes no key).
    key_required:
        Whether a missing key is an error before any request is sent.
    stream_usage:
        Whether ``stream_options: {"include_usage": true}`` may be sent (Mistral rejects it).
    max_tokens_field:
        Name of the output-length field (OpenAI prefers ``max_completion_tokens``,
        Mistral rejects it and wants ``max_tokens``).
    seed_field:
        Name of the sampling seed (Mistral: ``random_seed``); ``None`` drops the seed.
    note_fr:
        One French sentence for trainers (how to start it, CORS).
    """

    name: str
    label: str
    base_url: str
    api_key_env: str | None
    key_required: bool
    stream_usage: bool
    max_tokens_field: str
    seed_field: str | None
    note_fr: str


PROVIDERS: dict[str, Provider] = {
    provider.name: provider
    for provider in (
        Provider(
            name="openai",
            label="OpenAI",
            base_url="https://api.openai.com/v1",
            api_key_env="OPENAI_API_KEY",
            key_required=True,
            stream_usage=True,
            max_tokens_field="max_completion_tokens",
            seed_field="seed",
            note_fr="Service américain payant ; la clé se crée dans le tableau de bord du compte.",
        ),
        Provider(
            name="mistral",
            label="Mistral AI",
            base_url="https://api.mistral.ai/v1",
            api_key_env="MISTRAL_API_KEY",
            key_required=True,
            stream_usage=False,
            max_tokens_field="max_tokens",
            seed_field="random_seed",
            note_fr="Service français ; refuse stream_options, max_completion_tokens et seed.",
        ),
        Provider(
            name="albert",
            label="Albert (API de l'État)",
            base_url="https://albert.api.etalab.gouv.fr/v1",
            api_key_env="ALBERT_API_KEY",
            key_required=True,
            stream_usage=False,
            max_tokens_field="max_tokens",
            seed_field="seed",
            note_fr="API de l'État français réservée aux agents publics ; clé fournie par la DINUM.",
        ),
        Provider(
            name="ollama",
            label="Ollama (sur cet ordinateur)",
            base_url="http://127.0.0.1:11434/v1",
            api_key_env=None,
            key_required=False,
            stream_usage=True,
            max_tokens_field="max_tokens",
            seed_field="seed",
            note_fr="Lancez « ollama serve » ; depuis le site, autorisez l'origine avec OLLAMA_ORIGINS.",
        ),
        Provider(
            name="llamacpp",
            label="llama.cpp server (sur cet ordinateur)",
            base_url="http://127.0.0.1:8080/v1",
            api_key_env="LLAMA_API_KEY",
            key_required=False,
            stream_usage=True,
            max_tokens_field="max_tokens",
            seed_field="seed",
            note_fr="Lancez « llama-server -m modele.gguf » ; la clé n'est utile qu'avec --api-key.",
        ),
    )
}

GENERIC = Provider(
    name="generic",
    label="Service compatible OpenAI",
    base_url="",
    api_key_env=None,
    key_required=False,
    stream_usage=False,
    max_tokens_field="max_tokens",
    seed_field="seed",
    note_fr="Service compatible OpenAI configuré à la main.",
)


def get_provider(name: str) -> Provider:
    """The preset called ``name``.

    Examples
    --------
    >>> get_provider("mistral").seed_field
    'random_seed'
    >>> get_provider("bard")
    Traceback (most recent call last):
    ...
    KeyError: "unknown provider 'bard'; choose one of: openai, mistral, albert, ollama, llamacpp"
    """
    try:
        return PROVIDERS[name]
    except KeyError:
        raise KeyError(
            f"unknown provider {name!r}; choose one of: {', '.join(PROVIDERS)}"
        ) from None
