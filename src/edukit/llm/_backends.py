"""Backends that need no network: ``Scripted`` answers for tests and demos, ``MiniModel`` for
the course's own n-gram model."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Unpack

from edukit.llm._corpus import detokenize, tokenize
from edukit.llm._errors import LLMError
from edukit.llm._minimodel import NGramModel
from edukit.llm._types import ChatOptions, Chunk, Completion, Message, Usage, check_options

__all__ = ["MiniModel", "Scripted"]


def _last_user_text(messages: Sequence[Message]) -> str:
    for message in reversed(messages):
        if message["role"] == "user":
            return message["content"]
    return ""


class Scripted:
    """Answers given in advance, one per call (an ``LLMError`` in the list is raised instead).

    ``calls`` records every ``(messages, options)`` received, so tests can check what a widget
    sent.

    Examples
    --------
    >>> backend = Scripted(["Bonjour !", "Deuxième réponse."])
    >>> backend.complete([{"role": "user", "content": "Salut"}]).text
    'Bonjour !'
    >>> [c.text for c in backend.stream([{"role": "user", "content": "Encore"}])]
    ['Deuxième ', 'réponse.', '']
    """

    def __init__(
        self, responses: Sequence[str | Completion | LLMError], *, model: str = "scripted"
    ) -> None:
        self.responses = list(responses)
        self.model = model
        self.calls: list[tuple[list[Message], ChatOptions]] = []

    def __repr__(self) -> str:
        return f"Scripted({len(self.responses)} réponse(s) restante(s))"

    def _next(self, messages: Sequence[Message], options: ChatOptions) -> Completion:
        check_options(dict(options))
        self.calls.append((list(messages), options))
        if not self.responses:
            raise IndexError("Scripted backend has no response left")
        item = self.responses.pop(0)
        if isinstance(item, LLMError):
            raise item
        if isinstance(item, Completion):
            return item
        prompt_words = sum(len(m["content"].split()) for m in messages)
        completion_words = len(item.split())
        return Completion(
            text=item,
            model=self.model,
            usage=Usage(prompt_words, completion_words, prompt_words + completion_words),
            finish_reason="stop",
        )

    def complete(self, messages: Sequence[Message], **options: Unpack[ChatOptions]) -> Completion:
        return self._next(messages, options)

    def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> Iterator[Chunk]:
        completion = self._next(messages, options)
        for piece in re.findall(r"\S+\s*", completion.text):
            yield Chunk(text=piece)
        yield Chunk(
            text="", usage=completion.usage, finish_reason=completion.finish_reason or "stop"
        )


class MiniModel:
    """The course's n-gram model behind the chat interface.

    The last user message is the prompt; ``max_tokens`` is the number of words generated
    (default 40); ``temperature`` and ``seed`` work as in :meth:`NGramModel.generate`; ``top_p``
    is not supported by an n-gram model and is ignored. Usage counts are in the mini model's
    words, not in BPE tokens.

    Examples
    --------
    >>> backend = MiniModel(NGramModel.train(["le chat dort .", "le chien dort ."]))
    >>> backend.complete([{"role": "user", "content": "le chat"}], max_tokens=2, temperature=0).text
    'dort.'
    """

    def __init__(
        self, model: NGramModel, *, top_k: int | None = None, default_words: int = 40
    ) -> None:
        self.model = model
        self.top_k = top_k
        self.default_words = default_words

    @classmethod
    def from_course(
        cls, root: Path, *, top_k: int | None = None, default_words: int = 40
    ) -> MiniModel:
        """Train on the Markdown under ``root`` and wrap the model."""
        return cls(NGramModel.from_course(root), top_k=top_k, default_words=default_words)

    def __repr__(self) -> str:
        return f"MiniModel(order={self.model.order}, vocab={len(self.model.vocab)})"

    def _words(
        self, messages: Sequence[Message], options: ChatOptions
    ) -> tuple[list[str], list[str]]:
        check_options(dict(options))
        prompt = tokenize(_last_user_text(messages))
        words = self.model.generate(
            prompt,
            options.get("max_tokens", self.default_words),
            temperature=options.get("temperature", 1.0),
            top_k=self.top_k,
            seed=options.get("seed", 0),
        )
        return prompt, words

    def complete(self, messages: Sequence[Message], **options: Unpack[ChatOptions]) -> Completion:
        prompt, words = self._words(messages, options)
        return Completion(
            text=detokenize(words),
            model="mini-modele",
            usage=Usage(len(prompt), len(words), len(prompt) + len(words)),
            finish_reason="length",
        )

    def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> Iterator[Chunk]:
        prompt, words = self._words(messages, options)
        previous: list[str] = []
        shown = ""
        for word in words:
            previous.append(word)
            text = detokenize(previous)
            yield Chunk(text=text[len(shown) :])
            shown = text
        yield Chunk(
            text="",
            usage=Usage(len(prompt), len(words), len(prompt) + len(words)),
            finish_reason="length",
        )
