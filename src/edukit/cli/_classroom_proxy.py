"""The room's model proxy: ``/v1/models`` and ``/v1/chat/completions`` for learners.

The learner's request is checked (roles, length, no personal data), bounded by the room's
limits, sent on with the trainer's key (which never reaches a browser), and its tokens and
estimated energy are counted after the answer is on its way. The backend's own error text is
never relayed: it may quote the key or the request.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from edukit.classroom import Room, RoomError
from edukit.cli._classroom_http import MODEL_CAP, Access, Backend, ClassroomConfig, error, read_json
from edukit.llm import (
    ImpactUnavailable,
    estimate_impact,
    estimate_impact_open,
    estimate_tokens,
    find_personal_data,
    read_secret,
)

__all__ = ["model_routes"]

logger = logging.getLogger("edukit.classroom")

_ROLES = {"system", "user", "assistant"}


def model_routes(config: ClassroomConfig, client: httpx.AsyncClient, access: Access) -> list[Route]:
    """The OpenAI-compatible routes the playground uses in the room."""
    room = config.room

    async def models(request: Request) -> Response:
        await access.learner_of(request)
        if room.model is None or config.backend is None:
            return JSONResponse({"object": "list", "data": []})
        return JSONResponse(
            {
                "object": "list",
                "data": [{"id": room.model.name, "object": "model", "owned_by": "salle"}],
            }
        )

    async def account(learner: str, usage: Any, prompt: str, answer: str) -> None:
        prompt_tokens, completion_tokens = _token_counts(usage, prompt, answer)
        energy, gwp = await run_in_threadpool(_impact, room, completion_tokens)
        await run_in_threadpool(
            room.record_usage, learner, prompt_tokens, completion_tokens, energy, gwp
        )

    async def chat(request: Request) -> Response:
        started = time.perf_counter()
        learner = await access.learner_of(request)
        body = await read_json(request, MODEL_CAP)
        messages = _messages(body)
        _refuse_personal_data(messages)
        left = await run_in_threadpool(room.admit, learner)
        backend = config.backend
        assert backend is not None  # admit() refuses a room without a model
        upstream, stream = _upstream_body(body, messages, backend, room, left)
        request_out = client.build_request(
            "POST",
            backend.base_url.rstrip("/") + "/chat/completions",
            json=upstream,
            headers=_headers(backend, stream),
        )
        config.overhead.append(time.perf_counter() - started)
        response = await _send(client, request_out)
        if response.status_code != 200:
            await response.aclose()
            return _upstream_error(response.status_code)
        prompt_text = "\n".join(m["content"] for m in messages)
        if not stream:
            return await _whole_answer(response, learner, prompt_text, account)

        async def relay() -> AsyncIterator[bytes]:
            counter = _StreamCounter()
            try:
                async for chunk in response.aiter_bytes():
                    counter.feed(chunk)
                    yield chunk
            except httpx.HTTPError:
                pass  # the backend cut the stream: the browser sees it end early
            finally:
                await response.aclose()
                await account(learner, counter.usage, prompt_text, counter.text())

        return StreamingResponse(
            relay(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return [
        Route("/v1/models", models, methods=["GET"]),
        Route("/v1/chat/completions", chat, methods=["POST"]),
    ]


def _messages(body: object) -> list[dict[str, str]]:
    if not isinstance(body, dict):
        raise RoomError(400, "json_invalide", "Envoyez un objet JSON {messages, stream}.")
    messages = body.get("messages")
    if not isinstance(messages, list) or not 1 <= len(messages) <= 100:
        raise RoomError(
            400, "messages_invalides", "« messages » doit être une liste de 1 à 100 messages."
        )
    checked = []
    for index, message in enumerate(messages):
        if (
            not isinstance(message, dict)
            or message.get("role") not in _ROLES
            or not isinstance(message.get("content"), str)
        ):
            raise RoomError(
                400,
                "messages_invalides",
                f"Message n° {index + 1} : il faut un rôle (system, user ou assistant) et un "
                "contenu texte.",
            )
        checked.append({"role": str(message["role"]), "content": str(message["content"])})
    return checked


def _refuse_personal_data(messages: list[dict[str, str]]) -> None:
    found = sorted({span.label for m in messages for span in find_personal_data(m["content"])})
    if found:
        raise RoomError(
            422,
            "donnees_personnelles",
            "Le message contient des données personnelles ("
            + ", ".join(label.lower() for label in found)
            + ") : retirez-les ou remplacez-les par des exemples inventés, puis renvoyez.",
        )


def _upstream_body(
    body: dict[str, Any],
    messages: list[dict[str, str]],
    backend: Backend,
    room: Room,
    left: int,
) -> tuple[dict[str, Any], bool]:
    """The request sent on: the trainer's model, the provider's field names, bounded length."""
    quirks = backend.provider
    stream = body.get("stream") is True
    upstream: dict[str, Any] = {"model": backend.model, "messages": messages, "stream": stream}
    for name in ("temperature", "top_p"):
        value = body.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 2:
            upstream[name] = value
    seed = body.get("seed")
    if quirks.seed_field and isinstance(seed, int) and not isinstance(seed, bool):
        upstream[quirks.seed_field] = seed
    asked = body.get("max_completion_tokens", body.get("max_tokens"))
    limit = min(room.limits.max_output_tokens, max(1, left))
    if isinstance(asked, int) and not isinstance(asked, bool) and asked > 0:
        limit = min(limit, asked)
    upstream[quirks.max_tokens_field] = limit
    if stream and quirks.stream_usage:
        upstream["stream_options"] = {"include_usage": True}
    return upstream, stream


def _headers(backend: Backend, stream: bool) -> dict[str, str]:
    """What the backend is sent besides the body: the trainer's key, read at each call."""
    headers = {"Accept": "text/event-stream" if stream else "application/json"}
    if backend.api_key_env:
        key = read_secret(backend.api_key_env, backend.env_file)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        elif backend.provider.key_required:
            raise RoomError(
                503,
                "cle_manquante",
                "Le service de modèle n'a pas de clé sur l'ordinateur de la formatrice ou "
                "du formateur : prévenez-la ou prévenez-le.",
            )
    return headers


