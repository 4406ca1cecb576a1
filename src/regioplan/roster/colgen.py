"""Column generation: a strong lower bound, and rosters assembled from whole schedules.

Every rule of a physician involves only that physician's duties; only the linking rows (cover,
the organisations' shares) tie physicians together. So the roster problem decomposes
(Dantzig-Wolfe) into a *master* LP that picks, for each physician, a mix of complete schedules
(columns) and sets the variables no physician owns (shortfall and surplus of cover), and one
*pricing* problem per physician: the schedule that keeps all of their rules and has the least
reduced cost under the master's dual prices. The pricing problems are solved exactly by CP-SAT
on the physician's own model, in parallel on `workers` threads, or (much faster) by the
dynamic programme of :mod:`regioplan.roster.pricing`.

The bound: at every round the Lagrangian bound (the duals of the linking rows as multipliers,
with each pricing problem's proven lower bound) is a valid lower bound on the roster's optimum;
when no column with negative reduced cost is left it equals the master LP optimum. This bound
is far stronger than the MIP's LP relaxation on rostering (Curtois instance 5: 1141 against
HiGHS's 839 after a minute; docs/roster.md). Rosters: a dive (:func:`_dive`) fixes physicians
to their heaviest schedule one after the other while column generation re-prices the rest, or
the master restricted to the generated columns is solved as an integer program with HiGHS
(price-and-branch); either roster keeps every hard rule because each column does and the
linking rows are rows of the master.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from regioplan.roster.backends import FEASIBLE, UNKNOWN, Run, objective_of, own_model
from regioplan.roster.formulation import LinearModel, Row
from regioplan.roster.master import Master
from regioplan.roster.model import Problem
from regioplan.roster.pricing import DPPricer, pricers
from regioplan.roster.repair import keep_rows

SCALE = 10_000  # reduced costs go to CP-SAT rounded down to 1/SCALE, which keeps bounds valid
PRICING_SECONDS = 2.0  # at most per pricing problem and round
IP_SHARE = 0.25  # of the time limit kept for the restricted master as integer program
NEAR_GAP = 0.02  # bound this close to the LP's objective: the LP may run into `overtime`
SUBGRADIENT_SHARE = 0.3  # of the LP phase at most for the subgradient steps on large models
SUBGRADIENT_STEPS = 60  # at most
SUBGRADIENT_STEP = 1.0  # first multiple of Polyak's step
SUBGRADIENT_PATIENCE = 4  # steps without a better bound before the step size halves
SMOOTHING = 0.8  # weight of the best bound's duals in the duals priced at (0: none)
DIVE_ROUNDS = 30  # at most, of column generation after each fixing step of a dive
_EPS = 1e-6
_LOG = logging.getLogger(__name__)


def generate(
    model: LinearModel,
    start: list[int],
    *,
    time_limit: float,
    seed: int = 0,
    workers: int = 1,
    overtime: float = 0.0,
    problem: Problem | None = None,
    dive: bool = False,
    support: set[int] | None = None,
    dp: dict[int, DPPricer] | None = None,
    ip_fallback: bool = True,
    stabilize: bool = False,
    lp_share: float = 1 - IP_SHARE,
    relaxed: list[npt.NDArray[np.float64]] | None = None,
    prices: list[list[float]] | None = None,
    lp_objective: list[float] | None = None,
    recent: int = 1,
    warm: Callable[[list[float]], list[float]] | None = None,
    seeds: Sequence[tuple[int, dict[int, int]]] = (),
    kept: dict[int, list[dict[int, int]]] | None = None,
    subgradient: bool = True,
) -> Run:
    """Column generation from the valid roster `start` (its schedules are the first columns).

    Returns a :class:`Run` named ``colgen`` with the best roster found (or none) and the best
    Lagrangian bound. With `problem`, physicians whose rules :mod:`regioplan.roster.pricing`
    models are priced by dynamic programming, the others by CP-SAT. The LP phase stops when the
    master LP is optimal (no column with negative reduced cost), when the bound rounded up
    reaches the LP's objective rounded up (objectives are integers, so no later round can prove
    more), or after ``1 - IP_SHARE`` of `time_limit`; when the bound is then within
    ``NEAR_GAP`` of the LP's objective, it goes on for at most `overtime` seconds more, since a
    few rounds finish a proof there (Curtois 4 on a slow day: docs/roster.md). With `dive`, a
    roster is then built by diving (:func:`_dive`) in the rest of `time_limit`; without it, or
    when the dive fails, the master restricted to the generated columns is solved as an integer
    program in what is left of `time_limit`, and at least ``IP_SHARE`` of it. A `support` set
    receives the variables with a positive value in the master LP's last optimum before that
    (a neighbourhood for a restricted search: :func:`regioplan.roster.solver.solve`), and a
    `relaxed` list the value of every variable there (:meth:`Master.expected`, to round), and
    in the master LP's optima before it, up to `recent` optima in all, the last first.
    With `stabilize` (large models), when DP prices every physician, subgradient steps from
    the cover's own prices first give a bound and columns (:func:`_subgradient`), and the LP
    phase then prices at its duals smoothed towards the best bound's (``SMOOTHING``); without
    `subgradient` the LP's own first duals give the first bound and the smoothing's centre
    (the windows of a long horizon, whose LPs converge sooner that way: one of 6x2 in 8.3 s
    instead of 10.3 s, one of 180 physicians like the year's in 12.6 s instead of 16.3 s;
    :mod:`regioplan.roster.windows`).
    Without `ip_fallback` a failed dive returns no roster instead of the integer program
    (whose solve can overrun the time limit many times on large models).
    `lp_share` is the LP phase's share of `time_limit` (the rest is the dive's). A `prices`
    list receives the linking rows' duals of the best bound (with `stabilize`), and an
    `lp_objective` list the master LP's last objective (whether column generation converged:
    benchmarks/roster/lp_optimum.py).
    `dp` gives pricers already built by :func:`regioplan.roster.pricing.pricers` (for `problem`).
    `warm` maps the cover's own prices (:meth:`Master.first_duals`) to prices known to be
    good (the windows' of a first pass, :meth:`regioplan.roster.windows.Windows.chain`): with
    `stabilize` the first columns are priced there and the smoothing starts from them,
    instead of the subgradient steps. `seeds` are columns (physician, own variable -> value)
    the master starts with besides the start's (the first pass's schedules of a window,
    :meth:`regioplan.roster.windows.Windows.chain`); a `kept` dict receives each physician's
    columns with weight in the last LP.
    """
    started = time.perf_counter()
    lp_end = started + lp_share * time_limit
    own_vars, own_rows, linking = model.blocks()
    owners = sorted(own_vars)
    if any(model.lb[v] < 0 for e in owners for v in own_vars[e]):  # the rounding needs x >= 0
        return Run("colgen", UNKNOWN, None, None, -math.inf, time.perf_counter() - started)
    master = Master(model, own_vars, linking, start)
    for e, seed_column in seeds:
        master.add_column(e, seed_column)
    pricer = _Pricer(model, own_vars, own_rows, seed, problem, dp, repair=stabilize)
    best_bound = -math.inf
    deadline = lp_end
    center: list[float] | None = None  # the duals of the best Lagrangian bound so far
    mispriced = False  # the last round at smoothed duals found no column for the LP
    optima: deque[Any] = deque(maxlen=max(1, recent))  # the master LP's last optima
    last_objective: float | None = None  # ... and the last one's objective
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        if stabilize and pricer.dp and not pricer.cp and warm is not None:
            # known prices (e.g. the windows' of an earlier pass) instead of the subgradient
            # steps: the first columns and the smoothing's centre
            at = master.clip_duals(warm(master.first_duals()))
            priced = pricer.price(master.reduced_array(at), set(), lp_end - started, workers, pool)
            best_bound = master.bound_without_blocks(at) + sum(low for low, _, _ in priced.values())
            center = at
            for e, (_, column, _) in priced.items():
                if column is not None:
                    master.add_column(e, column)
        elif stabilize and subgradient and pricer.dp and not pricer.cp:  # a centre, columns
            sub_end = started + SUBGRADIENT_SHARE * (lp_end - started)
            best_bound, center = _subgradient(
                master, pricer, objective_of(model, start), sub_end, workers, pool
            )
        while time.perf_counter() < deadline:
            duals = master.solve_lp()
            if duals is None:
                break
            optima.append(master.result)
            link_dual, convexity, objective = duals
            last_objective = objective
            if _lp_end(lp_end, overtime, objective, best_bound) is None:  # with the new LP
                break
            # price at the LP's duals smoothed towards the best bound's (Wentges), which
            # damps the duals' oscillation; any such mix keeps the signs, so its Lagrangian
            # bound is valid too
            smooth = 0.0 if center is None or mispriced or not stabilize else SMOOTHING
            at = [
                smooth * c + (1 - smooth) * d
                for c, d in zip(center or link_dual, link_dual, strict=True)
            ]
            bound = master.bound_without_blocks(at)
            reduced = master.reduced_array(at)
            left = deadline - time.perf_counter()
            priced = pricer.price(reduced, set(), left, workers, pool)
            exact = all(optimal for _, _, optimal in priced.values())
            bound += sum(lower for lower, _, _ in priced.values())
            if smooth:  # the columns enter the LP by their reduced cost at its own duals
                reduced = master.reduced_array(link_dual)
            added = _add_columns(master, priced, reduced, convexity)
            if bound > best_bound:
                best_bound, center = bound, at
            _LOG.debug(
                "colgen %.1fs: LP %.1f, bound %.1f (best %.1f), %d columns, smoothing %.2f",
                time.perf_counter() - started,
                objective,
                bound,
                best_bound,
                added,
                smooth,
            )
            if added == 0 and exact and not smooth:  # the master LP is optimal: the bound
                break
            mispriced = added == 0
            end = _lp_end(lp_end, overtime, objective, best_bound)  # with the new bound
            if end is None:
                break
            deadline = end
        values = None
        if support is not None and master.result is not None:
            support.update(master.support())
        if kept is not None and master.result is not None:
            kept.update(master.weighted())
        if relaxed is not None:
            relaxed.extend(master.expected(result) for result in reversed(optima))
        if lp_objective is not None and last_objective is not None:
            lp_objective.append(last_objective)
        if prices is not None and center is not None:
            prices.append(list(center))
        if dive:
            values = _dive(master, pricer, own_vars, started + time_limit, workers, pool)
        if (values is None or not model.satisfied(values)) and ip_fallback:
            now = time.perf_counter()
            ip_deadline = max(started + time_limit, now + IP_SHARE * time_limit)
            values = master.solve_ip(max(0.05, ip_deadline - now), seed)
    seconds = time.perf_counter() - started
    if values is None or not model.satisfied(values):
        return Run("colgen", UNKNOWN, None, None, best_bound, seconds)
    return Run("colgen", FEASIBLE, values, objective_of(model, values), best_bound, seconds)


def first_bound(
    model: LinearModel,
    start: list[int],
    *,
    dp: dict[int, DPPricer],
    capacity: list[int],
    workers: int = 1,
    loose: dict[int, DPPricer] | None = None,
    prices: Callable[[list[float]], list[float]] | None = None,
) -> Run:
    """A Lagrangian lower bound from one round of pricing at :meth:`Master.first_duals` (the
    cover's own prices), for models too large for column generation: physicians with a DP
    pricer count their least reduced cost (exact, or a lower bound when limits were relaxed);
    the others keep only two of their rules, at most one duty a day and at most `capacity`
    duties (their most negative days), every other own variable at its cheaper bound; where
    `loose` has a pricer for them (``pricers(..., bound_only=True)``: their rules without the
    counted limits), the higher of that pricer's optimum and this. Valid, and strong only
    where demand exceeds what the physicians can work. `prices` maps the cover's prices to
    others (the windows' of a long horizon, :mod:`regioplan.roster.windows`): the bound is
    valid at any prices, their signs clipped to what the rows allow. Returns a roster-less
    :class:`Run` named ``lagrange``."""
    started = time.perf_counter()
    own_vars, _, linking = model.blocks()
    master = Master(model, own_vars, linking, start, with_lp=False)
    at = master.first_duals()
    if prices is not None:  # e.g. the windows' (windows.py): valid at any prices
        at = master.clip_duals(prices(at))
    reduced = master.reduced_array(at)
    bound = master.bound_without_blocks(at)
    day_of = {v: (e, d) for (e, d, _), v in model.x.items()}
    priced: list[float] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        jobs = {e: pool.submit(pricer.price, reduced) for e, pricer in dp.items()}
        relaxed = {
            e: pool.submit(pricer.price, reduced)
            for e, pricer in (loose or {}).items()
            if e not in dp
        }
        for e, vs in own_vars.items():
            found = jobs[e].result() if e in jobs else None
            if found is not None:
                priced.append(found[0] - _EPS)
                continue
            best_day: dict[int, float] = {}  # no pricer: the least reduced cost per day ...
            other = 0.0
            for v in vs:
                if v in day_of:
                    d = day_of[v][1]
                    best_day[d] = min(best_day.get(d, 0.0), float(reduced[v]))
                else:
                    other += min(reduced[v] * model.lb[v], reduced[v] * model.ub[v])
            days = sorted(best_day.values())[: max(0, capacity[e])]  # ... on at most capacity
            lower = other + sum(days)
            found = relaxed[e].result() if e in relaxed else None
            priced.append(lower if found is None else max(lower, found[0] - _EPS))
    bound += sum(priced)
    return Run("lagrange", UNKNOWN, None, None, bound, time.perf_counter() - started)


def _subgradient(
    master: Master,
    pricer: _Pricer,
    upper: int,
    end: float,
    workers: int,
    pool: ThreadPoolExecutor,
) -> tuple[float, list[float] | None]:
    """Lagrangian duals by subgradient steps (Polyak's step towards the roster's objective
    `upper`) from :meth:`Master.first_duals`, until `end`: each step prices every physician
    once (DP only), adds the schedules as columns and moves the duals against the rows'
    violation. Returns the best Lagrangian bound and its duals (a centre for the smoothing
    of the LP phase; -inf and None if a physician has no schedule). The LP starts from
    far better columns than the first roster's alone (measured in docs/roster.md)."""
    at = master.first_duals()
    best, center = -math.inf, None
    step, stale = SUBGRADIENT_STEP, 0
    for _ in range(SUBGRADIENT_STEPS):
        priced = pricer.price(
            master.reduced_array(at), set(), end - time.perf_counter(), workers, pool
        )
        bound = master.bound_without_blocks(at) + sum(lower for lower, _, _ in priced.values())
        if bound > best + 1e-9:
            best, center, stale = bound, at, 0
        else:
            stale += 1
            if stale >= SUBGRADIENT_PATIENCE:
                step, stale = step / 2, 0
        for e, (_, column, _) in priced.items():
            if column is not None:
                master.add_column(e, column)
        _LOG.debug("subgradient: bound %.1f (best %.1f), step %.3f", bound, best, step)
        if time.perf_counter() >= end or best >= upper - 1e-9:
            break
        violation = master.violation(at, [column for _, column, _ in priced.values()])
        norm = float(np.dot(violation, violation))
        if norm < 1e-12:  # the priced schedules keep every linking row: the bound is tight
            break
        moved = np.asarray(at) + step * max(0.0, upper - bound) / norm * violation
        at = master.clip_duals(moved)
    return best, center


def _add_columns(
    master: Master,
    priced: dict[int, tuple[float, dict[int, int] | None, bool]],
    reduced: npt.NDArray[np.float64],
    convexity: dict[int, float],
) -> int:
    """Add the priced schedules with negative reduced cost (`reduced`: every variable's,
    under the master's current duals); how many were new."""
    added = 0
    for e, (_, column, _) in priced.items():
        if column is not None:
            value = sum(float(reduced[v]) * x for v, x in column.items() if x)
            if value - convexity[e] < -_EPS and master.add_column(e, column):
                added += 1
    return added


def _dive(
    master: Master,
    pricer: _Pricer,
    own_vars: dict[int, list[int]],
    deadline: float,
    workers: int,
    pool: ThreadPoolExecutor,
) -> list[int] | None:
    """A roster by diving: fix the physicians whose schedule the master LP is surest of to
    that schedule (all at weight 1, and the heaviest one), let column generation re-price the
    others for at most DIVE_ROUNDS rounds, and repeat until every physician is fixed. Steps fix
    one physician while the time allows and more when the pace (seconds per step so far) says
    the dive would not finish by `deadline`; at the deadline everyone left gets their heaviest
    schedule. The cover rows have slack, so every dive ends in a roster. None if the LP fails.
    Measured on Curtois 8 and 10: 1306 and 4632 (best known 1300 and 4631) in 24 and 15 s.
    """
    owners = sorted(own_vars)
    fixed: set[int] = set()
    begun = time.perf_counter()
    steps = 0
    while len(fixed) < len(owners):
        duals = None
        for _ in range(DIVE_ROUNDS):
            duals = master.solve_lp()
            if duals is None:
                return None
            if time.perf_counter() >= deadline:
                break
            link_dual, convexity, _ = duals
            reduced = master.reduced_array(link_dual)
            left = deadline - time.perf_counter()
            priced = pricer.price(reduced, fixed, left, workers, pool)
            if _add_columns(master, priced, reduced, convexity) == 0:
                break
            duals = None
        if duals is None and master.solve_lp() is None:  # the LP after the last columns
            return None
        heaviest = master.heaviest([e for e in owners if e not in fixed])
        now = time.perf_counter()
        steps += 1
        # fix one physician per step if the time allows, else as many as needed to finish
        left = (deadline - now) / ((now - begun) / steps)
        whole = sum(1 for weight, _, _ in heaviest if weight >= 1 - _EPS)
        take = len(heaviest) if left < 1 else max(1, whole, math.ceil(len(heaviest) / left))
        for _, var, e in heaviest[:take]:
            master.fix(e, var)
            fixed.add(e)
    return master.roster()


def _lp_end(soft: float, overtime: float, objective: float, bound: float) -> float | None:
    """When the LP phase ends, given the restricted master LP's `objective` and the best
    Lagrangian `bound` so far: None (now) once the bound rounded up reaches the objective
    rounded up (objectives are integers and the LP's optimum lies between the two, so no later
    round proves more); `soft` + `overtime` when the bound is within NEAR_GAP of the objective;
    else `soft`."""
    if not math.isfinite(bound):
        return soft
    if math.ceil(bound - _EPS) >= math.ceil(objective - _EPS):
        return None
    if objective - bound <= NEAR_GAP * max(1.0, abs(objective)):
        return soft + overtime
    return soft


class _Pricer:
    """Prices the physicians: those :mod:`regioplan.roster.pricing` models by dynamic
    programming in this thread, the others by CP-SAT in the pool meanwhile. A physician whose
    limits per shift type the programme relaxed (too many states) whose schedule breaks one is
    priced again by CP-SAT, keeping the relaxed optimum as a lower bound."""

    def __init__(
        self,
        model: LinearModel,
        own_vars: dict[int, list[int]],
        own_rows: dict[int, list[Row]],
        seed: int,
        problem: Problem | None,
        dp: dict[int, DPPricer] | None = None,
        repair: bool = False,
    ) -> None:
        self.own_vars = own_vars
        self.own_rows = own_rows
        self.model = model
        self.seed = seed
        self.repair = repair
        if dp is not None:
            self.dp, rest = dp, [e for e in sorted(own_vars) if e not in dp]
        else:
            self.dp, rest = pricers(problem, model) if problem else ({}, sorted(own_vars))
        self.cp = {e: _Pricing(model, own_vars[e], own_rows[e], seed) for e in rest}
        # relaxed pricers: CP-SAT stands by for schedules that break a relaxed limit (its
        # model is built on first use: on a long horizon that costs a tenth of a second each)
        self.check = {e for e, dp in self.dp.items() if not dp.spec.exact}
        self.checkers: dict[int, _Pricing] = {}

    def price(
        self,
        reduced: npt.NDArray[np.float64],
        skip: set[int],
        left: float,
        workers: int,
        pool: ThreadPoolExecutor,
    ) -> dict[int, tuple[float, dict[int, int] | None, bool]]:
        """Per physician not in `skip`: (lower bound on the least reduced cost, the best
        schedule found, whether it was proven optimal) under `reduced` (every variable's
        reduced cost); the round fits in `left` seconds. The programme releases the GIL, so
        the DP physicians are priced on the pool's threads too."""
        todo = [e for e in self.cp if e not in skip]
        # the CP-SAT physicians share the workers
        limit = max(0.05, min(PRICING_SECONDS, left * max(1, workers) / max(1, len(todo))))
        futures = {e: pool.submit(self.cp[e].price, self._local(e, reduced), limit) for e in todo}
        dp_todo = [e for e in self.dp if e not in skip]
        chunks = [dp_todo[i :: max(1, workers)] for i in range(max(1, workers))]
        done = [pool.submit(self._price_dp, chunk, reduced) for chunk in chunks if chunk]
        out: dict[int, tuple[float, dict[int, int] | None, bool]] = {}
        broken = []
        for job in done:
            for e, found in job.result():
                if found is None:  # no schedule keeps the rules: impossible beside a roster
                    out[e] = (-math.inf, None, False)
                elif e in self.check and not all(r.holds(found[1]) for r in self.own_rows[e]):
                    broken.append((e, found[0] - _EPS))
                else:
                    out[e] = (found[0] - _EPS, found[1], True)
        if self.repair:  # by DP with the broken rows made dearer, on the pool's threads
            repaired = {
                e: pool.submit(keep_rows, self.dp[e], self._local(e, reduced), self.own_rows[e])
                for e, _ in broken
            }
            for e, relaxed in broken:  # the relaxed optimum is still a lower bound
                out[e] = (relaxed, repaired[e].result(), False)
        else:  # by CP-SAT, sharing what is left of the round
            share = max(0.05, min(PRICING_SECONDS, left / max(1, len(broken))))
            for e, relaxed in broken:  # the relaxed optimum is still a lower bound
                if e not in self.checkers:
                    self.checkers[e] = _Pricing(
                        self.model, self.own_vars[e], self.own_rows[e], self.seed
                    )
                lower, column, optimal = self.checkers[e].price(self._local(e, reduced), share)
                out[e] = (max(lower, relaxed), column, optimal)
        for e, future in futures.items():
            out[e] = future.result()
        return out

    def _price_dp(
        self, physicians: list[int], reduced: npt.NDArray[np.float64]
    ) -> list[tuple[int, tuple[float, dict[int, int]] | None]]:
        return [(e, self.dp[e].price(reduced)) for e in physicians]

    def _local(self, e: int, reduced: npt.NDArray[np.float64]) -> dict[int, float]:
        return {v: float(reduced[v]) for v in self.own_vars[e]}


class _Pricing:
    """One physician's own model in CP-SAT; each round only its objective changes."""

    def __init__(self, model: LinearModel, variables: list[int], rows: list[Row], seed: int):
        self.cp, self.local = own_model(model, variables, rows)
        self.seed = seed

    def price(
        self, reduced: dict[int, float], time_limit: float
    ) -> tuple[float, dict[int, int] | None, bool]:
        """(proven lower bound on the least reduced cost, the best schedule found, whether it
        was proven optimal)."""
        from ortools.sat.python import cp_model

        proto = self.cp.proto
        proto.clear_objective()
        for v, k in self.local.items():
            c = math.floor(reduced[v] * SCALE)  # rounded down: the bound stays a lower bound
            if c:
                proto.objective.vars.append(k)
                proto.objective.coeffs.append(c)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.catch_sigint_signal = False  # runs in a worker thread
        code = solver.solve(self.cp)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return -math.inf, None, False
        solution = solver.response_proto.solution
        column = {v: int(solution[k]) for v, k in self.local.items()}
        return solver.best_objective_bound / SCALE, column, code == cp_model.OPTIMAL


__all__ = ["generate"]
