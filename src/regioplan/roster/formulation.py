"""The roster problem written once as an integer linear model, solver-neutral.

Every rule becomes rows over binary variables x[physician, day, shift]; every soft rule becomes a
named penalty (a linear expression plus a constant). The CP-SAT and HiGHS back-ends translate this
one model, so both solvers optimise exactly the same thing. Each hard row carries a `group`: the
human-readable rule it belongs to, which the infeasibility explanation switches on and off.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from regioplan.roster.model import Problem, ShiftType

STRUCTURE = "structure"

Terms = list[tuple[int, int]]


class _Work(Protocol):
    def __call__(self, e: int, d: int, shifts: Sequence[int] | None = None) -> Terms: ...


@dataclass(frozen=True)
class Row:
    """lo <= sum(coef * var) <= hi; None means unbounded on that side."""

    terms: tuple[tuple[int, int], ...]
    lo: int | None
    hi: int | None
    group: str

    def holds(self, values: Mapping[int, int] | Sequence[int]) -> bool:
        """Whether the row holds for `values` (variable -> value; a list or a mapping)."""
        total = sum(c * values[v] for v, c in self.terms)
        return (self.lo is None or total >= self.lo) and (self.hi is None or total <= self.hi)


def least_value(pieces: list[tuple[Terms, int]], values: Mapping[int, int] | Sequence[int]) -> int:
    """The least value of an auxiliary defined by `pieces` (see :meth:`LinearModel.define`)."""
    return max([0, *(const + sum(c * values[v] for v, c in terms) for terms, const in pieces)])


@dataclass
class LinearModel:
    """Variables (integer, bounded), rows, and the objective as named penalties."""

    names: list[str] = field(default_factory=list)
    lb: list[int] = field(default_factory=list)
    ub: list[int] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    penalties: dict[str, tuple[Terms, int]] = field(default_factory=dict)
    x: dict[tuple[int, int, int], int] = field(default_factory=dict)
    derived: list[tuple[int, list[tuple[Terms, int]]]] = field(default_factory=list)
    day_of: dict[int, int] = field(default_factory=dict)  # auxiliary variable -> its day
    # variable -> the physician it belongs to (duties and that physician's own auxiliaries);
    # rows over one physician's variables only are that physician's rules
    owner: dict[int, int] = field(default_factory=dict)
    # cover shortfall variable -> (day, shift index) it counts
    short_of: dict[int, tuple[int, int]] = field(default_factory=dict)
    # blocks() worked out: (its key, own variables, own rows, linking rows)
    _blocks: (
        tuple[tuple[int, int, int], dict[int, list[int]], dict[int, list[Row]], list[Row]] | None
    ) = field(default=None, init=False, repr=False, compare=False)

    def var(self, name: str, lb: int, ub: int) -> int:
        self.names.append(name)
        self.lb.append(lb)
        self.ub.append(ub)
        return len(self.names) - 1

    def add(self, terms: Terms, lo: int | None, hi: int | None, group: str = STRUCTURE) -> None:
        if not terms and (lo is None or lo <= 0) and (hi is None or hi >= 0):
            return
        self.rows.append(Row(tuple(terms), lo, hi, group))

    def penalize(self, name: str, terms: Terms, constant: int = 0) -> None:
        old_terms, old_const = self.penalties.get(name, ([], 0))
        self.penalties[name] = ([*old_terms, *terms], old_const + constant)

    def define(self, var: int, pieces: list[tuple[Terms, int]]) -> None:
        """Declare `var` = max(0, max over pieces of sum(terms) + constant) at its cheapest."""
        self.derived.append((var, pieces))

    def polish(self, values: list[int]) -> list[int]:
        """`values` with every auxiliary variable set to its least value for the same roster.

        A solver may stop with slack in the auxiliaries (a shortfall and a surplus on the same
        shift, a fairness deviation larger than needed); the roster's true cost is the cost with
        that slack removed, which is what is reported.
        """
        out = list(values)
        for var, pieces in self.derived:
            out[var] = least_value(pieces, out)
        return out

    def satisfied(self, values: list[int]) -> bool:
        """Whether a full assignment keeps every bound and every row."""
        if any(not lo <= v <= hi for v, lo, hi in zip(values, self.lb, self.ub, strict=True)):
            return False
        return all(row.holds(values) for row in self.rows)

    def groups(self) -> list[str]:
        """The named hard-rule groups, in first-seen order."""
        seen: dict[str, None] = {}
        for row in self.rows:
            if row.group != STRUCTURE:
                seen.setdefault(row.group, None)
        return list(seen)

    def blocks(self) -> tuple[dict[int, list[int]], dict[int, list[Row]], list[Row]]:
        """Each physician's own variables and own rows (rows over that physician's variables
        only: their rules), and the linking rows (cover, organisations' shares).

        Worked out once for the model as it stands (1.4 s on Instance12 tiled 6x2, and every
        rounding and LP phase asks), so the same lists come back each time; the dictionaries
        are fresh copies, so a caller's lookups of a physician without variables (they are
        defaultdicts) do not change what the next caller gets."""
        key = (len(self.names), len(self.rows), len(self.owner))  # build() only appends
        if self._blocks is None or self._blocks[0] != key:
            own_vars: dict[int, list[int]] = defaultdict(list)
            for v, e in self.owner.items():
                own_vars[e].append(v)
            own_rows: dict[int, list[Row]] = defaultdict(list)
            linking: list[Row] = []
            for row in self.rows:
                owners = {self.owner.get(v, -1) for v, _ in row.terms}
                if len(owners) == 1 and -1 not in owners:
                    own_rows[owners.pop()].append(row)
                else:
                    linking.append(row)
            self._blocks = (key, own_vars, own_rows, linking)
        _, own_vars, own_rows, linking = self._blocks
        return defaultdict(list, own_vars), defaultdict(list, own_rows), list(linking)

    def costs(self, skip: Sequence[str] = ()) -> list[int]:
        """Each variable's coefficient in the objective (the named penalties except `skip`)."""
        cost = [0] * len(self.names)
        for name, (terms, _) in self.penalties.items():
            if name not in skip:
                for v, c in terms:
                    cost[v] += c
        return cost

    def constant(self) -> int:
        """The objective's constant term."""
        return sum(const for _, const in self.penalties.values())

    def trivial_bound(self) -> int:
        """A lower bound on the objective without any row: every variable at its cheaper bound
        (0 when every penalty is a non-negative count, as built). Valid for any model, so
        every roster can carry a certificate even when no solver proved more."""
        cost = self.costs()
        return self.constant() + sum(
            min(c * lo, c * hi) for c, lo, hi in zip(cost, self.lb, self.ub, strict=True) if c
        )

    def penalty_values(self, values: list[int]) -> dict[str, int]:
        """Each named penalty evaluated at a full variable assignment."""
        return {
            name: const + sum(c * values[v] for v, c in terms)
            for name, (terms, const) in self.penalties.items()
        }


