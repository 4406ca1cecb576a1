"""The figures of the regiobeeld as inline SVG, in one language: shared by report and dashboard."""

from __future__ import annotations

import itertools
import math
from functools import cache
from typing import Any

from regioplan.access.regional import Level
from regioplan.data import AGE_GROUPS, AGE_LOWER, geometry
from regioplan.ooh import OOH_TYPES
from regioplan.output import format_number
from regioplan.regiobeeld.model import (
    Access,
    AccessYear,
    Centre,
    DistanceTest,
    Regiobeeld,
    Workforce,
)
from regioplan.regiobeeld.sections import SHORT_FRACTION
from regioplan.report import charts, svg
from regioplan.report.i18n import fmt_p, fmt_percent, t, unit

NAMES_NUMBERED_MAX = 40
"""Up to this many municipalities a map names every one (a number and a list where the name does
not fit); above it, only the names that fit, largest municipalities first."""
NAMES_LARGE = 30
"""Above :data:`NAMES_NUMBERED_MAX`, at most this many names (the largest that fit)."""
HEX_MIN_AREAS = 600
"""A PC4 map of more areas than this (the country, large provinces) is drawn as hexagons."""
HEX_RADIUS = 9.0
"""Radius of a hexagon of the binned PC4 map (px; about 3.8 km on the map of the country)."""


@cache
def _features() -> tuple[dict[str, Any], ...]:
    return tuple(geometry("gemeente")["features"])


WHERE_KEYS: dict[str, str] = {
    "land": "where.country",
    "provincie": "where.province",
    "gemeente": "where.municipality",
}
"""The catalogue key of the phrase that places something in a region of a level; every other
level (zorgkantoor, GGD, COROP, a custom region) is :data:`WHERE_REGION`."""
WHERE_REGION = "where.region"


def where(rb: Regiobeeld, lang: str) -> str:
    """'in de regio', or 'in Nederland' for the country, 'in de gemeente' for a municipality, ...:
    where trainees settle and supply stands, said for the region's level."""
    return t(lang, WHERE_KEYS.get(rb.level, WHERE_REGION))


def age_label(group: str) -> str:
    lo = AGE_LOWER[AGE_GROUPS.index(group)]
    return f"{lo}+" if lo == 95 else f"{lo}-{lo + 4}"


def value_digits(values: list[float]) -> int:
    """Decimals that show `values` with about three significant digits."""
    finite = [abs(v) for v in values if math.isfinite(v) and v != 0]
    if not finite:
        return 0
    top = max(finite)
    return max(0, min(4, 2 - math.floor(math.log10(top))))


def _names(rows: Any) -> tuple[list[tuple[float, float, str]], bool]:
    """(lon, lat, name) largest first, and whether the map numbers what does not fit."""
    ordered = sorted(rows, key=lambda m: -m.population)
    numbered = len(ordered) <= NAMES_NUMBERED_MAX
    return [(m.lon, m.lat, m.name) for m in ordered[: None if numbered else NAMES_LARGE]], numbered


