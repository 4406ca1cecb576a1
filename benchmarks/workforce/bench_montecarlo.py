"""Benchmark: Monte Carlo of the workforce model in all 342 municipalities, 3 professions.

Run the same way every time, from the repository root:

    .venv/bin/python benchmarks/workforce/bench_montecarlo.py [--draws 1000] [--repeat 3]

Target (issue 3): 342 municipalities x 3 professions x 20 years x 1,000 draws in under 10 s.
The timed case is :func:`regioplan.workforce.monte_carlo_municipalities` for gp, so and avg
(sampling, the vectorised model, the municipal split and P10/P50/P90 per municipality and year).
The municipal shares (demography projection, distances) are computed once per profession before
the clock starts and reported separately.

The timed case also draws the settlement parameters (L, α) per draw. The peer in the same run is
the same computation one draw at a time (the model called with a single draw in a Python loop,
municipalities still vectorised, settlement fixed), run on a tenth of the draws and scaled up; the
table reports both and their ratio, and checks that both give the same bands when the vectorised
run also keeps the settlement fixed.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from regioplan.data import PROFESSIONS
from regioplan.workforce import engine, load_params, monte_carlo_municipalities, municipal_shares
from regioplan.workforce.montecarlo import QUANTILES, sample


def vectorised(draws: int, shares: dict[str, object]) -> float:
    t = time.perf_counter()
    for prof in PROFESSIONS:
        p = load_params(profession=prof)
        monte_carlo_municipalities(
            p, shares[prof], draws=draws, seed=1, years=20, vary_settlement=True
        )  # type: ignore[arg-type]
    return time.perf_counter() - t


def looped(draws: int, shares: dict[str, object]) -> tuple[float, list[np.ndarray]]:
    """The peer: one draw at a time through the same engine, then np.quantile over the draws."""
    t = time.perf_counter()
    bands = []
    for prof in PROFESSIONS:
        p = load_params(profession=prof)
        sh = shares[prof]
        v = sample(p, draws, seed=1)
        supplies, demands = [], []
        for i in range(draws):
            one = {k: a[i : i + 1] for k, a in v.items()}
            s = engine.supply(p, one)
            r = engine.demand(
                engine.base_fte(one), engine.variant_rates(one, "mc"), 6, p.trend_offset
            )
            trained = s.total_fte - s.fte["stock"]
            supplies.append(sh.stock[:, None] * s.fte["stock"] + sh.settling[:, None] * trained)  # type: ignore[attr-defined]
            demands.append(sh.demand * r)  # type: ignore[attr-defined]
        supply, demand = np.stack(supplies, axis=1), np.stack(demands, axis=1)
        np.quantile(supply, QUANTILES, axis=1)
        np.quantile(demand, QUANTILES, axis=1)
        bands.append(np.quantile(demand - supply, QUANTILES, axis=1))
    return time.perf_counter() - t, bands


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t = time.perf_counter()
    shares = {prof: municipal_shares(load_params(profession=prof), prof) for prof in PROFESSIONS}
    setup = time.perf_counter() - t

    fast = [vectorised(args.draws, shares) for _ in range(args.repeat)]
    peer_draws = max(1, args.draws // 10)
    slow_runs = [looped(peer_draws, shares) for _ in range(args.repeat)]
    slow = [s * args.draws / peer_draws for s, _ in slow_runs]

    # same draws, same bands
    check = []
    for prof, band in zip(PROFESSIONS, slow_runs[0][1], strict=True):
        p = load_params(profession=prof)
        fast_band = monte_carlo_municipalities(p, shares[prof], draws=peer_draws, seed=1)
        check.append(np.allclose(fast_band.gap_fte, band))

    cells = 342 * len(PROFESSIONS) * 21 * args.draws
    head = f"case ({args.draws} draws, 342 municipalities, 3 professions, 21 years)"
    print(f"| {head} | median s | max s |")
    print("|---|---:|---:|")
    print(f"| municipal shares, once (demography, distances) | {setup:.2f} | {setup:.2f} |")
    med = statistics.median(fast)
    print(f"| vectorised `monte_carlo_municipalities` | {med:.2f} | {max(fast):.2f} |")
    print(
        f"| peer: one draw at a time (x{args.draws // peer_draws} from {peer_draws} draws) | "
        f"{statistics.median(slow):.2f} | {max(slow):.2f} |"
    )
    print()
    print(
        f"speed-up {statistics.median(slow) / statistics.median(fast):.1f}x; "
        f"{cells / statistics.median(fast) / 1e6:.1f} million municipality-draw-years per second; "
        f"target < 10 s: {'met' if max(fast) < 10 else 'NOT met'}; "
        f"peer and vectorised bands equal: {all(check)}"
    )


if __name__ == "__main__":
    main()
