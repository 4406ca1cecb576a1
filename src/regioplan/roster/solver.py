"""`solve(problem, ...)`: the roster engine's entry point, returning a :class:`Result`.

Engines (chosen by measurement, see docs/roster.md):

- ``"cp-sat"``: OR-Tools CP-SAT alone. Finds good rosters fast, proves weak bounds.
- ``"mip"``: the same rows as a MIP, solved by HiGHS. Proves optimality on small instances.
- ``"auto"`` (default): unless the greedy start roster (or the given hint) already keeps every
  hard rule, a valid roster is built physician by physician (:mod:`regioplan.roster.construct`);
  column generation (:mod:`regioplan.roster.colgen`) follows on models of up to
  `SolverParams.colgen_model` duty variables and on models whose physicians DP can all price
  (:mod:`regioplan.roster.pricing`; then with a dive to a roster), which gives a strong bound
  and often a better or proven-optimal roster; CP-SAT improves the best roster for a third of
  the time (after a dive only within the support of the master LP; on small models without
  column generation with HiGHS beside it from the start; skipped
  on large models); then, side by side for the rest, a
  CP-SAT large-neighbourhood search (:mod:`regioplan.roster.lns`) improves the roster while
  HiGHS searches for a strictly better one with the incumbent's objective as cutoff, which
  proves optimality on small instances and gives the bound (on large models the LNS gets every
  worker instead). The best roster and the strongest bound of all phases are reported.
  Large models (`SolverParams.large_model` duty variables or more) take their own path
  (:meth:`_Auto.large_run`): a start built by DP where it prices, a bound (column generation's
  LP phase, one Lagrangian round, or HiGHS beside the LNS), then the LNS. Every roster carries
  a bound, at least the model's trivial one, and so a gap.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

from regioplan.errors import ParameterError
from regioplan.roster.backends import (
    FEASIBLE,
    INFEASIBLE,
    NO_BETTER,
    OPTIMAL,
    UNKNOWN,
    Run,
    check_seed,
    objective_of,
    solve_cpsat,
    solve_mip,
)
from regioplan.roster.formulation import LinearModel, build
from regioplan.roster.model import Assignment, Problem
from regioplan.roster.params import SolverParams
from regioplan.roster.pricing import DPPricer, priceable, pricers

Engine = Literal["auto", "cp-sat", "mip"]
ENGINES: tuple[str, ...] = ("auto", "cp-sat", "mip")
DEFAULT_PARAMS = SolverParams()


@dataclass(frozen=True)
class Result:
    """The outcome of :func:`solve`.

    `status` is ``optimal``, ``feasible`` (a roster, optimality not proven), ``infeasible`` (no
    roster satisfies the hard rules; `conflicts` names the clashing rules) or ``unknown`` (no
    roster found in time). `penalties` splits `objective` per named penalty; `bound` is the best
    proven lower bound and `gap` = (objective - bound) / objective.
    """

    problem: str
    status: str
    assignments: tuple[Assignment, ...]
    objective: int | None
    penalties: Mapping[str, int]
    bound: float | None
    seconds: float
    engine: str
    conflicts: tuple[str, ...] = ()
    phases: tuple[str, ...] = field(default=())

    def is_feasible(self) -> bool:
        """Whether the result holds a roster that satisfies every hard rule."""
        return self.status in (OPTIMAL, FEASIBLE)

    @property
    def gap(self) -> float | None:
        """Relative optimality gap, 0.0 when proven optimal; None without roster or bound."""
        if self.objective is None or self.bound is None:
            return None
        if self.status == OPTIMAL:
            return 0.0
        return max(0.0, self.objective - self.bound) / max(1.0, abs(self.objective))

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary (no assignments)."""
        return {
            "problem": self.problem,
            "status": self.status,
            "objective": self.objective,
            "penalties": dict(self.penalties),
            "bound": self.bound,
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
            "engine": self.engine,
            "phases": list(self.phases),
            "assignments": len(self.assignments),
            "conflicts": list(self.conflicts),
        }


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 2,
    engine: Engine = "auto",
    hint: Sequence[Assignment] = (),
    explain: bool = True,
    params: SolverParams = DEFAULT_PARAMS,
) -> Result:
    """Solve `problem` within `time_limit` seconds.

    `seed` and `workers` go to the solvers. One worker is the deterministic mode: a single
    CP-SAT search limited by CP-SAT's deterministic clock (``time_limit`` deterministic seconds;
    a wall-clock guard of 5 x time_limit + 10 s only stops runaways on an overloaded machine), so
    the same seed gives the same roster on any load.
    `hint` is a roster to start from (e.g. the previous roster when re-planning);
    without one, CP-SAT starts from a greedy roster (:mod:`regioplan.roster.greedy`).
    When the problem is infeasible and `explain` is set, the conflicting rules are looked up (see
    :func:`regioplan.roster.explain_infeasibility`) and returned in `Result.conflicts`.
    `params` tunes the time split and size thresholds of ``engine="auto"`` (:class:`SolverParams`).
    """
    if time_limit <= 0:
        raise ParameterError(f"time_limit must be > 0 seconds, got {time_limit}")
    if workers < 1:
        raise ParameterError(f"workers must be >= 1, got {workers}")
    if engine not in ENGINES:
        raise ParameterError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    check_seed(seed)
    started = time.perf_counter()
    model = build(problem)
    if not hint:
        from regioplan.roster.greedy import greedy_roster

        hint = greedy_roster(problem)
    start_values = model.polish(_hint_values(problem, model, hint))
    runs: list[Run] = []
    if model.satisfied(start_values):  # the hint is a valid roster: never report less
        runs.append(
            Run("hint", FEASIBLE, start_values, objective_of(model, start_values), -math.inf, 0.0)
        )
    if engine == "cp-sat" or (engine == "auto" and workers == 1):
        runs.append(
            solve_cpsat(
                model,
                time_limit=time_limit,
                seed=seed,
                workers=workers,
                hint=start_values,
                deterministic=workers == 1,
            )
        )
    elif engine == "mip":
        runs.append(solve_mip(model, time_limit=time_limit, seed=seed))
    else:
        auto = _Auto(problem, model, params, time_limit, seed, workers, started)
        runs += auto.run(start_values)
    return _result(
        problem, model, runs, explain=explain, seed=seed, seconds=time.perf_counter() - started
    )