def region_map(rb: Regiobeeld, lang: str) -> str:
    """Municipalities of the region (named) and the nearest training centre per profession.

    The frame is the region's own box plus a margin; centres outside it are drawn at its edge
    in their direction with their distance, so a far centre does not shrink the region."""
    areas = {
        m.code: svg.Area(
            m.code,
            m.name,
            None,
            f"{m.name}: {format_number(m.population, lang)} {t(lang, 'unit.persons')}",
        )
        for m in rb.municipalities
    }
    lons = [m.lon for m in rb.municipalities]
    step = max(0.03, 0.03 * (max(lons) - min(lons)))  # side by side at any map scale
    sites: dict[str, list[Centre]] = {}
    for c in rb.centres:
        sites.setdefault(c.city, []).append(c)
    points = []
    for group in sites.values():
        # the centres of one city sit side by side from the first one's place; one label after
        # the last marker names their professions (a label per marker was drawn over by the
        # next marker, and two sites in one city overlapped)
        profs = ", ".join(dict.fromkeys(t(lang, "prof.short." + c.profession) for c in group))
        lon, lat = group[0].lon, group[0].lat
        km = format_number(min(c.road_km for c in group), lang, 0)
        for k, c in enumerate(group):
            tip = (
                f"{t(lang, 'map.legend.centre')} {t(lang, 'prof.short.' + c.profession)}: "
                f"{c.centre} ({c.city}), {format_number(c.road_km, lang, 1)} km"
            )
            last = k == len(group) - 1
            points.append(
                svg.Point(
                    lon + step * k,
                    lat,
                    tip,
                    shape=svg.SHAPES[c.profession],
                    radius=7.0,
                    label=f"{profs} {c.city}" if last else "",
                    label_left_lon=lon,
                    far_label=f"{profs} {c.city}, {km} km" if last else "",
                )
            )
    names, numbered = _names(rb.municipalities)
    return svg.choropleth(
        _features(),
        areas,
        prefix="rm",
        title=t(lang, "sec.map") + f": {rb.name}",
        points=points,
        names=names,
        numbered=numbered,
    )


