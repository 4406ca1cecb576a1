"""The dynamic-programming pricer (roster/pricing.py) against CP-SAT on the same rows: the same
least reduced cost, and a schedule that keeps every rule of the physician and costs that."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_roster_properties import _soft_cover, problems

from regioplan.roster import Fixed, Problem, check_roster, parse_curtois
from regioplan.roster.formulation import LinearModel, Row, build
from regioplan.roster.pricing import DPPricer

FIXTURES = Path(__file__).parent / "fixtures"


@st.composite
def priced_problems(draw: st.DrawFn) -> Problem:
    """Random problems whose physicians also have minutes limits, limits per shift type and
    pinned duties (the rules the Curtois instances use), without fairness (whose deviations
    are costly own variables, priced by CP-SAT)."""
    problem = draw(problems(max_horizon=12))
    docs = []
    for doc in problem.physicians:
        low = draw(st.sampled_from([0, 0, 480, 960]))
        high = draw(st.none() | st.integers(low, 4000))
        per_type = {s.id: draw(st.integers(0, 3)) for s in problem.shifts if draw(st.booleans())}
        docs.append(
            replace(
                doc,
                min_minutes=low,
                max_minutes=high,
                max_shifts_per_type=per_type,
                free_day_after_weekend=False,
            )
        )
    fixed = list(problem.fixed)
    shift = draw(st.sampled_from(problem.shifts))
    day = draw(st.integers(0, problem.horizon - 1))
    pin = problem.eligible(docs[-1], shift) and day not in docs[-1].unavailable
    if draw(st.booleans()) and pin:
        fixed.append(Fixed(docs[-1].id, day, shift.id))
    fixed = [f for i, f in enumerate(fixed) if all(g.day != f.day for g in fixed[:i])]
    return replace(
        problem,
        physicians=tuple(docs),
        fixed=tuple(fixed),
        fairness=replace(problem.fairness, nights=0, weekends=0, holidays=0, organisations=0),
    )


def _keeps(rows: list[Row], column: dict[int, int]) -> bool:
    return all(
        (row.lo is None or sum(c * column[v] for v, c in row.terms) >= row.lo)
        and (row.hi is None or sum(c * column[v] for v, c in row.terms) <= row.hi)
        for row in rows
    )


def _compare(model: LinearModel, problem: Problem, costs: list[float], exact: bool) -> int:
    """Price every physician with DP and CP-SAT; returns how many were compared."""
    from regioplan.roster.colgen import _Pricing
    from regioplan.roster.pricing import pricers

    own_vars, own_rows, _ = model.blocks()
    dps, rest = pricers(problem, model)
    # without fairness and free days after weekends, DP prices everyone but physicians who
    # alone can meet a hard cover minimum (that row is theirs)
    for e in rest:
        alone = any(r.group.startswith("cover:") for r in own_rows[e])
        assert alone or not any(k[0] == e for k in model.x), problem
    for e, dp in dps.items():
        # a random physician can have more states than MAX_STATES (e.g. 230,400 on 11 days with
        # limits on minutes, duties, three shift types, nights and weekends): then the limits
        # per shift type are relaxed and the DP value is only a lower bound
        relaxed = exact and not dp.spec.exact
        assert dp.spec.exact == exact or relaxed
        event(f"relaxed: {relaxed}")
        # the master gives the physician's auxiliaries (weekend flags) no cost
        duties = set(dp.own.x.values())
        reduced = {v: costs[v % len(costs)] if v in duties else 0.0 for v in own_vars[e]}
        found = dp.price(reduced)
        lower, column, optimal = _Pricing(model, own_vars[e], own_rows[e], 0).price(reduced, 30.0)
        if found is None:  # no schedule keeps the rules: CP-SAT finds none either
            assert column is None
            continue
        value, schedule = found
        assert set(schedule) == set(own_vars[e])
        broken = [r for r in own_rows[e] if not _keeps([r], schedule)]
        assert relaxed or not broken, (broken, sorted(v for v, x in schedule.items() if x), problem)
        assert value == pytest.approx(sum(reduced[v] * x for v, x in schedule.items()))
        assert optimal and column is not None
        best = sum(reduced[v] * x for v, x in column.items())
        if relaxed:
            assert value <= best + 1e-3, (e, problem)
            continue
        assert value == pytest.approx(best, abs=1e-3), (e, problem)  # CP-SAT rounds to 1e-4
        assert value >= lower - 1e-6
    return len(dps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priced_problems(), st.lists(st.floats(-50, 50), min_size=5, max_size=40))
def test_dp_pricing_equals_cp_sat_on_random_rules(problem: Problem, costs: list[float]) -> None:
    model = build(problem)
    event(f"physicians priced: {_compare(model, problem, costs, exact=True)}")


def _at_most_nine_of_a_type() -> Problem:
    """Curtois 2 with at most 9 duties of each type per physician: with few states allowed,
    its pricers relax that limit and their schedules can break it."""
    problem = parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2")
    docs = tuple(
        replace(doc, max_shifts_per_type={k: min(v, 9) for k, v in doc.max_shifts_per_type.items()})
        for doc in problem.physicians
    )
    return replace(problem, physicians=docs)


def test_dp_pricing_with_relaxed_limits_is_a_lower_bound_and_colgen_checks_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Too many states: the limits per shift type are relaxed. The DP value is then a lower
    bound; column generation checks each schedule against the rows and prices again with
    CP-SAT when one breaks a relaxed limit, so its bound and schedules stay right (Curtois 2
    with at most 9 shifts of a type)."""
    from concurrent.futures import ThreadPoolExecutor

    from regioplan.roster import colgen, pricing

    problem = _at_most_nine_of_a_type()
    model = build(problem)
    own_vars, own_rows, _ = model.blocks()
    exact = pricing.pricers(problem, model)[0]
    monkeypatch.setattr(pricing, "MAX_STATES", 240)
    relaxed, rest = pricing.pricers(problem, model)
    assert not rest and sum(not dp.spec.exact for dp in relaxed.values()) >= 10
    # every physician wants every duty: the relaxed optimum breaks the limit of 9
    reduced = {e: dict.fromkeys(exact[e].own.x.values(), -10.0) for e in own_vars}
    everyone = np.zeros(len(model.names))
    for costs in reduced.values():
        everyone[list(costs)] = list(costs.values())
    pricer = colgen._Pricer(model, own_vars, own_rows, 0, problem)
    with ThreadPoolExecutor(2) as pool:
        priced = pricer.price(everyone, set(), 30.0, 2, pool)
    for e in own_vars:
        full = exact[e].price(reduced[e])
        loose = relaxed[e].price(reduced[e])
        assert full is not None and loose is not None
        assert loose[0] <= full[0] + 1e-9
        lower, column, optimal = priced[e]
        assert column is not None and _keeps(own_rows[e], column)
        assert optimal and lower <= full[0] + 1e-6
        assert sum(reduced[e].get(v, 0.0) * x for v, x in column.items()) == pytest.approx(full[0])


