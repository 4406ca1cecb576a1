"""Hypothesis: on random small problems the solver never breaks a hard rule, and its named
penalties add up to the objective that the independent checker computes."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from regioplan.roster import (
    Cover,
    Fairness,
    Fixed,
    Physician,
    Problem,
    Request,
    Rules,
    ShiftType,
    check_roster,
    solve,
)


@st.composite
def problems(draw: st.DrawFn, max_horizon: int = 9) -> Problem:
    horizon = draw(st.integers(3, max_horizon))
    start = date(2025, 4, 21) + timedelta(days=draw(st.integers(0, 6)))
    n_shifts = draw(st.integers(1, 3))
    ids = ["A", "B", "C"][:n_shifts]
    shifts = tuple(
        ShiftType(
            sid,
            start=draw(st.sampled_from([0, 8 * 60, 17 * 60, 23 * 60])),
            duration=draw(st.sampled_from([4 * 60, 8 * 60, 9 * 60, 12 * 60])),
            qualification=draw(st.sampled_from([None, "so"])),
            night=draw(st.booleans()),
            forbidden_after=frozenset(draw(st.lists(st.sampled_from(ids), max_size=2))),
        )
        for sid in ids
    )
    docs = []
    for i in range(draw(st.integers(1, 4))):
        max_shifts = draw(st.none() | st.integers(0, horizon))
        docs.append(
            Physician(
                f"p{i}",
                organisation=draw(st.sampled_from(["x", "y"])),
                qualifications=frozenset(draw(st.sampled_from([[], ["so"]]))),
                fte=draw(st.sampled_from([0.5, 0.8, 1.0])),
                min_shifts=draw(st.integers(0, 2 if max_shifts is None else min(2, max_shifts))),
                max_shifts=max_shifts,
                max_consecutive=draw(st.none() | st.integers(1, 4)),
                min_consecutive=draw(st.integers(1, 3)),
                min_consecutive_off=draw(st.integers(1, 2)),
                max_weekends=draw(st.none() | st.integers(0, 1)),
                max_nights=draw(st.none() | st.integers(0, 3)),
                unavailable=frozenset(draw(st.lists(st.integers(0, horizon - 1), max_size=3))),
                free_day_after_weekend=draw(st.booleans()),
            )
        )
    cover = []
    for d in range(horizon):
        for s in ids:
            if draw(st.booleans()):
                req = draw(st.integers(0, 2))
                cover.append(
                    Cover(
                        d,
                        s,
                        req,
                        under_weight=draw(st.integers(0, 20)),
                        over_weight=draw(st.integers(0, 5)),
                        hard_minimum=draw(st.integers(0, min(req, 1))),
                    )
                )
    requests = [
        Request(
            f"p{draw(st.integers(0, len(docs) - 1))}",
            draw(st.integers(0, horizon - 1)),
            draw(st.none() | st.sampled_from(ids)),
            draw(st.integers(0, 5)),
            draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    fixed = []
    doc, day = docs[0], draw(st.integers(0, horizon - 1))
    if draw(st.booleans()) and day not in doc.unavailable:
        fixed.append(Fixed(doc.id, day, None))
    orgs = sorted({d.organisation for d in docs})
    fairness = Fairness(
        nights=draw(st.integers(0, 3)),
        weekends=draw(st.integers(0, 3)),
        holidays=draw(st.integers(0, 3)),
        organisations=draw(st.integers(0, 3)),
        organisation_key={o: draw(st.sampled_from([1.0, 2.0, 3.5])) for o in orgs},
    )
    holidays = {d: "holiday" for d in draw(st.lists(st.integers(0, horizon - 1), max_size=2))}
    return Problem(
        horizon=horizon,
        shifts=shifts,
        physicians=tuple(docs),
        cover=tuple(cover),
        requests=tuple(requests),
        fixed=tuple(fixed),
        rules=Rules(
            min_rest_minutes=draw(st.sampled_from([0, 11 * 60])),
            no_day_shift_after_night=draw(st.booleans()),
        ),
        fairness=fairness,
        start=start,
        holidays=holidays,
        name="random",
        closed=draw(st.tuples(st.booleans(), st.booleans())),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from([("cp-sat", 1), ("auto", 2), ("mip", 1)]))
def test_solver_rosters_pass_the_independent_checker(
    problem: Problem, engine_workers: tuple[str, int]
) -> None:
    engine, workers = engine_workers
    result = solve(problem, time_limit=5, seed=0, workers=workers, engine=engine)  # type: ignore[arg-type]
    assert result.status in ("optimal", "feasible", "infeasible")
    if result.status == "infeasible":
        assert result.conflicts, "an infeasible problem must name its conflicting rules"
        return
    report = check_roster(problem, result.assignments)
    assert report.violations == ()
    assert report.objective == result.objective == sum(result.penalties.values())
    assert {k: v for k, v in report.penalties.items() if v} == {
        k: v for k, v in result.penalties.items() if v
    }
    assert result.bound is not None and result.bound <= result.objective


def _soft_cover(problem: Problem) -> Problem:
    """`problem` without hard cover minimums (as in the Curtois instances)."""
    return replace(problem, cover=tuple(replace(c, hard_minimum=0) for c in problem.cover))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_horizon=21), st.data())
def test_greedy_start_keeps_every_rule_it_can_check_looking_back(
    problem: Problem, data: st.DataObject
) -> None:
    """The greedy start keeps its running totals itself; without the forward-looking rules
    (minimums of duties, hours and runs, hard cover minimums) and without pinned duties, its
    roster breaks no rule."""
    from regioplan.roster.greedy import greedy_roster

    backward = replace(
        _soft_cover(problem),
        fixed=(),
        physicians=tuple(
            replace(
                p,
                min_shifts=0,
                min_minutes=0,
                min_consecutive=1,
                min_consecutive_off=1,
                max_minutes=data.draw(st.none() | st.integers(0, 60 * 60)),
                max_weekends=data.draw(st.none() | st.integers(0, 2)),
                max_shifts_per_type={
                    s.id: data.draw(st.integers(0, 4))
                    for s in problem.shifts
                    if data.draw(st.booleans())
                },
            )
            for p in problem.physicians
        ),
    )
    roster = greedy_roster(backward)
    event(f"duties: {min(len(roster), 10)}")
    assert check_roster(backward, roster).violations == ()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.booleans())
def test_physician_by_physician_start_keeps_every_hard_rule(problem: Problem, soft: bool) -> None:
    """The constructed start is a valid roster whenever it is given, and it is given whenever
    no hard cover minimum links the physicians and each physician alone can keep their rules."""
    from regioplan.roster.backends import objective_of, solve_cpsat
    from regioplan.roster.construct import construct
    from regioplan.roster.formulation import build
    from regioplan.roster.solver import roster_of

    problem = _soft_cover(problem) if soft else problem
    model = build(problem)
    values = construct(problem, model, time_limit=5, seed=0)
    event(f"start built: {values is not None}")
    if values is None:
        linked = any(c.hard_minimum > 0 for c in problem.cover)
        # without linking rules, only a physician whose own rules cannot hold stops it, and
        # then the whole problem is infeasible too
        assert linked or solve_cpsat(model, time_limit=5, seed=0, workers=1).values is None
        return
    report = check_roster(problem, roster_of(problem, model, values))
    assert report.violations == ()
    assert report.objective == objective_of(model, values)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3), st.integers(1, 2))
def test_neighbourhood_search_only_returns_valid_rosters_that_are_no_worse(
    problem: Problem, seed: int, workers: int
) -> None:
    """The LNS builds each sub-problem from the freed duties alone (everything else folded into
    the row bounds); whatever it returns keeps every hard rule and never costs more, also with
    two searches side by side that put their results onto the shared best roster."""
    from regioplan.roster import lns
    from regioplan.roster.backends import objective_of
    from regioplan.roster.construct import construct
    from regioplan.roster.formulation import build
    from regioplan.roster.phases import capacity as _capacity
    from regioplan.roster.solver import roster_of

    problem = _soft_cover(problem)
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    event(f"start built: {start is not None}")
    if start is None:
        return
    # tiny neighbourhoods, so that most of the roster is folded into the sub-problems' bounds;
    # with capacities, so that neighbourhoods around duties short of cover are drawn too
    with patch.object(lns, "START_FREE", 3), patch.object(lns, "MIN_FREE", 2):
        run = lns.improve(
            model,
            start,
            horizon=problem.horizon,
            physicians=len(problem.physicians),
            time_limit=0.4,
            seed=seed,
            workers=workers,
            capacity=_capacity(problem, model),
        )
    assert run.values is not None and model.satisfied(run.values)
    report = check_roster(problem, roster_of(problem, model, run.values))
    assert report.violations == ()
    assert report.objective == run.objective <= objective_of(model, start)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.data())
def test_a_step_put_onto_a_roster_another_search_changed_keeps_every_rule(
    problem: Problem, data: st.DataObject
) -> None:
    """Two LNS searches side by side start steps from the same roster; when one has already
    replaced the best roster, the other's result is put onto it (`lns._merge`). Whatever comes
    out keeps every hard rule (a limit on weekends, say, that both steps used up), or is refused
    (None); it is never a roster that breaks a rule. The steps free random physicians on random
    days, so they overlap often."""
    from regioplan.roster import lns
    from regioplan.roster.construct import construct
    from regioplan.roster.formulation import build

    problem = _soft_cover(problem)
    model = build(problem)
    base = construct(problem, model, time_limit=5, seed=0)
    if base is None or not model.x:  # no start, or nobody available for anything
        return
    index = lns.Index(model)
    cells = sorted({(e, d) for e, d, _s in model.x})
    results = []
    for step in range(2):
        chosen = set(data.draw(st.lists(st.sampled_from(cells), min_size=1), label=f"step {step}"))
        freed = [v for (e, d, _s), v in model.x.items() if (e, d) in chosen]
        # each step with costs of its own that reward duties (any valid sub-roster will do), so
        # that both change the roster and use up the same limits
        rewards = data.draw(st.lists(st.integers(-5, 1), min_size=len(freed), max_size=len(freed)))
        for v, c in zip(freed, rewards, strict=True):
            index.cost[v] = c
        _code, found = lns.solve_part(index, freed, base, time.perf_counter() + 5, 1, step)
        assert found is not None  # `base` itself is a solution of every sub-problem
        results.append((freed, found))
    (_, first), (freed, second) = results
    merged = lns._merge(index, first, base, second, freed)
    event(f"merged: {merged is not None}")
    if merged is not None:
        assert model.satisfied(merged)
        assert all(merged[v] == second[v] for v in freed if second[v] != base[v])


def test_neighbourhood_search_on_a_benchmark_instance_keeps_rosters_valid() -> None:
    """Curtois Instance2 (14 staff, 2 shift types): 15 small neighbourhoods (a fixed number of
    steps, each solved to optimality in milliseconds, so the machine's speed does not change
    the outcome), each folded into the row bounds of everything else; the result is valid and
    cheaper than the start."""
    from pathlib import Path

    from regioplan.roster import lns, parse_curtois
    from regioplan.roster.backends import objective_of
    from regioplan.roster.construct import construct
    from regioplan.roster.formulation import build
    from regioplan.roster.solver import roster_of

    text = (Path(__file__).parent / "fixtures" / "Instance2.txt").read_text()
    problem = parse_curtois(text, name="Instance2")
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    assert start is not None  # soft cover only: the construction always succeeds here
    assert check_roster(problem, roster_of(problem, model, start)).violations == ()
    with patch.object(lns, "START_FREE", 20):
        run = lns.improve(model, start, horizon=14, physicians=14, time_limit=300, seed=1, steps=15)
    assert run.values is not None
    report = check_roster(problem, roster_of(problem, model, run.values))
    assert report.violations == ()
    assert report.objective == run.objective < objective_of(model, start)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(1, 2))
def test_column_generation_bound_never_exceeds_the_optimum(problem: Problem, workers: int) -> None:
    """The Lagrangian bound of column generation is a lower bound at every round, and the
    roster it assembles from whole schedules keeps every hard rule and costs what the checker
    says."""
    from regioplan.roster.backends import OPTIMAL, solve_cpsat
    from regioplan.roster.colgen import generate
    from regioplan.roster.construct import construct
    from regioplan.roster.formulation import build
    from regioplan.roster.solver import roster_of

    problem = _soft_cover(problem)
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    if start is None:
        return
    run = generate(model, start, time_limit=5, workers=workers)
    exact = solve_cpsat(model, time_limit=10, seed=0, workers=1)
    event(f"optimum proven: {exact.status == OPTIMAL}")
    if exact.status == OPTIMAL:
        assert exact.objective is not None
        assert run.bound <= exact.objective + 1e-6
    if run.values is not None:
        report = check_roster(problem, roster_of(problem, model, run.values))
        assert report.violations == ()
        assert report.objective == run.objective
        assert exact.objective is None or run.objective >= exact.objective


def test_column_generation_proves_a_benchmark_optimum() -> None:
    """Curtois Instance2: the bound rounds up to the optimum 828 (the LP relaxation of the MIP
    gives 719.45), and the roster from the generated schedules reaches it."""
    import math
    from pathlib import Path

    from regioplan.roster import parse_curtois
    from regioplan.roster.colgen import generate
    from regioplan.roster.construct import construct
    from regioplan.roster.formulation import build
    from regioplan.roster.solver import roster_of

    text = (Path(__file__).parent / "fixtures" / "Instance2.txt").read_text()
    problem = parse_curtois(text, name="Instance2")
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    assert start is not None
    run = generate(model, start, time_limit=60, workers=2)
    assert math.ceil(run.bound - 1e-6) == 828
    assert run.values is not None
    assert check_roster(problem, roster_of(problem, model, run.values)).objective == 828


def test_column_generation_lp_phase_ends_when_the_bound_cannot_rise() -> None:
    """Objectives are integers: a bound of 1715.53 under an LP objective of 1716.00 already
    proves 1716 (Curtois 4), so the LP phase stops; close to converging it may run into its
    overtime; far from it, it ends at the soft end."""
    from regioplan.roster.colgen import NEAR_GAP, _lp_end

    assert _lp_end(10.0, 5.0, 1716.0, 1715.53) is None
    assert _lp_end(10.0, 5.0, 1716.0000001, 1715.9999999) is None  # rounding noise
    assert _lp_end(10.0, 5.0, 1716.2, 1715.53) == 15.0  # 1717 still possible: go on
    assert _lp_end(10.0, 5.0, 1142.31, 1142.31 * (1 - NEAR_GAP) + 0.01) == 15.0
    assert _lp_end(10.0, 5.0, 2004.25, 1900.0) == 10.0  # far from converged
    assert _lp_end(10.0, 5.0, 2004.25, float("-inf")) == 10.0  # no bound yet
