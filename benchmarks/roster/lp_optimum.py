"""The LP optimum of a tiled instance, by column generation on the whole model until no column
prices out: the strongest bound an LP gives, against which the engine's own bound (at 60 s,
the windows' Lagrangian bound on long horizons) is compared in docs/roster.md (twenty-eighth
round). Minutes, not seconds: on Instance12 tiled 3x2 about four minutes on two workers.

    .venv/bin/python benchmarks/roster/lp_optimum.py --scaled 3x2 --time-limit 600 \
        --out benchmarks/roster/results-lp-optimum-3x2.json

Prints the bound's progress (every tenth round) on stderr and a JSON object on stdout;
"converged" says whether the bound rounded up reached the master LP's last objective rounded up.
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


class _Rounds(logging.Filter):
    """Lets every `n`-th record of column generation's progress through."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n, self.seen = n, 0

    def filter(self, record: logging.LogRecord) -> bool:
        self.seen += 1
        return self.seen % self.n == 1


def _factors(text: str) -> tuple[int, int]:
    """`--scaled`'s weeks and staff factors, e.g. "3x2" -> (3, 2)."""
    weeks, _, staff = text.partition("x")
    if not (weeks.isdigit() and staff.isdigit() and int(weeks) > 0 and int(staff) > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not WEEKSxSTAFF, e.g. 3x2")
    return int(weeks), int(staff)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scaled", type=_factors, default=(3, 2), help="weeks x staff factors, e.g. 3x2"
    )
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--instances", type=Path, default=HERE / "instances")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    weeks, staff = args.scaled
    text = scale((args.instances / "Instance12.txt").read_text(), weeks, staff)
    problem = parse_curtois(text, name=f"Instance12 tiled {weeks}x{staff}")

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_Rounds(10))
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
    last: list[float] = []  # the master LP's last objective (none: not converged)
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
        lp_objective=last,
    )
    seconds = time.perf_counter() - started
    lp = last[0] if last else math.inf
    out = {
        "instance": problem.name,
        "duty_variables": len(model.x),
        "lagrangian_bound": run.bound,
        "bound": math.ceil(run.bound - 1e-6),
        "last_master_lp": lp,
        # objectives are integers: once the bound rounded up reaches the master LP's
        # objective rounded up, no LP bound is stronger
        "converged": math.ceil(run.bound - 1e-6) >= math.ceil(lp - 1e-6),
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
