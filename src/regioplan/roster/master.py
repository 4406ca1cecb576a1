"""The restricted master LP of column generation (colgen.py): a mix of complete schedules per
physician (the columns) and the shortfall and surplus of the linking rows, solved by GLOP and
re-solved incrementally as columns are added and physicians fixed; its duals, reduced costs,
Lagrangian bound, support and the integer program over its columns."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from typing import Any

import numpy as np
import numpy.typing as npt

from regioplan.roster.formulation import LinearModel, Row
from regioplan.roster.lp import IncrementalLP, solve_proto

EPS = 1e-6
"""A column's weight above this counts (the LP's values are floating point)."""


class Master:
    """The master LP over the generated columns (GLOP re-solves it incrementally:
    :class:`regioplan.roster.lp.IncrementalLP`)."""

    def __init__(
        self,
        model: LinearModel,
        own_vars: dict[int, list[int]],
        linking: list[Row],
        start: list[int],
        *,
        with_lp: bool = True,
    ) -> None:
        """The master over the first roster's columns; without `with_lp` only the data for reduced
        costs and bounds (:func:`first_bound`), no LP model."""
        self.model = model
        self.linking = linking
        self.cost = model.costs()
        self.constant = model.constant()
        self.rows_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for r, row in enumerate(linking):
            for v, c in row.terms:
                self.rows_of[v].append((r, c))
        self.free = [v for v in range(len(model.names)) if v not in model.owner]
        # the linking rows as arrays, for all reduced costs at once (:meth:`reduced_array`)
        entries = [(v, r, c) for v, rows in self.rows_of.items() for r, c in rows]
        table = np.asarray(entries, dtype=float).reshape(-1, 3)
        self.entry_var = table[:, 0].astype(np.int64)
        self.entry_row = table[:, 1].astype(np.int64)
        self.entry_coef = table[:, 2]
        self.cost_array = np.asarray(self.cost, dtype=float)
        if not with_lp:
            return
        rows = len(linking)
        lower = [-math.inf if row.lo is None else row.lo for row in linking] + [1.0] * len(own_vars)
        upper = [math.inf if row.hi is None else row.hi for row in linking] + [1.0] * len(own_vars)
        self.lp = IncrementalLP(lower, upper, self.constant)
        self.y = {
            v: self.lp.add(model.lb[v], model.ub[v], self.cost[v], self.rows_of[v])
            for v in self.free
        }
        self.convexity = {e: rows + i for i, e in enumerate(own_vars)}
        self.columns: dict[int, list[tuple[dict[int, int], int]]] = defaultdict(list)
        self.seen: set[tuple[int, tuple[tuple[int, int], ...]]] = set()
        for e, vs in own_vars.items():
            self.add_column(e, {v: start[v] for v in vs})
        self.fixed: dict[int, int] = {}
        self.result: dict[int, float] | None = None  # the values of the last LP optimum

    def add_column(self, e: int, column: dict[int, int]) -> bool:
        """Add physician `e`'s schedule (own variable -> value) unless it is there already."""
        key = (e, tuple(sorted((v, x) for v, x in column.items() if x)))
        if key in self.seen:
            return False
        self.seen.add(key)
        activity: dict[int, int] = defaultdict(int)
        activity[self.convexity[e]] = 1
        cost = 0
        for v, x in key[1]:
            cost += self.cost[v] * x
            for r, c in self.rows_of[v]:
                activity[r] += c * x
        var = self.lp.add(0.0, math.inf, cost, activity.items())
        self.columns[e].append((column, var))
        return True

    def solve_lp(self) -> tuple[list[float], dict[int, float], float] | None:
        """Duals of the linking rows (clipped to the signs their bounds allow) and of each
        physician's convexity row, and the LP's objective; None if the LP was not solved to
        optimality."""
        solved = self.lp.solve()
        if solved is None:
            return None
        every, objective, self.result = solved
        duals = self.clip_duals(every[: len(self.linking)])
        convexity = {e: every[r] for e, r in self.convexity.items()}
        return duals, convexity, objective

    def reduced_costs(self, variables: list[int], duals: list[float]) -> dict[int, float]:
        return {v: self.cost[v] - sum(duals[r] * c for r, c in self.rows_of[v]) for v in variables}

    def reduced_array(self, duals: list[float]) -> npt.NDArray[np.float64]:
        """Every variable's reduced cost under the linking rows' `duals`, indexed by variable."""
        weights = self.entry_coef * np.asarray(duals, dtype=float)[self.entry_row]
        spent = np.bincount(self.entry_var, weights=weights, minlength=len(self.cost))
        return self.cost_array - spent

    def bound_without_blocks(self, duals: list[float]) -> float:
        """The Lagrangian bound's terms outside the pricing problems: the constant, the
        multipliers times the bound each one prices, and the free variables at their best."""
        bound = float(self.constant)
        for row, d in zip(self.linking, duals, strict=True):
            if d > 0:
                assert row.lo is not None
                bound += d * row.lo
            elif d < 0:
                assert row.hi is not None
                bound += d * row.hi
        for v, rc in self.reduced_costs(self.free, duals).items():
            bound += min(rc * self.model.lb[v], rc * self.model.ub[v])
        return bound

    def violation(self, duals: list[float], columns: list[dict[int, int] | None]) -> Any:
        """A subgradient of the Lagrangian function at `duals`: each linking row's bound minus
        its activity under the priced `columns` and the unowned variables at their best (the
        lower bound where the activity falls short, the upper bound where it exceeds)."""
        x = np.zeros(len(self.cost))
        for column in columns:
            if column:
                for v, value in column.items():
                    if value:
                        x[v] = value
        reduced = self.reduced_array(duals)
        for v in self.free:  # at the bound that minimises its term
            x[v] = self.model.ub[v] if reduced[v] < 0 else self.model.lb[v]
        activity = np.bincount(
            self.entry_row, weights=self.entry_coef * x[self.entry_var], minlength=len(self.linking)
        )
        out = np.zeros(len(self.linking))
        for r, row in enumerate(self.linking):
            if row.lo is not None and activity[r] < row.lo:
                out[r] = row.lo - activity[r]
            elif row.hi is not None and activity[r] > row.hi:
                out[r] = row.hi - activity[r]
        return out

    def clip_duals(self, duals: Any) -> list[float]:
        """`duals` with each sign the rows' bounds allow (>= 0 without an upper bound, <= 0
        without a lower one)."""
        out = []
        for row, d in zip(self.linking, duals, strict=True):
            value = float(d)
            if row.lo is None:
                value = min(value, 0.0)
            if row.hi is None:
                value = max(value, 0.0)
            out.append(value)
        return out

    def first_duals(self) -> list[float]:
        """Duals to start from: each linking row priced at what leaving it short costs (the
        least cost per unit of a variable that no physician owns and that fills it, e.g. the
        cover's under-weight); 0 for rows without one or that only bound from above. Where
        demand exceeds what the physicians can work these are the LP's own duals, and the
        Lagrangian bound at them is already strong; at worst it is a weak but valid bound."""
        duals = [0.0] * len(self.linking)
        for v in self.free:
            for r, c in self.rows_of[v]:
                row = self.linking[r]
                if c > 0 and self.cost[v] >= 0 and row.lo is not None:
                    price = self.cost[v] / c
                    duals[r] = price if duals[r] == 0.0 else min(duals[r], price)
        return duals

    def heaviest(self, physicians: list[int]) -> list[tuple[float, int, int]]:
        """Each physician's column of most weight in the last LP solution, heaviest first:
        (weight, variable, physician)."""
        values = self.result or {}
        out = [
            max(
                ((values.get(var, 0.0), var, e) for _, var in self.columns[e]),
                key=lambda item: item[0],
            )
            for e in physicians
        ]
        return sorted(out, key=lambda item: (-item[0], item[2]))

    def support(self) -> set[int]:
        """The variables of the columns with positive weight in the last LP solution."""
        values = self.result or {}
        return {
            v
            for columns in self.columns.values()
            for column, var in columns
            if values.get(var, 0.0) > EPS
            for v, x in column.items()
            if x
        }

    def weighted(self) -> dict[int, list[dict[int, int]]]:
        """Each physician's columns with positive weight in the last LP solution."""
        values = self.result or {}
        return {
            e: [column for column, var in columns if values.get(var, 0.0) > EPS]
            for e, columns in self.columns.items()
        }

    def expected(self, result: dict[int, float] | None = None) -> npt.NDArray[np.float64]:
        """Every variable's value in the last LP solution (or in `result`, the values of an
        earlier one): each physician's columns weighted (the unowned variables left at 0)."""
        values = result if result is not None else self.result or {}
        out = np.zeros(len(self.model.names))
        for columns in self.columns.values():
            for column, var in columns:
                weight = values.get(var, 0.0)
                if weight > EPS:
                    for v, x in column.items():
                        if x:
                            out[v] += weight * x
        return out

    def fix(self, e: int, var: int) -> None:
        """Fix physician `e` to the column `var` (the convexity row zeroes the others)."""
        self.lp.set_lower(var, 1.0)
        self.fixed[e] = var

    def roster(self) -> list[int]:
        """The roster of the fixed columns (every physician fixed), auxiliaries at their least."""
        values = [0] * len(self.model.names)
        for e, var in self.fixed.items():
            column = next(col for col, v in self.columns[e] if v == var)
            for v, x in column.items():
                values[v] = x
        return self.model.polish(values)

    def solve_ip(self, time_limit: float, seed: int) -> list[int] | None:
        """The master restricted to the generated columns as an integer program (HiGHS)."""
        from ortools.math_opt import parameters_pb2

        self.lp.solver = None  # the LP is done
        params = parameters_pb2.SolveParametersProto(random_seed=seed)
        params.time_limit.FromTimedelta(datetime.timedelta(seconds=time_limit))
        found = solve_proto(
            self.lp.model_proto(integer=True), parameters_pb2.SOLVER_TYPE_HIGHS, params
        )
        if found is None:
            return None
        values = [0] * len(self.model.names)
        for v, var in self.y.items():
            values[v] = round(found.get(var, 0.0))
        for columns in self.columns.values():
            for column, var in columns:
                if found.get(var, 0.0) > 0.5:
                    for v, x in column.items():
                        values[v] = x
        return self.model.polish(values)


__all__ = ["EPS", "Master"]
