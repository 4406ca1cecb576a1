"""The combined engine of ``solve(..., engine="auto")`` with two or more workers: one phase per
method, in the order docs/roster.md ("Solving") gives and measures. The shared state and the
last phase live in :mod:`regioplan.roster.phases`, the large models' LP phases in
:mod:`regioplan.roster.large`."""

from __future__ import annotations

import math
import time
from dataclasses import replace

from regioplan.roster.backends import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    UNKNOWN,
    Run,
    objective_of,
    solve_cpsat,
)
from regioplan.roster.large import LargePhases
from regioplan.roster.pricing import priceable, pricers


class Auto(LargePhases):
    """The combined engine (2+ workers), one phase per method; see the module docstring.

    :meth:`run` goes through the phases in order: a valid start (:meth:`construct_start`),
    column generation (:meth:`column_generation`), CP-SAT on the whole model or the LP's support
    (:meth:`improve_with_cpsat`), then the LNS beside HiGHS (:meth:`finish`). HiGHS runs in a
    thread of its own, started by whichever phase decides so (:meth:`start_mip`). Large models
    take their LP phases (:meth:`large_run`) between the start and the LNS.
    """

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
        if incumbent is None and self.windows_first():  # large: the windows' rounding
            incumbent = self.round_window_lp(self.windows_until())  # is the first roster
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
            dp=self.builders(),
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


__all__ = ["Auto"]
