"""The LP relaxation (GLOP) as a certificate and the search where roster and LP disagree
(relaxation.py): the bound never exceeds any roster's objective, the search only returns valid
rosters that cost no more than its start, and a proven bound never cuts off a better roster."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from roster_factories import small_region
from test_roster_properties import _soft_cover, problems

from regioplan.roster import Fairness, Problem, check_roster, solve
from regioplan.roster.backends import OPTIMAL, objective_of, solve_cpsat
from regioplan.roster.construct import construct
from regioplan.roster.formulation import build
from regioplan.roster.lns import Index, solve_part
from regioplan.roster.lp import GLOP, solve_relaxation
from regioplan.roster.relaxation import lagrangian_bound, lp_bound, lp_guided, support_of
from regioplan.roster.solver import roster_of


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_lp_guided_search_returns_valid_rosters_above_its_bound(
    problem: Problem, seed: int
) -> None:
    problem = _soft_cover(problem)
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    if start is None:
        return
    run = lp_guided(model, start, time_limit=30, seed=seed, workers=1)
    assert run.values is not None and model.satisfied(run.values)
    report = check_roster(problem, roster_of(problem, model, run.values))
    assert report.violations == ()
    assert report.objective == run.objective <= objective_of(model, start)
    event(f"lp solved: {math.isfinite(run.bound)}")
    if math.isfinite(run.bound):
        assert run.bound <= run.objective
        assert (run.status == OPTIMAL) == (run.objective == run.bound)
        exact = solve_cpsat(model, time_limit=10, seed=0, workers=1)
        # any roster, optimal or not, costs at least the LP's bound
        assert exact.objective is None or run.bound <= exact.objective


def test_the_lp_bound_of_a_small_region_is_below_its_proven_optimum() -> None:
    problem = small_region(weeks=2, fairness=Fairness(nights=1, weekends=1, organisations=2))
    model = build(problem)
    relaxed = solve_relaxation(model, solver=GLOP, time_limit=60)
    assert relaxed is not None and relaxed.optimal
    values, bound = relaxed.values, relaxed.objective
    assert values is not None and bound is not None
    assert relaxed.prices is not None and len(relaxed.prices) == len(model.rows)
    assert abs(relaxed.dual_bound - bound) < 1e-6
    assert len(values) == len(model.names)
    assert all(model.lb[v] - 1e-6 <= x <= model.ub[v] + 1e-6 for v, x in enumerate(values))
    exact = solve_cpsat(model, time_limit=60, seed=0, workers=1, deterministic=True)
    assert exact.objective is not None
    assert bound <= exact.objective + 1e-6


def test_no_lp_when_building_it_would_overrun_the_time_limit() -> None:
    model = build(small_region(weeks=4))
    assert solve_relaxation(model, solver=GLOP, time_limit=0.0) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_a_proven_floor_never_cuts_off_the_best_roster_of_a_part(
    problem: Problem, seed: int
) -> None:
    """With the whole model freed, the part is the whole roster: with the optimum as its floor
    CP-SAT still finds the optimum (the floor restricts the part's objective correctly)."""
    problem = _soft_cover(problem)
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    if start is None:
        return
    exact = solve_cpsat(model, time_limit=60, seed=0, workers=1, deterministic=True)
    event(f"optimum proven: {exact.status == OPTIMAL}")
    if exact.status != OPTIMAL or exact.objective is None:
        return
    index = Index(model)
    duties = sorted(model.x.values())
    kept = duties[::2]  # free half the duties: the floor accounts for the fixed half's cost
    freed = [v for v in duties if v not in set(kept)]
    base = solve_part(index, freed, start, math.inf, 1, seed, seconds=60)[1]
    floored = solve_part(index, freed, start, math.inf, 1, seed, seconds=60, floor=exact.objective)[
        1
    ]
    assert base is not None and floored is not None
    assert objective_of(model, floored) == objective_of(model, base)


def test_auto_reports_the_lp_bound_with_a_valid_greedy_start() -> None:
    """A valid greedy start (the regional examples) gets the LP's bound at once; the result
    carries it, whatever the search achieved in the time."""
    problem = replace(
        small_region(weeks=2, fairness=Fairness(nights=1, weekends=1, organisations=2)),
        name="small region",
    )
    result = solve(problem, time_limit=20, workers=2, seed=0)
    assert any(p.startswith("lp-guided:") for p in result.phases)
    assert result.objective is not None and result.bound is not None
    assert result.bound <= result.objective
    assert check_roster(problem, result.assignments).objective == result.objective


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.data())
def test_any_prices_give_a_bound_below_every_roster(problem: Problem, data: st.DataObject) -> None:
    """`lagrangian_bound` is valid for any row prices, also ones of the wrong sign (an LP solver
    stopped early or accurate only to a tolerance): never above the optimum."""
    model = build(problem)
    prices = data.draw(
        st.lists(
            st.floats(-50, 50, allow_nan=False),
            min_size=len(model.rows),
            max_size=len(model.rows),
        )
    )
    exact = solve_cpsat(model, time_limit=60, seed=0, workers=1, deterministic=True)
    event(f"optimum proven: {exact.status == OPTIMAL}")
    if exact.objective is not None:
        assert lagrangian_bound(model, prices) <= exact.objective + 1e-6
        assert lagrangian_bound(model, [0.0] * len(model.rows)) == model.trivial_bound()


