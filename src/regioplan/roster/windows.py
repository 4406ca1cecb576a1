"""Prices for a long horizon from column generation on its windows.

Column generation's LP gives the strongest bound on a roster, but on 120 physicians and more
than eight weeks its rounds take seconds, and it does not converge within the time limit. The
Lagrangian bound, however, is valid at *any* prices of the cover rows (docs/roster.md,
"Bounds"): so the horizon is cut into windows of `WINDOW_DAYS` days, each window's LP is solved
on its own (:func:`window` makes the window a roster problem of its own, its limits over the
horizon in proportion to its days), and the prices its LP ends with are put together into
prices for the whole horizon. One round of exact pricing of every physician over the whole
horizon at those prices (:func:`regioplan.roster.colgen.first_bound`) then proves the bound;
the windows' LP values, put together in the same way, are an LP plan to round to a roster.

With two workers two windows are solved side by side, one worker each: the master LP's GLOP
solves run on one core, so this gets through about twice the rounds. Measured on Instance12
tiled 6x2 (168 days, 120 physicians) at 60 s: six windows of 28 days, two at a time, 7.3-8.1 s
each, prove 47,896-47,976, where one window at a time on both workers (3.5-4.1 s each) proved
44,421-45,069 and PDLP on the whole model 41,436-41,583 (its LP's optimum is 43,543). The
limits over the horizon are not split between the windows in the whole model, so a physician
may move work to the window whose prices are highest: windows that did not converge lower the
bound (first windows given more time than the last: 29,893), so each gets an equal share
(docs/roster.md, tenth and thirteenth rounds).

The windows plan their edges independently, so their plans do not join: on the year-long
tiling the rounding of the plan leaves the last weekend before each border 277 duties short
beyond the plan. Where time allows, :meth:`Windows.chain` therefore solves the windows again
one after the other, each as a problem that follows the roster of those before it
(:func:`chained`), and their rosters join by construction (docs/roster.md, eighteenth round).
Each chained window's LP starts with the first pass's schedules of that window that keep its
rules (`Windows.schedules`, nineteenth round).

The first pass's windows have open inner edges (:func:`window` with `closed=False`): each is
priced as a horizon of its own, and the bound at their prices is stronger than with closed
edges (Instance12 tiled 3x2: 24,184 against 24,068, the whole LP's optimum being 24,240.3).
Closed edges made the plan's rounding join better (fourteenth round); that rounding now
serves only where the chain has no room (docs/roster.md, twenty-eighth round).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from regioplan.errors import ValidationError
from regioplan.roster.backends import Run, objective_of
from regioplan.roster.formulation import LinearModel, Row, Terms, build, least_value
from regioplan.roster.model import Problem
from regioplan.roster.spans import (
    HISTORY_DAYS,
    WINDOW_DAYS,
    apportion,
    chained,
    history_days,
    side_by_side,
    spans,
    window,
)
from regioplan.roster.threads import in_threads

if TYPE_CHECKING:
    from regioplan.roster.pricing import DPPricer

_LOG = logging.getLogger(__name__)


def _lp(
    sub: Problem,
    model: LinearModel,
    start: list[int],
    dp: dict[int, DPPricer],
    end: float,
    seed: int,
    workers: int,
    warm: Callable[[list[float]], list[float]] | None = None,
    seeds: Sequence[tuple[int, dict[int, int]]] = (),
    kept: dict[int, list[dict[int, int]]] | None = None,
) -> tuple[Run, list[npt.NDArray[np.float64]], list[list[float]]]:
    """A window's LP by column generation (DP pricing, stabilised) from `start` until `end`:
    its run, its values at the last optimum and the prices of its best bound (each list
    empty when there are none). Without the subgradient steps before the LP: where a
    window's LP converges in its time they only delay it (a window of 6x2 converged in 8.3 s
    instead of 10.3 s, one of 180 physicians like the year's in 12.6 s instead of 16.3 s), and the
    time they save goes to the chain (docs/roster.md, twenty-first round)."""
    from regioplan.roster.colgen import generate

    relaxed: list[npt.NDArray[np.float64]] = []
    prices: list[list[float]] = []
    run = generate(
        model,
        start,
        time_limit=max(0.05, end - time.perf_counter()),
        seed=seed,
        workers=workers,
        problem=sub,
        dp=dp,
        ip_fallback=False,
        stabilize=True,
        lp_share=1.0,
        relaxed=relaxed,
        prices=prices,
        warm=warm,
        seeds=seeds,
        kept=kept,
        subgradient=False,
    )
    return run, relaxed, prices


def cover_keys(model: LinearModel, rows: list[Row]) -> list[tuple[int, int] | None]:
    """For each row, the (day, shift index) of the cover it counts, or None (another row)."""
    keys: list[tuple[int, int] | None] = []
    for row in rows:
        keys.append(next((model.short_of[v] for v, _ in row.terms if v in model.short_of), None))
    return keys


class Windows:
    """Prices and an LP plan for the whole horizon from column generation on each window."""

    def __init__(self, problem: Problem, model: LinearModel, linking: list[Row]) -> None:
        self.problem = problem
        self.model = model
        self.keys = cover_keys(model, linking)
        self.prices: dict[tuple[int, int], float] = {}  # (day, shift index) -> price
        self.plan = np.zeros(len(model.names))  # the windows' LP values of the duties
        self.solved = 0  # windows whose LP gave prices
        self.took: list[float] = []  # each such window's seconds, its setup included
        # per window (its first day): each physician's schedules (day, shift index) with
        # weight in its last LP, to seed the window's LP in the chain
        self.schedules: dict[int, dict[int, list[frozenset[tuple[int, int]]]]] = {}
        # per window of the chain (its first day): the whole model's duty variables its own
        # LP works on its own days (:meth:`chain`), the support its search is held to
        self.supports: dict[int, set[int]] = {}
        self.lock = threading.Lock()  # the windows side by side: the next to take, `solved`
        # per window (its first day): set once its LP has ended, given prices or not
        self.ended = {lo: threading.Event() for lo, _ in spans(problem.horizon)}
        self.finished = threading.Event()  # set once :meth:`solve` has ended

    def solve(
        self,
        deadline: float,
        *,
        seed: int,
        workers: int,
        idle: Callable[[], None] | None = None,
    ) -> None:
        """Each window's LP by column generation (DP pricing; :func:`regioplan.roster.colgen.
        generate`), sharing the time until `deadline`: with two or more `workers`, that many
        windows at a time, each on one worker (the master LP's solves run on one core, so two
        windows side by side get through more rounds than one window on both). A window whose
        physicians DP cannot all price, or whose problem is invalid, is left out (its rows keep
        the prices the caller starts from). The first lane left without a window to take calls
        `idle` (the caller then starts :meth:`chain` in a thread of its own, which waits for
        each window's LP in turn): three windows on two lanes leave one lane idle for a third
        of the pass."""
        # the lanes' libraries are loaded here, not first in two threads at once: once (in
        # an experiment that loaded neither before; not reproduced since), a window's master
        # LP failed in MathOpt's Python model with a TypeError on arguments of the right
        # types (docs/roster.md, sixteenth round; the master now writes protos, lp.py)
        from ortools.math_opt.core.python import solver  # noqa: F401
        from ortools.math_opt.python import mathopt  # noqa: F401

        import regioplan.roster.colgen
        import regioplan.roster.construct  # noqa: F401

        todo = spans(self.problem.horizon)
        lanes = side_by_side(self.problem.horizon, workers)
        taken = [0]
        errors: list[BaseException] = []
        called = [idle is None]

        def lane() -> None:
            while not errors:
                with self.lock:
                    i = taken[0]
                    taken[0] += 1
                    first_idle = i >= len(todo) and not called[0]
                    called[0] = called[0] or first_idle
                if first_idle and idle is not None:
                    idle()
                if i >= len(todo):
                    return
                now = time.perf_counter()
                # this window's share, setup included: the windows not yet started, a lane each
                limit = (deadline - now) / math.ceil((len(todo) - i) / lanes)
                if limit < 0.5:
                    return
                self._window(*todo[i], now + limit, seed=seed, workers=workers // lanes)

        try:
            in_threads(lane, lanes, errors)  # an error ends the other lanes after their window
        finally:
            for ended in self.ended.values():  # those left out too: nothing waits for them
                ended.set()
            self.finished.set()

    def _window(self, first: int, days: int, end: float, *, seed: int, workers: int) -> None:
        """One window's LP until `end`: its prices and LP values into :attr:`prices` and
        :attr:`plan`; then :attr:`ended` is set for it, whatever happened."""
        try:
            self._solve_window(first, days, end, seed=seed, workers=workers)
        finally:
            self.ended[first].set()

    def _solve_window(self, first: int, days: int, end: float, *, seed: int, workers: int) -> None:
        from regioplan.roster.construct import construct
        from regioplan.roster.pricing import pricers

        begun = time.perf_counter()
        limit = end - begun
        try:
            # open inner edges, for the stronger bound (the module's docstring; 6x2 48,358
            # against 48,096, the year 157,074 against 156,364)
            sub = window(self.problem, first, days, closed=False)
        except ValidationError as error:
            _LOG.debug("window %d+%d left out: %s", first, days, error)
            return
        model = build(sub)
        dp, rest = pricers(sub, model)
        if rest:
            return
        start = construct(sub, model, time_limit=limit / 2, seed=seed, workers=workers, dp=dp)
        if start is None:
            return
        kept: dict[int, list[dict[int, int]]] = {}
        run, relaxed, prices = _lp(sub, model, start, dp, end, seed, workers, kept=kept)
        if not prices or not relaxed:
            return
        cell = {v: (d + first, s) for (_, d, s), v in model.x.items()}
        schedules = {
            e: [frozenset(cell[v] for v, x in column.items() if x and v in cell) for column in cs]
            for e, cs in kept.items()
        }
        _, _, linking = model.blocks()
        for (e, d, s), v in model.x.items():
            whole = self.model.x.get((e, d + first, s))
            if whole is not None:  # (always: the same physicians, days and rules)
                self.plan[whole] = relaxed[0][v]
        with self.lock:  # the chain may read them meanwhile (:meth:`solve`'s `idle`)
            self.schedules[first] = schedules
            for key, price in zip(cover_keys(model, linking), prices[0], strict=True):
                if key is not None:
                    self.prices[key[0] + first, key[1]] = price
            self.solved += 1
            self.took.append(time.perf_counter() - begun)
        _LOG.debug("window %d+%d: bound %.1f in %.1f s", first, days, run.bound, run.seconds)

    def chain(
        self,
        deadline: float,
        *,
        seed: int,
        workers: int,
        weight: float,
        least: float,
        share: float = math.inf,
        floor: float = 0.0,
    ) -> list[int] | None:
        """A roster built window by window in turn, each window's LP solved again after the
        roster of the windows before it (:func:`chained`, :meth:`_link`), until `deadline`.
        The windows put together keep every rule of the horizon: their borders join by
        construction, which the rounding of the plan cannot promise (the windows plan their
        edges independently; docs/roster.md, eighteenth round). Runs after :meth:`solve` or
        beside it (from its `idle` lane, on that lane's workers while the pass runs): each
        window waits until the first pass's LP of that window has ended. Each gets an equal
        share of the time left, at most `share` of what a first-pass window took (by default
        no such cap). Returns the whole model's values, or None when the windows would get
        less than `least` seconds each or less than `floor` times that cap, or one has no
        roster (the caller then rounds the plan). A window that overruns leaves the later
        ones less time; at the least each gets its start, a valid roster of the window."""
        todo = spans(self.problem.horizon)
        if math.isfinite(cap := self._cap(share)):  # at least `floor` of the cap, too
            least = max(least, floor * cap)
        if (deadline - time.perf_counter()) / len(todo) < least:
            return None
        values = [0] * len(self.model.names)
        before: dict[str, dict[int, str]] = {doc.id: {} for doc in self.problem.physicians}
        for k, (lo, days) in enumerate(todo):
            self.ended[lo].wait(max(0.0, deadline - time.perf_counter()))
            if self.finished.is_set() and not self.solved:
                return None  # no window gave an LP: the caller builds its start
            # at most `share` of what a window of the first pass took (the median), never less
            # than `least`: past that a chained window's rounding gains little, and the time
            # left goes to what comes after the chain
            most = max(least, self._cap(share))
            # a lane's workers while the first pass still runs on the other lanes
            lanes = 1 if self.finished.is_set() else side_by_side(self.problem.horizon, workers)
            threads = max(1, workers // lanes)
            begun = time.perf_counter()  # each window an equal share of the time left
            limit = min(most, max(0.0, deadline - begun) / (len(todo) - k))
            try:
                first, sub = chained(self.problem, before, todo, k)
            except ValidationError as error:
                _LOG.debug("chain stopped at window %d: %s", k, error)
                return None
            model = build(sub)
            best, support = self._link(sub, model, first, lo, begun + limit, seed, threads, weight)
            self.supports[lo] = {
                self.model.x[e, d + first, s]
                for (e, d, s), v in model.x.items()
                if d + first >= lo and v in support
            }
            if best is None:
                _LOG.debug("chain stopped at window %d: no roster", k)
                return None
            for (e, d, s), v in model.x.items():
                if d + first >= lo:
                    values[self.model.x[e, d + first, s]] = best[v]
                    if best[v]:
                        before[sub.physicians[e].id][d + first] = sub.shifts[s].id
            _LOG.debug(
                "chain window %d+%d: %d in %.1f s",
                lo,
                days,
                objective_of(model, best),
                time.perf_counter() - begun,
            )
        values = self.model.polish(values)
        return values if self.model.satisfied(values) else None

    def _cap(self, share: float) -> float:
        """`share` of what a window of the first pass took so far (the median), infinite
        without any such window: a chained window's most seconds (:meth:`chain`)."""
        with self.lock:  # (the first pass may still be adding to it)
            took = list(self.took)
        return share * float(np.median(took)) if took else math.inf

    def _link(
        self,
        sub: Problem,
        model: LinearModel,
        first: int,
        lo: int,
        end: float,
        seed: int,
        workers: int,
        weight: float,
    ) -> tuple[list[int] | None, set[int]]:
        """One window of :meth:`chain` (`sub`, from day `first`, its own days from `lo`) until
        `end`: the construction guided by the first pass's plan and prices is the start; column
        generation starts from the first pass's prices (`warm`, not the subgradient steps) and
        with its schedules of the window that keep the window's rules (:meth:`_seeds`), so the
        first LP lies near the first pass's; its LP values are rounded with its prices times
        `weight`, then a pass of best responses inside the window. Returns the cheapest of
        start and rounding (None: no start) and the support of the LP (`model`'s duty
        variables; empty without an LP)."""
        from regioplan.roster.construct import construct
        from regioplan.roster.pricing import pricers
        from regioplan.roster.relaxation import support_of

        limit = end - time.perf_counter()
        dp, _ = pricers(sub, model)
        with self.lock:  # (the first pass may still be writing later windows' prices)
            local = {(d - first, s): p for (d, s), p in self.prices.items() if first <= d}
        guide = [0.0] * len(model.names)
        for (e, d, s), v in model.x.items():
            guide[v] = float(self.plan[self.model.x[e, d + first, s]])
        start = construct(
            sub, model, time_limit=limit / 4, seed=seed, workers=workers, dp=dp,
            guide=guide, prices=local,
        )  # fmt: skip
        if start is None:
            return None, set()
        _, _, linking = model.blocks()
        keys = cover_keys(model, linking)

        def warm(base: list[float]) -> list[float]:
            return [
                local.get(k, p) if k is not None else p for k, p in zip(keys, base, strict=True)
            ]

        seeds = self._seeds(model, first, lo, start)
        lp_end = end - 0.15 * limit
        _, relaxed, found = _lp(sub, model, start, dp, lp_end, seed, workers, warm, seeds=seeds)
        if not relaxed:
            return start, set()
        support = support_of(model, relaxed[0])
        cells = dict(zip(keys, found[0], strict=True)) if found else dict(local)
        rounded = construct(
            sub, model, time_limit=max(0.05, end - time.perf_counter()), seed=seed,
            workers=workers, dp=dp, guide=list(relaxed[0]),
            prices={c: weight * p for c, p in cells.items() if c is not None},
        )  # fmt: skip
        if rounded is None:
            return start, support
        responded = construct(
            sub, model, time_limit=max(0.05, end - time.perf_counter()), seed=seed,
            workers=workers, dp=dp, guide=[float(x) for x in rounded], keep=rounded,
        )  # fmt: skip
        best = min(
            (r for r in (responded, rounded, start) if r is not None),
            key=lambda r: objective_of(model, r),
        )
        return best, support

    def _seeds(
        self, model: LinearModel, first: int, lo: int, start: list[int]
    ) -> list[tuple[int, dict[int, int]]]:
        """The first pass's schedules of the window from day `lo` (:attr:`schedules`) as
        columns of its chained problem `model` (from day `first`): each after the physician's
        pinned days as in `start`, its auxiliaries at their least; those that keep every rule
        of the chained problem (its limits are what the roster before leaves)."""
        own_vars, own_rows, _ = model.blocks()
        derived: dict[int, list[tuple[int, list[tuple[Terms, int]]]]] = {}
        for var, pieces in model.derived:
            if var in model.owner:
                derived.setdefault(model.owner[var], []).append((var, pieces))
        pinned = {v for (_, d, _), v in model.x.items() if d + first < lo}
        out: list[tuple[int, dict[int, int]]] = []
        for e, schedules in self.schedules.get(lo, {}).items():
            for worked in schedules:
                column = {v: start[v] if v in pinned else 0 for v in own_vars[e]}
                duties = [(e, d - first, s) for d, s in worked]
                if not all(duty in model.x for duty in duties):
                    continue
                for duty in duties:
                    column[model.x[duty]] = 1
                for var, pieces in derived.get(e, []):
                    column[var] = least_value(pieces, column)
                if all(model.lb[v] <= x <= model.ub[v] for v, x in column.items()) and all(
                    row.holds(column) for row in own_rows[e]
                ):
                    out.append((e, column))
        return out

    def duals(self, fallback: list[float]) -> list[float]:
        """Prices of the whole model's linking rows: the windows' where they have one, else
        `fallback`'s."""
        return [
            self.prices.get(key, base) if key is not None else base
            for key, base in zip(self.keys, fallback, strict=True)
        ]


__all__ = [
    "HISTORY_DAYS",
    "WINDOW_DAYS",
    "Windows",
    "apportion",
    "chained",
    "cover_keys",
    "history_days",
    "side_by_side",
    "spans",
    "window",
]
