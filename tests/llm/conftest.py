"""A fake OpenAI-compatible server on 127.0.0.1 (stdlib ``http.server`` in a thread).

The model name picks the behaviour: ``ok`` answers (JSON or SSE with keep-alive comments and a
usage chunk when asked), ``missing`` → 404, ``busy`` → 429 with Retry-After, ``flaky`` → 503
once then OK, ``down`` → 500 always, ``slow`` → waits longer than the client's timeout,
``broken`` → a stream cut before its end, ``garbage`` → a stream with invalid JSON.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

SECRET = "sk-" + "test-7f3a9c-never-print-me"  # split: no key-like literal in the sources
ANSWER = ["Bonjour", " ! Voici", " une réponse", " en français."]
USAGE = {"prompt_tokens": 12, "completion_tokens": 7, "total_tokens": 19}


@dataclass
class FakeServer:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)


def _chunk(content: str | None, finish: str | None = None) -> dict[str, Any]:
    delta = {"content": content} if content is not None else {}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "ok",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def make_handler(state: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _json(
            self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _event(self, data: str) -> None:
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(body)
            state.headers.append(dict(self.headers.items()))
            if self.path != "/v1/chat/completions":
                self._json(404, {"error": {"message": "Not found"}})
                return
            if self.headers.get("Authorization") != f"Bearer {SECRET}":
                self._json(
                    401,
                    {
                        "error": {
                            "message": "Incorrect API key provided: "
                            + str(self.headers.get("Authorization"))
                        }
                    },
                )
                return
            model = body.get("model", "")
            state.hits[model] = state.hits.get(model, 0) + 1
            if model == "missing":
                self._json(404, {"error": {"message": "The model `missing` does not exist"}})
                return
            if model == "busy":
                self._json(429, {"error": {"message": "Rate limit"}}, {"Retry-After": "0"})
                return
            if model == "down" or (model == "flaky" and state.hits[model] == 1):
                self._json(503, {"error": {"message": "overloaded"}})
                return
            if model == "slow":
                time.sleep(1.5)
            if not body.get("stream"):
                self._json(
                    200,
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "created": 1,
                        "model": model,
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": "".join(ANSWER)},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": USAGE,
                    },
                )
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(b": keep-alive\n\n")
            if model == "garbage":
                self._event('{"choices": [{"delta": {"content": "Bon')
                return
            for i, piece in enumerate(ANSWER):
                self._event(json.dumps(_chunk(piece)))
                if i == 1:
                    self.wfile.write(b": ping\n\n")
                if model == "broken" and i == 1:
                    return
            self._event(json.dumps(_chunk(None, "stop")))
            if (body.get("stream_options") or {}).get("include_usage"):
                usage_chunk = _chunk(None)
                usage_chunk["choices"] = []
                usage_chunk["usage"] = USAGE
                self._event(json.dumps(usage_chunk))
            self._event("[DONE]")

    return Handler


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    state = FakeServer(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> str:
    monkeypatch.setenv("EDUKIT_TEST_KEY", SECRET)
    monkeypatch.chdir(tmp_path)  # no stray .env from the repository
    return SECRET
