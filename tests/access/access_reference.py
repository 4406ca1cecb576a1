"""A naive, loop-based reference of the floating-catchment family, written from the papers.

Deliberately independent of regioplan.access.engine: plain dictionaries and Python loops.
"""

from __future__ import annotations

import math
from collections.abc import Callable


def naive_fca(
    method: str,
    demand: dict[str, float],
    supply: dict[str, float],
    costs: list[tuple[str, str, float]],
    weight: Callable[[float], float],
    max_cost: float = math.inf,
) -> dict[str, float]:
    """Scores per demand area (unscaled: supply per demand unit; cumulative: supply)."""
    pairs = [(i, j, weight(c)) for i, j, c in costs if c <= max_cost]
    if method == "cumulative":
        return {i: sum(w * supply[j] for a, j, w in pairs if a == i) for i in demand}
    if method == "3sfca":
        total = {i: sum(w for a, _, w in pairs if a == i) for i in demand}
        pairs = [(i, j, w * (w / total[i] if total[i] > 0 else 0.0)) for i, j, w in pairs]
    ratio = {}
    for j in supply:
        served = sum(demand[i] * w for i, b, w in pairs if b == j)
        ratio[j] = supply[j] / served if served > 0 else 0.0
    return {i: sum(w * ratio[j] for a, j, w in pairs if a == i) for i in demand}


def step(steps: dict[float, float]) -> Callable[[float], float]:
    def f(c: float) -> float:
        for k in sorted(steps):
            if c <= k:
                return steps[k]
        return 0.0

    return f
