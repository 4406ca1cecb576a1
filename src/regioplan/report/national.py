"""The section "Waar staat de regio?" (issue #22): the region among all regions of its level,
per profession, as a map of the country, a chart sorted by rank, a table and plain sentences; and
the distance pattern across the country. Shared by the report and the dashboard.

The numbers are the national engine's (:class:`regioplan.national.NationalComparison`,
:class:`regioplan.national.DistancePattern`) as the regiobeeld holds them; nothing is computed here
but medians over the regions for "the national picture" and the drawing.
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
from functools import cache
from typing import Any

from regioplan.data import geometry, municipalities
from regioplan.national import (
    Band3,
    DistancePattern,
    NationalComparison,
    RegionStanding,
    pattern_sentence,
)
from regioplan.output import format_number
from regioplan.regiobeeld.build import BASE_YEAR
from regioplan.regiobeeld.model import Regiobeeld
from regioplan.report import charts, svg
from regioplan.report.i18n import fmt_p, fmt_percent, t

LEVEL_COLUMNS: dict[str, str] = {
    "zorgkantoor": "zorgkantoor_code",
    "ggd": "ggd_code",
    "provincie": "province_code",
}
"""The column of :func:`regioplan.data.municipalities` that places a municipality in a region of
each comparison level."""
GAP_BREAKS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3)
"""Class breaks of the relative gap on the map (shares of demand): a surplus, 0-10 %, 10-20 %,
20-30 % and 30 % or more; fixed, so that the three professions' maps read with one legend."""


@cache
def _features() -> tuple[dict[str, Any], ...]:
    return tuple(geometry("gemeente")["features"])


@cache
def _group_of(level: str) -> dict[str, str]:
    column = LEVEL_COLUMNS[level]
    return {str(c): str(g) for c, g in municipalities()[column].items()}


def gap_class(share: float) -> int:
    """The map class (0-4, 4 the largest shortage) of a relative gap."""
    return sum(share >= b for b in GAP_BREAKS)


def _pct(share: float, lang: str) -> str:
    return fmt_percent(share, lang, 1)


def _band_pct(band: Band3, lang: str) -> str:
    return f"{fmt_percent(band.p10, lang, 1)} – {fmt_percent(band.p90, lang, 1)}"


def _rank(value: float, lang: str) -> str:
    return format_number(value, lang, 0)


def rank_band(row: RegionStanding, lang: str) -> str:
    """'3–9': the 80 % band of the region's rank over the draws."""
    return f"{_rank(row.rank.p10, lang)}–{_rank(row.rank.p90, lang)}"


def levels_name(level: str, lang: str) -> str:
    """The regions of `level` in the plural ('zorgkantoorregio's')."""
    return t(lang, f"nat.levels.{level}")


def _tip(cmp: NationalComparison, row: RegionStanding, lang: str) -> str:
    return t(
        lang,
        "nat.tip",
        name=row.name,
        year=cmp.horizon,
        gap=_pct(row.gap_horizon.p50, lang),
        band=_band_pct(row.gap_horizon, lang),
        rank=_rank(row.rank.p50, lang),
        n=len(cmp.rows),
        rank_band=rank_band(row, lang),
    )


def national_map(rb: Regiobeeld, profession: str, lang: str) -> str:
    """The country by region of the comparison's level, each coloured by its relative gap at the
    horizon (P50), the own region(s) outlined thick."""
    cmp = rb.national[profession]
    groups = {
        row.code: svg.Area(row.code, row.name, gap_class(row.gap_horizon.p50), _tip(cmp, row, lang))
        for row in cmp.rows
    }
    title = t(
        lang,
        "nat.map.title",
        profession=t(lang, "prof.short." + profession),
        year=cmp.horizon,
        levels=levels_name(cmp.level, lang),
    )
    return svg.grouped_map(
        _features(),
        _group_of(cmp.level),
        groups,
        prefix=f"nm-{profession}",
        title=title,
        outline=rb.national_own,
    )


