"""The order of the input (ids, rows of demand, supply and costs) does not change the scores.

The many-scenario product visits the rows in an order computed from the pairs (issue #20 item 2);
these tests check that shuffled input gives the same numbers after un-shuffling, and that the
product equals the former one (dense BLAS blocks of consecutive rows) to 1e-12. Speed is measured
in ``benchmarks/access/`` only.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.access import _kernels, compute
from regioplan.access.engine import METHODS, pair_coefficients, sparse_product

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def blocked_product(
    n: int, i: IntArray, j: IntArray, coeff: FloatArray, supply: FloatArray, rows: int = 128
) -> FloatArray:
    """The former many-column product: one dense block per `rows` consecutive rows over the
    supply points the block reaches, times supply (the engine up to issue #20)."""
    order = np.argsort(i, kind="stable")
    i_sorted, j_sorted, c_sorted = i[order], j[order], coeff[order]
    out = np.zeros((n, supply.shape[1]))
    bounds = np.searchsorted(i_sorted, np.arange(0, n + rows, rows), side="left")
    for b, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        if hi <= lo:
            continue
        r0 = b * rows
        cols, local = np.unique(j_sorted[lo:hi], return_inverse=True)
        block = np.zeros((min(rows, n - r0), len(cols)))
        block[i_sorted[lo:hi] - r0, local] = c_sorted[lo:hi]
        out[r0 : r0 + block.shape[0]] = block @ supply[cols]
    return out


def plane_instance(
    seed: int, n: int, m: int, radius: float
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """Areas and supply points on a 100 x 100 plane, ids sorted along x; pairs within `radius`."""
    rng = np.random.default_rng(seed)
    area_xy = rng.uniform(0, 100, (n, 2))
    area_xy = area_xy[np.argsort(area_xy[:, 0])]
    supply_xy = rng.uniform(0, 100, (m, 2))
    supply_xy = supply_xy[np.argsort(supply_xy[:, 0])]
    dist = np.hypot(*(area_xy[:, None, :] - supply_xy[None, :, :]).transpose(2, 0, 1))
    i, j = np.nonzero(dist <= radius)
    demand = pd.Series(rng.uniform(0, 5000, n), index=np.arange(n) + 1000)
    demand.iloc[::11] = 0.0
    scenarios = pd.DataFrame(
        rng.uniform(0, 4, (m, 9)), index=np.arange(m) + 50_000, columns=[f"y{k}" for k in range(9)]
    )
    costs = pd.DataFrame(
        {
            "origin": demand.index.to_numpy()[i],
            "destination": scenarios.index.to_numpy()[j],
            "cost": dist[i, j] * 1.5,
        }
    )
    return demand, scenarios, costs


def shuffled(
    demand: pd.Series, supply: pd.DataFrame, costs: pd.DataFrame, seed: int
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """The same instance with the rows of all three tables in random order."""
    rng = np.random.default_rng(seed)
    return (
        demand.iloc[rng.permutation(len(demand))],
        supply.iloc[rng.permutation(len(supply))],
        costs.iloc[rng.permutation(len(costs))].reset_index(drop=True),
    )


@pytest.mark.parametrize("method", ["2sfca", "e2sfca", "3sfca", "cumulative"])
def test_product_equals_former_blocks_sorted_and_shuffled(method: str) -> None:
    """sparse_product equals the former dense-block product to 1e-12, in input and random order."""
    demand, supply, costs = plane_instance(4, n=700, m=260, radius=14.0)
    sorted_scores = compute(method, demand, supply, costs, max_cost=30.0)
    d, s, c = shuffled(demand, supply, costs, seed=9)
    shuffled_scores = compute(method, d, s, c, max_cost=30.0).loc[demand.index, supply.columns]
    assert shuffled_scores.to_numpy() == pytest.approx(
        sorted_scores.to_numpy(), rel=1e-12, abs=1e-300
    )
    for d_, s_, c_ in ((demand, supply, costs), (d, s, c)):
        n, m = len(d_), len(s_)
        i = d_.index.get_indexer(c_["origin"]).astype(np.int64)
        j = s_.index.get_indexer(c_["destination"]).astype(np.int64)
        w = np.where(c_["cost"].to_numpy() <= 30.0, 1.0, 0.0)
        coeff = pair_coefficients(method, n, m, i, j, w, d_.to_numpy())
        got = sparse_product(n, m, i, j, coeff, s_.to_numpy())
        assert got == pytest.approx(blocked_product(n, i, j, coeff, s_.to_numpy()), rel=1e-12)


@st.composite
def orders(draw: st.DrawFn) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame, list[int], list[int]]:
    """A small instance with 1-4 supply scenarios and a permutation of areas and supply points."""
    n = draw(st.integers(1, 10))
    m = draw(st.integers(1, 7))
    k = draw(st.integers(1, 4))
    value = st.one_of(st.just(0.0), st.floats(1e-3, 1e4))  # people and FTE, not subnormals
    demand = pd.Series(draw(st.lists(value, min_size=n, max_size=n)), index=range(n), dtype=float)
    supply = pd.DataFrame(
        [draw(st.lists(value, min_size=k, max_size=k)) for _ in range(m)],
        index=[f"s{j}" for j in range(m)],
        columns=[f"c{c}" for c in range(k)],
        dtype=float,
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
    area_order = draw(st.permutations(range(n)))
    supply_order = draw(st.permutations(range(m)))
    return demand, supply, costs, list(area_order), list(supply_order)


@settings(max_examples=150, deadline=None)
@given(orders(), st.sampled_from(METHODS), st.randoms(use_true_random=False))
def test_shuffling_areas_and_supply_gives_the_same_scores(instance, method, random) -> None:
    """Areas, supply points and cost rows in another order: the same scores, un-shuffled, to
    1e-12 (one scenario and several)."""
    demand, supply, costs, area_order, supply_order = instance
    rows = list(range(len(costs)))
    random.shuffle(rows)
    d = demand.iloc[area_order]
    s = supply.iloc[supply_order]
    c = costs.iloc[rows].reset_index(drop=True)
    for many in (True, False):
        a_supply = supply if many else supply.iloc[:, 0]
        b_supply = s if many else s.iloc[:, 0]
        a = compute(method, demand, a_supply, costs)
        b = compute(method, d, b_supply, c).loc[demand.index]
        assert b.to_numpy() == pytest.approx(a.to_numpy(), rel=1e-12, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.integers(1, 12).flatmap(
                lambda m: st.tuples(
                    st.just(m),
                    st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), max_size=80),
                )
            ),
        )
    )
)
def test_visit_order_visits_every_row_with_pairs_once(graph) -> None:
    """The compiled order is a permutation of the rows that have pairs (any number of connected
    parts) and equals the plain-Python function it is compiled from."""
    n, (m, pairs) = graph
    ij = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    i, j = ij[:, 0].copy(), ij[:, 1].copy()
    fn = _kernels.compiled()
    rptr, rcols, _ = fn.group(i, n, j, np.empty(0))
    cptr, crows, _ = fn.group(j, m, i, np.empty(0))
    order = fn.visit_order(n, rptr, rcols, cptr, crows)
    assert sorted(order.tolist()) == sorted(set(i.tolist()))
    plain = _kernels._visit_order(n, rptr, rcols, cptr, crows)
    assert order.tolist() == plain.tolist()
    assert rptr.tolist() == _kernels._group(i, n, j, np.empty(0))[0].tolist()


