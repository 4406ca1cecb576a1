"""The regiobeeld capability of the web app: the read-only dashboard and its JSON API.

Every answer is made from the same :func:`regioplan.regiobeeld.build_regiobeeld` results as the
HTML report, cached per region (:class:`~regioplan.web.cache.RegiobeeldCache`). The section
"Wat werkt elders" (issue #19) is not on the dashboard's first page: the page holds a place for
it that its script fills from ``/fragment/{code}/elsewhere`` (or, without JavaScript, a link to
the page with ``elsewhere=1``); it is computed on that first request and cached.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Annotated, Any, Literal, TypeVar, cast

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from regioplan.data import Profession
from regioplan.output import jsonable
from regioplan.regiobeeld import BASE_YEAR, Regiobeeld
from regioplan.regions import list_regions, region_row
from regioplan.report import bottlenecks, render_html, render_sections, summary
from regioplan.report.render import render_elsewhere
from regioplan.web.cache import RegiobeeldCache
from regioplan.web.errors import ERROR_RESPONSES, parameter_error

_T = TypeVar("_T")
Lang = Literal["nl", "en"]
RegionLevel = Literal["zorgkantoor", "ggd", "provincie", "corop", "gemeente"]
"""The values of :data:`regioplan.data.LEVELS` spelled out, so the OpenAPI schema lists them as
an enum (a test pins that they are the same)."""
START_REGION = "ZK24"
"""The region of the start page (``/`` without ``region``); `regioplan serve` computes it before
it prints its address."""


def check_year(year: int | None, horizon: int) -> None:
    """Reject a `year` outside the dashboard's years, ``BASE_YEAR``..`horizon` (the year slider's
    range), instead of clamping it: 422, naming the value and the range. Inside that range a
    year before a profession's projection (GP: 2025) shows the projection's first year with a
    visible note (``requested`` in the API), as before."""
    if year is not None and not BASE_YEAR <= year <= horizon:
        raise parameter_error(
            "year",
            year,
            f"{year} is outside the dashboard's years; allowed: {BASE_YEAR}..{horizon}",
            first=BASE_YEAR,
            last=horizon,
        )


def _year_query(horizon: int, description: str) -> Any:
    """The ``year`` query parameter with its range in the OpenAPI schema (checked by
    :func:`check_year`, so the error names the value and the range)."""
    return Query(
        None,
        description=f"{description}; {BASE_YEAR}..{horizon}, another year is a 422",
        json_schema_extra={"minimum": BASE_YEAR, "maximum": horizon},
    )


def _json(value: _T) -> _T:
    """`value` made JSON-safe (NaN -> null), keeping its static type."""
    return cast(_T, jsonable(value))


class Regiobeelden:
    """The rendered pieces the routes share, cached: region lists and dashboard fragments."""

    def __init__(self, cache: RegiobeeldCache) -> None:
        self.cache = cache
        self.region_rows = functools.lru_cache(maxsize=16)(self._region_rows)
        self.sections = functools.lru_cache(maxsize=256)(self._sections)
        self.elsewhere = functools.lru_cache(maxsize=64)(self._elsewhere)

    @staticmethod
    def _region_rows(level: str) -> list[dict[str, Any]]:
        return [region_row(r) for r in list_regions(level)]

    def _sections(self, code: str, lang: str, profession: str, year: int | None) -> str:
        rb = self.at_year(self.cache.get(code), profession, year)
        return render_sections(rb, lang, profession=profession, year=year)

    def _elsewhere(self, code: str, lang: str) -> str:
        """The section "Wat werkt elders" of region `code` in `lang` (computed on first use)."""
        rb = self.cache.get(code)
        return render_elsewhere(dataclasses.replace(rb, elsewhere=self.cache.elsewhere(code)), lang)

    def elsewhere_if_ready(self, rb: Regiobeeld, lang: str) -> str | None:
        """The section of `rb` when it is computed already, else None (nothing is computed)."""
        return self.elsewhere(rb.code, lang) if self.cache.has_elsewhere(rb) else None

    def at_year(self, rb: Regiobeeld, profession: str, year: int | None) -> Regiobeeld:
        """`rb` whose projected accessibility of `profession` is that of `year` (the dashboard's
        year switch); the horizon's, as in the report, when no year is chosen."""
        if year is None:
            return rb
        year = max(BASE_YEAR, min(rb.horizon, year))  # as the sections' year (render.context)
        projected = self.cache.access_year(rb.code, profession, year)
        return dataclasses.replace(
            rb, access_projected={**rb.access_projected, profession: projected}
        )


def router(cache: RegiobeeldCache) -> APIRouter:
    """The regiobeeld's routes (JSON API under ``/api/regions``, dashboard pages) over `cache`."""
    shared = Regiobeelden(cache)
    api = APIRouter(responses=ERROR_RESPONSES)
    _add_api(api, shared)
    _add_pages(api, shared)
    return api