def legend(lang: str) -> str:
    """The map classes of the relative gap (one legend for the three professions' maps)."""
    b = [fmt_percent(v, lang, 0) for v in GAP_BREAKS]
    labels = [
        t(lang, "nat.legend.surplus", value=b[0]),
        *(f"{lo} – {hi}" for lo, hi in itertools.pairwise(b)),
        f"≥ {b[-1]}",
    ]
    return svg.legend(
        labels,
        "nm-l",
        title=t(lang, "nat.legend.title"),
        subtitle=t(lang, "nat.legend.subtitle"),
    )


def rank_chart(rb: Regiobeeld, profession: str, lang: str) -> str:
    """One row per region, sorted by median rank: the relative gap at the horizon (P50 dot,
    P10-P90 line), the rank and its band at the right; the own region(s) highlighted."""
    cmp = rb.national[profession]
    rows = sorted(cmp.rows, key=lambda r: (r.rank.p50, r.code))
    own = set(rb.national_own)
    return charts.rank_chart(
        [r.name for r in rows],
        [r.gap_horizon.p50 * 100 for r in rows],
        [r.gap_horizon.p10 * 100 for r in rows],
        [r.gap_horizon.p90 * 100 for r in rows],
        [_tip(cmp, r, lang) for r in rows],
        right=[f"{_rank(r.rank.p50, lang)} ({rank_band(r, lang)})" for r in rows],
        highlight=[i for i, r in enumerate(rows) if r.code in own],
        codes=[r.code for r in rows],
        title=t(
            lang,
            "nat.chart.title",
            profession=t(lang, "prof.short." + profession),
            year=cmp.horizon,
        ),
        xlabel=t(lang, "nat.chart.x", year=cmp.horizon),
        right_title=t(lang, "nat.chart.rank"),
        fmt=lambda v: format_number(v, lang, 0),
    )


def _median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def national_median(cmp: NationalComparison, attribute: str, band: bool = True) -> float:
    """The median over the regions of a row attribute (its P50 where it is a band)."""
    values = [getattr(r, attribute) for r in cmp.rows]
    return _median([v.p50 if band else v for v in values])


def rank_sentence(rb: Regiobeeld, profession: str, code: str, lang: str) -> str:
    """'Huisarts: Waardenland staat op plaats 5 van 31 zorgkantoorregio's (80%-band 3–9)'."""
    cmp = rb.national[profession]
    row = cmp.standing(code)
    assert row is not None
    return t(
        lang,
        "nat.rank",
        profession=t(lang, "prof." + profession),
        name=row.name,
        rank=_rank(row.rank.p50, lang),
        n=len(cmp.rows),
        levels=levels_name(cmp.level, lang),
        band=rank_band(row, lang),
    )


def extremes_sentence(rb: Regiobeeld, profession: str, lang: str) -> str:
    """For the country: the regions with the largest and the smallest relative gap."""
    cmp = rb.national[profession]
    rows = sorted(cmp.rows, key=lambda r: (r.rank.p50, r.code))
    top, bottom = rows[0], rows[-1]
    return t(
        lang,
        "nat.extremes",
        profession=t(lang, "prof." + profession),
        year=cmp.horizon,
        top=top.name,
        top_gap=_pct(top.gap_horizon.p50, lang),
        top_rank=_rank(top.rank.p50, lang),
        top_band=rank_band(top, lang),
        bottom=bottom.name,
        bottom_gap=_pct(bottom.gap_horizon.p50, lang),
        median=_pct(national_median(cmp, "gap_horizon"), lang),
        n=len(cmp.rows),
        levels=levels_name(cmp.level, lang),
    )


