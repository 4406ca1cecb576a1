"""Prices for a long horizon from its windows (roster/windows.py): a window is the problem's
days with its limits shared out, and the Lagrangian bound at any prices (the windows' or random
ones) never exceeds what the whole model's LP proves."""

from __future__ import annotations

import functools
import math
import statistics
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roster_properties import _soft_cover

from regioplan.roster import (
    Assignment,
    Problem,
    Result,
    SolverParams,
    check_roster,
    large,
    lns,
    parse_curtois,
    solve,
)
from regioplan.roster.backends import objective_of
from regioplan.roster.colgen import first_bound, generate
from regioplan.roster.construct import construct
from regioplan.roster.curtois import tile
from regioplan.roster.formulation import LinearModel, build
from regioplan.roster.large import CHAIN_LEAST, LargePhases, searched_parts
from regioplan.roster.lp import IncrementalLP
from regioplan.roster.master import Master
from regioplan.roster.phases import capacity
from regioplan.roster.pricing import pricers
from regioplan.roster.windows import (
    Windows,
    apportion,
    chained,
    cover_keys,
    history_days,
    spans,
    window,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def brief_lns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The LNS at the end of a solve for at most a second. These tests look at the phases
    before it (the windows, their bound, the first roster and its best responses), and the
    LNS would fill the rest of the time limit: 30 s a test on Instance2 tiled four times."""
    improve = lns.improve

    def brief(*args: Any, **kwargs: Any) -> Any:
        kwargs["time_limit"] = min(kwargs["time_limit"], 1.0)
        return improve(*args, **kwargs)

    monkeypatch.setattr(lns, "improve", brief)


def _instance2(weeks: int = 1) -> Problem:
    """Curtois 2 (14 days, 16 staff, optimum 828), its cover soft, tiled `weeks` times."""
    text = (FIXTURES / "Instance2.txt").read_text()
    if weeks > 1:
        text = tile(text, weeks, 1)
    return _soft_cover(parse_curtois(text, name=f"Instance2 x{weeks}"))


def test_a_window_of_the_whole_horizon_is_the_problem() -> None:
    problem = _instance2()
    whole = window(problem, 0, problem.horizon)
    assert (whole.horizon, whole.cover, whole.requests, whole.fixed) == (
        problem.horizon,
        problem.cover,
        problem.requests,
        problem.fixed,
    )
    assert whole.physicians == problem.physicians


def test_a_window_moves_its_days_and_shares_the_limits_over_the_horizon() -> None:
    problem = _instance2(weeks=4)  # 56 days; limits over the horizon four times Curtois 2's
    part = window(problem, 28, 14)
    assert part.horizon == 14 and part.start == problem.date_of(28)
    assert [(c.day, c.shift, c.requirement) for c in part.cover] == [
        (c.day - 28, c.shift, c.requirement) for c in problem.cover if 28 <= c.day < 42
    ]
    assert all(0 <= r.day < 14 for r in part.requests)
    assert len(part.requests) == sum(1 for r in problem.requests if 28 <= r.day < 42)
    for doc, whole in zip(part.physicians, problem.physicians, strict=True):
        assert doc.max_minutes == (
            None if whole.max_minutes is None else math.ceil(whole.max_minutes / 4)
        )
        assert doc.min_minutes == whole.min_minutes // 4
        for shift, n in whole.max_shifts_per_type.items():
            assert doc.max_shifts_per_type[shift] == math.ceil(n / 4)
        assert doc.unavailable == {d - 28 for d in whole.unavailable if 28 <= d < 42}
        assert doc.max_consecutive == whole.max_consecutive  # rules per run stay as they are
    with pytest.raises(ValueError, match="outside the horizon"):
        window(problem, 50, 7)


def test_windows_close_their_inner_edges_so_their_rosters_put_together_keep_the_runs() -> None:
    """Inside the horizon a window's edges are closed (runs there keep their minimum lengths),
    so two windows' rosters side by side break no minimum run at the border; the horizon's own
    edges stay as the problem has them."""
    problem = _instance2(weeks=4)
    first, second = window(problem, 0, 28), window(problem, 28, 28)
    assert (first.closed, second.closed) == ((False, True), (True, False))
    assert window(problem, 0, problem.horizon).closed == (False, False)
    assignments = []
    for offset, part in ((0, first), (28, second)):
        model = build(part)
        dp, _ = pricers(part, model)
        values = construct(part, model, time_limit=30, seed=0, workers=1, dp=dp)
        assert values is not None
        assignments += [
            Assignment(part.physicians[e].id, d + offset, part.shifts[s].id)
            for (e, d, s), v in model.x.items()
            if values[v]
        ]
    runs = {"min consecutive", "min days off"}
    report = check_roster(problem, assignments)
    assert [v for v in report.violations if v.rule in runs] == []
    open_edges = replace(second, closed=(False, False))  # the border as a horizon's edge
    model = build(open_edges)
    assert len(model.rows) < len(build(second).rows)


def test_spans_cut_the_horizon_into_four_weeks_and_join_a_short_rest() -> None:
    assert spans(28) == [(0, 28)]
    assert spans(56) == [(0, 28), (28, 28)]
    assert spans(60) == [(0, 28), (28, 32)]  # 4 days alone would be priced badly
    assert spans(70) == [(0, 28), (28, 28), (56, 14)]
    assert spans(10) == [(0, 10)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_lagrangian_bound_at_any_prices_stays_below_the_optimum(data: st.DataObject) -> None:
    """Whatever prices the windows give the cover rows, one round of exact pricing proves a
    bound no higher than the optimum (Curtois 2: 828)."""
    problem = _instance2()
    model = build(problem)
    dp, rest = pricers(problem, model)
    assert not rest
    _, _, linking = model.blocks()
    prices = data.draw(
        st.lists(st.floats(-300, 300), min_size=len(linking), max_size=len(linking)),
        label="prices",
    )
    run = first_bound(
        model,
        [0] * len(model.names),
        dp=dp,
        capacity=capacity(problem, model),
        workers=1,
        prices=lambda _: prices,
    )
    assert run.bound <= 828 + 1e-6


def test_the_windows_prices_prove_no_more_than_the_whole_lp() -> None:
    """Curtois 2 tiled to 56 days: each of the two windows' LPs converges (far within its
    time), the prices put together give a bound, and that bound never exceeds the whole
    model's LP optimum (any prices' Lagrangian bound lies below it), nor the roster's cost."""
    problem = _instance2(weeks=4)
    model = build(problem)
    own_vars, _, linking = model.blocks()
    dp, rest = pricers(problem, model)
    assert not rest
    start = construct(problem, model, time_limit=30, seed=0, dp=dp)
    assert start is not None
    windows = Windows(problem, model, linking)
    windows.solve(time.perf_counter() + 600, seed=0, workers=2)
    assert windows.solved == 2
    assert {day for day, _ in windows.prices} == set(range(56))
    assert windows.plan.min() >= -1e-9 and windows.plan.max() <= 1 + 1e-9
    prices = windows.duals(Master(model, own_vars, linking, start, with_lp=False).first_duals())
    assert len(prices) == len(linking) == len(cover_keys(model, linking))
    bound = first_bound(
        model, start, dp=dp, capacity=capacity(problem, model), workers=2, prices=windows.duals
    ).bound
    # the whole LP by column generation, stopping on its own rule (the rounded bound meets the
    # LP's objective, which lies above the LP's optimum)
    whole = generate(
        model, start, time_limit=900, workers=2, problem=problem, dp=dp, ip_fallback=False
    )
    assert bound <= math.ceil(whole.bound - 1e-6) + 1e-6
    assert bound <= objective_of(model, start)


