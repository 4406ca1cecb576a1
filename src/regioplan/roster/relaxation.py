"""The LP relaxation as a certificate and a guide: GLOP solves the whole model with every duty
continuous, which proves a lower bound on every roster; CP-SAT then re-optimises only the duties
where the best roster and the LP's optimum disagree (or the LP is fractional), keeping every
other duty as both have it (relaxation-induced neighbourhoods, RINS: Danna, Rothberg and Le Pape,
Mathematical Programming 102, 2005).

On models whose relaxation is nearly integral this closes the gap in seconds: on the 120-GP
regional example (20,118 duty variables, fairness between organisations) the LP has 397
fractional duties, its bound is 119, and the first search of the 1,324 duties where the greedy
start and the LP differ finds a roster of 119 (docs/roster.md, "The 120-GP regional example").

On large models (:func:`lp_bound`) PDLP solves it beside the LNS: its row prices, converged or
not, give a bound through :func:`lagrangian_bound`, which is valid for any prices, and its
support (the duties it works) then limits what the LNS frees.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from regioplan.roster.backends import FEASIBLE, OPTIMAL, UNKNOWN, Run, objective_of
from regioplan.roster.formulation import LinearModel
from regioplan.roster.lns import Index, solve_part
from regioplan.roster.lp import GLOP, PDLP, solve_relaxation

PART_SECONDS = 10.0
"""The most one search of the disagreeing duties may take."""
SUPPORT = 1e-3
"""A duty the LP works more than this is in its support (PDLP's values are approximate)."""


def lp_guided(
    model: LinearModel,
    incumbent: list[int],
    *,
    time_limit: float,
    seed: int,
    workers: int,
    stop: threading.Event | None = None,
) -> Run:
    """Solve the LP relaxation, then search where the roster `incumbent` and the LP differ, again
    from each better roster, within `time_limit` seconds in all. The run carries the LP's bound
    (rounded up: objectives are integers) and the best roster (`incumbent` when no search found
    a better one); status ``optimal`` when that roster reaches the bound, ``unknown`` with no
    bound when the LP was not solved in time."""
    started = time.perf_counter()
    deadline = started + time_limit
    best, best_obj = list(incumbent), objective_of(model, incumbent)
    relaxed = solve_relaxation(model, solver=GLOP, time_limit=time_limit)
    if relaxed is None or not relaxed.optimal or relaxed.values is None:
        return Run("lp-guided", UNKNOWN, best, best_obj, -math.inf, time.perf_counter() - started)
    lp = relaxed.values
    assert relaxed.objective is not None  # an optimum has one
    exact = relaxed.objective  # simplex: the optimum, also its own dual bound
    if math.isfinite(relaxed.dual_bound):
        exact = min(exact, relaxed.dual_bound)
    floor = math.ceil(exact - 1e-6)
    index = Index(model)
    duties = list(model.x.values())
    step = 0
    while best_obj > floor and time.perf_counter() < deadline - 0.1:
        if stop is not None and stop.is_set():
            break
        freed = [v for v in duties if abs(lp[v] - best[v]) > 1e-6]
        if not freed:
            break
        step += 1
        _code, found = solve_part(
            index, freed, best, deadline, workers, seed + step, seconds=PART_SECONDS, floor=floor
        )
        if found is None or objective_of(model, found) >= best_obj:
            break  # no better roster where they disagree: the LNS takes over
        best, best_obj = found, objective_of(model, found)
    status = OPTIMAL if best_obj <= floor else FEASIBLE
    return Run("lp-guided", status, best, best_obj, float(floor), time.perf_counter() - started)


def lagrangian_bound(model: LinearModel, duals: Sequence[float]) -> float:
    """A lower bound on every roster's objective from any row prices `duals` (one per row):
    the rows' sides at those prices plus, per variable, the cheaper of its two bounds at its
    reduced cost. Valid whatever the prices (a price of the wrong sign for a one-sided row counts
    as 0), since every variable is bounded; at the LP's optimal prices it is the LP's optimum.
    So an LP solver that stops early, or is accurate only to a tolerance (PDLP), still gives
    a bound that is exact to rounding."""
    reduced = np.array(model.costs(), dtype=np.float64)
    sides = 0.0
    for row, price in zip(model.rows, duals, strict=True):
        if price > 0 and row.lo is not None:
            sides += price * row.lo
        elif price < 0 and row.hi is not None:
            sides += price * row.hi
        else:
            continue
        for v, c in row.terms:
            reduced[v] -= price * c
    lb = np.array(model.lb, dtype=np.float64)
    ub = np.array(model.ub, dtype=np.float64)
    return float(model.constant() + sides + np.minimum(lb * reduced, ub * reduced).sum())


def lp_bound(
    model: LinearModel, *, time_limit: float, interrupter: Any = None
) -> tuple[Run, list[float] | None]:
    """The LP relaxation's bound by PDLP (first-order, one thread, little memory beside the
    model) from whatever prices it reached when it converged, ran out of `time_limit` or was
    stopped by `interrupter` (:func:`lagrangian_bound`; bound -inf when it reached none), and
    the value of every variable in its last solution (None without one)."""
    started = time.perf_counter()
    relaxed = solve_relaxation(model, solver=PDLP, time_limit=time_limit, interrupter=interrupter)
    bound = -math.inf
    if relaxed is not None and relaxed.prices is not None:
        bound = lagrangian_bound(model, relaxed.prices)
    run = Run("lp-bound", UNKNOWN, None, None, bound, time.perf_counter() - started)
    return run, relaxed.values if relaxed is not None else None


def support_of(model: LinearModel, values: Sequence[float] | npt.NDArray[np.float64]) -> set[int]:
    """The LP's support: the duty variables its solution `values` works (more than
    :data:`SUPPORT`)."""
    return {v for v in model.x.values() if values[v] > SUPPORT}


__all__ = ["PART_SECONDS", "SUPPORT", "lagrangian_bound", "lp_bound", "lp_guided", "support_of"]
