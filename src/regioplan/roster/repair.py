"""Repairing a schedule of a relaxed dynamic-programming pricer (:mod:`regioplan.roster.pricing`).

A pricer that had to relax a limit per shift type (too many states) may return a schedule
that breaks that limit. :func:`keep_rows` makes the broken row's duties dearer until the
schedule keeps every rule, then looks for the least such change (docs/roster.md, "Solving").
"""

from __future__ import annotations

import numpy as np

from regioplan.roster.formulation import Row
from regioplan.roster.pricing import DPPricer

REPAIR_STEPS = 3  # bisection steps of :func:`_least_change` after a repair


class RowCheck:
    """Which of a physician's own rows a schedule breaks, in one sparse product instead of a
    sum per row: a physician has about 1,400 rows on a 168-day horizon, and checking them
    row by row took 4.1 ms a schedule, this check 0.34 ms (built once in 8 ms; docs/roster.md,
    fifteenth round). Kept on the physician's pricer (:func:`check_of`), so it lives as long
    as the model it belongs to."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        variables: dict[int, int] = {}
        col: list[int] = []
        coef: list[int] = []
        starts: list[int] = []
        for row in rows:
            starts.append(len(col))
            for v, c in row.terms:
                col.append(variables.setdefault(v, len(variables)))
                coef.append(c)
        self.variables = list(variables)
        self.col = np.asarray(col, dtype=np.int32)
        self.coef = np.asarray(coef, dtype=np.int32)
        starts_all = np.asarray(starts, dtype=np.int64)
        self.filled = np.diff(np.append(starts_all, len(col))) > 0  # rows with terms
        self.starts = starts_all[self.filled]
        self.lo = np.asarray([-np.inf if r.lo is None else r.lo for r in rows], dtype=np.float64)
        self.hi = np.asarray([np.inf if r.hi is None else r.hi for r in rows], dtype=np.float64)

    def broken(self, column: dict[int, int]) -> list[Row]:
        """The rows that `column` (each of the rows' variables -> its value) breaks."""
        if not self.rows:
            return []
        values = np.fromiter(
            (column[v] for v in self.variables), dtype=np.int64, count=len(self.variables)
        )
        totals = np.zeros(len(self.rows), dtype=np.int64)
        if len(self.starts):  # each row with terms sums up to the next one's first term
            totals[self.filled] = np.add.reduceat(self.coef * values[self.col], self.starts)
        broken = (totals < self.lo) | (totals > self.hi)
        return [self.rows[r] for r in np.flatnonzero(broken)]


def check_of(pricer: DPPricer, rows: list[Row]) -> RowCheck:
    """The row check of `rows` (the physician's own rows), built once and kept on their
    `pricer`: the same list comes back in every round of column generation and rounding."""
    check: RowCheck | None = pricer.row_check
    if check is None or check.rows is not rows:
        check = RowCheck(rows)
        pricer.row_check = check
    return check


def keep_rows(
    pricer: DPPricer,
    reduced: dict[int, float],
    rows: list[Row],
    *,
    tries: int = 8,
    refine: int = REPAIR_STEPS,
) -> dict[int, int] | None:
    """A schedule of `pricer`'s physician that keeps every one of `rows` (their own rules),
    cheap under `reduced` (changed in place): a pricer that relaxed limits per shift type may
    return a schedule that breaks one, so the duties of each broken row are made dearer (or
    cheaper, for a row short of its lower bound), doubling from 1/32 of the largest cost, at
    most `tries` times; then `refine` steps of bisection between the last costs whose
    schedule broke a row and the first whose schedule keeps them all look for a smaller
    change that still keeps them (:func:`_least_change`). None when no such schedule was
    found. An exact pricer's schedule keeps every rule, so it is returned unchecked."""
    original = dict(reduced)
    check: RowCheck | None = None  # built at the first schedule a relaxed pricer returns
    step = (1.0 + max((abs(c) for c in reduced.values()), default=0.0)) / 32
    before = original  # the costs of the last round whose schedule broke a row
    for _ in range(tries):
        found = pricer.price(reduced)
        if found is None:
            return None
        column = found[1]
        if pricer.spec.exact:  # the programme keeps every rule it was given: all of them
            return column
        check = check or check_of(pricer, rows)
        broken = check.broken(column)
        if not broken:
            if before is original:
                return column  # kept them at once
            return _least_change(pricer, original, before, reduced, check, column, refine)
        before = dict(reduced)
        for row in broken:
            total = sum(c * column[v] for v, c in row.terms)
            sign = 1.0 if row.hi is not None and total > row.hi else -1.0
            for v, c in row.terms:
                reduced[v] = reduced.get(v, 0.0) + sign * step * c
        step *= 2
    return None


def _least_change(
    pricer: DPPricer,
    original: dict[int, float],
    broke: dict[int, float],
    kept: dict[int, float],
    check: RowCheck,
    column: dict[int, int],
    steps: int,
) -> dict[int, int]:
    """Of `column` (which keeps the rows of `check` under the costs `kept`) and the schedules
    found by `steps` of bisection between `broke` (whose schedule broke a row) and `kept`, the
    one that keeps every row of `check` and costs least under the `original` costs. The
    doubling of :func:`keep_rows` can overshoot by up to twice what the rows need, and a
    physician then works fewer duties of the dearer kind than they may (Instance12 tiled 6x2:
    a roster rounded from PDLP's LP of 97,551 instead of about 60,000 in some runs;
    docs/roster.md)."""

    def cost(schedule: dict[int, int]) -> float:
        return sum(original.get(v, 0.0) * x for v, x in schedule.items() if x)

    best, best_cost = column, cost(column)
    low, high = 0.0, 1.0  # shares of the way from `broke` to `kept`
    for _ in range(steps):
        mid = (low + high) / 2
        costs = {v: broke.get(v, 0.0) + mid * (c - broke.get(v, 0.0)) for v, c in kept.items()}
        found = pricer.price(costs)
        if found is not None and not check.broken(found[1]):
            high = mid
            if cost(found[1]) < best_cost:
                best, best_cost = found[1], cost(found[1])
        else:
            low = mid
    return best


__all__ = ["REPAIR_STEPS", "RowCheck", "check_of", "keep_rows"]
