"""Large-neighbourhood search with CP-SAT: re-optimise a part of the roster, keep the rest.

Each step frees the duties of a window of days (everyone), of a few physicians (all days), of
a few physicians in a window, of physicians around a day whose cover costs something, or of the
physicians who could cover a duty left short together with those who have duties to spare; it
fixes every other duty to the incumbent roster and lets CP-SAT re-optimise the freed part for at
most `SUB_SECONDS`. The kind of neighbourhood is drawn by its recent success (adaptive LNS).
The neighbourhood is sized by the number of freed duty variables: it grows while CP-SAT solves
the sub-problems to optimality and shrinks when they time out, so the steps stay small and fast
(many small steps beat a few large ones with one or two threads; measured in docs/roster.md).
Better rosters are kept, and so are equally good but different ones, which lets the search drift
across plateaus of equal cost. With two workers and nothing beside it, two such searches run side
by side with one CP-SAT worker each and share the best roster (:func:`improve`). The caller may
leave out the neighbourhoods of a few physicians on all days (a large model's long horizon).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from regioplan.roster.backends import FEASIBLE, OPTIMAL, Run, objective_of
from regioplan.roster.formulation import LinearModel
from regioplan.roster.threads import in_threads

SUB_SECONDS = 1.0  # time limit of one sub-problem
START_FREE = 600  # freed duty variables in the first step
MIN_FREE = 40
GROW = 1.1  # after a sub-problem solved to optimality without gain
SHRINK = 0.85  # after a sub-problem that timed out
# CP-SAT's full LP relaxation in the sub-problems: on Curtois 6-9 and 12 it cut the LNS result by
# 5-25 % against the default linearization (same start, 12 s each; docs/roster.md)
SUB_PARAMETERS = "linearization_level: 2"
HOT = True  # also free neighbourhoods around days whose cover costs something
# Each kind of neighbourhood is drawn with a weight that follows its recent success (adaptive
# LNS): weight <- (1 - DECAY) * weight + DECAY * (1 if the step improved else 0), at least
# MIN_WEIGHT. Which kind pays differs per instance: neighbourhoods around a duty short of cover
# (`_chain`) found 7 of 22 gains on Curtois 12 and none on 8 (30 s from the same start; drawn
# as often as the others they made 8 worse: docs/roster.md).
DECAY = 0.2
MIN_WEIGHT = 0.1
# Where the caller asks (a plan from windows, whose support is narrower than the whole LP's),
# this share of the steps leaves the focus out: windows of a week freed for everyone within
# the focus found nothing where the same windows without it covered more duties. On
# Instance12 tiled 3x2, of the shares 0, 25, 50, 75 and 100%, a quarter did best from the
# LNS's start and second best from a stalled roster (half did best there, but from the
# start it ended dearer than none, as did more); the engine then ended 3x2 nearer its
# bound in 5 of 6 seeds (mean 7.0% against 8.0%; docs/roster.md, twenty-fourth round).
LOOSE = 0.25


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
    capacity: Sequence[int] | None = None,
    steps: int | None = None,
    beside: threading.Thread | None = None,
    focus: Callable[[], set[int] | None] | None = None,
    searches: int | None = None,
    whole_horizon: bool = True,
    loose: float = 0.0,
) -> Run:
    """Improve the feasible full assignment `incumbent` for `time_limit` seconds (or until
    `stop` is set, or after `steps` neighbourhoods: a stopping rule that does not depend on the
    machine's speed). `capacity` (the most duties each physician may work) enables the
    neighbourhoods around duties short of cover. `beside` is a thread that uses a core of its
    own (a bound being proven): once it has ended, the steps use one worker more. `focus`
    gives the duty variables worth working (the LP's support) once they are known: from then on
    a step frees only those and the duties the best roster works; the rest stay off.

    With two or more `workers` and no `steps`, that many searches run side by side (at most
    `searches`), each solving its sub-problems with one worker, and share the best roster: a
    step's result is put onto the best roster as it is when the step ends (:func:`_merge`),
    so the searches do not undo each other's gains (docs/roster.md, "Twelfth round"). With
    `steps`, or `searches` 1, the search is one thread, and with `steps` reproducible.
    Without `whole_horizon` no step frees some physicians on all days (a large model's long
    horizon, :meth:`regioplan.roster.phases.Phases.lns`). A share `loose` of the steps
    leaves `focus` out (with a neighbourhood size of its own)."""
    started = time.perf_counter()
    if capacity is not None and len(capacity) != physicians:
        raise ValueError(f"capacity has {len(capacity)} entries for {physicians} physicians")
    threads = max(1, min(workers, searches or workers)) if steps is None else 1
    search = _Search(
        model,
        incumbent,
        horizon=horizon,
        physicians=physicians,
        deadline=started + time_limit,
        seed=seed,
        workers=workers if threads == 1 else 1,
        stop=stop,
        capacity=capacity,
        steps=steps,
        beside=beside,
        focus=focus,
        whole_horizon=whole_horizon,
        loose=loose,
    )
    in_threads(search.run, threads, search.errors)  # an error stops the other searches too
    seconds = time.perf_counter() - started
    if search.optimal:  # the whole roster was free and solved to optimality
        return Run("lns", OPTIMAL, search.best, search.best_obj, float(search.best_obj), seconds)
    return Run("lns", FEASIBLE, search.best, search.best_obj, float("-inf"), seconds)


class _Search:
    """The state the LNS's threads share (behind one lock): the best roster, the neighbourhood
    size, each kind's weight and the step count."""

    def __init__(
        self,
        model: LinearModel,
        incumbent: list[int],
        *,
        horizon: int,
        physicians: int,
        deadline: float,
        seed: int,
        workers: int,
        stop: threading.Event | None,
        capacity: Sequence[int] | None,
        steps: int | None,
        beside: threading.Thread | None,
        focus: Callable[[], set[int] | None] | None,
        whole_horizon: bool,
        loose: float,
    ) -> None:
        self.model = model
        self.horizon = horizon
        self.physicians = physicians
        self.deadline = deadline
        self.seed = seed
        self.workers = workers
        self.stop = stop
        self.capacity = capacity
        self.steps = steps
        self.beside = beside
        self.focus = focus
        self.kinds = [0, 1, 2] if whole_horizon else [0, 2]  # see `_neighbourhood`
        self.rng = random.Random(seed)
        self.index = Index(model)
        self.best = list(incumbent)
        self.best_obj = objective_of(model, self.best)
        self.by_var = list(model.x.items())
        self.total = len(self.by_var)
        self.per_cell = self.total / max(1, horizon * physicians)  # duty variables a physician-day
        self.loose = loose
        # freed duty variables to aim for, per step within the focus (False) and outside it
        self.target = dict.fromkeys((False, True), float(min(self.total, START_FREE)))
        self.step = 0
        self.weight = dict.fromkeys(range(5), 0.5)  # per kind: `_neighbourhood` 0-3, `_chain` 4
        self.optimal = False
        self.errors: list[BaseException] = []  # raised by a search: the others stop too
        self.lock = threading.Lock()

    def _going(self) -> bool:
        return (
            time.perf_counter() < self.deadline - 0.2
            and not (self.stop is not None and self.stop.is_set())
            and not self.optimal
            and not self.errors
            and not (self.steps is not None and self.step >= self.steps)
        )

    def run(self) -> None:
        """Steps until the time, the step count or `stop` ends the search."""
        from ortools.sat.python import cp_model

        while True:
            with self.lock:
                if not self._going():
                    return
                self.step += 1
                step, base = self.step, self.best
                keep = self.focus() if self.focus is not None else None
                loose = keep is not None and self.loose > 0 and self.rng.random() < self.loose
                cells = self.target[loose] / max(self.per_cell, 1e-9)
                kind, free = _draw(
                    self.rng,
                    self.kinds,
                    self.weight,
                    base,
                    self.index,
                    self.capacity,
                    cells,
                    self.horizon,
                    self.physicians,
                )
            freed = [v for (e, d, _s), v in self.by_var if free(e, d)]
            if keep is not None and not loose:
                freed = [v for v in freed if v in keep or base[v]]
            extra = 1 if self.beside is not None and not self.beside.is_alive() else 0
            code, found = solve_part(
                self.index, freed, base, self.deadline, self.workers + extra, self.seed + step
            )
            whole = code == cp_model.OPTIMAL and len(freed) == self.total
            with self.lock:
                reward = 0.0
                if found is not None:
                    merged = found if whole else _merge(self.index, self.best, base, found, freed)
                    if merged is not None:
                        obj = objective_of(self.model, merged)
                        reward = 1.0 if obj < self.best_obj else 0.0
                        if obj < self.best_obj or (obj == self.best_obj and merged != self.best):
                            self.best, self.best_obj = merged, obj
                self.weight[kind] = max(
                    MIN_WEIGHT, (1 - DECAY) * self.weight[kind] + DECAY * reward
                )
                if whole:  # the whole roster was free: its optimum
                    self.optimal = True
                # solved to optimality: free more next time; timed out: free less
                if code == cp_model.OPTIMAL:
                    self.target[loose] = min(float(self.total), self.target[loose] * GROW)
                else:
                    self.target[loose] = max(float(MIN_FREE), self.target[loose] * SHRINK)


def _merge(
    index: Index, best: list[int], base: list[int], found: list[int], freed: list[int]
) -> list[int] | None:
    """`found` (a sub-problem's roster from `base`) put onto `best`: its freed duties that
    differ from `base`, on the roster `best` as it is now (another search may have changed it
    since), auxiliaries polished; None when that breaks a row. `found` itself when `best` is
    still `base`."""
    if best is base:
        return found
    changed = [v for v in freed if found[v] != base[v]]
    if not changed:
        return None
    merged = list(best)
    for v in changed:
        merged[v] = found[v]
    merged = index.model.polish(merged)
    # every row over a changed variable, auxiliaries too (a limit on weekends worked counts
    # the weekend's auxiliary, not the duty); the other rows are as in `best`, which keeps them
    moved = [v for v, (a, b) in enumerate(zip(merged, best, strict=True)) if a != b]
    rows = {r for v in moved for r in index.rows_of[v]}
    if not all(index.model.rows[r].holds(merged) for r in rows):
        return None
    return merged


def _draw(
    rng: random.Random,
    kinds: list[int],
    weight: dict[int, float],
    best: list[int],
    index: Index,
    capacity: Sequence[int] | None,
    cells: float,
    horizon: int,
    physicians: int,
) -> tuple[int, Callable[[int, int], bool]]:
    """The kind of the next neighbourhood (one of `kinds` or 3 and 4 where they apply, by
    its weight) and which (physician, day) it frees."""
    model = index.model
    hot = [d for v, d in model.day_of.items() if best[v] > 0 and index.cost[v] > 0]
    short = [ds for v, ds in model.short_of.items() if best[v] > 0 and index.cost[v] > 0]
    kinds = list(kinds)
    if hot and HOT:
        kinds.append(3)
    if short and capacity is not None:
        kinds.append(4)
    kind = rng.choices(kinds, [weight[k] for k in kinds])[0]
    chain = None
    if kind == 4 and capacity is not None:
        chain = _chain(rng, cells, horizon, best, model, capacity, rng.choice(short))
    # nobody to free around the short duty: a few physicians in one or two weeks instead
    free = chain or _neighbourhood(rng, 2 if kind == 4 else kind, cells, horizon, physicians, hot)
    return kind, free


def solve_part(
    index: Index,
    freed: list[int],
    best: list[int],
    deadline: float,
    workers: int,
    seed: int,
    *,
    seconds: float = SUB_SECONDS,
    floor: int | None = None,
    parameters: str = SUB_PARAMETERS,
) -> tuple[Any, list[int] | None]:
    """CP-SAT on the sub-problem of the `freed` duties (the rest as in `best`) for at most
    `seconds` (and not past `deadline`), CP-SAT's `parameters` (text format) on top of that
    time, `workers` and `seed`; returns CP-SAT's status and the polished full roster it
    found, if any. `floor` is a lower bound on the whole objective proven elsewhere: the
    sub-problem then stops as soon as its roster reaches it."""
    from ortools.sat.python import cp_model

    sub, local = index.submodel(freed, best)
    if floor is not None:
        index.floor(sub, local, best, floor)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, min(seconds, deadline - time.perf_counter()))
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    if parameters:
        solver.parameters.merge_text_format(parameters)
    code = solver.solve(sub)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return code, None
    solution = solver.response_proto.solution
    values = list(best)
    for v, k in local.items():
        values[v] = int(solution[k])
    return code, index.model.polish(values)


class Index:
    """Which rows each variable appears in, and each variable's objective coefficient, so that a
    sub-problem can be built from the freed variables alone."""

    def __init__(self, model: LinearModel) -> None:
        self.model = model
        self.rows_of: list[list[int]] = [[] for _ in model.names]
        for r, row in enumerate(model.rows):
            for v, _ in row.terms:
                self.rows_of[v].append(r)
        self.cost = model.costs()
        self.duty = [False] * len(model.names)
        for v in model.x.values():
            self.duty[v] = True

    def submodel(self, freed: list[int], best: list[int]) -> tuple[Any, dict[int, int]]:
        """A CP-SAT model over the `freed` duty variables and the auxiliary variables of their
        rows (and of those auxiliaries' rows); every other variable keeps its value in `best`
        and is folded into the row bounds. Returns the model and variable -> its index there.

        Built straight into the model proto: on large rosters this is about twice as fast per
        step as copying the whole model and fixing the rest (measured, docs/roster.md).
        """
        from ortools.sat.python import cp_model

        model = self.model
        local = {v: k for k, v in enumerate(freed)}
        rows: set[int] = set()
        frontier = list(freed)
        while frontier:  # rows of freed variables, their auxiliaries, and those rows
            grown: list[int] = []
            for v in frontier:
                for r in self.rows_of[v]:
                    if r not in rows:
                        rows.add(r)
                        for u, _ in model.rows[r].terms:
                            if not self.duty[u] and u not in local:
                                local[u] = len(local)
                                grown.append(u)
            frontier = grown
        sub = cp_model.CpModel()
        proto = sub.proto
        for v in local:
            proto.variables.add().domain.extend([model.lb[v], model.ub[v]])
        for r in sorted(rows):
            row = model.rows[r]
            fixed = 0
            ks: list[int] = []
            cs: list[int] = []
            for u, c in row.terms:
                k = local.get(u)
                if k is None:
                    fixed += c * best[u]
                else:
                    ks.append(k)
                    cs.append(c)
            if ks:
                linear = proto.constraints.add().linear
                linear.vars.extend(ks)
                linear.coeffs.extend(cs)
                lo = -_BIG if row.lo is None else row.lo - fixed
                hi = _BIG if row.hi is None else row.hi - fixed
                linear.domain.extend([lo, hi])
        objective = [(k, self.cost[v]) for v, k in local.items() if self.cost[v]]
        proto.objective.vars.extend(k for k, _ in objective)
        proto.objective.coeffs.extend(c for _, c in objective)
        proto.solution_hint.vars.extend(range(len(local)))
        proto.solution_hint.values.extend(best[v] for v in local)
        return sub, local

    def floor(self, sub: Any, local: dict[int, int], best: list[int], floor: int) -> None:
        """Restrict the objective of `sub` (from :meth:`submodel`) to rosters whose whole
        objective is at least `floor`, a proven lower bound: CP-SAT then knows that a roster
        reaching it is optimal and stops."""
        fixed = sum(c * best[v] for v, c in enumerate(self.cost) if c and v not in local)
        sub.proto.objective.domain.extend([floor - self.model.constant() - fixed, _BIG])


_BIG = 1 << 40


def _chain(
    rng: random.Random,
    cells: float,
    horizon: int,
    best: list[int],
    model: LinearModel,
    capacity: Sequence[int],
    short: tuple[int, int],
) -> Callable[[int, int], bool] | None:
    """Around a duty short of cover: the physicians who may work it and work next to it
    or on that day (they could stretch a block or switch shifts to cover it) and those with
    duties to spare (they could take over what the first ones drop), in a window of days.
    None when there is nobody to free."""
    day, shift = short
    width = min(horizon, rng.randint(3, 7))
    first = max(0, min(horizon - width, day - rng.randrange(width)))
    load = [0] * len(capacity)
    on: set[tuple[int, int]] = set()
    for (e, d, _s), v in model.x.items():
        if best[v] > 0:
            load[e] += 1
            on.add((e, d))
    near = [
        e
        for e in range(len(capacity))
        if (e, day, shift) in model.x
        and ((e, day) in on or (e, day - 1) in on or (e, day + 1) in on)
    ]
    taken = set(near)
    spare = [e for e in range(len(capacity)) if load[e] < capacity[e] and e not in taken]
    rng.shuffle(near)
    count = max(2, math.ceil(cells / width))
    first_near = min(len(near), (count + 1) // 2)  # up to half of them from `near`, always in
    chosen = set(near[:first_near])
    chosen.update(rng.sample(spare, min(count - first_near, len(spare))))
    if not chosen:
        return None
    return lambda e, d: e in chosen and first <= d < first + width


def _neighbourhood(
    rng: random.Random, kind: int, cells: float, horizon: int, physicians: int, hot: list[int]
) -> Callable[[int, int], bool]:
    """A rule that frees about `cells` physician-days: a window of days for everyone (`kind`
    0), some physicians on all days (1), a few more in one or two weeks (2), or physicians
    around one of the days in `hot` (3), the days whose cover costs something."""
    if kind == 3:  # around a day whose cover costs something, as many physicians as fit
        width = rng.randint(1, 5)
        first = max(0, min(horizon - width, rng.choice(hot) - rng.randrange(width)))
        count = min(physicians, max(2, math.ceil(cells / width)))
        chosen = set(rng.sample(range(physicians), count))
        return lambda e, d: e in chosen and first <= d < first + width
    if kind == 0:  # a window of days, everyone
        width = min(horizon, max(1, round(cells / physicians)))
        first = rng.randrange(horizon - width + 1)
        return lambda e, d: first <= d < first + width
    if kind == 1:  # some physicians, all days
        count = min(physicians, max(1, round(cells / horizon)))
        chosen = set(rng.sample(range(physicians), count))
        return lambda e, d: e in chosen
    # a few more physicians in a window of one to two weeks
    width = min(horizon, rng.randint(7, 14))
    count = min(physicians, max(2, math.ceil(cells / width)))
    first = rng.randrange(horizon - width + 1)
    chosen = set(rng.sample(range(physicians), count))
    return lambda e, d: e in chosen and first <= d < first + width


__all__ = ["Index", "improve", "solve_part"]
