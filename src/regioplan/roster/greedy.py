"""A greedy first roster, used as a solver hint so that a feasible roster appears within seconds.

Day by day, every wanted duty goes to the eligible, available physician with the lowest load
relative to their contract size, provided that taking it keeps the rules that can be checked
looking backwards (rest and successions, one duty a day, counts, nights, weekends, consecutive
days, the free Monday, pinned days). Minimum-run rules and future consequences are left to the
solver, which repairs the hint; the greedy roster is never reported as a result on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from regioplan.roster.model import Assignment, Cover, Physician, Problem


def greedy_roster(problem: Problem) -> list[Assignment]:
    """A roster built greedily (see the module docstring); may leave duties uncovered."""
    forbidden = problem.forbidden_successions()
    shifts = {s.id: s for s in problem.shifts}
    pinned = {(f.physician, f.day): f.shift for f in problem.fixed}
    weekend_of = {d: i for i, wk in enumerate(problem.weekends()) for d in wk}
    plan: dict[str, dict[int, str]] = defaultdict(dict)
    # running totals per physician, so that each check costs the same however long the horizon
    count: dict[str, int] = defaultdict(int)
    per_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    minutes: dict[str, int] = defaultdict(int)
    nights: dict[str, int] = defaultdict(int)
    weekends: dict[str, set[int]] = defaultdict(set)

    def take(who: str, day: int, sid: str) -> None:
        plan[who][day] = sid
        count[who] += 1
        per_type[who][sid] += 1
        minutes[who] += shifts[sid].duration
        nights[who] += shifts[sid].night
        if day in weekend_of:
            weekends[who].add(weekend_of[day])

    for (who, day), sid in pinned.items():
        if sid is not None:
            take(who, day, sid)

    def allowed(doc: Physician, day: int, sid: str) -> bool:
        mine = plan[doc.id]
        shift = shifts[sid]
        if day in mine or day in doc.unavailable or (doc.id, day) in pinned:
            return False
        if not problem.eligible(doc, shift):
            return False
        if (mine.get(day - 1), sid) in forbidden or (sid, mine.get(day + 1)) in forbidden:
            return False
        if doc.max_shifts is not None and count[doc.id] >= doc.max_shifts:
            return False
        typed = per_type[doc.id][sid]
        if typed >= doc.max_shifts_per_type.get(sid, typed + 1):
            return False
        if doc.max_minutes is not None and minutes[doc.id] + shift.duration > doc.max_minutes:
            return False
        if shift.night and doc.max_nights is not None and nights[doc.id] >= doc.max_nights:
            return False
        if doc.max_consecutive is not None:
            run = 1
            while day - run in mine:
                run += 1
            if run > doc.max_consecutive:
                return False
        if day in weekend_of and doc.max_weekends is not None:
            worked = weekends[doc.id]
            if weekend_of[day] not in worked and len(worked) >= doc.max_weekends:
                return False
        monday = problem.date_of(day).weekday() == 0
        return not (doc.free_day_after_weekend and monday and (day - 1 in mine or day - 2 in mine))

    cover_of: dict[int, list[Cover]] = defaultdict(list)
    for cover in problem.cover:
        cover_of[cover.day].append(cover)
    scarcity = _scarcity(problem)
    for day in range(problem.horizon):
        for cover in sorted(cover_of[day], key=scarcity):
            have = sum(1 for days in plan.values() if days.get(day) == cover.shift)
            for _ in range(cover.requirement - have):
                options = [p for p in problem.physicians if allowed(p, day, cover.shift)]
                if not options:
                    break
                best = min(options, key=lambda p: (count[p.id] / max(p.fte, 0.05), p.id))
                take(best.id, day, cover.shift)
    return sorted(
        Assignment(who, day, sid) for who, days in plan.items() for day, sid in days.items()
    )


def _scarcity(problem: Problem) -> Callable[[Cover], tuple[int, str]]:
    """Sort key: duties with the fewest eligible physicians first."""
    pool = {
        s.id: sum(1 for p in problem.physicians if problem.eligible(p, s)) for s in problem.shifts
    }
    return lambda cover: (pool.get(cover.shift, 0), cover.shift)


__all__ = ["greedy_roster"]
