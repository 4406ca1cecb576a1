"""The JSON API over HTTP (in-process): the story end to end with bearer tokens, the one error
shape for 401/403/404/409/422/429, and the session cookie with its CSRF header."""

from __future__ import annotations

import datetime as dt
import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD, World

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

from regioplan.placement.auth import CSRF_HEADER, SESSION_COOKIE
from regioplan.web.placement_app import create_placement_app

API = "/api/placement"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_placement_app(world.service)) as c:
        yield c


def _login(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post(f"{API}/tokens", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _error(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()["error"]
    assert set(body) == {"type", "message", "exit_code", "status", "problems", "details"}
    assert body["status"] == status
    return body


def test_referrer_coordinator_and_bed_manager_do_their_work(
    client: TestClient, world: World
) -> None:
    gp, coord, manager = (_login(client, u) for u in ("gp1", "coord", "manager"))
    created = client.post(
        f"{API}/requests",
        headers=gp,
        json={
            "reference": "HA-2026-0042",
            "care_type": "elv_high",
            "urgency": "same_day",
            "municipality": "GM0505",
            "needs": ["dementia"],
        },
    )
    assert created.status_code == 201 and created.json()["state"] == "open"
    rid = created.json()["id"]
    matches = client.get(f"{API}/requests/{rid}/matches", headers=coord).json()
    assert matches[0]["location_id"] == world.location
    held = client.post(
        f"{API}/requests/{rid}/hold", headers=coord, json={"bed_unit_id": matches[0]["bed_unit_id"]}
    )
    assert held.status_code == 201 and held.json()["status"] == "held"
    hold_id = held.json()["id"]
    mine = client.get(f"{API}/requests", headers=manager).json()
    assert [r["id"] for r in mine] == [rid] and mine[0]["hold"]["id"] == hold_id
    assert client.post(f"{API}/holds/{hold_id}/accept", headers=manager).json()["status"] == (
        "accepted"
    )
    assert client.post(f"{API}/holds/{hold_id}/admit", headers=manager).json()["status"] == (
        "admitted"
    )
    assert client.get(f"{API}/requests/{rid}", headers=gp).json()["state"] == "admitted"
    audit = client.get(f"{API}/audit", headers=coord, params={"object_type": "request"}).json()
    assert [e["action"] for e in audit if e["object_id"] == rid] == [
        "request.submit",
        "request.hold",
        "request.accept",
        "request.admit",
    ]
    feed = client.get(f"{API}/events", headers=gp, params={"after_id": 0, "limit": 1000}).json()
    assert feed["events"][-1]["kind"] == "capacity.admit"
    assert feed["last_id"] == feed["events"][-1]["id"]
    world.clock.advance(dt.timedelta(hours=1))
    report = client.get(f"{API}/monitoring", headers=coord).json()
    region = next(r for r in report["rows"] if r["level"] == "region" and r["key"] == "ZK24")
    assert region["placed"] == 1 and region["placed_within_24h"] == 1
    assert {"occupancy_now", "occupancy_period", "share_stale_period"} <= region.keys()
    assert report["capacity_from"] is not None and report["stale_after_hours"] == 12
    csv_text = client.get(f"{API}/monitoring.csv", headers=coord).text
    assert csv_text.startswith("period_start,period_end,level,key,name,requests")


def test_errors_come_in_the_one_shape(client: TestClient, world: World) -> None:
    gp, other = _login(client, "gp1"), _login(client, "gp2")
    assert _error(client.get(f"{API}/me"), 401)["type"] == "AuthenticationError"
    _error(client.get(f"{API}/me", headers={"Authorization": "Bearer nonsense"}), 401)
    bad = client.post(
        f"{API}/requests",
        headers=gp,
        json={
            "reference": "12-03-1941",
            "care_type": "elv_high",
            "urgency": "same_day",
            "municipality": "GM0505",
        },
    )
    body = _error(bad, 422)
    assert [p["field"] for p in body["problems"]] == ["reference"]
    missing = _error(client.post(f"{API}/requests", headers=gp, json={"reference": "X1"}), 422)
    assert {p["field"] for p in missing["problems"]} >= {"body.care_type", "body.urgency"}
    _error(client.post(f"{API}/requests", headers=gp, json={"extra": 1}), 422)
    rid = world.request()
    assert _error(client.get(f"{API}/requests/{rid}", headers=other), 403)["type"] == (
        "ForbiddenError"
    )
    _error(client.get(f"{API}/requests/999999", headers=gp), 404)
    unit = world.unit()
    assert client.post(f"{API}/requests/{rid}/hold", headers=gp, json={"bed_unit_id": unit})
    second = world.request(world.other_gp, reference="P2-1")
    taken = client.post(f"{API}/requests/{second}/hold", headers=other, json={"bed_unit_id": unit})
    conflict = _error(taken, 409)
    assert "already held" in conflict["message"] and conflict["details"] == {"code": "bed_taken"}
    closed = world.request(world.other_gp, reference="P2-2")
    assert client.post(
        f"{API}/requests/{closed}/close", headers=other, json={"reason": "no_longer_needed"}
    )
    again = client.post(
        f"{API}/requests/{closed}/close", headers=other, json={"reason": "no_longer_needed"}
    )
    assert _error(again, 409)["details"]["code"] == "transition"
    nothing = client.post(
        f"{API}/requests/{closed}/release", headers=other, json={"reason": "other"}
    )
    assert _error(nothing, 409)["details"]["code"] in ("hold_state", "transition")
    _error(client.get(f"{API}/requests/0", headers=gp), 422)
    _error(client.get(f"{API}/monitoring", headers=gp), 403)
    _error(
        client.get(
            f"{API}/monitoring",
            headers=_login(client, "coord"),
            params={"start": "2026-03-02", "end": "2026-03-01"},
        ),
        422,
    )


def test_too_many_failed_logins_answer_429_with_retry_after(client: TestClient) -> None:
    for _ in range(5):
        _error(client.post(f"{API}/tokens", json={"username": "gp1", "password": "nope"}), 401)
    refused = client.post(f"{API}/tokens", json={"username": "gp1", "password": PASSWORD})
    body = _error(refused, 429)
    assert int(refused.headers["Retry-After"]) == body["details"]["retry_after"] > 0


def test_a_session_cookie_needs_the_csrf_header_to_write(client: TestClient, world: World) -> None:
    ticket = world.service.start_session("gp1", PASSWORD)
    client.cookies.set(SESSION_COOKIE, ticket.token)
    assert client.get(f"{API}/me").json()["username"] == "gp1"  # reading needs no CSRF
    body = {
        "reference": "HA-1",
        "care_type": "elv_high",
        "urgency": "planned",
        "municipality": "GM0505",
    }
    assert "CSRF" in _error(client.post(f"{API}/requests", json=body), 403)["message"]
    _error(client.post(f"{API}/requests", json=body, headers={CSRF_HEADER: "forged"}), 403)
    made = client.post(f"{API}/requests", json=body, headers={CSRF_HEADER: ticket.csrf})
    assert made.status_code == 201
    client.cookies.clear()


def test_capacity_and_admin_routes(client: TestClient, world: World) -> None:
    manager, admin = _login(client, "manager"), _login(client, "admin")
    put = client.put(
        f"{API}/locations/{world.location}/capacity/elv_high",
        headers=manager,
        json={"physical": 10, "staffed": 9, "occupied": 2},
    )
    assert put.status_code == 200 and put.json()["available"] == 7
    world.clock.advance(dt.timedelta(hours=20))
    stale = client.get(f"{API}/availability", headers=manager).json()
    assert all(a["stale"] for a in stale)
    confirm = client.post(
        f"{API}/locations/{world.location}/capacity/elv_high/confirm", headers=manager
    )
    assert confirm.json()["stale"] is False and confirm.json()["confirmed_by"] == "manager"
    _error(
        client.put(
            f"{API}/locations/{world.other_location}/capacity/elv_high",
            headers=manager,
            json={"physical": 1, "staffed": 1, "occupied": 0},
        ),
        403,
    )
    org = client.post(
        f"{API}/organisations",
        headers=admin,
        json={"name": "Hospice X", "kind": "care_org", "region": "ZK24", "municipality": "GM0512"},
    )
    assert org.status_code == 201
    loc = client.post(
        f"{API}/locations",
        headers=admin,
        json={"organisation_id": org.json()["id"], "name": "Hospice", "municipality": "GM0512"},
    )
    assert loc.status_code == 201
    user = client.post(
        f"{API}/users",
        headers=admin,
        json={
            "username": "hospice1",
            "password": "a long passphrase",
            "role": "bed_manager",
            "organisation_id": org.json()["id"],
        },
    )
    assert user.status_code == 201 and "password" not in user.json()
    assert (
        _error(
            client.post(
                f"{API}/users",
                headers=admin,
                json={
                    "username": "hospice1",
                    "password": "a long passphrase",
                    "role": "bed_manager",
                    "organisation_id": org.json()["id"],
                },
            ),
            409,
        )["message"]
        == "that user name is taken"
    )
    _error(client.get(f"{API}/users", headers=manager), 403)
    vocabulary = client.get(f"{API}/vocabulary", headers=manager).json()
    assert vocabulary["hold_minutes"] == 30 and "dementia" in vocabulary["needs"]
    assert client.delete(f"{API}/tokens/current", headers=manager).status_code == 204
    _error(client.get(f"{API}/me", headers=manager), 401)


def test_an_administrator_blocks_and_unblocks_a_user(client: TestClient, world: World) -> None:
    admin, gp = _login(client, "admin"), _login(client, "gp1")
    blocked = client.put(f"{API}/users/{world.gp.id}/active", headers=admin, json={"active": False})
    assert blocked.status_code == 200 and blocked.json()["active"] is False
    _error(client.get(f"{API}/me", headers=gp), 401)  # the user's tokens were revoked
    _error(client.post(f"{API}/tokens", json={"username": "gp1", "password": PASSWORD}), 401)
    self_block = _error(
        client.put(f"{API}/users/{world.admin.id}/active", headers=admin, json={"active": False}),
        422,
    )
    assert self_block["problems"][0]["field"] == "user_id"
    coordinator = _login(client, "coord")
    _error(
        client.put(f"{API}/users/{world.gp.id}/active", headers=coordinator, json={"active": True}),
        403,
    )
    _error(client.put(f"{API}/users/999999/active", headers=admin, json={"active": True}), 404)
    again = client.put(f"{API}/users/{world.gp.id}/active", headers=admin, json={"active": True})
    assert again.status_code == 200 and again.json()["active"] is True
    assert _login(client, "gp1")


def test_the_docs_list_exactly_the_routes_of_the_api(client: TestClient) -> None:
    """docs/placement.md's API table and the OpenAPI schema name the same methods and paths."""
    schema = client.get("/openapi.json").json()["paths"]
    served = {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path.removeprefix(API)))
        for path, methods in schema.items()
        if path.startswith(API)
        for method in methods
    }
    docs = (Path(__file__).parents[2] / "docs" / "placement.md").read_text(encoding="utf-8")
    table = docs.split("## API", 1)[1].split("\n## ", 1)[0]
    documented = {
        (method, re.sub(r"\{[^}]+\}", "{}", path.split("?")[0]))
        for method, path in re.findall(r"`(GET|POST|PUT|DELETE) (/[^` ]*)", table)
    }
    assert documented == served


def test_a_one_time_password_allows_only_me_the_change_and_signing_out(
    client: TestClient, world: World
) -> None:
    admin = _login(client, "admin")
    made = client.post(
        f"{API}/users",
        headers=admin,
        json={
            "username": "newcomer",
            "password": "generated once 123",
            "role": "referrer",
            "organisation_id": world.gp.organisation_id,
            "one_time": True,
        },
    )
    assert made.status_code == 201 and made.json()["must_change_password"] is True
    signed_in = client.post(
        f"{API}/tokens", json={"username": "newcomer", "password": "generated once 123"}
    )
    me = {"Authorization": f"Bearer {signed_in.json()['token']}"}
    assert client.get(f"{API}/me", headers=me).json()["must_change_password"] is True
    for answer in (
        client.get(f"{API}/requests", headers=me),
        client.get(f"{API}/vocabulary", headers=me),
        client.post(f"{API}/requests", headers=me, json={"reference": "X1"}),
    ):
        refused = _error(answer, 403)
        assert refused["details"] == {"code": "password_change_required"}
        assert "/me/password" in refused["message"]
    wrong = client.post(
        f"{API}/me/password",
        headers=me,
        json={"old_password": "guess", "new_password": "my own passphrase"},
    )
    _error(wrong, 401)
    same = client.post(
        f"{API}/me/password",
        headers=me,
        json={"old_password": "generated once 123", "new_password": "generated once 123"},
    )
    assert [p["field"] for p in _error(same, 422)["problems"]] == ["new_password"]
    done = client.post(
        f"{API}/me/password",
        headers=me,
        json={"old_password": "generated once 123", "new_password": "my own passphrase"},
    )
    assert done.status_code == 200 and done.json()["must_change_password"] is False
    assert client.get(f"{API}/requests", headers=me).status_code == 200  # the same token
    assert client.delete(f"{API}/tokens/current", headers=me).status_code == 204


def test_the_audit_reads_newest_first_in_pages(client: TestClient, world: World) -> None:
    s = world.service
    for i in range(3):
        world.request(reference=f"AUD-{i}")
    oldest_first = s.audit_log(world.admin, limit=1000)
    newest = s.audit_log(world.admin, newest_first=True, limit=5)
    assert newest == list(reversed(oldest_first))[:5]
    back = s.audit_log(world.admin, newest_first=True, limit=5, before_id=newest[-1].id)
    assert back == list(reversed(oldest_first))[5:10]
    coordinator_view = s.audit_log(world.coordinator, limit=1000)
    assert (
        s.audit_log(world.coordinator, newest_first=True, limit=3)
        == (list(reversed(coordinator_view))[:3])
    )
    answer = client.get(
        f"{API}/audit",
        headers=_login(client, "admin"),
        params={"newest_first": "true", "limit": 2, "before_id": newest[0].id},
    )
    # signing in wrote newer rows; before_id pages back from the first page's newest
    assert [e["id"] for e in answer.json()] == [newest[1].id, newest[2].id]


def test_a_programme_coach_is_a_role_of_the_api_and_initiatives_are_audited(
    client: TestClient, world: World
) -> None:
    from typing import get_args

    from regioplan.placement import ROLES
    from regioplan.web.placement_api import UserBody

    assert set(get_args(UserBody.model_fields["role"].annotation)) == set(ROLES)
    admin = _login(client, "admin")
    made = client.post(
        f"{API}/users",
        headers=admin,
        json={
            "username": "coach",
            "password": PASSWORD,
            "role": "programme_coach",
            "organisation_id": world.admin.organisation_id,
        },
    )
    assert made.status_code == 201, made.text
    audit = client.get(f"{API}/audit", headers=admin, params={"object_type": "initiative"})
    assert audit.status_code == 200, audit.text


def test_a_long_poll_does_not_take_the_request_threads(world: World) -> None:
    """With ONE request thread, a client waiting on the change feed (`/events?wait=`) must not
    stop other requests: the long poll waits on a limiter of its own (web/placement_threads)."""
    import threading

    with TestClient(create_placement_app(world.service, threads=1)) as c:
        headers = _login(c, "coord")
        after = c.get("/api/placement/events", headers=headers).json()["last_id"]
        answers: list[Any] = []
        waiter = threading.Thread(
            target=lambda: answers.append(
                c.get(f"/api/placement/events?after_id={after}&wait=30", headers=headers)
            )
        )
        waiter.start()
        time.sleep(1.0)  # let the long poll start waiting
        assert c.get("/api/placement/me", headers=headers).status_code == 200
        assert waiter.is_alive(), "the long poll ended before any change"
        made = c.post(
            "/api/placement/requests",
            headers=headers,
            json={
                "reference": "RCP-4242",
                "care_type": "elv_high",
                "urgency": "acute",
                "municipality": "GM0505",
                "needs": [],
            },
        )
        assert made.status_code == 201
        waiter.join(timeout=60)
        assert not waiter.is_alive()
        events = answers[0].json()["events"]
        assert any(e["object_id"] == made.json()["id"] for e in events)
