"""Live updates of the placement pages: server-sent events from the database's change feed.

One :class:`LiveHub` per server process waits for changes on behalf of every open page: a
single worker thread sits in :func:`regioplan.placement.live.wait_for_events` (``LISTEN`` on
PostgreSQL, a poll of the feed every 0.5 s on SQLite) and wakes the pages' streams, which wait
on an :class:`asyncio.Event` and hold no thread while they wait. So a process serves many open
pages with one database waiter, and a change committed by any process reaches every page,
because the feed is a table of the shared database.

Each batch of changes sets the hub's current event and puts a fresh one in its place, so a
stream that took the event before it looked at the buffer cannot miss a batch. No lock is
shared between streams: on Python 3.11 a stream cancelled while ``asyncio.wait_for`` cancels
its ``Condition.wait`` (a page closed at the moment of a change) could leave a condition's
lock held for good, and the hub, and with it every live page of that process, stood still.

A page's stream (:meth:`LiveHub.stream`) sends one ``change`` event per batch of changes of the
user's region -- ids, kinds and object ids only, no personal data --, a keep-alive comment when
nothing happened, and ends after :data:`LIVE_SECONDS` or when the session ends; the browser's
``EventSource`` reconnects with ``Last-Event-ID`` and misses nothing: changes older than the
hub's memory are read from the database.

:func:`live_stream` is the same stream without the hub (a blocking generator), for a caller
outside an event loop.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import suppress
from functools import partial

import anyio

from regioplan.placement import AuthenticationError, FeedEvent, PlacementService, User
from regioplan.placement.live import wait_for_events

LIVE_SECONDS = 300.0
"""How long one stream runs before the browser reconnects (after the last event id), so no
request lives forever."""
LIVE_WAIT = 5.0
"""Seconds without a change after which a stream sends a keep-alive comment (and checks that
the session still holds)."""
HUB_WAIT = 5.0
"""Seconds the hub's database waiter waits in one call before it looks again."""
HUB_MEMORY = 2000
"""Changes the hub keeps in memory for streams that are a little behind."""


def relevant(user: User, event_region: str | None) -> bool:
    """Whether a change concerns `user`'s pages: their region's (an administrator: all)."""
    return user.role == "administrator" or event_region is None or event_region == user.region


def message(user: User, found: Sequence[FeedEvent]) -> str:
    """The server-sent-events message for the changes `found` (not empty): a ``change`` event
    with those of `user`'s region, or only the new position when none concerns them."""
    last = found[-1].id
    mine = [e for e in found if relevant(user, e.region)]
    if not mine:
        return f"id: {last}\n\n"
    data = json.dumps(
        [
            {"id": e.id, "kind": e.kind, "object_type": e.object_type, "object_id": e.object_id}
            for e in mine
        ]
    )
    return f"id: {last}\nevent: change\ndata: {data}\n\n"


class LiveHub:
    """The change feed of one process, waited for once and shared by every open page."""

    def __init__(self, service: PlacementService, *, memory: int = HUB_MEMORY) -> None:
        self.service = service
        self.buffer: deque[FeedEvent] = deque(maxlen=memory)
        self.start_id: int | None = None
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def last_id(self) -> int | None:
        """The newest change the hub has seen (None before it started)."""
        return self.buffer[-1].id if self.buffer else self.start_id

    def _ensure(self) -> None:
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._loop is not loop:
            # no await before the task exists: two streams starting at once share one waiter
            self._loop = loop
            self._changed = asyncio.Event()
            self.buffer.clear()
            self.start_id = None
            self._task = loop.create_task(self._run())

    def publish(self, found: Sequence[FeedEvent]) -> None:
        """Add a batch of changes (in id order, after :attr:`last_id`) and wake every stream
        waiting for one."""
        if not found:
            return
        self.buffer.extend(found)
        woken, self._changed = self._changed, asyncio.Event()
        woken.set()

    async def _run(self) -> None:
        self.start_id = await anyio.to_thread.run_sync(self.service.last_event_id)
        own = anyio.CapacityLimiter(1)  # its waits never take a request thread
        while True:
            after = self.last_id or 0
            try:
                found = await anyio.to_thread.run_sync(
                    partial(
                        wait_for_events, self.service, None, after, timeout=HUB_WAIT, limit=500
                    ),
                    limiter=own,
                )
            except Exception:  # the database is away for a moment: look again shortly
                await asyncio.sleep(1.0)
                continue
            self.publish(found)

    async def after(self, after_id: int, timeout: float) -> list[FeedEvent]:
        """The changes after `after_id`, waiting up to `timeout` seconds for the first one
        (an empty list when none came)."""
        self._ensure()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed  # taken before looking: a batch after this sets it
            complete_from = (
                self.start_id if len(self.buffer) < (self.buffer.maxlen or 0) else self.buffer[0].id
            )
            if complete_from is None or after_id < complete_from:
                # before the hub's memory (or the hub is starting): the database knows
                found = await anyio.to_thread.run_sync(
                    partial(self.service.events_since, None, after_id, limit=500)
                )
            else:
                found = [e for e in self.buffer if e.id > after_id]
            if found:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            # at most a second at a time, so a starting hub is looked at again
            with suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 1.0))

    async def stream(
        self,
        session: str,
        user: User,
        after_id: int,
        *,
        seconds: float = LIVE_SECONDS,
        keepalive: float = LIVE_WAIT,
    ) -> AsyncIterator[str]:
        """The server-sent events of one open page of `user` (see the module docstring)."""
        yield "retry: 2000\n\n"
        last = after_id
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            found = await self.after(last, keepalive)
            if not found:
                try:
                    await anyio.to_thread.run_sync(
                        partial(self.service.authenticate, session, kind="session")
                    )
                except AuthenticationError:
                    return
                yield ": keep-alive\n\n"
                continue
            last = found[-1].id
            yield message(user, found)


def live_stream(
    service: PlacementService,
    session: str,
    user: User,
    after_id: int,
    *,
    seconds: float = LIVE_SECONDS,
    wait: float = LIVE_WAIT,
) -> Iterator[str]:
    """The stream of :meth:`LiveHub.stream` without a hub: blocks in
    :func:`~regioplan.placement.live.wait_for_events` itself (one thread per stream)."""
    yield "retry: 2000\n\n"
    last = after_id
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = wait_for_events(service, user, last, timeout=wait)
        if not found:
            try:
                service.authenticate(session, kind="session")
            except AuthenticationError:
                return
            yield ": keep-alive\n\n"
            continue
        last = found[-1].id
        yield message(user, found)


__all__ = [
    "HUB_MEMORY",
    "HUB_WAIT",
    "LIVE_SECONDS",
    "LIVE_WAIT",
    "LiveHub",
    "live_stream",
    "message",
    "relevant",
]
