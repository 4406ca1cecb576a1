"""Invariants of the edges (Hypothesis): staffing written as TOML rows reads back hour for hour;
a roster that repeats one week gives exactly that week."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.ooh import Staffing, StaffingRow
from regioplan.ooh.posts import _runs
from regioplan.ooh.roster_staffing import Duty, ShiftMap, ShiftTarget, roster_staffing

week = st.lists(st.integers(0, 4), min_size=168, max_size=168).map(lambda v: np.array(v))


@given(week)
@settings(max_examples=60, deadline=None)
def test_rows_read_back_hour_for_hour(counts: np.ndarray) -> None:
    rows = [
        StaffingRow(post="a", role="car", days=d, hours=h, count=c) for d, h, c in _runs(counts)
    ]
    assert (Staffing.from_rows(rows).get("a", "car") == counts).all()


SHIFTS = {"E": (17 * 60, 23 * 60), "N": (23 * 60, 32 * 60), "D": (8 * 60, 17 * 60)}


@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.sampled_from(sorted(SHIFTS)), st.integers(1, 3)),
        min_size=1,
        max_size=12,
    ),
    st.integers(2, 4),
)
@settings(max_examples=40, deadline=None)
def test_a_repeated_week_is_the_typical_week(
    pattern: list[tuple[int, str, int]], weeks: int
) -> None:
    """Duties that repeat for two or more weeks (from a Monday, no holidays) give exactly one
    week's head counts: the median over the weeks the roster spans."""
    monday = dt.date(2025, 9, 1)  # September-November 2025: no public holidays
    duties: list[Duty] = []
    for w in range(weeks):
        for day, shift, n in pattern:
            start, end = SHIFTS[shift]
            when = monday + dt.timedelta(days=7 * w + day)
            duties += [Duty(when, shift, start, end, f"p{k}", None, "row") for k in range(n)]
    shift_map = ShiftMap({s: ShiftTarget("a", "post_gp") for s in SHIFTS}, None, "<map>")
    got = roster_staffing(duties, shift_map, year=2025, source="<roster>").get("a", "post_gp")
    expected = np.zeros(168, np.int64)  # the week's pattern, a Sunday night into Monday
    for day, shift, n in pattern:
        start, end = SHIFTS[shift]
        for h in range(start // 60, end // 60):
            expected[(24 * day + h) % 168] += n
    assert got.tolist() == expected.tolist()
