"""The phases of the combined engine for large models (`SolverParams.large_model` duty
variables or more): an LP relaxation for the bound (column generation's, the windows', or
PDLP's), a roster rounded from it (or on long horizons built by the windows in turn) and a
pass of best responses, after the windows in turn a search of their LPs' supports, before the
LNS (docs/roster.md, "Larger instances")."""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from regioplan.roster.backends import FEASIBLE, OPTIMAL, Run, objective_of
from regioplan.roster.phases import Phases, capacity
from regioplan.roster.spans import side_by_side, spans
from regioplan.roster.windows import Windows

# column generation's bound counts as weak when it lies more than this share below the rounded
# roster; PDLP then proves one beside the LNS (its bound lies 15 % below the rounded roster
# on Instance12 tiled 2x2; column generation's is 89 % below at a 20 s time limit)
WEAK_BOUND = 0.25
# column generation's LP ends in one of many optima, and their roundings differ by up to 4 %
# (Instance12 tiled 2x2, the last five optima of one LP phase: 17,685, 17,434, 17,223, 17,618,
# 17,059, 0.6 s each), so the last ROUNDED_LPS optima are rounded and the best roster kept
ROUNDED_LPS = 5
# after the chain, CP-SAT searches the chained windows' LP support in parts of this many days
# (`LargePhases.search_windows`): on Instance12 tiled 3x2, from one chain's roster (27,439)
# in 25 s, parts of 14 days ended at 25,300-25,570, of 21 days at 25,306-25,670, of 28 days
# at 25,505-25,883 and of 7 days at 25,892-25,983 (docs/roster.md, twenty-fifth round) ...
SEARCH_DAYS = 14
# ... each part at least this many seconds, else the LNS gets the time
SEARCH_LEAST = 1.0
# ... and each part by CP-SAT's local search alone (its violation-based local search from the
# roster as hint; no LP-based tree search, whose bound a part does not need): on Instance12
# tiled 3x2, parts of 14 days ended 55-163 lower on average than with the LNS's parameters
# (three parts, three seeds, 1.2 s and 2.5 s a part) and the whole search from two chains'
# rosters 25,474 and 24,898 instead of 26,249 and 26,508 in 8 s, 25,052 and 25,081 instead
# of 25,717 and 25,697 in 15 s (docs/roster.md, twenty-ninth round)
SEARCH_PARAMETERS = "use_ls_only: true"
# up to `lp_large`, the chain runs only where each of its windows gets at least this share
# of its cap (`chain_window_share` of what a window of the first pass took), else the plan is
# rounded: on Instance12 tiled 6x2 at 60 s, chains at about 0.75 and 0.9 of their cap beat
# the rounding (twenty-first and twenty-eighth rounds), chains at about 0.4 and 0.5 lost to
# it (70,612 and 64,227, where the rounding ended at 57,174-60,580; thirtieth round). Not
# above `lp_large`: the year-long tiling's chain with two thirds of that time a window
# (`chain_window_share` 0.4) ended 9.1% above the bound, against 8.9% with all of it
# (docs/roster.md, twenty-sixth round)
CHAIN_LEAST = 0.75


def searched_parts(
    parts: list[tuple[int, int]], unworked: Counter[int], fit: int
) -> list[tuple[int, int]]:
    """The `parts` (first day, days) that :meth:`LargePhases.search_windows` takes when its
    time fits `fit` of them: all where they all fit, else the `fit` parts whose days hold the
    most duties the windows' LPs work and the roster does not (`unworked`, per day), where
    the roster has most to gain, in the order of their days. On the year-long tiling at
    300 s the time left after a whole pass of best responses gave each of its 26 parts
    1.3 s in one run and less than `SEARCH_LEAST` in another, which then had no search at
    all (docs/roster.md, twenty-sixth round)."""
    if fit >= len(parts):
        return list(parts)
    apart = sorted(parts, key=lambda p: -sum(unworked[d] for d in range(p[0], p[0] + p[1])))
    return sorted(apart[:fit])


