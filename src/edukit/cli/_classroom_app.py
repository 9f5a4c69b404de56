"""The classroom server's HTTP adapter (Starlette): the site, the room API, the model proxy,
the projector page and the trainer's dashboard.

Only this module knows about HTTP. The room's rules live in :mod:`edukit.classroom`, the
backend table and the personal-data guard in :mod:`edukit.llm`, the reports in
:mod:`edukit.progress` and ``edukit report``. Errors are JSON ``{"erreur", "code"}`` in
French; no traceback and no learner text, key or token is ever written to a response or a log.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import json
import logging
import re
import shutil
import time
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from edukit.classroom import (
    PACKS_FOLDER,
    Learner,
    Room,
    RoomError,
    notice_fr,
)
from edukit.llm import (
    Provider,
    estimate_impact,
    estimate_impact_open,
    estimate_tokens,
    find_personal_data,
    read_secret,
)

__all__ = [
    "API_CAP",
    "MODEL_CAP",
    "Backend",
    "ClassroomConfig",
    "create_app",
]

logger = logging.getLogger("edukit.classroom")

API_CAP = 64 * 1024
MODEL_CAP = 32 * 1024
COOKIE = "edukit_formateur"
STATIC = Path(__file__).resolve().parent.parent / "classroom" / "static"
SCRIPT_PATH = "/assets/edukit-classroom/classroom.js"
_PACK_NAME = re.compile(r"^dossier-qualiopi-\d{8}-\d{6}\.zip$")
_ROLES = {"system", "user", "assistant"}
_PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass(frozen=True)
class Backend:
    """The trainer's model service: an OpenAI-compatible base URL, a model, the key's name."""

    base_url: str
    model: str
    provider: Provider
    api_key_env: str | None = None
    env_file: Path | None = None


@dataclass
class ClassroomConfig:
    room: Room
    site_dir: Path
    address: str
    """The room's address as learners type it (``http://192.168.1.20:8000/``)."""
    backend: Backend | None = None
    course_root: Path = Path(".")
    attestation_fields: Path | None = None
    pack_pdf: bool = True
    transport: httpx.AsyncBaseTransport | None = None
    """An httpx transport for tests; ``None`` uses the network."""
    overhead: list[float] = field(default_factory=list)
    """Seconds the proxy spent before the backend's first byte (kept for ``make bench``)."""


