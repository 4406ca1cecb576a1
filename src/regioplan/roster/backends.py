"""Two back-ends for one :class:`~regioplan.roster.formulation.LinearModel`: CP-SAT and HiGHS.

CP-SAT (OR-Tools) finds good rosters fast; the HiGHS MIP (the copy of HiGHS inside OR-Tools, run
through MathOpt) proves much stronger lower bounds on the same rows. Both return a
:class:`Run`: the variable values of the best roster found (if any), its objective, the bound.

Note: the separate ``highspy`` wheel and OR-Tools bundle different HiGHS builds that cannot be
loaded into one process, so regioplan only uses the HiGHS inside OR-Tools.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from regioplan.errors import ParameterError
from regioplan.roster.formulation import LinearModel, Row

OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"
UNKNOWN = "unknown"
NO_BETTER = "no-better"
DETERMINISTIC_GUARD = 20  # one-worker runs: wall-clock guard = 20 x time limit + 60 s


SEED_MAX = 2**31 - 1
"""Largest seed the solvers take (CP-SAT's and HiGHS's random seed is a 32-bit signed integer)."""


def check_seed(seed: int) -> None:
    """Raise :class:`ParameterError` for a seed the solvers cannot take (0..2**31-1)."""
    if not 0 <= seed <= SEED_MAX:
        raise ParameterError(f"seed {seed} out of range; allowed: 0..{SEED_MAX} (2**31-1)")


@dataclass(frozen=True)
class Run:
    """Outcome of one solver run."""

    engine: str
    status: str
    values: list[int] | None
    objective: int | None
    bound: float
    seconds: float


def _finite(value: Any) -> float:
    """A solver's bound as a float; -inf when it has none (None, NA, NaN)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return float("-inf")
    return number if math.isfinite(number) else float("-inf")


def objective_of(model: LinearModel, values: list[int]) -> int:
    """The total objective of a full assignment."""
    return sum(model.penalty_values(values).values())


def build_cpsat(
    model: LinearModel,
    *,
    enabled_groups: dict[str, bool] | None = None,
    group_literals: bool = False,
) -> tuple[Any, list[Any], dict[str, Any]]:
    """The CP-SAT model of `model`: (CpModel, variables, literal per hard-rule group).

    With `group_literals`, every named group's rows are enforced only if its literal is true, so
    the groups can be passed as assumptions; `enabled_groups` drops groups that map to False.
    """
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    xs = [
        cp.new_bool_var(n) if (lo, hi) == (0, 1) else cp.new_int_var(lo, hi, n)
        for n, lo, hi in zip(model.names, model.lb, model.ub, strict=True)
    ]
    literals: dict[str, Any] = {}
    if group_literals:
        for i, g in enumerate(model.groups()):
            literals[g] = cp.new_bool_var(f"group{i}")
    big = 1 << 40
    for row in model.rows:
        if enabled_groups is not None and not enabled_groups.get(row.group, True):
            continue
        expr = cp_model.LinearExpr.weighted_sum(
            [xs[v] for v, _ in row.terms], [c for _, c in row.terms]
        )
        ct = cp.add_linear_constraint(
            expr, -big if row.lo is None else row.lo, big if row.hi is None else row.hi
        )
        if row.group in literals:
            ct.only_enforce_if(literals[row.group])
    return cp, xs, literals


def own_model(
    model: LinearModel, variables: list[int], rows: list[Row]
) -> tuple[Any, dict[int, int]]:
    """A CP-SAT model of `rows`, which must only involve `variables` (e.g. one physician's own
    rules), written straight into the proto (Python expressions cost more than the solve on
    year-long horizons). Returns the model and variable -> its index there; no objective."""
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    proto = cp.proto
    local = {v: k for k, v in enumerate(variables)}
    for v in variables:
        proto.variables.add().domain.extend([model.lb[v], model.ub[v]])
    for row in rows:
        linear = proto.constraints.add().linear
        linear.vars.extend(local[v] for v, _ in row.terms)
        linear.coeffs.extend(c for _, c in row.terms)
        linear.domain.extend(
            [_LOW if row.lo is None else row.lo, _HIGH if row.hi is None else row.hi]
        )
    return cp, local


_LOW, _HIGH = -(1 << 40), 1 << 40  # bounds of one-sided rows


