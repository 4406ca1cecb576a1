"""The LP optimum of a tiled instance, by column generation on the whole model until no column
prices out: the strongest bound an LP gives, against which the engine's own bound (at 60 s,
the windows' Lagrangian bound on long horizons) is compared in docs/roster.md (twenty-eighth
round). Minutes, not seconds: on Instance12 tiled 3x2 about four minutes on two workers.

    .venv/bin/python benchmarks/roster/lp_optimum.py --scaled 3x2 --time-limit 600 \
        --out benchmarks/roster/results-lp-optimum-3x2.json

Prints the bound's progress (every tenth round) on stderr and a JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
from pathlib import Path

from make_scaled import scale

from regioplan.roster import parse_curtois
from regioplan.roster.colgen import generate
from regioplan.roster.construct import construct
from regioplan.roster.formulation import build
from regioplan.roster.pricing import pricers

HERE = Path(__file__).parent


class _Every(logging.Filter):
    """Lets every `n`-th record of column generation's rounds through."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n, self.seen = n, 0

    def filter(self, record: logging.LogRecord) -> bool:
        self.seen += 1
        return self.seen % self.n == 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scaled", default="3x2", help="weeks x staff factors, e.g. 3x2")
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--instances", type=Path, default=HERE / "instances")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    weeks, staff = (int(n) for n in args.scaled.split("x"))
    text = scale((args.instances / "Instance12.txt").read_text(), weeks, staff)
    problem = parse_curtois(text, name=f"Instance12 tiled {args.scaled}")

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_Every(10))
    log = logging.getLogger("regioplan.roster.colgen")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)

    started = time.perf_counter()
    model = build(problem)
    dp, rest = pricers(problem, model)
    if rest:
        print(f"{len(rest)} physicians have rules the DP does not price", file=sys.stderr)
        return 1
    start = construct(problem, model, time_limit=60, seed=0, workers=args.workers, dp=dp)
    if start is None:
        print("no start built", file=sys.stderr)
        return 1
    run = generate(
        model,
        start,
        time_limit=args.time_limit,
        workers=args.workers,
        problem=problem,
        dp=dp,
        ip_fallback=False,
        stabilize=True,
        lp_share=1.0,
    )
    seconds = time.perf_counter() - started
    out = {
        "instance": problem.name,
        "duty_variables": len(model.x),
        "lagrangian_bound": run.bound,
        "bound": math.ceil(run.bound - 1e-6),
        # the run ends before its time limit only when no column prices out: the bound is
        # then the LP optimum
        "converged": run.seconds < args.time_limit - 1.0,
        "seconds": round(seconds, 1),
        "workers": args.workers,
    }
    text = json.dumps(out, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