def _add_api(api: APIRouter, shared: Regiobeelden) -> None:
    """The JSON API under ``/api/regions``."""
    cache = shared.cache

    @api.get("/api/regions", tags=["regions"])
    def regions(
        level: Annotated[
            RegionLevel, Query(description="the level of the regions")
        ] = "zorgkantoor",
    ) -> list[dict[str, Any]]:
        """All regions of a level with population and number of municipalities."""
        return shared.region_rows(level)

    @api.get("/api/regions/{code}", tags=["regiobeeld"])
    def region(code: str, lang: Lang = "nl") -> dict[str, Any]:
        """Overview: key figures, the plain-language summary and the bottlenecks."""
        rb = cache.get(code)
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
            }
        )

    @api.get("/api/regions/{code}/regiobeeld", tags=["regiobeeld"])
    def regiobeeld(code: str) -> dict[str, Any]:
        """Every number of the regiobeeld (the schema of `regioplan report --json`)."""
        return _json(cache.get(code).to_dict())

    @api.get("/api/regions/{code}/elsewhere", tags=["regiobeeld"])
    def elsewhere(code: str) -> dict[str, Any]:
        """What works elsewhere (issue #19): the initiative types with the largest estimated
        effect here (P10/P50/P90 of the FTE gap closed) and registered initiatives of those types
        in the most similar regions, from the bundled registry (computed on the first request,
        then cached)."""
        return _json(dataclasses.asdict(cache.elsewhere(code)))

    @api.get("/api/regions/{code}/population", tags=["regiobeeld"])
    def population(code: str) -> dict[str, Any]:
        """Population by age now, 75+ and 85+, and the projection to the horizon."""
        return _json(dataclasses.asdict(cache.get(code).population))

    @api.get("/api/regions/{code}/workforce", tags=["regiobeeld"])
    def workforce(code: str, profession: Profession = "gp") -> dict[str, Any]:
        """Supply now, demand and gap per year (P10-P90 band), and the inflow needed (FTE)."""
        return _json(dataclasses.asdict(cache.get(code).workforce[profession]))

    @api.get("/api/regions/{code}/access", tags=["regiobeeld"])
    def access(
        code: str,
        profession: Profession = "gp",
        level: Literal["gemeente", "pc4"] = "gemeente",
        year: int | None = _year_query(  # a default, as the horizon is not a module name
            cache.horizon,
            "also the projection to 1-1-YEAR (estimate; a year before the profession's "
            "projection shows its first year, see `projected.requested`)",
        ),
    ) -> dict[str, Any]:
        """Accessibility per municipality or PC4 area, short areas and inequality measures."""
        check_year(year, cache.horizon)
        rb = cache.get(code)
        data = dataclasses.asdict(rb.access[profession])
        # `gemeente` is the API's (Dutch) name of the municipality level
        data["areas"] = data.pop("municipalities" if level == "gemeente" else "pc4")
        data.pop("pc4" if level == "gemeente" else "municipalities", None)
        data["level"] = level
        if year is not None:
            data["projected"] = dataclasses.asdict(cache.access_year(rb.code, profession, year))
        return _json(data)

    @api.get("/api/regions/{code}/distance", tags=["regiobeeld"])
    def distance(code: str, profession: Profession | None = None) -> list[dict[str, Any]]:
        """The distance question: rank correlation of access and gap with km to training."""
        rb = cache.get(code)
        return _json(
            [dataclasses.asdict(d) for d in rb.distance if profession in (None, d.profession)]
        )

    @api.get("/api/regions/{code}/ooh", tags=["regiobeeld"])
    def ooh(code: str) -> dict[str, Any]:
        """Expected out-of-hours contacts per year by type (estimate, with its method)."""
        return _json(dataclasses.asdict(cache.get(code).ooh))


def _add_pages(api: APIRouter, shared: Regiobeelden) -> None:
    """The dashboard page, its fragments (the year and profession switches) and the report."""
    cache = shared.cache

    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(
        region: str = START_REGION,
        lang: Lang = "nl",
        profession: Profession = "gp",
        year: int | None = None,
        elsewhere: Annotated[
            bool, Query(description="compute 'Wat werkt elders' now (the page without script)")
        ] = False,
    ) -> HTMLResponse:
        from regioplan.web.pages import dashboard_page

        check_year(year, cache.horizon)

        def section(rb: Regiobeeld) -> str | None:
            return (
                shared.elsewhere(rb.code, lang)
                if elsewhere
                else shared.elsewhere_if_ready(rb, lang)
            )

        return HTMLResponse(
            dashboard_page(
                cache, region, lang, profession, year, shared.sections, elsewhere=section
            )
        )

    @api.get("/fragment/{code}", response_class=HTMLResponse, include_in_schema=False)
    def fragment(
        code: str, lang: Lang = "nl", profession: Profession = "gp", year: int | None = None
    ) -> HTMLResponse:
        check_year(year, cache.horizon)
        rb = cache.get(code)
        return HTMLResponse(shared.sections(rb.code, lang, profession, year))

    @api.get("/fragment/{code}/elsewhere", response_class=HTMLResponse, include_in_schema=False)
    def elsewhere_fragment(code: str, lang: Lang = "nl") -> HTMLResponse:
        return HTMLResponse(shared.elsewhere(cache.get(code).code, lang))

    @api.get("/report/{code}.html", include_in_schema=False)
    def report(code: str, lang: Lang = "nl") -> Response:
        rb = cache.get(code)
        return Response(
            render_html(rb, lang),
            media_type="text/html",
            headers={
                "Content-Disposition": f'attachment; filename="regiobeeld-{rb.code}-{lang}.html"'
            },
        )


__all__ = ["START_REGION", "Regiobeelden", "check_year", "router"]