def build(problem: Problem, *, availability_as_rules: bool = False) -> LinearModel:
    """Translate `problem` into a :class:`LinearModel`.

    Unavailable days normally get no variables at all; with `availability_as_rules` they get
    variables fixed to 0 by a named group per physician, so an explanation can point at them.
    """
    m = LinearModel()
    days = range(problem.horizon)
    shift_index = {s.id: i for i, s in enumerate(problem.shifts)}
    for e, doc in enumerate(problem.physicians):
        for d in days:
            if d in doc.unavailable and not availability_as_rules:
                continue
            for s, shift in enumerate(problem.shifts):
                capped = doc.max_shifts_per_type.get(shift.id) == 0 and not availability_as_rules
                if problem.eligible(doc, shift) and not capped:
                    m.x[e, d, s] = m.var(f"x[{doc.id},{d},{shift.id}]", 0, 1)
                    m.owner[m.x[e, d, s]] = e
                    if d in doc.unavailable:
                        group = f"physician {doc.id}: unavailable (days {_days(doc.unavailable)})"
                        m.add([(m.x[e, d, s], 1)], None, 0, group)

    def work(e: int, d: int, shifts: Sequence[int] | None = None) -> Terms:
        ids = range(len(problem.shifts)) if shifts is None else shifts
        return [(m.x[e, d, s], 1) for s in ids if (e, d, s) in m.x]

    for e in range(len(problem.physicians)):
        _physician_rules(problem, m, e, work)
    _successions(problem, m, shift_index, work)
    _fixed(problem, m, shift_index, work)
    _cover(problem, m, shift_index)
    _requests(problem, m, shift_index, work)
    _fairness(problem, m, work)
    return m


