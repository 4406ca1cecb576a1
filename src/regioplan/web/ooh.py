"""The out-of-hours page of the dashboard (issue #17 item 8): does a region's GP out-of-hours
service reach urgent patients in time, today and in an organisation variant?

Routes:

* ``GET /ooh?region=ZK24&variant=regional_triage&lang=nl``: the page (a plain form: works
  without JavaScript). Today's organisation is an estimate (posts at the region's general
  hospital sites, staffing sized from the demand; :func:`regioplan.ooh.posts.estimated_config`);
  the variant is derived from it (:func:`regioplan.ooh.posts.variant_configs`) and both are
  simulated on common random numbers (:func:`regioplan.ooh.compare`), so the difference is not
  noise;
* ``GET /api/ooh/{region}?variant=&replications=``: the same as JSON (each configuration's
  result and the paired differences).

A simulation runs once per (region, variant, replications) for the server's life, seeded with
the dashboard's seed; a region of more than :data:`regioplan.ooh.posts.MAX_AREAS` PC4 areas is
refused with a pointer to ``regioplan ooh simulate``.
"""

from __future__ import annotations

import math
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse

from regioplan.errors import InputError
from regioplan.ooh import Comparison, OohResult, compare
from regioplan.ooh.posts import MAX_AREAS, VARIANTS, estimated_config, variant_configs
from regioplan.output import format_number, jsonable
from regioplan.regions import Region, list_regions
from regioplan.report import svg
from regioplan.report.i18n import LANGS, fmt_percent
from regioplan.report.map_views import _features
from regioplan.report.render import asset, environment
from regioplan.web.cache import RegiobeeldCache
from regioplan.web.errors import ERROR_RESPONSES
from regioplan.web.regiobeeld import START_REGION, Lang

