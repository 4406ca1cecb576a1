"""The roster model's LP relaxation, written straight into MathOpt's model proto and solved by
GLOP (simplex: exact optimum) or PDLP (first-order: large models, a tolerance); and
:class:`IncrementalLP`, an LP that grows by columns and is re-solved by GLOP from its last
basis (column generation's master, master.py), also written as protos.

Building the proto from flat lists takes 0.6 s for the 2x2 tiling of Curtois 12 (41,808 duty
variables) where MathOpt's Python model took 5.2 s, and little memory beside the model
itself, so that even the year-long tiling (407,628 duty variables) fits. The solve runs in
MathOpt's C++ core without Python's interpreter lock, so the LNS goes on beside it.
(OR-Tools' own PDLP binding holds the lock for the whole solve: measured, docs/roster.md.)
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from regioplan.roster.formulation import LinearModel

_LOG = logging.getLogger(__name__)
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

    from ortools.math_opt.python import mathopt

    started = time.perf_counter()
    proto = relaxation_proto(model, deadline=started + time_limit)
    if proto is None:
        return None
    left = max(0.05, time_limit - (time.perf_counter() - started))
    params = mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=left), threads=1)
    kind = mathopt.SolverType.GLOP if solver == GLOP else mathopt.SolverType.PDLP
    result = _solve(proto, kind.value, params.to_proto(), interrupter=interrupter)
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


class IncrementalLP:
    """An LP that grows by columns, re-solved by GLOP from its last basis.

    Written as MathOpt protos on MathOpt's C++ incremental solver, without MathOpt's Python
    model: on a window of Instance12 tiled 6x2 (280 rows, 5,000-6,700 columns, 20 solves)
    that model's Python side took 3.0 s of the LP phase's 12.2 s (adding columns one
    coefficient at a time 1.5 s, reading every variable's value, reduced cost and basis status
    after each solve 1.5 s); here a round's columns go to the solver as one update and a solve
    returns only the rows' duals and the nonzero values (docs/roster.md, twentieth round).
    The rows are fixed at creation; variables get the ids 0, 1, ... in the order they are
    added.
    """

    def __init__(self, lower: Sequence[float], upper: Sequence[float], offset: float) -> None:
        self.lower = [float(x) for x in lower]
        self.upper = [float(x) for x in upper]
        self.offset = float(offset)
        self.size = 0  # variables so far
        # everything added, for the integer program and for a new solver should GLOP refuse
        # an update: per variable its bounds and cost; the matrix as (row, variable, coef)
        self.var_lower: list[float] = []
        self.var_upper: list[float] = []
        self.cost: list[float] = []
        self.entries: list[tuple[int, int, float]] = []
        self.sent = 0  # variables the solver has
        self.sent_entries = 0
        self.moved: dict[int, float] = {}  # lower bounds changed since the last solve
        self.solver: Any = None

    def add(
        self, lower: float, upper: float, cost: float, column: Iterable[tuple[int, float]]
    ) -> int:
        """A new variable with its bounds, cost and coefficients (row, value); its id."""
        var = self.size
        self.size += 1
        self.var_lower.append(float(lower))
        self.var_upper.append(float(upper))
        self.cost.append(float(cost))
        self.entries.extend((r, var, float(c)) for r, c in column if c)
        return var

    def set_lower(self, var: int, value: float) -> None:
        self.var_lower[var] = float(value)
        if var < self.sent:
            self.moved[var] = float(value)

    def model_proto(self, *, integer: bool = False) -> Any:
        """Everything added as a MathOpt ``ModelProto`` (every variable integer with
        `integer`)."""
        from ortools.math_opt import model_pb2

        proto = model_pb2.ModelProto(name="roster-master")
        rows = proto.linear_constraints
        rows.ids.extend(range(len(self.lower)))
        rows.lower_bounds.extend(self.lower)
        rows.upper_bounds.extend(self.upper)
        proto.objective.offset = self.offset
        self._write(proto.variables, proto.objective.linear_coefficients, 0, integer)
        self._matrix(proto.linear_constraint_matrix, self.entries)
        return proto

    def _write(self, variables: Any, costs: Any, first: int, integer: bool) -> None:
        """Variables `first`, ... into a ``VariablesProto`` and their costs into a sparse
        vector."""
        ids = range(first, self.size)
        variables.ids.extend(ids)
        variables.lower_bounds.extend(self.var_lower[first:])
        variables.upper_bounds.extend(self.var_upper[first:])
        variables.integers.extend([integer] * len(ids))
        nonzero = [v for v in ids if self.cost[v]]
        costs.ids.extend(nonzero)
        costs.values.extend(self.cost[v] for v in nonzero)

    @staticmethod
    def _matrix(matrix: Any, entries: list[tuple[int, int, float]]) -> None:
        """`entries` into a ``SparseDoubleMatrixProto`` (which MathOpt wants in row-major
        order)."""
        for r, v, c in sorted(entries):
            matrix.row_ids.append(r)
            matrix.column_ids.append(v)
            matrix.coefficients.append(c)

    def _update(self) -> Any:
        """What changed since the last solve as a ``ModelUpdateProto``."""
        from ortools.math_opt import model_update_pb2

        update = model_update_pb2.ModelUpdateProto()
        if self.moved:
            changed = update.variable_updates.lower_bounds
            for var in sorted(self.moved):
                changed.ids.append(var)
                changed.values.append(self.moved[var])
        self._write(
            update.new_variables, update.objective_updates.linear_coefficients, self.sent, False
        )
        self._matrix(update.linear_constraint_matrix_updates, self.entries[self.sent_entries :])
        return update

    def solve(self) -> tuple[list[float], float, dict[int, float]] | None:
        """Solve (GLOP, from the last basis): the rows' duals, the objective and the nonzero
        values by variable; None unless optimal. When GLOP fails (it can end "ABNORMAL" on a
        large master, seen on Instance12 tiled 6x2 with whole-horizon columns, which MathOpt
        raises as ``StatusNotOk``) the next solve starts a new solver."""
        from ortools.math_opt import parameters_pb2, result_pb2
        from ortools.math_opt.python import callback
        from pybind11_abseil.status import StatusNotOk

        changed = self.sent < self.size or bool(self.moved)
        try:
            # a new solver the first time, and should GLOP refuse an update
            if self.solver is None or (changed and not self.solver.update(self._update())):
                self.solver = self._new_solver()
            self.sent, self.sent_entries, self.moved = self.size, len(self.entries), {}
            result = self.solver.solve(
                parameters_pb2.SolveParametersProto(),
                _nonzero_values(),
                None,
                callback.CallbackRegistration().to_proto(),
                None,
                None,
            )
        except StatusNotOk as error:
            _LOG.debug("GLOP failed on the master LP: %s", error)
            self.solver = None
            return None
        if result.termination.reason != result_pb2.TERMINATION_REASON_OPTIMAL:
            return None
        solution = result.solutions[0]
        primal = solution.primal_solution
        duals = _dense(solution.dual_solution.dual_values, len(self.lower))
        values = dict(zip(primal.variable_values.ids, primal.variable_values.values, strict=True))
        return duals, float(primal.objective_value), values

    def _new_solver(self) -> Any:
        """MathOpt's incremental GLOP solver of everything added so far."""
        from ortools.math_opt import parameters_pb2
        from ortools.math_opt.core.python import solver as core
        from ortools.math_opt.python import init_arguments

        init = init_arguments.StreamableSolverInitArguments().to_proto()
        return core.new(parameters_pb2.SOLVER_TYPE_GLOP, self.model_proto(), init)


