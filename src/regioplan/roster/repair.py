"""Repairing a schedule of a relaxed dynamic-programming pricer (:mod:`regioplan.roster.pricing`).

A pricer that had to relax a limit per shift type (too many states) may return a schedule
that breaks that limit. :func:`keep_rows` makes the broken row's duties dearer until the
schedule keeps every rule, then looks for the least such change (docs/roster.md, "Solving").
"""

from __future__ import annotations

from regioplan.roster.formulation import Row
from regioplan.roster.pricing import DPPricer

REPAIR_STEPS = 3  # bisection steps of :func:`_least_change` after a repair


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
    step = (1.0 + max((abs(c) for c in reduced.values()), default=0.0)) / 32
    before = original  # the costs of the last round whose schedule broke a row
    for _ in range(tries):
        found = pricer.price(reduced)
        if found is None:
            return None
        column = found[1]
        broken = [row for row in rows if not row.holds(column)]
        if not broken:
            if before is original:
                return column  # kept them at once
            return _least_change(pricer, original, before, reduced, rows, column, refine)
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
    rows: list[Row],
    column: dict[int, int],
    steps: int,
) -> dict[int, int]:
    """Of `column` (which keeps `rows` under the costs `kept`) and the schedules found by
    `steps` of bisection between `broke` (whose schedule broke a row) and `kept`, the one
    that keeps every row and costs least under the `original` costs. The doubling of
    :func:`keep_rows` can overshoot by up to twice what the rows need, and a physician then
    works fewer duties of the dearer kind than they may (Instance12 tiled 6x2: a roster
    rounded from PDLP's LP of 97,551 instead of about 60,000 in some runs; docs/roster.md)."""

    def cost(schedule: dict[int, int]) -> float:
        return sum(original.get(v, 0.0) * x for v, x in schedule.items() if x)

    best, best_cost = column, cost(column)
    low, high = 0.0, 1.0  # shares of the way from `broke` to `kept`
    for _ in range(steps):
        mid = (low + high) / 2
        costs = {v: broke.get(v, 0.0) + mid * (c - broke.get(v, 0.0)) for v, c in kept.items()}
        found = pricer.price(costs)
        if found is not None and all(row.holds(found[1]) for row in rows):
            high = mid
            if cost(found[1]) < best_cost:
                best, best_cost = found[1], cost(found[1])
        else:
            low = mid
    return best


__all__ = ["REPAIR_STEPS", "keep_rows"]
