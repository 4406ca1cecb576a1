"""The national page of the dashboard (issue #22 items 1 and 4): every region of a level side by
side for one profession, as a map of the Netherlands coloured by the relative gap (P50) and a
list sorted by rank with the P10-P90 band and the rank band; a region on the map or in the list
opens its regiobeeld (``/?region=CODE``).

Routes:

* ``GET /national?level=zorgkantoor&profession=gp&when=horizon&lang=nl``: the page;
* ``GET /national/fragment?...&map=1``: what a switch needs, as JSON (the map's colours and
  tooltips per region, the list's HTML, the headings; the level's map SVG only with ``map=1``,
  i.e. when the level changes, drawn once per level and language), so the page recolours its
  map without a reload;
* ``GET /api/national?level=&profession=``: the :class:`~regioplan.national.NationalComparison`
  as JSON (:func:`regioplan.output.jsonable`).

Every number is the engine's (:func:`regioplan.national.compare.compare_regions`, called in one
place: :meth:`NationalPages.comparison`) with the dashboard cache's horizon and seed and the
regiobeeld's number of draws, so a region's band here is its regiobeeld's. The comparisons, the
own data split by region and the rendered pieces (per level, profession, language and year; each
level's map) are kept for the server's life, as the dashboard keeps its regiobeelden; serving a
level warms its other professions and years in the background, so a switch after warm-up
computes and renders nothing (``benchmarks/web/bench_national.py``: 2-3 ms).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, cast
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from regioplan.data import PROFESSIONS, Profession, attribution, geometry
from regioplan.national import Band3, NationalComparison, RegionStanding
from regioplan.national.compare import compare_regions, model_years, own_data_by_region
from regioplan.output import format_number, jsonable
from regioplan.regiobeeld import sections
from regioplan.regions import OwnData, Region, country, list_regions
from regioplan.report import svg
from regioplan.report.i18n import LANGS, fmt_percent, t
from regioplan.report.national import gap_class
from regioplan.report.national import legend as gap_legend
from regioplan.report.render import asset, environment
from regioplan.web.cache import RegiobeeldCache
from regioplan.web.errors import ERROR_RESPONSES
from regioplan.web.regiobeeld import START_REGION, Lang, RegionLevel

_T = TypeVar("_T")
_log = logging.getLogger(__name__)
When = Literal["now", "horizon"]
"""Which year the map shows: the model's first year (``now``: 2025 for GP, 2024 for SO and AVG)
or the horizon; the engine computes these two."""
LEVELS_SHOWN: tuple[str, ...] = ("zorgkantoor", "ggd", "provincie", "corop", "gemeente")
"""The levels of the level switch, in this order (:data:`regioplan.data.LEVELS`)."""
DRAWS = sections.DRAWS
"""The regiobeeld's Monte Carlo draws: a region's band here is that of its regiobeeld."""
PREFIX = "nat"
"""Id prefix of the map's hatching patterns (the legend has its own)."""
VIEWS = 128
"""Rendered views (level, profession, language, year) kept: all of them (5 x 3 x 2 x 2)."""

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Landelijk beeld",
        "heading": "{profession}: relatief tekort per regio in {year}",
        "intro": "Alle {n} {levels} naast elkaar. Relatief tekort = (vraag − aanbod) / vraag in "
        "fte; positief is een tekort, negatief een overschot. Mediaan (P50) en 80%-band "
        "(P10–P90) over {draws} Monte-Carlotrekkingen (seed {seed}); de plaats (1 = grootste "
        "relatieve tekort in {horizon}) en haar band komen uit de rangorde binnen elke trekking. "
        "Schattingen. Klik op een regio voor haar regiobeeld.",
        "level": "Niveau",
        "profession": "Beroep",
        "year": "Jaar",
        "lang": "Taal",
        "now": "Nu ({year})",
        "horizon": "{year}",
        "dashboard": "Naar het regiobeeld",
        "map.title": "Relatief tekort {profession} in {year} per regio ({levels})",
        "list.title": "{levels} op volgorde van het relatieve tekort in {year}",
        "col.place": "#",
        "col.region": "Regio",
        "col.gap": "Relatief tekort {year}",
        "col.band": "80%-band",
        "col.chart": "P10–P90 (lijn), P50 (punt)",
        "col.rank": "Plaats {year} (80%-band)",
        "col.population": "Inwoners",
        "tip": "{name}: relatief tekort {year} {gap} (80%-band {band}); plaats {rank} van {n} "
        "in {horizon} (80%-band {rank_band}). Klik voor het regiobeeld.",
        "open": "regiobeeld van {name} openen",
        "levels.zorgkantoor": "zorgkantoorregio's",
        "levels.ggd": "GGD-regio's",
        "levels.provincie": "provincies",
        "levels.corop": "COROP-gebieden",
        "levels.gemeente": "gemeenten",
        "own": "eigen data",
        "loading": "Bezig…",
    },
    "en": {
        "title": "National picture",
        "heading": "{profession}: relative gap per region in {year}",
        "intro": "All {n} {levels} side by side. Relative gap = (demand − supply) / demand in "
        "FTE; positive is a shortage, negative a surplus. Median (P50) and 80% band (P10–P90) "
        "over {draws} Monte Carlo draws (seed {seed}); the rank (1 = largest relative shortage "
        "in {horizon}) and its band come from ranking within every draw. Estimates. Click a "
        "region for its regiobeeld.",
        "level": "Level",
        "profession": "Profession",
        "year": "Year",
        "lang": "Language",
        "now": "Now ({year})",
        "horizon": "{year}",
        "dashboard": "To the regiobeeld",
        "map.title": "Relative gap {profession} in {year} per region ({levels})",
        "list.title": "{levels} in order of the relative gap in {year}",
        "col.place": "#",
        "col.region": "Region",
        "col.gap": "Relative gap {year}",
        "col.band": "80% band",
        "col.chart": "P10–P90 (line), P50 (dot)",
        "col.rank": "Rank {year} (80% band)",
        "col.population": "Inhabitants",
        "tip": "{name}: relative gap {year} {gap} (80% band {band}); rank {rank} of {n} in "
        "{horizon} (80% band {rank_band}). Click for the regiobeeld.",
        "open": "open the regiobeeld of {name}",
        "levels.zorgkantoor": "care-office regions",
        "levels.ggd": "public-health regions",
        "levels.provincie": "provinces",
        "levels.corop": "COROP areas",
        "levels.gemeente": "municipalities",
        "own": "own data",
        "loading": "Loading…",
    },
}