class _Auto:
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
        (built by DP where it prices), a lower bound, then the LNS from the best roster for the
        rest of the time. The bound comes from column generation's LP phase (DP pricing,
        subgradient steps and smoothed duals; `large_lp_share` of the time) when DP prices
        every physician and the model has at most `colgen_large` duty variables, else from one
        round of Lagrangian pricing (:func:`regioplan.roster.colgen.first_bound`). With
        `large_dive_share` > 0 the LP's dive builds a roster too (measured: on 2 busy cores it
        costs the LNS more than it gives, docs/roster.md). Where DP cannot price everyone
        (e.g. fairness rules) and the model has at most `mip_large` duty variables, HiGHS runs
        beside the LNS for the bound, as on smaller models."""
        from regioplan.roster.colgen import first_bound, generate

        model, params = self.model, self.params
        priced = built is not None and self.dp is not None and not self.rest
        if not priced and len(model.x) <= params.mip_large:
            self.mip_beside = True  # no LP bound: HiGHS beside the LNS proves one
        if built is None or self.dp is None:
            return self.finish(incumbent)
        share = params.large_lp_share + params.large_dive_share
        if not self.rest and len(model.x) <= params.lp_large and params.large_dive_share == 0:
            self.start_lp_bound()  # PDLP beside the LNS: a far stronger bound, sooner
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
            bound = first_bound(
                model,
                built,
                dp=self.dp,
                capacity=_capacity(self.problem, model),
                workers=self.workers,
            )
            self.runs.append(bound)
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

    def start_lp_bound(self) -> None:
        """The LP relaxation's bound (PDLP, :func:`regioplan.roster.relaxation.lp_bound`) in a
        thread of its own for the rest of the time, less a second to read its prices."""
        from regioplan.roster.relaxation import lp_bound

        def run() -> None:
            limit = max(0.05, self.left() - 1.0)
            self.box.append(lp_bound(self.model, time_limit=limit, interrupter=self.interrupter))

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
        from regioplan.roster.lns import improve

        model = self.model
        if self.thread is None and (not self.large or self.mip_beside):
            self.start_mip(objective_of(model, incumbent))
        lns = improve(
            model,
            incumbent,
            horizon=self.problem.horizon,
            physicians=len(self.problem.physicians),
            time_limit=self.left(),
            seed=self.seed,
            workers=self.workers if self.thread is None else max(1, self.workers - 1),
            stop=self.done,
            capacity=_capacity(self.problem, model),
            beside=self.thread,
        )
        if lns.status == OPTIMAL:
            self.interrupter.interrupt()  # the LNS solved the whole roster to optimality
        if self.thread is not None:
            self.thread.join()
        return [*self.runs, lns, *self.box]


def _result(
    problem: Problem,
    model: LinearModel,
    runs: list[Run],
    *,
    explain: bool,
    seed: int,
    seconds: float,
) -> Result:
    phases = tuple(f"{r.engine}:{r.status}:{r.objective}:{r.seconds:.1f}s" for r in runs)
    engine = "+".join(r.engine for r in runs if r.engine != "hint")
    found = [r for r in runs if r.values is not None]
    if any(r.status == INFEASIBLE for r in runs) and not found:
        conflicts: tuple[str, ...] = ()
        if explain:
            from regioplan.roster.explain import explain_infeasibility

            conflicts = tuple(explain_infeasibility(problem, seed=seed))
        return Result(
            problem.name,
            INFEASIBLE,
            (),
            None,
            MappingProxyType({}),
            None,
            seconds,
            engine,
            conflicts,
            phases,
        )
    if not found:
        finite = [r.bound for r in runs if math.isfinite(r.bound)]
        return Result(
            problem.name,
            UNKNOWN,
            (),
            None,
            MappingProxyType({}),
            max(finite) if finite else None,
            seconds,
            engine,
            (),
            phases,
        )
    best = min(found, key=lambda r: (r.objective, 0 if r.status == OPTIMAL else 1))
    assert best.values is not None and best.objective is not None
    # every roster carries a bound: the best proven, at least the model's trivial bound
    floor = float(model.trivial_bound())
    if _non_negative(problem):  # every named penalty counts deviations at weights >= 0
        floor = max(floor, 0.0)
    raw = max(max(r.bound for r in runs), floor)
    bound: float | None = float(math.ceil(raw - 1e-6))
    proven = any(r.status in (OPTIMAL, NO_BETTER) for r in runs) or (
        bound is not None and bound >= best.objective
    )
    status = OPTIMAL if proven else FEASIBLE
    if proven:
        bound = float(best.objective)
    return Result(
        problem=problem.name,
        status=status,
        assignments=roster_of(problem, model, best.values),
        objective=best.objective,
        penalties=MappingProxyType(model.penalty_values(best.values)),
        bound=bound,
        seconds=seconds,
        engine=engine,
        phases=phases,
    )


def _non_negative(problem: Problem) -> bool:
    """Whether every weight is >= 0 (cover and wishes are checked on loading; fairness here),
    so that every named penalty, a count of deviations times a weight, is >= 0."""
    f = problem.fairness
    return (
        min(f.nights, f.weekends, f.holidays, f.organisations) >= 0
        and all(c.under_weight >= 0 and c.over_weight >= 0 for c in problem.cover)
        and all(r.weight >= 0 for r in problem.requests)
    )


def roster_of(problem: Problem, model: LinearModel, values: list[int]) -> tuple[Assignment, ...]:
    """The assignments encoded in a full variable assignment, sorted."""
    return tuple(
        sorted(
            Assignment(problem.physicians[e].id, d, problem.shifts[s].id)
            for (e, d, s), v in model.x.items()
            if values[v] > 0
        )
    )


def _capacity(problem: Problem, model: LinearModel) -> list[int]:
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


def _hint_values(problem: Problem, model: LinearModel, hint: Sequence[Assignment]) -> list[int]:
    """Hint values for x (the rest of the variables 0: solvers repair a partial hint)."""
    values = [0] * len(model.names)
    phys = {p.id: i for i, p in enumerate(problem.physicians)}
    shifts = {s.id: i for i, s in enumerate(problem.shifts)}
    for a in hint:
        key = (phys.get(a.physician, -1), a.day, shifts.get(a.shift, -1))
        if key in model.x:
            values[model.x[key]] = 1
    return values


__all__ = ["ENGINES", "Assignment", "Engine", "Result", "roster_of", "solve"]
