"""The small interface every chat backend implements (a transport, in httpx's sense)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypedDict, Unpack, runtime_checkable

__all__ = ["ChatBackend", "ChatOptions", "Chunk", "Completion", "Message", "Usage"]


class Message(TypedDict):
    """One chat message, as the OpenAI chat-completions API spells it."""

    role: Literal["system", "user", "assistant"]
    content: str


class ChatOptions(TypedDict, total=False):
    """Sampling options every backend understands (unknown ones are rejected)."""

    temperature: float
    max_tokens: int
    seed: int
    top_p: float


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts reported by the service."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


@dataclass(frozen=True, slots=True)
class Completion:
    """A whole answer."""

    text: str
    model: str
    usage: Usage | None = None
    finish_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a streamed answer; the last pieces may carry only usage or a finish reason."""

    text: str
    usage: Usage | None = None
    finish_reason: str | None = None


@runtime_checkable
class ChatBackend(Protocol):
    """What the playground needs from a model: a whole answer, or the answer as it comes."""

    def complete(self, messages: Sequence[Message], **options: Unpack[ChatOptions]) -> Completion:
        """Return the whole answer."""
        ...

    def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> Iterator[Chunk]:
        """Yield the answer piece by piece."""
        ...


OPTION_NAMES = frozenset(ChatOptions.__annotations__)


def check_options(options: dict[str, object]) -> None:
    """Reject misspelt options instead of silently ignoring them."""
    unknown = sorted(set(options) - OPTION_NAMES)
    if unknown:
        raise TypeError(
            f"unknown option(s) {', '.join(unknown)}; check the spelling of your parameters "
            f"(allowed: {', '.join(sorted(OPTION_NAMES))})"
        )