def test_dive_builds_a_valid_roster_at_the_bound() -> None:
    """Column generation with DP pricing and a dive on Curtois 2: the bound rounds up to the
    optimum 828, as does the master LP's last objective, and the dive's roster keeps every
    rule and costs what the checker says."""
    from regioplan.roster.colgen import generate
    from regioplan.roster.construct import construct
    from regioplan.roster.solver import roster_of

    problem = _soft_cover(parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2"))
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    assert start is not None
    support: set[int] = set()
    # a limit far beyond what convergence takes (about 3 s on a calm machine): the LP stops on
    # its own rule (the rounded bound meets the LP), so a busy machine only makes it slower
    lp: list[float] = []
    run = generate(
        model,
        start,
        time_limit=900,
        workers=2,
        problem=problem,
        dive=True,
        support=support,
        lp_objective=lp,
    )
    assert math.ceil(run.bound - 1e-6) == 828
    # the master LP's last objective, which the converged bound meets (rounded up)
    assert len(lp) == 1 and math.ceil(lp[0] - 1e-6) == 828 and lp[0] >= run.bound - 1e-6
    assert run.values is not None and run.objective is not None
    report = check_roster(problem, roster_of(problem, model, run.values))
    assert report.violations == () and report.objective == run.objective
    assert support & set(model.x.values())  # duties the LP weighs


def _exactly_priced(
    problem: Problem,
) -> tuple[Problem, LinearModel, dict[int, DPPricer]] | None:
    """`problem` without hard cover minimums, its model and DP pricers of every physician, or
    None (a Hypothesis event) when DP does not price them all exactly."""
    from regioplan.roster.pricing import pricers

    problem = _soft_cover(problem)
    model = build(problem)
    dp, rest = pricers(problem, model)
    if rest or not all(p.spec.exact for p in dp.values()):
        event("not every physician priced exactly by DP")
        return None
    return problem, model, dp


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priced_problems(), st.integers(0, 3), st.integers(0, 60))
def test_rounding_a_roster_by_its_own_values_never_makes_it_dearer_even_cut_short(
    problem: Problem, seed: int, ticks: int
) -> None:
    """The guided construction with an integral guide (a valid roster's own values) gives each
    physician in turn their best schedule against the others as they stand, so where DP prices
    everyone exactly and only cover links them it never costs more than that roster. With
    `keep` = that roster, a pass that runs out of time after any number of readings of the
    clock leaves the physicians it did not reach on their schedules, so it keeps every rule
    and never costs more either; with no time at all it is that roster."""
    from types import SimpleNamespace

    import regioplan.roster.construct as construct_module
    from regioplan.roster.backends import objective_of
    from regioplan.roster.construct import construct

    priced = _exactly_priced(problem)
    if priced is None:
        return
    problem, model, dp = priced
    start = construct(problem, model, time_limit=5, seed=seed, dp=dp)
    if start is None:
        event("no start")
        return
    rounded = construct(problem, model, time_limit=5, seed=seed, dp=dp, guide=start)
    clock = iter(range(10**9))  # one second a reading: the time runs out after `ticks` readings
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(construct_module, "time", SimpleNamespace(perf_counter=lambda: next(clock)))
        cut = construct(problem, model, time_limit=ticks, seed=seed, dp=dp, guide=start, keep=start)
        none = construct(problem, model, time_limit=0, seed=seed, dp=dp, guide=start, keep=start)
    for roster in (rounded, cut):
        assert roster is not None and model.satisfied(roster)
        assert objective_of(model, roster) <= objective_of(model, start)
    assert none == start


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priced_problems(), st.integers(0, 3))
def test_a_pass_of_best_responses_keeps_a_schedule_when_the_solve_offers_a_dearer_one(
    problem: Problem, seed: int
) -> None:
    """A solve stopped early can offer a physician a schedule dearer than the one they have
    (CP-SAT's first feasible one on a year-long physician): the pass of best responses then
    keeps theirs. Here every solve offers the physician's schedule in a dearer roster (built
    to leave the cover short): the pass still never costs more than the roster it starts
    from. Without the check the pass ends at the dearer roster."""
    import regioplan.roster.construct as construct_module
    from regioplan.roster.backends import objective_of
    from regioplan.roster.construct import construct

    priced = _exactly_priced(problem)
    if priced is None:
        return
    problem, model, dp = priced
    cheap = construct(problem, model, time_limit=5, seed=seed, dp=dp)
    # the dear roster: each duty of cover priced at minus twice its under-weight, so every
    # physician works as little as their rules allow
    shunned = {
        (c.day, i): -2.0 * c.under_weight
        for c in problem.cover
        for i, s in enumerate(problem.shifts)
        if s.id == c.shift
    }
    dear = construct(problem, model, time_limit=5, seed=seed, dp=dp, prices=shunned)
    if cheap is None or dear is None or objective_of(model, dear) <= objective_of(model, cheap):
        event("no roster dearer than the start")
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            construct_module, "_by_dp", lambda _p, variables, *_: {v: dear[v] for v in variables}
        )
        passed = construct(problem, model, time_limit=5, seed=seed, dp=dp, guide=cheap, keep=cheap)
    assert passed is not None and model.satisfied(passed)
    assert objective_of(model, passed) <= objective_of(model, cheap)


