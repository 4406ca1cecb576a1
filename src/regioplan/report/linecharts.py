"""Time charts for the regiobeeld: a band chart (one median with its uncertainty band) and a
lines chart (several named series with optional bands), greyscale-safe.

Series differ in dash pattern and marker, not only in colour; every mark carries a ``data-tip``
and a ``<title>`` with its value (see :mod:`regioplan.report.svgbase`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from regioplan.report.chartbase import (
    END_LABEL_WIDTH,
    Frame,
    _axes,
    _line,
    _text,
    nice_ticks,
    year_ticks,
)
from regioplan.report.svgbase import INK, fmt_coord, svg_open, tag, tipped


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
    end_label: str | None = None,
) -> str:
    """Median line with its uncertainty band (grey), a zero line, and hover values per year;
    `end_label` is written after the last point (its value and band, for print)."""
    yt = nice_ticks(min(0.0, *lo, *median), max(0.0, *hi, *median))
    fr = Frame(
        float(years[0]),
        float(years[-1]),
        min(yt),
        max(yt),
        right=36.0 if end_label is None else END_LABEL_WIDTH,
    )
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
    if end_label is not None:
        out.append(_text(right + 8, fr.y(median[-1]) + 5, end_label, "start", class_="end"))
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


@dataclass(frozen=True)
class Series:
    """One line of a :func:`lines_chart`: median per year with an optional P10-P90 band.

    `dash` is the line's dash pattern ("" = solid) and `hatched` fills the band with a hatch
    instead of a flat grey, so two bands stay apart in greyscale print.
    """

    name: str
    median: Sequence[float]
    lo: Sequence[float] | None = None
    hi: Sequence[float] | None = None
    dash: str = ""
    hatched: bool = False


def _end_labels(ys: list[float], gap: float = 17.0) -> list[float]:
    """Label heights near `ys` pushed apart to at least `gap` px, in the order of `ys`."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    out = list(ys)
    for a, b in itertools.pairwise(order):
        out[b] = max(out[b], out[a] + gap)
    return out


def lines_chart(
    years: Sequence[int],
    series: Sequence[Series],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    fmt: Callable[[float], str],
    tip: Callable[[int], str],
    key: Callable[[Series], str],
    prefix: str,
    marker_year: int | None = None,
) -> str:
    """Several medians with their bands; each line is named at its end with its last value, and
    a key under the axis names line and band, so the chart reads without hover (print)."""
    finite = [
        v for s in series for v in (*s.median, *(s.lo or ()), *(s.hi or ())) if math.isfinite(v)
    ]
    yt = nice_ticks(min(finite, default=0.0), max(finite, default=1.0))
    n = len(series)
    fr = Frame(
        float(years[0]),
        float(years[-1]),
        min(yt),
        max(yt),
        right=END_LABEL_WIDTH,
        height=340.0 + 24 * n,
        bottom=52.0 + 24 * n,
    )
    right, base = fr.width - fr.right, fr.height - fr.bottom
    out = [svg_open("chart lines", fr.width, fr.height, title)]
    out.append(
        f'<defs><pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff" fill-opacity="0.3"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#777" stroke-width="1.6"/></pattern></defs>'
    )
    out += _axes(fr, year_ticks(years[0], years[-1]), yt, lambda v: str(int(v)), fmt, "", ylabel)
    out.append(_text((fr.left + right) / 2, base + 42, xlabel))

    def pts(values: Sequence[float]) -> list[str]:
        return [
            f"{fmt_coord(fr.x(x))},{fmt_coord(fr.y(v))}" for x, v in zip(years, values, strict=True)
        ]

    for s in series:
        if s.lo is None or s.hi is None or not all(map(math.isfinite, (*s.lo, *s.hi))):
            continue
        out.append(
            tag(
                "polygon",
                class_="band",
                data_series=s.name,
                points=" ".join(pts(s.hi) + pts(s.lo)[::-1]),
                fill=f"url(#{prefix}-hatch)" if s.hatched else "#cfcfcf",
                fill_opacity=None if s.hatched else 0.75,
                stroke="#888",
                stroke_width=0.8,
            )
        )
    ends = _end_labels([fr.y(s.median[-1]) for s in series])
    for s, y_end in zip(series, ends, strict=True):
        out.append(
            tag(
                "polyline",
                class_="median",
                data_series=s.name,
                points=" ".join(pts(s.median)),
                fill="none",
                stroke=INK,
                stroke_width=2.5,
                stroke_dasharray=s.dash or None,
            )
        )
        out.append(
            _text(right + 8, y_end + 5, f"{s.name} {fmt(s.median[-1])}", "start", class_="end")
        )
    for i, s in enumerate(series):
        ky = base + 56 + 24 * i
        if s.lo is not None and s.hi is not None:
            out.append(
                tag(
                    "rect",
                    x=fr.left,
                    y=ky - 8,
                    width=36,
                    height=16,
                    fill=f"url(#{prefix}-hatch)" if s.hatched else "#cfcfcf",
                    stroke="#888",
                    stroke_width=0.8,
                )
            )
        out.append(
            _line(
                fr.left,
                ky,
                fr.left + 36,
                ky,
                stroke=INK,
                stroke_width=2.5,
                stroke_dasharray=s.dash or None,
            )
        )
        out.append(_text(fr.left + 44, ky + 5, key(s), "start", class_="key"))
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
    for yr in years:
        x = fr.x(yr)
        out.append(
            tipped(
                "rect",
                tip(yr),
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


__all__ = ["Series", "band_chart", "lines_chart"]
