"""Mixed load (about 80 % reads, 20 % writes) from USERS concurrent Locust users, headless, in a
subprocess, against ``regioplan placement serve`` on PostgreSQL with WORKERS processes.

    .venv/bin/python benchmarks/placement/load.py --workers 2 --users 100 --seconds 60 \
        --out benchmarks/placement/results-load.json

Before the load, every route of the mix is also timed one request at a time (no concurrency):
that is the server's cost per request, which bounds the throughput on this machine (two cores,
shared with the load generator). The machine's load (``uptime``) is recorded before and after.
The database is a fresh PostgreSQL schema with example organisations (labelled as examples).

Two kinds of run (``--rates``): *saturated* (0), every user sends its next task 0-50 ms after the
last answer, which measures the most the server can do and makes latency pure queueing; and an
*offered load* of R tasks/s over all users (Poisson arrivals, see the locustfile), the way the
goal is put: at least 300 requests/s answered with p99 under 100 ms.

The latency figures count from the moment every user has started (Locust's ``--reset-stats``):
the steady state the goal is about. The start itself -- 100 users at once, each one's token
checked for the first time, connections opened and statements prepared -- is about a second;
``--with-start`` counts it too. CPU figures always cover the whole run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from placement_harness import (
    API,
    Region,
    Server,
    build_region,
    open_database,
    pg_base_url,
    pg_schema,
)

HERE = Path(__file__).resolve().parent
LOCUSTFILE = HERE / "locustfile.py"
MUNICIPALITIES = ["GM0505", "GM0512", "GM0590", "GM0642", "GM1978"]


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of the live processes of process group `pgid` (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == pgid:  # fields after the name: state ppid pgrp ... utime stime
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def postgres_cpu_seconds() -> float:
    """User + system CPU seconds of the PostgreSQL processes (``comm`` postgres): the live ones
    plus, through the postmaster's waited-for children's time, the backends that ended."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, ValueError):
            continue
        if name == "postgres":
            fields = rest.split()  # state ppid pgrp ... utime(11) stime(12) cutime(13) cstime(14)
            total += int(fields[11]) + int(fields[12])
            if fields[1] == "1" or _comm(int(fields[1])) != "postgres":  # the postmaster
                total += int(fields[13]) + int(fields[14])
    return total / ticks


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (every core; /proc/stat: all but idle, iowait
    and steal), so that what neither server, Locust nor PostgreSQL used is visible too."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """User + system CPU seconds of this process's waited-for children (here: Locust)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def python_speed() -> float:
    """Seconds for a fixed pure-Python loop (10 million additions), taken before each run: this
    machine's speed varies with its neighbours (1.1 to 1.5 s at idle within a minute), so the
    throughput of a run is to be read next to it."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return round(time.perf_counter() - start, 3)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def prepare(db_url: str, *, locations: int, beds: int, referrers: int) -> dict[str, Any]:
    """The region of the load: `locations` locations of `beds` staffed elv_high beds over two
    care organisations, a coordinator, `referrers` GPs and two bed managers, with tokens."""
    db = open_database(db_url)
    try:
        region: Region = build_region(db, care_orgs=2, referrers=referrers)
        per_org: dict[int, list[int]] = {0: [], 1: []}
        for i in range(locations):
            org = i % 2
            loc = region.add_location(f"Locatie {i}", staffed=beds, occupied=beds // 4, org=org)
            per_org[org].append(loc)
        people: list[dict[str, Any]] = [{"role": "coordinator", "token": region.token("coord")}]
        people += [{"role": "referrer", "token": region.token(f"gp{i}")} for i in range(referrers)]
        people += [
            {"role": "bed_manager", "token": region.token(f"manager{o}"), "locations": per_org[o]}
            for o in (0, 1)
        ]
        # a few requests to read from the start
        for i in range(20):
            region.request(region.users["coord"], f"SEED-{i}")
        last_event = region.service.last_event_id()
    finally:
        db.close()
    return {"users": people, "municipalities": MUNICIPALITIES, "last_event_id": last_event}


def single_request_costs(base: str, setup: dict[str, Any], repeat: int) -> dict[str, float]:
    """Median milliseconds of each route of the mix, one request at a time."""
    coord = {"Authorization": f"Bearer {setup['users'][0]['token']}"}
    manager = next(p for p in setup["users"] if p["role"] == "bed_manager")
    mgr = {"Authorization": f"Bearer {manager['token']}"}
    out: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=30.0) as client:
        rid = client.post(
            f"{API}/requests",
            headers=coord,
            json={
                "reference": "COST-0",
                "care_type": "elv_high",
                "urgency": "acute",
                "municipality": "GM0505",
                "needs": [],
            },
        ).json()["id"]
        calls: dict[str, tuple[str, str, dict[str, str], Any]] = {
            "GET /me": ("GET", f"{API}/me", coord, None),
            "GET /availability": ("GET", f"{API}/availability", coord, None),
            "GET /requests": ("GET", f"{API}/requests?limit=20", coord, None),
            "GET /requests/{id}": ("GET", f"{API}/requests/{rid}", coord, None),
            "GET /requests/{id}/matches": (
                "GET",
                f"{API}/requests/{rid}/matches?limit=5",
                coord,
                None,
            ),
            "GET /events": ("GET", f"{API}/events?after_id=0&limit=50", coord, None),
            "POST /capacity/confirm": (
                "POST",
                f"{API}/locations/{manager['locations'][0]}/capacity/elv_high/confirm",
                mgr,
                None,
            ),
        }
        for name, (method, path, headers, body) in calls.items():
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                answer = client.request(method, path, headers=headers, json=body)
                times.append(time.perf_counter() - start)
                answer.raise_for_status()
            out[name] = round(1000 * statistics.median(times), 2)
        times = []
        for i in range(repeat):
            start = time.perf_counter()
            client.post(
                f"{API}/requests",
                headers=coord,
                json={
                    "reference": f"COST-{i + 1}",
                    "care_type": "elv_high",
                    "urgency": "acute",
                    "municipality": "GM0505",
                    "needs": [],
                },
            ).raise_for_status()
            times.append(time.perf_counter() - start)
        out["POST /requests"] = round(1000 * statistics.median(times), 2)
    return out


def run_locust(
    host: str,
    setup_file: Path,
    *,
    users: int,
    seconds: int,
    csv_prefix: Path,
    acks: Path | None = None,
    rate: float = 0.0,
    reset_stats: bool = False,
) -> subprocess.Popen[bytes]:
    """Start Locust headless in a process of its own (bounded by --run-time and a kill); `rate`
    is the offered load in tasks per second over all users (0: saturate); `reset_stats`: the
    statistics start once every user has started (Locust's ``--reset-stats``)."""
    env = {
        **os.environ,
        "PLACEMENT_BENCH_SETUP": str(setup_file),
        "PLACEMENT_BENCH_USER_RATE": str(rate / users if rate > 0 else 0),
    }
    if acks is not None:
        env["PLACEMENT_BENCH_ACKS"] = str(acks)
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--host",
        host,
        "--csv",
        str(csv_prefix),
        "--only-summary",
        *(["--reset-stats"] if reset_stats else []),
        "--loglevel",
        "WARNING",
    ]
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{csv_prefix}.log", "wb"),
    )


