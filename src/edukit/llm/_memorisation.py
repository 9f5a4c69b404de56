"""Memorisation, shown: sentence starts from which the shipped mini model recites its training text.

A learner types the first words of a course sentence and watches the model continue it word for
word: the clearest way to see that a language model can reproduce what it was trained on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from edukit.llm._corpus import detokenize, tokenize
from edukit.llm._minimodel import NGramModel, longest_copy, run_index

__all__ = ["memorisation_examples"]

_SEED_WORDS = 4
_CANDIDATES = 5000


def memorisation_examples(
    full: NGramModel,
    shipped: NGramModel,
    paragraphs: Sequence[str],
    origins: Sequence[str],
    *,
    count: int = 3,
    n_words: int = 30,
) -> list[dict[str, Any]]:
    """Sentence starts for which the shipped model, greedy, recites the training text.

    ``paragraphs`` are the training text (what ``full`` was trained on) and ``origins`` the
    file each comes from, shown with an example.

    Each candidate is the first four words of one of about ``_CANDIDATES`` paragraphs spread
    over the text; the span is the longest run of the greedy continuation found word for word
    in the training text (as :func:`edukit.llm.longest_memorised_span`, with one index of
    four-word sequences shared by every candidate).
    """
    train = full.training_tokens
    positions = run_index(train, _SEED_WORDS)
    token_origin: list[str] = []
    for paragraph, origin in zip(paragraphs, origins, strict=True):
        words = tokenize(paragraph)
        if words:
            token_origin.extend([origin] * (len(words) + 1))
    seen: set[tuple[str, ...]] = set()
    found: list[dict[str, Any]] = []
    step = max(1, len(paragraphs) // _CANDIDATES)
    for paragraph in paragraphs[::step]:
        words = tokenize(paragraph)
        if len(words) < 15 or not words[0][:1].isupper():
            continue
        start = tuple(words[:4])
        if not all(word[-1:].isalnum() for word in start):
            continue
        if start in seen:
            continue
        seen.add(start)
        generated = shipped.generate(list(start), n_words, temperature=0)
        length, g_start, t_start = longest_copy(generated, train, positions, _SEED_WORDS)
        if length >= 8:
            found.append(
                {
                    "prompt": detokenize(start),
                    "generated": detokenize(generated),
                    "words": generated,
                    "span_start": g_start,
                    "span_length": length,
                    "span": detokenize(generated[g_start : g_start + length]),
                    "origin": token_origin[t_start] if t_start < len(token_origin) else "",
                    "continues": g_start == 0 and tuple(train[t_start - 4 : t_start]) == start,
                }
            )
    # A recitation that continues the prompt itself is the clearest demonstration.
    found.sort(
        key=lambda example: (
            not example["continues"],
            example["span_start"] != 0,
            -int(example["span_length"]),
        )
    )
    chosen: list[dict[str, Any]] = []
    for example in found:
        if all(example["origin"] != other["origin"] for other in chosen):
            chosen.append(example)
        if len(chosen) == count:
            break
    return chosen
