"""Accessibility in the horizon year: the access engine's projection, clamped and labelled."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regioplan.access import national_median, region_access, year_range
from regioplan.data import PROFESSIONS
from regioplan.output import format_number
from regioplan.regiobeeld import Regiobeeld, sections
from regioplan.regions import Region
from regioplan.report import render_html, svg


def test_projected_numbers_are_the_engine_s_for_the_horizon(rb: Regiobeeld, region: Region) -> None:
    """Scores per municipality and the PC4 summary equal region_access(..., year=horizon)."""
    assert sorted(rb.access_projected) == sorted(PROFESSIONS)
    for prof in PROFESSIONS:
        py = rb.access_projected[prof]
        assert (py.year, py.requested, py.clamped) == (rb.horizon, rb.horizon, False)
        muni = region_access(region, prof, level="municipality", year=rb.horizon)
        assert {r.code: r.value for r in py.municipalities} == pytest.approx(muni.scores.to_dict())
        for level in ("pc4", "municipality"):
            # one yardstick on the gap's basis: the national median of the first projected year
            limit = national_median(prof, level=level, year=py.first) * sections.SHORT_FRACTION
            for year, got in ((rb.horizon, py.stats[level]), (py.first, py.base_stats[level])):
                run = region_access(region, prof, level=level, year=year)
                want = run.summary(threshold=limit)
                assert got.threshold == pytest.approx(limit)
                assert (got.mean, got.median, got.gini, got.share_below, got.population_below) == (
                    pytest.approx(
                        (want.mean, want.median, want.gini, want.share_below, want.population_below)
                    )
                )
                assert got.short_areas == len(want.short_areas)


def test_today_s_stats_are_the_engine_s(rb: Regiobeeld, region: Region) -> None:
    for prof in PROFESSIONS:
        stats = rb.access[prof].stats["pc4"]
        want = region_access(region, prof, level="pc4").summary(threshold=stats.threshold)
        assert (stats.mean, stats.median, stats.gini) == pytest.approx(
            (want.mean, want.median, want.gini)
        )
        assert stats.short_areas == rb.access[prof].short_areas_pc4


def test_a_year_beyond_the_projection_is_clamped(region: Region) -> None:
    """2050 lies beyond every parameter set: the last allowed year is shown, with the request."""
    for prof in ("so", "gp"):
        span = year_range(prof)
        got = sections.access_years(region, prof, [2050, span.first - 1])
        assert (got[2050].year, got[2050].requested, got[2050].clamped) == (span.last, 2050, True)
        assert got[span.first - 1].year == span.first
        again = region_access(region, prof, level="municipality", year=span.last)
        assert {r.code: r.value for r in got[2050].municipalities} == pytest.approx(
            again.scores.to_dict()
        )


def test_the_report_shows_the_projection_labelled_and_the_clamp(
    rb: Regiobeeld, region: Region
) -> None:
    html = render_html(rb, "nl")
    section = html[html.index('<section id="access">') : html.index('<section id="distance">')]
    assert section.count('class="access-projection"') == len(PROFESSIONS)
    assert section.count('class="fig-access-year"') == len(PROFESSIONS)
    assert f"Bereikbaarheid in {rb.horizon} (prognose, schatting)" in section
    assert 'class="note clamp"' not in section
    so = rb.access_projected["so"]
    row = re.search(r'<tr data-stat="mean">(.*?)</tr>', section.split('data-profession="so"')[1])
    assert row is not None
    assert format_number(so.stats["pc4"].mean, "nl", 3) in row.group(1)
    # the comparison's start is the first projected year on the gap's basis, not today's estimate
    assert format_number(so.base_stats["pc4"].mean, "nl", 3) in row.group(1)

    late = sections.access_years(region, "so", [2050])[2050]
    clamped = dataclasses.replace(rb, access_projected={**rb.access_projected, "so": late})
    english = render_html(clamped, "en")
    assert english.count('class="note clamp"') == 1
    assert "2050 lies outside the projection for this profession (2024–2042" in english
    assert "Accessibility in 2042 (projection, estimate)" in english


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=5, max_size=60))
def test_classify_with_own_edges_gives_the_same_classes(values: list[float]) -> None:
    for worse_is_higher in (False, True):
        klass, edges = svg.classes(values, worse_is_higher=worse_is_higher)
        assert svg.classify(values, edges, worse_is_higher=worse_is_higher) == klass


def test_classify_puts_values_beyond_the_edges_in_the_outer_classes() -> None:
    _, edges = svg.classes([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], worse_is_higher=False)
    got = svg.classify([100.0, -5.0, 3.5, float("nan")], edges, worse_is_higher=False)
    assert got == [0, 4, 2, None]
    assert svg.classify([7.0, 0.0], [3.0] * 6, worse_is_higher=False) == [2, 2]
