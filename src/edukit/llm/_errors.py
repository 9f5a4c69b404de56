"""Errors of the language-model backends, each with a French message a learner can act on."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ErrorKind", "LLMError"]


class ErrorKind(StrEnum):
    """Why a call to a language model failed."""

    AUTH = "auth"
    NOT_FOUND = "not_found"
    RATE_LIMIT = "rate_limit"
    SERVER = "server"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    STREAM = "stream"
    BAD_REQUEST = "bad_request"
    CONFIG = "config"


class LLMError(Exception):
    """A failed model call.

    ``message_fr`` is what the playground shows; ``str(error)`` is the same text, so a CLI or a
    notebook prints something useful too. Neither ever contains an API key: the backend scrubs
    every message before raising.

    Examples
    --------
    >>> error = LLMError(ErrorKind.TIMEOUT, "Pas de réponse dans le délai de 5 s.")
    >>> error.kind, str(error)
    (<ErrorKind.TIMEOUT: 'timeout'>, 'Pas de réponse dans le délai de 5 s.')
    """

    def __init__(self, kind: ErrorKind, message_fr: str, *, status: int | None = None) -> None:
        self.kind = kind
        self.message_fr = message_fr
        self.status = status
        super().__init__(message_fr)

    def __repr__(self) -> str:
        return f"LLMError(kind={self.kind.value!r}, status={self.status!r}, message_fr={self.message_fr!r})"
