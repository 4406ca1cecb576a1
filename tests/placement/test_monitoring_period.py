"""Occupancy and staleness over a period, rebuilt by the service from the audit log: capacity
changed at known times on a fixed clock, figures checked to the bed-hour, on each backend."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from conftest import T0, World
from regioplan.errors import StorageError, ValidationError
from regioplan.placement.monitoring import Monitoring, MonitoringRow
from regioplan.placement.tables import audit

HOUR = dt.timedelta(hours=1)
DAY1 = T0.date()  # 2026-03-02; T0 is 09:00 UTC
DAY2 = DAY1 + dt.timedelta(days=1)
MIDNIGHT = dt.datetime.combine(DAY2, dt.time(), tzinfo=dt.UTC)


def _row(report: Monitoring, level: str, key: str) -> MonitoringRow:
    return next(r for r in report.rows if (r.level, r.key) == (level, key))


def _day_of_changes(world: World) -> None:
    """The world's three figures are reported at 09:00 (Dordrecht 8 staffed / 6 occupied,
    Zwijndrecht 4 / 3, both of organisation A; Gorinchem 5 / 4 of organisation B). Then:
    11:00 Dordrecht reports 10 / 8; 13:00 an admission there (9 occupied); 15:00 the discharge
    (8); 19:00 Zwijndrecht is confirmed. The clock ends at midnight."""
    s, clock = world.service, world.clock
    clock.set(T0 + 2 * HOUR)
    s.set_capacity(
        world.manager,
        location_id=world.location,
        bed_type="elv_high",
        physical=10,
        staffed=10,
        occupied=8,
    )
    clock.set(T0 + 3 * HOUR)
    hold = s.place_hold(world.coordinator, world.request(), world.unit())
    s.accept_hold(world.manager, hold.id)
    clock.set(T0 + 4 * HOUR)
    s.admit(world.manager, hold.id)
    clock.set(T0 + 6 * HOUR)
    s.discharge(world.manager, hold.id)
    clock.set(T0 + 10 * HOUR)
    s.confirm_capacity(world.manager, location_id=world.location2, bed_type="elv_high")
    clock.set(MIDNIGHT)


def test_a_day_of_changes_gives_the_hand_computed_bed_hours(world: World) -> None:
    _day_of_changes(world)
    report = world.service.monitoring(world.analyst, start=DAY1, end=DAY2)
    assert (report.capacity_from, report.capacity_to) == (MIDNIGHT - 24 * HOUR, MIDNIGHT)
    assert report.stale_after_hours == 12
    a = _row(report, "organisation", str(world.care_org))
    # Dordrecht 09-11 8/6, 11-13 10/8, 13-15 10/9, 15-24 10/8: 146 staffed, 118 occupied
    # bed-hours; Zwijndrecht 15 h at 4/3: 60 and 45. Dordrecht is stale from 23:00 (12 h after
    # its 11:00 report; admissions do not confirm); Zwijndrecht, confirmed at 19:00, never.
    assert a.occupancy_period == round(163 / 206, 4)
    assert (a.staffed_beds_mean, a.occupied_beds_mean) == (round(206 / 24, 2), round(163 / 24, 2))
    assert (a.figure_hours, a.stale_figure_hours) == (30.0, 1.0)
    assert a.share_stale_period == round(1 / 30, 4)
    b = _row(report, "organisation", str(world.other_care_org))
    # Gorinchem: 15 h at 5/4, stale from 21:00
    assert (b.occupancy_period, b.occupied_beds_mean) == (0.8, 2.5)
    assert (b.figure_hours, b.stale_figure_hours, b.share_stale_period) == (15.0, 3.0, 0.2)
    region = _row(report, "region", "ZK24")
    assert region.occupancy_period == round(223 / 281, 4)
    assert region.staffed_beds_mean == round(281 / 24, 2)
    assert (region.figure_hours, region.stale_figure_hours) == (45.0, 4.0)
    # now (midnight): Dordrecht 10/8 stale, Zwijndrecht 4/3, Gorinchem 5/4 stale
    assert (region.staffed_beds_now, region.occupied_beds_now) == (19, 15)
    assert (region.figures_now, region.stale_figures_now) == (3, 2)
    assert (a.occupancy_now, a.share_stale_now) == (round(11 / 14, 4), 0.5)
    referrer = next(r for r in report.rows if r.name == "Huisartsenpraktijk Example")
    assert referrer.requests == 1 and referrer.occupancy_period is None


def test_the_value_in_force_at_the_start_carries_over(world: World) -> None:
    """The next morning: each figure's last change before midnight holds from midnight on;
    the period ends at the report's time (noon), not at the end of the day."""
    _day_of_changes(world)
    world.clock.set(MIDNIGHT + 12 * HOUR)
    report = world.service.monitoring(world.coordinator, start=DAY2, end=DAY2 + dt.timedelta(1))
    assert (report.capacity_from, report.capacity_to) == (MIDNIGHT, MIDNIGHT + 12 * HOUR)
    a = _row(report, "organisation", str(world.care_org))
    # Dordrecht 10/8 and stale all 12 h; Zwijndrecht 4/3, stale from 07:00 (5 h)
    assert (a.occupancy_period, a.staffed_beds_mean, a.occupied_beds_mean) == (
        round(132 / 168, 4),
        14.0,
        11.0,
    )
    assert (a.figure_hours, a.stale_figure_hours) == (24.0, 17.0)
    b = _row(report, "organisation", str(world.other_care_org))
    assert (b.occupancy_period, b.share_stale_period) == (0.8, 1.0)
    # the requests are counted by submission: none on the second day
    assert _row(report, "region", "ZK24").requests == 0

    whole = world.service.monitoring(world.coordinator)  # open: from the first report on
    assert (whole.capacity_from, whole.capacity_to) == (T0, MIDNIGHT + 12 * HOUR)
    a_whole = _row(whole, "organisation", str(world.care_org))
    assert a_whole.figure_hours == 54.0 and a_whole.stale_figure_hours == 18.0
    assert a_whole.staffed_beds_mean == round((206 + 168) / 27, 2)


