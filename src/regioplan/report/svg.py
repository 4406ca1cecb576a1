"""Inline SVG maps and charts, drawn in Python from the bundled GeoJSON and the numbers.

Everything is greyscale-safe: classes differ in lightness (a sequential palette whose luminance
falls monotonically) and the two worst classes are also hatched; series differ in dash pattern and
marker shape, not only in colour. Every drawn mark carries ``data-tip`` (shown by the page's small
tooltip script) and a ``<title>`` (shown by any browser without script).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

PALETTE: tuple[str, ...] = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3", "#3f007d")
"""Five classes, light to dark (ColorBrewer Purples; luminance falls monotonically)."""
INK = "#222"
GRID = "#bbb"
FONT = "font-family:Verdana,DejaVu Sans,sans-serif"
SHAPES: dict[str, str] = {"gp": "circle", "so": "square", "avg": "triangle"}
MARGIN = 0.08
"""A map's frame: the region's box plus this fraction of its size on each side (plus a little)."""
NAME_LIST_COLUMN = 212.0
"""Width of a column of the numbered name list under a map (px)."""
LABEL_EM = 0.62
"""Mean glyph width of the map font as a fraction of its size (to keep labels on the map)."""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def fmt_coord(v: float) -> str:
    """Compact coordinate: one decimal, no trailing zero."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def patterns(prefix: str) -> str:
    """<defs> with the hatching of the two worst classes (ids prefixed to stay unique)."""
    return (
        "<defs>"
        f'<pattern id="{prefix}-h3" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="' + PALETTE[3] + '"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="1.2"/></pattern>'
        f'<pattern id="{prefix}-h4" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="' + PALETTE[4] + '"/>'
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#fff" stroke-width="1.2"/>'
        '<line x1="0" y1="0" x2="5" y2="0" stroke="#fff" stroke-width="1.2"/></pattern>'
        "</defs>"
    )


def class_fill(k: int, prefix: str) -> str:
    return f"url(#{prefix}-h{k})" if k >= 3 else PALETTE[k]