def _error(status: int, code: str, message: str, retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return JSONResponse({"erreur": message, "code": code}, status_code=status, headers=headers)


_HTTP_MESSAGES = {
    404: ("introuvable", "Cette adresse n'existe pas sur le serveur de la salle."),
    405: ("methode_refusee", "Cette méthode n'est pas acceptée à cette adresse."),
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code, message = _HTTP_MESSAGES.get(exc.status_code, ("requete_invalide", "Requête refusée."))
    return _error(exc.status_code, code, message)


async def _room_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RoomError)
    return _error(exc.status, exc.code, exc.message, exc.retry_after)


async def _internal_error(request: Request, exc: Exception) -> Response:
    logger.error("erreur interne du serveur de la salle (%s)", type(exc).__name__)
    return _error(
        500,
        "erreur_interne",
        "Le serveur de la salle a rencontré une erreur. Réessayez ; si elle revient, "
        "prévenez la formatrice ou le formateur.",
    )


async def _read_body(request: Request, cap: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        try:
            declared = int(length)
        except ValueError:
            raise RoomError(400, "longueur_invalide", "En-tête Content-Length invalide.") from None
        if declared > cap:
            raise RoomError(
                413,
                "trop_volumineux",
                f"Envoi trop volumineux : {cap // 1024} Kio au plus.",
            )
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > cap:
            raise RoomError(
                413, "trop_volumineux", f"Envoi trop volumineux : {cap // 1024} Kio au plus."
            )
    return bytes(body)


async def _read_json(request: Request, cap: int) -> Any:
    body = await _read_body(request, cap)
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise RoomError(
            400, "json_invalide", "Le corps de la requête n'est pas du JSON valide."
        ) from None


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _address(request: Request) -> str:
    return request.client.host if request.client else "inconnue"


def create_app(config: ClassroomConfig) -> Starlette:
    """The room's ASGI application."""
    room = config.room
    site = config.site_dir.resolve()
    outline, rubrics, course_problem = _course(config.course_root.resolve())
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(120.0, connect=5.0),
        transport=config.transport,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
    )

    async def learner_of(request: Request) -> str:
        learner = room.authenticate(_bearer(request))  # in memory once known
        if learner is None:
            raise RoomError(
                401,
                "non_connecte",
                "Rejoignez d'abord la salle avec son code et un pseudonyme.",
            )
        return learner

    def trainer(request: Request) -> bool:
        token = _bearer(request) or request.cookies.get(COOKIE)
        return room.is_trainer(token)

    def require_trainer(request: Request) -> None:
        if not trainer(request):
            raise RoomError(
                401,
                "formateur_seulement",
                "Réservé à la formatrice ou au formateur : ouvrez le lien affiché au lancement "
                "de « edukit classroom ».",
            )
        origin = request.headers.get("origin")
        if request.method == "POST" and origin and origin != _origin(request):
            raise RoomError(403, "origine_refusee", "Requête venue d'un autre site : refusée.")

    # -- learner API -------------------------------------------------------------------------

    async def salle(request: Request) -> Response:
        model = room.model
        return JSONResponse(
            {
                "salle": True,
                "version": 1,
                "cours": room.course,
                "nom": room.name,
                "modele": {
                    "disponible": model is not None and config.backend is not None,
                    "nom": model.name if model else None,
                    "en_pause": room.paused,
                },
                "notice": notice_fr(room.retention_days),
                "retention_jours": room.retention_days,
            }
        )

    async def rejoindre(request: Request) -> Response:
        body = await _read_json(request, API_CAP)
        result = await run_in_threadpool(room.join, body, _address(request), _bearer(request))
        return JSONResponse(
            {"jeton": result.token, "apprenant": result.learner, "pseudo": result.pseudo}
        )

    async def sync(request: Request) -> Response:
        learner = await learner_of(request)
        body = await _read_json(request, API_CAP)
        return JSONResponse(await run_in_threadpool(room.sync, learner, body))

    async def mes_donnees(request: Request) -> Response:
        learner = await learner_of(request)
        return JSONResponse({"records": await run_in_threadpool(room.store.records, learner)})

    async def presence(request: Request) -> Response:
        learner = await learner_of(request)
        body = await _read_json(request, API_CAP)
        await run_in_threadpool(room.presence, learner, body)
        return Response(status_code=204)

    # -- model proxy -------------------------------------------------------------------------

    async def models(request: Request) -> Response:
        await learner_of(request)
        if room.model is None or config.backend is None:
            return JSONResponse({"object": "list", "data": []})
        return JSONResponse(
            {
                "object": "list",
                "data": [{"id": room.model.name, "object": "model", "owned_by": "salle"}],
            }
        )

    async def chat(request: Request) -> Response:
        started = time.perf_counter()
        learner = await learner_of(request)
        body = await _read_json(request, MODEL_CAP)
        messages = _messages(body)
        found = sorted({span.label for m in messages for span in find_personal_data(m["content"])})
        if found:
            raise RoomError(
                422,
                "donnees_personnelles",
                "Le message contient des données personnelles ("
                + ", ".join(label.lower() for label in found)
                + ") : retirez-les ou remplacez-les par des exemples inventés, puis renvoyez.",
            )
        left = await run_in_threadpool(room.admit, learner)
        backend = config.backend
        assert backend is not None  # admit() refuses a room without a model
        upstream, stream = _upstream_body(body, messages, backend, room, left)
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
        prompt_text = "\n".join(m["content"] for m in messages)
        request_out = client.build_request(
            "POST",
            backend.base_url.rstrip("/") + "/chat/completions",
            json=upstream,
            headers=headers,
        )
        config.overhead.append(time.perf_counter() - started)
        try:
            response = await client.send(request_out, stream=True)
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
        if response.status_code != 200:
            await response.aclose()
            return _upstream_error(response.status_code)
        if not stream:
            try:
                raw = await response.aread()
            finally:
                await response.aclose()
            try:
                data = json.loads(raw)
                answer = str(data["choices"][0]["message"].get("content") or "")
            except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                return _error(502, "reponse_illisible", "La réponse du modèle est illisible.")
            # counted after the answer is sent: the disk write is not on the learner's path
            return Response(
                raw,  # the backend's own bytes: no second encoding on the learner's path
                media_type="application/json",
                background=BackgroundTask(
                    _account, learner, data.get("usage"), prompt_text, answer
                ),
            )

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
                await _account(learner, counter.usage, prompt_text, counter.text())

        return StreamingResponse(
            relay(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    async def _account(learner: str, usage: Any, prompt: str, answer: str) -> None:
        prompt_tokens, completion_tokens = _token_counts(usage, prompt, answer)
        energy, gwp = await run_in_threadpool(_impact, room, completion_tokens)
        await run_in_threadpool(
            room.record_usage, learner, prompt_tokens, completion_tokens, energy, gwp
        )

    # -- site --------------------------------------------------------------------------------

    async def classroom_script(request: Request) -> Response:
        path = STATIC / "classroom.js"
        if not path.is_file():
            return _error(404, "introuvable", "Le script de la salle est absent du paquet.")
        return FileResponse(path, media_type="text/javascript")

    async def site_file(request: Request) -> Response:
        relative = request.path_params.get("path", "")
        target = (site / relative).resolve()
        if not target.is_relative_to(site):
            return _error(404, "introuvable", "Cette page n'existe pas.")
        if target.is_dir():
            if relative and not relative.endswith("/"):
                return RedirectResponse(f"/{quote(relative)}/", status_code=308)
            target = target / "index.html"
        if not target.is_file():
            missing = site / "404.html"
            if missing.is_file():
                return _html_page(missing, 404)
            return _error(404, "introuvable", "Cette page n'existe pas.")
        if target.suffix.lower() in {".html", ".htm"}:
            return _html_page(target, 200)
        return FileResponse(target, headers={"X-Content-Type-Options": "nosniff"})

    # -- projector and dashboard ---------------------------------------------------------------

    async def projector(request: Request) -> Response:
        return _page(
            f"{html.escape(room.name)} — rejoindre la salle",
            _projector_body(room, config.address),
        )

    async def stylesheet(request: Request) -> Response:
        return PlainTextResponse(_CSS, media_type="text/css")

    async def dashboard_script(request: Request) -> Response:
        return PlainTextResponse(_DASHBOARD_JS, media_type="text/javascript")

    async def dashboard(request: Request) -> Response:
        given = request.query_params.get("jeton")
        if given is not None:
            if not room.is_trainer(given):
                raise RoomError(401, "jeton_errone", "Ce jeton de formateur n'est pas le bon.")
            redirect = RedirectResponse("/formateur/", status_code=303)
            redirect.set_cookie(COOKIE, given, httponly=True, samesite="strict", path="/formateur/")
            return redirect
        require_trainer(request)
        state = await run_in_threadpool(_state, room, outline, rubrics)
        packs = _packs(room)
        return _page(
            f"{html.escape(room.name)} — tableau de bord",
            _dashboard_body(room, config, state, packs, course_problem)
            + _grading_forms(state, rubrics),
            script="/formateur/tableau.js",
        )

    async def dashboard_state(request: Request) -> Response:
        require_trainer(request)
        state = await run_in_threadpool(_state, room, outline, rubrics)
        return JSONResponse(state)

    async def pause(request: Request) -> Response:
        require_trainer(request)
        form = parse_qs((await _read_body(request, 1024)).decode("utf-8", "replace"))
        room.set_paused(form.get("action", [""])[0] != "reprendre")
        return RedirectResponse("/formateur/", status_code=303)

    async def grade(request: Request) -> Response:
        require_trainer(request)
        form = parse_qs((await _read_body(request, 8 * 1024)).decode("utf-8", "replace"))
        await run_in_threadpool(_record_grade, room, rubrics, form)
        return RedirectResponse("/formateur/#notes", status_code=303)

    async def make_pack(request: Request) -> Response:
        require_trainer(request)
        if outline is None:
            raise RoomError(409, "cours_illisible", course_problem or "Le cours est illisible.")
        name, message = await run_in_threadpool(_qualiopi_pack, room, config)
        if name is None:
            raise RoomError(409, "dossier_impossible", message)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"dossier": name, "message": message})
        return RedirectResponse("/formateur/#dossiers", status_code=303)

    async def download_pack(request: Request) -> Response:
        require_trainer(request)
        name = request.path_params["name"]
        path = room.store.folder / PACKS_FOLDER / name
        if not _PACK_NAME.match(name) or not path.is_file():
            return _error(404, "introuvable", "Ce dossier n'existe pas (ou a été purgé).")
        return FileResponse(path, media_type="application/zip", filename=name)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await client.aclose()

    routes = [
        Route("/api/salle", salle, methods=["GET"]),
        Route("/api/rejoindre", rejoindre, methods=["POST"]),
        Route("/api/sync", sync, methods=["POST"]),
        Route("/api/mes-donnees", mes_donnees, methods=["GET"]),
        Route("/api/presence", presence, methods=["POST"]),
        Route("/v1/models", models, methods=["GET"]),
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route(SCRIPT_PATH, classroom_script, methods=["GET"]),
        Route("/salle/", projector, methods=["GET"]),
        Route("/formateur/", dashboard, methods=["GET"]),
        Route("/formateur/style.css", stylesheet, methods=["GET"]),
        Route("/formateur/tableau.js", dashboard_script, methods=["GET"]),
        Route("/salle/style.css", stylesheet, methods=["GET"]),
        Route("/formateur/api/etat", dashboard_state, methods=["GET"]),
        Route("/formateur/pause", pause, methods=["POST"]),
        Route("/formateur/dossier", make_pack, methods=["POST"]),
        Route("/formateur/note", grade, methods=["POST"]),
        Route("/formateur/dossiers/{name}", download_pack, methods=["GET"]),
        Route("/api/{rest:path}", _api_missing),
        Route("/v1/{rest:path}", _api_missing),
        Route("/{path:path}", site_file, methods=["GET", "HEAD"]),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        RoomError: _room_error,
        HTTPException: _http_error,
        Exception: _internal_error,
    }
    return Starlette(
        routes=routes,
        exception_handlers=handlers,
        lifespan=lifespan,
    )


async def _api_missing(request: Request) -> Response:
    return _error(404, "introuvable", "Cette adresse de l'API n'existe pas.")


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


# -- proxy helpers ------------------------------------------------------------------------------


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


def _upstream_error(status: int) -> Response:
    # the backend's own message is never relayed: it may quote the key or the request
    if status in {401, 403}:
        return _error(
            502,
            "cle_refusee",
            "Le service de modèle refuse la clé de la formatrice ou du formateur : prévenez-la "
            "ou prévenez-le.",
        )
    if status == 404:
        return _error(502, "modele_inconnu", "Le service ne connaît pas le modèle configuré.")
    if status == 429:
        return _error(
            429, "service_sature", "Le service de modèle est saturé : réessayez dans un moment."
        )
    return _error(502, "modele_en_erreur", f"Le service de modèle a répondu une erreur ({status}).")


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
    except Exception as error:  # ecologits data missing for this model: no estimate
        logger.warning("pas d'estimation d'énergie (%s)", type(error).__name__)
        return None, None
    energy = (impact.energy_kwh[0] * 1000, impact.energy_kwh[1] * 1000)
    gwp = (impact.gwp_kgco2eq[0] * 1000, impact.gwp_kgco2eq[1] * 1000)
    return energy, gwp


# -- pages --------------------------------------------------------------------------------------

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_INJECTED = f'<script type="module" src="{SCRIPT_PATH}"></script>'.encode()


def _html_page(path: Path, status: int) -> Response:
    """A page of the built site with the classroom script before ``</head>``."""
    data = path.read_bytes()
    match = _HEAD_END.search(data)
    if match is not None:
        data = data[: match.start()] + _INJECTED + data[match.start() :]
    return Response(
        data,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
    )


def _page(title: str, body: str, script: str | None = None) -> Response:
    tag = f'<script type="module" src="{script}"></script>' if script else ""
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        f'<link rel="stylesheet" href="style.css">{tag}'
        f"</head><body><main>{body}</main></body></html>"
    )
    return Response(
        page,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": _PAGE_CSP,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
        },
    )


