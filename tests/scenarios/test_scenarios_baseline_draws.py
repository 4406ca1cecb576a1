"""Baseline uncertainty: draws of the projection paired with draws of the parameters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scenarios_tiny import scenario, tiny_region, use, values

from regioplan.errors import ParameterError
from regioplan.scenarios.api import run_region
from regioplan.scenarios.engine import apply_scenario
from regioplan.scenarios.runner import run_scenario


def drawn_region(draws: int, seed: int = 0):  # type: ignore[no-untyped-def]
    """The tiny region with supply, demand, stock, f3 and settling trainees varied per draw."""
    rng = np.random.default_rng(seed)
    region = tiny_region()
    profs = {}
    for p, b in region.professions.items():
        scale = 1 + 0.2 * rng.random((draws, 1))
        profs[p] = replace(
            b,
            supply_fte=b.supply_fte[None, :] * scale,
            demand_fte=b.demand_fte[None, :] * (1 + 0.3 * rng.random((draws, 1))),
            stock_fte=b.stock_fte[None, :] * scale,
            per_intake_fte=b.per_intake_fte[None, :] * (0.5 + rng.random((draws, 1))),
            trainees_settling=10 * (0.5 + rng.random(draws)),
        )
    return replace(region, professions=profs)


def test_drawn_baselines_equal_one_projection_per_draw() -> None:
    """Reference: apply the scenario draw by draw to the matching single projection."""
    sc = scenario(
        use("task_reallocation"),
        use("shared_anw_service"),
        use("regional_training", start=2025, ramp_years=2),
        use("regional_treatment_service"),
    )
    d = 6
    region = drawn_region(d)
    vals = {k: np.repeat(v, d) for k, v in values(sc).items()}
    fast = apply_scenario(region, sc, vals)
    for i in range(d):
        one = replace(
            region,
            professions={
                p: replace(
                    b,
                    supply_fte=b.supply_fte[i],
                    demand_fte=b.demand_fte[i],
                    stock_fte=b.stock_fte[i],
                    per_intake_fte=b.per_intake_fte[i],
                    trainees_settling=float(b.trainees_settling[i]),  # type: ignore[index]
                )
                for p, b in region.professions.items()
            },
        )
        slow = apply_scenario(one, sc, values(sc))
        for p in fast:
            assert fast[p].gap_fte[i] == pytest.approx(slow[p].gap_fte[0])


def test_the_baseline_band_and_closed_gap_use_the_drawn_baseline() -> None:
    base = tiny_region()
    r = run_scenario(base, scenario(), draws=50, seed=1, baseline_draws=drawn_region(50))
    gp = r.professions["gp"]
    assert np.all(gp.baseline_gap_quantiles[0] < gp.baseline_gap_quantiles[2])
    assert gp.closed_quantiles == pytest.approx(np.zeros_like(gp.closed_quantiles))
    assert gp.gap_quantiles == pytest.approx(gp.baseline_gap_quantiles)
    assert r.to_dict()["baseline_uncertainty"] is True


def test_draw_counts_must_match() -> None:
    with pytest.raises(ParameterError, match="baseline_draws has 5 draws"):
        run_scenario(tiny_region(), scenario(), draws=6, baseline_draws=drawn_region(5))


def test_real_region_with_baseline_uncertainty_is_seeded() -> None:
    from pathlib import Path

    file = Path(__file__).resolve().parents[2] / "examples/scenarios/anw_and_triage.toml"
    a = run_region("ZK24", file, draws=200, seed=4, baseline_uncertainty=True)
    b = run_region("ZK24", file, draws=200, seed=4, baseline_uncertainty=True)
    assert a.to_dict() == b.to_dict()
    so = a.professions["so"]
    assert np.all(so.baseline_gap_quantiles[0] <= so.baseline_gap_quantiles[2])
    assert so.baseline_gap_quantiles[2, -1] - so.baseline_gap_quantiles[0, -1] > 1.0
    # this scenario only closes gaps, in every draw's own baseline
    assert np.all(so.closed_quantiles[0] >= -1e-9)
