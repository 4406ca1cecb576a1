"""The windows of a long horizon as roster problems of their own (:mod:`regioplan.roster.
windows` solves their LPs): a window is the problem's days with each limit over the horizon
shared out in proportion to its days and its inner edges closed, or open for the first pass
of their LPs (:func:`window`); a chained window follows the roster of the windows before it,
whose last days it pins, and gets what those days leave of each limit, less the later
windows' shares (:func:`chained`)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from regioplan.roster.model import Fixed, Problem, ShiftType

WINDOW_DAYS = 28  # four weeks, the block of most duty rosters
HISTORY_DAYS = 7  # days of the roster before a window pinned in its chained problem (at least)


def window(problem: Problem, first: int, days: int, *, closed: bool = True) -> Problem:
    """Days `first` .. `first + days - 1` of `problem` as a problem of its own (day 0 =
    `first`): cover, requests, pinned days and unavailability of those days; each limit over
    the horizon in proportion to the window's share of it (maxima rounded up, minima down,
    so a window never asks more than its share); the rules per day or run as they are. Its
    edges inside the horizon are closed (`Problem.closed`) unless `closed` is False: runs
    there keep their minimum lengths, so that the windows' schedules put together keep them
    too (an open edge lets a window end a run early where the next window does not go on
    with it). Open, they are edges of a horizon of its own, which the first pass of the
    windows' LPs prices better (:mod:`regioplan.roster.windows`)."""
    if not 0 <= first < first + days <= problem.horizon:
        raise ValueError(f"window {first}+{days} outside the horizon 0..{problem.horizon - 1}")
    share = days / problem.horizon
    last = first + days

    def up(limit: int | None) -> int | None:
        return None if limit is None else math.ceil(limit * share - 1e-9)

    def down(limit: int) -> int:
        return math.floor(limit * share + 1e-9)

    physicians = tuple(
        replace(
            doc,
            min_shifts=down(doc.min_shifts),
            max_shifts=up(doc.max_shifts),
            max_shifts_per_type={
                s: 0 if n == 0 else math.ceil(n * share - 1e-9)
                for s, n in doc.max_shifts_per_type.items()
            },
            min_minutes=down(doc.min_minutes),
            max_minutes=up(doc.max_minutes),
            max_weekends=up(doc.max_weekends),
            max_nights=up(doc.max_nights),
            unavailable=frozenset(d - first for d in doc.unavailable if first <= d < last),
        )
        for doc in problem.physicians
    )
    return replace(
        problem,
        horizon=days,
        physicians=physicians,
        cover=tuple(replace(c, day=c.day - first) for c in problem.cover if first <= c.day < last),
        requests=tuple(
            replace(r, day=r.day - first) for r in problem.requests if first <= r.day < last
        ),
        fixed=tuple(replace(f, day=f.day - first) for f in problem.fixed if first <= f.day < last),
        start=problem.date_of(first),
        holidays={d - first: n for d, n in problem.holidays.items() if first <= d < last},
        name=f"{problem.name} days {first}-{last - 1}",
        closed=(
            problem.closed[0] or (closed and first > 0),
            problem.closed[1] or (closed and last < problem.horizon),
        ),
    )


def spans(horizon: int, days: int = WINDOW_DAYS) -> list[tuple[int, int]]:
    """The windows (first day, days) of a horizon: `days` long, a shorter rest joined to the
    last one (a window of a few days would price its days badly)."""
    out = [(first, min(days, horizon - first)) for first in range(0, horizon, days)]
    if len(out) > 1 and out[-1][1] < days // 2:
        (first, n), (_, rest) = out[-2], out.pop()
        out[-1] = (first, n + rest)
    return out


def side_by_side(horizon: int, workers: int) -> int:
    """How many windows of `horizon` are solved at a time with `workers` (one worker each)."""
    return max(1, min(workers, len(spans(horizon))))


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Whole shares of `total` in proportion to `weights` that add up to `total` exactly (the
    largest remainders get the units left); all 0 when `total` is not positive."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    raw = [total * w / sum(weights) for w in weights]
    out = [math.floor(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))[: total - sum(out)]:
        out[i] += 1
    return out


