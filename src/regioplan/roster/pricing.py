"""Exact pricing for column generation by dynamic programming over one physician's days.

The pricing problem of column generation (:mod:`regioplan.roster.colgen`) asks for the schedule
of one physician that keeps all of their rules and has the least reduced cost. Solving it with
CP-SAT takes about a second per physician and round on the Curtois instances 7-12, so column
generation does not converge within a minute there. The rules of a physician are those of a
resource-constrained path through the days, which this module solves exactly by dynamic
programming over layered states, one layer per day:

- the *mode*: working a run of r days whose last shift has successor class c (the set of shifts
  forbidden on the next day), or off for l days;
- the *resources*: total minutes (in units of the gcd of the shift lengths), number of duties,
  duties per limited shift type, nights, and weekends worked, each up to its maximum.

A run that starts on day 0 is exempt from the minimum run lengths, as in the model's rows
(:mod:`regioplan.roster.formulation`): at day d such a run is exactly the one of length d + 1.
A closed edge of the horizon (`Problem.closed`) takes that exemption away at the start, and at
the end lets only runs of their minimum length end the horizon.
Shifts that behave the same in every rule form one group per day, of which only the cheapest
counts. The programme is a plain loop compiled by numba (:func:`_forward`; a physician of Curtois
12 in about a millisecond, against 50-80 ms for CP-SAT). The optimum is exact (floating point),
so the Lagrangian bound stays valid. With more than MAX_STATES states per day (or MAX_CELLS over
the horizon) the largest limits per shift type are relaxed (``_Spec.exact`` is False): the value
is then a lower bound and the caller checks the schedule. Physicians with rules this module
does not model (a free day after a weekend, owned variables with a cost such as fairness
deviations) get no pricer (:func:`pricers`) and are priced by CP-SAT instead.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from regioplan.roster.formulation import STRUCTURE, LinearModel, least_value
from regioplan.roster.model import Physician, Problem

# states per day; the kernel keeps two days of values and, for every day and state, how it
# was reached (a 2-byte code; 4 bytes when modes x groups is large), so the horizon times the
# states is capped too (MAX_CELLS codes: 120 MB, e.g. 140,000 states over a 364-day year)
MAX_STATES = 200_000
MAX_CELLS = 60_000_000

_BUFFERS = threading.local()  # per thread: the reused predecessor table of each dtype


@dataclass(frozen=True)
class _Group:
    """Shifts that behave alike in every rule (their reduced costs differ)."""

    shifts: tuple[int, ...]
    dest: int  # successor class of the mode after working one of them
    inc: tuple[int, ...]  # increments of the resources other than weekends
    after: tuple[int, ...]  # the successor classes after which they may be worked


@dataclass(frozen=True)
class _Spec:
    """The shape of a physician's rules, from which :class:`DPPricer` builds its tables."""

    horizon: int
    groups: tuple[_Group, ...]
    classes: int
    run_cap: int  # run lengths are counted up to this (the maximum, or else the minimum)
    run_max: bool  # whether run_cap is a maximum
    min_run: int
    off_cap: int  # the minimum number of days off between runs (at least 1)
    sizes: tuple[int, ...]  # of the resource axes (the last one counts weekends, if any)
    lows: tuple[int, ...]
    weekend_axis: int | None
    weekend_day: tuple[bool, ...]
    weekend_first: tuple[bool, ...]
    exact: bool  # False: some limits on shift types are relaxed (too many states)
    closed: tuple[bool, bool] = (False, False)  # Problem.closed: runs at the edges bound too


@dataclass(frozen=True)
class _Own:
    """What is a physician's own: duty variables, pinned days, derived auxiliaries."""

    x: dict[tuple[int, int], int]  # (day, shift) -> variable
    pinned: dict[int, int | None]  # day -> the pinned shift, None for a pinned day off
    derived: list[tuple[int, list[tuple[list[tuple[int, int]], int]]]]


_Resource = tuple[int, int, dict[int, int]]
"""(size, lower limit, increment per shift) of one counted resource of the pricing states."""


