"""The project's one fake OpenAI-compatible server, on 127.0.0.1 (stdlib ``http.server`` in a thread).

Used by the LLM client tests (``tests/llm``), the classroom proxy tests (``tests/classroom``),
the browser and quality tests (playground, classroom, CSP, XSS) and ``benchmarks/bench_classroom.py``
(which loads this file by path: it imports nothing but the standard library).

``POST /v1/chat/completions`` only (else 404), with ``Authorization: Bearer <key>`` (else 401
quoting the header it got, as real services do); ``key=None`` accepts any key. Every answer
carries permissive CORS headers and ``OPTIONS`` answers the browser's preflight. The model name
picks the behaviour: any name answers ``answer`` (JSON, or SSE with keep-alive comments and a
usage chunk when asked), ``refuse`` → 401 whatever the key, ``missing`` → 404, ``busy`` → 429 with Retry-After, ``flaky`` → 503
once then OK, ``down`` → 503 always, ``slow`` → waits longer than the client's timeout,
``broken`` → a stream cut before its end, ``garbage`` → a stream with invalid JSON.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET = "sk-" + "test-7f3a9c-never-print-me"  # split: no key-like literal in the sources
ANSWER = ["Bonjour", " ! Voici", " une réponse", " en français."]
USAGE = {"prompt_tokens": 12, "completion_tokens": 7, "total_tokens": 19}
PATH = "/v1/chat/completions"


@dataclass
class FakeServer:
    """What the server answers (``answer`` pieces, accepted ``key``) and what it was sent."""

    url: str = ""
    answer: list[str] = field(default_factory=lambda: list(ANSWER))
    key: str | None = SECRET
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>`` (``url`` is the API base, ending in ``/v1``)."""
        return self.url.removesuffix("/v1")

    @property
    def authorizations(self) -> list[str]:
        """The ``Authorization`` header of each request ("" when absent)."""
        return [headers.get("Authorization", "") for headers in self.headers]

    @property
    def prompts(self) -> list[str]:
        """The last message of each request."""
        return [str(body["messages"][-1]["content"]) for body in self.requests]


def _chunk(content: str | None, finish: str | None = None) -> dict[str, Any]:
    delta = {"content": content} if content is not None else {}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "ok",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": USAGE,
    }


def make_handler(state: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _cors(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
            self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

        def _json(
            self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self._cors()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _event(self, data: str) -> None:
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self._cors()
            self.end_headers()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(body)
            state.headers.append(dict(self.headers.items()))
            if self.path != PATH:
                self._json(404, {"error": {"message": "Not found"}})
                return
            authorization = self.headers.get("Authorization")
            model = str(body.get("model", ""))
            if model == "refuse" or (
                state.key is not None and authorization != f"Bearer {state.key}"
            ):
                message = "Incorrect API key provided: " + str(authorization)
                self._json(401, {"error": {"message": message}})
                return
            state.hits[model] = state.hits.get(model, 0) + 1
            if not self._fails(model):
                self._answer(model, body)

        def _fails(self, model: str) -> bool:
            """Answer the error the model name asks for; True when one was sent."""
            if model == "missing":
                self._json(404, {"error": {"message": "The model `missing` does not exist"}})
            elif model == "busy":
                self._json(429, {"error": {"message": "Rate limit"}}, {"Retry-After": "0"})
            elif model == "down" or (model == "flaky" and state.hits[model] == 1):
                self._json(503, {"error": {"message": "overloaded"}})
            else:
                if model == "slow":
                    time.sleep(1.5)
                return False
            return True

        def _answer(self, model: str, body: dict[str, Any]) -> None:
            if not body.get("stream"):
                self._json(200, _completion(model, "".join(state.answer)))
                return
            self.send_response(200)
            self._cors()
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(b": keep-alive\n\n")
            if model == "garbage":
                self._event('{"choices": [{"delta": {"content": "Bon')
                return
            for i, piece in enumerate(state.answer):
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


@contextmanager
def serve(state: FakeServer | None = None) -> Iterator[FakeServer]:
    """Run the server for ``state`` (a default one when None) while the block runs."""
    state = state if state is not None else FakeServer()
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
