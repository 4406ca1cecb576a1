"""The floating-catchment engine against hand computation, closed forms and a naive reference."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from access_reference import naive_fca, step
from hypothesis import given, settings
from hypothesis import strategies as st

import regioplan.access.engine as engine
from regioplan.access import Gaussian, Gravity, Step, compute
from regioplan.access.weights import E2SFCA_STEPS, THREE_STAGE_STEPS

# Three areas, two practices. C -> P is 40 minutes: beyond a 30-minute catchment.
DEMAND = pd.Series({"A": 1000.0, "B": 2000.0, "C": 3000.0})
SUPPLY = pd.Series({"P": 2.0, "Q": 1.0})
COSTS = pd.DataFrame(
    [("A", "P", 5.0), ("B", "P", 15.0), ("B", "Q", 8.0), ("C", "Q", 25.0), ("C", "P", 40.0)],
    columns=["origin", "destination", "cost"],
)


def test_2sfca_by_hand() -> None:
    """P serves A and B (3,000 people), Q serves B and C (5,000 people)."""
    got = compute("2sfca", DEMAND, SUPPLY, COSTS, max_cost=30, per=10_000)
    expected = [2 / 3000 * 1e4, (2 / 3000 + 1 / 5000) * 1e4, 1 / 5000 * 1e4]
    assert got.to_numpy() == pytest.approx(expected, rel=1e-12)
    assert list(got.index) == ["A", "B", "C"]


def test_e2sfca_by_hand() -> None:
    """Weights 1 (<=10 min), 0.68 (<=20), 0.22 (<=30); C -> P (40 min) counts 0."""
    got = compute("e2sfca", DEMAND, SUPPLY, COSTS)
    served_p = 1000 * 1 + 2000 * 0.68
    served_q = 2000 * 1 + 3000 * 0.22
    expected = [2 / served_p, 0.68 * 2 / served_p + 1 / served_q, 0.22 * 1 / served_q]
    assert got.to_numpy() == pytest.approx(expected, rel=1e-12)


def test_3sfca_by_hand() -> None:
    """B splits its demand between P and Q by the selection weight G = w / sum(w)."""
    got = compute("3sfca", DEMAND, SUPPLY, COSTS, weights=E2SFCA_STEPS)
    g_bp, g_bq = 0.68 / 1.68, 1 / 1.68
    served_p = 1000 + 2000 * 0.68 * g_bp
    served_q = 2000 * 1 * g_bq + 3000 * 0.22
    expected = [2 / served_p, 0.68 * g_bp * 2 / served_p + g_bq / served_q, 0.22 / served_q]
    assert got.to_numpy() == pytest.approx(expected, rel=1e-12)


def test_cumulative_counts_supply_in_reach() -> None:
    got = compute("cumulative", DEMAND, SUPPLY, COSTS, max_cost=30, per=10_000)
    assert got.tolist() == [2.0, 3.0, 1.0]  # not scaled by `per`


def test_step_threshold_is_inclusive() -> None:
    """A cost of exactly 10 minutes still gets the first weight, as in PySAL's step_fn."""
    costs = pd.DataFrame({"origin": ["A"], "destination": ["P"], "cost": [10.0]})
    got = compute("cumulative", DEMAND[["A"]], SUPPLY[["P"]], costs, weights={10: 1.0, 20: 0.5})
    assert got.tolist() == [2.0]


@pytest.mark.parametrize("method", ["2sfca", "g2sfca", "g2sfca-gravity", "3sfca"])
def test_unlimited_catchment_gives_total_supply_over_total_demand(method: str) -> None:
    """Every area reaches every practice with weight 1: all get sum(S) / sum(D)."""
    rng = np.random.default_rng(7)
    demand = pd.Series(rng.uniform(0, 5000, 20), index=[f"a{i}" for i in range(20)])
    supply = pd.Series(rng.uniform(0, 5, 6), index=[f"s{j}" for j in range(6)])
    costs = pd.DataFrame(
        [(a, s, float(rng.uniform(0, 500))) for a in demand.index for s in supply.index],
        columns=["origin", "destination", "cost"],
    )
    weights = None if method in ("2sfca", "3sfca") else "flat"
    if method == "3sfca":
        weights = "flat"
    got = compute(method, demand, supply, costs, weights=weights)
    assert got.to_numpy() == pytest.approx(supply.sum() / demand.sum(), rel=1e-12)


def test_unreachable_supply_and_isolated_areas_get_zero() -> None:
    demand = pd.Series({"A": 100.0, "B": 0.0, "C": 50.0})
    supply = pd.Series({"P": 1.0, "Q": 4.0})
    costs = pd.DataFrame({"origin": ["A", "B"], "destination": ["P", "Q"], "cost": [1.0, 1.0]})
    got = compute("2sfca", demand, supply, costs)
    # Q is reached only by B, who has no demand: its supply goes to no one (R_Q = 0).
    assert got.tolist() == [0.01, 0.0, 0.0]


def _instance(seed: int, n: int = 60, m: int = 15, density: float = 0.3):
    rng = np.random.default_rng(seed)
    demand = pd.Series(rng.uniform(0, 1000, n), index=[f"a{i}" for i in range(n)])
    demand.iloc[::7] = 0.0
    supply = pd.Series(rng.uniform(0, 3, m), index=[f"s{j}" for j in range(m)])
    rows = [
        (a, s, float(rng.uniform(0, 45)))
        for a in demand.index
        for s in supply.index
        if rng.random() < density
    ]
    return demand, supply, pd.DataFrame(rows, columns=["origin", "destination", "cost"])


