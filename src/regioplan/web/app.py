"""The web app of regioplan (`regioplan serve`): one router per capability, one error handling.

Today it serves the regiobeeld (:mod:`regioplan.web.regiobeeld`: dashboard and JSON API under
``/api/regions``). A new capability adds its own router module beside it and one
``include_router`` line here; every route answers errors in the one shape of
:mod:`regioplan.web.errors` (the JSON API), or with an HTML error page in the dashboard's
language (every other path: :mod:`regioplan.web.errorpage`).
"""

from __future__ import annotations

from fastapi import FastAPI

from regioplan.web import national, ooh, regiobeeld
from regioplan.web.cache import RegiobeeldCache
from regioplan.web.errors import install_error_handlers


def create_app(cache: RegiobeeldCache | None = None) -> FastAPI:
    """The FastAPI application; pass a cache to share or pre-warm it (tests, benchmarks)."""
    store = cache if cache is not None else RegiobeeldCache()
    app = FastAPI(
        title="regioplan",
        summary="Regiobeeld of medical-generalist care (GP, SO, AVG) per Dutch region",
        description="The same numbers as `regioplan report`. Every error has the shape "
        '`{"error": {"type", "message", "exit_code", "status", "problems", "details"}}`.',
        version="1",
    )
    install_error_handlers(app)
    app.include_router(regiobeeld.router(store))
    app.include_router(national.router(store))
    app.include_router(ooh.router(store))
    app.state.cache = store
    return app


__all__ = ["create_app"]