def _text(lang: str, key: str, **values: Any) -> str:
    return TEXTS[lang][key].format(**values)


def _json(value: _T) -> _T:
    return cast(_T, jsonable(value))


def regiobeeld_href(code: str, lang: str) -> str:
    """The dashboard of region `code` in `lang`: where a click on the region leads."""
    return "/?" + urlencode({"region": code, "lang": lang})


# ------------------------------------------------------------------ geometry (bundled, cached)


@functools.cache
def _features() -> tuple[dict[str, Any], ...]:
    return tuple(geometry("gemeente")["features"])


@functools.cache
def _group_of(level: str) -> dict[str, str]:
    """Municipality code -> the code of its region of `level`."""
    return {m: r.code for r in list_regions(level) for m in r.municipality_codes}


@functools.cache
def _environment() -> jinja2.Environment:
    return environment("regioplan.web")


_AREA = re.compile(
    r'<path [^>]*\bclass="area[^"]*"[^>]*\bdata-code="([^"]+)"[^>]*>.*?</path>', re.S
)


def _linked(map_svg: str, lang: str, names: Mapping[str, str]) -> str:
    """`map_svg` with each region's path inside a link to its regiobeeld (works without
    JavaScript and with the keyboard)."""

    def link(m: re.Match[str]) -> str:
        code = m.group(1)
        label = svg.esc(_text(lang, "open", name=names.get(code, code)))
        href = svg.esc(regiobeeld_href(code, lang))
        return f'<a class="region-link" href="{href}" aria-label="{label}">{m.group(0)}</a>'

    return _AREA.sub(link, map_svg)


# ------------------------------------------------------------------ one rendered view


def _year(cmp: NationalComparison, when: str) -> int:
    return cmp.first_year if when == "now" else cmp.horizon


def _gap(row: RegionStanding, when: str) -> Band3:
    return row.gap_now if when == "now" else row.gap_horizon


def _pct(value: float, lang: str) -> str:
    return fmt_percent(value, lang, 1)


def _band(band: Band3, lang: str) -> str:
    return f"{_pct(band.p10, lang)} – {_pct(band.p90, lang)}"


def _rank_band(row: RegionStanding, lang: str) -> str:
    return f"{format_number(row.rank.p10, lang, 0)}–{format_number(row.rank.p90, lang, 0)}"


