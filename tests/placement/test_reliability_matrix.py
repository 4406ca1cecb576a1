"""The authorisation matrix over HTTP: every role × every API endpoint × own or other
organisation, with the status expected in each cell.

The endpoints are read from the app's routes, so an endpoint added without a row here fails
:func:`test_every_api_endpoint_has_a_row`. The users come in pairs -- ``gp`` and ``other_gp``
(referrers of two practices), ``manager`` and ``other_manager`` (bed managers of two care
organisations), ``coordinator`` and ``far_coordinator`` (coordination desks of ZK24 and ZK08) --
and act on objects of the first of each pair: a request of ``gp``'s practice, a hold on a bed of
``manager``'s organisation, a location of ``manager``'s organisation. So for every role the
first user is the own-organisation (own-region) cell and the second the other one; the
administrator and the analyst are organisation-independent. Each cell gets a fresh object
(its own request, hold or location) in a region copied from one built once (SQLite).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD, T0, World, clone_world
from regioplan.placement import User
from regioplan.store import FixedClock
from regioplan.web.placement_api import PREFIX
from regioplan.web.placement_app import create_placement_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

USERS = (
    "admin",
    "analyst",
    "coordinator",
    "far_coordinator",
    "gp",
    "other_gp",
    "manager",
    "other_manager",
)
"""Role × own/other: (coordinator, far_coordinator), (gp, other_gp), (manager, other_manager)."""
ALL = frozenset(USERS)
_names = itertools.count()


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    json: dict[str, Any] | None = None


Setup = Callable[[World, User], Call]
"""Makes the cell's fresh object (as the world's own users) and returns the call to try."""


def _held(w: World) -> tuple[int, int]:
    rid = w.request()
    return rid, w.service.place_hold(w.coordinator, rid, w.unit()).id


def _accepted(w: World) -> int:
    _rid, hold = _held(w)
    return w.service.accept_hold(w.manager, hold).id


def _admitted(w: World) -> int:
    return w.service.admit(w.manager, _accepted(w)).id


def _new_org(w: World, u: User) -> Call:
    body = {
        "name": f"Matrix {next(_names)}",
        "kind": "care_org",
        "region": "ZK24",
        "municipality": "GM0505",
    }
    return Call("POST", "/organisations", body)


def _new_location(w: World, u: User) -> Call:
    body = {
        "organisation_id": w.care_org,
        "name": f"Matrix {next(_names)}",
        "municipality": "GM0505",
    }
    return Call("POST", "/locations", body)


def _new_user(w: World, u: User) -> Call:
    body = {
        "username": f"matrix-{next(_names)}",
        "password": PASSWORD,
        "role": "referrer",
        "organisation_id": w.care_org,
    }
    return Call("POST", "/users", body)


def _block_user(w: World, u: User) -> Call:
    fresh = w.service.add_user(
        None,
        username=f"matrix-{next(_names)}",
        password=PASSWORD,
        role="referrer",
        organisation_id=w.gp.organisation_id,
    )
    return Call("PUT", f"/users/{fresh.id}/active", {"active": False})


def _submit(w: World, u: User) -> Call:
    body = {
        "reference": f"MX-{next(_names)}",
        "care_type": "elv_high",
        "urgency": "same_day",
        "municipality": "GM0505",
        "needs": [],
    }
    return Call("POST", "/requests", body)


def _capacity(w: World, u: User) -> Call:
    body = {"physical": 40, "staffed": 40, "occupied": 1}
    return Call("PUT", f"/locations/{w.location}/capacity/elv_high", body)


MATRIX: dict[tuple[str, str], tuple[Setup, dict[int, frozenset[str]]]] = {
    # (method, path): (setup, {status: users}); every user not named answers 403
    ("POST", "/tokens"): (
        lambda w, u: Call("POST", "/tokens", {"username": u.username, "password": PASSWORD}),
        {201: ALL},
    ),
    ("DELETE", "/tokens/current"): (lambda w, u: Call("DELETE", "/tokens/current"), {204: ALL}),
    ("GET", "/me"): (lambda w, u: Call("GET", "/me"), {200: ALL}),
    ("POST", "/me/password"): (
        lambda w, u: Call(
            "POST",
            "/me/password",
            {"old_password": PASSWORD, "new_password": "another long passphrase"},
        ),
        {200: ALL},
    ),
    ("GET", "/vocabulary"): (lambda w, u: Call("GET", "/vocabulary"), {200: ALL}),
    ("GET", "/organisations"): (lambda w, u: Call("GET", "/organisations"), {200: ALL}),
    ("POST", "/organisations"): (_new_org, {201: frozenset({"admin"})}),
    ("GET", "/locations"): (lambda w, u: Call("GET", "/locations"), {200: ALL}),
    ("POST", "/locations"): (_new_location, {201: frozenset({"admin"})}),
    ("GET", "/users"): (lambda w, u: Call("GET", "/users"), {200: frozenset({"admin"})}),
    ("POST", "/users"): (_new_user, {201: frozenset({"admin"})}),
    ("PUT", "/users/{user_id}/active"): (_block_user, {200: frozenset({"admin"})}),
    ("GET", "/availability"): (lambda w, u: Call("GET", "/availability"), {200: ALL}),
    ("PUT", "/locations/{location_id}/capacity/{bed_type}"): (
        _capacity,
        {200: frozenset({"manager"})},
    ),
    ("POST", "/locations/{location_id}/capacity/{bed_type}/confirm"): (
        lambda w, u: Call("POST", f"/locations/{w.location}/capacity/elv_high/confirm"),
        {200: frozenset({"manager"})},
    ),
    ("GET", "/requests"): (
        lambda w, u: Call("GET", "/requests"),
        {200: ALL - {"admin", "analyst"}},
    ),
    ("POST", "/requests"): (
        _submit,
        {201: frozenset({"coordinator", "far_coordinator", "gp", "other_gp"})},
    ),
    ("GET", "/requests/{request_id}"): (
        lambda w, u: Call("GET", f"/requests/{w.request()}"),
        {200: frozenset({"coordinator", "gp"})},
    ),
    ("GET", "/requests/{request_id}/matches"): (
        lambda w, u: Call("GET", f"/requests/{w.request()}/matches"),
        {200: frozenset({"coordinator", "gp"})},
    ),
    ("POST", "/requests/{request_id}/hold"): (
        lambda w, u: Call("POST", f"/requests/{w.request()}/hold", {"bed_unit_id": w.unit()}),
        {201: frozenset({"coordinator", "gp"})},
    ),
    ("POST", "/requests/{request_id}/release"): (
        lambda w, u: Call("POST", f"/requests/{_held(w)[0]}/release", {"reason": "other"}),
        {200: frozenset({"coordinator", "gp"})},
    ),
    ("POST", "/requests/{request_id}/close"): (
        lambda w, u: Call("POST", f"/requests/{w.request()}/close", {"reason": "no_longer_needed"}),
        {200: frozenset({"coordinator", "gp"})},
    ),
    ("POST", "/holds/{hold_id}/accept"): (
        lambda w, u: Call("POST", f"/holds/{_held(w)[1]}/accept"),
        {200: frozenset({"manager"})},
    ),
    ("POST", "/holds/{hold_id}/decline"): (
        lambda w, u: Call("POST", f"/holds/{_held(w)[1]}/decline", {"reason": "no_staff"}),
        {200: frozenset({"manager"})},
    ),
    ("POST", "/holds/{hold_id}/admit"): (
        lambda w, u: Call("POST", f"/holds/{_accepted(w)}/admit"),
        {200: frozenset({"manager"})},
    ),
    ("POST", "/holds/{hold_id}/discharge"): (
        lambda w, u: Call("POST", f"/holds/{_admitted(w)}/discharge"),
        {200: frozenset({"manager"})},
    ),
    ("GET", "/audit"): (lambda w, u: Call("GET", "/audit"), {200: ALL - {"analyst"}}),
    ("GET", "/events"): (lambda w, u: Call("GET", "/events"), {200: ALL}),
    ("GET", "/monitoring"): (
        lambda w, u: Call("GET", "/monitoring"),
        {200: frozenset({"admin", "analyst", "coordinator", "far_coordinator"})},
    ),
    ("GET", "/monitoring.csv"): (
        lambda w, u: Call("GET", "/monitoring.csv"),
        {200: frozenset({"admin", "analyst", "coordinator", "far_coordinator"})},
    ),
}


def _walk(routes: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(method, path) of every HTTP route, into included routers (FastAPI keeps those as
    objects of their own whose `effective_candidates()` are the routes)."""
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if nested is not None:
            yield from _walk(nested())
            continue
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if isinstance(path, str) and methods:
            for method in methods:
                yield method, path


