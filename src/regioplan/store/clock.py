"""The clock a capability reads the time from: passed in, never ``datetime.now()`` in place.

A :class:`~regioplan.store.Database` carries one clock (the system clock unless given); every
capability takes the time for what it writes (import times, audit rows, hold expiry) from it, so
tests move a :class:`FixedClock` instead of sleeping.

>>> import datetime as dt
>>> clock = FixedClock(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC))
>>> clock.now().isoformat()
'2026-01-05T09:00:00+00:00'
>>> clock.advance(dt.timedelta(minutes=30)).isoformat()
'2026-01-05T09:30:00+00:00'
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Anything with ``now()`` returning a timezone-aware UTC datetime."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def __repr__(self) -> str:
        return "SystemClock()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SystemClock)

    def __hash__(self) -> int:
        return hash(SystemClock)


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError(f"clock time {value.isoformat()} must be timezone-aware")
    return value.astimezone(dt.UTC)


class FixedClock:
    """A clock that stands still until moved: ``set(at)`` or ``advance(delta)``. For tests."""

    def __init__(self, at: dt.datetime) -> None:
        self._at = _aware(at)

    def now(self) -> dt.datetime:
        return self._at

    def set(self, at: dt.datetime) -> dt.datetime:
        """Move the clock to `at` (timezone-aware); return the new time."""
        self._at = _aware(at)
        return self._at

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move the clock forward by `delta` (not backwards); return the new time."""
        if delta < dt.timedelta(0):
            raise ValueError(f"delta ({delta}) must not be negative; use set() to go back")
        self._at += delta
        return self._at

    def __repr__(self) -> str:
        return f"FixedClock({self._at!r})"


__all__ = ["Clock", "FixedClock", "SystemClock"]