def _fill(klass: int | None) -> tuple[str, str | None]:
    """(fill, stroke) of a region of class `klass` as :func:`regioplan.report.svg.grouped_map`
    draws it: the two worst classes hatched and without stroke."""
    fill = "#fff" if klass is None else svg.class_fill(klass, PREFIX)
    solid = klass is None or klass < 3
    return fill, fill if solid else None


@dataclass(frozen=True)
class View:
    """Everything one (level, profession, language, year) shows, rendered once."""

    comparison: NationalComparison
    when: str
    lang: str
    year: int
    heading: str
    intro: str
    map_title: str
    areas: dict[str, svg.Area]
    colours: dict[str, dict[str, Any]]
    """Per region code: ``fill``, ``stroke`` (None: none), ``class`` and ``tip``."""
    list_html: str

    def fragment(self, with_map: str | None) -> dict[str, Any]:
        """The JSON a switch fetches; `with_map` the map's SVG when the level changed."""
        cmp = self.comparison
        return {
            "level": cmp.level,
            "profession": cmp.profession,
            "when": self.when,
            "year": self.year,
            "horizon": cmp.horizon,
            "heading": self.heading,
            "intro": self.intro,
            "map_title": self.map_title,
            "colours": self.colours,
            "list": self.list_html,
            "map": with_map,
        }


def _view(cmp: NationalComparison, lang: str, when: str) -> View:
    year = _year(cmp, when)
    levels = _text(lang, f"levels.{cmp.level}")
    n = len(cmp.rows)
    areas: dict[str, svg.Area] = {}
    for row in cmp.rows:
        gap = _gap(row, when)
        tip = _text(
            lang,
            "tip",
            name=row.name,
            year=year,
            gap=_pct(gap.p50, lang),
            band=_band(gap, lang),
            rank=format_number(row.rank.p50, lang, 0),
            n=n,
            horizon=cmp.horizon,
            rank_band=_rank_band(row, lang),
        )
        areas[row.code] = svg.Area(row.code, row.name, gap_class(gap.p50), tip)
    colours = {}
    for code, area in areas.items():
        fill, stroke = _fill(area.klass)
        colours[code] = {"fill": fill, "stroke": stroke, "class": area.klass, "tip": area.tip}
    profession = t(lang, f"prof.short.{cmp.profession}")
    return View(
        comparison=cmp,
        when=when,
        lang=lang,
        year=year,
        heading=_text(lang, "heading", profession=t(lang, f"prof.{cmp.profession}"), year=year),
        intro=_text(
            lang,
            "intro",
            n=n,
            levels=levels,
            draws=format_number(cmp.draws, lang, 0),
            seed=cmp.seed,
            horizon=cmp.horizon,
        ),
        map_title=_text(lang, "map.title", profession=profession, year=year, levels=levels),
        areas=areas,
        colours=colours,
        list_html=_list_html(cmp, lang, when, areas),
    )


def _list_html(cmp: NationalComparison, lang: str, when: str, areas: Mapping[str, svg.Area]) -> str:
    """The regions sorted by the year's relative gap (P50; at the horizon that is the order of
    the median rank), each with its band drawn on one common scale and its rank band."""
    year = _year(cmp, when)
    rows = sorted(cmp.rows, key=lambda r: (-_gap(r, when).p50, r.rank.p50, r.code))
    values = [v for r in rows for v in (_gap(r, when).p10, _gap(r, when).p90)]
    finite = [v for v in values if v == v]
    lo, hi = min([0.0, *finite]), max([0.0, *finite])
    span = hi - lo or 1.0

    def x(v: float) -> float:
        return 4 + 152 * (v - lo) / span

    items = []
    for i, row in enumerate(rows, 1):
        gap = _gap(row, when)
        klass = areas[row.code].klass
        items.append(
            {
                "place": i,
                "code": row.code,
                "name": row.name,
                "href": regiobeeld_href(row.code, lang),
                "gap": _pct(gap.p50, lang),
                "band": _band(gap, lang),
                "rank": format_number(row.rank.p50, lang, 0),
                "rank_band": _rank_band(row, lang),
                "population": format_number(row.population, lang, 0),
                "own": row.own_data,
                "klass": klass,
                "fill": _fill(klass)[0],
                "x10": svg.fmt_coord(x(gap.p10)) if gap.p10 == gap.p10 else None,
                "x50": svg.fmt_coord(x(gap.p50)) if gap.p50 == gap.p50 else None,
                "x90": svg.fmt_coord(x(gap.p90)) if gap.p90 == gap.p90 else None,
                "tip": areas[row.code].tip,
            }
        )
    levels = _text(lang, f"levels.{cmp.level}")
    return (
        _environment()
        .get_template("national_list.html")
        .render(
            items=items,
            zero=svg.fmt_coord(x(0.0)),
            title=_text(lang, "list.title", levels=levels[:1].upper() + levels[1:], year=year),
            cols={
                "place": _text(lang, "col.place"),
                "region": _text(lang, "col.region"),
                "gap": _text(lang, "col.gap", year=year),
                "band": _text(lang, "col.band"),
                "chart": _text(lang, "col.chart"),
                "rank": _text(lang, "col.rank", year=cmp.horizon),
                "population": _text(lang, "col.population"),
            },
            own=_text(lang, "own"),
            level=cmp.level,
            profession=cmp.profession,
            when=when,
        )
    )


