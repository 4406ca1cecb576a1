"""Classes of values for maps: five quantile classes, edges relative to a national reference,
classifying other values (a projected year) against given edges, and the legend of the classes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from regioplan.report.svgbase import INK, PALETTE, class_fill, esc, patterns, svg_open, tag


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


__all__ = [
    "MIN_CLASS_WIDTH",
    "RELATIVE_BREAKS",
    "classes",
    "classify",
    "legend",
    "relative_edges",
]
