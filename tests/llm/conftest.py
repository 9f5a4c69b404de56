"""LLM fixtures: the project's fake OpenAI-compatible server (``tests/fake_openai.py``) and a
test key in the environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..fake_openai import ANSWER, SECRET, USAGE, FakeServer, serve

__all__ = ["ANSWER", "SECRET", "USAGE", "FakeServer"]


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    with serve() as state:
        yield state


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("EDUKIT_TEST_KEY", SECRET)
    monkeypatch.chdir(tmp_path)  # no stray .env from the repository
    return SECRET
