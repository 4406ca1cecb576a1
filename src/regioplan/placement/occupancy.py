"""Occupancy and staleness of capacity figures over a period, from their audited changes.

Pure: the service reads the audit rows of the capacity figures (``capacity.set``,
``capacity.confirm``, ``capacity.admit``, ``capacity.discharge``) and hands them over as one
:class:`CapacityHistory` per figure (a location's beds of one type); :func:`integrate` turns a
history into the time integrals of its step functions over ``[start, end)``.

A figure's staffed and occupied beds are step functions of time: a report (``capacity.set``)
sets both, a confirmation (``capacity.confirm``) restates them, an admission or a discharge
(``capacity.admit``, ``capacity.discharge``) moves the occupied beds only. The value in force at
`start` is that of the last change before it; a figure reported first inside the period counts
from that report. A figure is *stale* at time ``t`` when ``t`` lies more than ``stale_after``
after its last report or confirmation (an admission or a discharge does not confirm it, as on
the availability page).

Changes come in the order they were made (the audit's id order: the writers of one figure are
serialised by its row lock, so ids follow the commits). Each writer takes its time stamp
before it queues for that lock, so a change can carry a stamp a moment older than the change
before it; it then counts from the time of the change before it, so that the last value
committed is the one in force.

Integrals are whole microseconds (bed-microseconds for beds), so that adding the integrals of
two adjoining periods gives exactly the integral of the whole:

>>> t0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
>>> h = dt.timedelta(hours=1)
>>> history = CapacityHistory(
...     "ZK24", 1, "Care", 1, "elv_high",
...     (CapacityChange(t0, occupied=6, staffed=8, confirms=True),
...      CapacityChange(t0 + 2 * h, occupied=8)),
... )
>>> totals = integrate(history, t0, t0 + 4 * h, stale_after=3 * h)
>>> totals.occupancy(), totals.mean_staffed(), totals.mean_occupied(), totals.share_stale()
(0.875, 8.0, 7.0, 0.25)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

MICROSECOND = dt.timedelta(microseconds=1)
HOUR_US = 3_600_000_000
"""Microseconds in an hour."""


def _us(delta: dt.timedelta) -> int:
    return delta // MICROSECOND


@dataclass(frozen=True)
class CapacityChange:
    """One audited change of a capacity figure.

    `staffed` None: unchanged (an admission or a discharge moves the occupied beds only);
    `confirms`: a report or a confirmation, from which the figure's age counts again."""

    at: dt.datetime
    occupied: int
    staffed: int | None = None
    confirms: bool = False


@dataclass(frozen=True)
class CapacityHistory:
    """The changes of one capacity figure (a location's beds of one bed type), in the order
    they were made; the first one reports the figure (staffed beds and a confirmation)."""

    region: str
    organisation_id: int
    organisation: str
    location_id: int
    bed_type: str
    changes: tuple[CapacityChange, ...]

    @property
    def first(self) -> dt.datetime | None:
        """When the figure was first reported (None: never)."""
        return self.changes[0].at if self.changes else None


