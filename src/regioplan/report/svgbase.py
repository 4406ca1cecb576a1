"""Inline SVG maps and charts, drawn in Python from the bundled GeoJSON and the numbers.

Everything is greyscale-safe: classes differ in lightness (a sequential palette whose luminance
falls monotonically) and the two worst classes are also hatched; series differ in dash pattern and
marker shape, not only in colour. Every drawn mark carries ``data-tip`` (shown by the page's small
tooltip script) and a ``<title>`` (shown by any browser without script).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

PALETTE: tuple[str, ...] = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3", "#3f007d")
"""Five classes, light to dark (ColorBrewer Purples; luminance falls monotonically)."""
INK = "#222"
GRID = "#bbb"
FONT = "font-family:Verdana,DejaVu Sans,sans-serif"
SHAPES: dict[str, str] = {"gp": "circle", "so": "square", "avg": "triangle"}


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


def svg_open(cls: str, width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" viewBox="0 0 {fmt_coord(width)} '
        f'{fmt_coord(height)}" role="img" aria-label="{esc(title)}" style="{FONT}">'
        f'<title>{esc(title)}</title><rect width="100%" height="100%" fill="#fff"/>'
    )


__all__ = [
    "FONT",
    "GRID",
    "INK",
    "PALETTE",
    "SHAPES",
    "Area",
    "Projection",
    "class_fill",
    "esc",
    "feature_bbox",
    "fmt_coord",
    "path_d",
    "patterns",
    "svg_open",
    "tag",
    "tipped",
]
