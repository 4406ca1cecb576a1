"""Markers of far-away places on a map's border: always a free place, found in bounded steps.

The earlier search pushed markers back and forth and never ended for a one-municipality region
(the suite hung in CI); this checks the property the map relies on for any set of placed markers.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.report.mapmarks import EPS, _free_edge_slot
from regioplan.report.svgbase import Projection

PROJ = Projection.fit((3.5, 51.3, 4.5, 52.0), 480.0)

coords = st.floats(min_value=-50, max_value=550, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    start=st.tuples(coords, coords),
    side=st.sampled_from(["left", "right", "top", "bottom"]),
    gap=st.floats(min_value=4, max_value=40),
    placed=st.lists(st.tuples(coords, coords), max_size=30),
)
def test_an_edge_marker_never_touches_one_already_placed(
    start: tuple[float, float],
    side: str,
    gap: float,
    placed: list[tuple[float, float]],
) -> None:
    x, y = _free_edge_slot(start[0], start[1], side, gap, placed, PROJ)
    assert all(abs(px - x) >= gap - EPS or abs(py - y) >= gap - EPS for px, py in placed)
    # it moves only along its own border
    if side in ("left", "right"):
        assert x == start[0]
    else:
        assert y == start[1]


def test_markers_stacked_on_one_spot_spread_out_inside_the_border() -> None:
    placed: list[tuple[float, float]] = []
    for _ in range(5):
        placed.append(_free_edge_slot(16.0, 180.0, "left", 20.0, placed, PROJ))
    ys = sorted(y for _, y in placed)
    assert all(b - a >= 20.0 - EPS for a, b in itertools.pairwise(ys))
    assert all(16.0 <= y <= PROJ.height - 16.0 for y in ys)
