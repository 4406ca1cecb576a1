"""The figures of the regiobeeld as inline SVG, in one language: shared by report and dashboard."""

from __future__ import annotations

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
from regioplan.report import charts, svg
from regioplan.report.i18n import fmt_p, t, unit

MAP_NAMES_MAX = 15
"""The region map writes the municipality names when the region has at most this many."""


@cache
def _features() -> tuple[dict[str, Any], ...]:
    return tuple(geometry("gemeente")["features"])


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


def region_map(rb: Regiobeeld, lang: str) -> str:
    """Municipalities of the region and the nearest training centre per profession."""
    areas = {
        m.code: svg.Area(
            m.code,
            m.name,
            None,
            f"{m.name}: {format_number(m.population, lang)} {t(lang, 'unit.persons')}",
        )
        for m in rb.municipalities
    }
    lons = [m.lon for m in rb.municipalities] + [c.lon for c in rb.centres]
    step = max(0.06, 0.025 * (max(lons) - min(lons)))  # side by side at any map scale
    sites: dict[str, list[Centre]] = {}
    for c in rb.centres:
        sites.setdefault(c.city, []).append(c)
    points = []
    for group in sites.values():
        # the centres of one city sit side by side from the first one's place; one label after
        # the last marker names their professions (a label per marker was drawn over by the
        # next marker, and two sites in one city overlapped)
        names = ", ".join(dict.fromkeys(t(lang, "prof.short." + c.profession) for c in group))
        lon, lat = group[0].lon, group[0].lat
        for k, c in enumerate(group):
            tip = (
                f"{t(lang, 'map.legend.centre')} {t(lang, 'prof.short.' + c.profession)}: "
                f"{c.centre} ({c.city}), {format_number(c.road_km, lang, 1)} km"
            )
            points.append(
                svg.Point(
                    lon + step * k,
                    lat,
                    tip,
                    shape=svg.SHAPES[c.profession],
                    radius=7.0,
                    label=f"{names} {c.city}" if k == len(group) - 1 else "",
                    label_left_lon=lon,
                )
            )
    return svg.choropleth(
        _features(),
        areas,
        prefix="rm",
        title=t(lang, "sec.map") + f": {rb.name}",
        points=points,
        extra_bbox=[(c.lon, c.lat) for c in rb.centres],
        names=[
            (m.lon, m.lat, m.name) for m in sorted(rb.municipalities, key=lambda m: -m.population)
        ]
        if len(rb.municipalities) <= MAP_NAMES_MAX
        else [],
    )


def _legend_labels(
    edges: list[float], lang: str, digits: int, *, open_ends: bool = False
) -> list[str]:
    """Class k spans edges[k]..edges[k+1] (descending when higher is better): low – high.

    With `open_ends` the outer classes read "≥ x" / "≤ x": values of another year classified
    with these edges may lie beyond them.
    """
    labels = [
        f"{format_number(min(edges[k], edges[k + 1]), lang, digits)} – "
        f"{format_number(max(edges[k], edges[k + 1]), lang, digits)}"
        for k in range(len(edges) - 1)
    ]
    if open_ends and len(edges) == 6:
        for k, inner in ((0, edges[1]), (4, edges[4])):
            outer = edges[0] if k == 0 else edges[5]
            sign = "≥" if outer >= inner else "≤"
            labels[k] = f"{sign} {format_number(inner, lang, digits)}"
    return labels


def access_map(rb: Regiobeeld, profession: str, level: Level, lang: str) -> tuple[str, str]:
    """(map, legend) of the accessibility of `profession` at `level` (municipality or pc4)."""
    acc: Access = rb.access[profession]
    rows = acc.municipalities if level == "municipality" else acc.pc4
    values = [r.value for r in rows]
    klass, edges = svg.classes(values, worse_is_higher=not acc.higher_is_better)
    digits = value_digits(values)
    prefix = f"am-{profession}-{level}"

    def tip(r: Any) -> str:
        short = " ⚠" if r.short else ""
        return f"{r.name}: {format_number(r.value, lang, digits)} {unit(lang, acc.unit)}{short}"

    if level == "municipality":
        areas = {
            r.code: svg.Area(r.code, r.name, k, tip(r)) for r, k in zip(rows, klass, strict=True)
        }
        points: list[svg.Point] = []
    else:
        areas = {m.code: svg.Area(m.code, m.name, None, m.name) for m in rb.municipalities}
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
    labels = _legend_labels(edges, lang, digits)
    shown: list[int] | None = None
    if edges and min(edges) == max(edges):  # one value everywhere: one middle class
        labels, shown = [format_number(edges[0], lang, digits)], [2]
    return (
        svg.choropleth(_features(), areas, prefix=prefix, title=title, points=points),
        svg.legend(
            labels,
            prefix + "-l",
            title=unit(lang, acc.unit),
            klasses=shown,
            hatched=level == "municipality",
        ),
    )


