"""Inline SVG maps and charts: one namespace, for code that reads them as ``svg.<name>``, of the
public names of :mod:`~regioplan.report.svgbase` (primitives), :mod:`~regioplan.report.maps`
(region maps) with :mod:`~regioplan.report.mapmarks` (their point marks),
:mod:`~regioplan.report.classes` (classes and legends) and :mod:`~regioplan.report.groupmap` (the
national map).
"""

from __future__ import annotations

from regioplan.report.classes import (
    MIN_CLASS_WIDTH,
    RELATIVE_BREAKS,
    classes,
    classify,
    legend,
    relative_edges,
)
from regioplan.report.groupmap import _snapped_rings as _snapped_rings  # read by a test
from regioplan.report.groupmap import grouped_map
from regioplan.report.mapmarks import Point
from regioplan.report.maps import MARGIN, Cell, choropleth, hex_bins, map_frame
from regioplan.report.svgbase import (
    FONT,
    GRID,
    INK,
    PALETTE,
    SHAPES,
    Area,
    Projection,
    class_fill,
    esc,
    feature_bbox,
    fmt_coord,
    path_d,
    svg_open,
    tag,
    tipped,
)

__all__ = [
    "FONT",
    "GRID",
    "INK",
    "MARGIN",
    "MIN_CLASS_WIDTH",
    "PALETTE",
    "RELATIVE_BREAKS",
    "SHAPES",
    "Area",
    "Cell",
    "Point",
    "Projection",
    "choropleth",
    "class_fill",
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