def solve_cpsat(
    model: LinearModel,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    hint: list[int] | None = None,
    enabled_groups: dict[str, bool] | None = None,
    stop: threading.Event | None = None,
    deterministic: bool = False,
    linearization_level: int | None = None,
    at_least: int | None = None,
) -> Run:
    """Solve with CP-SAT; `deterministic` (one worker) stops on CP-SAT's deterministic clock.

    `enabled_groups` switches named hard-rule groups off (explanations); `linearization_level`
    overrides CP-SAT's (2: the full LP relaxation, which the ``auto`` engine uses); `at_least` is
    a lower bound on the objective proven elsewhere (column generation), so that CP-SAT stops as
    soon as it reaches it."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    cp, xs, _ = build_cpsat(model, enabled_groups=enabled_groups)
    obj_vars: list[Any] = []
    obj_coefs: list[int] = []
    for terms, _ in model.penalties.values():
        for v, c in terms:
            obj_vars.append(xs[v])
            obj_coefs.append(c)
    total = cp_model.LinearExpr.weighted_sum(obj_vars, obj_coefs) + model.constant()
    cp.minimize(total)
    if at_least is not None:
        cp.add(total >= at_least)
    if hint is not None:
        for var, val in zip(xs, hint, strict=True):
            cp.add_hint(var, val)
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = max(1, workers)
    if linearization_level is not None:
        solver.parameters.linearization_level = linearization_level
    if deterministic:
        solver.parameters.num_workers = 1
        # Deterministic: stop on CP-SAT's deterministic clock, so that the machine's load cannot
        # change where the search stops; the wall clock only guards against a runaway.
        solver.parameters.max_deterministic_time = max(0.01, time_limit)
        solver.parameters.max_time_in_seconds = DETERMINISTIC_GUARD * time_limit + 60
    else:  # the time spent building the model counts against the limit
        left = time_limit - (time.perf_counter() - started)
        solver.parameters.max_time_in_seconds = max(0.05, left)
    finished = threading.Event()
    if stop is not None:  # another thread proved optimality: stop searching

        def watch() -> None:
            while not finished.is_set():
                if stop.wait(0.1):
                    solver.stop_search()
                    return

        threading.Thread(target=watch, name="roster-cpsat-stop", daemon=True).start()
    code = solver.solve(cp)
    finished.set()
    seconds = time.perf_counter() - started
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = model.polish([int(solver.value(x)) for x in xs])
        objective = objective_of(model, values)
        status = OPTIMAL if code == cp_model.OPTIMAL else FEASIBLE
        return Run("cp-sat", status, values, objective, solver.best_objective_bound, seconds)
    status = INFEASIBLE if code == cp_model.INFEASIBLE else UNKNOWN
    return Run("cp-sat", status, None, None, float("-inf"), seconds)


def solve_mip(
    model: LinearModel,
    *,
    time_limit: float,
    seed: int,
    cutoff: int | None = None,
    interrupter: Any = None,
) -> Run:
    """Solve the same rows as a MIP with HiGHS (the HiGHS inside OR-Tools, via MathOpt).

    `interrupter` (a MathOpt ``SolveInterrupter``) lets another thread stop the search early.

    `cutoff` is the objective of a roster already known (e.g. from CP-SAT): HiGHS then only
    searches for strictly better ones and prunes everything else. If it proves there is none, the
    run reports status ``"no-better"`` with bound = `cutoff`: the known roster is optimal.
    """
    import datetime

    from ortools.math_opt.python import mathopt

    started = time.perf_counter()
    mip = mathopt.Model(name="roster")
    xs = [
        mip.add_variable(lb=lo, ub=hi, is_integer=True, name=n)
        for n, lo, hi in zip(model.names, model.lb, model.ub, strict=True)
    ]
    for row in model.rows:
        ct = mip.add_linear_constraint(
            lb=-math.inf if row.lo is None else row.lo, ub=math.inf if row.hi is None else row.hi
        )
        for v, c in row.terms:
            ct.set_coefficient(xs[v], c)
    mip.objective.is_maximize = False
    mip.objective.offset = model.constant()
    for v, c in enumerate(model.costs()):
        if c:
            mip.objective.set_linear_coefficient(xs[v], c)
    left = max(0.05, time_limit - (time.perf_counter() - started))  # building counts too
    params = mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=left), random_seed=seed)
    if cutoff is not None:
        params.highs.double_options["objective_bound"] = cutoff - 0.5
    result = mathopt.solve(mip, mathopt.SolverType.HIGHS, params=params, interrupter=interrupter)
    seconds = time.perf_counter() - started
    reason = result.termination.reason
    bound = _finite(result.termination.objective_bounds.dual_bound)
    optimal = reason == mathopt.TerminationReason.OPTIMAL
    if result.has_primal_feasible_solution():
        values = model.polish([round(result.variable_values(x)) for x in xs])
        objective = objective_of(model, values)
        if cutoff is not None and objective >= cutoff:
            # HiGHS may keep a heuristic roster above the cutoff; a finished search still
            # proves that nothing better than the cutoff exists.
            if optimal:
                return Run("highs", NO_BETTER, None, None, float(cutoff), seconds)
            return Run("highs", UNKNOWN, None, None, bound, seconds)
        return Run("highs", OPTIMAL if optimal else FEASIBLE, values, objective, bound, seconds)
    if reason == mathopt.TerminationReason.INFEASIBLE:
        if cutoff is not None:
            return Run("highs", NO_BETTER, None, None, float(cutoff), seconds)
        return Run("highs", INFEASIBLE, None, None, float("-inf"), seconds)
    return Run("highs", UNKNOWN, None, None, bound, seconds)


__all__ = [
    "FEASIBLE",
    "INFEASIBLE",
    "NO_BETTER",
    "OPTIMAL",
    "UNKNOWN",
    "Run",
    "build_cpsat",
    "objective_of",
    "own_model",
    "solve_cpsat",
    "solve_mip",
]