@pytest.mark.usefixtures("brief_lns")
@pytest.mark.parametrize("lp_large", [150_000, 10], ids=["below-lp-large", "above-lp-large"])
@pytest.mark.parametrize(
    ("chain_seconds", "first"),
    [(0.5, "window-chain"), (1000.0, "lp-round")],
    ids=["chain", "round"],
)
def test_above_lp_round_large_the_windows_give_the_bound_then_the_first_roster(
    lp_large: int, chain_seconds: float, first: str
) -> None:
    """Above `lp_round_large` duty variables (below `lp_large` and above it, a year-long
    horizon), a horizon of two windows or more with room for their LPs gets them before any
    start and instead of PDLP: the Lagrangian bound at their prices comes first (it needs no
    roster), then the first roster, from the windows chained when that leaves each window
    `chain_seconds`, else rounded from their LP values; no start is built; a pass of best
    responses follows, which keeps every rule and costs what the checker says, above the
    bound."""
    problem = _instance2(weeks=4)
    params = SolverParams(
        large_model=10,
        lp_round_large=10,
        lp_large=lp_large,
        window_seconds=0.5,
        chain_seconds=chain_seconds,
    )
    result = solve(problem, time_limit=30, seed=0, workers=2, params=params)
    phases = [p.split(":")[0] for p in result.phases]
    assert phases[:2] == ["lagrange", first], result.phases
    assert "construct" not in phases
    _assert_rounded_and_certified(problem, result, 0)