# ------------------------------------------------------------------ the pages' state


class NationalPages:
    """The engine call and the rendered views, cached; shared by the routes."""

    def __init__(self, cache: RegiobeeldCache, *, background: bool = True) -> None:
        self.cache = cache
        self.background = background
        self._warmed: set[tuple[str, str]] = set()
        self._views: OrderedDict[tuple[str, str, str, str], View] = OrderedDict()
        self._maps: OrderedDict[tuple[str, str, str, str], tuple[NationalComparison, str]] = (
            OrderedDict()
        )
        self._level_maps: dict[tuple[str, str], str] = {}
        self._guard = threading.Lock()
        self._loading = threading.Lock()
        self._country_own: tuple[OwnData | None] | None = None
        self._own: dict[str, dict[str, OwnData] | None] = {}
        self._comparisons: dict[tuple[str, str], NationalComparison] = {}

    def own_data(self, level: str) -> dict[str, OwnData] | None:
        """Each region of `level` with its own imported data, as its regiobeeld loads it (the
        providers in its municipalities); None without a loader or data. Read once for the whole
        country and split by region (:func:`regioplan.national.compare.own_data_by_region`),
        then kept for the server's life, as the regiobeelden of the dashboard's cache are: with
        a large import, reading, splitting and fingerprinting it on every switch would take
        longer than the switch may."""
        loader: Callable[[Region], OwnData | None] | None = self.cache.own_data
        if loader is None:
            return None
        with self._loading:
            if level not in self._own:
                if self._country_own is None:
                    self._country_own = (loader(country()),)
                own = self._country_own[0]
                self._own[level] = None if own is None else own_data_by_region(own, level) or None
            return self._own[level]

    def comparison(self, level: str, profession: Profession) -> NationalComparison:
        """The engine's comparison: the one place the page calls the engine (which caches too;
        kept here as well, so a switch does not fingerprint the own data again)."""
        key = (level, profession)
        with self._guard:
            hit = self._comparisons.get(key)
        if hit is not None:
            return hit
        cmp = compare_regions(
            level,
            profession,
            horizon=self.cache.horizon,
            draws=DRAWS,
            seed=self.cache.seed,
            own_data=self.own_data(level),
        )
        with self._guard:
            return self._comparisons.setdefault(key, cmp)

    def view(self, level: str, profession: Profession, lang: str, when: str) -> View:
        cmp = self.comparison(level, profession)
        key = (level, profession, lang, when)
        with self._guard:
            hit = self._views.get(key)
            if hit is not None and hit.comparison is cmp:
                self._views.move_to_end(key)
                return hit
        view = _view(cmp, lang, when)
        with self._guard:
            self._views[key] = view
            while len(self._views) > VIEWS:
                self._views.popitem(last=False)
        return view

    def map_svg(self, view: View) -> str:
        """The map of `view` (its colours; the geometry is the level's), with links."""
        cmp = view.comparison
        key = (cmp.level, cmp.profession, view.lang, view.when)
        with self._guard:
            hit = self._maps.get(key)
            if hit is not None and hit[0] is cmp:
                self._maps.move_to_end(key)
                return hit[1]
        drawn = svg.grouped_map(
            _features(), _group_of(cmp.level), view.areas, prefix=PREFIX, title=view.map_title
        )
        html = _linked(drawn, view.lang, {r.code: r.name for r in cmp.rows})
        with self._guard:
            self._maps[key] = (cmp, html)
            self._level_maps[(cmp.level, view.lang)] = html
            while len(self._maps) > VIEWS:
                self._maps.popitem(last=False)
        return html

    def level_map(self, view: View) -> str:
        """A map of `view`'s level and language, drawn for any profession and year: what a level
        switch sends; the page then recolours it with the view's colours (the geometry, links
        and names are the level's, only fills and tooltips differ)."""
        with self._guard:
            hit = self._level_maps.get((view.comparison.level, view.lang))
        return hit if hit is not None else self.map_svg(view)

    def page(self, level: str, profession: Profession, lang: str, when: str) -> str:
        view = self.view(level, profession, lang, when)
        self.warm_in_background(level, lang)
        cmp = view.comparison
        profession_names = {p: t(lang, f"prof.short.{p}") for p in PROFESSIONS}
        first_years = {p: model_years(p)[0] for p in PROFESSIONS}
        return (
            _environment()
            .get_template("national.html")
            .render(
                lang=lang,
                langs=LANGS,
                x=lambda key, **v: _text(lang, key, **v),
                view=view,
                cmp=cmp,
                level=level,
                levels=[(lv, _text(lang, f"levels.{lv}")) for lv in LEVELS_SHOWN],
                professions=profession_names,
                profession=profession,
                when=when,
                first_year=cmp.first_year,
                first_years=first_years,
                map_svg=self.map_svg(view),
                legend=gap_legend(lang),
                dashboard=regiobeeld_href(START_REGION, lang),
                css=asset("style.css"),
                js=asset("tooltip.js"),
                attribution=attribution(lang),
            )
        )

    def warm(self, level: str, lang: str) -> None:
        """Compute and render every profession and year of `level` in `lang`, so that each
        switch on the page finds its view ready. A view that fails is left out (logged): its
        request answers the error itself."""
        for profession in PROFESSIONS:
            for when in ("now", "horizon"):
                try:
                    self.view(level, profession, lang, when)
                except Exception:  # the request for this view reports it
                    _log.warning("warming %s %s %s failed", level, profession, when, exc_info=True)

    def warm_in_background(self, level: str, lang: str) -> None:
        """:meth:`warm` in a daemon thread, once per (level, language): started when a page of
        that level is served, so the page's switches do not wait for the engine."""
        with self._guard:
            if not self.background or (level, lang) in self._warmed:
                return
            self._warmed.add((level, lang))
        threading.Thread(
            target=self.warm, args=(level, lang), name=f"national-warm-{level}", daemon=True
        ).start()


