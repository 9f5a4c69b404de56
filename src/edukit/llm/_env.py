"""API keys from the environment or a ``.env`` file, read at call time and never kept.

python-dotenv is not a dependency: the ``.env`` format we accept is the simple one
(``KEY=VALUE`` lines, optional ``export``, ``#`` comments, single or double quotes).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["parse_env_file", "read_secret"]


def parse_env_file(text: str) -> dict[str, str]:
    """Parse ``KEY=VALUE`` lines.

    Examples
    --------
    >>> parse_env_file('# keys\\nexport A=1\\nB = "deux mots"\\nC=\\'x\\' # note\\nbroken line\\n')
    {'A': '1', 'B': 'deux mots', 'C': 'x'}
    """
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, _, value = line.partition("=")
        key = key.strip()
        if not key.replace("_", "").isalnum():
            continue
        value = value.strip()
        if value[:1] in {'"', "'"}:
            quote = value[0]
            end = value.find(quote, 1)
            value = value[1:end] if end != -1 else value[1:]
        else:
            value = value.split(" #", 1)[0].strip()
        values[key] = value
    return values


def read_secret(name: str, env_file: Path | None = None) -> str | None:
    """The value of ``name`` from the environment, else from ``env_file`` (default ``./.env``).

    The environment wins, as with python-dotenv's default. The value is returned to the caller
    that puts it in a header and drops it; nothing here logs or caches it.
    """
    value = os.environ.get(name)
    if value:
        return value
    path = env_file if env_file is not None else Path.cwd() / ".env"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return parse_env_file(text).get(name) or None
