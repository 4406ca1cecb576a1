"""Races for one bed on SQLite and PostgreSQL: exactly one hold wins, the others get a 409.

Threads start together at a barrier, each with its own request and connection. A second test
bypasses the service and shows that the database itself refuses a second active hold on a bed
unit (the partial unique index), whatever Python checked before."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from conftest import World
from regioplan.placement import ConflictError, HoldStatus
from regioplan.placement.tables import holds
from regioplan.store import Database

THREADS = 8


def _race(world: World, requests: list[int], units: list[int]) -> list[object]:
    barrier = threading.Barrier(len(requests))
    results: list[object] = [None] * len(requests)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = world.service.place_hold(world.coordinator, requests[i], units[i])
        except Exception as exc:  # collected and checked below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _active_holds(db: Database) -> list[tuple[int, int]]:
    with db.transaction(write=False) as conn:
        rows = conn.execute(
            sa.select(holds.c.bed_unit_id, holds.c.request_id).where(
                holds.c.status.in_(("held", "accepted", "admitted"))
            )
        ).all()
    return [(r.bed_unit_id, r.request_id) for r in rows]


def test_threads_racing_for_the_last_bed_unit_get_one_hold(world: World) -> None:
    """Location 2 has one bed to offer; eight threads hold the same bed unit at once."""
    requests = [world.request(reference=f"R-{i}") for i in range(THREADS)]
    unit = world.unit(world.location2)
    results = _race(world, requests, [unit] * THREADS)
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and won[0].status is HoldStatus.HELD  # type: ignore[attr-defined]
    assert len(lost) == THREADS - 1 and all(isinstance(e, ConflictError) for e in lost)
    assert [u for u, _r in _active_holds(world.service.db)] == [unit]


def test_threads_racing_for_the_last_bed_on_different_units_get_one_hold(world: World) -> None:
    """One offerable bed but four free bed units: the count check must not race either."""
    requests = [world.request(reference=f"R-{i}") for i in range(4)]
    with world.service.db.transaction(write=False) as conn:
        from regioplan.placement.tables import bed_units

        units = list(
            conn.execute(
                sa.select(bed_units.c.id).where(bed_units.c.location_id == world.location2)
            ).scalars()
        )
    assert len(units) == 4
    results = _race(world, requests, units)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, ConflictError) for r in results if isinstance(r, Exception))
    assert len(_active_holds(world.service.db)) == 1


def test_the_database_refuses_a_second_active_hold_on_a_unit(world: World) -> None:
    """Bypassing the service: the partial unique index alone refuses the second row, while a
    finished (expired) hold beside an active one is fine."""
    first, second = world.request(), world.request(reference="R-2")
    unit = world.unit()
    now = world.clock.now()
    row = {"bed_unit_id": unit, "placed_at": now, "expires_at": now}
    db = world.service.db
    with db.transaction() as conn:
        conn.execute(holds.insert().values(request_id=first, status="held", **row))
        conn.execute(holds.insert().values(request_id=second, status="expired", **row))
    with pytest.raises(Exception) as exc, db.transaction() as conn:
        conn.execute(holds.insert().values(request_id=second, status="accepted", **row))
    assert isinstance(exc.value.__cause__, sa.exc.IntegrityError)
    with pytest.raises(Exception) as exc, db.transaction() as conn:
        other_unit = world.unit(world.other_location)
        conn.execute(
            holds.insert().values(
                request_id=first, status="held", **{**row, "bed_unit_id": other_unit}
            )
        )
    assert isinstance(exc.value.__cause__, sa.exc.IntegrityError)  # one per request too
