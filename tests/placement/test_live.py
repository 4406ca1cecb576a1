"""Live changes across processes: a waiter wakes for a change written through another engine
(as another server process would), on SQLite by polling, on PostgreSQL by LISTEN/NOTIFY."""

from __future__ import annotations

import threading

from conftest import FAST, World
from regioplan.placement import PlacementService, RequestInput
from regioplan.placement.live import wait_for_events
from regioplan.store import Database


def test_a_waiter_sees_a_change_made_by_another_engine(world: World) -> None:
    s = world.service
    start = s.last_event_id()
    other_db = Database(s.db.engine.url.render_as_string(hide_password=False), clock=world.clock)
    other = PlacementService(other_db, FAST)
    got: list[object] = []

    def wait() -> None:
        got.extend(wait_for_events(s, world.gp, start, timeout=20, poll=0.05))

    waiter = threading.Thread(target=wait)
    waiter.start()
    try:
        created = other.submit_request(
            other.user("gp1"),
            RequestInput(
                reference="LIVE-1", care_type="elv_high", urgency="acute", municipality="GM0505"
            ),
        )
    finally:
        waiter.join(timeout=30)
        other_db.close()
    assert not waiter.is_alive()
    assert [(e.kind, e.object_id) for e in got] == [("request.submit", created.id)]  # type: ignore[attr-defined]


def test_a_waiter_returns_nothing_when_nothing_changes(world: World) -> None:
    s = world.service
    assert wait_for_events(s, world.gp, s.last_event_id(), timeout=0.2, poll=0.05) == []
    assert wait_for_events(s, world.gp, 0, timeout=5)[0].id == 1  # old changes at once


def test_the_feed_of_a_region_is_filtered_in_the_database(world: World) -> None:
    s = world.service
    world.request()
    everything = s.events_since(None, 0, limit=1000)
    assert {e.region for e in everything} >= {"ZK24", "ZK08"}
    mine = s.events_since(world.gp, 0, limit=1000, region="ZK24")
    assert mine == [e for e in everything if e.region in ("ZK24", None)]
    assert [e.region for e in s.events_since(None, 0, limit=1000, region="ZK08")] == ["ZK08"]
    assert s.events_since(None, 0, region="ZK01") == []
    # the limit applies after the filter: ZK24's first two, not the first two of all
    assert s.events_since(None, 0, limit=2, region="ZK24") == mine[:2]
    assert wait_for_events(s, world.gp, 0, timeout=0, region="ZK08")[0].region == "ZK08"
