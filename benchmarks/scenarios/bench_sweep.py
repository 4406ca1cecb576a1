"""Benchmark: one scenario on all 31 zorgkantoor regions x 3 professions x 1,000 draws.

Run the same way every time, from the repository root:

    .venv/bin/python benchmarks/scenarios/bench_sweep.py [--draws 1000] [--repeat 3]

Target (issue 6): all 31 zorgkantoor regions x 3 professions x 20 years x 1,000 Monte Carlo
draws for one scenario in under 30 s. The scenario is ``examples/scenarios/all_initiatives.toml``
(all twelve initiatives, 49 uncertain parameters). Timed cases, each a full sweep with P10/P50/P90
per profession and year and the sensitivity ranking:

* ``serial``: one process (:class:`SerialExecutor`), baselines built cold inside the timing;
* ``serial, warm``: the same with the 31 baselines already built (engine only);
* ``local x2``: :class:`LocalExecutor` with 2 worker processes (forked from the warm parent, so
  they inherit its baselines);
* ``dask x2``: a 2-worker Dask ``LocalCluster`` (processes, 1 thread each), cold and warm.

Every run is checked to give exactly the serial results (same seed). The peer in the same run is
the engine called one draw at a time in a Python loop (the non-vectorised way) for one region,
scaled to 31 regions; the table reports the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np

from regioplan.executors import DaskExecutor, LocalExecutor, SerialExecutor
from regioplan.regions import list_regions
from regioplan.scenarios import SweepResult, load_scenario, sweep
from regioplan.scenarios.adapter import baseline_for
from regioplan.scenarios.engine import apply_scenario
from regioplan.scenarios.uncertainty import sample_values
from regioplan.settings import DEFAULT_SEED

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "examples" / "scenarios" / "all_initiatives.toml"
SEED = DEFAULT_SEED


def _same(a: SweepResult, b: SweepResult) -> bool:
    return all(
        np.array_equal(x.professions[p].gap_quantiles, y.professions[p].gap_quantiles)
        for x, y in zip(a.results, b.results, strict=True)
        for p in x.professions
    )


def _timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    scenario = load_scenario(SCENARIO)
    codes = [r.code for r in list_regions("zorgkantoor")]

    def run(executor):  # type: ignore[no-untyped-def]
        return sweep(
            codes, [scenario], draws=args.draws, seed=SEED, executor=executor, sensitivity=True
        )

    rows: list[tuple[str, float, str]] = []
    cold, ref = _timed(lambda: run(SerialExecutor()))
    rows.append(("serial, cold (one process, builds 31 baselines)", cold, "reference"))
    warm = [_timed(lambda: run(SerialExecutor()))[0] for _ in range(args.repeat)]
    serial_warm = statistics.median(warm)
    rows.append(("serial, warm (engine only)", serial_warm, "reference"))

    # forked after the serial runs, the workers inherit the parent's built baselines
    for label, workers in (("local processes x2 (forked: baselines inherited)", 2),):
        t, res = _timed(lambda w=workers: _local(run, w))  # type: ignore[misc]
        rows.append((label, t, "same" if _same(ref, res) else "DIFFERENT"))

    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
        DaskExecutor(client=client) as dask,
    ):
        t, res = _timed(lambda: run(dask))
        rows.append(("dask LocalCluster 2 workers, cold", t, "same" if _same(ref, res) else "DIFF"))
        times = []
        for _ in range(args.repeat):
            t, res = _timed(lambda: run(dask))
            times.append(t)
        dask_warm = statistics.median(times)
        rows.append(
            ("dask LocalCluster 2 workers, warm", dask_warm, "same" if _same(ref, res) else "DIFF")
        )

    # peer: one draw at a time for one region, scaled to 31 regions
    base = baseline_for(codes[0])
    values = sample_values(scenario, args.draws, np.random.default_rng(SEED))
    n_loop = max(args.draws // 10, 1)
    t = time.perf_counter()
    for i in range(n_loop):
        apply_scenario(base, scenario, {k: v[i : i + 1] for k, v in values.items()})
    loop_one = (time.perf_counter() - t) * args.draws / n_loop
    t = time.perf_counter()
    apply_scenario(base, scenario, values)
    vec_one = time.perf_counter() - t
    rows.append((f"peer: engine looped over draws, x31 (from {n_loop} draws)", loop_one * 31, "-"))
    rows.append(("engine vectorised over draws, x31", vec_one * 31, "-"))

    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores (shared); load average {load[0]:.1f} / {load[1]:.1f}; "
        f"draws {args.draws}; repeat {args.repeat}"
    )
    print(f"scenario: {SCENARIO.name} ({len(scenario.parameter_keys)} parameters)")
    print()
    print("| case | seconds | results vs serial |")
    print("|---|---:|---|")
    for label, secs, same in rows:
        print(f"| {label} | {secs:.2f} | {same} |")
    print()
    print(f"speed-up dask x2 (warm) over one process (warm): {serial_warm / dask_warm:.2f}x")
    print(f"vectorised vs looped engine: {loop_one / vec_one:.0f}x")
    print(f"target < 30 s (cold, one process): {'met' if cold < 30 else 'NOT met'} ({cold:.1f} s)")


def _local(run, workers):  # type: ignore[no-untyped-def]
    with LocalExecutor(workers=workers) as ex:
        return run(ex)


if __name__ == "__main__":
    main()
