"""The master LP written as MathOpt protos (`regioplan.roster.lp.IncrementalLP`): grown column
by column and re-solved from its basis, it gives what GLOP gives on the whole LP at once."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.math_opt import parameters_pb2

from regioplan.roster.lp import IncrementalLP, solve_proto

GLOP = parameters_pb2.SOLVER_TYPE_GLOP

# a cover LP: rows "at least demand" (each with a slack variable of cost `short`), columns of
# random cost covering random rows; added in batches, solved after each
columns = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=20),  # cost
        st.sets(st.integers(min_value=0, max_value=5), min_size=1, max_size=4),  # rows
    ),
    min_size=1,
    max_size=30,
)


def _cover(demand: list[int], short: float) -> IncrementalLP:
    lp = IncrementalLP([float(d) for d in demand], [math.inf] * len(demand), 0.5)
    for r in range(len(demand)):
        lp.add(0.0, math.inf, short, [(r, 1.0)])
    return lp


def _once(lp: IncrementalLP) -> float:
    """The objective of the whole LP solved from scratch."""
    from regioplan.roster.lp import _solve

    result = _solve(lp.model_proto(), GLOP, parameters_pb2.SolveParametersProto())
    return float(result.solutions[0].primal_solution.objective_value)


@settings(max_examples=40, deadline=None)
@given(
    demand=st.lists(st.integers(min_value=0, max_value=3), min_size=6, max_size=6),
    batches=st.lists(columns, min_size=1, max_size=4),
)
def test_the_lp_grown_by_columns_has_the_optimum_and_duals_of_the_whole(
    demand: list[int], batches: list[list[tuple[int, set[int]]]]
) -> None:
    lp = _cover(demand, short=25.0)
    added: list[tuple[int, set[int]]] = []
    for batch in batches:
        for cost, rows in batch:
            lp.add(0.0, math.inf, float(cost), [(r, 1.0) for r in sorted(rows)])
        added.extend(batch)
        solved = lp.solve()
        assert solved is not None
        duals, objective, values = solved
        assert math.isclose(objective, _once(lp), abs_tol=1e-6)
        # dual feasible: no column prices below zero, every dual within [0, short]
        assert all(-1e-9 <= d <= 25.0 + 1e-9 for d in duals)
        for cost, rows in added:
            assert cost - sum(duals[r] for r in rows) >= -1e-6
        # only nonzero values come back, and they cover the demand
        assert all(x != 0 for x in values.values())
        cover = [0.0] * len(demand)
        for var, x in values.items():
            if var < len(demand):
                cover[var] += x
            else:
                for r in added[var - len(demand)][1]:
                    cover[r] += x
        assert all(c >= d - 1e-6 for c, d in zip(cover, demand, strict=True))


def test_a_raised_lower_bound_reaches_the_solver_and_the_integer_program() -> None:
    lp = _cover([1, 1], short=10.0)
    both = lp.add(0.0, math.inf, 3.0, [(0, 1.0), (1, 1.0)])
    lp.add(0.0, math.inf, 1.0, [(0, 1.0)])
    lp.add(0.0, math.inf, 1.0, [(1, 1.0)])
    solved = lp.solve()
    assert solved is not None and math.isclose(solved[1], 2.5)  # the two cheap ones, offset
    lp.set_lower(both, 1.0)  # fixed to the dear one
    solved = lp.solve()
    assert solved is not None and math.isclose(solved[1], 3.5)
    assert solved[2] == {both: 1.0}
    params = parameters_pb2.SolveParametersProto()
    found = solve_proto(lp.model_proto(integer=True), parameters_pb2.SOLVER_TYPE_HIGHS, params)
    assert found == {both: 1.0}