def _physician_rules(problem: Problem, m: LinearModel, e: int, work: _Work) -> None:
    doc = problem.physicians[e]
    who = f"physician {doc.id}"
    horizon = problem.horizon
    on = [work(e, d) for d in range(horizon)]  # the duty variables of each day
    for d in range(horizon):
        m.add(on[d], None, 1)
    everything = [t for d in range(horizon) for t in on[d]]
    for s, shift in enumerate(problem.shifts):
        limit = doc.max_shifts_per_type.get(shift.id)
        if limit is not None:
            terms = [t for d in range(horizon) for t in work(e, d, [s])]
            if len(terms) > limit:
                m.add(terms, None, limit, f"{who}: at most {limit} shifts of type {shift.id}")
    if doc.min_shifts > 0 or (doc.max_shifts is not None and doc.max_shifts < len(everything)):
        m.add(everything, doc.min_shifts or None, doc.max_shifts, f"{who}: contract shift count")
    minutes = [
        (m.x[e, d, s], shift.duration)
        for d in range(horizon)
        for s, shift in enumerate(problem.shifts)
        if (e, d, s) in m.x
    ]
    if doc.min_minutes > 0 or doc.max_minutes is not None:
        m.add(minutes, doc.min_minutes or None, doc.max_minutes, f"{who}: contract minutes")
    if doc.max_consecutive is not None:
        k = doc.max_consecutive
        for d in range(horizon - k):
            window = [t for dd in range(d, d + k + 1) for t in on[dd]]
            m.add(window, None, k, f"{who}: at most {k} consecutive working days")
    # A run starting on day d (worked d, not d-1) must still be on at d+j (j < k) unless the
    # horizon ends first; days-off runs likewise. Runs touching day 0 or the last day are not
    # bound, unless that edge is closed: then a day outside the horizon counts as the opposite
    # of the run, so a run touching a closed edge must keep its minimum length inside it.
    closed_start, closed_end = problem.closed
    for k, off, label in (
        (doc.min_consecutive, False, f"at least {doc.min_consecutive} consecutive working days"),
        (doc.min_consecutive_off, True, f"at least {doc.min_consecutive_off} consecutive days off"),
    ):
        sign = -1 if off else 1
        for d in range(0 if closed_start else 1, horizon):
            for j in range(1, k):
                ends = d + j > horizon - 1
                if ends and not closed_end:
                    break
                terms = [(v, sign * c) for v, c in on[d]]
                terms += [(v, -sign * c) for v, c in (on[d - 1] if d > 0 else [])]
                terms += [(v, -sign * c) for v, c in (on[d + j] if not ends else [])]
                # days outside are worked for a days-off run (moved to the right-hand side)
                outside = (d == 0) + ends
                m.add(_merge(terms), None, 0 if not off else 1 - outside, f"{who}: {label}")
                if ends:
                    break
    nights = [t for d in range(horizon) for t in work(e, d, _ids(problem, lambda s: s.night))]
    if doc.max_nights is not None and len(nights) > doc.max_nights:
        m.add(nights, None, doc.max_nights, f"{who}: at most {doc.max_nights} nights")
    weekends = problem.weekends()
    if doc.max_weekends is not None and doc.max_weekends < len(weekends):
        flags: Terms = []
        for k_, wk in enumerate(weekends):
            flag = m.var(f"weekend[{doc.id},{k_}]", 0, 1)
            m.owner[flag] = e
            for d in wk:
                m.add([(flag, 1)] + [(v, -c) for v, c in on[d]], 0, None)
            m.add([(flag, 1)] + [(v, -c) for d in wk for v, c in on[d]], None, 0)
            m.define(flag, [(on[d], 0) for d in wk])
            flags.append((flag, 1))
        m.add(flags, None, doc.max_weekends, f"{who}: at most {doc.max_weekends} weekends")
    if doc.free_day_after_weekend:
        for wk in weekends:
            monday = wk[-1] + 1
            if monday < horizon and problem.date_of(monday).weekday() == 0:
                for d in wk:
                    m.add(on[d] + on[monday], None, 1, f"{who}: free day after weekend")


def _successions(problem: Problem, m: LinearModel, idx: dict[str, int], work: _Work) -> None:
    after: dict[int, list[int]] = defaultdict(list)
    for first, then in sorted(problem.forbidden_successions()):
        after[idx[first]].append(idx[then])
    for e, doc in enumerate(problem.physicians):
        for d in range(problem.horizon - 1):
            for s, nexts in after.items():
                if (e, d, s) in m.x:
                    nxt = work(e, d + 1, nexts)
                    if nxt:
                        m.add([(m.x[e, d, s], 1), *nxt], None, 1, f"physician {doc.id}: rest rule")


