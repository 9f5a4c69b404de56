"""The CLI tests read the French source messages, whatever the locale of the machine."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def french_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDUKIT_LANG", "fr")
