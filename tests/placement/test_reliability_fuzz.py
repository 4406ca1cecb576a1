"""API fuzzing against the placement app's own OpenAPI schema (schemathesis), in-process over
ASGI, and hand-picked bad input: no 500, every error a 4xx in the one JSON shape.

Schemathesis generates up to ``EXAMPLES`` cases per operation and mode (5; set
``PLACEMENT_FUZZ_EXAMPLES`` for a deeper run), valid and invalid (wrong types,
missing and extra fields, out-of-range ids), and sends them with a bearer token of the role that
may use the operation, so that the cases reach the service and the database and do not all stop
at 403. Hypothesis keeps no example database here (no ``.schemathesis/`` or ``.hypothesis/``
state is written by these tests).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from conftest import T0, World, clone_world
from regioplan.placement.live import MAX_WAIT
from regioplan.store import FixedClock
from regioplan.web.placement_api import PREFIX
from regioplan.web.placement_app import create_placement_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

EXAMPLES = int(os.environ.get("PLACEMENT_FUZZ_EXAMPLES", "5"))
"""Cases per operation and mode; the default suite stays fast, a deeper run sets e.g. 200."""
ERROR_KEYS = {"type", "message", "exit_code", "status", "problems", "details"}


def _actor(method: str, path: str) -> str:
    """The user whose token a case carries: the role that may call the operation."""
    if path.startswith(f"{PREFIX}/holds") or "/capacity/" in path:
        return "manager"
    if method != "GET" and path.split("/")[-1] in ("organisations", "locations", "users"):
        return "admin"
    if path == f"{PREFIX}/users" or path.startswith(f"{PREFIX}/users/"):
        return "admin"
    return "coordinator"


@pytest.fixture
def fuzz_world(world_template: tuple[Path, dict[str, int]], tmp_path: Path) -> Iterator[World]:
    world = clone_world(world_template, tmp_path / "fuzz.sqlite", FixedClock(T0))
    try:
        yield world
    finally:
        world.service.db.close()


def _operations() -> list[tuple[str, str, GenerationMode]]:
    """(method, path, mode) of every operation in the app's schema (read from an empty app);
    the negative mode only for operations that take input (nothing to make invalid else)."""
    from regioplan.placement import PlacementService
    from regioplan.store import open_database

    db = open_database("sqlite://")
    try:
        app = create_placement_app(PlacementService(db))
        return sorted(
            (method.upper(), path, mode)
            for path, methods in app.openapi()["paths"].items()
            for method, spec in methods.items()
            for mode in GenerationMode
            if mode is GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody")
        )
    finally:
        db.close()


def _check_answer(status: int, content_type: str, body: bytes) -> None:
    assert status < 500, body[:500]
    if status >= 400:
        assert content_type.startswith("application/json"), (status, content_type)
        error = json.loads(body)["error"]
        assert set(error) == ERROR_KEYS and error["status"] == status, error
        assert error["message"]


OPERATIONS = _operations()


@pytest.mark.parametrize(
    ("method", "path", "mode"),
    OPERATIONS,
    ids=[f"{m} {p.removeprefix(PREFIX)} {g.value}" for m, p, g in OPERATIONS],
)
def test_no_operation_answers_500(
    method: str, path: str, mode: GenerationMode, fuzz_world: World
) -> None:
    """Schemathesis' cases for one operation (valid or invalid ones), each with the token of the
    role that may call it. (Driven through Hypothesis directly: schemathesis' pytest loader
    does not work with this pytest.)"""
    app = create_placement_app(fuzz_world.service)
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path][method]
    token = fuzz_world.service.issue_api_token(getattr(fuzz_world, _actor(method, path)))

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        wait = (case.query or {}).get("wait")
        if isinstance(wait, int | float) and not isinstance(wait, bool) and 0 < wait <= MAX_WAIT:
            case.query["wait"] = min(wait, 0.05)  # a valid long poll: keep it short
        response = case.call(headers=headers)
        kind = response.headers.get("content-type") or [""]  # schemathesis: lists of values
        _check_answer(response.status_code, kind[0], response.content)

    run()


BAD: list[tuple[str, str, Any, dict[str, str]]] = [
    # (method, path, body as bytes or JSON, extra headers)
    ("POST", "/requests", b"{not json", {"content-type": "application/json"}),
    ("POST", "/requests", b"reference=X1", {"content-type": "application/x-www-form-urlencoded"}),
    ("POST", "/requests", [1, 2, 3], {}),
    ("POST", "/requests", {"reference": "A1\x00", "care_type": "elv_high"}, {}),
    (
        "POST",
        "/requests",
        {
            "reference": "HA-1\ud800",
            "care_type": "elv_high",
            "urgency": "acute",
            "municipality": "GM0505",
        },
        {},
    ),
    (
        "POST",
        "/requests",
        {
            "reference": "HA-1",
            "care_type": "no_such_type",
            "urgency": "acute",
            "municipality": "GM0505",
        },
        {},
    ),
    (
        "POST",
        "/requests",
        {"reference": "HA-1", "care_type": "elv_high", "urgency": "acute", "municipality": "X"},
        {},
    ),
    (
        "POST",
        "/requests",
        {
            "reference": "HA-1",
            "care_type": "elv_high",
            "urgency": "acute",
            "municipality": "GM0505",
            "needs": ["dementia", "dementia", "telepathy"],
        },
        {},
    ),
    ("POST", "/requests/1/hold", {"bed_unit_id": "1"}, {}),
    ("POST", "/requests/1/hold", {"bed_unit_id": 2**40}, {}),
    ("POST", "/requests/1/hold", {"bed_unit_id": 1.5}, {}),
    ("POST", "/requests/1/hold", {"bed_unit_id": True}, {}),
    ("POST", "/requests/99999/hold", {"bed_unit_id": 1}, {}),
    ("POST", "/requests/abc/hold", {"bed_unit_id": 1}, {}),
    ("POST", "/requests/-1/close", {"reason": "no_longer_needed"}, {}),
    ("POST", "/requests/1/close", {"reason": "because"}, {}),
    ("GET", "/requests?state=nonsense", None, {}),
    ("GET", "/requests?limit=0", None, {}),
    ("GET", "/requests?limit=99999999999999999999999", None, {}),
    ("GET", "/audit?after_id=-1", None, {}),
    ("GET", "/events?wait=31", None, {}),
    ("GET", "/monitoring?start=2026-02-30", None, {}),
    ("GET", "/monitoring?start=2026-03-02&end=2026-03-01", None, {}),
    ("GET", "/no/such/route", None, {}),
    ("PATCH", "/requests", None, {}),
]


@pytest.fixture
def client(fuzz_world: World) -> Iterator[tuple[TestClient, str]]:
    with TestClient(create_placement_app(fuzz_world.service)) as c:
        yield c, fuzz_world.service.issue_api_token(fuzz_world.coordinator)


@pytest.mark.parametrize(("method", "path", "body", "extra"), BAD, ids=range(len(BAD)))
def test_bad_input_answers_4xx_in_the_one_shape(
    client: tuple[TestClient, str],
    method: str,
    path: str,
    body: Any,
    extra: dict[str, str],
) -> None:
    c, token = client
    headers = {"Authorization": f"Bearer {token}", **extra}
    if isinstance(body, bytes):
        answer = c.request(method, PREFIX + path, content=body, headers=headers)
    elif body is None:
        answer = c.request(method, PREFIX + path, headers=headers)
    else:
        text = json.dumps(body)  # lone surrogates pass as \\ud800 escapes, as a client sends them
        answer = c.request(
            method,
            PREFIX + path,
            content=text.encode(),
            headers={**headers, "content-type": "application/json"},
        )
    assert 400 <= answer.status_code < 500, answer.text
    _check_answer(answer.status_code, answer.headers.get("content-type", ""), answer.content)


def test_bad_capacity_changes_nothing(client: tuple[TestClient, str], fuzz_world: World) -> None:
    """Staffed or occupied above physical, a negative count: 422 naming the field, figures
    intact."""
    c, _ = client
    token = fuzz_world.service.issue_api_token(fuzz_world.manager)
    before = fuzz_world.service.availability(fuzz_world.manager)
    for body in (
        {"physical": 5, "staffed": 6, "occupied": 0},
        {"physical": 5, "staffed": 4, "occupied": 6},
        {"physical": -1, "staffed": 0, "occupied": 0},
    ):
        answer = c.put(
            f"{PREFIX}/locations/{fuzz_world.location}/capacity/elv_high",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 422, answer.text
        _check_answer(422, answer.headers["content-type"], answer.content)
        assert answer.json()["error"]["problems"]
    assert fuzz_world.service.availability(fuzz_world.manager) == before
