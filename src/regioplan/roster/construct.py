"""A first roster that keeps every physician's own rules, built one physician at a time.

The greedy start (:mod:`regioplan.roster.greedy`) ignores rules that look forward (minimum runs of
working days and days off, minimum hours), so on problems with such rules it is not a valid
roster and the solver has to repair it. Every rule of a physician, however, only involves that
physician's own duties; only cover (and the organisations' fair share) links physicians. So a
valid roster can be built physician by physician: each one gets the schedule that keeps all of
their rules and best fills the duties still uncovered (a reward of the cover's under-weight per
needed duty, the over-weight for a surplus, plus their own wishes and fairness terms), solved
exactly by CP-SAT on that physician's small model. Physicians with the fewest options go first.

With a `guide` (an LP relaxation's value of every variable) the same construction rounds that
LP: the duties still needed count what the physicians not yet placed work in the LP, so each
physician in turn fills what the LP leaves to them rather than the first gaps it sees. The
physicians whose LP schedule is most fractional go first, while the others' near-whole LP
schedules still hold their duties (one LP each, Instance12 tiled 2x2 and 6x2: rosters of 17,326
and 60,221 against 18,041 and 72,072 with the least fractional first, and 43,767 and 164,448
without a guide; docs/roster.md).

Each physician gets an equal share of `time_limit`; when it runs out (or a physician's best
schedule is not found in their share), the remaining physicians get the first schedule that keeps
their rules, which takes milliseconds. This gives the large-neighbourhood search a valid roster
within seconds where whole-model CP-SAT needs much longer on large problems. It cannot promise a
roster when hard cover minimums exist (a linking rule); then it returns None and the caller falls
back to whole-model CP-SAT.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence

from regioplan.roster.backends import own_model
from regioplan.roster.formulation import LinearModel, Row
from regioplan.roster.model import Problem
from regioplan.roster.pricing import DPPricer, release_buffers
from regioplan.roster.repair import keep_rows

MIN_SHARE = 0.02  # seconds; below this a physician gets the first schedule that keeps the rules
RESCUE_SECONDS = 2.0  # for that schedule, doubled while none is found ...
RESCUE_LIMIT = 64.0  # ... up to this
DP_TRIES = 8  # dynamic programmes per physician before CP-SAT takes over


def construct(
    problem: Problem,
    model: LinearModel,
    *,
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
    dp: Mapping[int, DPPricer] | None = None,
    guide: Sequence[float] | None = None,
    keep: Sequence[int] | None = None,
    prices: Mapping[tuple[int, int], float] | None = None,
) -> list[int] | None:
    """Full variable values of a roster keeping every hard rule, or None (see module doc).

    Physicians with a dynamic-programming pricer in `dp` (:mod:`regioplan.roster.pricing`) get
    their best schedule from it instead of CP-SAT: the same optimum in milliseconds, also on
    year-long horizons where CP-SAT needs most of a second per physician (a pricer that relaxed
    a limit per shift type only when its schedule keeps that limit, else CP-SAT).

    `guide` gives every variable's value in an LP relaxation to round (module doc). With
    `keep` (a roster that keeps every hard rule), the physicians not reached within
    `time_limit` keep their schedule from it instead of getting their first valid one: a pass
    of best responses over `keep` (`guide` = `keep`) then never makes it dearer, however
    early the time runs out.

    `prices` (cover cell (day, shift index) -> price, e.g. an LP's duals) add to the reward of
    a needed duty of that cell: the duties all cost the same under-weight when left short, but
    where a physician cannot work everything the LP planned for them, the price says which ones
    others can hardly take over (weekends on Instance12's tilings; docs/roster.md, seventeenth
    round)."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    if any(c.hard_minimum > 0 for c in problem.cover):
        return None
    own_vars, own_rows, _ = model.blocks()
    cost = model.costs(skip=("cover_under", "cover_over"))  # cover is rewarded below
    shift_index = {s.id: i for i, s in enumerate(problem.shifts)}
    need: dict[tuple[int, int], float] = defaultdict(float)
    weights: dict[tuple[int, int], tuple[float, int]] = {}
    for cover in problem.cover:
        cell = (cover.day, shift_index[cover.shift])
        need[cell] += cover.requirement
        price = prices.get(cell, 0.0) if prices is not None else 0.0
        weights[cell] = (cover.under_weight + price, cover.over_weight)
    cell_of = {v: (d, s) for (_, d, s), v in model.x.items()}
    values = [0] * len(model.names)
    order = sorted(range(len(problem.physicians)), key=lambda e: (len(own_vars[e]), e))
    if guide is not None:  # the LP's plan for everyone not yet placed counts as worked
        if len(guide) != len(model.names):
            raise ValueError(f"guide has {len(guide)} values for {len(model.names)} variables")
        for v, cell in cell_of.items():
            need[cell] -= guide[v]
        fractional = {
            e: sum(min(guide[v], 1 - guide[v]) for v in own_vars[e] if v in cell_of) for e in order
        }
        order.sort(key=lambda e: (-fractional[e], e))
    overhead = 0.0  # seconds outside the optimising solves: building models, first schedules
    dp = dp or {}

    def place(schedule: Mapping[int, int]) -> None:
        """Give a physician `schedule` (own variable -> value): what it works is no longer
        needed."""
        for v, x in schedule.items():
            values[v] = x
            if v in cell_of and x:
                need[cell_of[v]] -= 1

    def place_best(e: int, found: Mapping[int, int]) -> None:
        """Give physician `e` the cheaper at the current rewards of `found` and, with `keep`,
        their schedule in `keep`: a solve stopped early (CP-SAT's feasible schedule, or a
        pricer's after `keep_rows`) can be dearer than what they had, and a pass of best
        responses must not make the roster dearer (the year-long tiling: 171,958 -> 172,637
        before this check; docs/roster.md, twenty-first round)."""
        if keep is not None:
            kept = {v: keep[v] for v in own_vars[e]}
            if charge(kept) < charge(found):
                found = kept
        place(found)

    def charge(schedule: Mapping[int, int]) -> float:
        """`schedule` at the current rewards (what it adds to the roster's cost)."""
        return sum(_reward(v, cost, cell_of, need, weights) * x for v, x in schedule.items() if x)

    for i, e in enumerate(order):
        begun = time.perf_counter()
        if guide is not None:  # placing e: their LP schedule no longer counts
            for v in own_vars[e]:
                if v in cell_of:
                    need[cell_of[v]] += guide[v]
        if keep is not None and begun - started >= time_limit:  # out of time: as in `keep`
            place({v: keep[v] for v in own_vars[e]})
            continue
        if e in dp:
            found = _by_dp(dp[e], own_vars[e], own_rows[e], cost, cell_of, need, weights)
            if found is not None:
                place_best(e, found)
                overhead += time.perf_counter() - begun
                continue
        cp, local = own_model(model, own_vars[e], own_rows[e])
        proto = cp.proto
        for v, k in local.items():
            c = round(_reward(v, cost, cell_of, need, weights))
            if c:
                proto.objective.vars.append(k)
                proto.objective.coeffs.append(c)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = seed
        # the time left, less what the remaining physicians will need outside their solves
        left = len(order) - i
        reserve = overhead / i * left if i else 0.0
        share = max(0.0, time_limit - (time.perf_counter() - started) - reserve) / left
        code = cp_model.UNKNOWN
        solving = 0.0
        if share >= MIN_SHARE:
            solver.parameters.max_time_in_seconds = share
            solving = time.perf_counter()
            code = solver.solve(cp)
            solving = time.perf_counter() - solving
        if code == cp_model.UNKNOWN and keep is not None:  # out of time: as in `keep`
            place({v: keep[v] for v in own_vars[e]})
            overhead += time.perf_counter() - begun - solving
            continue
        if code == cp_model.UNKNOWN:  # out of time: any schedule that keeps the rules
            cp.clear_objective()
            # CP-SAT's default portfolio of workers finds one in about 0.1 s (measured); on a
            # busy machine a year-long physician can need more than RESCUE_SECONDS, so the
            # limit doubles until one is found or none exists (a roster matters more than the
            # time limit: without it there is nothing to report)
            limit = RESCUE_SECONDS
            while code == cp_model.UNKNOWN and limit <= RESCUE_LIMIT:
                solver = cp_model.CpSolver()
                solver.parameters.num_workers = max(1, workers)
                solver.parameters.random_seed = seed
                solver.parameters.max_time_in_seconds = limit
                code = solver.solve(cp)
                limit *= 2
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        solution = solver.response_proto.solution
        place_best(e, {v: int(solution[k]) for v, k in local.items()})
        overhead += time.perf_counter() - begun - solving
    release_buffers()  # the DP's predecessor table of this thread (up to 120 MB)
    values = model.polish(values)
    return values if model.satisfied(values) else None


def _by_dp(
    pricer: DPPricer,
    variables: list[int],
    rows: list[Row],
    cost: list[int],
    cell_of: dict[int, tuple[int, int]],
    need: dict[tuple[int, int], float],
    weights: dict[tuple[int, int], tuple[float, int]],
) -> dict[int, int] | None:
    """The physician's best schedule by dynamic programming, or None. A pricer that relaxed
    limits per shift type may return a schedule that breaks one; :func:`keep_rows` then makes
    the broken rows' duties dearer (at most DP_TRIES times) until one keeps them all."""
    reduced = {v: _reward(v, cost, cell_of, need, weights) for v in variables}
    return keep_rows(pricer, reduced, rows, tries=DP_TRIES)


def _reward(
    v: int,
    cost: list[int],
    cell_of: dict[int, tuple[int, int]],
    need: dict[tuple[int, int], float],
    weights: dict[tuple[int, int], tuple[float, int]],
) -> float:
    """Variable `v`'s cost for the next physician: its own cost, less the under-weight of a
    duty still needed (plus its cell's price, when the construction has prices: `weights`
    holds both), plus the over-weight of one that is not. With a guide the need can be
    fractional: the part of the duty that fills a need earns the under-weight, the rest pays
    the over-weight (for whole needs the same rule)."""
    c = float(cost[v])
    if v in cell_of:
        under, over = weights.get(cell_of[v], (0, 0))
        filled = min(1.0, max(0.0, need[cell_of[v]]))
        c += -under * filled + over * (1.0 - filled)
    return c


__all__ = ["construct"]