@dataclass(frozen=True)
class CapacityTime:
    """Time integrals of capacity figures over one period, in whole microseconds.

    ``span``: the period's length; ``staffed`` and ``occupied``: bed-microseconds;
    ``figure``: how long figures existed (figure-microseconds); ``stale``: how long of that
    they were stale. The totals of several figures over one period add up (``+``)."""

    span: int
    staffed: int = 0
    occupied: int = 0
    figure: int = 0
    stale: int = 0

    def __add__(self, other: CapacityTime) -> CapacityTime:
        if other.span != self.span:
            raise ValueError(
                f"cannot add the totals of periods of different lengths "
                f"({self.span} and {other.span} microseconds)"
            )
        return CapacityTime(
            self.span,
            self.staffed + other.staffed,
            self.occupied + other.occupied,
            self.figure + other.figure,
            self.stale + other.stale,
        )

    def occupancy(self) -> float | None:
        """Occupied bed-hours / staffed bed-hours (None without staffed beds)."""
        return self.occupied / self.staffed if self.staffed else None

    def mean_staffed(self) -> float | None:
        """Staffed beds, averaged over the period (None for an empty period)."""
        return self.staffed / self.span if self.span else None

    def mean_occupied(self) -> float | None:
        """Occupied beds, averaged over the period (None for an empty period)."""
        return self.occupied / self.span if self.span else None

    def share_stale(self) -> float | None:
        """Stale figure-hours / figure-hours (None when no figure existed in the period)."""
        return self.stale / self.figure if self.figure else None

    def figure_hours(self) -> float:
        """Hours that figures existed in the period, summed over the figures."""
        return self.figure / HOUR_US

    def stale_hours(self) -> float:
        """Hours of those that the figures were stale."""
        return self.stale / HOUR_US


def _steps(
    history: CapacityHistory,
) -> list[tuple[dt.datetime, int, int, dt.datetime]]:
    """(from, staffed, occupied, last confirmed) of each step of `history`'s figure, the step
    lasting until the next one's start (the last one: onwards)."""
    if not history.changes:
        return []
    first = history.changes[0]
    if first.staffed is None or not first.confirms:
        raise ValueError(
            f"the history of location {history.location_id} {history.bed_type} starts with a "
            f"change at {first.at.isoformat()} that does not report the figure (staffed beds "
            "and a confirmation)"
        )
    steps: list[tuple[dt.datetime, int, int, dt.datetime]] = []
    since, staffed, confirmed = first.at, first.staffed, first.at
    for change in history.changes:
        if change.occupied < 0 or (change.staffed is not None and change.staffed < 0):
            raise ValueError(
                f"location {history.location_id} {history.bed_type} at "
                f"{change.at.isoformat()}: bed counts must not be negative"
            )
        since = max(since, change.at)
        if change.staffed is not None:
            staffed = change.staffed
        if change.confirms:
            confirmed = change.at
        if steps and steps[-1][0] == since:
            steps[-1] = (since, staffed, change.occupied, confirmed)
        else:
            steps.append((since, staffed, change.occupied, confirmed))
    return steps


def _check_period(start: dt.datetime, end: dt.datetime) -> None:
    if end < start:
        raise ValueError(f"end ({end.isoformat()}) lies before start ({start.isoformat()})")


def integrate(
    history: CapacityHistory,
    start: dt.datetime,
    end: dt.datetime,
    *,
    stale_after: dt.timedelta,
) -> CapacityTime:
    """The integrals of `history`'s figure over ``[start, end)`` (see the module docstring)."""
    _check_period(start, end)
    steps = _steps(history)
    staffed_us = occupied_us = figure_us = stale_us = 0
    for i, (since, staffed, occupied, confirmed) in enumerate(steps):
        lo = max(since, start)
        hi = min(steps[i + 1][0], end) if i + 1 < len(steps) else end
        if hi <= lo:
            continue
        length = _us(hi - lo)
        staffed_us += staffed * length
        occupied_us += occupied * length
        figure_us += length
        stale_us += max(0, _us(hi - max(lo, confirmed + stale_after)))
    return CapacityTime(_us(end - start), staffed_us, occupied_us, figure_us, stale_us)


def total(
    histories: Iterable[CapacityHistory],
    start: dt.datetime,
    end: dt.datetime,
    *,
    stale_after: dt.timedelta,
) -> CapacityTime:
    """The integrals of all `histories` over ``[start, end)``, added up."""
    _check_period(start, end)
    out = CapacityTime(_us(end - start))
    for history in histories:
        out = out + integrate(history, start, end, stale_after=stale_after)
    return out


__all__ = [
    "CapacityChange",
    "CapacityHistory",
    "CapacityTime",
    "integrate",
    "total",
]
