"""`solve(problem, ...)`: the roster engine's entry point, returning a :class:`Result`.

Engines (chosen by measurement, see docs/roster.md):

- ``"cp-sat"``: OR-Tools CP-SAT alone. Finds good rosters fast, proves weak bounds.
- ``"mip"``: the same rows as a MIP, solved by HiGHS. Proves optimality on small instances.
- ``"auto"`` (default, :class:`regioplan.roster.auto.Auto`): a valid greedy start (or hint) gets
  the LP relaxation's bound and a search where roster and LP disagree
  (:mod:`regioplan.roster.relaxation`); otherwise a valid roster is built physician by physician
  (:mod:`regioplan.roster.construct`) and column generation (:mod:`regioplan.roster.colgen`)
  follows on small models and on models whose physicians DP can all price
  (:mod:`regioplan.roster.pricing`; then with a dive to a roster), with a strong bound; CP-SAT
  improves the best roster for a third of the time (after a dive only within the support of the
  master LP); then, side by side for the rest, a CP-SAT large-neighbourhood search
  (:mod:`regioplan.roster.lns`) and HiGHS with the incumbent's objective as cutoff. Large models
  (`SolverParams.large_model` duty variables or more) take their own path: a start built by DP
  where it prices, a bound (PDLP's LP bound beside the LNS, column generation's LP phase, one
  Lagrangian round, or HiGHS beside the LNS), then the LNS. The best roster and the strongest
  bound of all phases are reported; every roster carries a bound, at least the model's trivial
  one, and so a gap.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from regioplan.errors import ParameterError
from regioplan.roster.auto import Auto
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
        auto = Auto(problem, model, params, time_limit, seed, workers, started)
        runs += auto.run(start_values)
    return _result(
        problem, model, runs, explain=explain, seed=seed, seconds=time.perf_counter() - started
    )


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
