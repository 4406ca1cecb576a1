"""The out-of-hours engine against its SimPy reference, and one ZK24 year x 100 replications.

Run from the repository root::

    .venv/bin/python benchmarks/ooh/bench_ooh.py all            # or: speed | year | validation
    .venv/bin/python benchmarks/ooh/bench_ooh.py all --out benchmarks/ooh/results.json

Sections:

- ``speed``: one replication of the ZK24 benchmark configuration (benchmarks/ooh/zk24_bench.toml;
  estimated posts, invented staffing) is drawn once; its first ``--weeks`` weeks run through the
  engine (best of 3) and through the SimPy implementation of the same model
  (simpy_reference.py, once). Both count the same events (a stage joining its queue, a server
  finishing) and must agree on every stage's start; the figure is the ratio of events per second.
- ``year``: ``simulate`` of the ZK24 year 2025 with 100 replications on local worker processes
  (``--workers``, default 2): wall time of the whole call (model preparation, process start-up,
  replications, pooling), with the machine's load (``uptime``) before and after.
- ``validation``: the measured validation figures (M/M/c against Erlang C, the Giesen et al. 2007
  reconstruction) as the tests compute them, for docs/ooh.md.

Absolute times depend on the machine and on what else runs on it; the load is recorded with each
figure. The SimPy comparison is a ratio measured in the same process, one after the other.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "ooh"))

from simpy_reference import run_simpy  # noqa: E402

from regioplan.executors import LocalExecutor  # noqa: E402
from regioplan.ooh import load_config, prepare, simulate  # noqa: E402
from regioplan.ooh.engine import Jobs, Network, run  # noqa: E402
from regioplan.ooh.model import sample  # noqa: E402
from regioplan.ooh.simulation import replicate  # noqa: E402
from regioplan.regions import select_region  # noqa: E402

CONFIG = HERE / "zk24_bench.toml"


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def speed(weeks: int, seed: int) -> dict[str, Any]:
    import dataclasses

    region = select_region("ZK24")
    model = prepare(region, load_config(CONFIG), year=2025)
    smp = sample(model, np.random.default_rng(seed))
    hours = weeks * 168
    net: Network = dataclasses.replace(model.network, capacity=model.network.capacity[:, :hours])
    keep = smp.jobs.arrival < 60.0 * hours
    jobs = Jobs(*(getattr(smp.jobs, f.name)[keep] for f in dataclasses.fields(smp.jobs)))
    run(net, jobs)  # compile or load the cached kernel
    load_before = _uptime()
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        ours = run(net, jobs)
        best = min(best, time.perf_counter() - t0)
    t0 = time.perf_counter()
    ref = run_simpy(net, jobs)
    t_simpy = time.perf_counter() - t0
    same = bool(np.allclose(ours.start, ref.start, equal_nan=True, atol=1e-6))
    t0 = time.perf_counter()
    year = run(model.network, smp.jobs)
    t_year = time.perf_counter() - t0
    return {
        "weeks": weeks,
        "contacts": int(keep.sum()),
        "events": ours.events,
        "events_simpy": ref.events,
        "traces_equal": same,
        "engine_s": best,
        "simpy_s": t_simpy,
        "engine_events_per_s": ours.events / best,
        "simpy_events_per_s": ref.events / t_simpy,
        "ratio": (ours.events / best) / (ref.events / t_simpy),
        "engine_full_year_events": year.events,
        "engine_full_year_s": t_year,
        "load_before": load_before,
        "load_after": _uptime(),
    }


def year(replications: int, workers: int, seed: int) -> dict[str, Any]:
    region = select_region("ZK24")
    config = load_config(CONFIG)
    load_before = _uptime()
    t0 = time.perf_counter()
    with LocalExecutor(workers=workers) as ex:
        result = simulate(
            region, config, year=2025, replications=replications, seed=seed, executor=ex
        )
    wall = time.perf_counter() - t0
    norms = result.summary()["norms"]
    # CPU time of a replication, in this process (does not depend on other processes' load the
    # way wall time does): 10 replications, after the kernel is loaded
    model = prepare(region, config, year=2025)
    replicate(model, np.random.SeedSequence(seed).spawn(1))
    cpu0 = time.process_time()
    replicate(model, np.random.SeedSequence(seed + 1).spawn(10))
    cpu_per_rep = (time.process_time() - cpu0) / 10
    return {
        "cpu_s_per_replication": cpu_per_rep,
        "cpu_s_100_replications_on_2_cores": cpu_per_rep * replications / workers,
        "replications": replications,
        "workers": workers,
        "wall_s": wall,
        "contacts_per_year": result.estimate("calls").mean,
        "events_total": result.events,
        "u1_within_norm": norms["U1"]["within_norm"],
        "u2_within_norm": norms["U2"]["within_norm"],
        "load_before": load_before,
        "load_after": _uptime(),
    }


def validation() -> dict[str, Any]:
    import giesen_setting

    runs = giesen_setting.replicate(2007, 20)
    giesen = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
    from regioplan.ooh.engine import AT_END
    from regioplan.ooh.results import Estimate

    mmc = []
    for lam, mu, c in ((2.0, 0.5, 5), (0.8, 1.0, 1), (3.0, 0.4, 9)):
        a = lam / mu
        head = sum(a**k / math.factorial(k) for k in range(c))
        top = a**c / math.factorial(c) / (1 - a / c)
        pw = top / (head + top)
        wq = pw / (c * mu - lam)
        hours = 1000
        net = Network(1, ((0,),), (False,), (-1,), np.full((1, hours), c, np.int64),
                      np.zeros((1, 1)), np.zeros((1, 1)))  # fmt: skip
        p_wait, w_mean = [], []
        for ss in np.random.SeedSequence(7).spawn(20):
            rng = np.random.default_rng(ss)
            n = rng.poisson(lam * 60 * hours)
            arrival = np.sort(rng.uniform(0, 60 * hours, n))
            jobs = Jobs(arrival, np.zeros((n, 1), np.int64), np.zeros((n, 1), np.int64),
                        rng.exponential(1 / mu, (n, 1)), np.full((n, 1), -1, np.int64),
                        np.full((n, 1), AT_END), np.zeros((n, 1)))  # fmt: skip
            tr = run(net, jobs)
            warm = (arrival > 600) & (arrival < 60 * (hours - 20))
            wait = (tr.start[:, 0] - tr.enter[:, 0])[warm & (tr.status[:, 0] == 0)]
            p_wait.append(float((wait > 1e-12).mean()))
            w_mean.append(float(wait.mean()))
        mmc.append(
            {
                "lambda_per_min": lam,
                "mu_per_min": mu,
                "c": c,
                "erlang_c_p_wait": pw,
                "erlang_c_mean_wait_min": wq,
                "p_wait": Estimate.of(p_wait).to_dict(),
                "mean_wait_min": Estimate.of(w_mean).to_dict(),
            }
        )
    return {"giesen_2007": giesen, "mmc": mmc}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("section", choices=["speed", "year", "validation", "all"])
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()}
    }
    if args.section in ("speed", "all"):
        out["speed"] = speed(args.weeks, args.seed)
        print(json.dumps({"speed": out["speed"]}, indent=2), flush=True)
    if args.section in ("year", "all"):
        out["year"] = year(args.replications, args.workers, args.seed)
        print(json.dumps({"year": out["year"]}, indent=2), flush=True)
    if args.section in ("validation", "all"):
        out["validation"] = validation()
        print(json.dumps({"validation": out["validation"]}, indent=2), flush=True)
    if args.out:
        args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
