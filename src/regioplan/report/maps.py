"""Maps of a region's areas: the frame and its projection, the grey context of the other areas,
area names kept clear of each other and of the point marks (:mod:`~regioplan.report.mapmarks`)
with a numbered name list for the rest, and the choropleth and hexagon-bin maps built from them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from regioplan.report.mapmarks import LABEL_EM, Point, _edge, _points
from regioplan.report.svgbase import (
    INK,
    Area,
    Projection,
    class_fill,
    esc,
    feature_bbox,
    fmt_coord,
    path_d,
    patterns,
    svg_open,
    tag,
    tipped,
)

MARGIN = 0.08
"""A map's frame: the region's box plus this fraction of its size on each side (plus a little)."""
NAME_LIST_COLUMN = 212.0
"""Width of a column of the numbered name list under a map (px)."""


def map_frame(
    own: Sequence[dict[str, Any]], extra_bbox: Sequence[tuple[float, float]], width: float = 640.0
) -> tuple[tuple[float, float, float, float], Projection]:
    """The map's box (the own areas and `extra_bbox`, with a margin) and its projection."""
    lon_min, lat_min, lon_max, lat_max = feature_bbox(own)
    for lon, lat in extra_bbox:
        lon_min, lon_max = min(lon_min, lon), max(lon_max, lon)
        lat_min, lat_max = min(lat_min, lat), max(lat_max, lat)
    dx, dy = (lon_max - lon_min) * MARGIN + 0.03, (lat_max - lat_min) * MARGIN + 0.02
    bbox = (lon_min - dx, lat_min - dy, lon_max + dx, lat_max + dy)
    return bbox, Projection.fit(bbox, width)


def _context(
    features: Sequence[dict[str, Any]],
    areas: dict[str, Area],
    bbox: tuple[float, float, float, float],
    proj: Projection,
) -> list[str]:
    """The other areas within the box, as one grey path (none when there are none)."""
    context = []
    for feat in features:
        if feat["properties"]["code"] in areas:
            continue
        fb = feature_bbox([feat])
        if fb[2] < bbox[0] or fb[0] > bbox[2] or fb[3] < bbox[1] or fb[1] > bbox[3]:
            continue
        context.append(path_d(feat["geometry"], proj))
    if not context:
        return []
    return [
        tag(
            "path",
            class_="context",
            d="".join(context),
            fill="#e4e4e4",
            stroke="#fff",
            stroke_width=0.6,
        )
    ]


def _overlaps(box: tuple[float, float, float, float], placed: list[Any]) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed)


def _name_text(x: float, y: float, text: str, cls: str, size: int = 12) -> str:
    return tag(
        "text",
        esc(text),
        x=x,
        y=y + 4,
        font_size=size,
        text_anchor="middle",
        fill=INK,
        stroke="#fff",
        stroke_width=3,
        paint_order="stroke",
        class_=cls,
    )


def _point_boxes(points: Sequence[Point], proj: Projection) -> list[tuple[float, ...]]:
    """Boxes of the markers inside the frame and of their labels (kept free of names)."""
    boxes: list[tuple[float, ...]] = []
    for pt in points:
        x, y = proj.xy(pt.lon, pt.lat)
        if pt.klass is not None or _edge(x, y, proj) is not None:
            continue
        r = pt.radius + 1
        boxes.append((x - r, y - r, x + r, y + r))
        if pt.label:
            w = LABEL_EM * 13 * len(pt.label)
            x0 = proj.xy(pt.label_left_lon, pt.lat)[0] if pt.label_left_lon is not None else x
            boxes.append((min(x0 - w - r, x), y - 10, max(x + r + w, x), y + 6))
    return boxes


def _names(
    names: Sequence[tuple[float, float, str]],
    proj: Projection,
    *,
    numbered: bool,
    avoid: Sequence[tuple[float, ...]] = (),
) -> tuple[list[str], list[str]]:
    """Names centred at their place, in order of importance, where they overlap no name already
    written and stay on the map. The others are left out, or with `numbered` written as a number
    (1, 2, ...) that the returned list names, so every area can be told by name in print."""
    out: list[str] = []
    placed: list[Any] = list(avoid)
    rest: list[tuple[float, float, str]] = []
    for lon, lat, text in names:
        x, y = proj.xy(lon, lat)
        half = LABEL_EM * 12 * len(text) / 2 + 2
        box = (x - half, y - 9, x + half, y + 7)
        if box[0] < 0 or box[2] > proj.width or _overlaps(box, placed):
            rest.append((x, y, text))
            continue
        placed.append(box)
        out.append(_name_text(x, y, text, "name"))
    listed: list[str] = []
    if numbered:
        for x, y, text in rest:
            number = str(len(listed) + 1)
            half = LABEL_EM * 11 * len(number) / 2 + 2
            for dx, dy in ((0, 0), (0, 13), (0, -13), (16, 0), (-16, 0), (12, 12), (-12, -12)):
                box = (x + dx - half, y + dy - 8, x + dx + half, y + dy + 6)
                if not _overlaps(box, placed):
                    break
            placed.append(box)
            out.append(_name_text(box[0] + half, box[1] + 8, number, "name number", 11))
            listed.append(f"{number} {text}")
    return out, listed


