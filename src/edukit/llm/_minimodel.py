"""A word-level n-gram language model small enough to read: the playground's default model.

It is trained on the course's own French text, shows its next-word distribution, samples with
a temperature, a top-k cut and a seed, and can be exported (pruned) for the browser sampler
``widgets/static/minimodel.js``, which gives the same distribution and, for a seed, the same
words.

Backoff rule (shared with the JS sampler): the distribution after a context is the one of the
longest suffix of the context (at most ``order - 1`` words) that has continuations in the
table; counts are normalised as they are, with no discounting, so the numbers shown to
learners are plain frequencies.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from edukit.llm._corpus import TOKEN_PATTERN, course_corpus, detokenize, tokenize
from edukit.llm._prng import Mulberry32

__all__ = [
    "BOS",
    "Distribution",
    "Memorisation",
    "NGramModel",
    "PruningRule",
    "longest_memorised_span",
]

BOS = "<s>"
FORMAT = "edukit-ngram"
FORMAT_VERSION = 1


class PruningRule(TypedDict):
    """How the browser export was pruned (written into the export)."""

    max_vocab: int
    min_count: int
    max_next: int


class ExportPayload(TypedDict):
    """The JSON the playground widget receives (see :meth:`NGramModel.to_export`)."""

    format: str
    version: int
    order: int
    token_pattern: str
    vocab: list[str]
    tables: list[dict[str, list[int]]]
    pruning: PruningRule | None


@dataclass(frozen=True, slots=True)
class Distribution:
    """The next-word distribution after a context.

    ``context`` is the suffix actually used after backoff (empty: unigram frequencies).
    """

    context: tuple[str, ...]
    words: list[str]
    probabilities: list[float]

    def top(self, k: int = 10) -> list[tuple[str, float]]:
        return list(zip(self.words[:k], self.probabilities[:k], strict=True))


@dataclass(slots=True)
class NGramModel:
    """Counts of ``order``-grams, kept as ordered continuation lists.

    ``tables[k]`` maps a context of ``k`` words to its continuations, most frequent first (ties:
    vocabulary order). ``vocab`` is ordered by frequency (ties: alphabetical), with ``<s>``
    first.

    Examples
    --------
    >>> model = NGramModel.train(["le chat dort .", "le chat mange .", "le chien dort ."], order=3)
    >>> model.distribution(["le"]).top(2)
    [('chat', 0.6666666666666666), ('chien', 0.3333333333333333)]
    >>> model.distribution(["le", "chat"], temperature=2).top(2)
    [('dort', 0.5), ('mange', 0.5)]
    >>> model.generate("le", 3, temperature=0)
    ['chat', 'dort', '.']
    """

    order: int
    vocab: list[str]
    tables: list[dict[tuple[str, ...], list[tuple[str, int]]]]
    training_tokens: list[str] = field(default_factory=list, repr=False)
    pruning: PruningRule | None = None

    # -- training -------------------------------------------------------------------------------

    @classmethod
    def train(cls, paragraphs: Iterable[str], *, order: int = 4) -> NGramModel:
        """Count n-grams in ``paragraphs`` (each one starts after ``order - 1`` ``<s>`` markers)."""
        if order < 1:
            raise ValueError("order must be at least 1")
        counts: list[defaultdict[tuple[str, ...], Counter[str]]] = [
            defaultdict(Counter) for _ in range(order)
        ]
        frequency: Counter[str] = Counter()
        stream: list[str] = []
        for paragraph in paragraphs:
            words = tokenize(paragraph)
            if not words:
                continue
            stream.append(BOS)
            stream.extend(words)
            frequency.update(words)
            padded = [BOS] * (order - 1) + words
            for i in range(order - 1, len(padded)):
                word = padded[i]
                for k in range(order):
                    counts[k][tuple(padded[i - k : i])][word] += 1
        vocab = [BOS, *sorted(frequency, key=lambda w: (-frequency[w], w))]
        rank = {word: i for i, word in enumerate(vocab)}
        tables = [
            {
                context: sorted(counter.items(), key=lambda item: (-item[1], rank[item[0]]))
                for context, counter in level.items()
            }
            for level in counts
        ]
        return cls(order=order, vocab=vocab, tables=tables, training_tokens=stream)

    @classmethod
    def from_course(cls, root: Path, *, order: int = 4) -> NGramModel:
        """Train on every Markdown file under ``root`` (usually ``courses/``)."""
        return cls.train(course_corpus(root), order=order)

    @classmethod
    def from_text_file(cls, path: Path, *, order: int = 4) -> NGramModel:
        """Train on a plain text file, one paragraph per blank-line-separated block."""
        text = path.read_text(encoding="utf-8")
        return cls.train([p for p in text.split("\n\n") if p.strip()], order=order)

    # -- reading -------------------------------------------------------------------------------

    def continuations(
        self, context: Sequence[str]
    ) -> tuple[tuple[str, ...], list[tuple[str, int]]]:
        """The continuation counts after ``context``, with backoff to shorter contexts."""
        history = [BOS] * (self.order - 1) + list(context)
        for k in range(self.order - 1, -1, -1):
            suffix = tuple(history[len(history) - k :]) if k else ()
            rows = self.tables[k].get(suffix)
            if rows:
                return suffix, rows
        return (), []

    def distribution(
        self,
        context: Sequence[str] | str,
        *,
        temperature: float = 1.0,
        top_k: int | None = None,
    ) -> Distribution:
        """Probabilities of the next word: ``count ** (1 / temperature)``, normalised.

        ``top_k`` keeps the ``k`` most frequent words before normalising; a temperature of 0
        puts all the probability on the most frequent word (greedy decoding).
        """
        words = tokenize(context) if isinstance(context, str) else list(context)
        used, rows = self.continuations(words)
        rows = _cut(rows, top_k)
        weights = _weights(rows, temperature)
        total = _total(weights)
        return Distribution(
            context=used,
            words=[word for word, _ in rows],
            probabilities=[w / total for w in weights] if total else [],
        )

    def generate(
        self,
        prompt: Sequence[str] | str,
        n_words: int,
        *,
        temperature: float = 1.0,
        top_k: int | None = None,
        seed: int = 0,
    ) -> list[str]:
        """Continue ``prompt`` by ``n_words`` tokens; the same seed gives the same words."""
        rng = Mulberry32(seed)
        history = tokenize(prompt) if isinstance(prompt, str) else list(prompt)
        generated: list[str] = []
        for _ in range(n_words):
            _, rows = self.continuations(history)
            rows = _cut(rows, top_k)
            if not rows:
                break
            weights = _weights(rows, temperature)
            target = rng.random() * _total(weights)
            choice = rows[-1][0]
            cumulative = 0.0
            for (word, _), weight in zip(rows, weights, strict=True):
                cumulative += weight
                if target < cumulative:
                    choice = word
                    break
            generated.append(choice)
            history.append(choice)
        return generated

    def continue_text(self, prompt: str, n_words: int, **options: Any) -> str:
        """The prompt followed by the generated words, as French text."""
        return detokenize([*tokenize(prompt), *self.generate(prompt, n_words, **options)])

    # -- pruning and export -------------------------------------------------------------------

    def pruned(
        self, *, max_vocab: int = 3000, min_count: int = 2, max_next: int = 16
    ) -> NGramModel:
        """A smaller copy for the browser.

        The rule, in order:

        1. the vocabulary keeps ``<s>`` and the ``max_vocab`` most frequent tokens;
        2. the unigram row keeps every vocabulary word; a longer context keeps a continuation
           only if every word of the n-gram is in the vocabulary and it was seen at least
           ``min_count`` times (singletons are mostly verbatim copies of one sentence);
        3. each context keeps its ``max_next`` most frequent continuations;
        4. contexts left empty are dropped, so the browser backs off exactly as Python does on
           the pruned model.
        """
        vocab = self.vocab[: max_vocab + 1]
        kept = set(vocab)
        tables: list[dict[tuple[str, ...], list[tuple[str, int]]]] = []
        for k, level in enumerate(self.tables):
            new_level: dict[tuple[str, ...], list[tuple[str, int]]] = {}
            for context, rows in level.items():
                if any(word not in kept for word in context):
                    continue
                floor = 1 if k == 0 else min_count
                selected = [(w, c) for w, c in rows if w in kept and c >= floor]
                if k > 0:
                    selected = selected[:max_next]
                if selected:
                    new_level[context] = selected
            tables.append(new_level)
        rule = PruningRule(max_vocab=max_vocab, min_count=min_count, max_next=max_next)
        return NGramModel(self.order, vocab, tables, training_tokens=[], pruning=rule)

    def to_export(self) -> ExportPayload:
        """The model as JSON-ready data.

        ``vocab`` lists the tokens; ``tables[k]`` maps a context of ``k`` word ids joined by
        ``,`` (``""`` for the unigram row) to a flat list ``[id, count, id, count, …]`` in
        sampling order; ``token_pattern`` is the tokenizer as a regular expression valid in
        Python and JavaScript.
        """
        index = {word: i for i, word in enumerate(self.vocab)}
        tables: list[dict[str, list[int]]] = []
        for level in self.tables:
            out: dict[str, list[int]] = {}
            for context, rows in level.items():
                flat: list[int] = []
                for word, count in rows:
                    flat.extend((index[word], count))
                out[",".join(str(index[w]) for w in context)] = flat
            tables.append(out)
        return ExportPayload(
            format=FORMAT,
            version=FORMAT_VERSION,
            order=self.order,
            token_pattern=TOKEN_PATTERN,
            vocab=list(self.vocab),
            tables=tables,
            pruning=self.pruning,
        )

    def to_json(self) -> str:
        """:meth:`to_export` as compact JSON (what the site ships)."""
        return json.dumps(self.to_export(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_export(cls, payload: ExportPayload | dict[str, Any]) -> NGramModel:
        """Read back an export (the Python twin of the JS sampler's loader)."""
        if payload.get("format") != FORMAT or payload.get("version") != FORMAT_VERSION:
            raise ValueError(f"not an {FORMAT} v{FORMAT_VERSION} export")
        vocab = list(payload["vocab"])
        tables: list[dict[tuple[str, ...], list[tuple[str, int]]]] = []
        for level in payload["tables"]:
            new_level: dict[tuple[str, ...], list[tuple[str, int]]] = {}
            for key, flat in level.items():
                context = tuple(vocab[int(i)] for i in key.split(",")) if key else ()
                new_level[context] = [(vocab[flat[i]], flat[i + 1]) for i in range(0, len(flat), 2)]
            tables.append(new_level)
        return cls(int(payload["order"]), vocab, tables, pruning=payload.get("pruning"))


def _cut(rows: list[tuple[str, int]], top_k: int | None) -> list[tuple[str, int]]:
    if top_k is not None and top_k > 0:
        return rows[:top_k]
    return rows


def _total(weights: list[float]) -> float:
    # A plain left-to-right sum, as in JS (Python 3.12's sum() compensates rounding errors,
    # which would make the two samplers disagree in the last bit).
    total = 0.0
    for weight in weights:
        total += weight
    return total


def _weights(rows: list[tuple[str, int]], temperature: float) -> list[float]:
    if not rows:
        return []
    if temperature <= 0:
        return [1.0] + [0.0] * (len(rows) - 1)
    exponent = 1.0 / temperature
    return [float(count) ** exponent for _, count in rows]


@dataclass(frozen=True, slots=True)
class Memorisation:
    """The longest run of greedily generated words found verbatim in the training text."""

    prompt: str
    generated: list[str]
    span: list[str]
    generated_start: int
    training_start: int

    @property
    def length(self) -> int:
        return len(self.span)

    @property
    def text(self) -> str:
        return detokenize(self.span)


def run_index(tokens: Sequence[str], key_words: int) -> dict[tuple[str, ...], list[int]]:
    """Where each run of ``key_words`` tokens starts in ``tokens``."""
    positions: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for index in range(len(tokens) - key_words + 1):
        positions[tuple(tokens[index : index + key_words])].append(index)
    return positions


def longest_copy(
    generated: Sequence[str],
    train: Sequence[str],
    positions: dict[tuple[str, ...], list[int]],
    key_words: int,
) -> tuple[int, int, int]:
    """The longest run of ``generated`` found word for word in ``train``: its length, where it
    starts in ``generated`` and in ``train`` (``positions``: :func:`run_index` of ``train`` by
    ``key_words``; a run shorter than ``key_words`` is not found: 0)."""
    best = (0, 0, 0)
    for start in range(len(generated) - key_words + 1):
        if len(generated) - start <= best[0]:
            break
        for position in positions.get(tuple(generated[start : start + key_words]), ()):
            length = key_words
            while (
                start + length < len(generated)
                and position + length < len(train)
                and train[position + length] == generated[start + length]
            ):
                length += 1
            if length > best[0]:
                best = (length, start, position)
    return best


def longest_memorised_span(model: NGramModel, prompt: str, n_words: int = 60) -> Memorisation:
    """Generate greedily from ``prompt`` and find the longest generated span copied from training.

    This is the bridge to the provenance lesson: with little data and a long context, the most
    probable continuation *is* a sentence of the training text.

    Examples
    --------
    >>> model = NGramModel.train(["la CNIL rappelle que les données de santé sont sensibles ."])
    >>> found = longest_memorised_span(model, "la CNIL", 10)
    >>> found.text, found.length
    ('rappelle que les données de santé sont sensibles.', 9)
    """
    if not model.training_tokens:
        raise ValueError("this model keeps no training text (pruned or loaded from an export)")
    generated = model.generate(prompt, n_words, temperature=0)
    length, g_start, t_start = longest_copy(
        generated, model.training_tokens, run_index(model.training_tokens, 1), 1
    )
    return Memorisation(
        prompt=prompt,
        generated=generated,
        span=generated[g_start : g_start + length],
        generated_start=g_start,
        training_start=t_start,
    )
