"""Keep secrets out of widget state: synced traits are saved into notebooks and site pages.

A value is refused when it looks like an API key or a private key, or when it contains the
value of an environment variable whose name says it holds a secret: one of the parts of its name
(split on ``_``) is ``KEY``, ``TOKEN``, ``SECRET``, ``PASSWORD``… (:func:`is_secret_env_name`).
Values are scanned recursively (lists, dicts) and as text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["SECRET_NAME_PARTS", "find_secret", "is_secret_env_name", "secret_env_values"]

SECRET_NAME_PARTS = frozenset(
    {
        "KEY",
        "KEYS",
        "APIKEY",
        "TOKEN",
        "TOKENS",
        "SECRET",
        "SECRETS",
        "PASSWORD",
        "PASSWD",
        "PASSPHRASE",
        "CREDENTIAL",
        "CREDENTIALS",
        "AUTH",
    }
)
"""A variable is secret when one of its name's parts is one of these (whole parts only: a
substring would take ``KEYBOARD_LAYOUT`` or ``XAUTHORITY`` for secrets)."""
_LOCATION_PARTS = frozenset({"SOCK", "SOCKET", "PATH", "FILE", "DIR"})
"""A name ending with one of these holds where something is, not the secret itself
(``SSH_AUTH_SOCK`` is the path of the agent's socket)."""
# Short values (a flag, "1", "true") would match ordinary text; real secrets are longer.
_MIN_SECRET_LENGTH = 8

_KEY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an OpenAI-style API key", re.compile(r"\bsk-(?:proj-|ant-|or-)?[A-Za-z0-9_-]{20,}")),
    (
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
    ),
    ("a Hugging Face token", re.compile(r"\bhf_[A-Za-z0-9]{30,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("a bearer token", re.compile(r"\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*")),
    (
        "a JSON web token",
        re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ),
)


def is_secret_env_name(name: str) -> bool:
    """Whether the environment variable ``name`` holds a secret, judged by its name's parts.

    Examples
    --------
    >>> [is_secret_env_name(n) for n in ("OPENAI_API_KEY", "AUTH_TOKEN", "DB_PASSWORD")]
    [True, True, True]
    >>> [is_secret_env_name(n) for n in ("SSH_AUTH_SOCK", "KEYBOARD_LAYOUT", "XAUTHORITY")]
    [False, False, False]
    """
    parts = [part for part in re.split(r"[^A-Z0-9]+", name.upper()) if part]
    if not parts or parts[-1] in _LOCATION_PARTS:
        return False
    return any(part in SECRET_NAME_PARTS for part in parts)


def secret_env_values(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment variables whose name looks secret, with a value long enough to matter."""
    env = os.environ if environ is None else environ
    return {
        name: value
        for name, value in env.items()
        if is_secret_env_name(name) and len(value.strip()) >= _MIN_SECRET_LENGTH
    }


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes | bytearray | memoryview):
        yield bytes(value).decode("utf-8", "replace")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def find_secret(value: Any, environ: Mapping[str, str] | None = None) -> str | None:
    """Say what secret ``value`` holds (never the secret itself), or ``None``.

    Examples
    --------
    >>> find_secret({"prompt": "Bonjour", "options": ["a", "b"]}) is None
    True
    >>> find_secret(["ok", "key sk-" + "abcdefghijklmnopqrstuvwxyz123456"], environ={})
    'an OpenAI-style API key'
    >>> find_secret("mon jeton est 8f1c2d9e7a", environ={"ALBERT_API_KEY": "8f1c2d9e7a"})
    'the value of the environment variable ALBERT_API_KEY'
    """
    env_secrets = secret_env_values(environ)
    for text in _strings(value):
        for name, secret in env_secrets.items():
            if secret.strip() in text:
                return f"the value of the environment variable {name}"
        for label, pattern in _KEY_PATTERNS:
            if pattern.search(text):
                return label
    return None