@pytest.mark.usefixtures("brief_lns")
def test_windows_that_give_nothing_leave_the_start_to_build_the_roster(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When no window's LP gives prices (every window left out), the start is built after
    all, so the windows coming first never cost the roster."""
    monkeypatch.setattr(Windows, "_window", lambda self, *args, **kwargs: None)
    problem = _instance2(weeks=4)
    params = SolverParams(large_model=10, lp_round_large=10, window_seconds=0.5)
    result = solve(problem, time_limit=10, seed=0, workers=2, params=params)
    assert result.phases[0].startswith("construct:feasible"), result.phases
    assert check_roster(problem, result.assignments).violations == ()


def _assert_rounded_and_certified(problem: Problem, result: Result, at: int) -> None:
    """The windows' bound is phase `at`, then their first roster (chained or rounded); a pass
    of best responses follows it, never dearer, unless that roster reached the bound; the
    roster keeps every rule and costs what the checker says, above the bound."""
    phases = [p.split(":")[0] for p in result.phases]
    assert phases[at] == "lagrange" and phases[at + 1] in ("window-chain", "lp-round")
    if len(phases) > at + 2 and phases[at + 2] != "lns":
        assert phases[at + 2] == "best-responses", result.phases
        built, responded = (int(result.phases[i].split(":")[2]) for i in (at + 1, at + 2))
        assert responded <= built
    else:  # no best responses: the first roster was proven optimal
        assert result.status == "optimal", result.phases
    assert result.is_feasible()
    report = check_roster(problem, result.assignments)
    assert report.violations == () and report.objective == result.objective
    assert result.bound is not None and 0 < result.bound <= report.objective


@pytest.mark.usefixtures("brief_lns")
def test_without_room_for_the_windows_a_large_model_builds_its_start_first() -> None:
    """With too little time for the windows (here: 1,000 s asked of each) the start is built
    as always, so a roster is returned whatever the time limit."""
    problem = _instance2(weeks=4)
    params = SolverParams(large_model=10, lp_round_large=10, window_seconds=1000)
    result = solve(problem, time_limit=5, seed=0, workers=2, params=params)
    assert result.phases[0].startswith("construct:feasible"), result.phases
    assert check_roster(problem, result.assignments).violations == ()


@pytest.mark.usefixtures("brief_lns")
@pytest.mark.parametrize(("lp_large", "first"), [(150_000, "construct"), (10, "lagrange")])
def test_the_windows_end_at_window_lp_end_below_lp_large_and_at_large_window_lp_end_above(
    lp_large: int, first: str
) -> None:
    """Up to `lp_large` the windows' LP phase ends at `window_lp_end` of the time (here 0: no
    room, so the start comes first); above it at `large_window_lp_end` (room: the windows
    first)."""
    problem = _instance2(weeks=4)
    params = SolverParams(
        large_model=10,
        lp_round_large=10,
        lp_large=lp_large,
        window_seconds=0.5,
        window_lp_end=0.0,
    )
    result = solve(problem, time_limit=20, seed=0, workers=2, params=params)
    assert result.phases[0].split(":")[0] == first, result.phases
    assert check_roster(problem, result.assignments).violations == ()


def test_windows_side_by_side_each_get_their_prices_and_an_error_in_one_is_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With two workers two windows run at a time, one worker each: every window's prices and
    LP values arrive (whichever lane solved it), and an error in the second lane's window is
    raised by `solve`, not lost in its thread."""
    problem = _instance2(weeks=4)
    model = build(problem)
    _, _, linking = model.blocks()
    seen: list[tuple[int, int]] = []
    original = Windows._window

    def record(
        self: Windows, first: int, days: int, end: float, *, seed: int, workers: int
    ) -> None:
        seen.append((first, workers))
        original(self, first, days, end, seed=seed, workers=workers)

    monkeypatch.setattr(Windows, "_window", record)
    windows = Windows(problem, model, linking)
    windows.solve(time.perf_counter() + 600, seed=0, workers=2)
    assert sorted(seen) == [(0, 1), (28, 1)]  # side by side: one worker each
    assert windows.solved == 2
    assert {day for day, _ in windows.prices} == set(range(56))

    def fail_second(
        self: Windows, first: int, days: int, end: float, *, seed: int, workers: int
    ) -> None:
        if first == 28:
            raise RuntimeError("window 28 failed")
        original(self, first, days, end, seed=seed, workers=workers)

    monkeypatch.setattr(Windows, "_window", fail_second)
    with pytest.raises(RuntimeError, match="window 28 failed"):
        Windows(problem, model, linking).solve(time.perf_counter() + 600, seed=0, workers=2)