def _name_list(listed: Sequence[str], top: float, width: float) -> list[str]:
    """The numbered names under a map, in columns, on white (the context areas reach below the
    frame)."""
    if not listed:
        return []
    cols = max(1, int(width // NAME_LIST_COLUMN))
    rows = math.ceil(len(listed) / cols)
    return [tag("rect", x=0, y=top, width=width, height=16 * rows + 12, fill="#fff")] + [
        tag(
            "text",
            esc(item),
            x=8 + NAME_LIST_COLUMN * (i // rows),
            y=top + 16 * (i % rows) + 14,
            font_size=12,
            fill=INK,
            class_="name-list",
        )
        for i, item in enumerate(listed)
    ]


def choropleth(
    features: Sequence[dict[str, Any]],
    areas: dict[str, Area],
    *,
    prefix: str,
    title: str,
    points: Sequence[Point] = (),
    width: float = 640.0,
    extra_bbox: Sequence[tuple[float, float]] = (),
    names: Sequence[tuple[float, float, str]] = (),
    numbered: bool = False,
    cells: Callable[[Projection], Sequence[Cell]] | None = None,
) -> str:
    """A map: areas in `areas` filled by class, others grey context, then the hexagonal
    `cells` (made for the map's projection) and `points` on top, and `names` (lon, lat, text;
    most important first) written centred at their place where they do not overlap a name
    already written (so a printed map needs no
    hover); with `numbered` the names that do not fit are numbered and listed under the map.

    The frame is the own areas' box (and `extra_bbox`) plus a margin; points outside it are
    drawn at its edge in their direction (see :class:`Point`)."""
    own = [f for f in features if f["properties"]["code"] in areas]
    bbox, proj = map_frame(own, extra_bbox, width)
    name_marks, listed = _names(names, proj, numbered=numbered, avoid=_point_boxes(points, proj))
    cols = max(1, int(proj.width // NAME_LIST_COLUMN))
    extra = 16 * math.ceil(len(listed) / cols) + 12 if listed else 0
    out = [svg_open("map", proj.width, proj.height + extra, title), patterns(prefix)]
    out += _context(features, areas, bbox, proj)
    for feat in own:
        area = areas[feat["properties"]["code"]]
        fill = "#fff" if area.klass is None else class_fill(area.klass, prefix)
        out.append(
            tipped(
                "path",
                area.tip,
                class_="area",
                data_code=area.code,
                d=path_d(feat["geometry"], proj),
                fill=fill,
                stroke=INK,
                stroke_width=0.7,
            )
        )
    out += [_hexagon(c, prefix) for c in (cells(proj) if cells is not None else ())]
    out += name_marks
    out += _points(points, proj)
    out += _name_list(listed, proj.height, proj.width)
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Cell:
    """A hexagonal cell of a binned dot map: centre (px), class and tooltip."""

    x: float
    y: float
    radius: float
    klass: int | None
    tip: str


def hex_bins(
    points: Sequence[tuple[float, float, float, float]], proj: Projection, radius: float
) -> list[tuple[float, float, float, float, int]]:
    """Points (lon, lat, value, weight) binned into pointy-top hexagons of `radius` px on the
    map of `proj`: (x, y, weighted mean value, total weight, count) per non-empty cell, the
    mean weighted by `weight` (population), in a fixed order."""
    sums: dict[tuple[int, int], list[float]] = {}
    w = math.sqrt(3) * radius
    for lon, lat, value, weight in points:
        if not math.isfinite(value):
            continue
        x, y = proj.xy(lon, lat)
        q = (x * math.sqrt(3) / 3 - y / 3) / radius
        r = (2 / 3 * y) / radius
        rq, rr = round(q), round(r)
        rs = round(-q - r)
        dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - (-q - r))
        if dq > dr and dq > ds:
            rq = -rr - rs
        elif dr > ds:
            rr = -rq - rs
        acc = sums.setdefault((rq, rr), [0.0, 0.0, 0.0, 0.0])
        wt = max(weight, 0.0)
        acc[0] += value * wt
        acc[1] += wt
        acc[2] += value
        acc[3] += 1
    out = []
    for (q, r), (vw, wsum, vsum, n) in sorted(sums.items()):
        mean = vw / wsum if wsum > 0 else vsum / n
        out.append((w * (q + r / 2), 1.5 * radius * r, mean, wsum, int(n)))
    return out


def _hexagon(c: Cell, prefix: str) -> str:
    pts = " ".join(
        f"{fmt_coord(c.x + c.radius * math.cos(math.radians(60 * i + 30)))},"
        f"{fmt_coord(c.y + c.radius * math.sin(math.radians(60 * i + 30)))}"
        for i in range(6)
    )
    fill = "#fff" if c.klass is None else class_fill(c.klass, prefix)
    return tipped(
        "polygon", c.tip, class_="cell", points=pts, fill=fill, stroke="#fff", stroke_width=0.4
    )


__all__ = [
    "MARGIN",
    "NAME_LIST_COLUMN",
    "Cell",
    "choropleth",
    "hex_bins",
    "map_frame",
]