def test_the_lp_of_column_generation_rounds_to_a_valid_roster() -> None:
    """Curtois 2's column-generation LP, fractional where it is, rounded by the guided
    construction: a roster that keeps every rule, whose cost the checker confirms, and never
    below the LP's bound."""
    from regioplan.roster.backends import objective_of
    from regioplan.roster.colgen import generate
    from regioplan.roster.construct import construct
    from regioplan.roster.pricing import pricers
    from regioplan.roster.solver import roster_of

    problem = _soft_cover(parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2"))
    model = build(problem)
    dp, rest = pricers(problem, model)
    assert not rest
    start = construct(problem, model, time_limit=5, seed=0, dp=dp)
    assert start is not None
    relaxed: list[np.ndarray] = []
    # a limit far beyond convergence (seconds): the LP stops on its own rule
    run = generate(
        model,
        start,
        time_limit=900,
        workers=2,
        problem=problem,
        dp=dp,
        lp_share=1.0,
        ip_fallback=False,
        relaxed=relaxed,
        recent=3,  # the last three optima of the master LP, the last first
    )
    assert run.values is None and 1 <= len(relaxed) <= 3
    with pytest.raises(ValueError, match="guide has 3 values"):
        construct(problem, model, time_limit=5, dp=dp, guide=[0.0, 0.0, 0.0])
    for guide in relaxed:
        assert guide.shape == (len(model.names),)
        assert guide.min() >= -1e-9 and guide.max() <= 1 + 1e-9
        rounded = construct(problem, model, time_limit=5, seed=0, dp=dp, guide=list(guide))
        assert rounded is not None
        report = check_roster(problem, roster_of(problem, model, rounded))
        assert report.violations == () and report.objective == objective_of(model, rounded)
        assert report.objective >= math.ceil(run.bound - 1e-6)


def _bound_only_pricers() -> tuple[Problem, LinearModel, dict, dict, list[int], dict]:
    """Curtois 2 with at most 100 states per pricer: 12 physicians left to CP-SAT, and their
    bound-only pricers; also the exact pricers of everyone (built with the usual limit)."""
    from regioplan.roster import pricing

    problem = _soft_cover(parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2"))
    model = build(problem)
    exact, _ = pricing.pricers(problem, model)
    saved = pricing.MAX_STATES
    pricing.MAX_STATES = 100  # (not monkeypatch: Hypothesis runs the caller many times)
    try:
        dps, rest = pricing.pricers(problem, model)
        loose, left = pricing.pricers(problem, model, bound_only=True, only=rest)
    finally:
        pricing.MAX_STATES = saved
    assert len(rest) == 12 and set(loose) == set(rest) and not left
    assert not any(p.spec.exact for p in loose.values())
    return problem, model, exact, dps, rest, loose


def test_a_construction_prices_the_physicians_dp_cannot_by_their_loose_pricers_repaired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Curtois 2 with at most 100 states per pricer: the 12 physicians left to CP-SAT get
    their bound-only pricers in the construction (`Phases.builders`), whose schedules are
    repaired until they keep every rule; CP-SAT then builds the models of only those whose
    repair did not succeed (4 of the 12 here, against all 12 without), and the roster keeps
    every rule and costs what the checker says."""
    import regioplan.roster.construct as construct_module
    from regioplan.roster.backends import objective_of
    from regioplan.roster.solver import roster_of

    problem, model, _, dps, rest, loose = _bound_only_pricers()
    by_cpsat: list[int] = []
    original = construct_module.own_model

    def record(model: LinearModel, variables: list[int], rows: list[Row]) -> object:
        by_cpsat.append(len(variables))
        return original(model, variables, rows)

    monkeypatch.setattr(construct_module, "own_model", record)
    for pricers, models in ((dps, len(rest)), ({**dps, **loose}, 4)):
        by_cpsat.clear()
        built = construct_module.construct(problem, model, time_limit=30, seed=0, dp=pricers)
        assert len(by_cpsat) == models
        assert built is not None and model.satisfied(built)
        report = check_roster(problem, roster_of(problem, model, built))
        assert report.violations == () and report.objective == objective_of(model, built)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(-200, 50), min_size=7, max_size=7))
def test_bound_only_pricers_stay_below_the_exact_optimum(costs: list[float]) -> None:
    """Where the states do not fit even without the limits per shift type, the physician is
    left to CP-SAT; `bound_only` drops the limits on minutes and duties as well, and that
    pricer's optimum never exceeds the exact one."""
    _, _, exact, _, _, loose = _bound_only_pricers()
    for e, pricer in loose.items():
        reduced = {v: costs[v % len(costs)] for v in exact[e].own.x.values()}
        relaxed, full = pricer.price(reduced), exact[e].price(reduced)
        assert relaxed is not None and full is not None
        assert relaxed[0] <= full[0] + 1e-9


def test_the_lagrangian_round_with_bound_only_pricers_never_falls_below_the_optimum() -> None:
    """The Lagrangian round counts the higher of a bound-only pricer's optimum and the
    capacity relaxation: here the bound rises from 207 to 709 (no timing involved), and it
    stays below the optimum 828."""
    from regioplan.roster.colgen import first_bound
    from regioplan.roster.phases import capacity

    problem, model, _, dps, _, loose = _bound_only_pricers()
    start = [0] * len(model.names)
    cap = capacity(problem, model)
    without = first_bound(model, start, dp=dps, capacity=cap, workers=2).bound
    with_loose = first_bound(model, start, dp=dps, capacity=cap, workers=2, loose=loose).bound
    assert without + 1 < with_loose <= 828


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(-40, 5), min_size=11, max_size=11))
def test_the_repair_of_a_relaxed_schedule_never_costs_more_with_its_bisection(
    costs: list[float],
) -> None:
    """Curtois 2 with at most 9 duties of a type and 240 states: relaxed pricers whose
    schedules break that limit are repaired by making the duties dearer; the bisection after
    the doubling keeps every rule and never costs more than the doubling's schedule."""
    from regioplan.roster import pricing
    from regioplan.roster.repair import keep_rows

    problem = _at_most_nine_of_a_type()
    model = build(problem)
    _, own_rows, _ = model.blocks()
    saved = pricing.MAX_STATES
    pricing.MAX_STATES = 240  # (not monkeypatch: Hypothesis runs the body many times)
    try:
        relaxed, _ = pricing.pricers(problem, model)
    finally:
        pricing.MAX_STATES = saved
    repaired = 0
    for e, dp in relaxed.items():
        if dp.spec.exact:
            continue
        reduced = {v: costs[v % len(costs)] for v in dp.own.x.values()}
        doubled = keep_rows(dp, dict(reduced), own_rows[e], refine=0)
        refined = keep_rows(dp, dict(reduced), own_rows[e])
        assert (doubled is None) == (refined is None)
        if doubled is None or refined is None:
            continue
        assert _keeps(own_rows[e], refined)
        value = sum(reduced.get(v, 0.0) * x for v, x in refined.items())
        assert value <= sum(reduced.get(v, 0.0) * x for v, x in doubled.items()) + 1e-9
        repaired += 1
    event(f"physicians compared: {repaired}")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priced_problems(), st.data())