def table_rows(rb: Regiobeeld, code: str, lang: str) -> list[dict[str, Any]]:
    """The table of the own region `code` against the median region, one row per indicator
    and per profession the region's value and the median over the regions:
    ``{"key", "label", "cells": {profession: (own, median)}}``."""
    out: list[dict[str, Any]] = []

    def add(key: str, label: str, cell: Any) -> None:
        cells = {}
        for p, cmp in rb.national.items():
            row = cmp.standing(code)
            assert row is not None
            cells[p] = cell(cmp, row)
        out.append({"key": key, "label": label, "cells": cells})

    def median(c: NationalComparison, attribute: str, band: bool = True) -> float:
        return national_median(c, attribute, band)

    horizon = next(iter(rb.national.values())).horizon
    add(
        "gap_now",
        t(lang, "nat.row.gap_now"),
        lambda c, r: (
            f"{_pct(r.gap_now.p50, lang)} ({c.first_year})",
            _pct(median(c, "gap_now"), lang),
        ),
    )
    add(
        "gap_horizon",
        t(lang, "nat.row.gap_horizon", year=horizon),
        lambda c, r: (_pct(r.gap_horizon.p50, lang), _pct(median(c, "gap_horizon"), lang)),
    )
    add(
        "access",
        t(lang, "nat.row.access", year=BASE_YEAR),
        lambda c, r: (
            fmt_percent(r.access_vs_national, lang, 0),
            fmt_percent(median(c, "access_vs_national", band=False), lang, 0),
        ),
    )
    add(
        "ageing",
        t(lang, "nat.row.ageing", year=horizon),
        lambda c, r: (
            fmt_percent(r.ageing_75, lang, 0, signed=True),
            fmt_percent(median(c, "ageing_75", band=False), lang, 0, signed=True),
        ),
    )
    add(
        "distance",
        t(lang, "nat.row.distance"),
        lambda c, r: (
            f"{format_number(r.distance_km, lang, 0)} km",
            f"{format_number(median(c, 'distance_km', band=False), lang, 0)} km",
        ),
    )
    return out


def pattern_intro(pattern: DistancePattern, lang: str) -> str:
    """What the pattern tests: over which units, which year, how the p-value is made."""
    return t(
        lang,
        "nat.pattern.test",
        year=pattern.year,
        n=pattern.n,
        levels=levels_name(pattern.level, lang),
        permutations=format_number(pattern.permutations, lang),
    )


def pattern_values(patterns: list[DistancePattern], lang: str) -> str:
    """rho and p per profession: 'Huisarts: rho = 0,95, p < 0,001; SO: ...'."""
    values = [
        t(
            lang,
            "nat.pattern.result",
            profession=t(lang, "prof.short." + p.profession),
            rho=format_number(p.rho, lang, 2),
            p=fmt_p(p.p_value, lang),
        )
        for p in patterns
    ]
    return "; ".join(values) + "."


def basis_sentence(pattern: DistancePattern, lang: str) -> str:
    """What `pattern` rests on: the model's settling assumption (no own data), measured with own
    data, or both, naming the regions that contributed own data."""
    if pattern.basis == "model":
        return t(lang, "nat.basis.model")
    return t(
        lang,
        f"nat.basis.{pattern.basis}",
        regions=", ".join(pattern.own_data_regions),
        units=pattern.own_data_units,
        n=pattern.n,
    )


def basis_sentences(patterns: list[DistancePattern], lang: str) -> list[str]:
    """What the patterns rest on: one sentence when they rest on the same, else one per
    profession."""
    said = [basis_sentence(p, lang) for p in patterns]
    if len(set(said)) <= 1:
        return said[:1]
    return [f"{t(lang, 'prof.' + p.profession)}: {s}" for p, s in zip(patterns, said, strict=True)]


METHOD_KEYS: tuple[str, ...] = (
    "draws",
    "gap",
    "rank",
    "access",
    "ageing",
    "distance",
    "own_data",
)
"""The parts of a comparison's provenance shown under the report's methods (with the distance
pattern's test)."""


