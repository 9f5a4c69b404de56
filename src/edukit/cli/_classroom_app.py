"""The classroom server's HTTP adapter (Starlette): the application that puts the room's
routes together.

Only the ``_classroom_*`` modules of :mod:`edukit.cli` know about HTTP, one responsibility
each: :mod:`~edukit.cli._classroom_http` (configuration, errors, bodies, who is asking), the
learner API here (join, sync, presence, own data), :mod:`~edukit.cli._classroom_proxy` (the
model), :mod:`~edukit.cli._classroom_trainer` (projector, dashboard, grades, Qualiopi pack) and
:mod:`~edukit.cli._classroom_pages` (the built site and the server's own pages). The room's
rules live in :mod:`edukit.classroom`, the backend table and the personal-data guard in
:mod:`edukit.llm`, the reports in :mod:`edukit.progress` and ``edukit report``. Errors are JSON
``{"erreur", "code"}`` in French; no traceback and no learner text, key or token is ever
written to a response or a log.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from edukit.classroom import notice_fr
from edukit.cli._classroom_http import (
    API_CAP,
    EXCEPTION_HANDLERS,
    MODEL_CAP,
    Access,
    Backend,
    ClassroomConfig,
    api_missing,
    bearer,
    client_address,
    read_json,
)
from edukit.cli._classroom_pages import site_routes
from edukit.cli._classroom_proxy import model_routes
from edukit.cli._classroom_trainer import trainer_routes

__all__ = [
    "API_CAP",
    "MODEL_CAP",
    "Backend",
    "ClassroomConfig",
    "create_app",
]


def create_app(config: ClassroomConfig) -> Starlette:
    """The room's ASGI application."""
    access = Access(config.room)
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(120.0, connect=5.0),
        transport=config.transport,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
    )
    script, site = site_routes(config.site_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await client.aclose()

    routes = [
        *_learner_routes(config, access),
        *model_routes(config, client, access),
        *script,
        *trainer_routes(config, access),
        Route("/api/{rest:path}", api_missing),
        Route("/v1/{rest:path}", api_missing),
        site,  # last: every other path is a file of the built site
    ]
    return Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan)


def _learner_routes(config: ClassroomConfig, access: Access) -> list[Route]:
    """The room's API for learners' browsers: what the room is, join, sync, presence, own data."""
    room = config.room

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
        body = await read_json(request, API_CAP)
        result = await run_in_threadpool(room.join, body, client_address(request), bearer(request))
        return JSONResponse(
            {"jeton": result.token, "apprenant": result.learner, "pseudo": result.pseudo}
        )

    async def sync(request: Request) -> Response:
        learner = await access.learner_of(request)
        body = await read_json(request, API_CAP)
        return JSONResponse(await run_in_threadpool(room.sync, learner, body))

    async def mes_donnees(request: Request) -> Response:
        learner = await access.learner_of(request)
        return JSONResponse({"records": await run_in_threadpool(room.store.records, learner)})

    async def presence(request: Request) -> Response:
        learner = await access.learner_of(request)
        body = await read_json(request, API_CAP)
        await run_in_threadpool(room.presence, learner, body)
        return Response(status_code=204)

    return [
        Route("/api/salle", salle, methods=["GET"]),
        Route("/api/rejoindre", rejoindre, methods=["POST"]),
        Route("/api/sync", sync, methods=["POST"]),
        Route("/api/mes-donnees", mes_donnees, methods=["GET"]),
        Route("/api/presence", presence, methods=["POST"]),
    ]
