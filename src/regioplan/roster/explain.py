"""Why is a roster problem infeasible? A small set of hard rules that cannot all hold.

Every named hard-rule group (a physician's contract limit, a rest rule, a pinned assignment, a
hard cover minimum, a physician's unavailable days) gets a switch literal in CP-SAT, and the
switches are solved as assumptions. CP-SAT returns a set of switches that is already infeasible;
a deletion pass then drops every rule that is not needed for the conflict, so the answer is a
minimal (irreducible) set whenever the time budget allows.
"""

from __future__ import annotations

import time

from regioplan.roster.backends import build_cpsat, check_seed
from regioplan.roster.formulation import LinearModel, build
from regioplan.roster.model import Problem


def explain_infeasibility(
    problem: Problem, *, seed: int = 0, time_limit: float = 30.0
) -> list[str]:
    """Names of hard rules that together make `problem` infeasible; [] if it is feasible."""
    check_seed(seed)
    model = build(problem, availability_as_rules=True)
    deadline = time.perf_counter() + time_limit
    core = _core(model, model.groups(), seed=seed, time_limit=time_limit)
    if core is None:
        return []
    if not core:
        return ["the structure of the problem itself (one shift per day, coverage counts)"]
    needed = list(core)
    for group in list(core):
        if time.perf_counter() > deadline:
            break
        trial = [g for g in needed if g != group]
        budget = max(0.5, min(5.0, deadline - time.perf_counter()))
        if _core(model, trial, seed=seed, time_limit=budget) is not None:
            needed = trial
    return needed


def _core(
    model: LinearModel, active: list[str], *, seed: int, time_limit: float
) -> list[str] | None:
    """An infeasible subset of `active` groups, or None when they are jointly feasible."""
    from ortools.sat.python import cp_model

    enabled = {g: g in active for g in model.groups()}
    cp, _, literals = build_cpsat(model, enabled_groups=enabled, group_literals=True)
    cp.add_assumptions([literals[g] for g in active])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(cp)
    if status != cp_model.INFEASIBLE:
        return None
    index = {literals[g].index: g for g in active}
    return [index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index]


__all__ = ["explain_infeasibility"]
