"""Benchmark: the national comparison, 31 zorgkantoor regions x 3 professions x 1,000 draws.

Run the same way every time, from the repository root:

    .venv/bin/python benchmarks/national/bench_compare.py [--draws 1000] [--repeat 3]

Target (issue #22 item 4): under 10 s on this machine. Each repetition runs in a fresh Python
process, so "cold" is really the first call (nothing cached: the bundled data are read, the
population projection, the municipal shares and the country's accessibility are computed, then
the draws). Per repetition it times:

* import: ``import regioplan.national`` (numpy, pandas and the engines);
* cold: :func:`regioplan.national.compare_regions` for gp, so and avg, first call in the process;
* recompute: the same after :func:`regioplan.national.compare.cache_clear` (bundled inputs still
  cached, the draws, ranks and bands computed again): the cost of a new seed or draw count;
* warm: the same call again (the cached result);
* pattern: :func:`regioplan.national.distance_pattern` for the three professions with 9,999
  permutations on the cached comparison.

The table shows the median over the repetitions, and the minimum and maximum.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys

ONE_RUN = """
import json, time
t0 = time.perf_counter()
import regioplan.national as nat
from regioplan.national.compare import cache_clear
t1 = time.perf_counter()
profs = ("gp", "so", "avg")
def run():
    return [nat.compare_regions("zorgkantoor", p, draws={draws}, seed=1) for p in profs]
a = time.perf_counter(); first = run(); b = time.perf_counter()
cache_clear()
c = time.perf_counter(); again = run(); d = time.perf_counter()
e = time.perf_counter(); cached = run(); f = time.perf_counter()
assert all(x is y for x, y in zip(again, cached))
assert [r.code for r in first[0].rows] == [r.code for r in again[0].rows]
g = time.perf_counter()
pats = [nat.distance_pattern(p, draws={draws}, seed=1) for p in profs]
h = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "cold": b - a, "recompute": d - c, "warm": f - e,
                  "pattern": h - g, "rows": sum(len(x.rows) for x in first)}}))
"""


def one(draws: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", ONE_RUN.format(draws=draws)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    runs = [one(args.draws) for _ in range(args.repeat)]
    print(
        f"national comparison: 31 zorgkantoor regions x 3 professions x {args.draws} draws, "
        f"{args.repeat} fresh processes; Python {platform.python_version()}, "
        f"{platform.machine()}, {platform.system()}"
    )
    print(f"rows per run: {int(runs[0]['rows'])}")
    print(f"{'step':<10} {'median s':>9} {'min s':>8} {'max s':>8}")
    for key in ("import", "cold", "recompute", "warm", "pattern"):
        xs = [r[key] for r in runs]
        print(f"{key:<10} {statistics.median(xs):>9.4f} {min(xs):>8.4f} {max(xs):>8.4f}")


if __name__ == "__main__":
    main()
