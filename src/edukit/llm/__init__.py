"""Language-model backends, the mini word-level model, prompt analysis, the personal-data guard,
token counts and impact estimates. No Jupyter, widget or MkDocs import here (DESIGN.md §2)."""

import contextlib as _contextlib

from edukit.llm._backends import MiniModel, Scripted
from edukit.llm._call_report import backend_label, call_impact, call_report
from edukit.llm._checklist import engine_payload as checklist_engine_payload
from edukit.llm._corpus import course_corpus, detokenize, markdown_to_paragraphs, tokenize
from edukit.llm._env import read_secret
from edukit.llm._errors import ErrorKind, LLMError
from edukit.llm._impact import (
    Impact,
    ImpactUnavailable,
    TokenCount,
    count_tokens,
    estimate_impact,
    estimate_impact_open,
    estimate_tokens,
    impact_references,
    reference_impact,
)
from edukit.llm._jsregex import checklist_payload, js_ascii_pattern, js_pattern
from edukit.llm._memorisation import memorisation_examples
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
from edukit.llm._providers import GENERIC, PROVIDERS, Provider, get_provider
from edukit.llm._spec import (
    DEFAULT_PROMPT,
    MODES,
    PLAYGROUND_OPTIONS,
    PlaygroundOptionError,
    PlaygroundOptions,
    PlaygroundSpec,
    check_option,
    contained_text_file,
    playground_payload,
    playground_problems,
)
from edukit.llm._training import (
    PRUNING,
    TrainedModel,
    TrainingCorpus,
    course_training_corpus,
    text_training_corpus,
    trained_model,
)
from edukit.llm._types import ChatBackend, ChatOptions, Chunk, Completion, Message, Usage

__all__ = [
    "CHECKS",
    "DEFAULT_PROMPT",
    "GENERIC",
    "MODES",
    "PLAYGROUND_OPTIONS",
    "PROVIDERS",
    "PRUNING",
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
    "PlaygroundOptionError",
    "PlaygroundOptions",
    "PlaygroundSpec",
    "Provider",
    "Scripted",
    "TokenCount",
    "TrainedModel",
    "TrainingCorpus",
    "Usage",
    "analyse_prompt",
    "anonymise",
    "backend_label",
    "call_impact",
    "call_report",
    "check_option",
    "checklist_engine_payload",
    "checklist_payload",
    "compare_prompts",
    "contained_text_file",
    "count_tokens",
    "course_corpus",
    "course_training_corpus",
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
    "impact_references",
    "iter_sse_data",
    "js_ascii_pattern",
    "js_pattern",
    "longest_memorised_span",
    "luhn_is_valid",
    "markdown_to_paragraphs",
    "memorisation_examples",
    "nir_is_valid",
    "playground_payload",
    "playground_problems",
    "preset",
    "read_secret",
    "reference_impact",
    "rubric_payload",
    "scan_payload",
    "text_training_corpus",
    "tokenize",
    "trained_model",
    "validate_ratings",
]

for _name in __all__:
    _obj = globals()[_name]
    if getattr(_obj, "__module__", "").startswith("edukit.llm._"):
        with _contextlib.suppress(AttributeError, TypeError):
            _obj.__module__ = __name__
del _name, _obj
