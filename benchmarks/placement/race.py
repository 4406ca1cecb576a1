"""Race for the last bed: CLIENTS HTTP clients post a hold at one barrier, ROUNDS times, against
``regioplan placement serve`` (WORKERS processes) on SQLite and on PostgreSQL.

Each round adds a location with four staffed beds of which three are occupied: one bed to offer,
four free bed units. Even rounds: every client holds the same bed unit (the partial unique index
decides); odd rounds: the clients spread over the four units (the count check under the bed
lock decides). Each client holds for its own open request. After each round the database is
asked how many active holds each of the location's bed units has: a double booking is a unit
with more than one, or a location with more active holds than the one offerable bed.

    .venv/bin/python benchmarks/placement/race.py --out benchmarks/placement/results-race.json

Writes the figures as JSON (with the machine's load, since the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from placement_harness import (
    API,
    Region,
    Server,
    active_holds_per_unit,
    build_region,
    open_database,
    pg_base_url,
    pg_schema,
)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _round(
    clients: list[httpx.Client], jobs: list[tuple[int, int]]
) -> list[tuple[int, str, float]]:
    """(status, error type, seconds) of each client's hold posted at one barrier."""
    barrier = threading.Barrier(len(jobs))
    out: list[tuple[int, str, float]] = [(0, "no answer", 0.0)] * len(jobs)

    def run(i: int) -> None:
        request_id, unit = jobs[i]
        barrier.wait(timeout=120)
        start = time.perf_counter()
        try:
            answer = clients[i].post(
                f"{API}/requests/{request_id}/hold", json={"bed_unit_id": unit}
            )
        except httpx.HTTPError as exc:
            out[i] = (0, type(exc).__name__, time.perf_counter() - start)
            return
        took = time.perf_counter() - start
        kind = ""
        if answer.status_code >= 400:
            try:
                kind = answer.json()["error"]["type"]
            except (ValueError, KeyError, TypeError):
                kind = "not the one error shape"
        out[i] = (answer.status_code, kind, took)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    return out


def race(db_url: str, backend: str, *, clients: int, rounds: int, workers: int) -> dict[str, Any]:
    db = open_database(db_url)
    try:
        region: Region = build_region(db)
        coordinator = region.users["coord"]
        pool = [region.request(coordinator, f"RACE-{i}") for i in range(clients)]
        serial = clients
        token = region.token("coord")
        statuses: Counter[str] = Counter()
        latencies: list[float] = []
        winners_per_round: list[int] = []
        double_bookings = 0
        over_offerable = 0
        load_before = uptime()
        started = time.perf_counter()
        with Server(db_url, workers=workers, start_timeout=120) as server:
            headers = {"Authorization": f"Bearer {token}"}
            sessions = [
                httpx.Client(base_url=server.base, headers=headers, timeout=120.0)
                for _ in range(clients)
            ]
            try:
                for s in sessions:
                    s.get(f"{API}/me")  # keep-alive connections before the first round
                for n in range(rounds):
                    location = region.add_location(f"Laatste bed {n}", staffed=4, occupied=3)
                    units = region.units(location)
                    if n % 2 == 0:
                        jobs = [(r, units[0]) for r in pool]
                    else:
                        jobs = [(r, units[i % len(units)]) for i, r in enumerate(pool)]
                    results = _round(sessions, jobs)
                    won = [i for i, (status, _k, _t) in enumerate(results) if status == 201]
                    winners_per_round.append(len(won))
                    for status, kind, took in results:
                        statuses[f"{status} {kind}".strip()] += 1
                        latencies.append(took)
                    per_unit = active_holds_per_unit(db, units)
                    double_bookings += sum(1 for c in per_unit.values() if c > 1)
                    over_offerable += int(sum(per_unit.values()) > 1)
                    for i in won:  # the winner's request is held now: a fresh one takes its place
                        pool[i] = region.request(coordinator, f"RACE-{serial}")
                        serial += 1
            finally:
                for s in sessions:
                    s.close()
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    latencies.sort()
    return {
        "backend": backend,
        "workers": workers,
        "clients": clients,
        "rounds": rounds,
        "attempts": clients * rounds,
        "answers": dict(sorted(statuses.items())),
        "rounds_with_exactly_one_winner": sum(1 for w in winners_per_round if w == 1),
        "winners": sum(winners_per_round),
        "double_bookings": double_bookings,
        "locations_with_more_holds_than_offerable": over_offerable,
        "hold_latency_ms": {
            "p50": round(1000 * statistics.median(latencies), 1),
            "p99": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1),
            "max": round(1000 * latencies[-1], 1),
        },
        "seconds": round(elapsed, 1),
        "load_before": load_before,
        "load_after": uptime(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{Path(tmp) / 'race.sqlite'}"
                results.append(
                    race(
                        url, backend, clients=args.clients, rounds=args.rounds, workers=args.workers
                    )
                )
        elif backend == "postgresql":
            base = pg_base_url()
            if base is None:
                results.append({"backend": backend, "skipped": "PostgreSQL not reachable"})
                continue
            with pg_schema(base) as url:
                results.append(
                    race(
                        url, backend, clients=args.clients, rounds=args.rounds, workers=args.workers
                    )
                )
        else:
            parser.error(f"--backends: unknown backend {backend!r}")
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    report = {
        "benchmark": "placement race for the last bed",
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "results": results,
    }
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    failed = any(
        r.get("double_bookings") or r.get("locations_with_more_holds_than_offerable")
        for r in results
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
