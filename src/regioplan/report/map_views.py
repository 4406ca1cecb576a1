"""The maps of the regiobeeld as inline SVG, in one language: the region map and the
accessibility maps (municipality, PC4 dots or hexagons, projected year).

Split from :mod:`regioplan.report.views`, which re-exports the public names, so templates keep
calling them as ``v.access_map`` and so on.
"""

from __future__ import annotations

import itertools
import math
from functools import cache
from typing import Any

from regioplan.access.regional import Level
from regioplan.data import geometry
from regioplan.output import format_number
from regioplan.regiobeeld.model import Access, AccessYear, Centre, Regiobeeld
from regioplan.regiobeeld.sections import SHORT_FRACTION
from regioplan.report import svg
from regioplan.report.i18n import t, unit

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


__all__ = [
    "HEX_MIN_AREAS",
    "HEX_RADIUS",
    "NAMES_LARGE",
    "NAMES_NUMBERED_MAX",
    "access_map",
    "access_year_map",
    "hexagons",
    "pc4_caption",
    "region_map",
    "value_digits",
]