def methods(rb: Regiobeeld) -> list[tuple[str, str]]:
    """(profession, or '' for all, the engines' English method text) of the section, for the
    report's methods list (rendered in its language by
    :func:`regioplan.report.methods.engine_text`). A part that reads the same for every
    profession is said once."""
    texts: dict[str, list[tuple[str, str]]] = {}
    for p, cmp in rb.national.items():
        parts = [(k, cmp.provenance[k]) for k in METHOD_KEYS if k in cmp.provenance]
        pattern = rb.patterns.get(p)
        if pattern is not None and "test" in pattern.provenance:
            parts.append(("test", pattern.provenance["test"]))
        texts[p] = parts
    if not texts:
        return []
    first = next(iter(texts.values()))
    shared = [(k, v) for k, v in first if all((k, v) in parts for parts in texts.values())]
    out = [("", "; ".join(v for _, v in shared))] if shared else []
    for p, parts in texts.items():
        own = [v for kv in parts if kv not in shared for v in kv[1:]]
        if own:
            out.append((p, "; ".join(own)))
    return out


def section(rb: Regiobeeld, lang: str, professions: tuple[str, ...]) -> dict[str, Any]:
    """Everything the template shows, for the `professions` the regiobeeld compares:
    ``intro`` (sentences), ``figures`` (per profession: map, chart, caption), ``legend``,
    ``sentences`` (the rank or, for the country, the extremes per profession), ``tables`` (per
    own region: its name and :func:`table_rows`), ``patterns`` (per profession: sentences)."""
    profs = [p for p in professions if p in rb.national]
    if not profs:
        return {}
    first = rb.national[profs[0]]
    levels = levels_name(first.level, lang)
    intro = [
        t(
            lang,
            "nat.intro",
            n=len(first.rows),
            levels=levels,
            year=first.horizon,
            draws=format_number(first.draws, lang),
        )
    ]
    names = {r.code: r.name for r in first.rows}
    own = [c for c in rb.national_own if c in names]
    if rb.level == "land" or not own:
        intro.append(t(lang, "nat.intro.country", levels=levels))
    elif rb.level == first.level:
        intro.append(t(lang, "nat.intro.own", region=rb.name))
    else:
        intro.append(
            t(
                lang,
                "nat.intro.contained",
                region=rb.name,
                level=t(lang, "level." + first.level),
                regions=", ".join(f"{names[c]} ({c})" for c in own),
            )
        )
    sentences = [rank_sentence(rb, p, code, lang) for code in own for p in profs] or [
        extremes_sentence(rb, p, lang) for p in profs
    ]
    tables = [
        {
            "code": code,
            "name": names[code],
            "professions": profs,
            "rows": table_rows(_only(rb, profs), code, lang),
        }
        for code in own
    ]
    return {
        "intro": intro,
        "levels": levels,
        "figures": [
            {
                "profession": p,
                "map": national_map(rb, p, lang),
                "chart": rank_chart(rb, p, lang),
            }
            for p in profs
        ],
        "legend": legend(lang),
        "sentences": sentences,
        "tables": tables,
        "patterns": _patterns([rb.patterns[p] for p in profs if p in rb.patterns], lang),
        "year": first.horizon,
    }


def _patterns(patterns: list[DistancePattern], lang: str) -> dict[str, Any]:
    if not patterns:
        return {}
    return {
        "intro": pattern_intro(patterns[0], lang),
        "words": pattern_sentence(patterns, lang),
        "values": pattern_values(patterns, lang),
        "basis": basis_sentences(patterns, lang),
    }


def _only(rb: Regiobeeld, professions: list[str]) -> Regiobeeld:
    """`rb` with only the comparisons of `professions` (the dashboard shows one)."""
    return dataclasses.replace(rb, national={p: rb.national[p] for p in professions})


__all__ = [
    "GAP_BREAKS",
    "LEVEL_COLUMNS",
    "METHOD_KEYS",
    "basis_sentence",
    "basis_sentences",
    "extremes_sentence",
    "gap_class",
    "legend",
    "levels_name",
    "methods",
    "national_map",
    "national_median",
    "pattern_intro",
    "pattern_values",
    "rank_band",
    "rank_chart",
    "rank_sentence",
    "section",
    "table_rows",
]
