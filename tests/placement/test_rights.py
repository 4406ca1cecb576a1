"""Rights per role and own or other organisation, through the service API (SQLite).

Each case calls the service as a user and expects it to succeed or to raise ForbiddenError;
the table is the one of docs/placement.md."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import T0, World, clone_world
from regioplan.placement import Action, ForbiddenError, Target, User, may
from regioplan.store import FixedClock


def _roles(world: World) -> dict[str, User]:
    return {
        "admin": world.admin,
        "coordinator": world.coordinator,
        "far_coordinator": world.far_coordinator,
        "analyst": world.analyst,
        "gp": world.gp,
        "other_gp": world.other_gp,
        "manager": world.manager,
        "other_manager": world.other_manager,
    }


def _held(world: World) -> tuple[int, int]:
    """A request of `gp` with a hold on a bed of the first care organisation."""
    rid = world.request()
    hold = world.service.place_hold(world.coordinator, rid, world.unit())
    return rid, hold.id


Case = Callable[[World, User], Any]

CASES: dict[str, tuple[Case, set[str]]] = {
    "see availability": (
        lambda w, u: w.service.availability(u),
        {
            "admin",
            "coordinator",
            "far_coordinator",
            "analyst",
            "gp",
            "other_gp",
            "manager",
            "other_manager",
        },
    ),
    "set capacity of the first care organisation": (
        lambda w, u: w.service.set_capacity(
            u, location_id=w.location, bed_type="elv_high", physical=10, staffed=8, occupied=5
        ),
        {"manager"},
    ),
    "submit a request": (
        lambda w, u: w.request(u),
        {"coordinator", "far_coordinator", "gp", "other_gp"},
    ),
    "see gp's request": (
        lambda w, u: w.service.get_request(u, w.request()),
        {"coordinator", "gp"},
    ),
    "see gp's held request (receiving side)": (
        lambda w, u: w.service.get_request(u, _held(w)[0]),
        {"coordinator", "gp", "manager"},
    ),
    "match gp's request": (
        lambda w, u: w.service.match(u, w.request()),
        {"coordinator", "gp"},
    ),
    "hold for gp's request": (
        lambda w, u: w.service.place_hold(u, w.request(), w.unit()),
        {"coordinator", "gp"},
    ),
    "close gp's request": (
        lambda w, u: w.service.close_request(u, w.request(), "other"),
        {"coordinator", "gp"},
    ),
    "release gp's hold": (
        lambda w, u: w.service.release_hold(u, _held(w)[0], "other"),
        {"coordinator", "gp"},
    ),
    "accept a hold on the first organisation's bed": (
        lambda w, u: w.service.accept_hold(u, _held(w)[1]),
        {"manager"},
    ),
    "decline a hold on the first organisation's bed": (
        lambda w, u: w.service.decline_hold(u, _held(w)[1], "no_staff"),
        {"manager"},
    ),
    "monitoring": (
        lambda w, u: w.service.monitoring(u),
        {"admin", "coordinator", "far_coordinator", "analyst"},
    ),
    "add an organisation": (
        lambda w, u: w.service.add_organisation(
            u, name=f"Nieuw {u.username}", kind="care_org", region="ZK24", municipality="GM0505"
        ),
        {"admin"},
    ),
    "add a user": (
        lambda w, u: w.service.add_user(
            u,
            username=f"new-{u.username}",
            password="long enough password",
            role="referrer",
            organisation_id=w.care_org,
        ),
        {"admin"},
    ),
    "pseudonymise": (lambda w, u: w.service.pseudonymise(u), {"admin"}),
}


ROLES = (
    "admin",
    "coordinator",
    "far_coordinator",
    "analyst",
    "gp",
    "other_gp",
    "manager",
    "other_manager",
)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_role_may_exactly_what_the_table_says(
    case: str, world_template: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """Every role tries the action on a fresh copy of the region of its own (SQLite)."""
    action, allowed = CASES[case]
    outcome = {}
    for name in ROLES:
        world = clone_world(world_template, tmp_path / f"{name}.sqlite", FixedClock(T0))
        try:
            action(world, _roles(world)[name])
            outcome[name] = True
        except ForbiddenError:
            outcome[name] = False
        finally:
            world.service.db.close()
    assert {n for n, ok in outcome.items() if ok} == allowed


def test_lists_show_only_what_the_role_may_see(world: World) -> None:
    s = world.service
    mine = world.request()
    theirs = world.request(world.other_gp, reference="P2-1")
    held, _hold = _held(world)
    assert {r.id for r in s.list_requests(world.gp)} == {mine, held}
    assert {r.id for r in s.list_requests(world.other_gp)} == {theirs}
    assert {r.id for r in s.list_requests(world.coordinator)} == {mine, theirs, held}
    assert s.list_requests(world.far_coordinator) == []
    assert [r.id for r in s.list_requests(world.manager)] == [held]
    assert s.list_requests(world.other_manager) == []
    with pytest.raises(ForbiddenError):
        s.list_requests(world.analyst)


def test_the_audit_is_scoped_by_role(world: World) -> None:
    s = world.service
    _held(world)
    everything = s.audit_log(world.admin, limit=1000)
    assert {e.region for e in s.audit_log(world.coordinator, limit=1000)} == {"ZK24"}
    own = s.audit_log(world.manager, limit=1000)
    assert own and len(own) < len(everything)
    assert any(e.action == "request.hold" for e in own)  # a hold on own bed: the partner side
    assert all(e.action != "request.hold" for e in s.audit_log(world.other_manager, limit=1000))
    with pytest.raises(ForbiddenError):
        s.audit_log(world.analyst)


def test_a_blocked_user_may_nothing() -> None:
    blocked = User(1, "x", "administrator", 1, "Org", "ZK24", active=False)
    assert not any(may(blocked, a, Target(1, "ZK24", 1)) for a in Action)
    assert not may(None, Action.VIEW_AVAILABILITY)


def test_the_reference_is_hidden_from_those_who_may_not_see_the_request(world: World) -> None:
    rid, _ = _held(world)
    assert world.service.get_request(world.manager, rid).reference == "HA-2026-0042"
    assert all(r.reference for r in world.service.list_requests(world.coordinator))
