"""Benchmark the roster engine on the Curtois & Qu instances and on the example region.

    .venv/bin/python benchmarks/roster/run_curtois.py --time-limit 60 --workers 2 \
        --out benchmarks/roster/results.json

Each instance runs through the same path as ``regioplan roster benchmark INSTANCE --json``; the
objective is then recomputed from the assignments by the independent checker, and the load average
of the machine is recorded (the benchmark machine is shared). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import time
from pathlib import Path

from regioplan.roster import SolverParams, check_roster, parse_curtois, solve
from regioplan.roster.problem_file import load_problem

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def _curtois(args: argparse.Namespace) -> list[dict[str, object]]:
    best = {r["instance"]: r for r in csv.DictReader((args.instances / "best_known.csv").open())}
    rows = []
    for name in args.only or sorted(best, key=lambda n: int(n.removeprefix("Instance"))):
        problem = parse_curtois((args.instances / f"{name}.txt").read_text(), name=name)
        load_before = os.getloadavg()[0]
        result = solve(
            problem,
            time_limit=args.time_limit,
            seed=args.seed,
            workers=args.workers,
            params=args.params,
        )
        report = check_roster(problem, result.assignments)
        known = int(best[name]["best_known_objective"])
        objective = result.objective
        row = {
            "instance": name,
            "best_known": known,
            "objective": objective,
            "checked_objective": report.objective if result.is_feasible() else None,
            "violations": len(report.violations),
            "bound": result.bound,
            "gap_to_bound": result.gap,
            "status": result.status,
            "gap_to_best_known": None if objective is None else (objective - known) / known,
            "seconds": round(result.seconds, 1),
            "load": round(load_before, 2),
            "phases": list(result.phases),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def _region(args: argparse.Namespace) -> dict[str, object]:
    problem = load_problem(ROOT / "examples" / "roster" / "region.toml")
    out: dict[str, object] = {"load": round(os.getloadavg()[0], 2)}
    started = time.perf_counter()
    quick = solve(problem, time_limit=5, seed=args.seed, workers=args.workers, params=args.params)
    out["quick_wall_seconds"] = round(time.perf_counter() - started, 1)  # incl. model building
    out["quick_status"] = quick.status
    out["quick_objective"] = quick.objective
    full = solve(
        problem,
        time_limit=args.time_limit,
        seed=args.seed,
        workers=args.workers,
        params=args.params,
    )
    report = check_roster(problem, full.assignments)
    out.update(
        objective=full.objective,
        bound=full.bound,
        gap=full.gap,
        status=full.status,
        seconds=round(full.seconds, 1),
        violations=len(report.violations),
        phases=list(full.phases),
    )
    print(json.dumps({"region": out}), flush=True)
    return out


def _regional(args: argparse.Namespace) -> dict[str, object]:
    """The 120-GP regional example (examples/roster/regional_120; example data)."""
    import resource

    load = os.getloadavg()[0]
    started = time.perf_counter()
    problem = load_problem(ROOT / "examples" / "roster" / "regional_120" / "region.toml")
    limit = args.regional_time_limit or args.time_limit
    result = solve(
        problem, time_limit=limit, seed=args.seed, workers=args.workers, params=args.params
    )
    wall = time.perf_counter() - started
    report = check_roster(problem, result.assignments)
    out: dict[str, object] = {
        "instance": "regional_120",
        "days": problem.horizon,
        "staff": len(problem.physicians),
        "objective": result.objective,
        "checked_objective": report.objective if result.is_feasible() else None,
        "violations": len(report.violations),
        "bound": result.bound,
        "gap_to_bound": result.gap,
        "status": result.status,
        "time_limit": limit,
        "seconds": round(wall, 1),
        "load": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "penalties": dict(result.penalties),
        "phases": list(result.phases),
    }
    print(json.dumps({"regional": out}), flush=True)
    return out


def _scaled(args: argparse.Namespace) -> list[dict[str, object]]:
    """Synthetic instances of the size of Curtois 13-24 (not bundled), tiled from Instance12."""
    import resource

    from make_scaled import scale

    base = (args.instances / "Instance12.txt").read_text()
    rows = []
    for spec in args.scaled:
        weeks, staff = (int(n) for n in spec.split("x"))
        name = f"Instance12 tiled {weeks}x{staff}"
        load_before = os.getloadavg()[0]
        started = time.perf_counter()  # reading and building the model count too
        problem = parse_curtois(scale(base, weeks, staff), name=name)
        result = solve(
            problem,
            time_limit=args.scaled_time_limit or args.time_limit,
            seed=args.seed,
            workers=args.workers,
            params=args.params,
        )
        wall = time.perf_counter() - started
        report = check_roster(problem, result.assignments)
        row = {
            "instance": name,
            "days": problem.horizon,
            "staff": len(problem.physicians),
            "objective": result.objective,
            "checked_objective": report.objective if result.is_feasible() else None,
            "violations": len(report.violations),
            "bound": result.bound,
            "gap_to_bound": result.gap,
            # what issue #20's targets limit: objective / bound - 1
            "above_bound": _above(result.objective, result.bound),
            "status": result.status,
            "time_limit": args.scaled_time_limit or args.time_limit,
            "seconds": round(wall, 1),
            "load_after": round(os.getloadavg()[0], 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load": round(load_before, 2),
            "phases": list(result.phases),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def _above(objective: int | None, bound: float | None) -> float | None:
    """How far the objective lies above the bound, as a fraction of the bound."""
    if objective is None or bound is None or bound <= 0:
        return None
    return (objective - bound) / bound


def _table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| instance | best known | ours | proven bound | gap to best known | status | time (s) |"
        " load |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    gaps = []
    for r in rows:
        gap = r["gap_to_best_known"]
        gaps.append(gap if isinstance(gap, float) else 1.0)
        gap_text = "-" if gap is None else f"{100 * float(gap):.2f}%"
        bound = r["bound"]
        bound_text = "-" if bound is None else f"{float(bound):.0f}"  # type: ignore[arg-type]
        lines.append(
            f"| {r['instance']} | {r['best_known']} | {r['objective']} | {bound_text} | {gap_text}"
            f" | {r['status']} | {r['seconds']} | {r['load']} |"
        )
    if gaps:
        lines.append(f"\nAverage gap to best known: {100 * sum(gaps) / len(gaps):.2f}%")
    return "\n".join(lines)


def _uptime() -> str:
    """The machine's `uptime` line (load averages) at the end of the run."""
    import subprocess

    try:
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", type=Path, default=HERE / "instances")
    parser.add_argument("--only", nargs="*", help="instance names, e.g. Instance1 Instance5")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-region", action="store_true")
    parser.add_argument("--skip-curtois", action="store_true")
    parser.add_argument(
        "--scaled",
        nargs="*",
        default=[],
        metavar="WEEKSxSTAFF",
        help="also solve Instance12 tiled WEEKS times in time and STAFF times in staff, e.g. 2x2",
    )
    parser.add_argument(
        "--scaled-time-limit",
        type=float,
        help="time limit of the tiled instances (else --time-limit)",
    )
    parser.add_argument(
        "--regional", action="store_true", help="also the 120-GP example (regional_120)"
    )
    parser.add_argument("--regional-time-limit", type=float, help="its time limit")
    parser.add_argument("--tuning", type=Path, help="SolverParams as TOML (docs/roster.md)")
    parser.add_argument("--out", type=Path, help="write all results as JSON here")
    args = parser.parse_args()
    args.params = SolverParams.from_toml(args.tuning) if args.tuning else SolverParams()
    rows = [] if args.skip_curtois else _curtois(args)
    region = None if args.skip_region else _region(args)
    scaled = _scaled(args)
    regional = _regional(args) if args.regional else None
    print(_table(rows))
    if args.out:
        payload = {
            "time_limit": args.time_limit,
            "workers": args.workers,
            "seed": args.seed,
            "tuning": str(args.tuning) if args.tuning else None,
            "uptime": _uptime(),
            "curtois": rows,
            "region": region,
            "scaled": scaled,
            "regional_120": regional,
        }
        args.out.write_text(json.dumps(payload, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
