"""Occupancy and staleness over a period, rebuilt from a figure's changes (pure): invariants
(Hypothesis) and a naive minute-by-minute reference the integrals must equal exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.placement.monitoring import CapacityFact, RequestFact, summarise
from regioplan.placement.occupancy import (
    CapacityChange,
    CapacityHistory,
    CapacityTime,
    integrate,
    total,
)

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
US_PER_MINUTE = 60_000_000


def _at(minutes: int) -> dt.datetime:
    return T0 + minutes * MINUTE


def _history(*changes: CapacityChange, org: int = 1, region: str = "ZK24") -> CapacityHistory:
    return CapacityHistory(region, org, f"Org {org}", org * 10, "elv_high", changes)


@st.composite
def histories(draw: st.DrawFn, *, monotone: bool = False) -> CapacityHistory:
    """A figure's changes at whole minutes: a report, then reports, confirmations and
    admissions or discharges; occupied never above staffed. Unless `monotone`, a stamp may be
    a few minutes older than the one before (a writer that queued for the bed lock)."""
    at = draw(st.integers(-200, 600))
    staffed = draw(st.integers(0, 20))
    occupied = draw(st.integers(0, staffed))
    changes = [CapacityChange(_at(at), occupied, staffed, True)]
    for _ in range(draw(st.integers(0, 8))):
        at += draw(st.integers(0 if monotone else -5, 600))
        kind = draw(st.sampled_from(["report", "confirm", "move"]))
        if kind == "report":
            staffed = draw(st.integers(0, 20))
        if kind != "confirm":
            occupied = draw(st.integers(0, staffed))
        move = kind == "move"
        changes.append(CapacityChange(_at(at), occupied, None if move else staffed, not move))
    return _history(*changes)


periods = st.tuples(st.integers(-300, 3000), st.integers(0, 3000)).map(
    lambda p: (p[0], p[0] + p[1])
)
stale_minutes = st.integers(1, 900)


def reference(history: CapacityHistory, start: int, end: int, stale: int) -> tuple[int, ...]:
    """(staffed, occupied, figure, stale) minutes over [start, end), walking minute by minute:
    at minute t a change is in force when it and every change before it are stamped at or
    before t; the figure is stale in minute t when t lies `stale` or more minutes after the
    stamp of its last report or confirmation (the same measure as 'more than')."""
    stamps = [int((c.at - T0) / MINUTE) for c in history.changes]
    staffed_m = occupied_m = figure_m = stale_m = 0
    for t in range(start, end):
        applied = 0
        while applied < len(stamps) and max(stamps[: applied + 1]) <= t:
            applied += 1
        if applied == 0:
            continue
        staffed = occupied = confirmed = 0
        for change, stamp in zip(history.changes[:applied], stamps, strict=False):
            staffed = change.staffed if change.staffed is not None else staffed
            occupied = change.occupied
            confirmed = stamp if change.confirms else confirmed
        staffed_m += staffed
        occupied_m += occupied
        figure_m += 1
        stale_m += t - confirmed >= stale
    return staffed_m, occupied_m, figure_m, stale_m


@given(histories(), periods, stale_minutes)
@settings(max_examples=150, deadline=None)
def test_the_integrals_equal_a_minute_by_minute_count(
    history: CapacityHistory, period: tuple[int, int], stale: int
) -> None:
    start, end = period
    got = integrate(history, _at(start), _at(end), stale_after=stale * MINUTE)
    expected = reference(history, start, end, stale)
    assert got.span == (end - start) * US_PER_MINUTE
    assert (got.staffed, got.occupied, got.figure, got.stale) == tuple(
        m * US_PER_MINUTE for m in expected
    )


@given(
    st.integers(0, 30),
    st.integers(0, 30),
    st.integers(-500, 0),
    periods,
    st.integers(0, 30),
)
def test_a_constant_figure_gives_exactly_its_ratio(
    staffed: int, occupied: int, reported: int, period: tuple[int, int], hours: int
) -> None:
    """A figure reported at or before the start and never changed: its occupancy over the
    period is occupied / staffed, its mean beds are its beds; stale from its age's limit on."""
    start, end = period[0] + 500, period[1] + 500
    history = _history(CapacityChange(_at(reported), occupied, staffed, True))
    got = integrate(history, _at(start), _at(end), stale_after=hours * HOUR)
    if end == start:
        assert got == CapacityTime(0)
        return
    assert got.occupancy() == (occupied / staffed if staffed else None)
    assert got.mean_staffed() == staffed and got.mean_occupied() == occupied
    stale_from = min(max(reported + 60 * hours, start), end)
    assert got.share_stale() == (end - stale_from) / (end - start)


@given(histories(), periods, st.floats(0, 1), stale_minutes)
@settings(max_examples=150, deadline=None)
def test_splitting_the_period_gives_the_weighted_mean_of_the_halves(
    history: CapacityHistory, period: tuple[int, int], cut: float, stale: int
) -> None:
    start, end = period
    middle = start + round((end - start) * cut)
    s = stale * MINUTE
    whole = integrate(history, _at(start), _at(end), stale_after=s)
    first = integrate(history, _at(start), _at(middle), stale_after=s)
    second = integrate(history, _at(middle), _at(end), stale_after=s)
    for name in ("span", "staffed", "occupied", "figure", "stale"):
        assert getattr(whole, name) == getattr(first, name) + getattr(second, name)
    if whole.span:
        # mean beds: the time-weighted mean of the halves' means
        halves = [h for h in (first, second) if h.span]
        mean = sum((h.mean_staffed() or 0) * h.span for h in halves) / whole.span
        assert whole.mean_staffed() == pytest.approx(mean)
    if whole.staffed:
        # occupancy: the halves' occupancies weighted by their staffed bed-hours
        weighted = sum((h.occupancy() or 0) * h.staffed for h in (first, second) if h.staffed)
        assert whole.occupancy() == pytest.approx(weighted / whole.staffed)
    if whole.figure:
        weighted = sum((h.share_stale() or 0) * h.figure for h in (first, second) if h.figure)
        assert whole.share_stale() == pytest.approx(weighted / whole.figure)