YEAR = 2025
REPLICATIONS = 5
"""Replications per simulation on the page (modest: a first visit of a region computes)."""
MAX_REPLICATIONS = 50
Reps = Annotated[
    int, Query(ge=2, le=MAX_REPLICATIONS, description="replications (simulated years)")
]
Variant = Literal["today", "regional_triage", "shared_cars", "night_post", "merged"]

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Huisartsenpost: op tijd bij urgente patiënten?",
        "region": "Regio",
        "variant": "Organisatievariant",
        "lang": "Taal",
        "show": "Toon",
        "dashboard": "Naar het regiobeeld",
        "v.today": "Vandaag (schatting)",
        "v.regional_triage": "Regionale triage",
        "v.shared_cars": "Gedeelde visiteauto's",
        "v.night_post": "Eén nachtpost (23-08 uur)",
        "v.merged": "Alle posten samengevoegd",
        "intro": "Een simulatie van {year} ({reps} herhalingen, seed {seed}) van de avond-, "
        "nacht- en weekendzorg in {region}: ongeveer {calls} telefoontjes per jaar, {posts} "
        "posten. Vandaag is een schatting: posten bij de algemene ziekenhuizen in de regio, "
        "bezetting afgestemd op de verwachte vraag. De variant wordt op dezelfde toevalsgetallen "
        "gesimuleerd, zodat het verschil geen ruis is.",
        "estimate": "schatting",
        "urgency": "Urgentie",
        "norm": "Norm",
        "today": "Vandaag",
        "diff": "Verschil (procentpunt)",
        "n.U1": "binnen 15 minuten",
        "n.U2": "binnen 1 uur",
        "n.U3": "binnen 3 uur",
        "n.U4": "binnen 24 uur",
        "phone": "Telefoon",
        "n.phone": "75% binnen 2 minuten",
        "km": "Km per jaar (visiteauto's)",
        "mean": "gemiddeld {m} min",
        "distance": "U1/U2-visites binnen de norm naar afstand tot de eigen post",
        "band": "Afstand",
        "posts": "Posten (schatting, PC4)",
        "ci": "tussen haakjes: 95%-betrouwbaarheidsinterval over de herhalingen",
        "method": "Methode en bronnen: contactfrequenties naar leeftijd en soort (BMC Family "
        "Practice 2015; Nivel 2017), verdeling over de week (vzinfo.nl, Nivel), duur van een "
        "triagegesprek uit het VK (Mohammed e.a. 2012, een aanname), ziekenhuislocaties "
        "(Eurostat/GISCO 2019); normen van de Nederlandse Triagestandaard. Zie docs/ooh.md; "
        "simuleer uw eigen organisatie met `regioplan ooh simulate REGIO --config BESTAND.toml`.",
        "map": "U1/U2-visites binnen de norm per PC4-gebied (vandaag, over alle herhalingen)",
        "map_legend": "U1/U2-visites binnen de norm",
        "map_tip": "PC4 {pc4}: {share} van {n} U1/U2-visites per jaar binnen de norm",
        "map_caption": "grootte van de stip: U1/U2-visites per jaar; gebieden zonder zulke "
        "visites zijn niet getekend",
        "too_large": "regio {code} heeft {n} PC4-gebieden; de pagina simuleert regio's tot "
        "{max}; gebruik `regioplan ooh simulate`",
    },
    "en": {
        "title": "GP out-of-hours post: reaching urgent patients in time?",
        "region": "Region",
        "variant": "Organisation variant",
        "lang": "Language",
        "show": "Show",
        "dashboard": "To the regiobeeld",
        "v.today": "Today (estimate)",
        "v.regional_triage": "Regional triage",
        "v.shared_cars": "Shared visiting cars",
        "v.night_post": "One night post (23-08 h)",
        "v.merged": "All posts merged",
        "intro": "A simulation of {year} ({reps} replications, seed {seed}) of evening, night "
        "and weekend care in {region}: about {calls} calls a year, {posts} posts. Today is an "
        "estimate: posts at the region's general hospital sites, staffing sized from the expected "
        "demand. The variant runs on the same random numbers, so the difference is not noise.",
        "estimate": "estimate",
        "urgency": "Urgency",
        "norm": "Norm",
        "today": "Today",
        "diff": "Difference (percentage points)",
        "n.U1": "within 15 minutes",
        "n.U2": "within 1 hour",
        "n.U3": "within 3 hours",
        "n.U4": "within 24 hours",
        "phone": "Telephone",
        "n.phone": "75% within 2 minutes",
        "km": "Km per year (visiting cars)",
        "mean": "mean {m} min",
        "distance": "U1/U2 visits within the norm by distance to the area's own post",
        "band": "Distance",
        "posts": "Posts (estimate, PC4)",
        "ci": "in brackets: 95% confidence interval over the replications",
        "method": "Method and sources: contact rates by age and type (BMC Family Practice 2015; "
        "Nivel 2017), the time-of-week shares (vzinfo.nl, Nivel), the length of a triage call "
        "from the UK (Mohammed et al. 2012, an assumption), hospital sites (Eurostat/GISCO "
        "2019); norms of the Dutch triage standard. See docs/ooh.md; simulate your own "
        "organisation with `regioplan ooh simulate REGION --config FILE.toml`.",
        "map": "U1/U2 home visits within the norm per PC4 area (today, pooled over the "
        "replications)",
        "map_legend": "U1/U2 visits within the norm",
        "map_tip": "PC4 {pc4}: {share} of {n} U1/U2 visits a year within the norm",
        "map_caption": "dot size: U1/U2 visits a year; areas without such visits are not drawn",
        "too_large": "region {code} has {n} PC4 areas; the page simulates regions of up to "
        "{max}; use `regioplan ooh simulate`",
    },
}


