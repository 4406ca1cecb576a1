"""The SVG helpers: classes, escaping, projection."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from regioplan.data import geometry
from regioplan.report import svg


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=5, max_size=60))
def test_classes_are_monotone_in_badness(values: list[float]) -> None:
    """A worse value never gets a better class (higher is better here)."""
    klass, _ = svg.classes(values, worse_is_higher=False)
    pairs = sorted(zip(values, klass, strict=True))
    for (_, k1), (_, k2) in itertools.pairwise(pairs):
        assert k1 is not None and k2 is not None and k1 >= k2


def test_equal_values_are_not_called_worst() -> None:
    klass, edges = svg.classes([5.0], worse_is_higher=False)
    assert klass == [2] and edges == [5.0] * 6
    assert svg.classes([1.0, 1.0, float("nan")], worse_is_higher=True)[0] == [2, 2, None]


def test_tag_escapes_text_and_compacts_numbers() -> None:
    assert svg.tag("circle", cx=1.0, cy=2.25, stroke_width=1) == (
        '<circle cx="1" cy="2.2" stroke-width="1"/>'
    )
    assert 'data-tip="a &lt;b&gt; &quot;c&quot;"' in svg.tag("rect", data_tip='a <b> "c"')


def test_map_paths_fall_inside_the_view_box() -> None:
    feats = geometry("gemeente")["features"][:5]
    areas = {
        f["properties"]["code"]: svg.Area(f["properties"]["code"], "x", 2, "tip") for f in feats
    }
    out = svg.choropleth(feats, areas, prefix="t", title="t")
    assert out.count('class="area"') == 5
    proj = svg.Projection.fit(svg.feature_bbox(feats))
    d = svg.path_d(feats[0]["geometry"], proj)
    nums = [float(v) for v in d.replace("M", " ").replace("Z", " ").split()]
    xs, ys = nums[0::2], nums[1::2]
    assert min(xs) >= 0 and max(xs) <= proj.width
    assert min(ys) >= 0 and max(ys) <= proj.height


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(1e-3, 1e6, allow_nan=False),
    st.integers(2, 8),
)
def test_chart_ticks_cover_the_data(lo: float, span: float, n: int) -> None:
    """The axis always reaches from at most the minimum to at least the maximum."""
    from regioplan.report.chartbase import nice_ticks

    ticks = nice_ticks(lo, lo + span, n)
    assert ticks[0] <= lo + 1e-9 * max(1.0, abs(lo))
    assert ticks[-1] >= (lo + span) - 1e-9 * max(1.0, abs(lo + span))
    assert len(ticks) <= 4 * n + 2


@given(st.integers(2000, 2050), st.integers(1, 40))
def test_year_axis_labels_whole_evenly_spaced_years(first: int, span: int) -> None:
    """A time axis never labels 2027.5 as '2027': its ticks are whole years, evenly spaced."""
    from regioplan.report.chartbase import year_ticks

    ticks = year_ticks(first, first + span)
    assert ticks, "a time axis has at least one labelled year"
    assert all(v == int(v) and first <= v <= first + span for v in ticks)
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) <= 1
