"""regioplan.access against PySAL ``access`` on the same in-memory inputs.

Run from the repository root, with the peer environment (see docs/access.md)::

    python3 -m venv benchmarks/.venv-peer
    benchmarks/.venv-peer/bin/pip install access /work/main   # or the repository path
    benchmarks/.venv-peer/bin/python benchmarks/access/bench_access.py all

regioplan is imported from ``src/`` of this checkout (not the installed copy). Only the
computation is timed (best of --repeat runs), never interpreter start-up, instance building or
file reading. Scores are compared element-wise: max |ours - peer| / |peer| must be <= 1e-9.

Sections: ``country``, ``scenarios`` (1,000 supply scenarios), ``random`` (200 supply scenarios
on the country instance with sorted ids and with ids in random order, --rounds rounds, median
speed-up), ``pc4``, ``fine``; ``all`` runs them in that order.
"""

from __future__ import annotations

import os

# One BLAS thread unless told otherwise: on the shared 2-core machine, two OpenBLAS threads that
# compete with other processes run the many-scenario products 2-4 times slower. Set before numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import instances  # noqa: E402

from regioplan.access import Gaussian, compute  # noqa: E402
from regioplan.access.weights import E2SFCA_STEPS, THREE_STAGE_STEPS  # noqa: E402

METHODS = ("2sfca", "e2sfca", "g2sfca", "3sfca")
TOLERANCE = 1e-9


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def ours(method: str, inst: instances.Instance, supply: pd.Series | pd.DataFrame | None = None):
    weights = Gaussian(15.0) if method == "g2sfca" else None
    s = inst.supply if supply is None else supply
    return compute(
        method, inst.demand, s, inst.costs, weights=weights, max_cost=instances.CATCHMENT
    )


class Peer:
    """PySAL access (``access.fca``) with its inputs prepared once, outside the timer."""

    def __init__(self, inst: instances.Instance) -> None:
        from access import fca
        from access import weights as pw

        self.fca, self.pw = fca, pw
        self.demand_df = pd.DataFrame(
            {"geoid": inst.demand.index, "demand": inst.demand.to_numpy()}
        )
        self.cost_df = inst.costs.rename(columns={"destination": "dest"})
        self.supply_index = inst.supply.index

    def run(self, method: str, supply: pd.Series) -> pd.Series:
        supply_df = pd.DataFrame(
            {"supply": supply.to_numpy()}, index=pd.Index(self.supply_index, name="geoid")
        )
        common = dict(
            demand_df=self.demand_df, supply_df=supply_df, demand_index="geoid",
            demand_name="demand", supply_index="geoid", supply_name="supply",
            cost_origin="origin", cost_dest="dest", cost_name="cost",
            max_cost=instances.CATCHMENT,
        )  # fmt: skip
        if method == "3sfca":
            fn = self.pw.step_fn(THREE_STAGE_STEPS)
            return self.fca.three_stage_fca(cost_df=self.cost_df.copy(), weight_fn=fn, **common)
        fn = {
            "2sfca": None,
            "e2sfca": self.pw.step_fn(E2SFCA_STEPS),
            "g2sfca": self.pw.gaussian(15.0),
        }[method]
        return self.fca.two_stage_fca(cost_df=self.cost_df, weight_fn=fn, **common)


def rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / |b| (0 where both are 0; inf where only b is 0)."""
    diff = np.abs(a - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(diff == 0, 0.0, diff / np.abs(b))
    return float(np.max(rel)) if len(rel) else 0.0


def compare(ours_scores: pd.Series, peer_scores: pd.Series) -> float:
    peer_full = peer_scores.reindex(ours_scores.index).fillna(0.0).to_numpy(float)
    return rel_diff(ours_scores.to_numpy(float), peer_full)


def section_country(repeat: int, peer_repeat: int) -> list[dict[str, Any]]:
    inst = instances.country()
    peer = Peer(inst)
    rows = []
    for method in METHODS:
        t_ours, a = best_of(lambda m=method: ours(m, inst), repeat)
        t_peer, b = best_of(lambda m=method: peer.run(m, inst.supply), peer_repeat)
        rows.append(
            {
                "case": f"country, {method}",
                "size": f"{len(inst.demand):,} x {len(inst.supply):,}, {len(inst.costs):,} pairs",
                "ours_s": t_ours,
                "peer_s": t_peer,
                "speedup": t_peer / t_ours,
                "max_rel_diff": compare(a, b),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def section_scenarios(repeat: int, peer_calls: int, columns: int = 1000) -> list[dict[str, Any]]:
    inst = instances.country()
    peer = Peer(inst)
    rng = np.random.default_rng(1000)
    factors = rng.uniform(0.8, 1.2, (len(inst.supply), columns))
    frame = pd.DataFrame(
        inst.supply.to_numpy()[:, None] * factors,
        index=inst.supply.index,
        columns=[f"draw{k}" for k in range(columns)],
    )
    rows = []
    for method in ("2sfca", "e2sfca"):
        t_ours, a = best_of(lambda m=method: ours(m, inst, frame), repeat)
        t0 = time.perf_counter()
        diffs = []
        for k in range(peer_calls):
            b = peer.run(method, frame.iloc[:, k])
            diffs.append(compare(a.iloc[:, k], b))
        per_call = (time.perf_counter() - t0) / peer_calls
        rows.append(
            {
                "case": f"{columns:,} supply scenarios, {method}",
                "size": f"{len(inst.demand):,} x {len(inst.supply):,} x {columns:,}",
                "ours_s": t_ours,
                "peer_s": per_call * columns,
                "peer_note": f"extrapolated from {peer_calls} measured calls "
                f"({per_call:.3f} s each) x {columns}",
                "speedup": per_call * columns / t_ours,
                "max_rel_diff": max(diffs),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def section_random(
    repeat: int, peer_calls: int, rounds: int, columns: int = 200
) -> list[dict[str, Any]]:
    """Supply scenarios on the country instance with sorted ids and with ids in random order.

    Each round times regioplan (best of `repeat`) and `peer_calls` peer calls, one per scenario,
    on the same instance; the speed-up is the median of the rounds' ratios (the machine is shared
    and noisy). The random-order scores, un-shuffled, are compared with the sorted ones.
    """
    inst = instances.country()
    shuffled, area_id, supply_id = instances.random_order(inst)
    rng = np.random.default_rng(2020)
    factors = rng.uniform(0.8, 1.2, (len(inst.supply), columns))
    frame = pd.DataFrame(
        inst.supply.to_numpy()[:, None] * factors,
        index=inst.supply.index,
        columns=[f"draw{k}" for k in range(columns)],
    )
    frame_shuffled = frame.set_axis(supply_id.reindex(frame.index).to_numpy()).loc[
        shuffled.supply.index
    ]
    cases = {"sorted ids": (inst, frame), "ids in random order": (shuffled, frame_shuffled)}
    peers = {name: Peer(case) for name, (case, _) in cases.items()}
    rows = []
    for method in ("e2sfca", "2sfca"):
        per_round: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        scores: dict[str, pd.DataFrame] = {}
        diffs: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(rounds):
            for name, (case, supply) in cases.items():
                t_ours, a = best_of(lambda c=case, s=supply, m=method: ours(m, c, s), repeat)
                scores[name] = a
                t0 = time.perf_counter()
                for k in range(peer_calls):
                    b = peers[name].run(method, supply.iloc[:, k])
                    diffs[name].append(compare(a.iloc[:, k], b))
                per_call = (time.perf_counter() - t0) / peer_calls
                per_round[name].append((t_ours, per_call))
        back = scores["ids in random order"].loc[area_id.reindex(inst.demand.index).to_numpy()]
        order_diff = rel_diff(back.to_numpy(), scores["sorted ids"].to_numpy())
        for name, (case, _) in cases.items():
            ratios = [per_call * columns / t for t, per_call in per_round[name]]
            t_ours = float(np.median([t for t, _ in per_round[name]]))
            per_call = float(np.median([p for _, p in per_round[name]]))
            rows.append(
                {
                    "case": f"{columns:,} supply scenarios, {method}, {name}",
                    "size": f"{len(case.demand):,} x {len(case.supply):,} x {columns:,}, "
                    f"{len(case.costs):,} pairs",
                    "ours_s": t_ours,
                    "ours_note": f"median of {rounds} rounds (best of {repeat} each); "
                    f"random order un-shuffled vs sorted: max rel. diff {order_diff:.1e}",
                    "peer_s": per_call * columns,
                    "peer_note": f"median of {rounds} rounds of {peer_calls} measured calls "
                    f"({per_call:.3f} s each) x {columns}; speed-up per round: "
                    + ", ".join(f"{r:,.0f}x" for r in ratios),
                    "speedup": float(np.median(ratios)),
                    "max_rel_diff": max(diffs[name]),
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def section_pc4(repeat: int) -> list[dict[str, Any]]:
    """Whole country at PC4 level for gp, so and avg: costs, supply estimate and scores."""
    from regioplan.access import region_access
    from regioplan.regions import country

    def run() -> None:
        for profession in ("gp", "so", "avg"):
            region_access(country(), profession, method="e2sfca", level="pc4")

    t_cold, _ = best_of(run, 1)
    t_warm, _ = best_of(run, repeat)
    return [
        {
            "case": "whole country, PC4, gp + so + avg (E2SFCA, road-time costs)",
            "size": "4,067 areas x 342 supply points, 3 professions",
            "ours_s": t_warm,
            "ours_note": f"first call in the process (loads bundled data): {t_cold:.2f} s",
            "peer_s": None,
            "speedup": None,
            "max_rel_diff": None,
        }
    ]


def fine_worker(engine: str, method: str, folder: Path) -> None:
    """Run one engine on the saved fine instance; print time and memory as JSON."""
    inst = instances.load(folder)
    baseline = _rss_mb()
    result: dict[str, Any] = {"engine": engine, "method": method, "input_rss_mb": baseline}
    try:
        if engine == "ours":
            t, scores = best_of(lambda: ours(method, inst), 1)
        else:
            peer = Peer(inst)
            t, scores = best_of(lambda: peer.run(method, inst.supply), 1)
            scores = scores.reindex(inst.demand.index).fillna(0.0)
        np.save(folder / f"scores_{engine}_{method}.npy", scores.to_numpy(float))
        result.update(ok=True, seconds=t)
    except MemoryError as exc:
        result.update(ok=False, error=f"MemoryError: {exc}")
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def section_fine(methods: tuple[str, ...], mem_limit_gb: float, timeout: float) -> list[dict]:
    folder = Path(tempfile.mkdtemp(prefix="regioplan-bench-fine-"))
    t0 = time.perf_counter()
    inst = instances.fine()
    build = time.perf_counter() - t0
    instances.save(inst, folder)
    size = f"{len(inst.demand):,} x {len(inst.supply):,}, {len(inst.costs):,} pairs"
    print(f"fine instance: {size}, built in {build:.0f} s", file=sys.stderr)
    del inst
    rows = []
    limit = int(mem_limit_gb * 1024**3)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    for method in methods:
        out: dict[str, dict[str, Any]] = {}
        for engine in ("ours", "peer"):
            cmd = [sys.executable, __file__, "fine-worker", engine, method, str(folder)]
            try:
                proc = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=cap,
                    env=dict(os.environ),
                )  # fmt: skip
                lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
                if lines:
                    out[engine] = json.loads(lines[-1])
                else:
                    tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
                    out[engine] = {"ok": False, "error": f"exit {proc.returncode}: {tail[0]}"}
            except subprocess.TimeoutExpired:
                out[engine] = {"ok": False, "error": f"timeout after {timeout:.0f} s"}
            print(json.dumps(out[engine]), file=sys.stderr)
        diff = None
        if out["ours"].get("ok") and out["peer"].get("ok"):
            a = np.load(folder / f"scores_ours_{method}.npy")
            b = np.load(folder / f"scores_peer_{method}.npy")
            diff = rel_diff(a, b)
        o, p = out["ours"], out["peer"]
        rows.append(
            {
                "case": f"fine scale, {method}",
                "size": size,
                "ours_s": o.get("seconds"),
                "ours_note": f"peak RSS {o.get('peak_rss_mb', float('nan')):,.0f} MB "
                f"(inputs {o.get('input_rss_mb', float('nan')):,.0f} MB)",
                "peer_s": p.get("seconds"),
                "peer_note": (
                    f"peak RSS {p.get('peak_rss_mb', float('nan')):,.0f} MB "
                    f"(inputs {p.get('input_rss_mb', float('nan')):,.0f} MB)"
                    if p.get("ok")
                    else f"failed: {p.get('error')} (address-space limit {mem_limit_gb:g} GB)"
                ),
                "speedup": p["seconds"] / o["seconds"] if o.get("ok") and p.get("ok") else None,
                "max_rel_diff": diff,
            }
        )
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    def fmt(x: float | None, spec: str) -> str:
        return "-" if x is None else format(x, spec)

    lines = [
        "| case | size | regioplan (s) | PySAL access (s) | speed-up | max rel. diff |",
        "|---|---|---:|---:|---:|---:|",
    ]
    notes = []
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['size']} | {fmt(r['ours_s'], '.4f')} | "
            f"{fmt(r['peer_s'], '.3f')} | "
            f"{'-' if r['speedup'] is None else format(r['speedup'], ',.0f') + 'x'} | "
            f"{fmt(r['max_rel_diff'], '.1e')} |"
        )
        for key in ("ours_note", "peer_note"):
            if r.get(key):
                who = "regioplan" if key == "ours_note" else "PySAL access"
                notes.append(f"- {r['case']}: {who}: {r[key]}")
    return "\n".join([*lines, "", *notes])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="section", required=True)
    for name in ("all", "country", "scenarios", "random", "pc4", "fine"):
        p = sub.add_parser(name)
        p.add_argument("--repeat", type=int, default=5)
        p.add_argument("--peer-repeat", type=int, default=3)
        p.add_argument("--peer-calls", type=int, default=5)
        p.add_argument("--rounds", type=int, default=3)
        p.add_argument("--fine-methods", default="2sfca,e2sfca")
        p.add_argument("--mem-limit-gb", type=float, default=10.0)
        p.add_argument("--timeout", type=float, default=1200.0)
        p.add_argument("--out", type=Path, default=None)
    w = sub.add_parser("fine-worker")
    w.add_argument("engine", choices=("ours", "peer"))
    w.add_argument("method")
    w.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.section == "fine-worker":
        fine_worker(args.engine, args.method, args.folder)
        return
    rows: list[dict[str, Any]] = []
    if args.section in ("all", "country"):
        rows += section_country(args.repeat, args.peer_repeat)
    if args.section in ("all", "scenarios"):
        rows += section_scenarios(args.repeat, args.peer_calls)
    if args.section in ("all", "random"):
        rows += section_random(args.repeat, args.peer_calls, args.rounds)
    if args.section in ("all", "pc4"):
        rows += section_pc4(args.repeat)
    if args.section in ("all", "fine"):
        methods = tuple(m for m in args.fine_methods.split(",") if m)
        rows += section_fine(methods, args.mem_limit_gb, args.timeout)
    text = table(rows)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
