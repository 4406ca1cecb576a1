"""Monitoring against hand-computed figures, its CSV, and pseudonymisation after retention."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from conftest import T0, World
from regioplan.placement.monitoring import (
    CSV_COLUMNS,
    CapacityFact,
    RequestFact,
    quantile,
    summarise,
    to_csv,
)
from regioplan.placement.service import PSEUDONYM
from regioplan.placement.tables import requests

STALE = dt.timedelta(hours=12)


def _fact(hours: float | None, state: str, reason: str | None = None, org: int = 1) -> RequestFact:
    placed = None if hours is None else T0 + dt.timedelta(hours=hours)
    return RequestFact("ZK24", org, f"Org {org}", T0, state, placed, reason)


def test_figures_match_a_hand_count() -> None:
    facts = [
        _fact(2, "admitted"),
        _fact(10, "admitted"),
        _fact(30, "admitted", org=2),
        _fact(None, "closed", "no_capacity"),
        _fact(None, "closed", "no_capacity", org=2),
        _fact(None, "closed", "deceased"),
        _fact(None, "open"),
    ]
    figures = [
        CapacityFact("ZK24", 3, "Care", staffed=10, occupied=8, stale=False),
        CapacityFact("ZK24", 3, "Care", staffed=5, occupied=5, stale=True),
    ]
    report = summarise(facts, figures, [], now=T0 + dt.timedelta(hours=12), stale_after=STALE)
    region = report.rows[0]
    assert (region.level, region.key) == ("region", "ZK24")
    assert (region.requests, region.placed, region.open) == (7, 3, 1)
    assert region.hours_to_placement_median == 10.0
    assert region.hours_to_placement_p90 == pytest.approx(26.0)  # 10 + 0.8 * (30 - 10)
    # known within 24 h: 3 placed + 3 closed; the open one is only 12 h old
    assert (region.placed_within_24h, region.known_within_24h) == (2, 6)
    assert region.share_within_24h == round(2 / 6, 4)
    assert region.not_placed == {"deceased": 1, "no_capacity": 2}
    assert (region.staffed_beds_now, region.occupied_beds_now, region.occupancy_now) == (
        15,
        13,
        0.8667,
    )
    assert (region.stale_figures_now, region.share_stale_now) == (1, 0.5)
    # no history of the figures: nothing over the period
    assert report.capacity_from is None and region.occupancy_period is None
    assert [(r.level, r.name) for r in report.rows[1:]] == [
        ("organisation", "Care"),
        ("organisation", "Org 1"),
        ("organisation", "Org 2"),
    ]
    later = summarise(facts, figures, [], now=T0 + dt.timedelta(hours=24), stale_after=STALE)
    assert later.rows[0].known_within_24h == 7


def test_the_period_selects_by_submission() -> None:
    facts = [
        _fact(1, "admitted"),
        RequestFact("ZK24", 1, "O", T0 - dt.timedelta(days=2), "open", None, None),
    ]
    report = summarise(
        facts,
        [],
        [],
        now=T0,
        stale_after=STALE,
        start=T0 - dt.timedelta(hours=1),
        end=T0 + dt.timedelta(days=1),
    )
    assert report.rows[0].requests == 1
    assert summarise(facts, [], [], now=T0, stale_after=STALE, region="ZK08").rows == []


def test_quantiles() -> None:
    assert quantile([], 0.5) is None
    assert quantile([5.0], 0.9) == 5.0
    assert quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.9) == pytest.approx(4.6)


def test_the_csv_has_one_row_per_figure_row() -> None:
    report = summarise(
        [_fact(2, "admitted"), _fact(None, "closed", "other")], [], [], now=T0, stale_after=STALE
    )
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(report.rows)
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["not_placed"] == "other=1" and record["occupancy_now"] == ""
    assert record["occupancy_period"] == "" and record["stale_after_hours"] == "12"


def test_the_service_measures_its_own_placements(world: World) -> None:
    s = world.service
    rid = world.request()
    hold = s.place_hold(world.gp, rid, world.unit())
    s.accept_hold(world.manager, hold.id)
    world.clock.advance(dt.timedelta(hours=3))
    s.admit(world.manager, hold.id)
    s.close_request(world.gp, world.request(reference="HA-2"), "no_capacity")
    report = s.monitoring(world.analyst, start=T0.date(), end=T0.date() + dt.timedelta(days=1))
    region = next(r for r in report.rows if r.key == "ZK24")
    assert region.hours_to_placement_median == 3.0 and region.placed_within_24h == 1
    assert region.not_placed == {"no_capacity": 1}
    empty = s.monitoring(world.analyst, start=T0.date() + dt.timedelta(days=1))
    assert all(r.requests == 0 for r in empty.rows)


def test_closed_requests_are_pseudonymised_after_the_retention(world: World) -> None:
    s = world.service
    closed, still_open = world.request(), world.request(reference="HA-3")
    s.close_request(world.gp, closed, "placed_elsewhere")
    world.clock.advance(dt.timedelta(days=89))
    assert s.pseudonymise(world.admin) == 0
    world.clock.advance(dt.timedelta(days=1))
    assert s.pseudonymise(world.admin) == 1
    assert s.pseudonymise(world.admin) == 0
    with s.db.transaction(write=False) as conn:
        rows = dict(conn.execute(sa.select(requests.c.id, requests.c.reference)).all())
        creator = conn.execute(
            sa.select(requests.c.created_by).where(requests.c.id == closed)
        ).scalar_one()
    assert rows == {closed: PSEUDONYM, still_open: "HA-3"}
    assert creator is None
    assert s.get_request(world.gp, closed).pseudonymised
    assert all("HA-2026-0042" not in str(e.after) for e in s.audit_log(world.admin, limit=1000))
