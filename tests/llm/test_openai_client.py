"""Our httpx client against a fake OpenAI-compatible server, and against the official client."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from edukit.llm import ErrorKind, LLMError, Message, OpenAICompatible, Usage, iter_sse_data, preset

from .conftest import ANSWER, USAGE, FakeServer

HELLO: list[Message] = [
    {"role": "system", "content": "Tu es un assistant."},
    {"role": "user", "content": "Bonjour"},
]


def backend(
    server: FakeServer, model: str = "ok", name: str = "openai", **options: Any
) -> OpenAICompatible:
    options.setdefault("api_key_env", "EDUKIT_TEST_KEY")
    options.setdefault("sleep", lambda _: None)
    options.setdefault("base_url", server.url)
    return preset(name, model=model, **options)


def test_complete_returns_text_usage_and_sends_the_key(
    fake_server: FakeServer, secret_env: str
) -> None:
    completion = backend(fake_server).complete(HELLO, temperature=0.2)
    assert completion.text == "".join(ANSWER)
    assert completion.usage == Usage(**USAGE)
    assert completion.finish_reason == "stop"
    assert fake_server.headers[0]["Authorization"] == f"Bearer {secret_env}"
    assert fake_server.requests[0]["messages"] == HELLO
    assert fake_server.requests[0]["temperature"] == 0.2


def test_stream_skips_keep_alive_and_reads_the_usage_chunk(
    fake_server: FakeServer, secret_env: str
) -> None:
    chunks = list(backend(fake_server).stream(HELLO))
    assert "".join(c.text for c in chunks) == "".join(ANSWER)
    assert [c.text for c in chunks if c.text] == ANSWER
    assert chunks[-1].usage == Usage(**USAGE)
    assert any(c.finish_reason == "stop" for c in chunks)
    assert fake_server.requests[0]["stream_options"] == {"include_usage": True}


def test_openai_quirks_in_the_request(fake_server: FakeServer, secret_env: str) -> None:
    list(backend(fake_server).stream(HELLO, max_tokens=5, seed=3))
    sent = fake_server.requests[0]
    assert sent["max_completion_tokens"] == 5 and sent["seed"] == 3
    assert "max_tokens" not in sent


def test_mistral_quirks_come_from_the_table(fake_server: FakeServer, secret_env: str) -> None:
    chunks = list(backend(fake_server, name="mistral").stream(HELLO, max_tokens=5, seed=3))
    sent = fake_server.requests[0]
    assert "stream_options" not in sent
    assert "max_completion_tokens" not in sent and "seed" not in sent
    assert sent["max_tokens"] == 5 and sent["random_seed"] == 3
    assert "".join(c.text for c in chunks) == "".join(ANSWER)
    assert all(c.usage is None for c in chunks)  # no usage chunk without stream_options


def test_unknown_option_is_rejected(fake_server: FakeServer, secret_env: str) -> None:
    with pytest.raises(TypeError, match="check the spelling"):
        backend(fake_server).complete(HELLO, temprature=0.5)  # type: ignore[call-arg]
    assert fake_server.requests == []


def test_wrong_key_gives_a_french_auth_message(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDUKIT_TEST_KEY", "sk-wrong-key-123")
    with pytest.raises(LLMError) as caught:
        backend(fake_server).complete(HELLO)
    error = caught.value
    assert error.kind is ErrorKind.AUTH and error.status == 401
    assert "Clé d'API refusée" in error.message_fr and "EDUKIT_TEST_KEY" in error.message_fr
    assert "sk-wrong-key-123" not in error.message_fr


def test_missing_model_and_wrong_url_give_404_messages(
    fake_server: FakeServer, secret_env: str
) -> None:
    with pytest.raises(LLMError) as caught:
        backend(fake_server, model="missing").complete(HELLO)
    assert caught.value.kind is ErrorKind.NOT_FOUND
    assert "« missing »" in caught.value.message_fr
    wrong = fake_server.url.removesuffix("/v1")
    with pytest.raises(LLMError) as caught:
        backend(fake_server, base_url=wrong).complete(HELLO)
    assert caught.value.kind is ErrorKind.NOT_FOUND and "/v1" in caught.value.message_fr


def test_429_is_retried_with_retry_after_then_explained(
    fake_server: FakeServer, secret_env: str
) -> None:
    waits: list[float] = []
    with pytest.raises(LLMError) as caught:
        backend(fake_server, model="busy", max_retries=2, sleep=waits.append).complete(HELLO)
    assert caught.value.kind is ErrorKind.RATE_LIMIT
    assert "3 tentative(s)" in caught.value.message_fr
    assert fake_server.hits["busy"] == 3
    assert waits == [0.0, 0.0]


def test_5xx_is_retried_with_exponential_backoff(fake_server: FakeServer, secret_env: str) -> None:
    waits: list[float] = []
    assert backend(fake_server, model="flaky", sleep=waits.append).complete(HELLO).text == "".join(
        ANSWER
    )
    assert waits == [0.5]
    waits.clear()
    with pytest.raises(LLMError) as caught:
        backend(
            fake_server, model="down", max_retries=3, backoff=1.0, max_delay=3.0, sleep=waits.append
        ).stream(HELLO).__next__()
    assert caught.value.kind is ErrorKind.SERVER and caught.value.status == 503
    assert waits == [1.0, 2.0, 3.0]


def test_timeout(fake_server: FakeServer, secret_env: str) -> None:
    with pytest.raises(LLMError) as caught:
        backend(fake_server, model="slow", timeout=0.3).complete(HELLO)
    assert caught.value.kind is ErrorKind.TIMEOUT
    assert "0.3 s" in caught.value.message_fr


def test_connection_refused(secret_env: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = preset("ollama", model="llama3", base_url=f"http://127.0.0.1:{port}/v1")
    with pytest.raises(LLMError) as caught:
        client.complete(HELLO)
    assert caught.value.kind is ErrorKind.CONNECTION
    assert "ollama serve" in caught.value.message_fr


@pytest.mark.parametrize("model", ["broken", "garbage"])
def test_broken_stream(fake_server: FakeServer, secret_env: str, model: str) -> None:
    received: list[str] = []
    with pytest.raises(LLMError) as caught:
        for chunk in backend(fake_server, model=model).stream(HELLO):
            received.append(chunk.text)
    assert caught.value.kind is ErrorKind.STREAM
    assert "flux" in caught.value.message_fr
    if model == "broken":
        assert received == ANSWER[:2]


def test_missing_key_is_a_config_error_before_any_request(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LLMError) as caught:
        preset("mistral", model="ok", base_url=fake_server.url).complete(HELLO)
    assert caught.value.kind is ErrorKind.CONFIG and "MISTRAL_API_KEY" in caught.value.message_fr
    assert fake_server.requests == []


def test_key_from_a_dotenv_file(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from .conftest import SECRET

    monkeypatch.delenv("EDUKIT_TEST_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f'# local keys\nEDUKIT_TEST_KEY="{SECRET}"\n', encoding="utf-8")
    assert backend(fake_server).complete(HELLO).text == "".join(ANSWER)
    assert fake_server.headers[0]["Authorization"] == f"Bearer {SECRET}"


# -- unit cases through httpx.MockTransport ---------------------------------------------------------


def mock_backend(handler: Any, **options: Any) -> OpenAICompatible:
    options.setdefault("sleep", lambda _: None)
    return OpenAICompatible(
        "http://model.test/v1", "m", transport=httpx.MockTransport(handler), **options
    )


def test_retry_after_http_date_is_honoured_and_capped() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
        return httpx.Response(
            200, json={"choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}]}
        )

    waits: list[float] = []
    assert mock_backend(handler, sleep=waits.append, max_delay=7.0).complete(HELLO).text == "ok"
    assert waits == [7.0]


def test_error_event_inside_a_stream() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = b'data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: {"error":{"message":"quota"}}\n\n'
        return httpx.Response(200, content=body, headers={"Content-Type": "text/event-stream"})

    with pytest.raises(LLMError, match="quota") as caught:
        list(mock_backend(handler).stream(HELLO))
    assert caught.value.kind is ErrorKind.STREAM


def test_non_chat_answer_is_explained() -> None:
    backend_ = mock_backend(lambda request: httpx.Response(200, text="<html>Bienvenue</html>"))
    with pytest.raises(LLMError, match="illisible"):
        backend_.complete(HELLO)


def test_400_detail_is_shown_and_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDUKIT_TEST_KEY", "sk-echoed-secret")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400,
            json={"error": {"message": f"bad field; key was {request.headers['Authorization']}"}},
        )

    with pytest.raises(LLMError) as caught:
        mock_backend(handler, api_key_env="EDUKIT_TEST_KEY").complete(HELLO)
    assert caught.value.kind is ErrorKind.BAD_REQUEST
    assert "bad field" in caught.value.message_fr
    assert "sk-echoed-secret" not in caught.value.message_fr and "***" in caught.value.message_fr


def test_sse_parser_joins_multiline_data_and_ignores_other_fields() -> None:
    lines = iter(
        ["event: message", "id: 3", "data: ligne 1", "data: ligne 2", "", ":comment", "data:[DONE]"]
    )
    assert list(iter_sse_data(lines)) == ["ligne 1\nligne 2", "[DONE]"]


# -- the official openai client agrees with ours ---------------------------------------------------


@pytest.mark.slow
def test_official_openai_client_agrees(fake_server: FakeServer, secret_env: str) -> None:
    openai = pytest.importorskip("openai")
    official = openai.OpenAI(base_url=fake_server.url, api_key=secret_env, max_retries=0)
    ours = backend(fake_server)

    theirs = official.chat.completions.create(model="ok", messages=HELLO)
    mine = ours.complete(HELLO)
    assert mine.text == theirs.choices[0].message.content
    assert theirs.usage is not None
    assert mine.usage == Usage(
        theirs.usage.prompt_tokens, theirs.usage.completion_tokens, theirs.usage.total_tokens
    )

    stream = official.chat.completions.create(
        model="ok", messages=HELLO, stream=True, stream_options={"include_usage": True}
    )
    their_text, their_usage = "", None
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            their_text += chunk.choices[0].delta.content
        if chunk.usage is not None:
            their_usage = Usage(
                chunk.usage.prompt_tokens, chunk.usage.completion_tokens, chunk.usage.total_tokens
            )
    my_chunks = list(ours.stream(HELLO))
    assert "".join(c.text for c in my_chunks) == their_text == "".join(ANSWER)
    assert my_chunks[-1].usage == their_usage == Usage(**USAGE)
