"""Comparison charts for the regiobeeld: horizontal bars, a scatter with its point labels and
a rank chart of regions, greyscale-safe.

Every mark carries a ``data-tip`` and a ``<title>`` with its value (see
:mod:`regioplan.report.svgbase`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence

from regioplan.report.chartbase import Frame, _axes, _line, _text, nice_ticks
from regioplan.report.svgbase import GRID, INK, svg_open, tag, tipped


def hbar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    fmt: Callable[[float], str],
    tips: Sequence[str],
    outline: Sequence[float] | None = None,
    outline_tips: Sequence[str] | None = None,
    series: tuple[str, str] | None = None,
) -> str:
    """Horizontal bars (grey fill) with an optional second series drawn as dashed outlines;
    `series` names the two (a key is drawn below the axis label)."""
    n = len(labels)
    xt = nice_ticks(0.0, max([*values, *(outline or [])], default=1.0), 4)
    bar = 22.0 if n > 6 else 40.0
    key = series is not None and outline is not None
    fr = Frame(
        0.0, max(xt), 0, 1, left=170.0, height=n * (bar + 6) + (100 if key else 70), bottom=52
    )
    right, base = fr.width - fr.right, fr.top + n * (bar + 6)
    out = [svg_open("chart hbar", fr.width, fr.height, title)]
    for v in xt:
        out.append(_line(fr.x(v), fr.top, fr.x(v), base, stroke=GRID, stroke_width=0.6))
        out.append(_text(fr.x(v), base + 20, fmt(v)))
    out.append(_text((fr.left + right) / 2, base + 42, xlabel))
    if key and series is not None:
        ky = base + 56
        out.append(tag("rect", x=fr.left, y=ky, width=28, height=16, fill="#9a9a9a", stroke=INK))
        out.append(_text(fr.left + 36, ky + 13, series[0], "start"))
        kx = fr.left + 220
        out.append(
            tag(
                "rect",
                x=kx,
                y=ky,
                width=28,
                height=16,
                fill="none",
                stroke=INK,
                stroke_width=2,
                stroke_dasharray="5 3",
            )
        )
        out.append(_text(kx + 36, ky + 13, series[1], "start"))
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = fr.top + i * (bar + 6)
        out.append(_text(fr.left - 8, y + bar / 2 + 5, label, "end"))
        out.append(
            tipped(
                "rect",
                tips[i],
                class_="bar",
                x=fr.left,
                y=y,
                width=max(0.5, fr.x(v) - fr.left),
                height=bar,
                fill="#9a9a9a",
                stroke=INK,
                stroke_width=0.6,
            )
        )
        if outline is not None and outline_tips is not None:
            out.append(
                tipped(
                    "rect",
                    outline_tips[i],
                    class_="bar outline",
                    x=fr.left,
                    y=y + 3,
                    width=max(0.5, fr.x(outline[i]) - fr.left),
                    height=bar - 6,
                    fill="none",
                    stroke=INK,
                    stroke_width=2,
                    stroke_dasharray="5 3",
                )
            )
    out.append(_line(fr.left, fr.top, fr.left, base, stroke=INK))
    out.append("</svg>")
    return "".join(out)


def scatter(
    xs: Sequence[float],
    ys: Sequence[float],
    tips: Sequence[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    fmt_x: Callable[[float], str],
    fmt_y: Callable[[float], str],
    sizes: Sequence[float] | None = None,
    labels: Sequence[str] = (),
    numbered: bool = False,
) -> str:
    """A scatter plot with hollow circles (area by `sizes`, e.g. population).

    `labels` name the points, largest first, beside their dot where the name overlaps no other
    name or dot; with `numbered` a name that does not fit becomes a number listed under the
    chart, so every point can be told in print."""
    xa = [v for v in xs if math.isfinite(v)]
    ya = [v for v in ys if math.isfinite(v)]
    xt = nice_ticks(min([0.0, *xa]), max(xa, default=1.0))
    yt = nice_ticks(min([0.0, *ya]), max(ya, default=1.0))
    # drawn two side by side: a narrower canvas keeps its 14-unit text legible on a projector
    fr = Frame(min(xt), max(xt), min(yt), max(yt), left=88.0, width=470.0, height=320.0)
    smax = max(sizes) if sizes else 1.0
    dots: dict[int, tuple[float, float, float]] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if math.isfinite(x) and math.isfinite(y):
            r = 4.0 + (8.0 * math.sqrt(sizes[i] / smax) if sizes and smax > 0 else 0.0)
            dots[i] = (fr.x(x), fr.y(y), r)
    marks, listed = _point_labels(dots, labels, fr, sizes, numbered=numbered)
    height = fr.height + (16 * math.ceil(len(listed) / 2) + 8 if listed else 0)
    out = [svg_open("chart scatter", fr.width, height, title)]
    out += _axes(fr, xt, yt, fmt_x, fmt_y, xlabel, ylabel)
    for i, (cx, cy, r) in dots.items():
        out.append(
            tipped(
                "circle",
                tips[i],
                class_="dot",
                cx=cx,
                cy=cy,
                r=r,
                fill="#fff",
                fill_opacity=0.6,
                stroke=INK,
                stroke_width=1.4,
            )
        )
    out += marks
    out.append("</svg>")
    return "".join(out)


LABEL_EM = 0.6
"""Mean glyph width of the chart font as a fraction of its size."""
CROWDED_NAMES = 12
"""A scatter too crowded to name every point names at least its largest this many."""


def _point_labels(
    dots: dict[int, tuple[float, float, float]],
    labels: Sequence[str],
    fr: Frame,
    sizes: Sequence[float] | None,
    *,
    numbered: bool,
) -> tuple[list[str], list[str]]:
    """Names beside the dots (right, left, above, below: the first place that overlaps no name
    or dot and stays in the plot), largest point first; the rest numbered or left out."""
    if not labels:
        return [], []
    boxes = [(x - r, y - r, x + r, y + r) for x, y, r in dots.values()]
    order = sorted(dots, key=lambda i: -(sizes[i] if sizes else 0.0))
    placed: list[tuple[float, float, float, float]] = []
    out: list[str] = []
    rest: list[int] = []

    crowded = False  # a crowded chart names its largest points over other dots

    def free(box: tuple[float, float, float, float], own: tuple[float, ...]) -> bool:
        inside = fr.left < box[0] and box[2] < fr.width - 2 and fr.top - 6 < box[1]
        inside = inside and box[3] < fr.height - fr.bottom
        others = placed if crowded else [*placed, *(b for b in boxes if b != own)]
        return inside and not any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in others
        )

    def place(i: int, text: str, size: float) -> bool:
        x, y, r = dots[i]
        w, h = LABEL_EM * size * len(text), size
        own = (x - r, y - r, x + r, y + r)
        for bx, by, anchor in (
            (x + r + 3, y + h / 2 - 2, "start"),
            (x - r - 3, y + h / 2 - 2, "end"),
            (x, y - r - 3, "middle"),
            (x, y + r + h, "middle"),
        ):
            left = {"start": bx, "end": bx - w, "middle": bx - w / 2}[anchor]
            box = (left, by - h + 2, left + w, by + 2)
            if free(box, own):
                placed.append(box)
                out.append(
                    _text(
                        bx,
                        by,
                        text,
                        anchor,
                        font_size=size,
                        class_="point-label",
                        stroke="#fff",
                        stroke_width=3,
                        paint_order="stroke",
                    )
                )
                return True
        return False

    for i in order:
        if i < len(labels) and labels[i] and not place(i, labels[i], 12.0):
            rest.append(i)
    listed: list[str] = []
    if not numbered:
        crowded = True
        for i in rest[: max(0, CROWDED_NAMES - (len(order) - len(rest)))]:
            place(i, labels[i], 12.0)
    if numbered:
        for i in rest:
            number = str(len(listed) + 1)
            if not place(i, number, 11.0):
                x, y, _ = dots[i]
                out.append(_text(x, y + 4, number, font_size=11, class_="point-label"))
            listed.append(f"{number} {labels[i]}")
    half = (fr.width - 16) / 2
    rows = math.ceil(len(listed) / 2)
    for k, item in enumerate(listed):
        out.append(
            _text(
                8 + half * (k // rows),
                fr.height + 16 * (k % rows) + 12,
                item,
                "start",
                font_size=12,
                class_="name-list",
            )
        )
    return out, listed


RANK_ROW = 10.0
"""Height of one region's row in a :func:`rank_chart` (px)."""


