"""An API key never shows in a repr, a log line or an exception."""

from __future__ import annotations

import logging
import traceback

import pytest

from edukit.llm import LLMError, preset

from .conftest import SECRET, FakeServer

HELLO = [{"role": "user", "content": "Bonjour"}]


def test_backend_holds_the_variable_name_not_the_key(
    fake_server: FakeServer, secret_env: str
) -> None:
    backend = preset("openai", model="ok", base_url=fake_server.url, api_key_env="EDUKIT_TEST_KEY")
    backend.complete(HELLO)  # type: ignore[arg-type]
    assert SECRET not in repr(backend) and SECRET not in str(backend)
    assert all(SECRET not in repr(value) for value in vars(backend).values())
    assert "EDUKIT_TEST_KEY" in repr(backend)


def test_no_log_line_contains_the_key(
    fake_server: FakeServer, secret_env: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    backend = preset("openai", model="ok", base_url=fake_server.url, api_key_env="EDUKIT_TEST_KEY")
    backend.complete(HELLO)  # type: ignore[arg-type]
    list(backend.stream(HELLO))  # type: ignore[arg-type]
    busy = preset(
        "openai",
        model="busy",
        base_url=fake_server.url,
        api_key_env="EDUKIT_TEST_KEY",
        sleep=lambda _: None,
    )
    with pytest.raises(LLMError):
        busy.complete(HELLO)  # type: ignore[arg-type]
    assert caplog.records, "the capture must have seen httpx's debug lines"
    assert any(r.name.startswith(("httpx", "httpcore")) for r in caplog.records)
    assert SECRET not in caplog.text


@pytest.mark.parametrize("model", ["missing", "busy", "broken"])
def test_exceptions_do_not_carry_the_key(
    fake_server: FakeServer, secret_env: str, model: str
) -> None:
    backend = preset(
        "openai",
        model=model,
        base_url=fake_server.url,
        api_key_env="EDUKIT_TEST_KEY",
        sleep=lambda _: None,
    )
    with pytest.raises(LLMError) as caught:
        list(backend.stream(HELLO))  # type: ignore[arg-type]
    error = caught.value
    rendered = "".join(traceback.format_exception(error))
    for text in (
        str(error),
        repr(error),
        error.message_fr,
        rendered,
        repr(error.__cause__),
        repr(error.__context__),
    ):
        assert SECRET not in text


def test_auth_error_does_not_echo_the_key(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    # the fake server echoes the Authorization header it got in its 401 body
    monkeypatch.setenv("EDUKIT_TEST_KEY", "sk-bad-echoed")
    backend = preset("openai", model="ok", base_url=fake_server.url, api_key_env="EDUKIT_TEST_KEY")
    with pytest.raises(LLMError) as caught:
        backend.complete(HELLO)  # type: ignore[arg-type]
    assert "sk-bad-echoed" not in "".join(traceback.format_exception(caught.value))