async def _send(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    try:
        return await client.send(request, stream=True)
    except httpx.TimeoutException:
        raise RoomError(
            504, "modele_lent", "Le modèle n'a pas répondu à temps : réessayez."
        ) from None
    except httpx.HTTPError:
        raise RoomError(
            502,
            "modele_injoignable",
            "Le modèle ne répond pas : la formatrice ou le formateur doit vérifier qu'il "
            "est lancé.",
        ) from None


async def _whole_answer(
    response: httpx.Response, learner: str, prompt: str, account: Any
) -> Response:
    """A non-streamed answer: the backend's own bytes, counted once they are sent."""
    try:
        raw = await response.aread()
    finally:
        await response.aclose()
    try:
        data = json.loads(raw)
        answer = str(data["choices"][0]["message"].get("content") or "")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return error(502, "reponse_illisible", "La réponse du modèle est illisible.")
    # counted after the answer is sent: the disk write is not on the learner's path
    return Response(
        raw,  # the backend's own bytes: no second encoding on the learner's path
        media_type="application/json",
        background=BackgroundTask(account, learner, data.get("usage"), prompt, answer),
    )


def _upstream_error(status: int) -> Response:
    # the backend's own message is never relayed: it may quote the key or the request
    if status in {401, 403}:
        return error(
            502,
            "cle_refusee",
            "Le service de modèle refuse la clé de la formatrice ou du formateur : prévenez-la "
            "ou prévenez-le.",
        )
    if status == 404:
        return error(502, "modele_inconnu", "Le service ne connaît pas le modèle configuré.")
    if status == 429:
        return error(
            429, "service_sature", "Le service de modèle est saturé : réessayez dans un moment."
        )
    return error(502, "modele_en_erreur", f"Le service de modèle a répondu une erreur ({status}).")


class _StreamCounter:
    """Reads the SSE bytes passing through: the answer's text and the usage, if sent."""

    def __init__(self) -> None:
        self._buffer = b""
        self._parts: list[str] = []
        self.usage: Any = None

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            line = raw.strip()
            if not line.startswith(b"data:"):
                continue
            payload = line[5:].strip()
            if payload == b"[DONE]":
                continue
            try:
                data = json.loads(payload)
            except ValueError:
                continue
            if not isinstance(data, dict):
                continue
            if isinstance(data.get("usage"), dict):
                self.usage = data["usage"]
            for choice in data.get("choices") or []:
                delta = choice.get("delta") if isinstance(choice, dict) else None
                if isinstance(delta, dict) and isinstance(delta.get("content"), str):
                    self._parts.append(delta["content"])

    def text(self) -> str:
        return "".join(self._parts)


def _token_counts(usage: Any, prompt: str, answer: str) -> tuple[int, int]:
    if isinstance(usage, dict):
        try:
            return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        except (TypeError, ValueError):
            pass
    return estimate_tokens(prompt), estimate_tokens(answer) if answer else 0


def _impact(
    room: Room, completion_tokens: int
) -> tuple[tuple[float, float], tuple[float, float]] | tuple[None, None]:
    model = room.model
    if model is None or completion_tokens <= 0:
        return None, None
    try:
        if model.provider in {"openai", "mistral"}:
            impact = estimate_impact(model.provider, model.name, completion_tokens)
        elif model.parameters_billion:
            impact = estimate_impact_open(model.parameters_billion, completion_tokens)
        else:
            return None, None
    except (ImpactUnavailable, ImportError) as reason:  # no ecologits data for this model
        logger.warning("pas d'estimation d'énergie (%s)", type(reason).__name__)
        return None, None
    except Exception:  # edukit's own bug: the use is still counted, the traceback is logged
        logger.exception("erreur interne d'edukit en estimant l'énergie d'un appel au modèle")
        return None, None
    energy = (impact.energy_kwh[0] * 1000, impact.energy_kwh[1] * 1000)
    gwp = (impact.gwp_kgco2eq[0] * 1000, impact.gwp_kgco2eq[1] * 1000)
    return energy, gwp