def test_a_period_in_the_future_has_no_capacity_figures(world: World) -> None:
    report = world.service.monitoring(world.analyst, start=DAY2, end=DAY2 + dt.timedelta(2))
    assert report.capacity_from is None and report.capacity_to is None
    region = _row(report, "region", "ZK24")
    assert region.occupancy_period is None and region.figures_now == 3
    with pytest.raises(ValidationError, match="lies before start"):
        world.service.monitoring(world.analyst, start=DAY2, end=DAY1)


def test_the_csv_labels_now_and_the_period(world: World) -> None:
    _day_of_changes(world)
    text = world.service.monitoring_csv(world.analyst, start=DAY1, end=DAY2, region="ZK24")
    rows = list(csv.DictReader(io.StringIO(text)))
    region = next(r for r in rows if r["level"] == "region")
    assert region["capacity_from"] == "2026-03-02T00:00:00+00:00"
    assert region["capacity_to"] == "2026-03-03T00:00:00+00:00"
    assert (region["occupancy_now"], region["occupancy_period"]) == (
        str(round(15 / 19, 4)),
        str(round(223 / 281, 4)),
    )
    assert (region["figure_hours"], region["stale_figure_hours"]) == ("45.0", "4.0")
    assert region["stale_after_hours"] == "12"


def test_an_audit_row_without_counts_is_reported(world: World) -> None:
    with world.service.db.transaction() as conn:
        conn.execute(
            sa.insert(audit).values(
                at=T0 + HOUR,
                action="capacity.set",
                object_type="location",
                object_id=world.location,
                after={"bed_type": "elv_high"},
            )
        )
    with pytest.raises(StorageError, match=r"audit row \d+ \(capacity.set\) lacks the counts"):
        world.service.monitoring(world.analyst)
