"""The French prompt checklist's engine: the evidence for each element, its payload for the
browser, and its measure on labelled prompts.

A prompt is read as a trainer reads it (docs/prompt-checklist-guide.md): first the material to
process is set apart (:func:`~edukit.llm._checklist_segment.segment`), then each of the eight
elements (:data:`~edukit.llm._checklist_rules.ELEMENTS`) is looked for in the instructions only,
by French patterns that need their context (sentence start, a writing verb before a reader, no
subject before a negation). Every verdict keeps the words that decided it.

The same tables run in the browser (``widgets/static/playground/``): the patterns are translated
by :func:`edukit.llm.js_ascii_pattern`, and the engine is mirrored in JavaScript. Change both
together; ``tests/js/playground.test.mjs`` compares them on the whole labelled corpus.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from edukit.llm._checklist_rules import ELEMENTS, FLAGS, FOLD, Element, Rule, fold
from edukit.llm._checklist_segment import (
    QUOTE_WORDS,
    SEGMENT,
    WINDOW,
    Block,
    mask,
    overlaps,
    segment,
    trim,
)

__all__ = [
    "ELEMENTS",
    "Block",
    "Element",
    "Rule",
    "Scores",
    "analyse",
    "engine_payload",
    "fold",
    "measure",
    "segment",
]

EVIDENCE_CHARS = 80
BLOCK_EVIDENCE_CHARS = 30
MAX_EVIDENCE = 5


class Evidence(TypedDict):
    start: int
    end: int
    text: str


_RULES = {
    element.id: [
        (
            re.compile(rule.pattern, FLAGS),
            re.compile(rule.before, FLAGS) if rule.before else None,
            re.compile(rule.not_before, FLAGS) if rule.not_before else None,
        )
        for rule in element.rules
    ]
    for element in ELEMENTS
}
_VETOES = {element.id: [re.compile(v, FLAGS) for v in element.vetoes] for element in ELEMENTS}


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding ``position`` starts: after the last ``.``, ``!``, ``?`` or line break."""
    start = 0
    for mark in ".!?\n":
        start = max(start, text.rfind(mark, 0, position) + 1)
    return start


def _evidence(prompt: str, start: int, end: int, limit: int = EVIDENCE_CHARS) -> Evidence:
    return Evidence(start=start, end=end, text=prompt[start:end][:limit])


def analyse(prompt: str) -> tuple[dict[str, list[Evidence]], list[Block]]:
    """The evidence for each element (empty: absent), and the material found in ``prompt``."""
    folded = fold(prompt)
    blocks = segment(folded)
    instructions = mask(folded, blocks)
    result: dict[str, list[Evidence]] = {}
    for element in ELEMENTS:
        spans: list[tuple[int, int]] = []
        vetoes = [
            (m.start(), m.end()) for v in _VETOES[element.id] for m in v.finditer(instructions)
        ]
        for pattern, before, not_before in _RULES[element.id]:
            for m in pattern.finditer(instructions):
                if m.end() == m.start() or overlaps(m.start(), m.end(), vetoes):
                    continue
                if before is not None or not_before is not None:
                    clause = instructions[_clause_start(instructions, m.start()) : m.start()]
                    if before is not None and not before.search(clause):
                        continue
                    if not_before is not None and not_before.search(clause):
                        continue
                start, end = trim(instructions, m.start(), m.end())
                if end > start:
                    spans.append((start, end))
        if element.id == "examples":
            spans += [
                (b["cue_start"], b["cue_end"])
                for b in blocks
                if b["use"] == "example" and b["cue_start"] >= 0
            ]
            if not spans and any(b["use"] == "example" for b in blocks):
                first = next(b for b in blocks if b["use"] == "example")
                spans.append((first["marker_start"], first["marker_end"]))
        if element.id == "separated_data":
            spans += [
                (b["marker_start"], b["marker_end"])
                for b in blocks
                if b["use"] == "data" and b["separated"]
            ]
        spans.sort()
        kept: list[tuple[int, int]] = []
        for span in spans:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        limit = BLOCK_EVIDENCE_CHARS if element.id == "separated_data" else EVIDENCE_CHARS
        result[element.id] = [_evidence(prompt, a, b, limit) for a, b in kept[:MAX_EVIDENCE]]
    return result, blocks


def engine_payload() -> dict[str, Any]:
    """Everything the JavaScript engine needs, with Python patterns (the widget translates them)."""
    return {
        "fold": FOLD,
        "segment": dict(SEGMENT),
        "quote_words": QUOTE_WORDS,
        "evidence_chars": EVIDENCE_CHARS,
        "block_evidence_chars": BLOCK_EVIDENCE_CHARS,
        "max_evidence": MAX_EVIDENCE,
        "window": WINDOW,
        "elements": [
            {
                "id": e.id,
                "rules": [
                    {"pattern": r.pattern, "before": r.before, "not_before": r.not_before}
                    for r in e.rules
                ],
                "vetoes": list(e.vetoes),
            }
            for e in ELEMENTS
        ],
    }


class Scores(TypedDict):
    """Precision and recall of one element on a labelled set."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float


def measure(labelled: list[tuple[str, list[str]]]) -> dict[str, Scores]:
    """Per-element precision, recall and F1 on ``(prompt, present element ids)`` pairs.

    A ratio with nothing to count (no prediction, or no positive label) is 1.0.

    Examples
    --------
    >>> scores = measure([("Tu es juriste. Résume ce texte.", ["role", "task"])])
    >>> scores["role"]["precision"], scores["audience"]["recall"]
    (1.0, 1.0)
    """
    verdicts = [(analyse(prompt)[0], set(labels)) for prompt, labels in labelled]
    scores: dict[str, Scores] = {}
    for element in ELEMENTS:
        tp = sum(1 for found, want in verdicts if found[element.id] and element.id in want)
        fp = sum(1 for found, want in verdicts if found[element.id] and element.id not in want)
        fn = sum(1 for found, want in verdicts if not found[element.id] and element.id in want)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[element.id] = Scores(tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1)
    return scores
