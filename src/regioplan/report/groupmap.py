"""The grouped (national) map: areas coloured by the group they belong to, one path per group,
with the borders between groups found by cancelling shared edges and chained into polylines.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

import numpy as np

from regioplan.report.svgbase import (
    INK,
    Area,
    Projection,
    _rings,
    class_fill,
    feature_bbox,
    fmt_coord,
    patterns,
    svg_open,
    tag,
    tipped,
)


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


__all__ = ["grouped_map"]