# --------------------------------------------------------------------------- maps


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection scaled by cos(latitude) onto a `width` x `height` box."""

    lon0: float
    lat1: float
    kx: float
    scale: float
    width: float
    height: float
    pad: float

    @classmethod
    def fit(cls, bbox: tuple[float, float, float, float], width: float = 640.0) -> Projection:
        lon_min, lat_min, lon_max, lat_max = bbox
        kx = math.cos(math.radians((lat_min + lat_max) / 2))
        pad = 8.0
        w = max((lon_max - lon_min) * kx, 1e-6)
        h = max(lat_max - lat_min, 1e-6)
        scale = (width - 2 * pad) / w
        height = min(h * scale + 2 * pad, width * 1.4)
        scale = min(scale, (height - 2 * pad) / h)
        return cls(lon_min, lat_max, kx, scale, width, height, pad)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.pad + (lon - self.lon0) * self.kx * self.scale,
            self.pad + (self.lat1 - lat) * self.scale,
        )


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for poly in geometry["coordinates"]:
            yield from poly


def feature_bbox(features: Sequence[dict[str, Any]]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for feat in features:
        for ring in _rings(feat["geometry"]):
            arr = np.asarray(ring)
            xs += [float(arr[:, 0].min()), float(arr[:, 0].max())]
            ys += [float(arr[:, 1].min()), float(arr[:, 1].max())]
    return min(xs), min(ys), max(xs), max(ys)


def path_d(geometry: dict[str, Any], proj: Projection) -> str:
    """SVG path data of a (Multi)Polygon, rounded to 0.1 px with repeated points dropped."""
    parts: list[str] = []
    for ring in _rings(geometry):
        arr = np.asarray(ring, dtype=float)
        x = np.round(proj.pad + (arr[:, 0] - proj.lon0) * proj.kx * proj.scale, 1)
        y = np.round(proj.pad + (proj.lat1 - arr[:, 1]) * proj.scale, 1)
        keep = np.ones(len(x), dtype=bool)
        keep[1:] = (np.diff(x) != 0) | (np.diff(y) != 0)
        x, y = x[keep], y[keep]
        if len(x) < 3:
            continue
        pts = " ".join(f"{fmt_coord(a)} {fmt_coord(b)}" for a, b in zip(x, y, strict=True))
        parts.append(f"M{pts}Z")
    return "".join(parts)


@dataclass(frozen=True)
class Area:
    """One area drawn on a map: its code, label, class (0-4, None = no value) and tooltip."""

    code: str
    label: str
    klass: int | None
    tip: str


def tag(name: str, body: str | None = None, /, **attrs: object) -> str:
    """An SVG element; attribute names use ``_`` for ``-`` and floats are compacted.

    >>> tag("circle", cx=1.0, cy=2.25, stroke_width=1)
    '<circle cx="1" cy="2.2" stroke-width="1"/>'
    """
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        text = fmt_coord(value) if isinstance(value, float) else str(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{esc(text)}"')
    head = " ".join(parts)
    return f"<{head}/>" if body is None else f"<{head}>{body}</{name}>"


def tipped(name: str, tip: str, **attrs: object) -> str:
    """An element with a hover tooltip (data-tip) and a native <title>."""
    return tag(name, f"<title>{esc(tip)}</title>", data_tip=tip, **attrs)


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


def svg_open(cls: str, width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" viewBox="0 0 {fmt_coord(width)} '
        f'{fmt_coord(height)}" role="img" aria-label="{esc(title)}" style="{FONT}">'
        f'<title>{esc(title)}</title><rect width="100%" height="100%" fill="#fff"/>'
    )


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


def legend(
    labels: Sequence[str],
    prefix: str,
    *,
    title: str,
    klasses: Sequence[int] | None = None,
    hatched: bool = True,
    subtitle: str = "",
) -> str:
    """A legend of the classes `klasses` (default 0..4): swatches filled like the map
    (`hatched` False for dot maps, whose dots are plain fills); `subtitle` is a line under
    the title (e.g. what the percentages refer to)."""
    ks = list(range(len(labels))) if klasses is None else list(klasses)
    top = 26 + (18 if subtitle else 0)
    h = 24 * len(labels) + top + 4
    out = [
        svg_open("legend", 380, h, title),
        patterns(prefix),
        tag("text", esc(title), x=0, y=16, font_size=14, font_weight="bold", fill=INK),
    ]
    if subtitle:
        out.append(tag("text", esc(subtitle), x=0, y=34, font_size=13, fill=INK))
    for i, (k, label) in enumerate(zip(ks, labels, strict=True)):
        y = top + 24 * i
        out.append(
            tag(
                "rect",
                x=0,
                y=y,
                width=28,
                height=18,
                fill=class_fill(k, prefix) if hatched else PALETTE[k],
                stroke=INK,
                stroke_width=0.7,
            )
        )
        out.append(tag("text", esc(label), x=36, y=y + 14, font_size=14, fill=INK))
    out.append("</svg>")
    return "".join(out)


def classes(
    values: Sequence[float], *, worse_is_higher: bool
) -> tuple[list[int | None], list[float]]:
    """Five quantile classes of `values`, class 4 = worst; returns classes and the 6 breaks.

    Equal values (e.g. a region of one municipality) all get the middle class 2: nothing is
    worse than anything else.
    """
    arr = np.asarray(values, dtype=float)
    finite = arr[np.isfinite(arr)]
    if len(finite) == 0:
        return [None] * len(arr), []
    if np.ptp(finite) == 0:
        value = float(finite[0])
        return [2 if math.isfinite(v) else None for v in arr], [value] * 6
    oriented = finite if worse_is_higher else -finite
    breaks = np.quantile(oriented, np.linspace(0, 1, 6))
    result: list[int | None] = []
    for v in arr:
        if not math.isfinite(v):
            result.append(None)
            continue
        o = v if worse_is_higher else -v
        result.append(int(min(4, max(0, np.searchsorted(breaks[1:-1], o, side="right")))))
    edges = [float(b if worse_is_higher else -b) for b in breaks]
    return result, edges


RELATIVE_BREAKS: tuple[float, ...] = (0.8, 0.95, 1.05, 1.2)
"""Inner class breaks as multiples of a reference (the national median): the lowest is the
report's "short" threshold (0.8 x national median)."""
MIN_CLASS_WIDTH = 0.10
"""No inner class of :func:`relative_edges` is narrower than this fraction of the reference."""