def _fixed(problem: Problem, m: LinearModel, idx: dict[str, int], work: _Work) -> None:
    for f in problem.fixed:
        e = next(i for i, p in enumerate(problem.physicians) if p.id == f.physician)
        if f.shift is None:
            m.add(work(e, f.day), None, 0, f"pinned: {f.physician} off on day {f.day}")
        else:
            m.add(
                work(e, f.day, [idx[f.shift]]),
                1,
                None,
                f"pinned: {f.physician} works {f.shift} on day {f.day}",
            )


def _cover(problem: Problem, m: LinearModel, idx: dict[str, int]) -> None:
    by_day_shift: dict[tuple[int, int], Terms] = defaultdict(list)
    for (_, d, s), v in sorted(m.x.items()):
        by_day_shift[d, s].append((v, 1))
    for c in problem.cover:
        s = idx[c.shift]
        staff = by_day_shift.get((c.day, s), [])
        under = m.var(f"under[{c.day},{c.shift}]", 0, c.requirement)
        over = m.var(f"over[{c.day},{c.shift}]", 0, max(0, len(staff) - c.requirement))
        m.rows.append(
            Row(tuple([*staff, (under, 1), (over, -1)]), c.requirement, c.requirement, STRUCTURE)
        )
        m.define(under, [([(v, -k) for v, k in staff], c.requirement)])
        m.day_of[under] = m.day_of[over] = c.day
        m.short_of[under] = (c.day, s)
        m.define(over, [(staff, -c.requirement)])
        if c.hard_minimum > 0:
            group = f"cover: day {c.day} shift {c.shift} needs at least {c.hard_minimum}"
            m.rows.append(Row(tuple(staff), c.hard_minimum, None, group))
        m.penalize("cover_under", [(under, c.under_weight)] if c.under_weight else [])
        m.penalize("cover_over", [(over, c.over_weight)] if c.over_weight else [])


def _requests(problem: Problem, m: LinearModel, idx: dict[str, int], work: _Work) -> None:
    for r in problem.requests:
        e = next(i for i, p in enumerate(problem.physicians) if p.id == r.physician)
        terms = work(e, r.day, None if r.shift is None else [idx[r.shift]])
        if r.want:
            m.penalize("requests_on", [(v, -r.weight * c) for v, c in terms], r.weight)
        else:
            m.penalize("requests_off", [(v, r.weight * c) for v, c in terms])


def _fairness(problem: Problem, m: LinearModel, work: _Work) -> None:
    fair = problem.fairness
    weights = {
        "nights": fair.nights,
        "weekends": fair.weekends,
        "holidays": fair.holidays,
        "organisations": fair.organisations,
    }
    targets = problem.fairness_targets()
    nights = _ids(problem, lambda s: s.night)
    for term, weight in weights.items():
        if weight == 0:
            continue
        for who, (lo, hi) in targets[term].items():
            if term == "organisations":
                members = [e for e, p in enumerate(problem.physicians) if p.organisation == who]
                count = [t for e in members for d in range(problem.horizon) for t in work(e, d)]
            else:
                e = next(i for i, p in enumerate(problem.physicians) if p.id == who)
                count = [
                    t
                    for d in range(problem.horizon)
                    if term == "nights"
                    or (term == "weekends" and problem.is_weekend_like(d))
                    or (term == "holidays" and d in problem.holidays)
                    for t in work(e, d, nights if term == "nights" else None)
                ]
            dev = m.var(f"fair_{term}[{who}]", 0, max(len(count), lo))
            if term != "organisations":
                m.owner[dev] = e
            m.rows.append(
                Row(tuple([(dev, 1), *((v, -c) for v, c in count)]), -hi, None, STRUCTURE)
            )
            m.rows.append(Row(tuple([(dev, 1), *count]), lo, None, STRUCTURE))
            m.define(dev, [(count, -hi), ([(v, -c) for v, c in count], lo)])
            m.penalize(f"fair_{term}", [(dev, weight)])


def _ids(problem: Problem, pred: Callable[[ShiftType], bool]) -> list[int]:
    return [i for i, s in enumerate(problem.shifts) if pred(s)]


def _days(days: frozenset[int]) -> str:
    return ", ".join(str(d) for d in sorted(days))


def _merge(terms: Terms) -> Terms:
    acc: dict[int, int] = defaultdict(int)
    for v, c in terms:
        acc[v] += c
    return [(v, c) for v, c in acc.items() if c != 0]


__all__ = ["STRUCTURE", "LinearModel", "Row", "build"]
