"""Where a request's time goes: the read-heavy part of the load mix, in-process (no network, no
Locust) on PostgreSQL under cProfile, with the CPU time split by the layer that spent it.

    .venv/bin/python benchmarks/placement/where_time_goes.py --requests 400 \
        --out benchmarks/placement/results-profile.json

Layers are assigned by the file of each function's own time (tottime): the app (regioplan),
SQLAlchemy, the PostgreSQL driver (psycopg), the web framework (starlette, fastapi, anyio,
httpx of the in-process client), pydantic, and the rest (standard library and others).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import threading
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa
from placement_harness import API, build_region, open_database, pg_base_url, pg_schema

from regioplan.placement import PlacementService
from regioplan.web.placement_app import create_placement_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WAITING = ("poll' of 'select.epoll", "acquire' of '_thread.lock", "_socket.socket", "wait")
"""Functions whose own time is waiting (for PostgreSQL, the event loop or another thread)."""
LAYERS = (
    ("regioplan", "/regioplan/"),
    ("sqlalchemy", "/sqlalchemy/"),
    ("psycopg", "/psycopg"),
    ("web framework", "/starlette/"),
    ("web framework", "/fastapi/"),
    ("web framework", "/anyio/"),
    ("web framework", "/httpx/"),
    ("web framework", "/httpcore/"),
    ("pydantic", "/pydantic"),
)


def layer(filename: str, name: str) -> str:
    if (filename == "~" and any(w in name for w in WAITING)) or name == "wait":
        return "waiting (PostgreSQL, event loop, threads)"
    for label, marker in LAYERS:
        if marker in filename:
            return label
    return "other (standard library and the rest)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    base = pg_base_url()
    if base is None:
        print("PostgreSQL not reachable at 127.0.0.1:5432/test", file=sys.stderr)
        return 2
    rng = random.Random(18)
    with pg_schema(base) as url:
        db = open_database(url)
        try:
            region = build_region(db, referrers=1)
            for i in range(8):
                region.add_location(f"Locatie {i}", staffed=40, occupied=10, org=i % 2)
            coordinator = region.users["coord"]
            rids = [region.request(coordinator, f"PROF-{i}") for i in range(20)]
            token = region.token("coord")
            app = create_placement_app(PlacementService(db))
            paths = [f"{API}/availability"] * 29 + [f"{API}/requests?limit=20"] * 19
            paths += [f"{API}/requests/{r}" for r in rids[:15]]
            paths += [f"{API}/requests/{r}/matches?limit=5" for r in rids[:9]]
            paths += [f"{API}/events?after_id=0&limit=50"] * 5
            headers = {"Authorization": f"Bearer {token}"}
            # the app runs in other threads (the client's portal, anyio's worker threads):
            # every thread started from here on gets a profiler of its own
            profilers: list[cProfile.Profile] = []

            def boot(frame: Any, event: str, arg: Any) -> None:
                profiler = cProfile.Profile()
                profilers.append(profiler)
                profiler.enable()

            statements = 0

            def count(*_args: Any) -> None:
                nonlocal statements
                statements += 1

            sa.event.listen(db.engine, "before_cursor_execute", count)
            threading.setprofile(boot)
            chosen = [rng.choice(paths) for _ in range(args.requests)]
            start = time.process_time()
            with TestClient(app) as client:
                for path in paths + chosen:  # every route once, then the drawn mix
                    client.get(path, headers=headers).raise_for_status()
            cpu = time.process_time() - start
            threading.setprofile(None)
            for profiler in profilers:
                profiler.disable()
        finally:
            db.close()
    stats = pstats.Stats(*profilers)
    by_layer: Counter[str] = Counter()
    top: list[tuple[float, str]] = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, line, name), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        by_layer[layer(filename, name)] += tottime
        top.append((tottime, f"{Path(filename).name}:{line} {name}"))
    total = sum(by_layer.values())
    top.sort(reverse=True)
    report = {
        "benchmark": "placement read mix in-process under cProfile (PostgreSQL)",
        "requests": args.requests,
        "cpu_ms_per_request_under_the_profiler": round(
            1000 * cpu / (len(paths) + args.requests), 2
        ),
        "requests_profiled": len(paths) + args.requests,
        "sql_statements_per_request": round(statements / (len(paths) + args.requests), 1),
        "note": "cProfile slows Python code; the shares, not the absolute times, are the point",
        "share_by_layer": {k: round(v / total, 3) for k, v in by_layer.most_common()},
        "top_functions_own_time_s": [(round(t, 3), f) for t, f in top[:15]],
    }
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
