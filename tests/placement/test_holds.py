"""Holds, on both backends: matching, conflicts, expiry by moving the clock, admission closing
the request, occupancy following admissions, and the audit of every transition."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from conftest import World
from regioplan.placement import (
    ConflictError,
    HoldStatus,
    RequestState,
)
from regioplan.placement.tables import holds


def test_a_request_is_matched_held_accepted_and_admitted(world: World) -> None:
    """The whole story: the best match is the near location that offers the needed care; the
    hold, acceptance and admission each move the request once, and admission closes it."""
    s = world.service
    rid = world.request()
    matches = s.match(world.coordinator, rid)
    assert next(m.location_id for m in matches) == world.location  # fit 1.0 and 5 minutes
    assert matches[0].needs_missing == () and matches[0].fit == 1.0
    assert matches[-1].location_id == world.location2  # no dementia care: fit 0 ranks last
    assert all(m.travel_minutes is not None for m in matches)
    hold = s.place_hold(world.coordinator, rid, matches[0].bed_unit_id)
    assert hold.status is HoldStatus.HELD
    assert hold.expires_at == world.clock.now() + dt.timedelta(minutes=30)
    assert s.get_request(world.gp, rid).state is RequestState.HELD
    s.accept_hold(world.manager, hold.id)
    assert s.get_request(world.gp, rid).state is RequestState.ACCEPTED
    admitted = s.admit(world.manager, hold.id)
    assert admitted.status is HoldStatus.ADMITTED
    placed = s.get_request(world.gp, rid)
    assert placed.state is RequestState.ADMITTED and placed.placed_at is not None
    assert placed.closed_at == world.clock.now()
    actions = [e.action for e in s.audit_log(world.admin, object_type="request", object_id=rid)]
    assert actions == ["request.submit", "request.hold", "request.accept", "request.admit"]
    figure = s.availability(world.gp, organisation_id=world.care_org)[0]
    assert figure.location_id == world.location and figure.occupied == 7  # 6 + the admission


def test_a_held_unit_cannot_be_held_again(world: World) -> None:
    s = world.service
    first, second = world.request(), world.request(world.other_gp, reference="X-2")
    unit = world.unit()
    s.place_hold(world.coordinator, first, unit)
    with pytest.raises(ConflictError, match="already held"):
        s.place_hold(world.coordinator, second, unit)
    with pytest.raises(ConflictError, match="cannot hold"):
        s.place_hold(world.coordinator, first, world.unit())  # the request is held already


def test_offerable_beds_limit_the_holds_of_a_location(world: World) -> None:
    """Location 2 has 4 staffed, 3 occupied: one bed to offer though 4 bed units are free."""
    s = world.service
    first, second = world.request(), world.request(reference="HA-77")
    units = [world.unit(world.location2)]
    s.place_hold(world.coordinator, first, units[0])
    other = world.unit(world.location2)
    assert other != units[0]
    with pytest.raises(ConflictError, match="no elv_high bed left"):
        s.place_hold(world.coordinator, second, other)
    assert all(m.location_id != world.location2 for m in s.match(world.coordinator, second))


def test_a_hold_lapses_when_the_clock_passes_its_expiry(world: World) -> None:
    """No background job: moving the clock past the expiry frees the bed for every reader at
    once, and the next hold on it records the lapse in the audit."""
    s = world.service
    first, second = world.request(), world.request(reference="HA-78")
    unit = world.unit(world.location2)
    hold = s.place_hold(world.coordinator, first, unit)
    world.clock.advance(dt.timedelta(minutes=29, seconds=59))
    assert s.get_request(world.gp, first).state is RequestState.HELD
    with pytest.raises(ConflictError):
        s.place_hold(world.coordinator, second, unit)
    world.clock.advance(dt.timedelta(seconds=1))
    lapsed = s.get_request(world.gp, first)
    assert lapsed.state is RequestState.OPEN and lapsed.hold is None
    assert s.availability(world.gp, organisation_id=world.care_org)[1].offerable == 1
    with pytest.raises(ConflictError, match="expired"):
        s.accept_hold(world.manager, hold.id)
    again = s.place_hold(world.coordinator, second, unit)
    assert again.status is HoldStatus.HELD
    actions = [e.action for e in s.audit_log(world.admin, object_type="request", object_id=first)]
    assert actions == ["request.submit", "request.hold", "request.expire"]
    with s.db.transaction(write=False) as conn:
        statuses = (
            conn.execute(
                sa.select(holds.c.status).where(holds.c.bed_unit_id == unit).order_by(holds.c.id)
            )
            .scalars()
            .all()
        )
    assert statuses == ["expired", "held"]


def test_an_accepted_hold_does_not_lapse(world: World) -> None:
    s = world.service
    rid = world.request()
    hold = s.place_hold(world.gp, rid, world.unit())
    s.accept_hold(world.manager, hold.id)
    world.clock.advance(dt.timedelta(hours=5))
    assert s.get_request(world.gp, rid).state is RequestState.ACCEPTED
    assert s.admit(world.manager, hold.id).status is HoldStatus.ADMITTED


def test_decline_and_release_open_the_request_again(world: World) -> None:
    s = world.service
    rid = world.request()
    hold = s.place_hold(world.gp, rid, world.unit())
    declined = s.decline_hold(world.manager, hold.id, "no_staff")
    assert declined.status is HoldStatus.DECLINED and declined.reason == "no_staff"
    assert s.get_request(world.gp, rid).state is RequestState.OPEN
    hold = s.place_hold(world.gp, rid, world.unit(world.other_location))
    released = s.release_hold(world.gp, rid, "patient_changed")
    assert released.state is RequestState.OPEN and released.hold is None
    closed = s.close_request(world.gp, rid, "no_longer_needed")
    assert closed.state is RequestState.CLOSED and closed.close_reason == "no_longer_needed"
    with pytest.raises(ConflictError, match="cannot close"):
        s.close_request(world.gp, rid, "other")


def test_closing_a_held_request_releases_its_bed(world: World) -> None:
    s = world.service
    rid, other = world.request(), world.request(reference="HA-79")
    unit = world.unit(world.location2)
    s.place_hold(world.gp, rid, unit)
    s.close_request(world.gp, rid, "placed_elsewhere")
    assert s.place_hold(world.coordinator, other, unit).status is HoldStatus.HELD


def test_discharge_frees_the_bed_and_the_count(world: World) -> None:
    s = world.service
    rid = world.request()
    hold = s.place_hold(world.gp, rid, world.unit(world.location2))
    s.accept_hold(world.manager, hold.id)
    s.admit(world.manager, hold.id)
    assert s.availability(world.gp, organisation_id=world.care_org)[-1].occupied == 4
    assert s.discharge(world.manager, hold.id).status is HoldStatus.DISCHARGED
    loc2 = next(a for a in s.availability(world.gp) if a.location_id == world.location2)
    assert loc2.occupied == 3 and loc2.offerable == 1


def test_stale_figures_are_flagged_and_sorted_last(world: World) -> None:
    s = world.service
    world.clock.advance(dt.timedelta(hours=13))
    s.confirm_capacity(world.other_manager, location_id=world.other_location, bed_type="elv_high")
    figures = s.availability(world.coordinator)
    assert next(a.location_id for a in figures) == world.other_location
    assert [a.stale for a in figures] == [False, True, True]
    assert figures[1].age_minutes == 13 * 60
    assert figures[0].confirmed_by == "manager2"
    rid = world.request()
    matches = s.match(world.coordinator, rid)
    assert [m.stale for m in matches] == [False, True, True]


def test_reducing_staffed_beds_retires_free_units_only(world: World) -> None:
    s = world.service
    rid = world.request()
    held = world.unit(world.location2)
    s.place_hold(world.gp, rid, held)
    figure = s.set_capacity(
        world.manager,
        location_id=world.location2,
        bed_type="elv_high",
        physical=4,
        staffed=1,
        occupied=0,
    )
    assert figure.staffed == 1 and figure.offerable == 0 and figure.held == 1
    from regioplan.placement.tables import bed_units

    with s.db.transaction(write=False) as conn:
        active = (
            conn.execute(
                sa.select(bed_units.c.id).where(
                    bed_units.c.location_id == world.location2, bed_units.c.active.is_(True)
                )
            )
            .scalars()
            .all()
        )
    assert active == [held]


def test_expire_due_records_every_lapsed_hold(world: World) -> None:
    s = world.service
    a, b = world.request(), world.request(reference="HA-80")
    s.place_hold(world.gp, a, world.unit())
    s.place_hold(world.gp, b, world.unit(world.other_location))
    world.clock.advance(dt.timedelta(minutes=31))
    assert s.expire_due() == 2
    assert s.expire_due() == 0
    kinds = [e.kind for e in s.events_since(world.gp, 0)][-2:]
    assert kinds == ["request.expire", "request.expire"]


def test_lists_filter_on_the_state_as_it_is_now(world: World) -> None:
    """A request whose hold lapsed is listed as open, not as held, before anything records it."""
    s = world.service
    held, other = world.request(), world.request(reference="HA-90")
    s.place_hold(world.gp, held, world.unit())
    s.close_request(world.gp, other, "other")
    by_state = {
        state: [r.id for r in s.list_requests(world.gp, states=[state])] for state in RequestState
    }
    assert by_state[RequestState.HELD] == [held] and by_state[RequestState.CLOSED] == [other]
    world.clock.advance(dt.timedelta(minutes=31))
    assert [r.id for r in s.list_requests(world.gp, states=[RequestState.OPEN])] == [held]
    assert s.list_requests(world.gp, states=[RequestState.HELD]) == []
    assert [r.id for r in s.list_requests(world.gp, limit=1)] == [other]