def read_stats(csv_prefix: Path) -> dict[str, Any]:
    """Locust's summary: per route and aggregated (requests, failures, rps, p50, p99 in ms)."""
    rows = list(csv.DictReader(open(f"{csv_prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    routes = {}
    for row in rows:
        routes[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"] or 0),
            "p99_ms": float(row["99%"] or 0),
        }
    total = routes.pop("Aggregated")
    writes = sum(v["requests"] for k, v in routes.items() if not k.startswith("GET"))
    total["write_share"] = round(writes / max(total["requests"], 1), 3)
    failures_file = Path(f"{csv_prefix}_failures.csv")
    failures = []
    if failures_file.exists():
        failures = [
            {"route": r["Name"], "error": r["Error"][:200], "count": int(r["Occurrences"])}
            for r in csv.DictReader(open(failures_file, encoding="utf-8"))  # noqa: SIM115
        ]
    return {"total": total, "routes": routes, "failures": failures}


def load(
    base_url: str,
    *,
    workers: int,
    users: int,
    seconds: int,
    repeat: int,
    rate: float = 0.0,
    with_start: bool = False,
) -> dict[str, Any]:
    with pg_schema(base_url) as url, tempfile.TemporaryDirectory() as tmp:
        setup = prepare(url, locations=8, beds=40, referrers=12)
        setup_file = Path(tmp) / "setup.json"
        setup_file.write_text(json.dumps(setup), encoding="utf-8")
        with Server(url, workers=workers, start_timeout=120) as server:
            costs = single_request_costs(server.base, setup, repeat)
            speed = python_speed()
            before = uptime()
            prefix = Path(tmp) / "load"
            assert server.process is not None
            server_cpu, locust_cpu = group_cpu_seconds(server.process.pid), children_cpu_seconds()
            pg_cpu, busy = postgres_cpu_seconds(), machine_busy_seconds()
            process = run_locust(
                server.base,
                setup_file,
                users=users,
                seconds=seconds,
                csv_prefix=prefix,
                rate=rate,
                reset_stats=not with_start,
            )
            try:
                process.wait(timeout=seconds + 120)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            server_cpu = group_cpu_seconds(server.process.pid) - server_cpu
            locust_cpu = children_cpu_seconds() - locust_cpu
            pg_cpu = postgres_cpu_seconds() - pg_cpu
            busy = machine_busy_seconds() - busy
            after = uptime()
            stats = read_stats(prefix)
            handled = max(stats["total"]["requests"], 1)
            stats["cpu"] = {
                "server_seconds": round(server_cpu, 1),
                "locust_seconds": round(locust_cpu, 1),
                "server_ms_per_request": round(1000 * server_cpu / handled, 2),
                "locust_ms_per_request": round(1000 * locust_cpu / handled, 2),
                "postgres_ms_per_request": round(1000 * pg_cpu / handled, 2),
                "machine_busy_seconds": round(busy, 1),
                "machine_busy_ms_per_request": round(1000 * busy / handled, 2),
                "rps_if_two_cores_were_all_busy": round(
                    2 * handled / max(server_cpu + locust_cpu + pg_cpu, 1e-9)
                ),
                "rps_if_two_cores_were_the_servers": round(2 * handled / max(server_cpu, 1e-9)),
                "note": "server = every process of the serve group; postgres = its backends, "
                "ended ones included; machine = every process, this runner's included",
            }
    return {
        "workers": workers,
        "users": users,
        "offered_tasks_per_second": rate or "saturated (0-50 ms between a user's tasks)",
        "seconds": seconds,
        "statistics_from": "the first request (the cold start included)"
        if with_start
        else "the moment every user had started (Locust --reset-stats; CPU: the whole run)",
        "single_request_ms": costs,
        "python_loop_seconds_before": speed,
        **stats,
        "load_before": before,
        "load_after": after,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="2", help="comma separated, e.g. 1,2,4")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=50, help="single-request timings per route")
    parser.add_argument(
        "--rates",
        default="0",
        help="comma separated offered loads in tasks/s over all users (a task is one request, "
        "a hold two); 0: saturated, as fast as the server answers",
    )
    parser.add_argument(
        "--with-start",
        action="store_true",
        help="count the first second too, while the users start together (connections opened, "
        "statements prepared, tokens checked for the first time); default: from the moment "
        "every user has started",
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    base = pg_base_url()
    if base is None:
        print("PostgreSQL not reachable at 127.0.0.1:5432/test", file=sys.stderr)
        return 2
    results = []
    for workers in (int(w) for w in args.workers.split(",")):
        for rate in (float(r) for r in args.rates.split(",")):
            result = load(
                base,
                workers=workers,
                users=args.users,
                seconds=args.seconds,
                repeat=args.repeat,
                rate=rate,
                with_start=args.with_start,
            )
            summary = result["total"] | {"workers": workers, "offered": rate}
            print(json.dumps(summary), file=sys.stderr, flush=True)
            results.append(result)
    report = {
        "benchmark": "placement mixed load (80 % reads, 20 % writes), Locust headless, PostgreSQL",
        "goal": ">= 300 requests/s at p99 < 100 ms",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "results": results,
    }
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