@pytest.mark.parametrize(("lp_large", "floor"), [(150_000, CHAIN_LEAST), (10, 0.0)])
def test_the_chain_needs_chain_least_of_its_cap_up_to_lp_large_only(
    monkeypatch: pytest.MonkeyPatch, lp_large: int, floor: float
) -> None:
    """Up to `lp_large` the chain runs only where each window gets `CHAIN_LEAST` of its cap
    (6x2 on a slow machine, thirtieth round); above it (the year-long tiling, where a chain
    with two thirds of that time did as well) only `chain_seconds` counts."""
    problem = _instance2(weeks=4)
    model = build(problem)
    _, _, linking = model.blocks()
    asked: list[dict[str, Any]] = []

    def record(self: Windows, deadline: float, **kwargs: Any) -> None:
        asked.append(kwargs)

    monkeypatch.setattr(Windows, "chain", record)
    params = SolverParams(lp_large=lp_large)
    phases = LargePhases(problem, model, params, 30, 0, 2, time.perf_counter())
    assert phases.chain(Windows(problem, model, linking)) is None
    assert [a["floor"] for a in asked] == [floor]
    assert asked[0]["share"] == params.chain_window_share


def test_the_first_pass_prices_its_windows_as_horizons_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first pass solves each window with open inner edges (their prices give the
    stronger bound over the whole horizon: docs/roster.md, twenty-eighth round), while
    `window` closes them by default, as the chained windows need to join."""
    import regioplan.roster.windows as windows_module

    made: list[tuple[bool, bool]] = []
    original = windows_module.window

    def record(*args: Any, **kwargs: Any) -> Problem:
        sub = original(*args, **kwargs)
        made.append(sub.closed)
        return sub

    monkeypatch.setattr(windows_module, "window", record)
    problem = _instance2(weeks=4)
    model = build(problem)
    _, _, linking = model.blocks()
    windows = Windows(problem, model, linking)
    windows.solve(time.perf_counter() + 600, seed=0, workers=2)
    assert windows.solved == 2
    assert made == [(False, False), (False, False)]
    assert window(problem, 28, 28).closed == (True, False)


def test_a_master_lp_that_glop_ends_abnormally_ends_the_lp_phase_not_the_solve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GLOP can end a large master LP "ABNORMAL", which MathOpt raises as ``StatusNotOk``:
    the master then counts as not solved, column generation ends its LP phase without a
    roster, and a window whose LP fails gives no prices, so the engine builds its start
    instead."""
    from pybind11_abseil.status import Status, StatusCode, StatusNotOk

    problem = _instance2(weeks=4)
    model = build(problem)
    own_vars, _, linking = model.blocks()
    start = construct(problem, model, time_limit=5, seed=0)
    assert start is not None

    class Abnormal:
        def update(self, *args: object) -> bool:
            return True

        def solve(self, *args: object) -> None:
            raise StatusNotOk(Status(StatusCode.INTERNAL, "GLOP ended ABNORMAL"))

    monkeypatch.setattr(IncrementalLP, "_new_solver", lambda self: Abnormal())
    assert Master(model, own_vars, linking, start).solve_lp() is None
    run = generate(model, start, time_limit=5, workers=1, ip_fallback=False)
    assert run.values is None and run.bound == -math.inf
    windows = Windows(problem, model, linking)
    windows.solve(time.perf_counter() + 30, seed=0, workers=2)
    assert windows.solved == 0 and windows.prices == {}