def test_pdlp_bound_matches_the_exact_lp_of_a_small_region() -> None:
    """PDLP's prices, put through `lagrangian_bound`, give the LP's optimum to rounding, and
    never more than the exact (simplex) LP's bound."""
    model = build(small_region(weeks=2, fairness=Fairness(nights=1, weekends=1, organisations=2)))
    exact = solve_relaxation(model, solver=GLOP, time_limit=60)
    assert exact is not None and exact.objective is not None
    run, values = lp_bound(model, time_limit=60)
    assert math.isfinite(run.bound) and run.values is None
    assert values is not None and len(values) == len(model.names)
    support = support_of(model, values)
    assert support and support <= set(model.x.values())
    assert run.bound <= exact.objective + 1e-6
    # PDLP's default tolerances are relative (1e-4 on this scale): close, if not equal
    assert run.bound >= exact.objective - 1e-3 * max(1.0, abs(exact.objective))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_a_focused_search_works_no_duty_outside_the_focus(problem: Problem, seed: int) -> None:
    """With a focus (the LP's support) the LNS frees only the duties in it and those the best
    roster works: a duty outside both is never worked. Here the focus is empty, so the result
    works a subset of the start's duties, and it stays valid and no dearer."""
    from regioplan.roster.lns import improve
    from regioplan.roster.phases import capacity

    problem = _soft_cover(problem)
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    if start is None:
        return
    run = improve(
        model,
        start,
        horizon=problem.horizon,
        physicians=len(problem.physicians),
        time_limit=300,
        seed=seed,
        capacity=capacity(problem, model),
        steps=8,
        focus=set,
    )
    assert run.values is not None and model.satisfied(run.values)
    assert all(start[v] or not run.values[v] for v in model.x.values())
    assert run.objective is not None and run.objective <= objective_of(model, start)


def test_loose_steps_free_duties_outside_the_focus(monkeypatch: pytest.MonkeyPatch) -> None:
    """A share `loose` of the LNS's steps leaves the focus out (docs/roster.md, twenty-fourth
    round): with none, every duty a step frees lies in the focus or is worked by the roster
    the step starts from; with all steps loose, the steps free other duties too. Either way
    the result is valid and no dearer than the start."""
    from regioplan.roster import lns
    from regioplan.roster.phases import capacity

    problem = _soft_cover(small_region(weeks=2))
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    assert start is not None
    real = lns.solve_part
    outside = [0]  # duties freed that neither the focus nor the step's roster holds

    def spy(
        index: Index, freed: list[int], best: list[int], *args: Any, **kwargs: Any
    ) -> tuple[Any, list[int] | None]:
        outside[0] += sum(1 for v in freed if not best[v])
        return real(index, freed, best, *args, **kwargs)

    monkeypatch.setattr(lns, "solve_part", spy)
    counted: dict[float, int] = {}
    for loose in (0.0, 1.0):
        outside[0] = 0
        run = lns.improve(
            model,
            start,
            horizon=problem.horizon,
            physicians=len(problem.physicians),
            time_limit=300,
            seed=1,
            capacity=capacity(problem, model),
            steps=6,
            focus=set,
            loose=loose,
        )
        assert run.values is not None and model.satisfied(run.values)
        assert run.objective is not None and run.objective <= objective_of(model, start)
        counted[loose] = outside[0]
    assert counted[0.0] == 0 and counted[1.0] > 0
