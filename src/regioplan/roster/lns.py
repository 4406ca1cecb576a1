"""Large-neighbourhood search with CP-SAT: re-optimise a part of the roster, keep the rest.

Each step frees the duties of a window of days, of a few physicians, or of a few physicians in
a wider window, fixes every other duty to the incumbent roster, and lets CP-SAT re-optimise the
freed part for a second or two. Better rosters are kept; the neighbourhood grows when steps stop
paying off. Small sub-problems are where CP-SAT is strongest, so with only one or two threads this
improves rosters faster than searching the whole model.
"""

from __future__ import annotations

import random
import threading
import time
from typing import Any

from regioplan.roster.backends import FEASIBLE, OPTIMAL, Run, build_cpsat, objective_of
from regioplan.roster.formulation import LinearModel


def improve(
    model: LinearModel,
    incumbent: list[int],
    *,
    horizon: int,
    physicians: int,
    time_limit: float,
    seed: int,
    workers: int = 1,
    stop: threading.Event | None = None,
) -> Run:
    """Improve the feasible full assignment `incumbent` for `time_limit` seconds (or until
    `stop` is set)."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    deadline = started + time_limit
    rng = random.Random(seed)

    def elapsed() -> float:
        return time.perf_counter() - started

    base, xs, _ = build_cpsat(model)
    _objective(base, model, xs)
    best = list(incumbent)
    best_obj = objective_of(model, best)
    by_var = {v: key for key, v in model.x.items()}
    size = 0.25
    step = 0
    while time.perf_counter() < deadline - 0.2 and not (stop is not None and stop.is_set()):
        step += 1
        free = _neighbourhood(rng, size, horizon, physicians)
        sub = cp_model.CpModel()
        sub.proto.copy_from(base.proto)
        for v, (e, d, _s) in by_var.items():
            if not free(e, d):
                domain = sub.proto.variables[v].domain
                domain[0] = best[v]
                domain[1] = best[v]
        for v, x in enumerate(xs):
            sub.add_hint(x, best[v])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, min(2.0, deadline - time.perf_counter()))
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed + step
        code = solver.solve(sub)
        everything = all(free(e, d) for e, d, _ in model.x)
        improved = False
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = model.polish([int(solver.value(x)) for x in xs])
            obj = objective_of(model, values)
            if obj < best_obj:
                best, best_obj, improved = values, obj, True
            if code == cp_model.OPTIMAL and everything:  # the whole roster was free: proven
                return Run("lns", OPTIMAL, best, best_obj, float(best_obj), elapsed())
        if improved:
            continue
        # solved to optimality without gain: free more; timed out: free less
        size = min(0.9, size * 1.15) if code == cp_model.OPTIMAL else max(0.08, size * 0.9)
    return Run("lns", FEASIBLE, best, best_obj, float("-inf"), elapsed())


def _objective(cp: Any, model: LinearModel, xs: list[Any]) -> None:
    from ortools.sat.python import cp_model

    pairs = [(xs[v], c) for terms, _ in model.penalties.values() for v, c in terms]
    constant = sum(const for _, const in model.penalties.values())
    cp.minimize(
        cp_model.LinearExpr.weighted_sum([p[0] for p in pairs], [p[1] for p in pairs]) + constant
    )


def _neighbourhood(rng: random.Random, size: float, horizon: int, physicians: int) -> Any:
    kind = rng.randrange(3)
    if kind == 0:  # a window of days, everyone
        width = max(2, round(size * horizon))
        first = rng.randrange(max(1, horizon - width + 1))
        return lambda e, d: first <= d < first + width
    if kind == 1:  # some physicians, all days
        chosen = set(
            rng.sample(range(physicians), min(physicians, max(2, round(size * physicians))))
        )
        return lambda e, d: e in chosen
    width = max(3, round(min(1.0, 2 * size) * horizon))
    first = rng.randrange(max(1, horizon - width + 1))
    count = min(physicians, max(2, round(min(1.0, 2 * size) * physicians)))
    chosen = set(rng.sample(range(physicians), count))
    return lambda e, d: e in chosen and first <= d < first + width


__all__ = ["improve"]
