"""The figures of the regiobeeld as inline SVG, in one language: shared by report and dashboard.

The maps live in :mod:`regioplan.report.map_views`; their public names are re-exported here, so the
templates reach every figure as ``v.<name>``.
"""

from __future__ import annotations

import math

from regioplan.data import AGE_GROUPS, AGE_LOWER
from regioplan.ooh import OOH_TYPES
from regioplan.output import format_number
from regioplan.regiobeeld.model import (
    DistanceTest,
    Regiobeeld,
    Workforce,
)
from regioplan.report import charts
from regioplan.report.i18n import fmt_p, fmt_percent, t, unit
from regioplan.report.map_views import (
    HEX_MIN_AREAS,
    NAMES_NUMBERED_MAX,
    access_map,
    access_year_map,
    hexagons,
    pc4_caption,
    region_map,
    value_digits,
)

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
    "HEX_MIN_AREAS",
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
    "value_digits",
    "where",
]
