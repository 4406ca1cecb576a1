"""The web application of ``regioplan placement serve``: the placement API (and pages).

One FastAPI app per process around one :class:`~regioplan.placement.PlacementService`; several
processes (``--workers``) share nothing but the database, which keeps every invariant, the
login limit and the change feed. :func:`app_from_env` is the factory uvicorn's workers import
(the database URL and the service's settings travel in environment variables).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from regioplan.output import error_payload
from regioplan.placement import PlacementConfig, PlacementService, RateLimitedError
from regioplan.store import open_database
from regioplan.web import (
    placement_admin,
    placement_api,
    placement_pages,
    placement_threads,
    registry_api,
    registry_pages,
)
from regioplan.web.errors import install_error_handlers

ENV_DATABASE = "REGIOPLAN_PLACEMENT_DATABASE"
"""Database URL or path of the service (set by ``regioplan placement serve`` for its workers)."""
ENV_THREADS = "REGIOPLAN_PLACEMENT_THREADS"
"""Request threads per worker process (set by ``placement serve --threads``)."""
ENV_CONFIG = "REGIOPLAN_PLACEMENT_CONFIG"
"""The service's :class:`PlacementConfig` fields as JSON (set by ``placement serve``)."""


def create_placement_app(service: PlacementService, *, threads: int | None = None) -> FastAPI:
    """The placement web app on `service` (tests pass one with a FixedClock); `threads` sets
    the request threads of the process at start (None: anyio's default; see
    :mod:`regioplan.web.placement_threads`)."""
    app = FastAPI(
        lifespan=_lifespan(service, threads),
        title="regioplan placement",
        summary="Regional placement coordination: capacity, requests, holds, audit",
        description="Sign in with `POST /api/placement/tokens` and send "
        "`Authorization: Bearer TOKEN`. Every error has the shape "
        '`{"error": {"type", "message", "exit_code", "status", "problems", "details"}}`.',
        version="1",
    )
    install_error_handlers(app)

    @app.exception_handler(RateLimitedError)
    async def _rate_limited(request: Request, exc: RateLimitedError) -> Response:
        payload = error_payload(exc, details={"retry_after": exc.retry_after})
        return JSONResponse(
            payload, status_code=exc.http_status, headers={"Retry-After": str(exc.retry_after)}
        )

    app.include_router(placement_api.router(service))
    app.include_router(placement_pages.router(service))
    app.include_router(placement_admin.router(service))
    app.include_router(registry_api.router(service))
    app.include_router(registry_pages.router(service))
    app.state.placement_service = service
    return app


def _lifespan(service: PlacementService, threads: int | None) -> Callable[[FastAPI], Any]:
    """The request threads (:func:`placement_threads.lifespan`), and the service's token cache
    listening for revocations while the app runs (:mod:`regioplan.placement.token_cache`)."""
    threads_span = placement_threads.lifespan(threads)

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        async with threads_span(app):
            service.tokens.start(service.db)
            try:
                yield
            finally:
                service.tokens.stop()

    return run


def config_from_env() -> PlacementConfig:
    """The :class:`PlacementConfig` in :data:`ENV_CONFIG` (defaults when unset)."""
    raw = os.environ.get(ENV_CONFIG)
    if not raw:
        return PlacementConfig()
    fields: dict[str, Any] = json.loads(raw)
    if "bed_types" in fields:
        fields["bed_types"] = tuple(fields["bed_types"])
    return PlacementConfig(**fields)


def app_from_env() -> FastAPI:
    """The app on the database in :data:`ENV_DATABASE` (default: the configured database),
    migrated at start (several workers may start at once: the migration takes a lock)."""
    threads = int(os.environ.get(ENV_THREADS) or placement_threads.DEFAULT_THREADS)
    db = open_database(
        os.environ.get(ENV_DATABASE) or None,
        connections=placement_threads.pool_connections(threads),
    )
    return create_placement_app(PlacementService(db, config_from_env()), threads=threads)


__all__ = [
    "ENV_CONFIG",
    "ENV_DATABASE",
    "ENV_THREADS",
    "app_from_env",
    "config_from_env",
    "create_placement_app",
]