def test_the_row_check_finds_exactly_the_rows_a_schedule_breaks(
    problem: Problem, data: st.DataObject
) -> None:
    """The sparse check of a physician's own rows (repair.RowCheck, one product for all rows)
    names the same broken rows as checking each row on its own, for any values of the
    physician's variables, kept rules or not; it is built once per pricer and list of rows."""
    from regioplan.roster.pricing import pricers
    from regioplan.roster.repair import RowCheck, check_of

    model = build(problem)
    own_vars, own_rows, _ = model.blocks()
    dps, _ = pricers(problem, model)
    for e, rows in own_rows.items():
        column = {v: data.draw(st.integers(0, 2)) for v in own_vars[e]}
        expected = [row for row in rows if not row.holds(column)]
        assert RowCheck(rows).broken(column) == expected
        if e in dps:
            assert check_of(dps[e], rows) is check_of(dps[e], rows)
            assert check_of(dps[e], rows).broken(column) == expected


def test_the_row_check_counts_rows_without_terms_wherever_they_stand() -> None:
    """Rows without terms (a constant that holds or not) in the middle and at the end do not
    shift the sums of the other rows."""
    from regioplan.roster.repair import RowCheck

    rows = [
        Row(((0, 1), (1, 1)), None, 1, "a"),
        Row((), 1, None, "empty, broken"),
        Row(((1, 2),), 2, None, "b"),
        Row(((0, 1), (2, 3)), None, 3, "c"),
        Row((), None, 0, "empty, kept"),
        Row((), 1, None, "empty at the end, broken"),
    ]
    broken = RowCheck(rows).broken({0: 1, 1: 1, 2: 1})
    assert [row.group for row in broken] == ["a", "empty, broken", "c", "empty at the end, broken"]
    assert [row.group for row in broken] == [
        row.group for row in rows if not row.holds({0: 1, 1: 1, 2: 1})
    ]


