"""Re-planning: keep the past and pinned duties, change availability, solve the rest again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from regioplan.errors import InputError, ParameterError
from regioplan.roster.model import Assignment, Fixed, Problem, Request


def replan(
    problem: Problem,
    previous: Iterable[Assignment],
    *,
    from_day: int,
    unavailable: Mapping[str, Iterable[int]] | None = None,
    available: Mapping[str, Iterable[int]] | None = None,
    pinned: Iterable[Assignment | Fixed] = (),
    keep_weight: int = 0,
) -> Problem:
    """The problem to solve again after the roster `previous` ran until day `from_day`.

    Every duty before `from_day` is pinned as it happened (and every day off stays off), as are
    the assignments in `pinned` (a :class:`Fixed` with shift None pins a day off). `unavailable`
    adds days a physician can no longer work (from `from_day` on; the past is history),
    `available` removes days from their unavailable list. With `keep_weight` > 0 every duty of
    `previous` from `from_day` on that can still be worked becomes a wish to keep it (a
    ``want`` request of that weight, so it counts under ``requests_on``): the solver then moves
    as few duties as it can. Solve the result with ``solve(new_problem, hint=previous)``.
    """
    if keep_weight < 0:
        raise ParameterError(f"keep_weight must be >= 0, got {keep_weight}")
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
    keep: list[Request] = []
    if keep_weight:
        still = {doc.id: doc.unavailable for doc in physicians}
        keep = [
            Request(a.physician, a.day, a.shift, keep_weight, want=True)
            for a in sorted(previous)
            if a.day >= from_day
            and a.physician in still
            and a.day not in still[a.physician]
            and (a.physician, a.day) not in fixed
        ]
    return replace(
        problem,
        physicians=tuple(physicians),
        requests=(*problem.requests, *keep),
        fixed=tuple(fixed[k] for k in sorted(fixed)),
        name=f"{problem.name} (re-planned from day {from_day})",
    )


@dataclass(frozen=True)
class Changes:
    """How a re-planned roster differs from the previous one (from the re-planning day on)."""

    removed: tuple[Assignment, ...]
    added: tuple[Assignment, ...]

    @property
    def physicians(self) -> tuple[str, ...]:
        """Physicians whose duties changed, sorted."""
        return tuple(sorted({a.physician for a in (*self.removed, *self.added)}))


def changes(previous: Iterable[Assignment], new: Iterable[Assignment], *, from_day: int) -> Changes:
    """Duties of `previous` that `new` drops and duties `new` adds, from `from_day` on."""
    old = {a for a in previous if a.day >= from_day}
    now = {a for a in new if a.day >= from_day}

    def by_day(items: set[Assignment]) -> tuple[Assignment, ...]:
        return tuple(sorted(items, key=lambda a: (a.day, a.shift, a.physician)))

    return Changes(by_day(old - now), by_day(now - old))


def parse_day(problem: Problem, text: str, where: str) -> int:
    """A day of `problem` given as its index (``12``) or its date (``2025-05-05``)."""
    text = text.strip()
    if text.isdigit():
        day = int(text)
    else:
        try:
            day = (date.fromisoformat(text) - problem.start).days
        except ValueError as exc:
            raise InputError(f"{where}: {text!r} is neither a day number nor a date") from exc
    if not 0 <= day < problem.horizon:
        first, last = problem.start, problem.start + timedelta(days=problem.horizon - 1)
        raise InputError(
            f"{where}: {text!r} lies outside the roster horizon (day 0-{problem.horizon - 1}, "
            f"{first}..{last})"
        )
    return day


def parse_days_change(problem: Problem, text: str, where: str) -> tuple[str, list[int]]:
    """``PHYSICIAN:DAY`` or ``PHYSICIAN:FIRST..LAST`` (days as numbers or dates)."""
    who, sep, days = text.partition(":")
    if not sep or not who.strip() or not days.strip():
        raise InputError(f"{where}: {text!r} is not PHYSICIAN:DAY or PHYSICIAN:FIRST..LAST")
    _known(problem, who.strip(), where)
    first, dots, last = days.partition("..")
    a = parse_day(problem, first, where)
    b = parse_day(problem, last, where) if dots else a
    if b < a:
        raise InputError(f"{where}: {text!r} ends before it starts")
    return who.strip(), list(range(a, b + 1))


def parse_pin(problem: Problem, text: str, where: str) -> Assignment | Fixed:
    """``PHYSICIAN:DAY:SHIFT`` (a duty) or ``PHYSICIAN:DAY:off`` (a day off)."""
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(f"{where}: {text!r} is not PHYSICIAN:DAY:SHIFT (or SHIFT = off)")
    who, day_text, shift = (part.strip() for part in parts)
    _known(problem, who, where)
    day = parse_day(problem, day_text, where)
    if shift == "off":
        return Fixed(who, day, None)
    ids = [s.id for s in problem.shifts]
    if shift not in ids:
        raise InputError(f"{where}: unknown shift {shift!r}; shifts are {', '.join(ids)}")
    return Assignment(who, day, shift)


def _known(problem: Problem, who: str, where: str) -> None:
    if who not in {p.id for p in problem.physicians}:
        raise InputError(f"{where}: unknown physician {who!r}")


__all__ = ["Changes", "changes", "parse_day", "parse_days_change", "parse_pin", "replan"]
