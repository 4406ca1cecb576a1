"""The regional scan of every zorgkantoor region: cold, in a fresh process per region, or warm.

Run from the repository root::

    .venv/bin/python benchmarks/initiatives/bench_scan.py                 # all 31 regions, cold
    .venv/bin/python benchmarks/initiatives/bench_scan.py --rounds 3      # three rounds
    .venv/bin/python benchmarks/initiatives/bench_scan.py ZK24 ZK01       # some regions
    .venv/bin/python benchmarks/initiatives/bench_scan.py --before /tmp/old/src
    .venv/bin/python benchmarks/initiatives/bench_scan.py --warm          # one process

Cold (the default) is what a user meets: ``regioplan scan CODE --json`` started from a shell,
one fresh process per region (imports, data files, every national figure the scan needs), with
the operating system's file cache, the ``.pyc`` files and numba's cache already warm (one untimed
scan runs first; a first-ever run also compiles those). Per run it records the wall time, the
child's CPU time (user + sys), the 1-minute load average just before it and the scan's own steps
(the ``timings`` of its JSON). The target is :data:`TARGET_SECONDS` per region.

``--before SRC`` also runs every region with another source tree on ``PYTHONPATH`` (a checkout
before a change), right next to the current one and in alternating order, so that both meet the
same load; the summary then has both. The machine is shared: read the figures with the load
average recorded next to them (2 cores: a load of 4 roughly doubles a CPU-bound wall time).

``--warm`` is the earlier in-process benchmark: one process scans the regions in code order (the
first pays the national caches, the others reuse them), then builds the whole regiobeeld alone
as a peer; imports and process start are not timed.

Prints one JSON document and writes it to ``--out`` (default: ``results.json`` next to this file;
``-`` for none); a summary goes to stderr. Exit status 1 when a region of the current tree misses
the target.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import datetime as dt
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

TARGET_SECONDS = 5.0
HORIZON = 2040
DRAWS = 1000
CLI = ROOT / ".venv" / "bin" / "regioplan"
RESULTS = Path(__file__).with_name("results.json")


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def cold_scan(code: str, src: Path | None = None) -> dict[str, Any]:
    """One ``regioplan scan CODE --json`` in a fresh process (with `src` first on the path)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    load = _load()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(CLI), "scan", code, "--json", "--horizon", str(HORIZON), "--draws", str(DRAWS)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"regioplan scan {code} failed ({done.returncode}): {done.stderr[-2000:]}")
    doc = json.loads(done.stdout)
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 3),
        "load_1min": load,
        "steps_s": doc.get("timings", {}),
    }


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_s": round(statistics.median(ordered), 3),
        "max_s": ordered[-1],
        "min_s": ordered[0],
    }


def cold(codes: list[str], rounds: int, before: Path | None, warmup: bool) -> dict[str, Any]:
    trees: dict[str, Path | None] = {"current": None}
    if before is not None:
        trees = {"before": before, "current": None}
    if warmup:  # compiles changed modules and fills numba's cache: not what a user waits for
        for src in trees.values():
            cold_scan(codes[0], src)
    runs: list[dict[str, Any]] = []
    for n in range(rounds):
        for i, code in enumerate(codes):
            names = list(trees)
            if (i + n) % 2:  # alternate which tree goes first, so that both meet the same load
                names.reverse()
            for name in names:
                row = {"round": n + 1, "code": code, "tree": name, **cold_scan(code, trees[name])}
                runs.append(row)
                print(
                    f"{code} {name}: {row['wall_s']:.2f} s wall, {row['cpu_s']:.2f} s CPU, "
                    f"load {row['load_1min']}",
                    file=sys.stderr,
                )
    summary: dict[str, Any] = {}
    for name in trees:
        mine = [r for r in runs if r["tree"] == name]
        worst: dict[str, float] = {}
        for r in mine:
            worst[r["code"]] = max(worst.get(r["code"], 0.0), r["wall_s"])
        summary[name] = {
            "wall": _stats([r["wall_s"] for r in mine]),
            "cpu": _stats([r["cpu_s"] for r in mine]),
            "load_1min": _stats([r["load_1min"] for r in mine]),
            "over_target": sorted(c for c, w in worst.items() if w >= TARGET_SECONDS),
        }
    return {"mode": "cold", "summary": summary, "runs": runs}


def warm(codes: list[str]) -> dict[str, Any]:
    from regioplan.regiobeeld import build_regiobeeld
    from regioplan.regiobeeld.scan import scan_region
    from regioplan.regions import select_region
    from regioplan.settings import DEFAULT_SEED

    rows: list[dict[str, Any]] = []
    scans: list[float] = []
    for region in (select_region(c) for c in codes):
        started = time.perf_counter()
        result = scan_region(region, horizon=HORIZON, seed=DEFAULT_SEED, draws=DRAWS)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        build_regiobeeld(region, horizon=HORIZON, seed=DEFAULT_SEED, draws=DRAWS)
        peer = time.perf_counter() - started
        scans.append(round(ours, 3))
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "regiobeeld_s": round(peer, 3),
                "scan_s": round(ours, 3),
                "steps_s": {k: round(v, 3) for k, v in result.timings.items()},
                "load_1min": _load(),
            }
        )
        print(f"{region.code}: scan {ours:.2f} s (whole regiobeeld {peer:.2f} s)", file=sys.stderr)
    summary = {
        "current": {
            "wall": _stats(scans),
            "over_target": [
                r["code"] for r, s in zip(rows, scans, strict=True) if s >= TARGET_SECONDS
            ],
        }
    }
    return {"mode": "warm", "summary": summary, "runs": rows}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("codes", nargs="*", help="zorgkantoor codes (default: all 31)")
    parser.add_argument("--rounds", type=int, default=1, help="times every region is scanned")
    parser.add_argument("--before", type=Path, help="another source tree (PYTHONPATH) to compare")
    parser.add_argument("--warm", action="store_true", help="one process, warm caches")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false")
    parser.add_argument("--out", default=str(RESULTS), help="JSON file to write ('-': none)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error(f"--rounds {args.rounds}: give 1 or more")
    if args.before is not None and not (args.before / "regioplan").is_dir():
        parser.error(f"--before {args.before}: no regioplan package there")
    from regioplan.regions import list_regions

    codes = args.codes or [r.code for r in list_regions("zorgkantoor")]
    load_start = [round(x, 2) for x in os.getloadavg()]
    started = dt.datetime.now().astimezone()
    doc = warm(codes) if args.warm else cold(codes, args.rounds, args.before, args.warmup)
    doc = {
        "benchmark": "regioplan scan, every zorgkantoor region",
        "started": started.isoformat(timespec="seconds"),
        "target_s": TARGET_SECONDS,
        "horizon": HORIZON,
        "draws": DRAWS,
        "rounds": 1 if args.warm else args.rounds,
        "before": str(args.before) if args.before else None,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_average_start": load_start,
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        **doc,
    }
    text = json.dumps(doc, indent=2)
    print(text)
    if args.out != "-":
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(json.dumps(doc["summary"]), file=sys.stderr)
    return 1 if doc["summary"]["current"]["over_target"] else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