def rank_chart(
    labels: Sequence[str],
    median: Sequence[float],
    lo: Sequence[float],
    hi: Sequence[float],
    tips: Sequence[str],
    *,
    right: Sequence[str],
    highlight: Collection[int],
    codes: Sequence[str],
    title: str,
    xlabel: str,
    right_title: str,
    fmt: Callable[[float], str],
    width: float = 380.0,
) -> str:
    """One row per item in the given order (a region per row, sorted by rank): its name at the
    left, the median as a dot on the band from `lo` to `hi`, and `right` (the rank and its band)
    at the right; the rows in `highlight` on a grey ground with a filled dot and a bold name.

    Drawn narrow with small type, so that three fit side by side on a printed page."""
    n = len(labels)
    font = 10.0
    left = min(170.0, 8.0 + LABEL_EM * font * max((len(s) for s in labels), default=4))
    right_w = 8.0 + LABEL_EM * font * max((len(s) for s in [*right, right_title]), default=4)
    top, bottom = 16.0, 34.0
    finite = [v for v in (*lo, *hi, *median) if math.isfinite(v)]
    xt = nice_ticks(min([0.0, *finite]), max([0.0, *finite]), 4)
    fr = Frame(
        min(xt),
        max(xt),
        0.0,
        1.0,
        left=left,
        right=right_w,
        top=top,
        bottom=bottom,
        width=width,
        height=top + n * RANK_ROW + bottom,
    )
    base = top + n * RANK_ROW
    out = [svg_open("chart rank", fr.width, fr.height, title)]
    for i in highlight:
        out.append(
            tag("rect", x=0, y=top + i * RANK_ROW, width=fr.width, height=RANK_ROW, fill="#ddd")
        )
    for v in xt:
        x = fr.x(v)
        out.append(
            _line(
                x, top, x, base, stroke=INK if v == 0 else GRID, stroke_width=1 if v == 0 else 0.6
            )
        )
        out.append(_text(x, base + 12, fmt(v), font_size=font))
    out.append(_text((fr.left + fr.width - fr.right) / 2, base + 28, xlabel, font_size=font))
    out.append(_text(fr.width - 4, top - 5, right_title, "end", font_size=font))
    for i in range(n):
        y = top + i * RANK_ROW + RANK_ROW / 2
        own = i in highlight
        weight = "bold" if own else None
        out.append(_text(left - 4, y + 3.5, labels[i], "end", font_size=font, font_weight=weight))
        out.append(
            _text(fr.width - 4, y + 3.5, right[i], "end", font_size=font, font_weight=weight)
        )
        if math.isfinite(lo[i]) and math.isfinite(hi[i]):
            out.append(
                _line(fr.x(lo[i]), y, fr.x(hi[i]), y, class_="band", stroke=INK, stroke_width=1.4)
            )
        if math.isfinite(median[i]):
            out.append(
                tag(
                    "circle",
                    class_="dot own" if own else "dot",
                    data_code=codes[i],
                    cx=fr.x(median[i]),
                    cy=y,
                    r=3.8 if own else 2.8,
                    fill=INK if own else "#fff",
                    stroke=INK,
                    stroke_width=1.2,
                )
            )
        out.append(
            tipped(
                "rect",
                tips[i],
                class_="hit",
                x=0,
                y=y - RANK_ROW / 2,
                width=fr.width,
                height=RANK_ROW,
                fill="transparent",
            )
        )
    out.append("</svg>")
    return "".join(out)


__all__ = ["hbar_chart", "rank_chart", "scatter"]
