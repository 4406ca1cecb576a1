"""Re-planning: keep the past and pinned duties, change availability, solve the rest again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from regioplan.errors import ParameterError
from regioplan.roster.model import Assignment, Fixed, Problem


def replan(
    problem: Problem,
    previous: Iterable[Assignment],
    *,
    from_day: int,
    unavailable: Mapping[str, Iterable[int]] | None = None,
    available: Mapping[str, Iterable[int]] | None = None,
    pinned: Iterable[Assignment] = (),
) -> Problem:
    """The problem to solve again after the roster `previous` ran until day `from_day`.

    Every duty before `from_day` is pinned as it happened (and every day off stays off), as are
    the assignments in `pinned`. `unavailable` adds days a physician can no longer work (from
    `from_day` on; the past is history), `available` removes days from their unavailable list.
    Solve the result with ``solve(new_problem, hint=previous)`` to stay close to the old roster.
    """
    if not 0 <= from_day <= problem.horizon:
        raise ParameterError(f"from_day {from_day} outside the horizon 0..{problem.horizon}")
    previous = list(previous)
    worked = {(a.physician, a.day): a.shift for a in previous}
    known = {p.id for p in problem.physicians}
    for who in [*(unavailable or {}), *(available or {})]:
        if who not in known:
            raise ParameterError(f"unknown physician {who!r} in the availability change")
    fixed: dict[tuple[str, int], Fixed] = {(f.physician, f.day): f for f in problem.fixed}
    for doc in problem.physicians:
        for day in range(from_day):
            if day not in doc.unavailable or (doc.id, day) in worked:
                fixed[doc.id, day] = Fixed(doc.id, day, worked.get((doc.id, day)))
    for a in pinned:
        fixed[a.physician, a.day] = Fixed(a.physician, a.day, a.shift)
    physicians = []
    for doc in problem.physicians:
        gone = {d for d in (unavailable or {}).get(doc.id, ()) if d >= from_day}
        back = set((available or {}).get(doc.id, ()))
        past_work = {d for d in range(from_day) if (doc.id, d) in worked}
        days = (doc.unavailable | gone) - back - past_work
        physicians.append(replace(doc, unavailable=frozenset(days)))
    return replace(
        problem,
        physicians=tuple(physicians),
        fixed=tuple(fixed[k] for k in sorted(fixed)),
        name=f"{problem.name} (re-planned from day {from_day})",
    )


__all__ = ["replan"]
