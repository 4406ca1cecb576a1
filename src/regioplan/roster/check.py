"""An independent roster checker: hard-rule violations and penalties, recomputed from scratch.

This module shares no code with the solver's formulation: it walks the roster day by day in plain
Python and re-derives every rule from the problem's data (rest from shift times, weekends from
dates, fairness targets from the cover). The tests run it on every roster the solver produces, so
a wrong constraint in the model shows up as a disagreement here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, floor

from regioplan.roster.model import MINUTES_PER_DAY, Assignment, Physician, Problem, ShiftType


@dataclass(frozen=True)
class Violation:
    """A broken hard rule."""

    rule: str
    physician: str | None
    day: int | None
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class CheckReport:
    """Violations of hard rules and the penalties of the soft ones."""

    violations: tuple[Violation, ...]
    penalties: dict[str, int] = field(default_factory=dict)
    details: tuple[tuple[str, int, str], ...] = ()
    """Every non-zero cost: (penalty name, cost, what caused it), e.g. a physician's nights."""

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations

    @property
    def objective(self) -> int:
        """Sum of the penalties."""
        return sum(self.penalties.values())


def check_roster(problem: Problem, roster: Iterable[Assignment]) -> CheckReport:
    """Check `roster` against every rule of `problem`."""
    out: list[Violation] = []
    shifts = {s.id: s for s in problem.shifts}
    docs = {p.id: p for p in problem.physicians}
    plan: dict[str, dict[int, str]] = {p.id: {} for p in problem.physicians}
    for a in roster:
        if a.physician not in docs or a.shift not in shifts or not 0 <= a.day < problem.horizon:
            out.append(Violation("unknown", a.physician, a.day, f"unknown assignment {a}"))
            continue
        if a.day in plan[a.physician]:
            out.append(
                Violation(
                    "one shift per day",
                    a.physician,
                    a.day,
                    f"{a.physician} has two shifts on day {a.day}",
                )
            )
            continue
        plan[a.physician][a.day] = a.shift
    for doc in problem.physicians:
        out.extend(_physician(problem, doc, plan[doc.id], shifts))
    out.extend(_fixed(problem, plan))
    counts: Counter[tuple[int, str]] = Counter(
        (d, s) for days in plan.values() for d, s in days.items()
    )
    for c in problem.cover:
        if counts[c.day, c.shift] < c.hard_minimum:
            out.append(
                Violation(
                    "cover minimum",
                    None,
                    c.day,
                    f"day {c.day} shift {c.shift}: {counts[c.day, c.shift]} on duty,"
                    f" at least {c.hard_minimum} required",
                )
            )
    details: list[tuple[str, int, str]] = []
    return CheckReport(tuple(out), _penalties(problem, plan, counts, details), tuple(details))


def _weekday(problem: Problem, day: int) -> int:
    return (problem.start.toordinal() + day - 1) % 7  # 0 = Monday, as date.weekday()


def _physician(
    problem: Problem, doc: Physician, days: dict[int, str], shifts: dict[str, ShiftType]
) -> list[Violation]:
    out: list[Violation] = []

    def bad(rule: str, day: int | None, message: str) -> None:
        out.append(Violation(rule, doc.id, day, f"{doc.id}: {message}"))

    for d, sid in sorted(days.items()):
        s = shifts[sid]
        if d in doc.unavailable:
            bad("unavailable", d, f"works {sid} on unavailable day {d}")
        if s.qualification is not None and s.qualification not in doc.qualifications:
            bad("qualification", d, f"lacks qualification {s.qualification} for {sid} on day {d}")
        if s.area is not None and doc.areas and s.area not in doc.areas:
            bad("area", d, f"does not work in area {s.area} ({sid} on day {d})")
        nxt = days.get(d + 1)
        if nxt is not None:
            t = shifts[nxt]
            rest = MINUTES_PER_DAY + t.start - (s.start + s.duration)
            if nxt in s.forbidden_after:
                bad("succession", d + 1, f"{nxt} on day {d + 1} may not follow {sid}")
            elif rest < problem.rules.min_rest_minutes:
                bad("rest", d + 1, f"only {rest} min rest between {sid} (day {d}) and {nxt}")
            elif problem.rules.no_day_shift_after_night and s.night and not t.night:
                bad("night", d + 1, f"day shift {nxt} on day {d + 1} after night {sid}")
    per_type = Counter(days.values())
    for sid, limit in doc.max_shifts_per_type.items():
        if per_type[sid] > limit:
            bad("max per type", None, f"{per_type[sid]} shifts of type {sid}, max {limit}")
    n = len(days)
    if n < doc.min_shifts or (doc.max_shifts is not None and n > doc.max_shifts):
        bad("shift count", None, f"{n} shifts, contract {doc.min_shifts}..{doc.max_shifts}")
    minutes = sum(shifts[s].duration for s in days.values())
    if minutes < doc.min_minutes or (doc.max_minutes is not None and minutes > doc.max_minutes):
        bad("minutes", None, f"{minutes} min, contract {doc.min_minutes}..{doc.max_minutes}")
    nights = sum(1 for s in days.values() if shifts[s].night)
    if doc.max_nights is not None and nights > doc.max_nights:
        bad("max nights", None, f"{nights} nights, max {doc.max_nights}")
    _runs(problem, doc, days, bad)
    weekend_days = [d for d in range(problem.horizon) if _weekday(problem, d) >= 5]
    worked = {_weekend_id(problem, d) for d in weekend_days if d in days}
    if doc.max_weekends is not None and len(worked) > doc.max_weekends:
        bad("max weekends", None, f"works {len(worked)} weekends, max {doc.max_weekends}")
    if doc.free_day_after_weekend:
        mondays = {d + (1 if _weekday(problem, d) == 6 else 2) for d in weekend_days if d in days}
        for monday in sorted(mondays & set(days)):
            bad("free day after weekend", monday, f"works day {monday} after weekend duty")
    return out


