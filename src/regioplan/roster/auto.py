"""The combined engine of ``solve(..., engine="auto")`` with two or more workers: one phase per
method, in the order docs/roster.md ("Solving") gives and measures."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from regioplan.roster.backends import (
    FEASIBLE,
    INFEASIBLE,
    NO_BETTER,
    OPTIMAL,
    UNKNOWN,
    Run,
    objective_of,
    solve_cpsat,
    solve_mip,
)
from regioplan.roster.formulation import LinearModel
from regioplan.roster.model import Problem
from regioplan.roster.params import SolverParams
from regioplan.roster.pricing import DPPricer, priceable, pricers
from regioplan.roster.windows import side_by_side, spans

# column generation's bound counts as weak when it lies more than this share below the rounded
# roster; PDLP then proves one beside the LNS (its bound lies 15 % below the rounded roster
# on Instance12 tiled 2x2; column generation's is 89 % below at a 20 s time limit)
WEAK_BOUND = 0.25
# column generation's LP ends in one of many optima, and their roundings differ by up to 4 %
# (Instance12 tiled 2x2, the last five optima of one LP phase: 17,685, 17,434, 17,223, 17,618,
# 17,059, 0.6 s each), so the last ROUNDED_LPS optima are rounded and the best roster kept
ROUNDED_LPS = 5


class Auto:
    """The combined engine (2+ workers), one phase per method; see the module docstring.

    :meth:`run` goes through the phases in order: a valid start (:meth:`construct_start`),
    column generation (:meth:`column_generation`), CP-SAT on the whole model or the LP's support
    (:meth:`improve_with_cpsat`), then the LNS beside HiGHS (:meth:`finish`). HiGHS runs in a
    thread of its own, started by whichever phase decides so (:meth:`start_mip`).
    """

    def __init__(
        self,
        problem: Problem,
        model: LinearModel,
        params: SolverParams,
        time_limit: float,
        seed: int,
        workers: int,
        started: float,
    ) -> None:
        from ortools.util.python.solve_interrupter import SolveInterrupter

        self.problem = problem
        self.model = model
        self.params = params
        self.time_limit = time_limit
        self.seed = seed
        self.workers = workers
        self.started = started
        self.large = len(model.x) >= params.large_model
        self.done = threading.Event()  # set when a phase proves the roster optimal
        self.interrupter = SolveInterrupter()  # stops HiGHS
        self.thread: threading.Thread | None = None  # HiGHS, when running
        self.box: list[Run] = []  # HiGHS's runs
        self.runs: list[Run] = []  # the other phases' runs, in order
        self.dp: dict[int, DPPricer] | None = None  # DP pricers (large models)
        self.rest: list[int] = []  # physicians DP cannot price
        self.mip_beside = False  # HiGHS beside the LNS on a large model (large_run)
        self.start: list[int] = []  # the polished hint
        self.support: set[int] | None = None  # the LP's support, once an LP has one
        self.lp_ended = threading.Event()  # set when PDLP's thread ends

    def run(self, start: list[int]) -> list[Run]:
        """All phases from the (polished) hint `start`; returns every phase's run."""
        model, params = self.model, self.params
        self.start = start
        incumbent = start if model.satisfied(start) else None
        if incumbent is not None:  # column generation needs a built start: guide by the LP
            incumbent = self.lp_guided(incumbent)
        built: list[int] | None = None
        if self.large and incumbent is None:  # DP builds the start and prices (pricing.py)
            self.dp, self.rest = pricers(self.problem, model)
        if incumbent is None and self.windows_first():  # year-long: the windows' rounding
            incumbent = self.round_window_lp(None, self.lp_until())  # is the first roster
            if incumbent is not None:
                return self.finish(incumbent)
        if incumbent is None:  # a valid roster physician by physician
            built, start, incumbent = self.construct_start(start)
        if self.large:
            return self.large_run(built, start, incumbent)
        # column generation: on small models, or with exact DP pricing for every physician
        # (then followed by a dive, and CP-SAT searches the LP's support; docs/roster.md)
        priced = built is not None and priceable(self.problem, model)
        colgen = built is not None and (len(model.x) <= params.colgen_model or priced)
        support: set[int] | None = set() if priced else None
        proven_bound: int | None = None  # from column generation
        if incumbent is None:
            # small: HiGHS may prove the optimum early, start it now (unless column generation,
            # which proves such models faster with every worker, comes first)
            if len(model.x) <= params.small_model and not colgen:
                self.start_mip(None)
            if colgen and built is not None:
                start, incumbent, proven_bound = self.column_generation(
                    built, start, priced, support
                )
        if incumbent is None:
            incumbent = self.improve_with_cpsat(start, built, support, proven_bound)
        return self.finish(incumbent)

    def large_run(
        self, built: list[int] | None, start: list[int], incumbent: list[int] | None
    ) -> list[Run]:
        """Large models (`SolverParams.large_model` duty variables or more): after the start
        (built by DP where it prices), an LP relaxation for the bound, a roster rounded from
        it, then the LNS from the best roster for the rest of the time (docs/roster.md).

        When DP prices every physician: up to `lp_round_large` duty variables column
        generation's LP (DP pricing, subgradient steps and smoothed duals) runs on every
        worker until `large_lp_end` of the time; up to `lp_large`, PDLP solves the whole
        model's LP in a thread beside the LNS until then, or, on a horizon of two windows or
        more with `window_seconds` a window, column generation's LP runs on each window
        (:meth:`round_window_lp`). Either LP is then rounded to a
        roster (:meth:`round_lp`) and its support focuses the LNS. Larger models get column
        generation's LP phase for `large_lp_share` of the time up to `colgen_large` (with
        `large_dive_share` > 0 a dive to a roster after it), else one round of Lagrangian
        pricing (:func:`regioplan.roster.colgen.first_bound`). Where DP cannot price everyone
        (e.g. fairness rules) and the model has at most `mip_large` duty variables, HiGHS runs
        beside the LNS for the bound, as on smaller models."""
        from regioplan.roster.colgen import first_bound, generate

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
            if self.windows_fit(lp_until):
                incumbent = self.round_window_lp(built, lp_until)
            else:
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
            # the physicians DP cannot price exactly: DP without their counted limits where
            # that fits (year-long tiling: 7,131 -> 32,340; docs/roster.md)
            loose, _ = pricers(self.problem, model, bound_only=True, only=self.rest)
            bound = first_bound(
                model,
                built,
                dp=self.dp,
                capacity=capacity(self.problem, model),
                workers=self.workers,
                loose=loose,
            )
            self.runs.append(bound)
        return self.finish(incumbent)

    def lp_until(self) -> float:
        """The seconds left for a large model's LP phase: until `large_lp_end` of the time."""
        return self.params.large_lp_end * self.time_limit - (self.time_limit - self.left())

    def windows_fit(self, limit: float) -> bool:
        """Whether the horizon has two windows or more and `limit` seconds give each of them
        `window_seconds`, with the windows side by side (:func:`regioplan.roster.windows.
        side_by_side`)."""
        windows = len(spans(self.problem.horizon))
        rounds = math.ceil(windows / side_by_side(self.problem.horizon, self.workers))
        return windows > 1 and limit >= self.params.window_seconds * rounds

    def windows_first(self) -> bool:
        """Whether a model above `lp_large` duty variables (a year-long horizon) takes the
        windows' LPs before any roster is built, their rounding being its first roster: there
        the start, the windows and the rounding do not all fit in the time (year-long tiling on
        two workers: about 120 s, 100 s and 70 s), and the windows' rounding is far better
        than the start (docs/roster.md, fourteenth round). Only with DP pricers, no hard cover
        minimums and room for the windows (:meth:`windows_fit`); else the start as always."""
        params = self.params
        return (
            self.large
            and self.dp is not None
            and len(self.model.x) > params.lp_large
            and params.large_dive_share == 0
            and not any(c.hard_minimum > 0 for c in self.problem.cover)
            and self.windows_fit(self.lp_until())
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

    def round_window_lp(self, built: list[int] | None, limit: float) -> list[int] | None:
        """Column generation's LP on each window of the horizon, side by side one per worker,
        for at most `limit` seconds (:mod:`regioplan.roster.windows`), the rounding of their
        LP values put together (:meth:`round_lp`), the Lagrangian bound at their prices
        (with the bound-only pricers for the physicians DP cannot price exactly; its run counts
        the windows' seconds too), then a pass of best responses; returns the best roster.
        Without any window's LP, PDLP's path for the time left, or None when there is no
        `built` roster yet (:meth:`windows_first`)."""
        from regioplan.roster.colgen import first_bound
        from regioplan.roster.relaxation import support_of
        from regioplan.roster.windows import Windows

        begun = time.perf_counter()
        _, _, linking = self.model.blocks()
        windows = Windows(self.problem, self.model, linking)
        windows.solve(begun + limit, seed=self.seed, workers=self.workers)
        solved = time.perf_counter() - begun  # counted in the bound's run (its LP phase)
        if not windows.solved:
            if built is None:
                return None
            return self.round_pdlp_lp(built, limit - (time.perf_counter() - begun))
        plan = list(windows.plan)
        incumbent = self.round_lp(plan, built)
        if incumbent is None:
            return None
        lagrange = time.perf_counter()
        loose = None
        if self.rest:  # their DP without the counted limits where that fits
            loose, _ = pricers(self.problem, self.model, bound_only=True, only=self.rest)
        bound = first_bound(
            self.model,
            incumbent,
            dp=self.dp or {},
            capacity=capacity(self.problem, self.model),
            workers=self.workers,
            prices=windows.duals,
            loose=loose,
        )
        self.runs.append(replace(bound, seconds=solved + time.perf_counter() - lagrange))
        self.support = support_of(self.model, plan)
        self.settle(incumbent)
        incumbent = self.respond(incumbent)
        self.settle(incumbent)
        self.unless_weak(bound.bound, incumbent)
        return incumbent

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
        self, relaxed: Sequence[float], incumbent: list[int] | None, name: str = "lp-round"
    ) -> list[int] | None:
        """A roster rounded from an LP relaxation's values `relaxed` (the start's construction
        guided by the LP, :func:`regioplan.roster.construct.construct`), as a run `name` of its
        own; returns the better of it and `incumbent`."""
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
            dp=self.dp,
            guide=relaxed,
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
        """One pass of best responses over a rounded roster: each physician in turn gets
        their best schedule against the others as they stand (the rounding with the roster as
        its own guide, which never makes it dearer). On Instance12 tiled 6x2 it takes about a
        thousand off the windows' rounding in the time the LNS needs for a few hundred
        (docs/roster.md, fourteenth round); a second pass gains little. After column
        generation's LP (2x2) it gains what the LNS gains in the same time, so it is left
        out there. It takes as long as the rounding, so it runs only when at least twice the
        rounding's time is left (the year-long tiling: a pass cut short gave 258,992 from
        210,283, its last physicians on their first valid schedule)."""
        rounding = next((r.seconds for r in reversed(self.runs) if r.engine == "lp-round"), 0.0)
        if incumbent is None or self.done.is_set() or self.left() < 2 * rounding:
            return incumbent  # (a pass cut short by the time limit gives worse schedules)
        return self.round_lp([float(x) for x in incumbent], incumbent, name="best-responses")

    def settle(self, incumbent: list[int] | None) -> None:
        """Set `done` when `incumbent` reaches the best bound proven so far rounded up
        (objectives are integers): then it is optimal and the LNS need not run."""
        bounds = [r.bound for r in (*self.runs, *self.box) if math.isfinite(r.bound)]
        if incumbent is None or not bounds:
            return
        if math.ceil(max(bounds) - 1e-6) >= objective_of(self.model, incumbent):
            self.done.set()

    def lp_guided(self, incumbent: list[int]) -> list[int]:
        """The LP relaxation's bound and a CP-SAT search where it and the roster disagree
        (:func:`regioplan.roster.relaxation.lp_guided`) for at most `lp_guided_share` of the
        time, on models of at most `lp_guided_model` duty variables; returns the best roster."""
        from regioplan.roster.relaxation import lp_guided

        params = self.params
        if len(self.model.x) > params.lp_guided_model or params.lp_guided_share <= 0:
            return incumbent
        run = lp_guided(
            self.model,
            incumbent,
            time_limit=max(0.05, min(params.lp_guided_share * self.time_limit, self.left())),
            seed=self.seed,
            workers=self.workers,
            stop=self.done,
        )
        self.runs.append(run)
        if run.status == OPTIMAL:
            self.done.set()  # the roster reaches the LP's bound
        return run.values if run.values is not None else incumbent

    def left(self) -> float:
        """Seconds left of the time limit."""
        return self.time_limit - (time.perf_counter() - self.started)

    def run_mip(self, limit: float, cutoff: int | None) -> None:
        """HiGHS on the whole model; sets `done` when it proves optimality."""
        run = solve_mip(
            self.model,
            time_limit=limit,
            seed=self.seed,
            cutoff=cutoff,
            interrupter=self.interrupter,
        )
        self.box.append(run)
        if run.status in (OPTIMAL, NO_BETTER):
            self.done.set()  # proven: the other thread can stop

    def start_lp_bound(self, limit: float, found: list[list[float]]) -> None:
        """The LP relaxation's bound (PDLP, :func:`regioplan.roster.relaxation.lp_bound`) in a
        thread of its own for at most `limit` seconds; its solution's values go to `found`,
        and `lp_ended` is set when it ends."""
        from regioplan.roster.relaxation import lp_bound

        def run() -> None:
            try:
                bound, values = lp_bound(self.model, time_limit=limit, interrupter=self.interrupter)
                self.box.append(bound)
                if values is not None:
                    found.append(values)
            finally:
                self.lp_ended.set()

        self.thread = threading.Thread(target=run, name="roster-lp-bound")
        self.thread.start()

    def start_mip(self, cutoff: int | None) -> None:
        """HiGHS for the rest of the time in its own thread."""
        self.thread = threading.Thread(
            target=self.run_mip, args=(self.left(), cutoff), name="roster-highs"
        )
        self.thread.start()

    def construct_start(
        self, start: list[int]
    ) -> tuple[list[int] | None, list[int], list[int] | None]:
        """Phase 1: a valid roster physician by physician (construct.py). Returns the built
        roster (None when it failed), the start for the next phases and the incumbent (the
        built roster on large models, which skip column generation and CP-SAT)."""
        from regioplan.roster.construct import construct

        model, params = self.model, self.params
        begun = time.perf_counter()
        share = params.construct_share_large if self.large else params.construct_share
        built = construct(
            self.problem,
            model,
            time_limit=share * self.time_limit,
            seed=self.seed,
            workers=self.workers,
            dp=self.dp,
        )
        if built is None:
            return None, start, None
        seconds = time.perf_counter() - begun
        self.runs.append(
            Run("construct", FEASIBLE, built, objective_of(model, built), -math.inf, seconds)
        )
        return built, built, built if self.large else None

    def column_generation(
        self, built: list[int], start: list[int], priced: bool, support: set[int] | None
    ) -> tuple[list[int], list[int] | None, int | None]:
        """Phase 2: column generation from the built roster (with a dive when DP prices every
        physician; `support` then collects the LP's support). Returns the start for CP-SAT,
        the incumbent when the roster is proven optimal, and the bound rounded up."""
        from regioplan.roster.colgen import generate

        model, params = self.model, self.params
        cg = generate(
            model,
            built,
            time_limit=(params.dive_share if priced else params.colgen_share) * self.time_limit,
            seed=self.seed,
            workers=self.workers,
            overtime=params.colgen_overtime * self.time_limit,
            problem=self.problem,
            dive=priced,
            support=support,
            dp=self.dp,
            ip_fallback=not self.large,
            stabilize=self.large,
        )
        self.runs.append(cg)
        proven_bound = math.ceil(cg.bound - 1e-6) if math.isfinite(cg.bound) else None
        incumbent: list[int] | None = None
        if cg.values is not None and cg.objective is not None:
            if cg.objective <= objective_of(model, start):
                start = cg.values
            if proven_bound is not None and proven_bound >= cg.objective:  # optimal
                incumbent = cg.values
                self.done.set()
        return start, incumbent, proven_bound

    def improve_with_cpsat(
        self,
        start: list[int],
        built: list[int] | None,
        support: set[int] | None,
        proven_bound: int | None,
    ) -> list[int] | None:
        """Phase 3: CP-SAT from `start` for its share of the time, on the whole model or (after
        a dive) on the LP's support and the best roster's duties. Returns the incumbent."""
        model, params = self.model, self.params
        searched = model
        if support:  # only the LP's support and the best roster's duties
            keep = support | {v for v in model.x.values() if start[v]}
            duties = set(model.x.values())
            searched = replace(
                model,
                ub=[0 if v in duties and v not in keep else u for v, u in enumerate(model.ub)],
            )
        cp = solve_cpsat(
            searched,
            time_limit=max(0.05, min(self.time_limit * params.cp_sat_share, self.left())),
            seed=self.seed,
            workers=self.workers if self.thread is None else self.workers - 1,
            hint=start,
            stop=self.done,
            linearization_level=params.linearization_level,
            at_least=proven_bound,
        )
        if support:  # a restricted search proves nothing about the whole roster
            status = FEASIBLE if cp.values is not None else UNKNOWN
            cp = Run("cp-sat-support", status, cp.values, cp.objective, -math.inf, cp.seconds)
        self.runs.append(cp)
        reached = (
            proven_bound is not None and cp.objective is not None and cp.objective <= proven_bound
        )
        if cp.status in (OPTIMAL, INFEASIBLE) or reached:
            self.interrupter.interrupt()
            self.done.set()  # optimal, or the bound of column generation reached
        return cp.values if cp.values is not None else built

    def finish(self, incumbent: list[int] | None) -> list[Run]:
        """Phase 4: for the rest of the time the LNS beside HiGHS (with the incumbent's
        objective as cutoff; the LNS alone on large models), unless a phase settled the
        problem or no time is left; HiGHS alone when there is no roster yet."""
        settled = any(r.engine == "cp-sat" and r.status in (OPTIMAL, INFEASIBLE) for r in self.runs)
        if incumbent is None or settled or self.done.is_set() or self.left() < 0.5:
            if self.thread is not None:
                self.thread.join()
            elif incumbent is None and not settled and self.left() >= 0.5:
                if self.large and len(self.model.x) > self.params.mip_large:
                    # no start (hard cover minimums): HiGHS would need gigabytes here (3.5 GB
                    # on the year-long 13x3 tiling), so CP-SAT from the greedy hint instead
                    self.box.append(
                        solve_cpsat(
                            self.model,
                            time_limit=self.left(),
                            seed=self.seed,
                            workers=self.workers,
                            hint=self.start,
                        )
                    )
                else:
                    self.run_mip(self.left(), None)  # nothing found: HiGHS for the rest
            return [*self.runs, *self.box]
        model = self.model
        if self.thread is None and (not self.large or self.mip_beside):
            self.start_mip(objective_of(model, incumbent))
        lns = self.lns(incumbent, stop=self.done)
        if lns.status == OPTIMAL:
            self.interrupter.interrupt()  # the LNS solved the whole roster to optimality
        if self.thread is not None:
            self.thread.join()
        return [*self.runs, lns, *self.box]

    def lns(self, incumbent: list[int], stop: threading.Event) -> Run:
        """The LNS from `incumbent` until the time limit or `stop`; a worker fewer while a
        thread of its own (HiGHS, PDLP) runs beside it, and focused on the LP's support once
        there is one. Its workers search side by side, except above `lp_large` duty
        variables, where one search keeps the memory under 2 GB (the year-long tiling: 1.45 GB
        with one, 1.86-1.94 GB with two; docs/roster.md)."""
        from regioplan.roster.lns import improve

        return improve(
            self.model,
            incumbent,
            horizon=self.problem.horizon,
            physicians=len(self.problem.physicians),
            time_limit=self.left(),
            seed=self.seed,
            workers=self.workers if self.thread is None else max(1, self.workers - 1),
            stop=stop,
            capacity=capacity(self.problem, self.model),
            beside=self.thread,
            focus=lambda: self.support,
            searches=None if len(self.model.x) <= self.params.lp_large else 1,
        )


def capacity(problem: Problem, model: LinearModel) -> list[int]:
    """The most duties each physician may work: the horizon, their shift limit, or their
    minutes limit divided by the shortest shift they can work."""
    shortest: dict[int, int] = {}
    for e, _d, s in model.x:
        duration = problem.shifts[s].duration
        shortest[e] = min(shortest.get(e, duration), duration)
    limits = []
    for e, p in enumerate(problem.physicians):
        most = problem.horizon
        if p.max_shifts is not None:
            most = min(most, p.max_shifts)
        if p.max_minutes is not None and shortest.get(e, 0) > 0:
            most = min(most, p.max_minutes // shortest[e])
        limits.append(most)
    return limits


__all__ = ["Auto", "capacity"]
