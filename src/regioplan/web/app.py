"""The web dashboard and JSON API of regioplan (`regioplan serve`).

The dashboard and every ``/api/`` answer are made from the same
:func:`regioplan.report.build_regiobeeld` results as the HTML report, cached per region.

Every error of the API has one JSON shape (pinned by a test)::

    {"error": {"status": 404, "type": "UnknownRegionError", "message": "...", "details": {...}}}
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Annotated, Any, Literal, TypeVar, cast

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from regioplan.data import LEVELS
from regioplan.errors import InputError, RegioplanError, UnknownRegionError, ValidationError
from regioplan.regions import list_regions, region_row
from regioplan.report import Regiobeeld, bottlenecks, render_html, render_sections, summary
from regioplan.report.adapters import EngineUnavailable
from regioplan.report.build import BASE_YEAR
from regioplan.report.model import Missing
from regioplan.web.cache import RegiobeeldCache
from regioplan.web.jsonable import jsonable

_T = TypeVar("_T")
Lang = Literal["nl", "en"]
Profession = Literal["gp", "so", "avg"]


class ErrorDetail(BaseModel):
    status: int
    type: str
    message: str
    details: dict[str, Any] = {}


class ErrorBody(BaseModel):
    """The one error shape of the whole API."""

    error: ErrorDetail


class SectionUnavailable(RegioplanError):
    """A section of the regiobeeld whose engine is not available in this installation."""

    http_status = 503


def error_body(
    status: int, kind: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"error": {"status": status, "type": kind, "message": message, "details": details or {}}}


def _json(value: _T) -> _T:
    """`value` made JSON-safe (NaN -> null), keeping its static type."""
    return cast(_T, jsonable(value))


def _error_response(
    status: int, kind: str, message: str, details: dict[str, Any] | None = None
) -> JSONResponse:
    return JSONResponse(jsonable(error_body(status, kind, message, details)), status_code=status)


_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown region (with the closest names)"},
    422: {"model": ErrorBody, "description": "Invalid parameter"},
    500: {"model": ErrorBody, "description": "Internal error (a bug; see the server log)"},
    503: {"model": ErrorBody, "description": "Section not available in this installation"},
}


def _section(rb: Regiobeeld, section: str, profession: str) -> None:
    table = rb.workforce if section == "workforce" else rb.access
    if profession not in table:
        reasons = [
            m.reason for m in rb.missing if m.section == section and m.profession == profession
        ]
        raise SectionUnavailable(
            f"{section} for profession {profession!r} is not available: "
            f"{'; '.join(reasons) or 'no engine'}"
        )


def create_app(cache: RegiobeeldCache | None = None) -> FastAPI:
    """The FastAPI application; pass a cache to share or pre-warm it (tests, benchmarks)."""
    store = cache if cache is not None else RegiobeeldCache()
    app = FastAPI(
        title="regioplan",
        summary="Regiobeeld of medical-generalist care (GP, SO, AVG) per Dutch region",
        description="The same numbers as `regioplan report`. Every error has the shape "
        '`{"error": {"status", "type", "message", "details"}}`.',
        version="1",
    )
    app.state.cache = store

    @app.exception_handler(RegioplanError)
    async def _regioplan_error(request: Request, exc: RegioplanError) -> JSONResponse:
        details: dict[str, Any] = {}
        if isinstance(exc, UnknownRegionError):
            details = {"query": exc.query, "suggestions": exc.suggestions}
        elif isinstance(exc, ValidationError):
            details = {"problems": [dataclasses.asdict(p) for p in exc.problems]}
        return _error_response(exc.http_status, type(exc).__name__, str(exc), details)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(x) for x in e.get("loc", ())), "reason": e.get("msg", "")}
            for e in exc.errors()
        ]
        message = "; ".join(f"{p['field']}: {p['reason']}" for p in problems)
        return _error_response(422, "InputError", message, {"problems": problems})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error_response(exc.status_code, "HTTPError", str(exc.detail))

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
        # a bug still answers in the one error shape (it was a plain-text 'Internal Server
        # Error'); the traceback goes to the server log, not to the client
        return _error_response(
            500, "InternalError", "internal error; the server log has the details"
        )

    # ------------------------------------------------------------------ JSON API

    @functools.lru_cache(maxsize=16)
    def region_rows(level: str) -> list[dict[str, Any]]:
        return [region_row(r) for r in list_regions(level)]

    @functools.lru_cache(maxsize=256)
    def sections(code: str, lang: str, profession: str, year: int | None) -> str:
        return render_sections(
            at_year(store.get(code), profession, year), lang, profession=profession, year=year
        )

    def at_year(rb: Regiobeeld, profession: str, year: int | None) -> Regiobeeld:
        """`rb` whose projected accessibility of `profession` is that of `year` (the dashboard's
        year switch); the horizon's, as in the report, when no year is chosen."""
        if year is None or profession not in rb.access:
            return rb
        year = max(BASE_YEAR, min(rb.horizon, year))  # as the sections' year (render.context)
        try:
            projected = store.access_year(rb.code, profession, year)
        except EngineUnavailable as exc:
            note = Missing(
                "access_projection", f"projected accessibility ({profession})", str(exc), profession
            )
            return dataclasses.replace(
                rb,
                access_projected={k: v for k, v in rb.access_projected.items() if k != profession},
                missing=(*rb.missing, note),
            )
        return dataclasses.replace(
            rb, access_projected={**rb.access_projected, profession: projected}
        )

    app.state.sections = sections

    @app.get("/api/regions", responses=_ERRORS, tags=["regions"])
    def regions(
        level: Annotated[str, Query(description=f"one of {', '.join(LEVELS)}")] = "zorgkantoor",
    ) -> list[dict[str, Any]]:
        """All regions of a level with population and number of municipalities."""
        if level not in LEVELS:
            raise InputError(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}")
        return region_rows(level)

    @app.get("/api/regions/{code}", responses=_ERRORS, tags=["regiobeeld"])
    def region(code: str, lang: Lang = "nl") -> dict[str, Any]:
        """Overview: key figures, the plain-language summary, bottlenecks and missing sections."""
        rb = store.get(code)
        return _json(
            {
                "code": rb.code,
                "name": rb.name,
                "level": rb.level,
                "horizon": rb.horizon,
                "seed": rb.seed,
                "population": rb.population.total,
                "municipalities": [
                    {"code": m.code, "name": m.name, "population": m.population}
                    for m in rb.municipalities
                ],
                "summary": summary(rb, lang),
                "bottlenecks": bottlenecks(rb, lang),
                "sections": {
                    "workforce": sorted(rb.workforce),
                    "access": sorted(rb.access),
                    "population_projection": bool(rb.population.projection),
                },
                "missing": [dataclasses.asdict(m) for m in rb.missing],
            }
        )

    @app.get("/api/regions/{code}/regiobeeld", responses=_ERRORS, tags=["regiobeeld"])
    def regiobeeld(code: str) -> dict[str, Any]:
        """Every number of the regiobeeld (the schema of `regioplan report --json`)."""
        return _json(store.get(code).to_dict())

    @app.get("/api/regions/{code}/population", responses=_ERRORS, tags=["regiobeeld"])
    def population(code: str) -> dict[str, Any]:
        """Population by age now, 75+ and 85+, and the projection to the horizon if available."""
        return _json(dataclasses.asdict(store.get(code).population))

    @app.get("/api/regions/{code}/workforce", responses=_ERRORS, tags=["regiobeeld"])
    def workforce(code: str, profession: Profession = "gp") -> dict[str, Any]:
        """Supply now, demand and gap per year (P10-P90 band), and the inflow needed (FTE)."""
        rb = store.get(code)
        _section(rb, "workforce", profession)
        return _json(dataclasses.asdict(rb.workforce[profession]))

    @app.get("/api/regions/{code}/access", responses=_ERRORS, tags=["regiobeeld"])
    def access(
        code: str,
        profession: Profession = "gp",
        level: Literal["gemeente", "pc4"] = "gemeente",
        year: Annotated[
            int | None,
            Query(
                description="also the projection to 1-1-YEAR (estimate; clamped to the "
                "profession's projection, see `projected.requested`)"
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Accessibility per municipality or PC4 area, short areas and inequality measures."""
        rb = store.get(code)
        _section(rb, "access", profession)
        data = dataclasses.asdict(rb.access[profession])
        data["areas"] = data.pop("municipalities" if level == "gemeente" else "pc4")
        data.pop("pc4" if level == "gemeente" else "municipalities", None)
        data["level"] = level
        if year is not None:
            try:
                data["projected"] = dataclasses.asdict(store.access_year(rb.code, profession, year))
            except EngineUnavailable as exc:
                raise SectionUnavailable(
                    f"projected accessibility is not available: {exc}"
                ) from exc
        return _json(data)

    @app.get("/api/regions/{code}/distance", responses=_ERRORS, tags=["regiobeeld"])
    def distance(code: str, profession: Profession | None = None) -> list[dict[str, Any]]:
        """The distance question: rank correlation of access and gap with km to training."""
        rb = store.get(code)
        return _json(
            [dataclasses.asdict(d) for d in rb.distance if profession in (None, d.profession)]
        )

    @app.get("/api/regions/{code}/ooh", responses=_ERRORS, tags=["regiobeeld"])
    def ooh(code: str) -> dict[str, Any]:
        """Expected out-of-hours contacts per year by type (estimate, with its method)."""
        return _json(dataclasses.asdict(store.get(code).ooh))

    # ------------------------------------------------------------------ dashboard

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(
        region: str = "ZK24",
        lang: Lang = "nl",
        profession: Profession = "gp",
        year: int | None = None,
    ) -> HTMLResponse:
        from regioplan.web.pages import dashboard_page

        return HTMLResponse(dashboard_page(store, region, lang, profession, year, sections))

    @app.get("/fragment/{code}", response_class=HTMLResponse, include_in_schema=False)
    def fragment(
        code: str, lang: Lang = "nl", profession: Profession = "gp", year: int | None = None
    ) -> HTMLResponse:
        rb = store.get(code)
        return HTMLResponse(sections(rb.code, lang, profession, year))

    @app.get("/report/{code}.html", include_in_schema=False)
    def report(code: str, lang: Lang = "nl") -> Response:
        rb = store.get(code)
        return Response(
            render_html(rb, lang),
            media_type="text/html",
            headers={
                "Content-Disposition": f'attachment; filename="regiobeeld-{rb.code}-{lang}.html"'
            },
        )

    return app


__all__ = ["ErrorBody", "SectionUnavailable", "create_app", "error_body"]