CASES = [
    ("2sfca", None, 30.0, lambda c: 1.0),
    ("e2sfca", None, None, step(E2SFCA_STEPS)),
    ("g2sfca", Gaussian(12.0), 40.0, lambda c: math.exp(-c * c / (2 * 12.0**2))),
    ("g2sfca-gravity", Gravity(10.0, -1.5, 2.0), 35.0, lambda c: (max(c, 2.0) / 10.0) ** -1.5),
    ("3sfca", None, None, step(THREE_STAGE_STEPS)),
    ("cumulative", Step({15: 1.0, 30: 0.5}), None, step({15: 1.0, 30: 0.5})),
]


@pytest.mark.parametrize(("method", "weights", "max_cost", "fn"), CASES)
def test_agrees_with_naive_reference(method, weights, max_cost, fn) -> None:
    demand, supply, costs = _instance(11)
    got = compute(method, demand, supply, costs, weights=weights, max_cost=max_cost)
    ref = naive_fca(
        method,
        demand.to_dict(),
        supply.to_dict(),
        list(costs.itertuples(index=False, name=None)),
        fn,
        math.inf if max_cost is None else max_cost,
    )
    assert got.to_numpy() == pytest.approx([ref[a] for a in demand.index], rel=1e-10, abs=0)


@pytest.mark.parametrize("method", ["e2sfca", "3sfca", "cumulative"])
def test_scenario_columns_equal_one_run_per_column(method: str) -> None:
    """A DataFrame of supply scenarios gives, per column, what a Series would."""
    demand, supply, costs = _instance(3)
    costs = costs.sample(frac=1.0, random_state=2)  # unsorted pairs
    rng = np.random.default_rng(5)
    scenarios = pd.DataFrame(
        rng.uniform(0, 4, (len(supply), 7)), index=supply.index, columns=[f"y{k}" for k in range(7)]
    )
    got = compute(method, demand, scenarios, costs)
    assert list(got.columns) == list(scenarios.columns)
    ordered = compute(method, demand, scenarios, costs.sort_index())
    assert got.to_numpy() == pytest.approx(ordered.to_numpy(), rel=1e-12, abs=1e-300)
    assert list(got.index) == list(demand.index)
    for col in scenarios.columns:
        one = compute(method, demand, scenarios[col], costs)
        assert got[col].to_numpy() == pytest.approx(one.to_numpy(), rel=1e-12, abs=1e-300)


def test_order_of_cost_rows_does_not_matter() -> None:
    demand, supply, costs = _instance(21)
    a = compute("e2sfca", demand, supply, costs)
    b = compute("e2sfca", demand, supply, costs.sample(frac=1.0, random_state=1))
    assert a.to_numpy() == pytest.approx(b.to_numpy(), rel=1e-12)


@st.composite
def instances(draw: st.DrawFn):
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 6))
    value = st.one_of(st.just(0.0), st.floats(1e-3, 1e4))  # people and FTE, not subnormals
    demand = pd.Series(draw(st.lists(value, min_size=n, max_size=n)), index=range(n), dtype=float)
    supply = pd.Series(
        draw(st.lists(value, min_size=m, max_size=m)), index=[f"s{j}" for j in range(m)]
    )
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, m - 1), st.floats(0, 60)),
            unique_by=lambda t: (t[0], t[1]),
            max_size=n * m,
        )
    )
    costs = pd.DataFrame(
        [(i, f"s{j}", c) for i, j, c in pairs], columns=["origin", "destination", "cost"]
    ).astype({"origin": "int64", "cost": "float64"})
    return demand, supply, costs


@settings(max_examples=150, deadline=None)
@given(instances(), st.sampled_from(["2sfca", "e2sfca", "g2sfca", "g2sfca-gravity", "3sfca"]))
def test_weighted_sum_equals_reachable_supply(instance, method) -> None:
    """sum_i D_i A_i = per * (supply reached with positive weight by someone with demand)."""
    demand, supply, costs = instance
    max_cost = 30.0 if method in ("2sfca", "g2sfca", "g2sfca-gravity") else None
    got = compute(method, demand, supply, costs, max_cost=max_cost, per=10_000)
    weight, cut = engine.resolve(method, None, max_cost)
    inside = costs[costs["cost"] <= cut]
    w = weight(inside["cost"].to_numpy())
    reached_by = demand.reindex(inside["origin"]).to_numpy() * w > 0
    reached = set(inside["destination"][reached_by])
    expected = 10_000 * supply[list(reached)].sum() if reached else 0.0
    assert float((demand * got).sum()) == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert (got >= 0).all()


@settings(max_examples=60, deadline=None)
@given(instances(), st.floats(0.1, 10.0))
def test_scores_scale_with_supply(instance, factor) -> None:
    demand, supply, costs = instance
    a = compute("e2sfca", demand, supply, costs)
    b = compute("e2sfca", demand, supply * factor, costs)
    assert b.to_numpy() == pytest.approx(a.to_numpy() * factor, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("method", ["2sfca", "e2sfca", "cumulative"])
def test_pair_chunks_do_not_change_scores(
    method: str, shuffle: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-column path in chunks of 7 pairs (rows split across chunks) equals one chunk."""
    demand, supply, costs = _instance(8)
    if shuffle:
        costs = costs.sample(frac=1.0, random_state=4)
    whole = compute(method, demand, supply, costs, max_cost=25.0)
    monkeypatch.setattr(engine, "PAIR_CHUNK", 7)
    chunked = compute(method, demand, supply, costs, max_cost=25.0)
    assert chunked.to_numpy() == pytest.approx(whole.to_numpy(), rel=1e-12, abs=1e-300)
