"""Point marks on a region map: training centres (a shape per profession) and PC4 dots, with
their labels kept on the map; a point outside the map's frame is drawn at the frame's edge in its
direction, in a free slot, with an arrow in its label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from regioplan.report.svgbase import INK, PALETTE, Projection, esc, fmt_coord, tag, tipped

LABEL_EM = 0.62
"""Mean glyph width of the map font as a fraction of its size (to keep labels on the map)."""


def _marker(shape: str, x: float, y: float, r: float, tip: str, **attrs: object) -> str:
    if shape == "square":
        return tipped("rect", tip, x=x - r, y=y - r, width=2 * r, height=2 * r, **attrs)
    if shape == "triangle":
        pts = " ".join(
            f"{fmt_coord(a)},{fmt_coord(b)}"
            for a, b in ((x, y - r * 1.2), (x - r * 1.1, y + r * 0.8), (x + r * 1.1, y + r * 0.8))
        )
        return tipped("polygon", tip, points=pts, **attrs)
    return tipped("circle", tip, cx=x, cy=y, r=r, **attrs)


@dataclass(frozen=True)
class Point:
    """A point mark on a map: training centre (shape per profession) or a PC4 dot (class)."""

    lon: float
    lat: float
    tip: str
    shape: str = "circle"
    radius: float = 5.0
    klass: int | None = None
    label: str = ""
    label_left_lon: float | None = None
    """Where a label placed left of the marker ends (the first marker of a group); default the
    marker itself."""
    far_label: str = ""
    """Label when the point lies outside the map's frame: it is then drawn at the frame's edge in
    its direction, and the label gets an arrow (e.g. "↗ SO Amsterdam, 62 km")."""


ARROWS = "→↗↑↖←↙↓↘"
"""Direction glyphs by compass sector, counter-clockwise from east (screen y points down)."""
EDGE_INSET = 16.0
"""Distance of an edge marker from the map's border (px)."""
EPS = 1e-6
"""Markers this close to `gap` apart (px) count as apart."""


def _edge(x: float, y: float, proj: Projection) -> tuple[float, float, str, str] | None:
    """Where a point outside the frame is drawn: on the border (inset) on the line from the
    map's centre towards it, with its direction glyph and the side it sits on; None inside."""
    m = EDGE_INSET / 2
    if m <= x <= proj.width - m and m <= y <= proj.height - m:
        return None
    cx, cy = proj.width / 2, proj.height / 2
    dx, dy = x - cx, y - cy
    sx = (cx - EDGE_INSET) / abs(dx) if dx else math.inf
    sy = (cy - EDGE_INSET) / abs(dy) if dy else math.inf
    k = min(sx, sy)
    side = ("right" if dx > 0 else "left") if sx <= sy else ("bottom" if dy > 0 else "top")
    sector = round(math.degrees(math.atan2(-dy, dx)) / 45) % 8
    return cx + dx * k, cy + dy * k, ARROWS[sector], side


def _far_label(x: float, y: float, r: float, side: str, text: str) -> str:
    """A label written inwards from an edge marker."""
    if side in ("left", "right"):
        lx, ly, anchor = (
            (x + r + 4, y + 4, "start") if side == "left" else (x - r - 4, y + 4, "end")
        )
    else:
        lx, ly, anchor = x, (y + r + 15 if side == "top" else y - r - 6), "middle"
    return tag(
        "text",
        esc(text),
        x=lx,
        y=ly,
        font_size=13,
        text_anchor=anchor,
        fill=INK,
        stroke="#fff",
        stroke_width=3,
        paint_order="stroke",
        class_="far",
    )


def _free_edge_slot(
    x: float,
    y: float,
    side: str,
    gap: float,
    placed: Sequence[tuple[float, float]],
    proj: Projection,
) -> tuple[float, float]:
    """The nearest place along the border, in steps of `gap` from (x, y), where a marker does not
    touch one already placed; inside the inset border where such a place exists.

    With n markers placed, at most 2n of the 2n + 1 nearest steps are taken, so the search ends.
    """
    along_y = side in ("left", "right")
    limit = proj.height if along_y else proj.width
    steps = [0] + [s * k for k in range(1, len(placed) + 1) for s in (1, -1)]
    candidates = [(x, y + k * gap) if along_y else (x + k * gap, y) for k in steps]

    def free(c: tuple[float, float]) -> bool:  # (a step of exactly `gap` may round below it)
        return all(abs(px - c[0]) >= gap - EPS or abs(py - c[1]) >= gap - EPS for px, py in placed)

    def inside(c: tuple[float, float]) -> bool:
        pos = c[1] if along_y else c[0]
        return EDGE_INSET <= pos <= limit - EDGE_INSET

    open_slots = [c for c in candidates if free(c)]
    return next((c for c in open_slots if inside(c)), open_slots[0])


def _points(points: Sequence[Point], proj: Projection) -> list[str]:
    """The markers with their labels: right of the marker, or left where it would run off.

    A point outside the frame is drawn at the frame's edge in its direction (markers on one side
    kept apart), labelled with its `far_label` and a direction arrow.
    """
    out = []
    edge_placed: list[tuple[float, float]] = []
    for pt in points:
        x, y = proj.xy(pt.lon, pt.lat)
        # a group of markers (one site) is far or near as a whole: judged at its first marker
        far = _edge(
            *proj.xy(pt.lon if pt.label_left_lon is None else pt.label_left_lon, pt.lat), proj
        )
        if far is not None:
            x, y, arrow, side = far
            x, y = _free_edge_slot(x, y, side, 2 * pt.radius + 8, edge_placed, proj)
            edge_placed.append((x, y))
            out.append(
                _marker(
                    pt.shape,
                    x,
                    y,
                    pt.radius,
                    pt.tip,
                    class_="point far",
                    fill="#fff",
                    stroke=INK,
                    stroke_width=1.6,
                    stroke_dasharray="3 2",
                )
            )
            if pt.far_label:
                out.append(_far_label(x, y, pt.radius, side, f"{arrow} {pt.far_label}"))
            continue
        fill = "#fff" if pt.klass is None else PALETTE[pt.klass]
        width = 1.6 if pt.klass is None else 0.5
        out.append(
            _marker(
                pt.shape,
                x,
                y,
                pt.radius,
                pt.tip,
                class_="point",
                fill=fill,
                stroke=INK,
                stroke_width=width,
            )
        )
        if pt.label:
            left = x + pt.radius + 3 + LABEL_EM * 13 * len(pt.label) > proj.width
            x_left = x if pt.label_left_lon is None else proj.xy(pt.label_left_lon, pt.lat)[0]
            out.append(
                tag(
                    "text",
                    esc(pt.label),
                    x=x_left - pt.radius - 3 if left else x + pt.radius + 3,
                    y=y + 4,
                    font_size=13,
                    text_anchor="end" if left else "start",
                    fill=INK,
                    stroke="#fff",
                    stroke_width=3,
                    paint_order="stroke",
                )
            )
    return out


__all__ = ["EDGE_INSET", "EPS", "LABEL_EM", "Point"]
