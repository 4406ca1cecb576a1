"""The map of registered initiatives: the zorgkantoor regions in grey, one mark per initiative
at the mean position of the municipalities where it runs, its colour the initiative's type and
its shape the stage. Drawn with the report's SVG helpers (:mod:`regioplan.report.svgbase`), as
one inline SVG with no external loads; each mark links to the initiative's page and carries a
tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from regioplan.data import geometry, municipalities
from regioplan.initiatives.registry import InitiativeRecord, Stage
from regioplan.report.svgbase import (
    INK,
    Projection,
    esc,
    feature_bbox,
    fmt_coord,
    path_d,
    svg_open,
    tag,
    tipped,
)

WIDTH = 520.0
TYPE_COLOURS: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#843c39",
)  # fmt: skip
"""Colours of the initiative types (Tableau 10 and three darker ones), in catalogue order."""
STAGE_SHAPES: dict[Stage, str] = {
    Stage.IDEA: "ring",
    Stage.PREPARATION: "triangle",
    Stage.PILOT: "square",
    Stage.RUNNING: "circle",
    Stage.SCALED_UP: "diamond",
    Stage.STOPPED: "cross",
}
"""The shape of a mark per stage."""


@cache
def _base() -> tuple[Projection, str]:
    """The projection of the country and the grey zorgkantoor regions as one path."""
    features = geometry("zorgkantoor")["features"]
    proj = Projection.fit(feature_bbox(features), WIDTH)
    d = "".join(path_d(f["geometry"], proj) for f in features)
    return proj, tag("path", d=d, fill="#e4e4e4", stroke="#fff", stroke_width=0.8)


@cache
def _points() -> dict[str, tuple[float, float]]:
    frame = municipalities()
    return {
        str(c): (float(lon), float(lat))
        for c, lon, lat in zip(frame.index, frame["lon"], frame["lat"], strict=True)
    }


def position(record: InitiativeRecord) -> tuple[float, float] | None:
    """(lon, lat): the mean of the initiative's municipalities' points; None without any."""
    pts = [_points()[m] for m in record.municipalities if m in _points()]
    if not pts:
        return None
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


def shape(kind: str, x: float, y: float, r: float, colour: str, tip: str) -> str:
    """One mark: a filled shape (an open ring for an idea, a cross for a stopped one)."""
    attrs: dict[str, object] = {"fill": colour, "stroke": INK, "stroke_width": 0.8}
    if kind == "square":
        return tipped("rect", tip, x=x - r, y=y - r, width=2 * r, height=2 * r, **attrs)
    if kind in ("triangle", "diamond"):
        corners = (
            ((x, y - r * 1.25), (x - r * 1.1, y + r * 0.8), (x + r * 1.1, y + r * 0.8))
            if kind == "triangle"
            else ((x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y))
        )
        points = " ".join(f"{fmt_coord(a)},{fmt_coord(b)}" for a, b in corners)
        return tipped("polygon", tip, points=points, **attrs)
    if kind == "cross":
        d = f"M{fmt_coord(x - r)} {fmt_coord(y - r)}L{fmt_coord(x + r)} {fmt_coord(y + r)}M"
        d += f"{fmt_coord(x - r)} {fmt_coord(y + r)}L{fmt_coord(x + r)} {fmt_coord(y - r)}"
        return tipped("path", tip, d=d, stroke=colour, stroke_width=2.5, fill="none")
    if kind == "ring":
        return tipped("circle", tip, cx=x, cy=y, r=r, fill="#fff", stroke=colour, stroke_width=2.5)
    return tipped("circle", tip, cx=x, cy=y, r=r, **attrs)


def initiative_map(
    records: Sequence[InitiativeRecord],
    *,
    types: Sequence[str],
    href: Callable[[InitiativeRecord], str],
    tip: Callable[[InitiativeRecord], str],
    type_label: Callable[[str], str],
    stage_label: Callable[[Stage], str],
    title: str,
) -> str:
    """The SVG map of `records` with its legend (the types shown, and every stage)."""
    proj, base = _base()
    marks: list[str] = []
    placed = sorted(
        ((position(r), r) for r in records if position(r) is not None),
        key=lambda item: (-item[0][1], item[1].id) if item[0] else (0.0, ""),
    )
    shown_types: list[str] = []
    for pos, record in placed:
        assert pos is not None
        x, y = proj.xy(*pos)
        index = types.index(record.type) if record.type in types else len(types) - 1
        colour = TYPE_COLOURS[index % len(TYPE_COLOURS)]
        if record.type not in shown_types:
            shown_types.append(record.type)
        mark = shape(STAGE_SHAPES[record.stage], x, y, 6.0, colour, tip(record))
        marks.append(
            f'<a href="{esc(href(record))}" class="mark" data-id="{esc(record.id)}" '
            f'data-type="{esc(record.type)}" data-stage="{record.stage.value}">{mark}</a>'
        )
    legend: list[str] = []
    top = proj.height + 14
    legend_types = [t for t in types if t in shown_types]
    for i, name in enumerate(legend_types):
        colour = TYPE_COLOURS[types.index(name) % len(TYPE_COLOURS)]
        y = top + i * 16
        legend.append(tag("rect", x=8.0, y=y - 6, width=12.0, height=12.0, fill=colour))
        legend.append(tag("text", esc(type_label(name)), x=26.0, y=y + 4, font_size=11))
    stage_top = top + max(len(legend_types), 1) * 16 + 8
    for i, stage in enumerate(Stage):
        x = 14.0 + (i % 3) * 170
        y = stage_top + (i // 3) * 18
        legend.append(shape(STAGE_SHAPES[stage], x, y, 5.0, "#777", stage_label(stage)))
        legend.append(tag("text", esc(stage_label(stage)), x=x + 12, y=y + 4, font_size=11))
    height = stage_top + 2 * 18 + 6
    return (
        svg_open("initiative-map", WIDTH, height, title)
        + f"<title>{esc(title)}</title>"
        + base
        + "".join(marks)
        + "".join(legend)
        + "</svg>"
    )


__all__ = ["STAGE_SHAPES", "TYPE_COLOURS", "initiative_map", "position", "shape"]