def test_many_connected_parts() -> None:
    """Each area reaching only its own supply point (4,000 parts): each gets its own supply / D."""
    n = 4000
    rng = np.random.default_rng(3)
    ids = rng.permutation(n)
    demand = pd.Series(rng.uniform(1, 100, n), index=ids)
    supply = pd.DataFrame(rng.uniform(0, 3, (n, 3)), index=ids + 10_000)
    costs = pd.DataFrame({"origin": ids, "destination": ids + 10_000, "cost": 1.0})
    got = compute("2sfca", demand, supply, costs)
    expected = supply.to_numpy() / demand.to_numpy()[:, None]
    assert got.to_numpy() == pytest.approx(expected, rel=1e-14)


def test_no_pairs_and_no_columns() -> None:
    demand = pd.Series([1.0, 2.0], index=["a", "b"])
    supply = pd.DataFrame({"x": [1.0], "y": [2.0]}, index=["p"])
    costs = pd.DataFrame({"origin": ["a"], "destination": ["p"], "cost": [99.0]})
    got = compute("e2sfca", demand, supply, costs)
    assert got.to_numpy().tolist() == [[0.0, 0.0], [0.0, 0.0]]
    empty = sparse_product(
        2, 1, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.ones((1, 3))
    )
    assert empty.shape == (2, 3) and not empty.any()