_CSS = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .4rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f8; }
button { font-size: 1rem; padding: .5rem 1rem; border: 2px solid #000091; background: #000091;
  color: #fff; border-radius: 4px; cursor: pointer; }
button.secondaire { background: #fff; color: #000091; }
button:focus-visible, a:focus-visible { outline: 3px solid #c9191e; outline-offset: 2px; }
.projecteur { text-align: center; }
.projecteur .adresse { font-size: clamp(1.5rem, 5vw, 4rem); font-weight: bold; word-break: break-all; }
.projecteur .code { font-size: clamp(2rem, 9vw, 7rem); font-weight: bold; letter-spacing: .1em; }
.projecteur svg { width: min(70vw, 60vh); height: auto; }
.etat { font-weight: bold; }
.pause { color: #b34000; }
"""


_DASHBOARD_JS = """
// Refreshes who is connected and where each learner is, every 10 s, from the dashboard's JSON.
// Learner text goes through textContent only: it is never parsed as HTML.
const lessonOrPage = (learner) => learner.lecon_titre || learner.page || "\u2014";
async function refresh() {
  let state;
  try {
    const response = await fetch("/formateur/api/etat", { credentials: "same-origin" });
    if (!response.ok) return;
    state = await response.json();
  } catch {
    return;
  }
  for (const learner of state.apprenants) {
    const row = document.querySelector(`tr[data-apprenant="${CSS.escape(learner.id)}"]`);
    if (!row) continue;
    row.querySelector('[data-champ="connecte"]').textContent = learner.connecte ? "oui" : "non";
    row.querySelector('[data-champ="ou"]').textContent = lessonOrPage(learner);
  }
}
setInterval(refresh, 10000);
"""


def _projector_body(room: Room, address: str) -> str:
    import segno

    svg = segno.make(address, error="m").svg_inline(
        scale=10, border=2, title=f"Code QR de l'adresse {address}"
    )
    return (
        '<div class="projecteur">'
        f"<h1>Rejoindre la salle « {html.escape(room.name)} »</h1>"
        "<p>1. Connectez-vous au wifi de la salle, puis ouvrez cette adresse "
        "(ou scannez le code QR) :</p>"
        f'<p class="adresse">{html.escape(address)}</p>'
        f'<div role="img" aria-label="Code QR de l\'adresse {html.escape(address)}">{svg}</div>'
        "<p>2. Tapez le code de la salle et choisissez un pseudonyme :</p>"
        f'<p class="code" aria-label="Code de la salle">{html.escape(room.code)}</p>'
        "</div>"
    )


@functools.lru_cache(maxsize=4)
def _course(root: Path) -> tuple[Any, dict[str, Any], str | None]:
    """The course outline and rubrics for the dashboard, or why they cannot be read (read
    once per server: the course does not change during a session)."""
    from edukit.course import load_course
    from edukit.progress import RUBRICS_FOLDER, CourseOutline, load_rubrics

    try:
        loaded = load_course(root)
    except Exception as error:  # a broken course folder must not stop the room
        return None, {}, f"le cours ne peut pas être lu ({type(error).__name__})"
    if loaded.course is None:
        return (
            None,
            {},
            (
                "le cours ne peut pas être lu : lancez « edukit classroom » depuis la racine du "
                "dépôt du cours (ou avec --course-root), puis « edukit check »"
            ),
        )
    outline = CourseOutline.from_course(loaded.course, loaded.competences)
    rubrics, _ = load_rubrics(root / RUBRICS_FOLDER)
    return outline, dict(rubrics), None


def _percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{round(ratio * 100)} %"


def _state(room: Room, outline: Any, rubrics: dict[str, Any]) -> dict[str, Any]:
    """What the dashboard shows, as JSON data (learner texts are data, never HTML)."""
    from edukit.progress import GroupReport, learner_report

    lessons = dict(outline.lessons) if outline is not None else {}
    learners: list[dict[str, Any]] = []
    reports = []
    for learner in room.store.learners():
        row: dict[str, Any] = {
            "id": learner.id,
            "pseudo": learner.pseudo,
            "connecte": room.connected(learner),
            "vu": learner.last_seen.isoformat(),
            "page": learner.page,
            "lecon": learner.lesson,
            "lecon_titre": lessons.get(learner.lesson or ""),
        }
        progress = room.progress_file(learner) if outline is not None else None
        if progress is not None:
            report = learner_report(progress, outline, sources=["classe"], rubrics=rubrics)
            reports.append(report)
            row.update(
                {
                    "lecons_terminees": report.lessons_completed,
                    "lecons_total": report.lessons_total,
                    "positionnement": report.positioning.ratio,
                    "evaluation_finale": report.final.ratio,
                    "grilles": [
                        {
                            "grille": r.rubric,
                            "titre": r.title,
                            "points": r.points,
                            "max": r.max_points,
                        }
                        for r in report.rubrics
                    ],
                }
            )
        learners.append(row)
    competences: list[dict[str, Any]] = []
    if outline is not None and reports:
        group = GroupReport(outline, reports)
        competences = [
            {
                "competence": item.competence.id,
                "titre": item.competence.title,
                "positionnement": item.positioning,
                "evaluation_finale": item.final,
            }
            for item in group.group_competences()
        ]
        if not competences:  # no competences file yet: objectives
            competences = [
                {
                    "competence": item.objective.id,
                    "titre": item.objective.text,
                    "positionnement": {"moyenne": item.positioning},
                    "evaluation_finale": {"moyenne": item.final},
                }
                for item in group.group_objectives()
            ]
    usage = room.usage()
    return {
        "salle": room.name,
        "en_pause": room.paused,
        "apprenants": learners,
        "competences": competences,
        "modele": {
            "requetes": usage.requests,
            "jetons": usage.tokens,
            "appels_estimes": usage.estimated_calls,
            "energie_wh": list(usage.energy_wh),
            "co2_g": list(usage.gwp_g),
        },
    }


def _levels(counts: dict[str, Any]) -> str:
    if "moyenne" in counts:
        return _percent(counts["moyenne"])
    if not counts:
        return "—"
    return ", ".join(f"{html.escape(str(level))} : {count}" for level, count in counts.items())


def _dashboard_body(
    room: Room,
    config: ClassroomConfig,
    state: dict[str, Any],
    packs: list[str],
    course_problem: str | None,
) -> str:
    e = html.escape
    model = room.model
    usage = state["modele"]
    parts = [
        f"<h1>Tableau de bord — {e(room.name)}</h1>",
        f"<p>Adresse : <strong>{e(config.address)}</strong> · code de la salle : "
        f'<strong>{e(room.code)}</strong> · <a href="/salle/">page pour le projecteur</a> · '
        '<a href="/formateur/">actualiser</a></p>',
    ]
    if course_problem:
        parts.append(f'<p role="alert">⚠ {e(course_problem)}</p>')
    parts.append("<h2>Modèle de langue</h2>")
    if model is None or config.backend is None:
        parts.append("<p>Aucun modèle configuré (option --modele).</p>")
    else:
        status = "en pause" if state["en_pause"] else "disponible"
        action, label = (
            ("reprendre", "Reprendre le modèle")
            if state["en_pause"]
            else ("pause", "Mettre en pause")
        )
        parts.append(
            f'<p class="etat{" pause" if state["en_pause"] else ""}">{e(model.name)} : {status}</p>'
            '<form method="post" action="/formateur/pause">'
            f'<input type="hidden" name="action" value="{action}">'
            f"<button>{label}</button></form>"
        )
        energy = usage["energie_wh"]
        gwp = usage["co2_g"]
        parts.append(
            f"<p>{usage['requetes']} requête(s), {usage['jetons']} jetons. "
            + (
                f"Estimation (ecologits, mix électrique français) : {energy[0]:.3g} à "
                f"{energy[1]:.3g} Wh, {gwp[0]:.3g} à {gwp[1]:.3g} g CO₂e "
                f"sur {usage['appels_estimes']} appel(s).</p>"
                if usage["appels_estimes"]
                else "Pas d'estimation d'énergie pour ce modèle (donnez --parametres).</p>"
            )
        )
    parts.append("<h2>Personnes connectées et progression</h2>")
    if not state["apprenants"]:
        parts.append("<p>Personne n'a encore rejoint la salle.</p>")
    else:
        rows = []
        for learner in state["apprenants"]:
            where = learner.get("lecon_titre") or learner.get("page") or "—"
            lessons = (
                f"{learner['lecons_terminees']} / {learner['lecons_total']}"
                if "lecons_total" in learner
                else "—"
            )
            before, after = learner.get("positionnement"), learner.get("evaluation_finale")
            change = (
                f"{round((after - before) * 100):+d} points"
                if before is not None and after is not None
                else "—"
            )
            grades = ", ".join(
                f"{e(g['titre'])} : {g['points']}" + (f" / {g['max']}" if g["max"] else "")
                for g in learner.get("grilles", [])
            )
            rows.append(
                f'<tr data-apprenant="{e(learner["id"])}">'
                f"<td>{e(learner['pseudo'])}</td>"
                f'<td data-champ="connecte">{"oui" if learner["connecte"] else "non"}</td>'
                f'<td data-champ="ou">{e(str(where))}</td>'
                f"<td>{lessons}</td>"
                f"<td>{_percent(before)}</td>"
                f"<td>{_percent(after)}</td>"
                f"<td>{change}</td>"
                f"<td>{grades or '—'}</td>"
                "</tr>"
            )
        parts.append(
            "<table><caption>Une ligne par personne</caption><thead><tr>"
            '<th scope="col">Pseudonyme</th><th scope="col">Connectée</th>'
            '<th scope="col">Où elle en est</th><th scope="col">Leçons terminées</th>'
            '<th scope="col">Positionnement</th><th scope="col">Évaluation finale</th>'
            '<th scope="col">Évolution</th><th scope="col">Grilles notées</th>'
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )
    parts.append("<h2>Résultats de la salle par compétence</h2>")
    if state["competences"]:
        rows = [
            f"<tr><td>{e(c['titre'])}</td><td>{_levels(c['positionnement'])}</td>"
            f"<td>{_levels(c['evaluation_finale'])}</td></tr>"
            for c in state["competences"]
        ]
        parts.append(
            "<table><caption>Nombre de personnes par niveau</caption><thead><tr>"
            '<th scope="col">Compétence</th><th scope="col">Positionnement</th>'
            '<th scope="col">Évaluation finale</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
    else:
        parts.append("<p>Pas encore de résultat de test dans la salle.</p>")
    parts.append(
        '<h2 id="dossiers">Dossier Qualiopi</h2>'
        "<p>Rapport CSV et HTML, PDF et attestations, faits par le même code que "
        "« edukit report », à partir des données de la salle.</p>"
        '<form method="post" action="/formateur/dossier"><button>Préparer le dossier '
        "Qualiopi</button></form>"
    )
    if packs:
        links = "".join(
            f'<li><a href="/formateur/dossiers/{e(name)}" download>{e(name)}</a></li>'
            for name in packs
        )
        parts.append(f"<ul>{links}</ul>")
    return "".join(parts)


def _packs(room: Room) -> list[str]:
    folder = room.store.folder / PACKS_FOLDER
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if _PACK_NAME.match(p.name)), reverse=True)


def _qualiopi_pack(room: Room, config: ClassroomConfig) -> tuple[str | None, str]:
    """Write the room's progress files, run ``edukit report`` on them, zip the result."""
    import click

    from edukit.cli._report import report, write_bytes_atomically

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = room.store.folder / PACKS_FOLDER
    work = folder / f".travail-{stamp}"
    try:
        progress_dir = work / "progression"
        count = 0
        for index, learner in enumerate(room.store.learners(), start=1):
            progress = room.progress_file(learner)
            if progress is None or (not progress.entries and not progress.rubrics):
                continue
            data = json.dumps(progress.to_json_data(), ensure_ascii=False, indent=1)
            write_bytes_atomically(progress_dir / f"apprenant-{index:03d}.json", data.encode())
            count += 1
        if not count:
            return None, "Aucune donnée dans la salle : rien à mettre dans le dossier."
        try:
            report(
                paths=[progress_dir],
                output=work / "rapport",
                course_root=config.course_root,
                attestation_fields=config.attestation_fields,
                pdf=config.pack_pdf,
                paper=None,
            )
        except click.exceptions.Exit as exit_:
            if exit_.exit_code:
                return None, "« edukit report » a refusé les données (voir le terminal)."
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(work.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(work).as_posix())
        name = f"dossier-qualiopi-{stamp}.zip"
        write_bytes_atomically(folder / name, buffer.getvalue())
        return name, f"Dossier prêt : {count} personne(s)."
    finally:
        shutil.rmtree(work, ignore_errors=True)


def learner_rows(room: Room) -> list[Learner]:
    """The learners, for the terminal's live table."""
    return room.store.learners()


def _record_grade(room: Room, rubrics: dict[str, Any], form: dict[str, list[str]]) -> None:
    """Check and store a rubric grade sent by the dashboard's form."""
    from edukit.progress import RubricGrade, check_grade

    def field(name: str) -> str:
        return form.get(name, [""])[0].strip()

    rubric = rubrics.get(field("grille"))
    if rubric is None:
        raise RoomError(400, "grille_inconnue", "Cette grille n'existe pas dans le cours.")
    learner = room.store.learner(field("apprenant"))
    if learner is None:
        raise RoomError(400, "personne_inconnue", "Cette personne n'est pas dans la salle.")
    grader = field("correcteur")
    if not grader or len(grader) > 80 or re.search(r"[\x00-\x1f\x7f]", grader):
        raise RoomError(
            400, "correcteur_invalide", "Écrivez qui note (un nom de 1 à 80 caractères)."
        )
    levels: dict[str, int] = {}
    for criterion in rubric.criteria:
        value = field(f"critere-{criterion.id}")
        if not value.isdigit():
            raise RoomError(
                400, "niveau_invalide", f"Choisissez un niveau pour « {criterion.title} »."
            )
        levels[criterion.id] = int(value)
    problems = check_grade(rubric, levels)
    if problems:
        raise RoomError(400, "note_invalide", "; ".join(problems).capitalize() + ".")
    room.grade(
        learner.id,
        RubricGrade(rubric=rubric.id, criteria=levels, grader=grader, graded=datetime.now(UTC)),
    )


def _grading_forms(state: dict[str, Any], rubrics: dict[str, Any]) -> str:
    """One form per rubric: the learner, who grades, a level per criterion."""
    e = html.escape
    if not rubrics or not state["apprenants"]:
        return ""
    people = "".join(
        f'<option value="{e(learner["id"])}">{e(learner["pseudo"])}</option>'
        for learner in state["apprenants"]
    )
    parts = ['<h2 id="notes">Noter une grille</h2>']
    for rubric in sorted(rubrics.values(), key=lambda r: r.id):
        fields = []
        for criterion in rubric.criteria:
            name = f"{rubric.id}-{criterion.id}"
            options = "".join(
                f'<option value="{level}">{level} — {e(text)}</option>'
                for level, text in enumerate(criterion.levels)
            )
            fields.append(
                f'<p><label for="{e(name)}">{e(criterion.title)}</label> '
                f'<select id="{e(name)}" name="critere-{e(criterion.id)}">{options}</select></p>'
            )
        parts.append(
            f'<form method="post" action="/formateur/note"><fieldset>'
            f"<legend>{e(rubric.title)}</legend>"
            f'<input type="hidden" name="grille" value="{e(rubric.id)}">'
            f'<p><label for="{e(rubric.id)}-apprenant">Personne</label> '
            f'<select id="{e(rubric.id)}-apprenant" name="apprenant">{people}</select></p>'
            + "".join(fields)
            + f'<p><label for="{e(rubric.id)}-correcteur">Qui note</label> '
            f'<input id="{e(rubric.id)}-correcteur" name="correcteur" maxlength="80" required></p>'
            "<p><button>Enregistrer la note</button></p></fieldset></form>"
        )
    return "".join(parts)
