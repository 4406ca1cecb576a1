"""Axes shared by the inline SVG charts: nice tick values, the plotting frame and its scales,
text and line marks, and the gridded axes with their labels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from regioplan.report.svgbase import GRID, INK, esc, fmt_coord, tag


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


END_LABEL_WIDTH = 150.0
"""Right margin of a time chart whose lines are named at their ends."""


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


def _text(
    x: float, y: float, text: str, anchor: str = "middle", font_size: float = 14, **attrs: object
) -> str:
    return tag(
        "text", esc(text), x=x, y=y, font_size=font_size, text_anchor=anchor, fill=INK, **attrs
    )


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


__all__ = ["END_LABEL_WIDTH", "Frame", "nice_ticks", "year_ticks"]
