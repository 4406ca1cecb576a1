"""Repairing a schedule of a relaxed dynamic-programming pricer (:mod:`regioplan.roster.pricing`).

A pricer that had to relax a limit per shift type (too many states) may return a schedule
that breaks that limit. :func:`keep_rows` makes the broken row's duties dearer until the
schedule keeps every rule, then looks for the least such change (docs/roster.md, "Solving").
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import numpy.typing as npt

from regioplan.roster.formulation import Row
from regioplan.roster.pricing import DPPricer

REPAIR_STEPS = 3  # bisection steps of :func:`_least_change` after a repair
CHECKS_KEPT = 1024  # row checks kept (:func:`check_of`): one per physician and model in use


class RowCheck:
    """Which of a physician's own rows a schedule breaks, in one sparse product instead of a
    sum per row: a physician has about 2,000 rows on a 168-day horizon, and checking them row
    by row took 3 of the 15 s of the start on Instance12 tiled 6x2 (docs/roster.md, fifteenth
    round)."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        variables: dict[int, int] = {}
        row_of: list[int] = []
        col: list[int] = []
        coef: list[int] = []
        for r, row in enumerate(rows):
            for v, c in row.terms:
                row_of.append(r)
                col.append(variables.setdefault(v, len(variables)))
                coef.append(c)
        self.variables = list(variables)
        self.row_of = np.asarray(row_of, dtype=np.int64)
        self.col = np.asarray(col, dtype=np.int64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.lo = np.asarray([-np.inf if r.lo is None else r.lo for r in rows], dtype=np.float64)
        self.hi = np.asarray([np.inf if r.hi is None else r.hi for r in rows], dtype=np.float64)

    def broken(self, column: dict[int, int]) -> list[Row]:
        """The rows that `column` (each of the rows' variables -> its value) breaks."""
        values: npt.NDArray[np.float64] = np.fromiter(
            (column[v] for v in self.variables), dtype=np.float64, count=len(self.variables)
        )
        totals = np.bincount(self.row_of, self.coef * values[self.col], minlength=len(self.rows))
        return [self.rows[r] for r in np.flatnonzero((totals < self.lo) | (totals > self.hi))]


_CHECKS: OrderedDict[int, RowCheck] = OrderedDict()  # by id of the rows' list, most recent last
_CHECKS_LOCK = threading.Lock()


def check_of(rows: list[Row]) -> RowCheck:
    """The row check of `rows` (a physician's own rows), built once and kept for as long as it
    is among the `CHECKS_KEPT` most recently used: the same lists come back in every round of
    column generation and for every physician of a rounding."""
    with _CHECKS_LOCK:
        check = _CHECKS.get(id(rows))
        if check is not None and check.rows is rows:
            _CHECKS.move_to_end(id(rows))
            return check
    check = RowCheck(rows)  # outside the lock: the pool's threads build theirs side by side
    with _CHECKS_LOCK:
        _CHECKS[id(rows)] = check  # (the check holds `rows`, so the id is not reused)
        while len(_CHECKS) > CHECKS_KEPT:
            _CHECKS.popitem(last=False)
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
    found."""
    original = dict(reduced)
    check = check_of(rows)
    step = (1.0 + max((abs(c) for c in reduced.values()), default=0.0)) / 32
    before = original  # the costs of the last round whose schedule broke a row
    for _ in range(tries):
        found = pricer.price(reduced)
        if found is None:
            return None
        column = found[1]
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