@given(st.lists(histories(), min_size=1, max_size=4), periods, stale_minutes)
@settings(max_examples=100, deadline=None)
def test_shares_stay_within_0_and_1_when_occupied_never_exceeds_staffed(
    group: list[CapacityHistory], period: tuple[int, int], stale: int
) -> None:
    start, end = period
    got = total(group, _at(start), _at(end), stale_after=stale * MINUTE)
    assert got.occupancy() is None or 0 <= got.occupancy() <= 1  # type: ignore[operator]
    assert got.share_stale() is None or 0 <= got.share_stale() <= 1  # type: ignore[operator]
    assert 0 <= got.figure <= got.span * len(group)
    assert got.occupied <= got.staffed


def test_a_figure_reported_inside_the_period_counts_from_its_report() -> None:
    history = _history(CapacityChange(_at(6 * 60), 3, 4, True))
    got = integrate(history, T0, _at(8 * 60), stale_after=12 * HOUR)
    assert got.figure_hours() == 2.0 and got.mean_staffed() == 1.0  # 4 beds for 2 of 8 hours
    assert got.occupancy() == 0.75


def test_an_older_stamp_after_a_newer_one_counts_from_the_one_before() -> None:
    """Two admissions queued for one figure's lock: the second committed (audit id order)
    carries the older stamp; its value counts from the first one's time, and stays."""
    history = _history(
        CapacityChange(T0, 5, 10, True),
        CapacityChange(_at(60), 6),
        CapacityChange(_at(59), 7),
    )
    got = integrate(history, T0, _at(120), stale_after=12 * HOUR)
    assert got.occupied == (5 * 60 + 7 * 60) * US_PER_MINUTE


def test_bad_histories_and_periods_are_refused() -> None:
    admission_first = _history(CapacityChange(T0, 5))
    with pytest.raises(ValueError, match="does not report the figure"):
        integrate(admission_first, T0, _at(60), stale_after=HOUR)
    ok = _history(CapacityChange(T0, 5, 6, True))
    with pytest.raises(ValueError, match="lies before start"):
        integrate(ok, _at(60), T0, stale_after=HOUR)
    with pytest.raises(ValueError, match="different lengths"):
        _ = CapacityTime(1) + CapacityTime(2)


def test_summarise_integrates_per_region_and_organisation() -> None:
    """Two care organisations and a referrer; the period ends at the report's time."""
    care = _history(CapacityChange(T0, 6, 8, True), CapacityChange(_at(120), 8), org=1)
    other = _history(CapacityChange(_at(60), 2, 4, True), org=2)
    far = _history(CapacityChange(T0, 1, 1, True), org=3, region="ZK08")
    request = RequestFact("ZK24", 4, "Org 4", T0, "open", None, None)
    now_figure = CapacityFact("ZK24", 1, "Org 1", staffed=8, occupied=8, stale=False)
    now = _at(240)
    report = summarise(
        [request],
        [now_figure],
        [care, other, far],
        now=now,
        stale_after=3 * HOUR,
        region="ZK24",
        end=now + 10 * HOUR,
    )
    assert (report.capacity_from, report.capacity_to) == (T0, now)  # open start, capped end
    rows = {(r.level, r.key): r for r in report.rows}
    assert set(rows) == {("region", "ZK24"), *(("organisation", k) for k in ("1", "2", "4"))}
    org1 = rows["organisation", "1"]
    # 2 h at 6 of 8, 2 h at 8 of 8; stale in the last hour (reported at T0, limit 3 h)
    assert (org1.occupancy_period, org1.staffed_beds_mean, org1.occupied_beds_mean) == (
        0.875,
        8.0,
        7.0,
    )
    assert (org1.figure_hours, org1.stale_figure_hours, org1.share_stale_period) == (4, 1, 0.25)
    assert (org1.occupancy_now, org1.figures_now) == (1.0, 1)
    region = rows["region", "ZK24"]
    # Org 2: 4 beds, 2 occupied for the last 3 of the 4 hours, never stale
    assert region.occupancy_period == round((28 + 6) / (32 + 12), 4)
    assert region.staffed_beds_mean == 11.0 and region.figure_hours == 7.0
    assert region.share_stale_period == round(1 / 7, 4)
    referrer = rows["organisation", "4"]
    assert referrer.requests == 1 and referrer.occupancy_period is None
    assert referrer.figure_hours is None and referrer.staffed_beds_mean is None


def test_no_period_after_the_report_time_or_without_figures() -> None:
    care = _history(CapacityChange(T0, 6, 8, True))
    later = summarise([], [], [care], now=_at(60), stale_after=HOUR, start=_at(120), end=_at(240))
    assert later.capacity_from is None and later.rows == []
    nothing = summarise([], [], [], now=_at(60), stale_after=HOUR)
    assert nothing.rows == [] and nothing.capacity_from is None
    with pytest.raises(ValueError, match="lies before start"):
        summarise([], [], [care], now=T0, stale_after=HOUR, start=_at(60), end=T0)
