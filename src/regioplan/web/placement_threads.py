"""Threads of the placement server: few for request work, apart from the long waits.

The routes are plain functions that FastAPI runs in anyio's worker threads. Under load, many
runnable threads in one process mostly wait for Python's global interpreter lock, and every
database answer waits its turn again: measured with ``benchmarks/placement`` (2 workers, 300
requests/s offered), 40 threads answered 258 requests/s at p99 380 ms, 8 threads 282 at 170 ms
and 4 threads 294 at 110 ms. So the request threads are few (``placement serve --threads``,
default :data:`DEFAULT_THREADS`).

A long wait -- the change feed's long poll (``GET /events?wait=``) and the live pages' listener
-- holds its thread for up to half a minute while doing nothing; those run on a limiter of their
own (:data:`LONG_WAITS` at once), so open pages and waiting API clients never take the threads
that answer requests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI

T = TypeVar("T")

DEFAULT_THREADS = 6
"""Request threads per server process (anyio's default is 40)."""


def pool_connections(threads: int) -> int:
    """Database connections a server process keeps open: one per request thread, the live
    hub's listening connection and one spare (SQLAlchemy's default keeps 5 and opens and closes
    the rest per use; docs/placement.md, "Reliability and speed")."""
    return threads + 2


LONG_WAITS = 64
"""Long waits (long polls, the live pages' listener) at once per server process."""

_LONG_WAIT_LIMITER = "placement_long_waits"


def lifespan(threads: int | None) -> Callable[[FastAPI], Any]:
    """The app's lifespan: at start it sets the request threads of this process (None: keep
    anyio's default) and makes the limiter of the long waits."""

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        if threads is not None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        setattr(app.state, _LONG_WAIT_LIMITER, anyio.CapacityLimiter(LONG_WAITS))
        yield

    return run


async def run_long_wait(app: FastAPI, func: Callable[[], T]) -> T:
    """Run `func` (which may block for a while) in a thread of the long-wait limiter; in an app
    started without :func:`lifespan` (tests that skip it) in the request threads."""
    limiter: anyio.CapacityLimiter | None = getattr(app.state, _LONG_WAIT_LIMITER, None)
    return await anyio.to_thread.run_sync(func, limiter=limiter)


__all__ = ["DEFAULT_THREADS", "LONG_WAITS", "lifespan", "pool_connections", "run_long_wait"]