def relative_edges(
    reference: float, values: Sequence[float], *, worse_is_higher: bool
) -> list[float]:
    """Six class edges (ordered like :func:`classes`, class 4 worst) at the
    :data:`RELATIVE_BREAKS` x `reference`; the outer edges reach the values' extremes.

    Classes relative to a national reference can be compared between regions, years and
    levels, and are never narrower than :data:`MIN_CLASS_WIDTH` x `reference`, however close
    the region's values lie (quantiles of values 5.30..5.35 would give classes 0.01 wide).
    """
    inner = [reference * b for b in RELATIVE_BREAKS]
    finite = [v for v in values if math.isfinite(v)]
    lo, hi = min([*finite, inner[0]]), max([*finite, inner[-1]])
    edges = [lo, *inner, hi]
    return edges if worse_is_higher else edges[::-1]


def classify(
    values: Sequence[float], edges: Sequence[float], *, worse_is_higher: bool
) -> list[int | None]:
    """Classes of `values` against the breaks `edges` of :func:`classes` (of other values).

    Values beyond the outer breaks fall into the outer classes; equal breaks (one value
    everywhere) put every value into the middle class 2. Used to draw a projected year with
    today's classes, so that a change of shade means a change of access.
    """
    if not edges:
        return [None] * len(values)
    if min(edges) == max(edges):
        return [2 if math.isfinite(v) else None for v in values]
    inner = np.asarray(edges[1:-1], dtype=float)
    oriented = inner if worse_is_higher else -inner
    out: list[int | None] = []
    for v in values:
        if not math.isfinite(v):
            out.append(None)
            continue
        o = v if worse_is_higher else -v
        pos = int(np.searchsorted(oriented, o, side="right"))
        out.append(min(4, max(0, pos)))
    return out


# --------------------------------------------------------------------------- grouped maps


def _snapped_rings(
    geometry: dict[str, Any], proj: Projection, step: float
) -> list[list[tuple[float, float]]]:
    """The rings of a (Multi)Polygon in map pixels, snapped to a grid of `step` px, repeated
    points dropped; rings that collapse to fewer than three points are left out."""
    out = []
    for ring in _rings(geometry):
        arr = np.asarray(ring, dtype=float)
        x = np.round((proj.pad + (arr[:, 0] - proj.lon0) * proj.kx * proj.scale) / step) * step
        y = np.round((proj.pad + (proj.lat1 - arr[:, 1]) * proj.scale) / step) * step
        keep = np.ones(len(x), dtype=bool)
        keep[1:] = (np.diff(x) != 0) | (np.diff(y) != 0)
        pts = list(zip(x[keep].tolist(), y[keep].tolist(), strict=True))
        if len(pts) >= 3:
            out.append(pts)
    return out


Segment = tuple[tuple[float, float], tuple[float, float]]


def _relative(points: Sequence[tuple[float, float]]) -> str:
    """Path data of a polyline in relative steps ("M10 20l1 -2 3 0"): a third shorter than
    absolute coordinates on a snapped map."""
    (x0, y0), rest = points[0], points[1:]
    steps = [
        f"{fmt_coord(b[0] - a[0])} {fmt_coord(b[1] - a[1])}"
        for a, b in zip(points[:-1], rest, strict=True)
    ]
    return f"M{fmt_coord(x0)} {fmt_coord(y0)}" + ("l" + " ".join(steps) if steps else "")