@dataclass(frozen=True)
class _Use:
    """What a physician's duties on some days count towards their limits over the horizon."""

    shifts: int
    minutes: int
    per_type: Counter[str]
    nights: int
    weekends: frozenset[int]  # the weekends worked (index in Problem.weekends())

    @classmethod
    def of(
        cls, days: Mapping[int, str], shifts: Mapping[str, ShiftType], weekend: Mapping[int, int]
    ) -> _Use:
        """The use of the duties `days` (day -> shift id); `weekend` maps a day to the index
        of its weekend (days outside a weekend are not in it)."""
        return cls(
            len(days),
            sum(shifts[s].duration for s in days.values()),
            Counter(days.values()),
            sum(1 for s in days.values() if shifts[s].night),
            frozenset(weekend[d] for d in days if d in weekend),
        )


def history_days(problem: Problem) -> int:
    """How many days before a chained window are pinned: `HISTORY_DAYS`, or more where a run
    rule reaches further (a run longer than the history could otherwise go on unseen)."""
    reach = [
        n
        for doc in problem.physicians
        for n in (doc.max_consecutive, doc.min_consecutive, doc.min_consecutive_off)
        if n is not None
    ]
    return max(HISTORY_DAYS, max(reach, default=0) + 1)


def chained(
    problem: Problem,
    before: Mapping[str, Mapping[int, str]],
    todo: Sequence[tuple[int, int]],
    k: int,
) -> tuple[int, Problem]:
    """Window `k` of `todo` (:func:`spans`) as a problem that follows the roster of the windows
    before it, `before` (physician id -> day -> shift id, the days before the window): its
    first day and the problem. The last :func:`history_days` days of that roster come first,
    pinned (`Problem.fixed`), so the window's runs, rests and successions join them. Each limit
    over the horizon is what the days before leave, less the later windows' shares of it
    (:func:`apportion` by days), plus what the pinned days use (they count inside): so the
    windows in turn keep every limit of the horizon, whatever each one works. Only the
    window's own days carry cover and wishes (the pinned days cost the same whatever the
    window does); its end is closed as the windows' are, unless it is the horizon's."""
    lo, days = todo[k]
    end = lo + days
    first = max(0, lo - history_days(problem))
    sub = window(problem, first, end - first)
    weights = [n for _, n in todo]

    def later(limit: int) -> int:
        return sum(apportion(limit, weights)[k + 1 :])

    def most(limit: int | None, used: int, pinned: int) -> int | None:
        return None if limit is None else limit - used - later(limit) + pinned

    def least(limit: int, used: int, pinned: int) -> int:
        return max(0, limit - used - later(limit)) + pinned

    shifts = {s.id: s for s in problem.shifts}
    weekend = {d: i for i, wk in enumerate(problem.weekends()) for d in wk}
    physicians = []
    pins = [f for f in sub.fixed if f.day + first >= lo]
    for doc, part in zip(problem.physicians, sub.physicians, strict=True):
        worked = {d: s for d, s in before.get(doc.id, {}).items() if d < lo}
        used = _Use.of(worked, shifts, weekend)  # over the days before the window
        pinned = _Use.of({d: s for d, s in worked.items() if d >= first}, shifts, weekend)
        physicians.append(
            replace(
                part,
                min_shifts=least(doc.min_shifts, used.shifts, pinned.shifts),
                max_shifts=most(doc.max_shifts, used.shifts, pinned.shifts),
                max_shifts_per_type={
                    s: n - used.per_type[s] - later(n) + pinned.per_type[s]
                    for s, n in doc.max_shifts_per_type.items()
                },
                min_minutes=least(doc.min_minutes, used.minutes, pinned.minutes),
                max_minutes=most(doc.max_minutes, used.minutes, pinned.minutes),
                max_weekends=most(doc.max_weekends, len(used.weekends), len(pinned.weekends)),
                max_nights=most(doc.max_nights, used.nights, pinned.nights),
            )
        )
        pins += [Fixed(doc.id, d - first, worked.get(d)) for d in range(first, lo)]
    own = range(lo - first, end - first)
    return first, replace(
        sub,
        physicians=tuple(physicians),
        fixed=tuple(pins),
        cover=tuple(c for c in sub.cover if c.day in own),
        requests=tuple(r for r in sub.requests if r.day in own),
        closed=(problem.closed[0] if first == 0 else False, sub.closed[1]),
    )


__all__ = [
    "HISTORY_DAYS",
    "WINDOW_DAYS",
    "apportion",
    "chained",
    "history_days",
    "side_by_side",
    "spans",
    "window",
]
