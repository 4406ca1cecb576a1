"""The one error handling of the web app, shared by every capability's router.

Every error answers in the one shape of :func:`regioplan.output.error_payload` (the CLI's
``--json`` errors have the same shape)::

    {"error": {"type": "UnknownRegionError", "message": "...", "exit_code": 2, "status": 404,
               "problems": [], "details": {"query": "...", "suggestions": [...]}}}

That holds for the JSON API (``/api/...``). A browser request to one of the dashboard's pages
(every other path) gets the same status with an HTML page in the dashboard's language instead
(:mod:`regioplan.web.errorpage`); the route decides, not the request's headers.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from regioplan.errors import Problem, RegioplanError
from regioplan.output import error_payload
from regioplan.web.errorpage import error_page, is_api


class ProblemBody(BaseModel):
    source: str
    line: int | None
    field: str
    reason: str


class ErrorDetail(BaseModel):
    type: str
    message: str
    exit_code: int
    status: int
    problems: list[ProblemBody] = []
    details: dict[str, Any] = {}


class ErrorBody(BaseModel):
    """The one error shape of the whole API."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown region (with the closest names)"},
    422: {"model": ErrorBody, "description": "Invalid parameter"},
    500: {"model": ErrorBody, "description": "Internal error (a bug; see the server log)"},
}
"""The error answers every API route documents (pass as ``responses=`` to a route)."""


def _answer(
    request: Request,
    payload: dict[str, Any],
    *,
    validation: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """`payload` as JSON for the API, as the dashboard's HTML error page for any other path."""
    if not is_api(request.url.path):
        return error_page(request, payload, validation=validation, headers=headers)
    answer = JSONResponse(payload, status_code=int(payload["error"]["status"]))
    answer.headers.update(headers or {})
    return answer


def parameter_error(name: str, value: object, message: str, **ctx: Any) -> RequestValidationError:
    """A bad query parameter `name` found by a route (not by FastAPI's validation), answered like
    FastAPI's own: 422 with `problems` naming ``query.<name>``; `ctx` tells the error page what
    is allowed (e.g. ``first``/``last`` of a year)."""
    return RequestValidationError(
        [
            {
                "type": f"{name}_range",
                "loc": ("query", name),
                "msg": message,
                "input": value,
                "ctx": ctx,
            }
        ]
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of `app` in the one shape (an HTML page outside the API)."""

    @app.exception_handler(RegioplanError)
    async def _regioplan_error(request: Request, exc: RegioplanError) -> Response:
        return _answer(request, error_payload(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            Problem(
                "request",
                None,
                ".".join(str(x) for x in e.get("loc", ())),
                str(e.get("msg", "")),
            )
            for e in exc.errors()
        ]
        message = "; ".join(f"{p.field}: {p.reason}" for p in problems)
        return _answer(
            request,
            error_payload(kind="InputError", message=message, status=422, problems=problems),
            validation=[dict(e) for e in exc.errors()],
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _answer(
            request,
            error_payload(kind="HTTPError", message=str(exc.detail), status=exc.status_code),
            headers=dict(exc.headers or {}),  # e.g. `Allow` of a 405
        )

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception) -> Response:
        # a bug still answers in the one error shape; the traceback goes to the server log,
        # not to the client
        return _answer(
            request,
            error_payload(
                kind="InternalError",
                message="internal error; the server log has the details",
                status=500,
            ),
        )


__all__ = ["ERROR_RESPONSES", "ErrorBody", "install_error_handlers", "parameter_error"]