def _resources(problem: Problem, doc: Physician, shifts: list[int]) -> tuple[list[_Resource], int]:
    """The physician's counted resources: minutes (in gcd units) and duties first, then counts
    per shift type and nights; and where the per-type counts start. Sizes come from the
    contract alone, not from availability (a limit that cannot bind is harmless)."""
    horizon = problem.horizon
    resources: list[_Resource] = []
    durations = {s: problem.shifts[s].duration for s in shifts}
    if doc.min_minutes > 0 or doc.max_minutes is not None:
        unit = math.gcd(*durations.values()) or 1
        top = horizon * max(durations.values())
        if doc.max_minutes is not None:
            top = min(top, doc.max_minutes)
        low = -(-doc.min_minutes // unit)
        resources.append((top // unit + 1, low, {s: durations[s] // unit for s in shifts}))
    if doc.min_shifts > 0 or (doc.max_shifts is not None and doc.max_shifts < horizon):
        top = horizon if doc.max_shifts is None else min(horizon, doc.max_shifts)
        resources.append((top + 1, doc.min_shifts, dict.fromkeys(shifts, 1)))
    first_count = len(resources)  # the per-type and night counts come after the totals
    for s in shifts:
        limit = doc.max_shifts_per_type.get(problem.shifts[s].id)
        if limit is not None and limit < horizon:
            resources.append((limit + 1, 0, {t: int(t == s) for t in shifts}))
    nights = [s for s in shifts if problem.shifts[s].night]
    if nights and doc.max_nights is not None and doc.max_nights < horizon:
        resources.append((doc.max_nights + 1, 0, {t: int(t in nights) for t in shifts}))
    return resources, first_count


def _successor_classes(
    shifts: list[int], forbidden: set[tuple[int, int]]
) -> tuple[dict[int, int], list[frozenset[int]]]:
    """Each shift's successor class (the set of shifts forbidden the next day) and the classes."""
    class_of_set: dict[frozenset[int], int] = {}
    dest = {}
    for s in shifts:
        key = frozenset(t for t in shifts if (s, t) in forbidden)
        dest[s] = class_of_set.setdefault(key, len(class_of_set))
    return dest, sorted(class_of_set, key=class_of_set.__getitem__)


def _relax(resources: list[_Resource], first_count: int, modes: int, horizon: int) -> bool | None:
    """Drop the largest upper limits on counts of shift types until the states fit (minutes and
    duty counts, which have lower limits, stay; the pricer then checks each schedule). True when
    nothing was dropped, False when some limit was, None when even that does not fit."""
    exact = True
    limit = min(MAX_STATES, MAX_CELLS // horizon)
    while modes * math.prod(r[0] for r in resources) > limit:
        counts = list(range(first_count, len(resources)))
        if not counts:
            return None
        resources.pop(max(counts, key=lambda i: resources[i][0]))
        exact = False
    return exact


def _weekend_days(problem: Problem) -> tuple[list[bool], list[bool]]:
    """Per day: whether it is a weekend day, and whether it is the first day of its weekend."""
    weekend_day = [False] * problem.horizon
    weekend_first = [False] * problem.horizon
    for wk in problem.weekends():
        for i, d in enumerate(wk):
            weekend_day[d] = True
            weekend_first[d] = i == 0
    return weekend_day, weekend_first


def _groups(
    shifts: list[int],
    resources: list[_Resource],
    dest: dict[int, int],
    class_sets: list[frozenset[int]],
) -> tuple[_Group, ...]:
    """Shifts that move the state alike (successor class, increments, allowed after) grouped."""
    by_key: dict[tuple[int, tuple[int, ...], tuple[int, ...]], list[int]] = {}
    for s in shifts:
        inc = tuple(r[2][s] for r in resources)
        after = tuple(c for c, banned in enumerate(class_sets) if s not in banned)
        by_key.setdefault((dest[s], inc, after), []).append(s)
    return tuple(_Group(tuple(ss), k[0], k[1], k[2]) for k, ss in by_key.items())


def _spec(
    problem: Problem,
    e: int,
    x: dict[tuple[int, int], int],
    variables: list[int],
    cost: list[int],
    defined: dict[int, list[tuple[list[tuple[int, int]], int]]],
    bound_only: bool = False,
) -> tuple[_Spec, _Own] | None:
    """Physician `e`'s spec and own data (`x`: their duty variables by (day, shift index)),
    or None when a rule of theirs is not modelled here or the state space is too large even
    with the limits per shift type relaxed (with `bound_only`, all counted limits:
    :func:`pricers`)."""
    doc = problem.physicians[e]
    if doc.free_day_after_weekend:
        return None
    duties = set(x.values())
    aux = [v for v in variables if v not in duties]
    if not x or any(cost[v] or v not in defined for v in aux):
        return None
    horizon = problem.horizon
    ids = {sh.id: i for i, sh in enumerate(problem.shifts)}
    shifts = [i for i, sh in enumerate(problem.shifts) if problem.eligible(doc, sh)]
    forbidden = {(ids[a], ids[b]) for a, b in problem.forbidden_successions()}
    resources, first_count = _resources(problem, doc, shifts)
    dest, class_sets = _successor_classes(shifts, forbidden)
    min_run = max(1, doc.min_consecutive)
    run_cap = max(1, doc.max_consecutive) if doc.max_consecutive is not None else min_run
    off_cap = max(1, doc.min_consecutive_off)
    weekly = doc.max_weekends is not None and doc.max_weekends < len(problem.weekends())
    modes = (len(class_sets) * run_cap + off_cap) * ((doc.max_weekends or 0) + 1 if weekly else 1)
    exact = _relax(resources, first_count, modes, horizon)
    if exact is None and bound_only:
        resources, _ = _resources(problem, doc, shifts)
        exact = _relax(resources, 0, modes, horizon) and False
    if exact is None:
        return None
    sizes = [r[0] for r in resources]
    lows = [r[1] for r in resources]
    weekend_axis: int | None = None
    weekend_day = [False] * horizon
    weekend_first = [False] * horizon
    if weekly:
        weekend_axis = len(sizes)
        sizes.append((doc.max_weekends or 0) + 1)
        lows.append(0)
        weekend_day, weekend_first = _weekend_days(problem)
    pinned: dict[int, int | None] = {}
    for f in problem.fixed:
        if f.physician == doc.id:
            pinned[f.day] = None if f.shift is None else ids[f.shift]
    derived = [(v, defined[v]) for v in aux]
    spec = _Spec(
        horizon=horizon,
        groups=_groups(shifts, resources, dest, class_sets),
        classes=len(class_sets),
        run_cap=run_cap,
        run_max=doc.max_consecutive is not None,
        min_run=min_run,
        off_cap=off_cap,
        sizes=tuple(sizes),
        lows=tuple(lows),
        weekend_axis=weekend_axis,
        weekend_day=tuple(weekend_day),
        weekend_first=tuple(weekend_first),
        exact=exact,
        closed=problem.closed,
    )
    return spec, _Own(x, pinned, derived)


def priceable(problem: Problem, model: LinearModel) -> bool:
    """Whether this module prices every physician of `problem` (a few limits may be relaxed)."""
    specs, rest = _specs(problem, model)
    return bool(specs) and not rest


def pricers(
    problem: Problem,
    model: LinearModel,
    *,
    bound_only: bool = False,
    only: Collection[int] | None = None,
) -> tuple[dict[int, DPPricer], list[int]]:
    """Dynamic-programming pricers for the physicians (by index; those in `only` if given)
    whose rules this module models, and the physicians left for CP-SAT. With `bound_only` a
    physician whose states do not fit even without the limits per shift type also loses the
    limits on minutes and duties: that pricer's optimum is then only a lower bound (its
    schedules may break those limits), for a Lagrangian bound
    (:func:`regioplan.roster.colgen.first_bound`)."""
    specs, rest = _specs(problem, model, bound_only, only)
    return {e: DPPricer(*found) for e, found in specs.items()}, rest


def _specs(
    problem: Problem,
    model: LinearModel,
    bound_only: bool = False,
    only: Collection[int] | None = None,
) -> tuple[dict[int, tuple[_Spec, _Own]], list[int]]:
    own_vars, own_rows, _ = model.blocks()
    cost = model.costs()
    defined = {var: pieces for var, pieces in model.derived}
    # each physician's duty variables, gathered in one pass over the model (one pass per
    # physician took 1.5 s of every solve of Instance12 tiled 3x2, more on the year's tiling)
    duties: dict[int, dict[tuple[int, int], int]] = {}
    for (p, d, s), v in model.x.items():
        duties.setdefault(p, {})[d, s] = v
    specs = {}
    rest = []
    for e in sorted(own_vars if only is None else set(own_vars) & set(only)):
        doc = problem.physicians[e]
        # rows of the physician's own rules and pins only (a hard cover minimum that only
        # this physician can meet is an own row too, which the programme does not model)
        known = all(
            row.group == STRUCTURE
            or row.group.startswith((f"physician {doc.id}: ", f"pinned: {doc.id} "))
            for row in own_rows[e]
        )
        found = (
            _spec(problem, e, duties.get(e, {}), own_vars[e], cost, defined, bound_only)
            if known
            else None
        )
        if found is None:
            rest.append(e)
        else:
            specs[e] = found
    return specs, rest


class DPPricer:
    """Exact pricing for one physician. The tables the kernel (:func:`_forward`) reads are
    built once: states are (mode, resources) with the resources flattened to one index, and
    each increment of the resources is a table from index to index (-1 over a maximum)."""

    def __init__(self, spec: _Spec, own: _Own) -> None:
        self.spec = spec
        self.own = own
        self.row_check: Any = None  # repair.RowCheck of the physician's rows, once needed
        horizon, groups = spec.horizon, spec.groups
        sizes = spec.sizes
        grid = np.indices(sizes).reshape(len(sizes), -1) if sizes else np.zeros((0, 1), int)
        self.states = int(np.prod(sizes)) if sizes else 1
        weekends = spec.weekend_axis is not None
        increments: dict[tuple[int, ...], int] = {}
        self.incid = np.zeros((horizon, len(groups), 2), dtype=np.int64)
        for d in range(horizon):
            for g, group in enumerate(groups):
                for k, from_work in enumerate((False, True)):
                    inc = group.inc
                    if weekends:
                        counted = spec.weekend_day[d] and (spec.weekend_first[d] or not from_work)
                        inc = (*inc, int(counted))
                    self.incid[d, g, k] = increments.setdefault(inc, len(increments))
        self.moves = np.full((max(1, len(increments)), self.states), -1, dtype=np.int64)
        self.back = np.full_like(self.moves, -1)  # the inverse of each move
        for inc, k in increments.items():
            moved = grid + np.asarray(inc, dtype=np.int64).reshape(-1, 1)
            inside = np.all(moved < np.asarray(sizes).reshape(-1, 1), axis=0)
            if sizes:
                flat = np.ravel_multi_index(tuple(moved[:, inside]), sizes)
            else:  # no resources: one state, which every move keeps
                flat = np.zeros(int(inside.sum()), dtype=np.int64)
            self.moves[k, inside] = flat
            self.back[k, flat] = np.arange(self.states)[inside]
        self.final = np.all(grid >= np.asarray(spec.lows, dtype=np.int64).reshape(-1, 1), axis=0)
        self.dest = np.asarray([g.dest for g in groups], dtype=np.int64)
        self.after = np.zeros((len(groups), spec.classes), dtype=np.bool_)
        for g, group in enumerate(groups):
            self.after[g, list(group.after)] = True
        # a run may end where it has its minimum length, or where it started on day 0 (an
        # open start); with a closed end only such modes may end the horizon
        days = (
            np.arange(horizon).reshape(-1, 1) if not spec.closed[0] else np.full((horizon, 1), -1)
        )
        runs = np.arange(1, spec.run_cap + 1).reshape(1, -1)
        self.end_run = (runs >= spec.min_run) | (runs == days)
        offs = np.arange(1, spec.off_cap + 1).reshape(1, -1)
        self.end_off = (offs >= spec.off_cap) | (offs == days)
        self.last_modes = np.ones(spec.classes * spec.run_cap + spec.off_cap, dtype=np.bool_)
        if spec.closed[1]:
            self.last_modes[:] = np.concatenate(
                [np.tile(runs[0] >= spec.min_run, spec.classes), offs[0] >= spec.off_cap]
            )
        self.off_ok = np.asarray(
            [own.pinned.get(d, -1) in (-1, None) for d in range(horizon)], dtype=np.bool_
        )
        # the physician's shifts of each group each day (pins applied), flattened: day, group,
        # shift, variable
        options = [
            (d, g, s, own.x[d, s])
            for d in range(horizon)
            for g, group in enumerate(groups)
            for s in group.shifts
            if (d, s) in own.x and own.pinned.get(d, -1) in (-1, s)
        ]
        table = np.asarray(options, dtype=np.int64).reshape(-1, 4)
        self.opt_day, self.opt_group, self.opt_shift, self.opt_var = table.T.copy()

    def _pred(self) -> Any:
        """This thread's predecessor table, reused between calls (the kernel writes every state
        it reaches before reading it, so stale entries are never read)."""
        spec = self.spec
        modes = spec.classes * spec.run_cap + spec.off_cap
        codes = 2 + (modes + 1) * (len(spec.groups) + 1)
        dtype = np.int16 if codes < np.iinfo(np.int16).max else np.int32
        size = spec.horizon * modes * self.states
        key = np.dtype(dtype).name
        buffer = getattr(_BUFFERS, key, None)
        if buffer is None or buffer.size < size:
            buffer = np.empty(size, dtype=dtype)
            setattr(_BUFFERS, key, buffer)
        return buffer[:size].reshape(spec.horizon, modes, self.states)

    def price(
        self, reduced: Mapping[int, float] | npt.NDArray[np.float64]
    ) -> tuple[float, dict[int, int]] | None:
        """The least reduced cost of a schedule that keeps the physician's rules (absent
        variables count 0) and that schedule (every own variable -> value), or None when no
        schedule keeps the rules. `reduced` maps variables to reduced costs, or is an array
        indexed by variable."""
        spec = self.spec
        groups = len(spec.groups)
        if isinstance(reduced, np.ndarray):
            values = reduced[self.opt_var]
        else:
            values = np.asarray([reduced.get(int(v), 0.0) for v in self.opt_var], dtype=float)
        cost = np.full((spec.horizon, groups), np.inf)
        np.minimum.at(cost, (self.opt_day, self.opt_group), values)
        cheapest = values <= cost[self.opt_day, self.opt_group]
        shift = np.full((spec.horizon, groups), -1, dtype=np.int64)
        shift[self.opt_day[cheapest], self.opt_group[cheapest]] = self.opt_shift[cheapest]
        value, path = _kernel()(
            cost,
            self.dest,
            self.after,
            self.incid,
            self.moves,
            self.back,
            self.end_run,
            self.end_off,
            self.off_ok,
            self.final,
            self.last_modes,
            spec.classes,
            spec.run_cap,
            spec.off_cap,
            spec.run_max,
            self.states,
            self._pred(),
        )
        if not math.isfinite(value):
            return None
        column = dict.fromkeys(self.own.x.values(), 0)
        for d in range(spec.horizon):
            if path[d] >= 0:
                column[self.own.x[d, int(shift[d, path[d]])]] = 1
        for var, pieces in self.own.derived:  # the auxiliaries' terms are this physician's
            column[var] = least_value(pieces, column)
        return float(value), column


def release_buffers() -> None:
    """Free this thread's predecessor tables (a pool's threads free theirs when they end)."""
    for key in list(vars(_BUFFERS)):
        delattr(_BUFFERS, key)


_KERNEL: Any = None


def _kernel() -> Any:
    """The compiled dynamic programme (numba, cached on disk after the first compilation)."""
    global _KERNEL
    if _KERNEL is None:
        import numba

        _KERNEL = numba.njit(cache=True, nogil=True)(_forward)
    return _KERNEL


def _forward(
    cost: Any,
    dest: Any,
    after: Any,
    incid: Any,
    moves: Any,
    back: Any,
    end_run: Any,
    end_off: Any,
    off_ok: Any,
    final: Any,
    last_modes: Any,
    classes: int,
    run_cap: int,
    off_cap: int,
    run_max: bool,
    states: int,
    pred: Any,
) -> tuple[float, Any]:
    """The dynamic programme over days, modes (work: class * run_cap + run - 1; off:
    classes * run_cap + days off - 1) and flattened resources; returns the least cost and
    per day the group worked (-1: off). Plain loops, compiled by numba.

    Only two days of values are kept; `pred` (horizon x modes x states, a small integer type)
    records how each state was reached: 0 not reached, else 1 + previous mode * (groups + 1)
    + (group worked + 1), with previous mode `modes` for day 0. The previous resources follow
    from it (a day off keeps them; work undoes the group's move with `back`), so the path is
    read backwards from the codes alone."""
    horizon, groups = cost.shape
    work_modes = classes * run_cap
    modes = work_modes + off_cap
    inf = np.inf
    width = groups + 1
    prev = np.full((modes, states), inf)
    cur = np.full((modes, states), inf)
    for g in range(groups):  # day 0, from nothing
        c = cost[0, g]
        if c < inf:
            t = moves[incid[0, g, 0], 0]
            m = dest[g] * run_cap
            if t >= 0 and c < cur[m, t]:
                cur[m, t] = c
                pred[0, m, t] = 1 + modes * width + g + 1
    if off_ok[0]:
        cur[work_modes, 0] = 0.0
        pred[0, work_modes, 0] = 1 + modes * width
    for d in range(1, horizon):
        prev, cur = cur, prev
        cur[:, :] = inf
        for m in range(modes):
            for i in range(states):
                v = prev[m, i]
                if v == inf:
                    continue
                if m < work_modes:
                    cls = m // run_cap
                    r = m % run_cap  # run length r + 1
                    if off_ok[d] and end_run[d, r] and v < cur[work_modes, i]:
                        cur[work_modes, i] = v
                        pred[d, work_modes, i] = 1 + m * width
                    nr = r + 1
                    if nr >= run_cap:
                        if run_max:
                            continue
                        nr = run_cap - 1
                    for g in range(groups):
                        c = cost[d, g]
                        if c == inf or not after[g, cls]:
                            continue
                        t = moves[incid[d, g, 1], i]
                        m2 = dest[g] * run_cap + nr
                        if t >= 0 and v + c < cur[m2, t]:
                            cur[m2, t] = v + c
                            pred[d, m2, t] = 1 + m * width + g + 1
                else:
                    ell = m - work_modes  # days off ell + 1
                    if off_ok[d]:
                        m2 = work_modes + min(ell + 1, off_cap - 1)
                        if v < cur[m2, i]:
                            cur[m2, i] = v
                            pred[d, m2, i] = 1 + m * width
                    if end_off[d, ell]:
                        for g in range(groups):
                            c = cost[d, g]
                            if c == inf:
                                continue
                            t = moves[incid[d, g, 0], i]
                            m2 = dest[g] * run_cap
                            if t >= 0 and v + c < cur[m2, t]:
                                cur[m2, t] = v + c
                                pred[d, m2, t] = 1 + m * width + g + 1
    best = inf
    bm = -1
    bi = -1
    for m in range(modes):
        if not last_modes[m]:
            continue
        for i in range(states):
            if final[i] and cur[m, i] < best:
                best = cur[m, i]
                bm = m
                bi = i
    path = np.full(horizon, -1, dtype=np.int64)
    if bm < 0:
        return best, path
    for d in range(horizon - 1, -1, -1):  # back along the recorded predecessors
        code = int(pred[d, bm, bi]) - 1
        pm = code // width
        g = code % width - 1
        if g >= 0:
            path[d] = g
            bi = back[incid[d, g, 1 if pm < work_modes else 0], bi]
        bm = pm
    return best, path


__all__ = ["DPPricer", "priceable", "pricers", "release_buffers"]
