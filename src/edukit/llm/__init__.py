"""Language-model backends, the mini word-level model, prompt analysis, the personal-data guard,
token counts and impact estimates. No Jupyter, widget or MkDocs import here (DESIGN.md §2)."""

import contextlib as _contextlib

from edukit.llm._backends import MiniModel, Scripted
from edukit.llm._checklist import engine_payload as checklist_engine_payload
from edukit.llm._corpus import course_corpus, detokenize, markdown_to_paragraphs, tokenize
from edukit.llm._errors import ErrorKind, LLMError
from edukit.llm._impact import (
    Impact,
    ImpactUnavailable,
    TokenCount,
    count_tokens,
    estimate_impact,
    estimate_impact_open,
    estimate_tokens,
)
from edukit.llm._minimodel import Distribution, Memorisation, NGramModel, longest_memorised_span
from edukit.llm._openai import OpenAICompatible, iter_sse_data, preset
from edukit.llm._pii import (
    PersonNameDetector,
    PIIExtraMissing,
    PIISpan,
    anonymise,
    find_personal_data,
    iban_is_valid,
    luhn_is_valid,
    nir_is_valid,
    scan_payload,
)
from edukit.llm._prng import Mulberry32
from edukit.llm._prompt import (
    CHECKS,
    RUBRIC,
    Checklist,
    HistoryEntry,
    analyse_prompt,
    compare_prompts,
    difference_sentence,
    escape_markdown,
    history_to_json,
    history_to_markdown,
    rubric_payload,
    validate_ratings,
)
from edukit.llm._providers import PROVIDERS, Provider, get_provider
from edukit.llm._types import ChatBackend, ChatOptions, Chunk, Completion, Message, Usage

__all__ = [
    "CHECKS",
    "PROVIDERS",
    "RUBRIC",
    "ChatBackend",
    "ChatOptions",
    "Checklist",
    "Chunk",
    "Completion",
    "Distribution",
    "ErrorKind",
    "HistoryEntry",
    "Impact",
    "ImpactUnavailable",
    "LLMError",
    "Memorisation",
    "Message",
    "MiniModel",
    "Mulberry32",
    "NGramModel",
    "OpenAICompatible",
    "PIIExtraMissing",
    "PIISpan",
    "PersonNameDetector",
    "Provider",
    "Scripted",
    "TokenCount",
    "Usage",
    "analyse_prompt",
    "anonymise",
    "checklist_engine_payload",
    "compare_prompts",
    "count_tokens",
    "course_corpus",
    "detokenize",
    "difference_sentence",
    "escape_markdown",
    "estimate_impact",
    "estimate_impact_open",
    "estimate_tokens",
    "find_personal_data",
    "get_provider",
    "history_to_json",
    "history_to_markdown",
    "iban_is_valid",
    "iter_sse_data",
    "longest_memorised_span",
    "luhn_is_valid",
    "markdown_to_paragraphs",
    "nir_is_valid",
    "preset",
    "rubric_payload",
    "scan_payload",
    "tokenize",
    "validate_ratings",
]

for _name in __all__:
    _obj = globals()[_name]
    if getattr(_obj, "__module__", "").startswith("edukit.llm._"):
        with _contextlib.suppress(AttributeError, TypeError):
            _obj.__module__ = __name__
del _name, _obj