class OohPages:
    """Simulations per (region, variant, replications), computed once and kept."""

    def __init__(self, cache: RegiobeeldCache) -> None:
        self.cache = cache
        self._done: dict[tuple[str, str, int], Comparison] = {}
        self._locks: dict[tuple[str, str, int], threading.Lock] = {}
        self._guard = threading.Lock()

    def comparison(self, query: str, variant: str, replications: int) -> Comparison:
        """Today (estimate) and `variant` on common random numbers (today twice for ``today``:
        the differences are then exactly 0)."""
        region = self.cache.region(query)
        if len(region.pc4) > MAX_AREAS:
            raise InputError(
                TEXTS["en"]["too_large"].format(code=region.code, n=len(region.pc4), max=MAX_AREAS)
            )
        if variant not in VARIANTS:
            raise InputError(f"variant {variant!r} unknown; allowed: {', '.join(VARIANTS)}")
        key = (region.code, variant, replications)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._done:
                self._done[key] = self._compute(region, variant, replications)
            return self._done[key]

    def _compute(self, region: Region, variant: str, replications: int) -> Comparison:
        today = estimated_config(region, year=YEAR)
        configs = variant_configs(today)
        if variant not in configs:
            raise InputError(f"variant {variant!r} needs more than one post in {region.code}")
        return compare(
            region,
            [today, configs[variant]],
            year=YEAR,
            replications=replications,
            seed=self.cache.seed,
        )

    def page(self, query: str, variant: str, lang: str, replications: int) -> str:
        cmp = self.comparison(query, variant, replications)
        region = self.cache.region(query)
        x = TEXTS[lang]
        base, other = cmp.results
        rows = []
        for u in ("U1", "U2", "U3", "U4"):
            key = f"{u}_all_within_norm"
            rows.append(
                {
                    "label": u,
                    "norm": x[f"n.{u}"],
                    "today": _share(base.share(key, f"{u}_all_n"), lang),
                    "variant": _share(other.share(key, f"{u}_all_n"), lang),
                    "mean_today": x["mean"].format(
                        m=format_number(base.estimate(f"{u}_all_mean_min").mean, lang)
                    ),
                    "diff": _points(cmp.difference(key), lang),
                }
            )
        rows.append(
            {
                "label": x["phone"],
                "norm": x["n.phone"],
                "today": _share(base.answering()["within_2_min"], lang),
                "variant": _share(other.answering()["within_2_min"], lang),
                "mean_today": "",
                "diff": _points(cmp.difference("answer_within_2_min"), lang),
            }
        )
        km = (
            format_number(base.estimate("km_driven").mean, lang),
            format_number(other.estimate("km_driven").mean, lang),
        )
        bands = [
            (
                band.replace(".", ",") if lang == "nl" else band,
                _share(e, lang),
                _share(other.by_distance()[band], lang),
            )
            for band, e in base.by_distance().items()
            if not math.isnan(e.mean)
        ]
        share_svg, share_legend = share_map(region, base, lang)
        today_cfg = estimated_config(region, year=YEAR)
        regions = [(r.code, r.name) for r in list_regions("zorgkantoor")]
        return (
            environment("regioplan.web")
            .get_template("ooh.html")
            .render(
                x=x,
                lang=lang,
                langs=LANGS,
                region=region,
                regions=regions,
                variant=variant,
                variants=[(v, x[f"v.{v}"]) for v in VARIANTS],
                replications=replications,
                intro=x["intro"].format(
                    year=YEAR,
                    reps=replications,
                    seed=self.cache.seed,
                    region=f"{region.name} ({region.code})",
                    calls=format_number(base.estimate("calls").mean, lang),
                    posts=len(today_cfg.posts),
                ),
                rows=rows,
                km=km,
                share_map=share_svg,
                share_legend=share_legend,
                bands=bands,
                posts=[(p.id.replace("_", " ").title(), p.pc4) for p in today_cfg.posts],
                variant_name=x[f"v.{variant}"],
                css=asset("style.css"),
            )
        )


MAP_EDGES = (1.0, 0.95, 0.85, 0.70, 0.50, 0.0)
"""Classes of the PC4 map of U1/U2 visits within the norm (class 0 best, 4 worst)."""


