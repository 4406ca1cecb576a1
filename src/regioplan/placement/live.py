"""Waiting for the next change: what a live page (or a long poll) needs across processes.

:func:`wait_for_events` returns the changes after `after_id` as soon as there are any, or an
empty list after `timeout` seconds. On PostgreSQL it sleeps on ``LISTEN placement_events`` (the
service sends ``NOTIFY`` with each change's commit), so a change made by another server process
wakes it at once; on SQLite it polls the feed every `poll` seconds. Either way the feed table
is the truth: a notification only says "look again".

Waiting uses the real monotonic time (it is a wait, not a judgement about holds); the service's
clock is not involved.
"""

from __future__ import annotations

import time
from contextlib import suppress
from typing import TYPE_CHECKING

from regioplan.placement.audit import NOTIFY_CHANNEL
from regioplan.placement.model import FeedEvent, User

if TYPE_CHECKING:
    from regioplan.placement.service import PlacementService

MAX_WAIT = 30.0
"""The longest a caller may wait in one call (seconds)."""


def wait_for_events(
    service: PlacementService,
    actor: User | None,
    after_id: int,
    *,
    timeout: float = 20.0,
    poll: float = 0.5,
    limit: int = 100,
    region: str | None = None,
) -> list[FeedEvent]:
    """The changes after `after_id` (at most `limit`; of `region` and of no region, when
    given), waiting up to `timeout` seconds (at most :data:`MAX_WAIT`) for the first one; an
    empty list when none came."""
    found = service.events_since(actor, after_id, limit=limit, region=region)
    timeout = min(max(timeout, 0.0), MAX_WAIT)
    if found or timeout == 0:
        return found
    deadline = time.monotonic() + timeout
    if service.db.dialect == "postgresql":
        return _listen(service, actor, after_id, deadline, limit, region)
    while time.monotonic() < deadline:
        time.sleep(min(poll, max(deadline - time.monotonic(), 0.0)))
        found = service.events_since(actor, after_id, limit=limit, region=region)
        if found:
            return found
    return []


def _listen(
    service: PlacementService,
    actor: User | None,
    after_id: int,
    deadline: float,
    limit: int,
    region: str | None,
) -> list[FeedEvent]:
    raw = service.db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        driver.autocommit = True
        driver.execute(f"LISTEN {NOTIFY_CHANNEL}")
        try:
            while True:
                # look after listening: a change committed in between is not missed
                found = service.events_since(actor, after_id, limit=limit, region=region)
                remaining = deadline - time.monotonic()
                if found or remaining <= 0:
                    return found
                for _note in driver.notifies(timeout=remaining, stop_after=1):
                    break
        finally:
            with suppress(Exception):
                driver.execute(f"UNLISTEN {NOTIFY_CHANNEL}")
                driver.autocommit = False
    finally:
        raw.close()


__all__ = ["MAX_WAIT", "wait_for_events"]
