"""Clients of a real server race for the last bed: exactly one hold, the others a clear 409.

A bounded version of ``benchmarks/placement/race.py`` (50 clients, 100 rounds): here 20 HTTP
clients, each with its own request and connection, post their hold at one barrier against
``regioplan placement serve`` with two worker processes on 127.0.0.1, on SQLite and PostgreSQL.
Round one: all on the same bed unit (the partial unique index decides). Round two: spread over
the location's four free bed units while only one bed is offerable (the count check decides)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "placement"))

from placement_harness import (
    API,
    Server,
    active_holds_per_unit,
    build_region,
    open_database,
)

CLIENTS = 20
ERROR_KEYS = {"type", "message", "exit_code", "status", "problems", "details"}


def _race(base: str, token: str, jobs: list[tuple[int, int]]) -> list[httpx.Response]:
    """Post every (request id, bed unit id) hold from its own client at one barrier."""
    barrier = threading.Barrier(len(jobs))
    answers: list[Any] = [None] * len(jobs)
    headers = {"Authorization": f"Bearer {token}"}

    def run(i: int) -> None:
        request_id, unit = jobs[i]
        with httpx.Client(base_url=base, headers=headers, timeout=60.0) as client:
            client.get(f"{API}/me")  # connect before the start signal
            barrier.wait(timeout=60)
            try:
                answers[i] = client.post(
                    f"{API}/requests/{request_id}/hold", json={"bed_unit_id": unit}
                )
            except httpx.HTTPError as exc:  # checked below: every client must get an answer
                answers[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert all(isinstance(a, httpx.Response) for a in answers), answers
    return answers


def _one_winner(answers: list[httpx.Response]) -> None:
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (len(answers) - 1), [a.text for a in answers]
    for lost in (a for a in answers if a.status_code == 409):
        error = lost.json()["error"]
        assert set(error) == ERROR_KEYS
        assert error["type"] == "ConflictError" and error["status"] == 409
        assert error["message"]


def test_clients_racing_for_the_last_bed_get_one_hold(db_url: str) -> None:
    db = open_database(db_url)
    try:
        region = build_region(db)
        location = region.add_location("Laatste bed", staffed=4, occupied=3)
        units = region.units(location)
        assert len(units) == 4
        coordinator = region.users["coord"]
        first = [region.request(coordinator, f"RACE-A{i}") for i in range(CLIENTS)]
        second = [region.request(coordinator, f"RACE-B{i}") for i in range(CLIENTS)]
        token = region.token("coord")
        with Server(db_url, workers=2) as server:
            # every client on the one bed unit
            _one_winner(_race(server.base, token, [(r, units[0]) for r in first]))
            assert active_holds_per_unit(db, units) == {units[0]: 1}
            # free it again, then the clients spread over all four units: still one bed
            won = next(r for r in first if _state(server.base, token, r) == "held")
            released = httpx.post(
                f"{server.base}{API}/requests/{won}/release",
                json={"reason": "other"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert released.status_code == 200, released.text
            jobs = [(r, units[i % len(units)]) for i, r in enumerate(second)]
            _one_winner(_race(server.base, token, jobs))
            assert sum(active_holds_per_unit(db, units).values()) == 1
    finally:
        db.close()


def _state(base: str, token: str, request_id: int) -> str:
    answer = httpx.get(
        f"{base}{API}/requests/{request_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    state: str = answer.json()["state"]
    return state