def _chains(segments: Iterable[Segment]) -> str:
    """Path data drawing `segments` (undirected), joined into as few polylines as a greedy
    walk finds."""
    links: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for a, b in segments:
        links.setdefault(a, []).append(b)
        links.setdefault(b, []).append(a)
    parts: list[str] = []
    for start in sorted(links):
        while links[start]:
            line = [start]
            here = start
            while links[here]:
                nxt = links[here].pop()
                links[nxt].remove(here)
                line.append(nxt)
                here = nxt
            parts.append(_relative(line))
    return "".join(parts)


def grouped_map(
    features: Sequence[dict[str, Any]],
    group_of: dict[str, str],
    groups: dict[str, Area],
    *,
    prefix: str,
    title: str,
    outline: Collection[str] = (),
    width: float = 360.0,
    step: float = 1.0,
) -> str:
    """A small map of areas (municipalities) coloured by the group (region) they belong to:
    one path per group with its class and tooltip, the borders between groups as thin grey lines
    and the borders of the groups in `outline` as a thick line (the own region).

    Borders are found by cancelling edges: an edge two areas of one group share is inside the
    group. Coordinates are snapped to `step` px (an overview map of the country needs no finer
    detail, and a third of the size)."""
    drawn = [f for f in features if f["properties"]["code"] in group_of]
    proj = Projection.fit(feature_bbox(drawn), width)
    paths: dict[str, list[str]] = {g: [] for g in groups}
    owners: dict[Segment, list[str]] = {}
    for feat in drawn:
        group = group_of[feat["properties"]["code"]]
        for ring in _snapped_rings(feat["geometry"], proj, step):
            paths[group].append(_relative(ring) + "z")
            for a, b in zip(ring, [*ring[1:], ring[0]], strict=True):
                if a != b:
                    owners.setdefault((min(a, b), max(a, b)), []).append(group)
    # between two groups; the coast and the national border show against the white ground (and
    # an edge found once inside a group, where two areas' vertices differ, is not drawn)
    borders = [s for s, gs in owners.items() if len(set(gs)) > 1]

    own = set(outline)
    thick = [
        s
        for s, gs in owners.items()
        if (len(gs) == 1 and gs[0] in own) or (len(set(gs)) > 1 and len(own.intersection(gs)) == 1)
    ]
    out = [svg_open("map national", proj.width, proj.height, title), patterns(prefix)]
    for code, area in groups.items():
        if not paths[code]:
            continue
        fill = "#fff" if area.klass is None else class_fill(area.klass, prefix)
        solid = area.klass is None or area.klass < 3
        out.append(
            tipped(
                "path",
                area.tip,
                class_="area own" if code in own else "area",
                data_code=code,
                d="".join(paths[code]),
                fill=fill,
                fill_rule="evenodd",
                stroke=fill if solid else None,
                stroke_width=0.4 if solid else None,
            )
        )
    out.append(
        tag(
            "path",
            class_="borders",
            d=_chains(borders),
            fill="none",
            stroke="#555",
            stroke_width=0.6,
            stroke_linejoin="round",
        )
    )
    if thick:
        out.append(
            tag(
                "path",
                class_="own-outline",
                data_codes=" ".join(sorted(own)),
                d=_chains(thick),
                fill="none",
                stroke=INK,
                stroke_width=3.0,
                stroke_linejoin="round",
                stroke_linecap="round",
            )
        )
    out.append("</svg>")
    return "".join(out)


__all__ = [
    "FONT",
    "GRID",
    "INK",
    "MIN_CLASS_WIDTH",
    "PALETTE",
    "RELATIVE_BREAKS",
    "SHAPES",
    "Area",
    "Cell",
    "Point",
    "Projection",
    "choropleth",
    "classes",
    "classify",
    "esc",
    "feature_bbox",
    "fmt_coord",
    "grouped_map",
    "hex_bins",
    "legend",
    "map_frame",
    "path_d",
    "relative_edges",
    "svg_open",
    "tag",
    "tipped",
]