def _api_routes() -> set[tuple[str, str]]:
    """Every route under the API prefix: those the app serves and those its schema names."""
    from regioplan.placement import PlacementService
    from regioplan.store import open_database

    db = open_database("sqlite://")
    try:
        app = create_placement_app(PlacementService(db))
        served = {(m, p) for m, p in _walk(app.routes) if m != "HEAD"}
        named = {
            (method.upper(), path)
            for path, methods in app.openapi()["paths"].items()
            for method in methods
        }
        return {
            (m, p.removeprefix(PREFIX)) for m, p in served | named if p.startswith(PREFIX + "/")
        }
    finally:
        db.close()


def test_every_api_endpoint_has_a_row() -> None:
    """A new endpoint must say who may call it before it ships."""
    assert _api_routes() == set(MATRIX)


def _users(w: World) -> dict[str, User]:
    return {
        "admin": w.admin,
        "analyst": w.analyst,
        "coordinator": w.coordinator,
        "far_coordinator": w.far_coordinator,
        "gp": w.gp,
        "other_gp": w.other_gp,
        "manager": w.manager,
        "other_manager": w.other_manager,
    }


@pytest.fixture
def region(
    world_template: tuple[Path, dict[str, int]], tmp_path: Path
) -> Iterator[tuple[World, TestClient]]:
    world = clone_world(world_template, tmp_path / "matrix.sqlite", FixedClock(T0))
    # room for a fresh hold per cell on the first care organisation's location
    world.service.set_capacity(
        world.manager, location_id=world.location, bed_type="elv_high", physical=40,
        staffed=40, occupied=0,
    )  # fmt: skip
    try:
        with TestClient(create_placement_app(world.service)) as client:
            yield world, client
    finally:
        world.service.db.close()


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: " ".join(e))
def test_each_cell_answers_as_the_matrix_says(
    endpoint: tuple[str, str], region: tuple[World, TestClient]
) -> None:
    world, client = region
    setup, expected = MATRIX[endpoint]
    want = {user: 403 for user in USERS}
    for status, who in expected.items():
        want.update(dict.fromkeys(who, status))
    got: dict[str, int] = {}
    for name, user in _users(world).items():
        call = setup(world, user)
        assert (call.method, _template(call.path)) == endpoint
        headers = {"Authorization": f"Bearer {world.service.issue_api_token(user)}"}
        if endpoint == ("POST", "/tokens"):
            headers = {}
        answer = client.request(call.method, PREFIX + call.path, json=call.json, headers=headers)
        got[name] = answer.status_code
        if answer.status_code >= 400:
            error = answer.json()["error"]
            assert error["status"] == answer.status_code, answer.text
            if answer.status_code == 403:
                assert error["type"] == "ForbiddenError"
    assert got == want


def _template(path: str) -> str:
    """The route template of a concrete path (ids and the bed type put back as names)."""
    parts = path.split("/")
    names = {
        "requests": "{request_id}",
        "holds": "{hold_id}",
        "locations": "{location_id}",
        "users": "{user_id}",
        "capacity": "{bed_type}",
    }
    out = []
    for i, part in enumerate(parts):
        previous = parts[i - 1] if i else ""
        out.append(names[previous] if previous in names and part and part != "current" else part)
    return "/".join(out)
