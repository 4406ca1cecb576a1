"""``kill -9`` of the placement server during the mixed load, then a restart and three checks.

    .venv/bin/python benchmarks/placement/kill9.py --out benchmarks/placement/results-kill9.json

The server (``regioplan placement serve``, PostgreSQL, WORKERS processes, holds lapsing after
one minute) runs the Locust mix of ``locustfile.py`` (100 users). After KILL_AFTER seconds the
server's whole process group gets SIGKILL (the master and every worker, in the middle of their
transactions); it is started again on the same port DOWN seconds later while the clients keep
going; the load ends after SECONDS. The clients logged every write they saw acknowledged
(2xx). Then:

1. **Acknowledged writes are there**: every acknowledged submit (request id and reference),
   hold (hold id, request, bed unit), release (a ``request.release`` audit row per
   acknowledged release of that request) and capacity confirmation (a ``capacity.set`` audit
   row, or since 335b34b a ``capacity.confirm`` row, at the acknowledged ``confirmed_at``) is
   found in the database.
2. **No hold outlives its expiry**: no hold lasts longer than the hold time; the API of the
   restarted server shows no request as held whose hold has lapsed, and counts no lapsed hold
   against availability; after ``regioplan placement expire`` no lapsed hold is left 'held'.
3. **The audit is complete**: every request has its ``request.submit`` row, every hold its
   ``request.hold`` row, every ended hold the row of how it ended (release, decline, expire,
   close), and every capacity confirmation acknowledged its audit row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import prepare, read_stats, run_locust, uptime
from placement_harness import API, Server, open_database, pg_base_url, pg_schema

from regioplan.placement.tables import audit, bed_units, capacity, holds, requests

HOLD_MINUTES = 1


def _stamp(value: str | dt.datetime) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def read_acks(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line))
    return out


def check_acks(db_url: str, acks: list[dict[str, Any]]) -> dict[str, Any]:
    """Acknowledged writes per kind: how many were acknowledged, how many are in the database,
    and the first few missing ones."""
    db = open_database(db_url)
    try:
        with db.transaction(write=False) as conn:
            refs = dict(conn.execute(sa.select(requests.c.id, requests.c.reference)).all())
            hold_rows = {
                r.id: (r.request_id, r.bed_unit_id)
                for r in conn.execute(
                    sa.select(holds.c.id, holds.c.request_id, holds.c.bed_unit_id)
                )
            }
            rows = conn.execute(
                sa.select(audit.c.action, audit.c.object_id, audit.c.after).where(
                    audit.c.action.in_(("request.release", "capacity.set", "capacity.confirm"))
                )
            ).all()
    finally:
        db.close()
    releases = Counter(r.object_id for r in rows if r.action == "request.release")
    confirms = {
        (r.object_id, _stamp(r.after["confirmed_at"]))
        for r in rows
        if r.action in ("capacity.set", "capacity.confirm")
        and r.after
        and r.after.get("confirmed_at")
    }
    acked: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missing: list[dict[str, Any]] = []
    released_acks: Counter[int] = Counter()
    for a in acks:
        kind = a["kind"]
        acked[kind] += 1
        if kind == "submit":
            ok = refs.get(a["request_id"]) == a["reference"]
        elif kind == "hold":
            ok = hold_rows.get(a["hold_id"]) == (a["request_id"], a["bed_unit_id"])
        elif kind == "release":
            released_acks[a["request_id"]] += 1
            ok = releases[a["request_id"]] >= released_acks[a["request_id"]]
        elif kind == "confirm":
            ok = (a["location_id"], _stamp(a["confirmed_at"])) in confirms
        else:
            ok = False
        if ok:
            found[kind] += 1
        elif len(missing) < 20:
            missing.append(a)
    return {
        "acked": dict(acked),
        "found": dict(found),
        "acked_total": sum(acked.values()),
        "found_total": sum(found.values()),
        "missing": missing,
    }


def check_expiry(db_url: str, base: str, token: str) -> dict[str, Any]:
    """No hold outlives its expiry, seen by the restarted server's API and in the database."""
    db = open_database(db_url)
    try:
        with db.transaction(write=False) as conn:
            rows = conn.execute(
                sa.select(
                    holds.c.id,
                    holds.c.request_id,
                    holds.c.status,
                    holds.c.placed_at,
                    holds.c.expires_at,
                    bed_units.c.location_id,
                ).join(bed_units, bed_units.c.id == holds.c.bed_unit_id)
            ).all()
            figures = {
                r.location_id: r.staffed - r.occupied
                for r in conn.execute(sa.select(capacity)).all()
            }
    finally:
        db.close()
    limit = dt.timedelta(minutes=HOLD_MINUTES, seconds=1)
    too_long = [r.id for r in rows if _stamp(r.expires_at) - _stamp(r.placed_at) > limit]
    auth = {"Authorization": f"Bearer {token}"}
    now = dt.datetime.now(dt.UTC)
    listed = httpx.get(f"{base}{API}/requests?state=held&limit=1000", headers=auth, timeout=60)
    listed.raise_for_status()
    shown_lapsed = [
        r["id"] for r in listed.json() if r.get("hold") and _stamp(r["hold"]["expires_at"]) <= now
    ]
    lapsed_in_db = [r for r in rows if r.status == "held" and _stamp(r.expires_at) <= now]
    lapsed_requests = {r.request_id for r in lapsed_in_db}
    shown_held_ids = {r["id"] for r in listed.json()}
    lapsed_shown_as_held = sorted(lapsed_requests & shown_held_ids)
    asked = dt.datetime.now(dt.UTC)  # the server counts holds lapsing after its own now >= asked
    availability = httpx.get(f"{base}{API}/availability", headers=auth, timeout=60).json()
    claiming: Counter[int] = Counter(
        r.location_id
        for r in rows
        if r.status == "accepted" or (r.status == "held" and _stamp(r.expires_at) > asked)
    )
    miscounted = [
        a["location_id"]
        for a in availability
        if a["bed_type"] == "elv_high"
        and a["location_id"] in figures
        and a["held"] > claiming[a["location_id"]]
    ]
    before_expire = dt.datetime.now(dt.UTC)  # holds lapsing after this may still be 'held'
    expire = subprocess.run(
        [
            sys.executable,
            "-c",
            "from regioplan.cli import main; main()",
            "placement",
            "expire",
            "--hold-minutes",
            str(HOLD_MINUTES),
            "--db",
            db_url,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    db = open_database(db_url)
    try:
        with db.transaction(write=False) as conn:
            left = conn.execute(
                sa.select(sa.func.count())
                .select_from(holds)
                .where(holds.c.status == "held", holds.c.expires_at <= before_expire)
            ).scalar_one()
    finally:
        db.close()
    return {
        "holds": len(rows),
        "holds_longer_than_hold_time": too_long,
        "lapsed_but_not_yet_recorded_before_expire": len(lapsed_in_db),
        "api_shows_a_lapsed_hold_as_held": lapsed_shown_as_held + shown_lapsed,
        "availability_counts_a_lapsed_hold": miscounted,
        "expire_command": (expire.stdout.strip() or expire.stderr.strip())[:300],
        "lapsed_holds_left_held_after_expire": int(left),
    }


def check_audit(db_url: str) -> dict[str, Any]:
    """Every request, hold and ended hold has its audit row."""
    db = open_database(db_url)
    try:
        with db.transaction(write=False) as conn:
            request_ids = set(conn.execute(sa.select(requests.c.id)).scalars())
            hold_rows = conn.execute(
                sa.select(holds.c.id, holds.c.request_id, holds.c.status)
            ).all()
            rows = conn.execute(
                sa.select(audit.c.action, audit.c.object_id, audit.c.before, audit.c.after).where(
                    audit.c.object_type == "request"
                )
            ).all()
    finally:
        db.close()
    submitted = {r.object_id for r in rows if r.action == "request.submit"}
    held = {(r.after or {}).get("hold_id") for r in rows if r.action == "request.hold"}
    ended: dict[str, set[Any]] = {}
    for r in rows:
        if r.action in ("request.release", "request.decline", "request.expire", "request.close"):
            hold_id = (r.before or {}).get("hold_id") or (r.after or {}).get("hold_id")
            ended.setdefault(r.action.split(".")[1], set()).add(hold_id)
    how = {"released": "release", "declined": "decline", "expired": "expire"}
    unaudited_end = []
    for h in hold_rows:
        action = how.get(h.status)
        if action is None:
            continue
        if h.id not in ended.get(action, set()) and h.id not in ended.get("close", set()):
            unaudited_end.append(h.id)
    return {
        "requests": len(request_ids),
        "requests_without_submit_row": sorted(request_ids - submitted)[:20],
        "holds": len(hold_rows),
        "holds_without_hold_row": sorted({h.id for h in hold_rows} - held)[:20],
        "ended_holds_without_their_row": unaudited_end[:20],
        "hold_statuses": dict(Counter(h.status for h in hold_rows)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--kill-after", type=float, default=30.0)
    parser.add_argument("--down", type=float, default=3.0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    base = pg_base_url()
    if base is None:
        print("PostgreSQL not reachable at 127.0.0.1:5432/test", file=sys.stderr)
        return 2
    with pg_schema(base) as url, tempfile.TemporaryDirectory() as tmp:
        setup = prepare(url, locations=8, beds=40, referrers=12)
        setup_file = Path(tmp) / "setup.json"
        setup_file.write_text(json.dumps(setup), encoding="utf-8")
        acks_file = Path(tmp) / "acks.jsonl"
        server = Server(url, workers=args.workers, hold_minutes=HOLD_MINUTES, start_timeout=120)
        before = uptime()
        server.start()
        prefix = Path(tmp) / "kill9"
        locust = run_locust(
            server.base,
            setup_file,
            users=args.users,
            seconds=args.seconds,
            csv_prefix=prefix,
            acks=acks_file,
        )
        timeline: dict[str, Any] = {}
        try:
            started = time.monotonic()
            time.sleep(args.kill_after)
            acks_at_kill = len(read_acks(acks_file)) if acks_file.exists() else 0
            server.kill9()
            timeline["killed_at_s"] = round(time.monotonic() - started, 1)
            timeline["acks_before_kill"] = acks_at_kill
            time.sleep(args.down)
            server.start()
            timeline["answering_again_at_s"] = round(time.monotonic() - started, 1)
            locust.wait(timeout=args.seconds + 120)
        finally:
            if locust.poll() is None:
                locust.kill()
        try:
            stats = read_stats(prefix)
            acks = read_acks(acks_file)
            coordinator = setup["users"][0]["token"]
            expiry = check_expiry(url, server.base, coordinator)
        finally:
            server.stop()
        result = {
            "benchmark": "kill -9 of the placement server under the mixed load (PostgreSQL)",
            "workers": args.workers,
            "users": args.users,
            "seconds": args.seconds,
            "hold_minutes": HOLD_MINUTES,
            "timeline": timeline,
            "load": stats["total"],
            "failures_during_outage": stats["failures"],
            "acknowledged_writes": check_acks(url, acks),
            "expiry": expiry,
            "audit": check_audit(url),
            "machine_cpus": os.cpu_count(),
            "load_before": before,
            "load_after": uptime(),
        }
    text = json.dumps(result, indent=2, default=str)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    ok = (
        result["acknowledged_writes"]["acked_total"] == result["acknowledged_writes"]["found_total"]
        and not expiry["holds_longer_than_hold_time"]
        and not expiry["api_shows_a_lapsed_hold_as_held"]
        and not expiry["availability_counts_a_lapsed_hold"]
        and expiry["lapsed_holds_left_held_after_expire"] == 0
        and not result["audit"]["requests_without_submit_row"]
        and not result["audit"]["holds_without_hold_row"]
        and not result["audit"]["ended_holds_without_their_row"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