@pytest.mark.usefixtures("brief_lns")
def test_the_windows_rounding_weighs_duties_by_the_windows_prices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rounding of the windows' plan gets the windows' prices of the cover cells, times
    `round_price_weight`; the pass of best responses after it none (with them a physician's
    best response could make the roster dearer)."""
    import regioplan.roster.construct as construct_module

    solved: list[dict[tuple[int, int], float]] = []
    given: list[dict[tuple[int, int], float] | None] = []
    solve_windows, build = Windows.solve, construct_module.construct

    def solve_and_keep(self: Windows, *args: object, **kwargs: object) -> None:
        solve_windows(self, *args, **kwargs)  # type: ignore[arg-type]
        solved.append(dict(self.prices))

    def build_and_record(*args: object, **kwargs: object) -> list[int] | None:
        if kwargs.get("guide") is not None:  # not a window's own start
            given.append(kwargs.get("prices"))  # type: ignore[arg-type]
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Windows, "solve", solve_and_keep)
    monkeypatch.setattr(construct_module, "construct", build_and_record)
    problem = _instance2(weeks=4)
    params = SolverParams(
        large_model=10,
        lp_round_large=10,
        window_seconds=0.5,
        round_price_weight=2.0,
        chain_seconds=1000,  # no room for the chain: the plan is rounded
    )
    result = solve(problem, time_limit=20, seed=0, workers=2, params=params)
    phases = [p.split(":")[0] for p in result.phases]
    assert phases[:3] == ["lagrange", "lp-round", "best-responses"], result.phases
    assert len(solved) == 1 and solved[0]
    assert given[:2] == [{cell: 2.0 * price for cell, price in solved[0].items()}, None]
    _assert_rounded_and_certified(problem, result, 0)


@settings(max_examples=200, deadline=None)
@given(st.integers(-5, 10_000), st.lists(st.integers(1, 60), min_size=1, max_size=14))
def test_apportion_gives_whole_shares_in_proportion_that_add_up(
    total: int, weights: list[int]
) -> None:
    shares = apportion(total, weights)
    assert len(shares) == len(weights)
    if total <= 0:
        assert shares == [0] * len(weights)
        return
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        exact = total * weight / sum(weights)
        assert math.floor(exact) <= share <= math.ceil(exact)


def _roster_of(problem: Problem) -> dict[str, dict[int, str]]:
    """A valid roster of `problem` (the construction), as physician id -> day -> shift id."""
    model = build(problem)
    dp, _ = pricers(problem, model)
    values = construct(problem, model, time_limit=30, seed=0, workers=1, dp=dp)
    assert values is not None
    out: dict[str, dict[int, str]] = {doc.id: {} for doc in problem.physicians}
    for (e, d, s), v in model.x.items():
        if values[v]:
            out[problem.physicians[e].id][d] = problem.shifts[s].id
    return out


def test_a_chained_window_follows_the_roster_before_it_and_leaves_later_windows_their_share() -> (
    None
):
    """Window 1 of three (Curtois 2 tiled to 84 days): the week before it comes first, pinned
    to the roster (days off too); only the window's own days carry cover and wishes; a limit
    over the horizon is what the days before leave, less the last window's share, plus what
    the pinned week uses; the first window's limits leave the two later windows theirs."""
    problem = _instance2(weeks=6)
    todo = spans(problem.horizon)
    assert todo == [(0, 28), (28, 28), (56, 28)]
    before = _roster_of(problem)
    h = history_days(problem)
    assert h == 7  # Curtois 2's runs are shorter than a week
    first, part = chained(problem, before, todo, 1)
    assert (first, part.horizon) == (28 - h, 28 + h)
    assert part.closed == (False, True)
    pins = {(f.physician, f.day): f.shift for f in part.fixed}
    for doc in problem.physicians:
        for d in range(first, 28):
            assert pins[doc.id, d - first] == before[doc.id].get(d)
    assert {c.day for c in part.cover} == set(range(h, h + 28))
    assert all(r.day >= h for r in part.requests)
    minutes = {s.id: s.duration for s in problem.shifts}
    for doc, sub in zip(problem.physicians, part.physicians, strict=True):
        worked = {d: s for d, s in before[doc.id].items() if d < 28}
        used = sum(minutes[s] for s in worked.values())
        pinned = sum(minutes[s] for d, s in worked.items() if d >= first)
        assert doc.max_minutes is not None
        last_share = apportion(doc.max_minutes, [28, 28, 28])[2]
        assert sub.max_minutes == doc.max_minutes - used - last_share + pinned
        least = apportion(doc.min_minutes, [28, 28, 28])[2]
        assert sub.min_minutes == max(0, doc.min_minutes - used - least) + pinned
    first, opening = chained(problem, {}, todo, 0)
    assert first == 0 and opening.horizon == 28 and opening.fixed == problem.fixed
    for doc, sub in zip(problem.physicians, opening.physicians, strict=True):
        assert doc.max_minutes is not None
        later = sum(apportion(doc.max_minutes, [28, 28, 28])[1:])
        assert sub.max_minutes == doc.max_minutes - later