def access_year_map(rb: Regiobeeld, profession: str, lang: str) -> tuple[str, str]:
    """(map, legend) of the projected year's accessibility per municipality, in today's classes.

    The classes are those of today's municipality map (outer classes open-ended), so a darker
    shade than today's means worse access than today, not merely a lower rank.
    """
    acc: Access = rb.access[profession]
    py: AccessYear = rb.access_projected[profession]
    today = [r.value for r in acc.municipalities]
    _, edges = svg.classes(today, worse_is_higher=not acc.higher_is_better)
    values = [r.value for r in py.municipalities]
    klass = svg.classify(values, edges, worse_is_higher=not acc.higher_is_better)
    digits = value_digits(today)
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
    labels = _legend_labels(edges, lang, digits, open_ends=True)
    shown: list[int] | None = None
    if edges and min(edges) == max(edges):
        labels, shown = [format_number(values[0] if values else edges[0], lang, digits)], [2]
    return (
        svg.choropleth(_features(), areas, prefix=prefix, title=title),
        svg.legend(
            labels,
            prefix + "-l",
            title=unit(lang, acc.unit),
            klasses=shown,
            hatched=True,
        ),
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
            f"{t(lang, 'wf.demand_now').split()[0].lower()} "
            f"{format_number(row.demand_fte, lang, 1)}, "
            f"{t(lang, 'wf.supply').split()[0].lower()} "
            f"{format_number(row.supply_fte, lang, 1)} "
            f"{t(lang, 'wf.fte')}"
        )

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
    )


def gap_year(rb: Regiobeeld, profession: str) -> int:
    """The year of the gap per municipality of the distance question (the last projected)."""
    return rb.workforce[profession].years[-1].year


def distance_heading(rb: Regiobeeld, test: DistanceTest, lang: str) -> str:
    """What the distance chart of `test` shows, with its unit (and year for the gap)."""
    if test.measure == "access":
        return t(lang, "dist.head.access", unit=unit(lang, rb.access[test.profession].unit))
    return t(lang, "dist.head.gap", year=gap_year(rb, test.profession))


def distance_chart(rb: Regiobeeld, test: DistanceTest, lang: str) -> str:
    """Scatter of the measure against km to the nearest training centre, a dot per municipality."""
    prof = t(lang, "prof.short." + test.profession)
    if test.measure == "access":
        label = unit(lang, rb.access[test.profession].unit)
        ylabel = t(lang, "dist.axis.y")
        title = t(lang, "dist.caption", profession=prof)
    else:
        year = gap_year(rb, test.profession)
        label = f"{t(lang, 'wf.fte')} ({year})"
        ylabel = t(lang, "dist.axis.gap")
        title = t(lang, "dist.caption.gap", year=year, profession=prof)
    ys = [p[3] for p in test.points]
    digits = value_digits(ys)
    tips = [
        f"{p[1]}: {format_number(p[2], lang, 1)} km, {format_number(p[3], lang, digits)} {label}"
        for p in test.points
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
    )


def distance_sentence(test: DistanceTest, lang: str) -> list[str]:
    """Two plain sentences: the test result and what it means."""
    what = t(lang, f"dist.what.{test.measure}")
    if test.n < 5 or not math.isfinite(test.rho):
        return [t(lang, "dist.too_few", n=test.n)]
    first = t(
        lang,
        "dist.test",
        what=what,
        rho=format_number(test.rho, lang, 2),
        n=test.n,
        p=fmt_p(test.p_value, lang),
    )
    note = [t(lang, "dist.gap_note")] if test.measure == "gap" else []
    if test.p_value < 0.05:
        direction = t(lang, "dist.up") if test.rho > 0 else t(lang, "dist.down")
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
    "distance_chart",
    "distance_heading",
    "distance_sentence",
    "gap_chart",
    "ooh_chart",
    "population_chart",
    "region_map",
]
