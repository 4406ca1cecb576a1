"""What every phase of the combined engine (:mod:`regioplan.roster.auto`) shares: its state,
the time left, the bound that settles a roster, the threads beside the search (HiGHS, PDLP),
and the last phase, the LNS until the time limit."""

from __future__ import annotations

import math
import threading
import time

from regioplan.roster.backends import (
    INFEASIBLE,
    NO_BETTER,
    OPTIMAL,
    Run,
    objective_of,
    solve_cpsat,
    solve_mip,
)
from regioplan.roster.formulation import LinearModel
from regioplan.roster.model import Problem
from regioplan.roster.params import SolverParams
from regioplan.roster.pricing import DPPricer, pricers
from regioplan.roster.spans import WINDOW_DAYS


class Phases:
    """The combined engine's state and the parts its phases share; :class:`regioplan.roster.
    large.LargePhases` adds the phases of large models and :class:`regioplan.roster.auto.Auto`
    puts all phases in order."""

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
        self._loose: dict[int, DPPricer] | None = None  # theirs without counted limits (loose)
        self.mip_beside = False  # HiGHS beside the LNS on a large model (large_run)
        self.start: list[int] = []  # the polished hint
        self.support: set[int] | None = None  # the LP's support, once an LP has one
        # the support comes from the windows' LPs, whose limits are shares of the horizon's:
        # narrower than one LP's, so a share of the LNS's steps leave it out (`lns.LOOSE`)
        self.windowed = False
        self.lp_ended = threading.Event()  # set when PDLP's thread ends

    def left(self) -> float:
        """Seconds left of the time limit."""
        return self.time_limit - (time.perf_counter() - self.started)

    def loose(self) -> dict[int, DPPricer]:
        """For the physicians DP cannot price (`rest`), a DP without their counted limits
        where that fits (``pricers(..., bound_only=True)``), built once: a lower bound for the
        Lagrangian round, and, with the schedules it returns repaired until they keep every
        rule (:func:`regioplan.roster.repair.keep_rows`), their schedules in a construction."""
        if self._loose is None:
            self._loose = {}
            if self.dp is not None and self.rest:
                self._loose = pricers(self.problem, self.model, bound_only=True, only=self.rest)[0]
        return self._loose

    def builders(self) -> dict[int, DPPricer] | None:
        """The pricers a construction uses: the DP pricers and the loose ones (:meth:`loose`;
        CP-SAT for whoever has neither or whose schedule is not repaired). On the year-long
        tiling the rounding of the windows' plan gives 192,897 in 38 s with them, against
        215,399 in 85 s with CP-SAT for its 21 physicians DP cannot price (docs/roster.md,
        sixteenth round)."""
        if self.dp is None:
            return None
        return {**self.dp, **self.loose()}

    def settle(self, incumbent: list[int] | None) -> None:
        """Set `done` when `incumbent` reaches the best bound proven so far rounded up
        (objectives are integers): then it is optimal and the LNS need not run."""
        bounds = [r.bound for r in (*self.runs, *self.box) if math.isfinite(r.bound)]
        if incumbent is None or not bounds:
            return
        if math.ceil(max(bounds) - 1e-6) >= objective_of(self.model, incumbent):
            self.done.set()

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
        from regioplan.roster.lns import LOOSE, improve

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
            # on a large model's horizon of more than two windows, "some physicians on all
            # days" took a fifth of the LNS's time for a few per cent of its gains: without
            # it Instance12 tiled 3x2 (84 days) ended nearer its bound (mean 6.8% against 7.6%;
            # 7 of 8 seeds), where 2x2 (56 days) ended further from it (3 of 3;
            # docs/roster.md, twenty-third round)
            whole_horizon=not self.large or self.problem.horizon <= 2 * WINDOW_DAYS,
            # the windows' support leaves out duties a roster near the bound works: with a
            # quarter of the steps outside it, 3x2 ended nearer its bound in 5 of 6 seeds
            # (docs/roster.md, twenty-fourth round)
            loose=LOOSE if self.windowed else 0.0,
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


__all__ = ["Phases", "capacity"]
