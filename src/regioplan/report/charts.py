"""Inline SVG charts (band, horizontal bars, scatter) for the regiobeeld, greyscale-safe.

Series differ in fill, dash pattern and marker, not only in colour; every mark carries a
``data-tip`` and a ``<title>`` with its value (see :mod:`regioplan.report.svg`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from regioplan.report.svg import GRID, INK, esc, fmt_coord, svg_open, tag, tipped


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values from at most `lo` to at least `hi` (about `n` steps of 1, 2, 2.5, 5).

    >>> nice_ticks(0.0, 31_500.0, 4)
    [0.0, 10000.0, 20000.0, 30000.0, 40000.0]
    """
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0]
    if hi == lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = float(next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw))
    start = float(math.floor(lo / step) * step)
    ticks = [round(start, 10)]
    while ticks[-1] < hi - 1e-9 * abs(step):
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def year_ticks(first: int, last: int) -> list[float]:
    """Whole years from `first` to `last` for a time axis (a step of 2.5 years would print
    2027 for 2027.5 and space the labels unevenly).

    >>> year_ticks(2025, 2040)
    [2025.0, 2030.0, 2035.0, 2040.0]
    """
    return [v for v in nice_ticks(first, last, 6) if first <= v <= last and v == int(v)]


@dataclass(frozen=True)
class Frame:
    """Plot area of a chart with linear x and y scales."""

    x0: float
    x1: float
    y0: float
    y1: float
    left: float = 84.0
    right: float = 36.0
    top: float = 16.0
    bottom: float = 52.0
    width: float = 640.0
    height: float = 340.0

    def x(self, v: float) -> float:
        span = self.x1 - self.x0 or 1.0
        return self.left + (v - self.x0) / span * (self.width - self.left - self.right)

    def y(self, v: float) -> float:
        span = self.y1 - self.y0 or 1.0
        return (
            self.height
            - self.bottom
            - (v - self.y0) / span * (self.height - self.top - self.bottom)
        )


def _text(x: float, y: float, text: str, anchor: str = "middle", **attrs: object) -> str:
    return tag("text", esc(text), x=x, y=y, font_size=14, text_anchor=anchor, fill=INK, **attrs)


def _line(x1: float, y1: float, x2: float, y2: float, **attrs: object) -> str:
    return tag("line", x1=x1, y1=y1, x2=x2, y2=y2, **attrs)


def _axes(
    fr: Frame,
    xticks: Sequence[float],
    yticks: Sequence[float],
    fmt_x: Callable[[float], str],
    fmt_y: Callable[[float], str],
    xlabel: str,
    ylabel: str,
) -> list[str]:
    right, base = fr.width - fr.right, fr.height - fr.bottom
    out = []
    for v in yticks:
        y = fr.y(v)
        out.append(_line(fr.left, y, right, y, stroke=GRID, stroke_width=0.6))
        out.append(_text(fr.left - 6, y + 5, fmt_y(v), "end"))
    for v in xticks:
        out.append(_text(fr.x(v), base + 20, fmt_x(v)))
    out.append(_line(fr.left, fr.top, fr.left, base, stroke=INK))
    out.append(_text((fr.left + right) / 2, fr.height - 8, xlabel))
    mid = (fr.top + base) / 2
    out.append(_text(0, 0, ylabel, transform=f"translate(16 {fmt_coord(mid)}) rotate(-90)"))
    return out


def band_chart(
    years: Sequence[int],
    median: Sequence[float],
    lo: Sequence[float],
    hi: Sequence[float],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    fmt: Callable[[float], str],
    tip: Callable[[int, float, float, float], str],
    marker_year: int | None = None,
) -> str:
    """Median line with its uncertainty band (grey), a zero line, and hover values per year."""
    yt = nice_ticks(min(0.0, *lo, *median), max(0.0, *hi, *median))
    fr = Frame(float(years[0]), float(years[-1]), min(yt), max(yt))
    right, base = fr.width - fr.right, fr.height - fr.bottom
    xt = year_ticks(years[0], years[-1])
    out = [svg_open("chart band", fr.width, fr.height, title)]
    out += _axes(fr, xt, yt, lambda v: str(int(v)), fmt, xlabel, ylabel)
    upper = [f"{fmt_coord(fr.x(x))},{fmt_coord(fr.y(v))}" for x, v in zip(years, hi, strict=True)]
    lower = [f"{fmt_coord(fr.x(x))},{fmt_coord(fr.y(v))}" for x, v in zip(years, lo, strict=True)]
    out.append(
        tag(
            "polygon",
            class_="band",
            points=" ".join(upper + lower[::-1]),
            fill="#c8c8c8",
            stroke="#888",
            stroke_dasharray="4 3",
            stroke_width=1,
        )
    )
    out.append(_line(fr.left, fr.y(0), right, fr.y(0), stroke=INK, stroke_width=1.5))
    line = " ".join(
        f"{fmt_coord(fr.x(x))},{fmt_coord(fr.y(v))}" for x, v in zip(years, median, strict=True)
    )
    out.append(
        tag("polyline", class_="median", points=line, fill="none", stroke=INK, stroke_width=3)
    )
    if marker_year is not None and years[0] <= marker_year <= years[-1]:
        x = fr.x(marker_year)
        out.append(
            _line(
                x,
                fr.top,
                x,
                base,
                class_="marker",
                stroke=INK,
                stroke_dasharray="2 3",
                stroke_width=1.5,
            )
        )
    step = (right - fr.left) / max(1, len(years) - 1)
    for i, yr in enumerate(years):
        x = fr.x(yr)
        out.append(tag("circle", cx=x, cy=fr.y(median[i]), r=3.5, fill=INK))
        out.append(
            tipped(
                "rect",
                tip(yr, median[i], lo[i], hi[i]),
                class_="hit",
                x=x - step / 2,
                y=fr.top,
                width=step,
                height=base - fr.top,
                fill="transparent",
            )
        )
    out.append("</svg>")
    return "".join(out)


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
) -> str:
    """A scatter plot with hollow circles (area by `sizes`, e.g. population)."""
    xa = [v for v in xs if math.isfinite(v)]
    ya = [v for v in ys if math.isfinite(v)]
    xt = nice_ticks(min([0.0, *xa]), max(xa, default=1.0))
    yt = nice_ticks(min([0.0, *ya]), max(ya, default=1.0))
    # drawn two side by side: a narrower canvas keeps its 14-unit text legible on a projector
    fr = Frame(min(xt), max(xt), min(yt), max(yt), left=88.0, width=470.0, height=320.0)
    out = [svg_open("chart scatter", fr.width, fr.height, title)]
    out += _axes(fr, xt, yt, fmt_x, fmt_y, xlabel, ylabel)
    smax = max(sizes) if sizes else 1.0
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        r = 4.0 + (8.0 * math.sqrt(sizes[i] / smax) if sizes and smax > 0 else 0.0)
        out.append(
            tipped(
                "circle",
                tips[i],
                class_="dot",
                cx=fr.x(x),
                cy=fr.y(y),
                r=r,
                fill="#fff",
                fill_opacity=0.6,
                stroke=INK,
                stroke_width=1.4,
            )
        )
    out.append("</svg>")
    return "".join(out)


__all__ = ["Frame", "band_chart", "hbar_chart", "nice_ticks", "scatter", "year_ticks"]