def share_map(region: Region, result: OohResult, lang: str) -> tuple[str, str]:
    """(map, legend): per PC4 area of `region` a dot, sized by the U1/U2 home visits a year and
    shaded by the share of them within the norm (pooled over the replications), over the
    region's municipalities; drawn with the report's map code (:mod:`regioplan.report.maps`)."""
    x = TEXTS[lang]
    per = result.per_area()
    pc4 = region.pc4
    pc4.index = pc4.index.astype(str)
    municipalities = region.municipalities
    areas = {
        str(code): svg.Area(str(code), str(name), None, str(name))
        for code, name in municipalities["name"].items()
    }
    visits = per["visits_u12_per_year"].to_numpy(float)
    top = float(visits.max()) if visits.size and visits.max() > 0 else 1.0
    shares = per["within_norm"].to_numpy(float)
    klasses = svg.classify(list(shares), list(MAP_EDGES), worse_is_higher=False)
    where = {
        code: (lon, lat)
        for code, lon, lat in zip(
            pc4.index, pc4["lon"].to_numpy(float), pc4["lat"].to_numpy(float), strict=True
        )
    }
    points = []
    for code, v, share, k in zip(per.index.astype(str), visits, shares, klasses, strict=True):
        if v <= 0 or k is None or code not in where:
            continue
        tip = x["map_tip"].format(
            pc4=code, share=fmt_percent(share, lang, 0), n=format_number(v, lang, 1)
        )
        lon, lat = where[code]
        points.append(
            svg.Point(float(lon), float(lat), tip, radius=1.5 + 4.5 * math.sqrt(v / top), klass=k)
        )
    order = municipalities.sort_values("population_2024", ascending=False)
    names = [
        (float(lon), float(lat), str(name))
        for lon, lat, name in zip(
            order["lon"].to_numpy(float), order["lat"].to_numpy(float), order["name"], strict=True
        )
    ]
    drawn = svg.choropleth(
        _features(), areas, prefix="ooh-map", title=x["map"], points=points, names=names
    )
    b = [fmt_percent(v, lang, 0) for v in MAP_EDGES]
    labels = [f"≥ {b[1]}", f"{b[2]} – {b[1]}", f"{b[3]} – {b[2]}", f"{b[4]} – {b[3]}",
              f"< {b[4]}"]  # fmt: skip
    legend = svg.legend(labels, "ooh-map-l", title=x["map_legend"], hatched=False)
    return drawn, legend


def _share(e: Any, lang: str) -> str:
    if math.isnan(e.mean):
        return "–"
    text = fmt_percent(e.mean, lang, 1)
    if not math.isnan(e.low):
        # the engine's share intervals lie within 0..1 (Estimate.share): shown as they are
        text += f" ({fmt_percent(e.low, lang, 1)} – {fmt_percent(e.high, lang, 1)})"
    return text


def _points(e: Any, lang: str) -> str:
    if math.isnan(e.mean):
        return "–"
    sign = "+" if e.mean > 0.0005 else ""
    text = sign + format_number(100 * e.mean, lang, 1)
    if not math.isnan(e.low):
        text += f" ({format_number(100 * e.low, lang, 1)} … {format_number(100 * e.high, lang, 1)})"
    return text


def router(cache: RegiobeeldCache) -> APIRouter:
    """The out-of-hours page and ``/api/ooh/{region}`` over `cache`'s regions and seed."""
    pages = OohPages(cache)
    api = APIRouter(responses=ERROR_RESPONSES)

    @api.get("/api/ooh/{region}", tags=["ooh"])
    def ooh_api(
        region: Annotated[str, Path(description="region code or name, e.g. ZK24")],
        variant: Variant = "today",
        replications: Reps = REPLICATIONS,
    ) -> dict[str, Any]:
        """Today's out-of-hours organisation (an estimate) and a variant simulated on common
        random numbers: each result and the paired differences (docs/ooh.md)."""
        out: dict[str, Any] = jsonable(
            {"region": pages.cache.region(region).code, "variant": variant}
            | pages.comparison(region, variant, replications).to_dict()
        )
        return out

    @api.get("/ooh", response_class=HTMLResponse, include_in_schema=False)
    def ooh_page(
        region: str = START_REGION,
        variant: Variant = "regional_triage",
        lang: Lang = "nl",
        replications: Reps = REPLICATIONS,
    ) -> HTMLResponse:
        return HTMLResponse(pages.page(region, variant, lang, replications))

    return api


__all__ = ["MAP_EDGES", "REPLICATIONS", "TEXTS", "YEAR", "OohPages", "router", "share_map"]