def _solve(
    proto: Any, kind: int, params: Any, *, wanted: Any = None, interrupter: Any = None
) -> Any:
    """MathOpt's ``SolveResultProto`` of `proto` solved once by solver `kind` (a
    ``SolverTypeProto``) with `params` (a ``SolveParametersProto``) and `wanted` (a
    ``ModelSolveParametersProto``: which values to return)."""
    from ortools.math_opt import model_parameters_pb2
    from ortools.math_opt.core.python import solver as core
    from ortools.math_opt.python import callback, init_arguments

    return core.solve(
        proto,
        kind,
        init_arguments.StreamableSolverInitArguments().to_proto(),
        params,
        wanted or model_parameters_pb2.ModelSolveParametersProto(),
        None,
        callback.CallbackRegistration().to_proto(),
        None,
        interrupter.pybind_interrupter if interrupter is not None else None,
    )


def solve_proto(proto: Any, kind: int, params: Any) -> dict[int, float] | None:
    """The nonzero values (by variable id) of the best solution of the model `proto` that
    solver `kind` finds with `params` (see :func:`_solve`); None when it finds none."""
    from ortools.math_opt import solution_pb2

    result = _solve(proto, kind, params, wanted=_nonzero_values())
    for solution in result.solutions:
        primal = solution.primal_solution
        if primal.feasibility_status == solution_pb2.SOLUTION_STATUS_FEASIBLE:
            values = primal.variable_values
            return dict(zip(values.ids, values.values, strict=True))
    return None


def _nonzero_values() -> Any:
    """Solve parameters that ask only for the nonzero values and the rows' duals."""
    from ortools.math_opt import model_parameters_pb2

    wanted = model_parameters_pb2.ModelSolveParametersProto()
    wanted.variable_values_filter.skip_zero_values = True
    wanted.reduced_costs_filter.filter_by_ids = True  # none
    return wanted


def _dense(sparse: Any, size: int) -> list[float]:
    out = [0.0] * size
    for i, x in zip(sparse.ids, sparse.values, strict=True):
        out[i] = float(x)
    return out


__all__ = [
    "GLOP",
    "PDLP",
    "IncrementalLP",
    "Relaxed",
    "relaxation_proto",
    "solve_proto",
    "solve_relaxation",
]
