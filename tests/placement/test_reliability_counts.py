"""The occupied count under concurrent writes: an admission committed while another admission or
a capacity confirmation is under way must not be lost.

Both cases interleave deterministically: a hook commits the other write through a second
connection at the exact point where the first has read the figure and not yet written it.
They reproduce the defects D1 and D2 of the reliability notes (``docs/placement.md``,
"Reliability and benchmarks") and are expected to fail where marked until the service is fixed;
``strict`` makes a fix show up as a failure here, so that the marker is removed with it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import World, build_world
from regioplan.placement import PlacementService
from regioplan.store import Database, FixedClock, open_database


def _occupied(world: World) -> int:
    return next(
        a.occupied
        for a in world.service.availability(world.manager)
        if a.location_id == world.location and a.bed_type == "elv_high"
    )


def _accepted(world: World, reference: str) -> int:
    rid = world.request(reference=reference)
    hold = world.service.place_hold(world.coordinator, rid, world.unit())
    return world.service.accept_hold(world.manager, hold.id).id


@pytest.fixture
def pair(db_url: str, clock: FixedClock) -> Iterator[tuple[World, PlacementService]]:
    """A region, and a second service on the same database through its own connections."""
    first = open_database(db_url, clock=clock)
    second = open_database(db_url, clock=clock)
    try:
        world = build_world(first, clock)
        yield world, PlacementService(second, world.service.config)
    finally:
        first.close()
        second.close()


def test_two_admissions_at_once_count_two_beds(
    pair: tuple[World, PlacementService],
) -> None:
    """Admission A has read the capacity row and is about to write it when admission B (another
    connection) commits: both must be counted."""
    world, other = pair
    first, second = _accepted(world, "ADM-A1"), _accepted(world, "ADM-B2")
    before = _occupied(world)
    fired = threading.Event()
    done = threading.Thread(target=lambda: other.admit(world.manager, second))

    def hook(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if fired.is_set() or not statement.lstrip().upper().startswith("UPDATE PLACEMENT_CAPACITY"):
            return
        fired.set()
        done.start()
        done.join(timeout=3)  # a fix that locks the row makes B wait for A: go on after 3 s

    sa.event.listen(world.service.db.engine, "before_cursor_execute", hook)
    try:
        world.service.admit(world.manager, first)
    finally:
        sa.event.remove(world.service.db.engine, "before_cursor_execute", hook)
    done.join(timeout=60)
    assert fired.is_set() and not done.is_alive()
    assert _occupied(world) == before + 2


def test_a_confirmation_keeps_an_admission_made_meanwhile(
    pair: tuple[World, PlacementService], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An admission commits just before the confirmation's writing transaction begins (after
    any reading it did before): the confirmed figure must include it."""
    world, other = pair
    hold = _accepted(world, "ADM-C3")
    before = _occupied(world)
    db: Database = world.service.db
    real = db.transaction
    fired: list[bool] = []

    @contextmanager
    def transaction(*, write: bool = True) -> Iterator[Any]:
        if write and not fired:
            fired.append(True)
            other.admit(world.manager, hold)
        with real(write=write) as conn:
            yield conn

    monkeypatch.setattr(db, "transaction", transaction)
    world.service.confirm_capacity(world.manager, location_id=world.location, bed_type="elv_high")
    monkeypatch.undo()
    assert fired
    assert _occupied(world) == before + 1
