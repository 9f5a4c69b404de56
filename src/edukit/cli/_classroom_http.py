"""What every route of the classroom server shares: its configuration, French JSON errors,
bounded request bodies and who is asking (a learner's token, the trainer's token or cookie).

Errors are JSON ``{"erreur", "code"}`` in French; no traceback and no learner text, key or
token is ever written to a response or a log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from edukit.classroom import Room, RoomError
from edukit.llm import Provider

__all__ = [
    "API_CAP",
    "COOKIE",
    "EXCEPTION_HANDLERS",
    "MODEL_CAP",
    "Access",
    "Backend",
    "ClassroomConfig",
    "api_missing",
    "error",
    "read_body",
    "read_json",
]

logger = logging.getLogger("edukit.classroom")

API_CAP = 64 * 1024
MODEL_CAP = 32 * 1024
COOKIE = "edukit_formateur"


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


def error(status: int, code: str, message: str, retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return JSONResponse({"erreur": message, "code": code}, status_code=status, headers=headers)


_HTTP_MESSAGES = {
    404: ("introuvable", "Cette adresse n'existe pas sur le serveur de la salle."),
    405: ("methode_refusee", "Cette méthode n'est pas acceptée à cette adresse."),
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code, message = _HTTP_MESSAGES.get(exc.status_code, ("requete_invalide", "Requête refusée."))
    return error(exc.status_code, code, message)


async def _room_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RoomError)
    return error(exc.status, exc.code, exc.message, exc.retry_after)


async def _internal_error(request: Request, exc: Exception) -> Response:
    logger.error("erreur interne du serveur de la salle (%s)", type(exc).__name__)
    return error(
        500,
        "erreur_interne",
        "Le serveur de la salle a rencontré une erreur. Réessayez ; si elle revient, "
        "prévenez la formatrice ou le formateur.",
    )


EXCEPTION_HANDLERS: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
    RoomError: _room_error,
    HTTPException: _http_error,
    Exception: _internal_error,
}


async def api_missing(request: Request) -> Response:
    return error(404, "introuvable", "Cette adresse de l'API n'existe pas.")


async def read_body(request: Request, cap: int) -> bytes:
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


async def read_json(request: Request, cap: int) -> Any:
    body = await read_body(request, cap)
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise RoomError(
            400, "json_invalide", "Le corps de la requête n'est pas du JSON valide."
        ) from None


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def client_address(request: Request) -> str:
    return request.client.host if request.client else "inconnue"


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


@dataclass(frozen=True)
class Access:
    """Who is asking: a learner who joined the room, or the trainer."""

    room: Room

    async def learner_of(self, request: Request) -> str:
        learner = self.room.authenticate(bearer(request))  # in memory once known
        if learner is None:
            raise RoomError(
                401,
                "non_connecte",
                "Rejoignez d'abord la salle avec son code et un pseudonyme.",
            )
        return learner

    def require_trainer(self, request: Request) -> None:
        token = bearer(request) or request.cookies.get(COOKIE)
        if not self.room.is_trainer(token):
            raise RoomError(
                401,
                "formateur_seulement",
                "Réservé à la formatrice ou au formateur : ouvrez le lien affiché au lancement "
                "de « edukit classroom ».",
            )
        origin = request.headers.get("origin")
        if request.method == "POST" and origin and origin != _origin(request):
            raise RoomError(403, "origine_refusee", "Requête venue d'un autre site : refusée.")
