"""Monte Carlo: seeded, vectorised, and consistent with the deterministic model."""

from __future__ import annotations

import numpy as np
import pytest

from regioplan.errors import ParameterError
from regioplan.workforce import (
    load_params,
    monte_carlo,
    monte_carlo_municipalities,
    municipal_shares,
    project_national,
)
from regioplan.workforce.montecarlo import sample


def test_same_seed_same_result() -> None:
    p = load_params("so_2022")
    a, b = monte_carlo(p, draws=300, seed=7), monte_carlo(p, draws=300, seed=7)
    assert np.array_equal(a.gap_fte.p50, b.gap_fte.p50)
    assert a.equilibrium_intake == b.equilibrium_intake
    c = monte_carlo(p, draws=300, seed=8)
    assert not np.array_equal(a.gap_fte.p50, c.gap_fte.p50)


def test_draws_stay_within_the_ranges() -> None:
    p = load_params("avg_2022")
    v = sample(p, 2000, seed=1)
    for a in p.assumptions:
        x = (
            v[a.key]
            if not a.key.startswith("demand.")
            else v[a.key.replace("demand.mid.", "demand.mc.")]
        )
        lo, hi = np.atleast_1d(a.low), np.atleast_1d(a.high)
        assert (x.reshape(len(x), -1) >= lo - 1e-12).all() and (
            x.reshape(len(x), -1) <= hi + 1e-12
        ).all()
    # published values do not move
    assert np.all(v["training.cohort1.duration_years"] == 3)


def test_demand_draws_span_the_variants() -> None:
    p = load_params("gp_2022")
    mc = monte_carlo(p, draws=2000, seed=0)
    low = project_national(p, variant="low").demand_fte
    high = project_national(p, variant="high").demand_fte
    assert (mc.demand_fte.p10 >= low - 1e-6).all() and (mc.demand_fte.p90 <= high + 1e-6).all()
    assert mc.equilibrium_intake.p10[()] < 1364.93 < mc.equilibrium_intake.p90[()]


def test_set_without_ranges_has_a_single_line() -> None:
    p = load_params("gp_2025")
    mc = monte_carlo(p, draws=50, seed=0)
    nat = project_national(p)
    assert np.allclose(mc.gap_fte.p10, nat.gap_fte) and np.allclose(mc.gap_fte.p90, nat.gap_fte)


def test_municipal_bands_sum_consistently() -> None:
    p = load_params("avg_2022")
    sh = municipal_shares(p)
    b = monte_carlo_municipalities(p, sh, draws=200, seed=2)
    assert b.supply_fte.shape == (3, 342, 21)
    assert (b.gap_fte[0] <= b.gap_fte[2]).all()


def test_draw_count_is_checked() -> None:
    with pytest.raises(ParameterError, match="draws"):
        monte_carlo(load_params("gp_2022"), draws=0)


def test_settlement_draws() -> None:
    """Drawn (L, α) give settling shares that sum to 1 per draw and vary around the default."""
    p = load_params("avg_2022")
    sh = municipal_shares(p)
    w = sh.draw_settling(500, np.random.default_rng(4))
    assert w.shape == (500, 342)
    assert np.allclose(w.sum(axis=1), 1.0) and (w > 0).all()
    assert w.std(axis=0).max() > 0
    assert np.array_equal(w, sh.draw_settling(500, np.random.default_rng(4)))
    fixed = monte_carlo_municipalities(p, sh, draws=100, seed=1)
    drawn = monte_carlo_municipalities(p, sh, draws=100, seed=1, vary_settlement=True)
    assert np.allclose(fixed.demand_fte, drawn.demand_fte)
    assert not np.allclose(fixed.supply_fte, drawn.supply_fte)