def test_the_first_pass_schedules_seed_a_chained_window_only_where_they_keep_its_rules() -> None:
    """The first pass keeps each window's schedules with weight in its last LP; as columns of
    window 1's chained problem (after the roster of the window before) they keep the pinned
    week as the start has it and every rule of that problem: each one put into the start
    leaves a valid roster of the window. Schedules that would break a rule there (a run too
    long across the border, a limit the roster before has used up) are left out."""
    problem = _instance2(weeks=6)
    model = build(problem)
    _, _, linking = model.blocks()
    windows = Windows(problem, model, linking)
    windows.solve(time.perf_counter() + 60, seed=0, workers=2)
    todo = spans(problem.horizon)
    assert set(windows.schedules) == {lo for lo, _ in todo}
    first, sub = chained(problem, _roster_of(problem), todo, 1)
    part = build(sub)
    dp, _ = pricers(sub, part)
    start = construct(sub, part, time_limit=30, seed=0, workers=1, dp=dp)
    assert start is not None
    seeds = windows._seeds(part, first, 28, start)
    offered = sum(len(s) for s in windows.schedules[28].values())
    assert 0 < len(seeds) <= offered
    own_vars, _, _ = part.blocks()
    for e, column in seeds:
        assert set(column) == set(own_vars[e])
        values = list(start)
        for v, x in column.items():
            values[v] = x
        assert part.satisfied(part.polish(values)), sub.physicians[e].id
        worked = {(d + first, s) for (f, d, s), v in part.x.items() if f == e and column[v]}
        assert {(d, s) for d, s in worked if d >= 28} in windows.schedules[28][e]


def _checked(problem: Problem, model: LinearModel, values: list[int]) -> None:
    """`values` keep every rule and cost what the independent checker says."""
    assert model.satisfied(values)
    roster = [
        Assignment(problem.physicians[e].id, d, problem.shifts[s].id)
        for (e, d, s), v in model.x.items()
        if values[v]
    ]
    report = check_roster(problem, roster)
    assert report.violations == ()
    assert report.objective == objective_of(model, values)


