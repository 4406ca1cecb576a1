"""Inline SVG charts (band, lines, horizontal bars, scatter, rank) for the regiobeeld: the public
names of :mod:`~regioplan.report.chartbase` (axes), :mod:`~regioplan.report.linecharts` (time
charts) and :mod:`~regioplan.report.barcharts` (comparison charts) in one namespace, for code that
reads them as ``charts.<name>``.
"""

from __future__ import annotations

from regioplan.report.barcharts import hbar_chart, rank_chart, scatter
from regioplan.report.chartbase import Frame, nice_ticks, year_ticks
from regioplan.report.linecharts import Series, band_chart, lines_chart

__all__ = [
    "Frame",
    "Series",
    "band_chart",
    "hbar_chart",
    "lines_chart",
    "nice_ticks",
    "rank_chart",
    "scatter",
    "year_ticks",
]