# ------------------------------------------------------------------ routes


def router(cache: RegiobeeldCache) -> APIRouter:
    """The national page, its fragment and ``/api/national`` over `cache`'s horizon and seed."""
    pages = NationalPages(cache)
    api = APIRouter(responses=ERROR_RESPONSES)

    @api.get("/api/national", tags=["national"])
    def national(
        level: Annotated[
            RegionLevel, Query(description="the level whose regions are compared")
        ] = "zorgkantoor",
        profession: Annotated[Profession, Query(description="gp, so or avg")] = "gp",
    ) -> dict[str, Any]:
        """Every region of a level side by side for one profession: relative gap now and at the
        horizon (P10/P50/P90), gap in FTE, rank band, accessibility, ageing and distance to
        training (the engine's NationalComparison; rows sorted by median rank)."""
        return _json(pages.comparison(level, profession).to_dict())

    @api.get("/national", response_class=HTMLResponse, include_in_schema=False)
    def page(
        level: RegionLevel = "zorgkantoor",
        profession: Profession = "gp",
        when: When = "horizon",
        lang: Lang = "nl",
    ) -> HTMLResponse:
        return HTMLResponse(pages.page(level, profession, lang, when))

    @api.get("/national/fragment", include_in_schema=False)
    def fragment(
        level: RegionLevel = "zorgkantoor",
        profession: Profession = "gp",
        when: When = "horizon",
        lang: Lang = "nl",
        with_map: Annotated[bool, Query(alias="map")] = False,
    ) -> dict[str, Any]:
        view = pages.view(level, profession, lang, when)
        if with_map:
            pages.warm_in_background(level, lang)
        return view.fragment(pages.level_map(view) if with_map else None)

    return api


__all__ = [
    "DRAWS",
    "LEVELS_SHOWN",
    "TEXTS",
    "NationalPages",
    "View",
    "When",
    "regiobeeld_href",
    "router",
]
