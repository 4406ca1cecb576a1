"""The figures read in print (issue #16 items 9 and 10): classes a reader can compare, the region
framed by its own box, municipalities named, supply and demand drawn with their bands."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re

from hypothesis import given
from hypothesis import strategies as st

from regioplan.data import geometry
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.model import Centre
from regioplan.report import svg, views


@given(
    st.floats(0.01, 100.0),
    st.lists(st.floats(0.0, 200.0, allow_nan=False), min_size=1, max_size=50),
    st.booleans(),
)
def test_no_inner_class_is_narrower_than_the_documented_fraction(
    reference: float, values: list[float], worse_is_higher: bool
) -> None:
    """However close the values lie ('5,30-5,35'), every inner class is at least
    MIN_CLASS_WIDTH x the national median wide, and the outer classes hold every value."""
    edges = svg.relative_edges(reference, values, worse_is_higher=worse_is_higher)
    ordered = sorted(edges)
    inner = ordered[1:-1]
    for a, b in itertools.pairwise(inner):
        assert b - a >= svg.MIN_CLASS_WIDTH * reference * (1 - 1e-9)
    assert ordered[0] <= min(values) and max(values) <= ordered[-1]
    klass = svg.classify(values, edges, worse_is_higher=worse_is_higher)
    assert all(k is not None and 0 <= k <= 4 for k in klass)


def test_classes_are_relative_to_the_national_median(rb: Regiobeeld) -> None:
    """The access legend names the national median, and its first inner break is the 'short'
    threshold (0.8 x that median), so 'short' and the darkest class agree."""
    _, legend = views.access_map(rb, "avg", "municipality", "nl")
    threshold = rb.access["avg"].stats["municipality"].threshold
    assert "landelijke mediaan" in legend and "(&lt; 80%)" in legend
    digits = views.value_digits([threshold / 0.8 * b for b in svg.RELATIVE_BREAKS])
    assert views.format_number(threshold, "nl", digits) in legend


def _view_box(svg_text: str) -> tuple[float, float]:
    m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg_text)
    assert m
    return float(m.group(1)), float(m.group(2))


def test_the_region_map_is_framed_by_the_region_and_far_centres_sit_at_its_edge(
    rb: Regiobeeld,
) -> None:
    """A centre 200 km away does not change the frame: it is drawn dashed at the edge, with the
    direction arrow and its km, inside the view box."""
    far = Centre("so", "Ver weg", "Groningen", 6.57, 53.22, 201.0)
    near_map = views.region_map(dataclasses.replace(rb, centres=()), "nl")
    far_map = views.region_map(dataclasses.replace(rb, centres=(far,)), "nl")
    assert re.search(r'viewBox="[^"]+"', near_map).group() == (  # type: ignore[union-attr]
        re.search(r'viewBox="[^"]+"', far_map).group()  # type: ignore[union-attr]
    )
    label = re.search(r'<text([^>]*)class="far"[^>]*>([^<]+)</text>', far_map)
    assert label and label.group(2) == "↗ SO Groningen, 201 km"
    w, h = _view_box(far_map)
    marker = re.search(r'<rect[^>]*class="point far"[^>]*>', far_map)
    assert marker
    x = float(re.search(r' x="([\d.]+)"', marker.group()).group(1))  # type: ignore[union-attr]
    y = float(re.search(r' y="([\d.]+)"', marker.group()).group(1))  # type: ignore[union-attr]
    assert 0 <= x <= w and 0 <= y <= h


def test_the_frame_is_the_region_s_box_plus_a_margin() -> None:
    feats = geometry("gemeente")["features"][:3]
    bbox, _ = svg.map_frame(feats, ())
    own = svg.feature_bbox(feats)
    assert bbox[0] < own[0] and bbox[2] > own[2] and bbox[1] < own[1] and bbox[3] > own[3]
    assert own[0] - bbox[0] <= (own[2] - own[0]) * svg.MARGIN + 0.03 + 1e-9


def _named(svg_text: str) -> set[str]:
    names = set(re.findall(r'class="name"[^>]*>([^<]+)<', svg_text))
    names |= {
        item.split(" ", 1)[1] for item in re.findall(r'class="name-list"[^>]*>([^<]+)<', svg_text)
    }
    return names


def test_every_municipality_is_named_on_the_access_maps(rb: Regiobeeld) -> None:
    """On the map or, where the name does not fit, by a number in the list under it."""
    expected = {m.name for m in rb.municipalities}
    for p in rb.access:
        assert _named(views.access_map(rb, p, "municipality", "nl")[0]) == expected
        if p in rb.access_projected:
            assert _named(views.access_year_map(rb, p, "en")[0]) == expected
    assert _named(views.region_map(rb, "nl")) == expected


def test_the_distance_scatter_names_its_points(rb: Regiobeeld) -> None:
    for test in rb.distance:
        chart = views.distance_chart(rb, test, "nl")
        names = set(re.findall(r'class="point-label"[^>]*>([^<]+)<', chart))
        listed = {i.split(" ", 1)[1] for i in re.findall(r'class="name-list"[^>]*>([^<]+)<', chart)}
        assert {p[1] for p in test.points} <= names | listed


def test_a_large_pc4_map_is_drawn_as_hexagons(rb: Regiobeeld) -> None:
    """Beyond HEX_MIN_AREAS areas the PC4 map bins into hexagons (population-weighted mean)."""
    acc = rb.access["gp"]
    many = tuple(
        dataclasses.replace(a, code=f"{a.code}{k}", lon=a.lon + 0.001 * k)
        for k in range(views.HEX_MIN_AREAS // len(acc.pc4) + 1)
        for a in acc.pc4
    )
    big = dataclasses.replace(rb, access={**rb.access, "gp": dataclasses.replace(acc, pc4=many)})
    out, _ = views.access_map(big, "gp", "pc4", "en")
    assert 'class="cell"' in out and 'class="point"' not in out
    assert "hexagons" in views.pc4_caption(big, "gp", "en")
    assert 'class="cell"' not in views.access_map(rb, "gp", "pc4", "en")[0]


def test_hex_bins_weight_by_population() -> None:
    proj = svg.Projection.fit((4.0, 52.0, 5.0, 53.0))
    bins = svg.hex_bins([(4.5, 52.5, 1.0, 100.0), (4.5001, 52.5, 3.0, 300.0)], proj, 9.0)
    assert len(bins) == 1
    _, _, mean, weight, n = bins[0]
    assert math.isclose(mean, 2.5) and weight == 400.0 and n == 2


def test_the_workforce_chart_draws_supply_and_demand_with_their_bands(rb: Regiobeeld) -> None:
    for lang, names in (("nl", ("vraag", "aanbod")), ("en", ("demand", "supply"))):
        chart = views.supply_demand_chart(rb, "so", lang)
        for name in names:
            assert re.search(rf'class="median" data-series="{name}"', chart)
            assert re.search(rf'class="band" data-series="{name}"', chart)
            assert re.search(rf'class="end"[^>]*>{name} [\d.,]+<', chart)
        w = rb.workforce["so"]
        assert all(r.supply_p10 <= r.supply_fte <= r.supply_p90 for r in w.years)
        assert all(r.demand_p10 <= r.demand_fte <= r.demand_p90 for r in w.years)


def test_the_band_says_what_it_covers(rb: Regiobeeld) -> None:
    note = " ".join(views.band_note(rb, "gp", "en"))
    assert "only what the model varies" in note and "not" in note.lower()
    last = rb.workforce["gp"].years[-1]
    if last.gap_p90 - last.gap_p10 < views.NARROW_BAND * last.demand_fte:
        assert "narrow" in note