class LargePhases(Phases):
    """The large models' phases, from :meth:`large_run` (and :meth:`windows_first`, which
    :class:`regioplan.roster.auto.Auto` asks before the start is built)."""

    def large_run(
        self, built: list[int] | None, start: list[int], incumbent: list[int] | None
    ) -> list[Run]:
        """Large models (`SolverParams.large_model` duty variables or more): after the start
        (built by DP where it prices), an LP relaxation for the bound, a roster rounded from
        it, then the LNS from the best roster for the rest of the time (docs/roster.md).

        When DP prices every physician: up to `lp_round_large` duty variables column
        generation's LP (DP pricing, subgradient steps and smoothed duals) runs on every
        worker until `large_lp_end` of the time; up to `lp_large`, PDLP solves the whole
        model's LP in a thread beside the LNS until then (where the windows' LPs did not come
        first, :meth:`windows_first`). Either LP is then rounded to a roster
        (:meth:`round_lp`) and its support focuses the LNS. Larger models get column
        generation's LP phase for `large_lp_share` of the time up to `colgen_large` (with
        `large_dive_share` > 0 a dive to a roster after it), else one round of Lagrangian
        pricing (:func:`regioplan.roster.colgen.first_bound`). Where DP cannot price everyone
        (e.g. fairness rules) and the model has at most `mip_large` duty variables, HiGHS runs
        beside the LNS for the bound, as on smaller models."""
        from regioplan.roster.colgen import generate

        model, params = self.model, self.params
        priced = built is not None and self.dp is not None and not self.rest
        if not priced and len(model.x) <= params.mip_large:
            self.mip_beside = True  # no LP bound: HiGHS beside the LNS proves one
        if built is None or self.dp is None:
            return self.finish(incumbent)
        lp_until = self.lp_until()
        share = params.large_lp_share + params.large_dive_share
        if not self.rest and len(model.x) <= params.lp_round_large:
            incumbent = self.round_colgen_lp(built, lp_until)
        elif not self.rest and len(model.x) <= params.lp_large and params.large_dive_share == 0:
            incumbent = self.round_pdlp_lp(built, lp_until)
        elif not self.rest and len(model.x) <= params.colgen_large and share > 0:
            cg = generate(
                model,
                built,
                time_limit=max(0.05, min(share * self.time_limit, self.left())),
                seed=self.seed,
                workers=self.workers,
                problem=self.problem,
                dive=params.large_dive_share > 0,
                dp=self.dp,
                ip_fallback=False,
                stabilize=True,
                lp_share=params.large_lp_share / share,
            )
            self.runs.append(cg)
            if cg.values is not None and cg.objective is not None:
                current = objective_of(model, incumbent) if incumbent is not None else None
                if current is None or cg.objective <= current:
                    incumbent = cg.values
                if math.isfinite(cg.bound) and math.ceil(cg.bound - 1e-6) >= cg.objective:
                    self.done.set()  # proven optimal
        elif self.left() >= params.large_lp_share * self.time_limit:  # else the LNS's time
            self.runs.append(self.lagrange(built))
        return self.finish(incumbent)

    def lagrange(
        self, roster: list[int], prices: Callable[[list[float]], list[float]] | None = None
    ) -> Run:
        """One round of Lagrangian pricing from `roster` at the cover's own prices, or at
        `prices` (:func:`regioplan.roster.colgen.first_bound`). The physicians DP cannot price
        exactly get a DP without their counted limits where that fits (year-long tiling: 7,131
        -> 32,340; docs/roster.md)."""
        from regioplan.roster.colgen import first_bound

        return first_bound(
            self.model,
            roster,
            dp=self.dp or {},
            capacity=capacity(self.problem, self.model),
            workers=self.workers,
            prices=prices,
            loose=self.loose() or None,
        )

    def until(self, share: float) -> float:
        """The seconds left until `share` of the time limit."""
        return share * self.time_limit - (self.time_limit - self.left())

    def lp_until(self) -> float:
        """The seconds left for a large model's LP phase: until `large_lp_end` of the time."""
        return self.until(self.params.large_lp_end)

    def windows_until(self) -> float:
        """The seconds left for the windows' LPs: until `window_lp_end` of the time up to
        `lp_large` duty variables, until `large_window_lp_end` above it (which leaves the
        year-long tiling's rounding, a pass of best responses and the LNS about a sixth of the
        time each)."""
        params = self.params
        large = len(self.model.x) > params.lp_large
        return self.until(params.large_window_lp_end if large else params.window_lp_end)

    def windows_fit(self, limit: float) -> bool:
        """Whether the horizon has two windows or more and `limit` seconds give each of them
        `window_seconds`, with the windows side by side (:func:`regioplan.roster.windows.
        side_by_side`)."""
        windows = len(spans(self.problem.horizon))
        rounds = math.ceil(windows / side_by_side(self.problem.horizon, self.workers))
        return windows > 1 and limit >= self.params.window_seconds * rounds

    def windows_first(self) -> bool:
        """Whether a model above `lp_round_large` duty variables takes the windows' LPs before
        any roster is built, their chain or rounding being its first roster. The start costs
        more time than it is worth there: on the year-long tiling the start, the windows and
        the rounding do not all fit in the time (on two workers about 120 s, 100 s and 70 s),
        and on Instance12 tiled 6x2 at 60 s on a slower machine the start's 12-14 s left the
        windows too little time, so PDLP's path came instead (59,021-59,608 above
        37,169-39,341, against 56,268-57,263 above 42,945-45,853 with the windows first);
        either way the windows' rounding is far better than the start (docs/roster.md,
        fourteenth and fifteenth rounds). Only with DP pricers, no hard cover minimums and
        room for the windows (:meth:`windows_fit` until :meth:`windows_until`); else the start
        as always, so a roster is found wherever the start finds one."""
        params = self.params
        return (
            self.large
            and self.dp is not None
            and len(self.model.x) > params.lp_round_large
            and params.large_dive_share == 0
            and not any(c.hard_minimum > 0 for c in self.problem.cover)
            and self.windows_fit(self.windows_until())
        )

    def round_colgen_lp(self, built: list[int], limit: float) -> list[int] | None:
        """Column generation's LP on every worker for at most `limit` seconds, then the
        rounding (:meth:`round_lp`) of its last `ROUNDED_LPS` optima; returns the best roster.
        A bound more than `WEAK_BOUND` below that roster (an LP phase too short) gets PDLP
        beside the LNS for the rest of the time."""
        from regioplan.roster.colgen import generate

        relaxed: list[npt.NDArray[np.float64]] = []
        support: set[int] = set()
        cg = generate(
            self.model,
            built,
            time_limit=max(0.05, limit),
            seed=self.seed,
            workers=self.workers,
            problem=self.problem,
            dp=self.dp,
            ip_fallback=False,
            stabilize=True,
            lp_share=1.0,
            support=support,
            relaxed=relaxed,
            recent=ROUNDED_LPS,
        )
        self.runs.append(cg)
        incumbent: list[int] | None = built
        if relaxed:
            self.support = support
        self.settle(incumbent)
        for values in relaxed:  # until a rounding reaches the bound
            if self.done.is_set():
                break
            incumbent = self.round_lp(list(values), incumbent)
            self.settle(incumbent)
        self.unless_weak(cg.bound, incumbent)
        return incumbent

    def round_window_lp(self, limit: float) -> list[int] | None:
        """Column generation's LP on each window of the horizon, side by side one per worker,
        for at most `limit` seconds (:mod:`regioplan.roster.windows`); the Lagrangian bound at
        their prices (with the bound-only pricers for the physicians DP cannot price exactly;
        its run counts the windows' seconds too), which needs no roster; then a roster: the
        windows solved again in turn, each after the roster of those before it
        (:meth:`chain`; up to `lp_large` begun in the lane the first pass leaves idle, each
        window waiting for its own LP), or where that has no room or fails, the rounding of
        their LP values put together (:meth:`round_lp`); then a pass of best responses.
        Returns the best roster, or None without any window's LP (the start then comes after
        all, :meth:`windows_first`)."""
        from regioplan.roster.relaxation import support_of

        begun = time.perf_counter()
        _, _, linking = self.model.blocks()
        windows = Windows(self.problem, self.model, linking)
        # up to `lp_large` the first lane of the first pass without a window left starts the
        # chain (three windows on two lanes: a third of the pass). Above it (the year-long
        # tiling) the bound's round of pricing, 10-15 s on two workers, would run beside the
        # chain, and one run so gave no gain (12.9%, against 11.7% and 12.9% without), so the
        # chain comes after the bound there. Either way its windows get at most
        # `chain_window_share` of a first-pass window's time (:meth:`chain`).
        pipelined = len(self.model.x) <= self.params.lp_large
        chained: list[list[int] | None] = []
        errors: list[BaseException] = []
        threads: list[threading.Thread] = []

        def run_chain() -> None:
            try:
                chained.append(self.chain(windows))
            except BaseException as exc:
                errors.append(exc)

        def idle() -> None:
            threads.append(threading.Thread(target=run_chain, daemon=True))
            threads[0].start()

        windows.solve(
            begun + limit, seed=self.seed, workers=self.workers, idle=idle if pipelined else None
        )
        solved = time.perf_counter() - begun  # counted in the bound's run (its LP phase)
        if not windows.solved:
            for thread in threads:  # (the chain without any window's LP fails at once)
                thread.join()
            return None
        lagrange = time.perf_counter()  # while the chain goes on, where it has begun
        nothing = [0] * len(self.model.names)  # the bound prices every physician: no roster
        bound = self.lagrange(nothing, windows.duals)
        self.runs.append(replace(bound, seconds=solved + time.perf_counter() - lagrange))
        if threads:
            threads[0].join()
        else:
            run_chain()
        if errors:
            raise errors[0]
        plan = list(windows.plan)
        incumbent = chained[0] if chained else None
        if incumbent is None:
            weight = self.params.round_price_weight
            prices = {cell: weight * price for cell, price in windows.prices.items()}
            incumbent = self.round_lp(plan, None, prices=prices)
        if incumbent is None:
            return None
        self.support = support_of(self.model, plan)
        self.windowed = True
        self.settle(incumbent)
        incumbent = self.respond(incumbent)
        self.settle(incumbent)
        if chained and chained[0] is not None and incumbent is not None:
            incumbent = self.search_windows(windows, incumbent)
        self.unless_weak(bound.bound, incumbent)
        return incumbent

    def chain(self, windows: Windows) -> list[int] | None:
        """The windows solved again one after the other until `chain_end` of the time, each
        after the roster of those before it (:meth:`regioplan.roster.windows.Windows.chain`),
        as a run of its own; None when that leaves a window less than `chain_seconds` (up
        to `lp_large` also less than `CHAIN_LEAST` of its cap, below) or fails. On the
        year-long tiling the windows' borders cost the rounding of their plan most of its
        distance to the bound (the last weekend before each border: +277 duties short
        against the plan); the chain's windows join by construction (docs/roster.md,
        eighteenth round). Each window gets at most `chain_window_share` of what a window of
        the first pass took, and the search of the windows' supports and the LNS the time
        that saves (:meth:`search_windows`)."""
        params = self.params
        begun = time.perf_counter()
        values = windows.chain(
            begun + self.until(params.chain_end),
            seed=self.seed,
            workers=self.workers,
            weight=params.round_price_weight,
            least=params.chain_seconds,
            share=params.chain_window_share,
            floor=CHAIN_LEAST if len(self.model.x) <= params.lp_large else 0.0,
        )
        if values is None:
            return None
        seconds = time.perf_counter() - begun
        objective = objective_of(self.model, values)
        self.runs.append(Run("window-chain", FEASIBLE, values, objective, -math.inf, seconds))
        return values

    def search_windows(self, windows: Windows, incumbent: list[int]) -> list[int]:
        """CP-SAT's local search (`SEARCH_PARAMETERS`) on two weeks of the roster at a time
        (`SEARCH_DAYS`), in turn, over the duties the chained windows' own LPs work there
        (:attr:`regioplan.roster.windows.Windows.supports`) and those the roster works there,
        every other duty as in the roster, for `window_search_share` of the time left in equal
        parts (where that leaves a part less than `SEARCH_LEAST` seconds, only the parts that
        fit, :func:`searched_parts`); a part keeps its roster where the search finds nothing
        cheaper, so the roster never gets dearer. On Instance12 tiled 3x2, from one chain's
        roster (27,439), 25 s of CP-SAT's tree search ended at 25,300-25,570 (the LNS in the
        same time at 25,442-25,848), lower in parts of two weeks than of one, three or four:
        the engine ended 3x2 3.4-7.1% above its bound in sixteen runs (mean 5.1%), against
        4.9-8.2% (mean 6.6%) in eight without (docs/roster.md, twenty-fifth round); the
        year-long tiling at 300 s, its chained windows capped, 8.9-9.4% instead of 10.6%
        (twenty-sixth round). Local search instead, with all of the time left, ended 3x2
        2.5-4.1% above its bound in eight runs on a machine half as fast (mean 3.5%;
        twenty-ninth round). Only after the chain: its windows' LPs follow the roster before
        them, so their supports fit the roster."""
        from regioplan.roster.lns import Index, solve_part

        support: set[int] = set().union(*windows.supports.values())
        unworked: Counter[int] = Counter()  # per day, the duties the LPs work, the roster not
        for (_, d, _), v in self.model.x.items():
            if v in support:
                unworked[d] += not incumbent[v]  # (every supported day a key)
        todo = [
            (lo, days)
            for lo, days in spans(self.problem.horizon, SEARCH_DAYS)
            if any(d in unworked for d in range(lo, lo + days))
        ]
        budget = self.params.window_search_share * self.left()
        # (no time left at all, e.g. after best responses that ran past the time limit, is no
        # part either: a negative budget once searched parts after the time limit, 3.4 s past
        # it on Instance12 tiled 6x2, 12 s on the year-long tiling; twenty-ninth round)
        fit = min(len(todo), int(budget // SEARCH_LEAST))
        if fit <= 0 or self.done.is_set():
            return incumbent
        todo = searched_parts(todo, unworked, fit)
        begun = time.perf_counter()
        deadline = begun + budget
        index = Index(self.model)
        best, best_obj = incumbent, objective_of(self.model, incumbent)
        for k, (lo, days) in enumerate(todo):
            if self.done.is_set() or time.perf_counter() >= deadline:
                break  # (a part's setup runs outside CP-SAT's time: the parts before it overran)
            freed = [
                v
                for (_, d, _), v in self.model.x.items()
                if lo <= d < lo + days and (v in support or best[v])
            ]
            seconds = (deadline - time.perf_counter()) / (len(todo) - k)
            _, found = solve_part(
                index,
                freed,
                best,
                deadline,
                self.workers,
                self.seed + k,
                seconds=seconds,
                parameters=SEARCH_PARAMETERS,
            )
            if found is not None and (objective := objective_of(self.model, found)) < best_obj:
                best, best_obj = found, objective
                self.settle(best)
        seconds = time.perf_counter() - begun
        self.runs.append(Run("window-search", FEASIBLE, best, best_obj, -math.inf, seconds))
        return best

    def unless_weak(self, bound: float, incumbent: list[int] | None) -> None:
        """PDLP beside the LNS for the rest of the time when an LP phase's `bound` lies more
        than `WEAK_BOUND` below `incumbent` (a phase too short for its LP to converge), on
        models up to `lp_large`: above, PDLP does not converge in the time left (6x2 had not
        after 35 s) and its memory would take the year-long tiling to 1.86 GB."""
        weak = (
            incumbent is not None
            and bound < (1 - WEAK_BOUND) * objective_of(self.model, incumbent)
            and len(self.model.x) <= self.params.lp_large  # above: PDLP gets nowhere
        )
        if weak and not self.done.is_set() and self.left() > 1.5:
            self.start_lp_bound(self.left() - 1.0, [])

    def round_pdlp_lp(self, built: list[int], limit: float) -> list[int] | None:
        """PDLP's LP of the whole model in a thread beside the LNS for at most `limit`
        seconds (a far stronger bound than pricing alone), then its rounding
        (:meth:`round_lp`); returns the best roster."""
        from regioplan.roster.relaxation import support_of

        found: list[list[float]] = []
        self.start_lp_bound(max(0.05, limit), found)
        assert self.thread is not None
        lns = self.lns(built, stop=self.lp_ended)
        self.thread.join()
        self.thread = None
        self.runs.append(lns)
        incumbent: list[int] | None = lns.values if lns.values is not None else built
        if lns.status == OPTIMAL:
            self.done.set()
        elif found:
            self.support = support_of(self.model, found[0])
            incumbent = self.respond(self.round_lp(found[0], incumbent))
            self.settle(incumbent)
        return incumbent

    def round_lp(
        self,
        relaxed: Sequence[float],
        incumbent: list[int] | None,
        name: str = "lp-round",
        keep: list[int] | None = None,
        prices: dict[tuple[int, int], float] | None = None,
    ) -> list[int] | None:
        """A roster rounded from an LP relaxation's values `relaxed` (the start's construction
        guided by the LP, :func:`regioplan.roster.construct.construct`, with the cover cells'
        `prices` if given; the physicians it does not reach in time keep their schedule from
        `keep`, if given), as a run `name` of its own; returns the better of it and
        `incumbent`."""
        from regioplan.roster.construct import construct

        if self.left() < 0.5:
            return incumbent
        begun = time.perf_counter()
        rounded = construct(
            self.problem,
            self.model,
            time_limit=max(0.05, self.left()),
            seed=self.seed,
            workers=self.workers,
            dp=self.builders(),
            guide=relaxed,
            keep=keep,
            prices=prices,
        )
        if rounded is None:
            return incumbent
        objective = objective_of(self.model, rounded)
        seconds = time.perf_counter() - begun
        self.runs.append(Run(name, FEASIBLE, rounded, objective, -math.inf, seconds))
        if incumbent is None or objective <= objective_of(self.model, incumbent):
            return rounded
        return incumbent

    def respond(self, incumbent: list[int] | None) -> list[int] | None:
        """A pass of best responses over a rounded roster: each physician in turn gets their
        best schedule against the others as they stand (the rounding with the roster as its
        own guide, which never makes it dearer). On Instance12 tiled 6x2 it takes about a
        thousand off the windows' rounding in the time the LNS needs for a few hundred, and
        on the year-long tiling 1,791 (0.9%) in 32 s (docs/roster.md, fourteenth and
        sixteenth rounds); a second pass gains little. After column generation's LP (2x2)
        it gains what the LNS gains in the same time, so it is left out there. The pass runs
        in whatever time is left: the physicians it does not reach keep their schedules.
        It takes no prices: with them a physician's best response could cost the roster more
        (a dearer schedule over pricier cells), and they measured no better here (6x2, two
        saved plans: 57,355 and 57,725 without, 57,382 and 57,600 with; seventeenth round)."""
        if incumbent is None or self.done.is_set():
            return incumbent
        return self.round_lp(
            [float(x) for x in incumbent], incumbent, name="best-responses", keep=incumbent
        )


__all__ = [
    "CHAIN_LEAST",
    "ROUNDED_LPS",
    "SEARCH_DAYS",
    "SEARCH_LEAST",
    "SEARCH_PARAMETERS",
    "WEAK_BOUND",
    "LargePhases",
]