def _weekend_id(problem: Problem, day: int) -> int:
    return day - (_weekday(problem, day) - 5)  # index of that weekend's Saturday


def _runs(
    problem: Problem, doc: Physician, days: dict[int, str], bad: Callable[[str, int, str], None]
) -> None:
    horizon = problem.horizon
    pattern = [d in days for d in range(horizon)]
    d = 0
    while d < horizon:
        end = d
        while end + 1 < horizon and pattern[end + 1] == pattern[d]:
            end += 1
        length = end - d + 1
        inside = (d > 0 or problem.closed[0]) and (end < horizon - 1 or problem.closed[1])
        if pattern[d]:
            if doc.max_consecutive is not None and length > doc.max_consecutive:
                bad("max consecutive", d, f"works {length} days in a row from day {d}")
            if inside and length < doc.min_consecutive:
                bad("min consecutive", d, f"works only {length} day(s) in a row from day {d}")
        elif inside and length < doc.min_consecutive_off:
            bad("min days off", d, f"only {length} day(s) off in a row from day {d}")
        d = end + 1


def _fixed(problem: Problem, plan: dict[str, dict[int, str]]) -> list[Violation]:
    out = []
    for f in problem.fixed:
        got = plan.get(f.physician, {}).get(f.day)
        if got != f.shift:
            want = "off" if f.shift is None else f.shift
            out.append(
                Violation(
                    "pinned",
                    f.physician,
                    f.day,
                    f"{f.physician} pinned {want} on day {f.day}, roster has {got}",
                )
            )
    return out


def _penalties(
    problem: Problem,
    plan: dict[str, dict[int, str]],
    counts: Counter[tuple[int, str]],
    details: list[tuple[str, int, str]],
) -> dict[str, int]:
    pen: dict[str, int] = defaultdict(int)

    def charge(name: str, cost: int, why: str) -> None:
        pen[name] += cost
        if cost:
            details.append((name, cost, why))

    for c in problem.cover:
        have = counts[c.day, c.shift]
        where = f"day {c.day} shift {c.shift}: {have} on duty, {c.requirement} wanted"
        charge("cover_under", max(0, c.requirement - have) * c.under_weight, where)
        charge("cover_over", max(0, have - c.requirement) * c.over_weight, where)
    for r in problem.requests:
        got = plan[r.physician].get(r.day)
        hit = got is not None and (r.shift is None or got == r.shift)
        what = f"{r.physician} day {r.day} {r.shift or 'any shift'}"
        if r.want and not hit:
            charge("requests_on", r.weight, f"{what}: wanted, not granted")
        if not r.want and hit:
            charge("requests_off", r.weight, f"{what}: not wanted, rostered")
        pen.setdefault("requests_on" if r.want else "requests_off", 0)
    fair = problem.fairness
    nights = {s.id for s in problem.shifts if s.night}
    holiday = set(problem.holidays)
    weekendish = {d for d in range(problem.horizon) if _weekday(problem, d) >= 5} | holiday
    terms: dict[str, tuple[int, Callable[[int, str], bool]]] = {
        "nights": (fair.nights, lambda d, s: s in nights),
        "weekends": (fair.weekends, lambda d, s: d in weekendish),
        "holidays": (fair.holidays, lambda d, s: d in holiday),
    }
    for term, (weight, counts_for) in terms.items():
        if weight == 0:
            continue
        targets: dict[str, Fraction] = defaultdict(Fraction)
        for c in problem.cover:
            if not counts_for(c.day, c.shift):
                continue
            pool = [
                p
                for p in problem.physicians
                if _may(problem, p, c.shift) and p.fte > 0 and c.day not in p.unavailable
            ]
            fte = sum(Fraction(str(p.fte)) for p in pool)
            for p in pool:
                targets[p.id] += c.requirement * Fraction(str(p.fte)) / fte
        for pid, target in targets.items():
            have = sum(1 for d, s in plan[pid].items() if counts_for(d, s))
            share = f"{floor(target)}..{ceil(target)}"
            charge(
                f"fair_{term}",
                weight * _outside(have, target),
                f"{pid}: {have} {term}, fair share {share} ({float(target):.2f})",
            )
    if fair.organisations:
        key_total = sum(Fraction(str(v)) for v in fair.organisation_key.values())
        grand = sum(c.requirement for c in problem.cover)
        for org, k in fair.organisation_key.items():
            target = grand * Fraction(str(k)) / key_total if key_total else Fraction(0)
            have = sum(len(plan[p.id]) for p in problem.physicians if p.organisation == org)
            share = f"{floor(target)}..{ceil(target)}"
            charge(
                "fair_organisations",
                fair.organisations * _outside(have, target),
                f"{org}: {have} duties, agreed share {share} ({float(target):.2f})",
            )
    return dict(pen)


def _outside(have: int, target: Fraction) -> int:
    return max(0, have - ceil(target), floor(target) - have)


def _may(problem: Problem, p: Physician, shift_id: str) -> bool:
    s = next(x for x in problem.shifts if x.id == shift_id)
    if s.qualification is not None and s.qualification not in p.qualifications:
        return False
    if s.area is not None and p.areas and s.area not in p.areas:
        return False
    return p.max_shifts_per_type.get(s.id, 1) != 0


__all__ = ["CheckReport", "Violation", "check_roster"]