def test_the_chained_windows_put_together_keep_every_rule_of_the_horizon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Curtois 2 tiled to 84 days, three windows: their LPs, then the windows solved again one
    after the other; the roster they make together keeps every rule of the horizon (runs
    across the borders, limits over the horizon) and costs what the checker says, and each
    window keeps its own LP's support, duties of its own days. Without room for it
    (`least`, or `floor` of the windows' cap), no chain. The search on the windows'
    supports after it (:meth:`LargePhases.search_windows`) never makes the roster dearer
    and keeps every rule; without time for it (none left at all, too), or without the
    supports, it leaves the roster as it is, and with time for one part it searches the
    part `searched_parts` chooses, and only that one, by CP-SAT's local search
    (`SEARCH_PARAMETERS`)."""
    problem = _instance2(weeks=6)
    model = build(problem)
    _, _, linking = model.blocks()
    windows = Windows(problem, model, linking)
    windows.solve(time.perf_counter() + 60, seed=0, workers=2)
    assert windows.solved == 3
    assert windows.chain(time.perf_counter() + 5, seed=0, workers=2, weight=1, least=60) is None
    # nor with less than `floor` of the windows' cap (60% of what a first-pass window took)
    cap = 0.6 * statistics.median(windows.took)
    short = 0.9 * CHAIN_LEAST * cap * 3
    chain = functools.partial(
        windows.chain, seed=0, workers=2, weight=1, least=0, share=0.6, floor=CHAIN_LEAST
    )
    assert chain(time.perf_counter() + short) is None
    capped = chain(time.perf_counter() + 2 * cap * 3)
    assert capped is not None
    _checked(problem, model, capped)
    values = windows.chain(time.perf_counter() + 30, seed=0, workers=2, weight=1, least=0)
    assert values is not None
    _checked(problem, model, values)
    duties = {v: d for (_, d, _), v in model.x.items()}
    assert sorted(windows.supports) == [lo for lo, _ in spans(problem.horizon)]
    for lo, days in spans(problem.horizon):
        support = windows.supports[lo]
        assert support and all(lo <= duties[v] < lo + days for v in support)

    def phases(share: float) -> LargePhases:
        params = SolverParams(window_search_share=share)
        return LargePhases(problem, model, params, 30, 0, 2, time.perf_counter())

    searched = phases(1.0)
    found = searched.search_windows(windows, values)
    assert objective_of(model, found) <= objective_of(model, values)
    _checked(problem, model, found)
    assert [r.engine for r in searched.runs] == ["window-search"]
    assert searched.runs[0].objective == objective_of(model, found)
    none = phases(0.0)  # no time for it
    assert none.search_windows(windows, values) is values and none.runs == []
    # past the time limit already (its time left negative): no part, however large the share
    late = LargePhases(problem, model, SolverParams(), 30, 0, 2, time.perf_counter() - 40)
    assert late.search_windows(windows, values) is values and late.runs == []
    # time for one part only (about 30 s left, at least 20 s a part): the part chosen
    searched_days: list[set[int]] = []
    parameters: list[object] = []

    def record(
        index: object, freed: list[int], *args: object, **kwargs: object
    ) -> tuple[None, None]:
        searched_days.append({duties[v] for v in freed})
        parameters.append(kwargs.get("parameters"))
        return None, None

    monkeypatch.setattr(large, "SEARCH_LEAST", 20.0)
    monkeypatch.setattr(lns, "solve_part", record)
    support = set().union(*windows.supports.values())
    unworked = Counter({duties[v]: 0 for v in support})
    unworked.update(duties[v] for v in support if not values[v])
    parts = [
        p
        for p in spans(problem.horizon, large.SEARCH_DAYS)
        if any(d in unworked for d in range(p[0], p[0] + p[1]))
    ]
    [(lo, days)] = searched_parts(parts, unworked, 1)
    assert phases(1.0).search_windows(windows, values) is values
    assert len(searched_days) == 1 and searched_days[0] <= set(range(lo, lo + days))
    # by CP-SAT's local search alone, not with the LNS's parameters
    assert parameters == [large.SEARCH_PARAMETERS] != [lns.SUB_PARAMETERS]
    monkeypatch.undo()
    windows.supports.clear()
    assert phases(1.0).search_windows(windows, values) is values


@given(
    st.lists(st.integers(0, 9), min_size=1, max_size=40),
    st.integers(1, 14),
    st.integers(1, 8),
)
def test_the_search_takes_the_parts_with_most_left_unworked_when_not_all_fit(
    per_day: list[int], days: int, fit: int
) -> None:
    """Where the search's time fits only `fit` of its parts, it takes the parts whose days
    hold the most duties the windows' LPs work and the roster does not, in the order of their
    days; where all fit, all of them."""
    unworked = Counter(dict(enumerate(per_day)))
    parts = spans(len(per_day), days)
    chosen = searched_parts(parts, unworked, fit)
    assert chosen == sorted(chosen) and set(chosen) <= set(parts)
    assert len(chosen) == min(fit, len(parts))

    def left(part: tuple[int, int]) -> int:
        return sum(unworked[d] for d in range(part[0], part[0] + part[1]))

    rest = [p for p in parts if p not in chosen]
    assert not rest or min(map(left, chosen)) >= max(map(left, rest))


def test_a_search_with_time_for_one_part_takes_the_one_furthest_from_the_lps() -> None:
    """Three two-week parts, the second with the most duties the LPs work and the roster
    does not: with time for one part, the second is searched."""
    unworked = Counter({3: 1, 20: 5, 21: 2, 30: 4})
    assert searched_parts([(0, 14), (14, 14), (28, 14)], unworked, 1) == [(14, 14)]
    assert searched_parts([(0, 14), (14, 14), (28, 14)], unworked, 2) == [(14, 14), (28, 14)]


def test_a_chain_begun_by_an_idle_lane_waits_for_each_windows_lp_and_keeps_every_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three windows on two lanes: the first lane left without a window calls `idle` once,
    which starts the chain beside the last window's LP (large.py). Each chained window
    begins only once the first pass's LP of that window has ended, gets at most `share` of
    what a first-pass window took (at least `least`), and the roster the chain makes keeps
    every rule of the horizon."""
    problem = _instance2(weeks=6)
    model = build(problem)
    _, _, linking = model.blocks()
    windows = Windows(problem, model, linking)
    link = Windows._link
    seen: list[tuple[bool, float, float]] = []  # (its LP ended, its seconds, the cap)

    def watched(self: Windows, sub: Problem, m: object, first: int, lo: int, end: float,
                *args: object) -> object:  # fmt: skip
        with self.lock:  # (the median the chain took is at most the largest so far)
            cap = max(0.5, 0.3 * max(self.took))
        seen.append((self.ended[lo].is_set(), end - time.perf_counter(), cap))
        return link(self, sub, m, first, lo, end, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Windows, "_link", watched)
    out: list[list[int] | None] = []
    threads: list[threading.Thread] = []

    def idle() -> None:
        def run() -> None:
            out.append(
                windows.chain(
                    time.perf_counter() + 60, seed=0, workers=2, weight=1, least=0.5, share=0.3
                )
            )

        threads.append(threading.Thread(target=run))
        threads[-1].start()

    windows.solve(time.perf_counter() + 60, seed=0, workers=2, idle=idle)
    assert len(threads) == 1  # called once
    threads[0].join()
    assert windows.finished.is_set() and windows.solved == 3
    assert len(seen) == 3 and all(ended for ended, _, _ in seen)
    assert all(seconds <= cap + 0.05 for _, seconds, cap in seen)
    assert out and out[0] is not None and model.satisfied(out[0])
    roster = [
        Assignment(problem.physicians[e].id, d, problem.shifts[s].id)
        for (e, d, s), v in model.x.items()
        if out[0][v]
    ]
    assert check_roster(problem, roster).violations == ()


def test_column_generation_warm_started_prices_first_at_the_given_prices() -> None:
    """With `warm`, column generation's first columns and its bound come from the given
    prices (here the windows', on Curtois 2 tiled to 56 days), not from subgradient steps:
    with no time for the LP phase its bound is the Lagrangian bound at those prices."""
    problem = _instance2(weeks=4)
    model = build(problem)
    _, _, linking = model.blocks()
    dp, _ = pricers(problem, model)
    start = construct(problem, model, time_limit=30, seed=0, dp=dp)
    assert start is not None
    windows = Windows(problem, model, linking)
    windows.solve(time.perf_counter() + 60, seed=0, workers=2)
    at = first_bound(
        model, start, dp=dp, capacity=capacity(problem, model), workers=1, prices=windows.duals
    )
    run = generate(
        model,
        start,
        time_limit=0.0,
        problem=problem,
        dp=dp,
        ip_fallback=False,
        stabilize=True,
        lp_share=1.0,
        warm=windows.duals,
    )
    assert run.bound == pytest.approx(at.bound, abs=1e-6)
