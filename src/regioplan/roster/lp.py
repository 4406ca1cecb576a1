"""The roster model's LP relaxation, written straight into MathOpt's model proto and solved by
GLOP (simplex: exact optimum) or PDLP (first-order: large models, a tolerance).

Building the proto from flat lists takes 0.6 s for the 2x2 tiling of Curtois 12 (41,808 duty
variables) where MathOpt's Python model took 5.2 s, and little memory beside the model
itself, so that even the year-long tiling (407,628 duty variables) fits. The solve runs in
MathOpt's C++ core without Python's interpreter lock, so the LNS goes on beside it.
(OR-Tools' own PDLP binding holds the lock for the whole solve: measured, docs/roster.md.)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from regioplan.roster.formulation import LinearModel

GLOP, PDLP = "glop", "pdlp"


@dataclass(frozen=True)
class Relaxed:
    """What an LP solver returned: whether it proved the optimum, the variables' values and the
    rows' prices (dense, one per variable / row; None when it has none), its objective and its
    own dual bound (-inf when it reports none)."""

    optimal: bool
    values: list[float] | None
    prices: list[float] | None
    objective: float | None
    dual_bound: float


def relaxation_proto(model: LinearModel, *, deadline: float = math.inf) -> Any:
    """The LP relaxation of `model` as a MathOpt ``ModelProto`` (every variable continuous
    between its bounds); None when building it runs past `deadline` (``time.perf_counter()``)."""
    from ortools.math_opt import model_pb2

    proto = model_pb2.ModelProto(name="roster-lp")
    n = len(model.names)
    variables = proto.variables
    variables.ids.extend(range(n))
    variables.lower_bounds.extend(float(x) for x in model.lb)
    variables.upper_bounds.extend(float(x) for x in model.ub)
    variables.integers.extend([False] * n)
    objective = proto.objective
    objective.offset = float(model.constant())
    costs = [(v, float(c)) for v, c in enumerate(model.costs()) if c]
    objective.linear_coefficients.ids.extend(v for v, _ in costs)
    objective.linear_coefficients.values.extend(c for _, c in costs)
    rows = proto.linear_constraints
    rows.ids.extend(range(len(model.rows)))
    rows.lower_bounds.extend(-math.inf if r.lo is None else float(r.lo) for r in model.rows)
    rows.upper_bounds.extend(math.inf if r.hi is None else float(r.hi) for r in model.rows)
    matrix = proto.linear_constraint_matrix
    for r, row in enumerate(model.rows):
        if r % 5000 == 0 and time.perf_counter() > deadline:
            return None
        merged: dict[int, int] = {}
        for v, c in row.terms:
            merged[v] = merged.get(v, 0) + c
        columns = sorted(v for v, c in merged.items() if c)
        matrix.row_ids.extend([r] * len(columns))
        matrix.column_ids.extend(columns)
        matrix.coefficients.extend(float(merged[v]) for v in columns)
    return proto


def solve_relaxation(
    model: LinearModel, *, solver: str, time_limit: float, interrupter: Any = None
) -> Relaxed | None:
    """Solve the LP relaxation of `model` with `solver` (:data:`GLOP` or :data:`PDLP`, one
    thread) within `time_limit` seconds, building included; None when building took all of
    it. `interrupter` (a MathOpt ``SolveInterrupter``) lets another thread stop it early."""
    import datetime

    from ortools.math_opt.core.python import solver as core
    from ortools.math_opt.python import init_arguments, mathopt
    from ortools.math_opt.python import model_parameters as model_params

    started = time.perf_counter()
    proto = relaxation_proto(model, deadline=started + time_limit)
    if proto is None:
        return None
    left = max(0.05, time_limit - (time.perf_counter() - started))
    params = mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=left), threads=1)
    kind = mathopt.SolverType.GLOP if solver == GLOP else mathopt.SolverType.PDLP
    result = core.solve(
        proto,
        kind.value,
        init_arguments.StreamableSolverInitArguments().to_proto(),
        params.to_proto(),
        model_params.ModelSolveParameters().to_proto(),
        None,
        mathopt.CallbackRegistration().to_proto(),
        None,
        interrupter.pybind_interrupter if interrupter is not None else None,
    )
    del proto
    from ortools.math_opt import result_pb2

    optimal = result.termination.reason == result_pb2.TERMINATION_REASON_OPTIMAL
    bound = result.termination.objective_bounds.dual_bound
    values = prices = None
    objective = None
    for solution in result.solutions:
        if solution.HasField("primal_solution") and values is None:
            values = _dense(solution.primal_solution.variable_values, len(model.names))
            objective = float(solution.primal_solution.objective_value)
        if solution.HasField("dual_solution") and prices is None:
            prices = _dense(solution.dual_solution.dual_values, len(model.rows))
    return Relaxed(optimal, values, prices, objective, bound if math.isfinite(bound) else -math.inf)


def _dense(sparse: Any, size: int) -> list[float]:
    out = [0.0] * size
    for i, x in zip(sparse.ids, sparse.values, strict=True):
        out[i] = float(x)
    return out


__all__ = ["GLOP", "PDLP", "Relaxed", "relaxation_proto", "solve_relaxation"]