def _reference(acc: Access, level: Level, values: list[float]) -> float:
    """Today's national median of `acc` at `level` (the "short" threshold / its fraction); the
    values' own median where the section has no statistics."""
    stats = acc.stats.get(level)
    if stats is not None and stats.threshold > 0:
        return stats.threshold / SHORT_FRACTION
    finite = sorted(v for v in values if math.isfinite(v))
    return finite[len(finite) // 2] if finite else 1.0


def _relative_labels(edges: list[float], reference: float, lang: str, digits: int) -> list[str]:
    """Legend labels of :func:`svg.relative_edges`: value range and share of the reference,
    the outer classes open-ended (e.g. "≥ 0,132 (≥ 120%)")."""
    if edges[0] > edges[-1]:  # higher is better: class 0 is the top
        inner = sorted(svg.RELATIVE_BREAKS, reverse=True)
        signs = ("≥", "<")
    else:
        inner = sorted(svg.RELATIVE_BREAKS)
        signs = ("≤", ">")

    def num(b: float) -> str:
        return format_number(b * reference, lang, digits)

    def pct(b: float) -> str:
        return f"{round(b * 100)}%"

    labels = [f"{signs[0]} {num(inner[0])} ({signs[0]} {pct(inner[0])})"]
    for a, b in itertools.pairwise(inner):
        lo, hi = sorted((a, b))
        labels.append(f"{num(lo)} – {num(hi)} ({pct(lo)}–{pct(hi)})")
    labels.append(f"{signs[1]} {num(inner[-1])} ({signs[1]} {pct(inner[-1])})")
    return labels


def _class_legend(
    acc: Access, reference: float, edges: list[float], prefix: str, lang: str, *, hatched: bool
) -> str:
    digits = value_digits([reference * b for b in svg.RELATIVE_BREAKS])
    return svg.legend(
        _relative_labels(edges, reference, lang, digits),
        prefix + "-l",
        title=unit(lang, acc.unit),
        hatched=hatched,
        subtitle=t(lang, "acc.legend.relative", median=format_number(reference, lang, digits)),
    )


def _cells(rows: Any, klass_of: Any, tip_of: Any) -> Any:
    """A function from the map's projection to its hexagonal cells of the PC4 `rows`."""

    def cells(proj: svg.Projection) -> list[svg.Cell]:
        bins = svg.hex_bins([(r.lon, r.lat, r.value, r.population) for r in rows], proj, HEX_RADIUS)
        return [svg.Cell(x, y, HEX_RADIUS, klass_of(v), tip_of(v, w, n)) for x, y, v, w, n in bins]

    return cells


def hexagons(rb: Regiobeeld, profession: str) -> bool:
    """Whether the PC4 map of `profession` is drawn as hexagons (too many areas for dots)."""
    return len(rb.access[profession].pc4) > HEX_MIN_AREAS


def pc4_caption(rb: Regiobeeld, profession: str, lang: str) -> str:
    """The PC4 map's caption: dots, or hexagons of about so many km."""
    if not hexagons(rb, profession):
        return t(lang, "acc.caption_pc4")
    acc = rb.access[profession]
    own = [f for f in _features() if f["properties"]["code"] in {m.code for m in rb.municipalities}]
    _, proj = svg.map_frame(own, ())
    km = math.sqrt(3) * HEX_RADIUS * 111.2 / proj.scale
    return t(
        lang,
        "acc.caption_pc4_hex",
        km=format_number(km, lang, 0),
        n=format_number(len(acc.pc4), lang),
    )


def access_map(rb: Regiobeeld, profession: str, level: Level, lang: str) -> tuple[str, str]:
    """(map, legend) of the accessibility of `profession` at `level` (municipality or pc4).

    Classes are relative to today's national median at the level (:func:`svg.relative_edges`);
    municipalities are named (numbered and listed where a name does not fit); a PC4 map of the
    country or a large province is drawn as hexagons instead of thousands of dots."""
    acc: Access = rb.access[profession]
    rows = acc.municipalities if level == "municipality" else acc.pc4
    values = [r.value for r in rows]
    worse_is_higher = not acc.higher_is_better
    reference = _reference(acc, level, values)
    edges = svg.relative_edges(reference, values, worse_is_higher=worse_is_higher)
    klass = svg.classify(values, edges, worse_is_higher=worse_is_higher)
    digits = value_digits(values)
    prefix = f"am-{profession}-{level}"
    u = unit(lang, acc.unit)

    def tip(r: Any) -> str:
        short = " ⚠" if r.short else ""
        return f"{r.name}: {format_number(r.value, lang, digits)} {u}{short}"

    names, numbered = _names(rb.municipalities)
    points: list[svg.Point] = []
    cells = None
    if level == "municipality":
        areas = {
            r.code: svg.Area(r.code, r.name, k, tip(r)) for r, k in zip(rows, klass, strict=True)
        }
    else:
        areas = {m.code: svg.Area(m.code, m.name, None, m.name) for m in rb.municipalities}
        numbered = False  # the municipality map beside it lists them
        if hexagons(rb, profession):

            def klass_of(v: float) -> int | None:
                return svg.classify([v], edges, worse_is_higher=worse_is_higher)[0]

            def tip_of(v: float, w: float, n: int) -> str:
                return t(
                    lang,
                    "acc.cell",
                    n=n,
                    pop=format_number(w, lang),
                    value=format_number(v, lang, digits),
                    unit=u,
                )

            cells = _cells(rows, klass_of, tip_of)
        else:
            pmax = max((r.population for r in rows), default=1.0) or 1.0
            points = [
                svg.Point(
                    r.lon, r.lat, tip(r), radius=1.5 + 4.5 * math.sqrt(r.population / pmax), klass=k
                )
                for r, k in zip(rows, klass, strict=True)
                if k is not None
            ]
    title = (
        f"{t(lang, 'sec.access')} {t(lang, 'prof.short.' + profession)} "
        f"({t(lang, 'acc.level.' + level)})"
    )
    return (
        svg.choropleth(
            _features(),
            areas,
            prefix=prefix,
            title=title,
            points=points,
            names=names,
            numbered=numbered,
            cells=cells,
        ),
        _class_legend(
            acc,
            reference,
            edges,
            prefix,
            lang,
            hatched=level == "municipality" or cells is not None,
        ),
    )


def access_year_map(rb: Regiobeeld, profession: str, lang: str) -> tuple[str, str]:
    """(map, legend) of the projected year's accessibility per municipality, in today's classes.

    The classes are those of today's municipality map (relative to today's national median), so
    a darker shade than today's means worse access than today, not merely a lower rank.
    """
    acc: Access = rb.access[profession]
    py: AccessYear = rb.access_projected[profession]
    worse_is_higher = not acc.higher_is_better
    values = [r.value for r in py.municipalities]
    reference = _reference(acc, "municipality", [r.value for r in acc.municipalities])
    edges = svg.relative_edges(reference, values, worse_is_higher=worse_is_higher)
    klass = svg.classify(values, edges, worse_is_higher=worse_is_higher)
    digits = value_digits([r.value for r in acc.municipalities])
    prefix = f"ay-{profession}"
    est = t(lang, "wf.provenance.estimate")
    areas = {
        r.code: svg.Area(
            r.code,
            r.name,
            k,
            f"{r.name}: {format_number(r.value, lang, digits)} {unit(lang, acc.unit)} "
            f"({py.year}, {est}){' ⚠' if r.short else ''}",
        )
        for r, k in zip(py.municipalities, klass, strict=True)
    }
    title = (
        f"{t(lang, 'sec.access')} {t(lang, 'prof.short.' + profession)} "
        f"({t(lang, 'acc.level.municipality')}, {py.year}; {est})"
    )
    names, numbered = _names(rb.municipalities)
    return (
        svg.choropleth(
            _features(), areas, prefix=prefix, title=title, names=names, numbered=numbered
        ),
        _class_legend(acc, reference, edges, prefix, lang, hatched=True),
    )


def _now_and_then(
    labels: list[str],
    now: list[float],
    then: list[float] | None,
    year: int,
    lang: str,
    *,
    unit_key: str,
    title: str,
    xlabel: str,
    then_series: str,
) -> str:
    """Bars of 2024 and, when projected, dashed outlines of `year`, each with its hover value."""

    def tips(values: list[float], when: int) -> list[str]:
        return [
            f"{lab}: {format_number(v, lang)} {t(lang, unit_key)} ({when})"
            for lab, v in zip(labels, values, strict=True)
        ]

    return charts.hbar_chart(
        labels,
        now,
        title=title,
        xlabel=xlabel,
        fmt=lambda v: format_number(v, lang),
        tips=tips(now, 2024),
        outline=then,
        outline_tips=tips(then, year) if then else None,
        series=("2024", then_series),
    )


def population_chart(rb: Regiobeeld, lang: str, year: int | None = None) -> str:
    """Persons per age group now (bars) and in `year` (default: the horizon; dashed outlines)."""
    pop = rb.population
    then = rb.horizon if year is None else year
    by_age = pop.by_age_per_year.get(then, pop.projection_by_age)
    return _now_and_then(
        [age_label(g) for g in AGE_GROUPS][::-1],
        [float(pop.by_age[g]) for g in AGE_GROUPS][::-1],
        [float(by_age[g]) for g in AGE_GROUPS][::-1] if by_age else None,
        then,
        lang,
        unit_key="unit.persons",
        title=t(lang, "pop.caption"),
        xlabel=t(lang, "pop.persons"),
        then_series=f"{then} ({t(lang, 'wf.provenance.estimate')})",
    )


def gap_chart(rb: Regiobeeld, profession: str, lang: str, marker_year: int | None = None) -> str:
    """The gap per year (FTE) with its 80% band (P10-P90)."""
    w: Workforce = rb.workforce[profession]
    years = [r.year for r in w.years]
    med = [r.gap_fte for r in w.years]
    lo = [r.gap_p10 for r in w.years]
    hi = [r.gap_p90 for r in w.years]
    digits = 1 if max(abs(v) for v in [*lo, *hi, 1e-9]) < 100 else 0

    def tip(year: int, m: float, a: float, b: float) -> str:
        row = w.at(year)
        return (
            f"{year}: {t(lang, 'wf.chart.gap')} {format_number(m, lang, digits)} "
            f"({format_number(a, lang, digits)} – {format_number(b, lang, digits)}); "
            f"{t(lang, 'wf.chart.demand')} "
            f"{format_number(row.demand_fte, lang, 1)}, "
            f"{t(lang, 'wf.chart.supply')} "
            f"{format_number(row.supply_fte, lang, 1)} "
            f"{t(lang, 'wf.fte')}"
        )

    def num(v: float) -> str:
        return format_number(v, lang, digits)

    return charts.band_chart(
        years,
        med,
        lo,
        hi,
        title=f"{t(lang, 'wf.chart.gap')} {t(lang, 'prof.short.' + profession)}",
        xlabel=t(lang, "wf.chart.year"),
        ylabel=t(lang, "wf.chart.gap"),
        fmt=lambda v: format_number(v, lang, 0 if digits == 0 else 1),
        tip=tip,
        marker_year=marker_year,
        end_label=f"{num(med[-1])} ({num(lo[-1])} – {num(hi[-1])})",
    )


def supply_demand_chart(
    rb: Regiobeeld, profession: str, lang: str, marker_year: int | None = None
) -> str:
    """Supply and demand per year (FTE), each its median with its 80% band (P10-P90); the gap
    chart shows their difference. Lines are named at their ends, so print needs no hover."""
    w: Workforce = rb.workforce[profession]
    years = [r.year for r in w.years]
    supply_name, demand_name = t(lang, "wf.chart.supply"), t(lang, "wf.chart.demand")
    series = [
        charts.Series(
            demand_name,
            [r.demand_fte for r in w.years],
            [r.demand_p10 for r in w.years],
            [r.demand_p90 for r in w.years],
        ),
        charts.Series(
            supply_name,
            [r.supply_fte for r in w.years],
            [r.supply_p10 for r in w.years],
            [r.supply_p90 for r in w.years],
            dash="7 4",
            hatched=True,
        ),
    ]

    def num(v: float) -> str:
        return format_number(v, lang, 1)

    def tip(year: int) -> str:
        r = w.at(year)
        return (
            f"{year}: {demand_name} {num(r.demand_fte)} ({num(r.demand_p10)} – "
            f"{num(r.demand_p90)}), {supply_name} {num(r.supply_fte)} ({num(r.supply_p10)} – "
            f"{num(r.supply_p90)}) {t(lang, 'wf.fte')}"
        )

    return charts.lines_chart(
        years,
        series,
        title=f"{t(lang, 'wf.chart.sd_title')} {t(lang, 'prof.short.' + profession)}",
        xlabel=t(lang, "wf.chart.year"),
        ylabel=t(lang, "wf.chart.sd"),
        fmt=lambda v: format_number(v, lang, 0),
        tip=tip,
        key=lambda s: t(lang, "wf.chart.key", series=s.name),
        prefix=f"sd-{profession}",
        marker_year=marker_year,
    )


NARROW_BAND = 0.05
"""A gap band (P90 - P10 at the horizon) narrower than this share of demand is called narrow."""


def band_note(rb: Regiobeeld, profession: str, lang: str) -> list[str]:
    """What the band covers, and, when it is narrow, that this is the model's doing."""
    w: Workforce = rb.workforce[profession]
    last = w.years[-1]
    out = [t(lang, "wf.band_covers")]
    width = last.gap_p90 - last.gap_p10
    if last.demand_fte > 0 and width < NARROW_BAND * last.demand_fte:
        out.append(
            t(
                lang,
                "wf.band_narrow",
                year=last.year,
                lo=format_number(last.gap_p10, lang, 1),
                hi=format_number(last.gap_p90, lang, 1),
                share=fmt_percent(width / last.demand_fte, lang),
            )
        )
    return out


def gap_year(rb: Regiobeeld, profession: str) -> int:
    """The year of the gap per municipality of the distance question (the last projected)."""
    return rb.workforce[profession].years[-1].year


def shown_measure(test: DistanceTest) -> tuple[str, float]:
    """(what the distance chart and its sentences show, sign of the values shown).

    A gap that is a surplus (no municipality short, at least one with a surplus) is shown as a
    surplus in positive numbers, with the sign of its correlation turned; ``gap_mixed`` marks a
    gap with shortages and surpluses, shown as is."""
    if test.measure != "gap":
        return test.measure, 1.0
    values = [p[3] for p in test.points]
    if values and max(values) <= 0 < -min(values):
        return "surplus", -1.0
    if values and min(values) < 0 < max(values):
        return "gap_mixed", 1.0
    return "gap", 1.0


def distance_heading(rb: Regiobeeld, test: DistanceTest, lang: str) -> str:
    """What the distance chart of `test` shows, with its unit (and year for the gap)."""
    if test.measure == "access":
        return t(lang, "dist.head.access", unit=unit(lang, rb.access[test.profession].unit))
    key = "surplus" if shown_measure(test)[0] == "surplus" else "gap"
    return t(lang, f"dist.head.{key}", year=gap_year(rb, test.profession))


def distance_chart(rb: Regiobeeld, test: DistanceTest, lang: str) -> str:
    """Scatter of the measure against km to the nearest training centre, a dot per municipality."""
    prof = t(lang, "prof.short." + test.profession)
    shown, sign = shown_measure(test)
    if test.measure == "access":
        label = unit(lang, rb.access[test.profession].unit)
        ylabel = t(lang, "dist.axis.y")
        title = t(lang, "dist.caption", profession=prof)
    else:
        year = gap_year(rb, test.profession)
        label = t(lang, "dist.tip.gap", year=year)
        ylabel = t(lang, f"dist.axis.{shown}")
        caption = "surplus" if shown == "surplus" else "gap"
        title = t(lang, f"dist.caption.{caption}", year=year, profession=prof)
    ys = [sign * p[3] for p in test.points]
    digits = value_digits(ys)
    tips = [
        f"{p[1]}: {format_number(p[2], lang, 1)} km, {format_number(y, lang, digits)} {label}"
        for p, y in zip(test.points, ys, strict=True)
    ]
    return charts.scatter(
        [p[2] for p in test.points],
        ys,
        tips,
        title=title,
        xlabel=t(lang, "dist.axis.x"),
        ylabel=ylabel,
        fmt_x=lambda v: format_number(v, lang),
        fmt_y=lambda v: format_number(v, lang, max(0, digits - 1)),
        sizes=[p[4] for p in test.points],
        labels=[p[1] for p in test.points],
        numbered=len(test.points) <= NAMES_NUMBERED_MAX,
    )


def distance_sentence(test: DistanceTest, lang: str) -> list[str]:
    """Two plain sentences: the test result and what it means."""
    shown, sign = shown_measure(test)
    what = t(lang, f"dist.what.{'surplus' if shown == 'surplus' else test.measure}")
    if test.n < 5 or not math.isfinite(test.rho):
        return [t(lang, "dist.too_few", n=test.n)]
    rho = sign * test.rho
    first = t(
        lang,
        "dist.test",
        what=what,
        rho=format_number(rho, lang, 2),
        n=test.n,
        p=fmt_p(test.p_value, lang),
    )
    note = [t(lang, "dist.gap_note")] if test.measure == "gap" else []
    if test.p_value < 0.05:
        direction = t(lang, "dist.up") if rho > 0 else t(lang, "dist.down")
        return [first, t(lang, "dist.yes", what=what, direction=direction), *note]
    return [first, t(lang, "dist.no", what=what, p=fmt_p(test.p_value, lang)), *note]


def ooh_chart(rb: Regiobeeld, lang: str, year: int | None = None) -> str:
    """Expected out-of-hours contacts per year by type (bars now, dashed outline in `year`)."""
    o = rb.ooh
    then = rb.horizon if year is None else year
    later = o.at(then) if o.horizon_contacts else {}
    return _now_and_then(
        [t(lang, f"ooh.type.{k}") for k in OOH_TYPES],
        [o.contacts[k] for k in OOH_TYPES],
        [later[k] for k in OOH_TYPES] if later else None,
        then,
        lang,
        unit_key="unit.contacts",
        title=t(lang, "ooh.caption"),
        xlabel=t(lang, "ooh.year"),
        then_series=str(then),
    )


__all__ = [
    "access_map",
    "access_year_map",
    "age_label",
    "band_note",
    "distance_chart",
    "distance_heading",
    "distance_sentence",
    "gap_chart",
    "hexagons",
    "ooh_chart",
    "pc4_caption",
    "population_chart",
    "region_map",
    "shown_measure",
    "supply_demand_chart",
    "where",
]