def test_blocks_are_worked_out_once_and_follow_a_model_that_grows() -> None:
    """`LinearModel.blocks` hands out the same row lists while the model stands (so checks
    built from them are reused), fresh dictionaries each time (a lookup that adds an empty
    entry to one does not show in the next), and new lists once a row or variable is added."""
    problem = parse_curtois((FIXTURES / "Instance1.txt").read_text(), name="Instance1")
    model = build(problem)
    own_vars, own_rows, linking = model.blocks()
    _, again_rows, again_linking = model.blocks()
    assert again_rows[0] is own_rows[0] and again_linking == linking
    assert own_vars[10_000] == []  # a defaultdict: the lookup adds an entry ...
    assert 10_000 not in model.blocks()[0]  # ... to this copy only
    v = model.var("extra", 0, 1)
    model.owner[v] = 0
    model.add([(v, 1)], None, 1, "extra rule")
    grown_vars, grown_rows, _ = model.blocks()
    assert v in grown_vars[0] and grown_rows[0][-1].group == "extra rule"
    assert len(grown_rows[0]) == len(own_rows[0]) + 1


@pytest.mark.parametrize("by_dp", [True, False])
def test_the_cells_prices_decide_which_needed_duty_a_physician_keeps(by_dp: bool) -> None:
    """One physician, one day, two needed duties of which they may work one: both cost the
    same when left short, so the construction's choice follows the cells' prices (by DP and
    by CP-SAT alike), and the prices steer without counting in the roster's cost."""
    from regioplan.roster import Cover, Physician, ShiftType
    from regioplan.roster.backends import objective_of
    from regioplan.roster.construct import construct
    from regioplan.roster.pricing import pricers
    from regioplan.roster.solver import roster_of

    problem = Problem(
        horizon=1,
        shifts=(ShiftType("early", 420, 480), ShiftType("late", 900, 480)),
        physicians=(Physician("p"),),
        cover=(Cover(0, "early", 1), Cover(0, "late", 1)),
    )
    model = build(problem)
    dp, rest = pricers(problem, model)
    assert not rest
    for kept in (0, 1):
        values = construct(
            problem, model, time_limit=5, dp=dp if by_dp else None, prices={(0, kept): 5.0}
        )
        assert values is not None
        assert [a.shift for a in roster_of(problem, model, values)] == [problem.shifts[kept].id]
        assert objective_of(model, values) == 100  # one duty short, whatever its price
