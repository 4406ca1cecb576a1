"""The users of recently checked tokens, kept by a serving process while it hears every revocation.

Every API call and page carries a bearer token or a session cookie, and checking it asks the
database (one query joining tokens, users and organisations) before the call's own work: under
the benchmark's mixed load a quarter of the server's statements. A server process on
PostgreSQL therefore keeps the user of each token it checked, for at most
:data:`CACHE_SECONDS`, **only while it listens** on the channel :data:`AUTH_CHANNEL`:

- every write that can end a token's validity -- signing out, changing a password, blocking or
  unblocking a user (the audit actions :data:`AUTH_ACTIONS`) -- sends ``NOTIFY placement_auth``
  in its own transaction, which PostgreSQL delivers at commit to every listening process, and
  each of them forgets everything it keeps; the writing process also forgets right after its
  commit;
- while the listener is not connected (before it starts, after the database went away) nothing
  is kept and every call asks the database, so a notification missed meanwhile cannot leave a
  revoked token usable; on reconnecting the cache starts empty;
- a check that read the database just before a revocation committed must not keep its old
  answer: each check notes the cache's *generation* before it reads, and its answer is kept only
  if nothing was forgotten since;
- a token's expiry is compared with the service's clock on every call, kept or not.

A revocation thus reaches another process as fast as its notification (milliseconds), like a
call that started just before it. SQLite has no notifications: there every call asks the
database (the embedded default serves one process). The listener is started by the web app's
lifespan (:meth:`TokenCache.start`); a service used from the command line or a library keeps
nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from regioplan.placement.model import User

if TYPE_CHECKING:
    from regioplan.store import Database

AUTH_CHANNEL = "placement_auth"
"""The PostgreSQL channel on which writes that end tokens' validity notify every process."""
AUTH_ACTIONS = frozenset(
    {"api.revoke", "session.revoke", "user.block", "user.activate", "user.password"}
)
"""The audited actions after which kept tokens are forgotten."""
CACHE_SECONDS = 60.0
"""The longest a checked token is kept (a safety net; notifications forget it at once)."""
CACHE_SIZE = 10_000
"""Tokens kept at most per process (the oldest goes first)."""
LISTEN_POLL = 1.0
"""Seconds the listener waits for a notification before it checks its connection (and
whether it was stopped)."""

_log = logging.getLogger(__name__)
_NOTIFY = sa.text(f"SELECT pg_notify('{AUTH_CHANNEL}', '')")


def notify(conn: Connection) -> None:
    """Tell every listening process, at the commit of `conn`'s transaction, to forget its kept
    tokens (nothing on SQLite, where nothing is kept)."""
    if conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY)


class TokenCache:
    """The users of tokens one process checked; see the module docstring."""

    def __init__(
        self,
        seconds: float = CACHE_SECONDS,
        *,
        size: int = CACHE_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.size = size
        self._clock = clock
        self._entries: dict[tuple[str, str], tuple[User, dt.datetime, float]] = {}
        self._lock = threading.Lock()
        self._generation = 0
        self._listening = False
        self._stop: threading.Event | None = None
        self.backend_pid: int | None = None
        """The PostgreSQL backend of the listener's connection (None while not connected)."""

    @property
    def listening(self) -> bool:
        """Whether tokens are kept now (the listener is connected)."""
        return self._listening

    @property
    def generation(self) -> int:
        """Grows with every forgetting; note it before reading the database (:meth:`put`)."""
        return self._generation

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, kind: str, digest: str, now: dt.datetime) -> User | None:
        """The kept user of the token with SHA-256 `digest`, or None (not kept, kept too long,
        expired at `now`, or not listening)."""
        if not self._listening:
            return None
        entry = self._entries.get((kind, digest))
        if entry is None:
            return None
        user, expires_at, kept_at = entry
        if expires_at <= now or self._clock() - kept_at > self.seconds:
            return None
        return user

    def put(
        self, kind: str, digest: str, user: User, expires_at: dt.datetime, generation: int
    ) -> None:
        """Keep `user` for the token, if listening and nothing was forgotten since
        `generation` (noted before the database was read)."""
        if self.seconds <= 0:
            return
        with self._lock:
            if not self._listening or generation != self._generation:
                return
            if len(self._entries) >= self.size:
                del self._entries[next(iter(self._entries))]
            self._entries[(kind, digest)] = (user, expires_at, self._clock())

    def forget(self) -> None:
        """Forget every kept token (a revocation was committed somewhere)."""
        with self._lock:
            self._generation += 1
            self._entries.clear()

    def _set_listening(self, listening: bool, owner: threading.Event | None = None) -> None:
        """Start or stop keeping (forgetting everything either way); a listener (`owner`)
        changes it only while it is the current one."""
        with self._lock:
            if owner is not None and self._stop is not owner:
                return
            self._generation += 1
            self._entries.clear()
            self._listening = listening

    # ------------------------------------------------------------------ the listener

    def start(self, db: Database) -> None:
        """Listen on `db` in a thread of its own and keep tokens while connected (PostgreSQL
        only, and only when :attr:`seconds` is positive; otherwise nothing happens)."""
        if db.dialect != "postgresql" or self.seconds <= 0 or self._stop is not None:
            return
        stop = threading.Event()
        self._stop = stop
        threading.Thread(
            target=self._listen, args=(db, stop), name="placement-token-cache", daemon=True
        ).start()

    def stop(self) -> None:
        """Stop keeping tokens at once; the listener closes its connection within
        :data:`LISTEN_POLL` seconds."""
        with self._lock:
            if self._stop is not None:
                self._stop.set()
                self._stop = None
        self._set_listening(False)

    def _listen(self, db: Database, stop: threading.Event) -> None:
        warned = False  # once per outage, not every second
        while not stop.is_set():
            raw = None
            try:
                raw = db.engine.raw_connection()
                driver = raw.driver_connection
                assert driver is not None
                raw.detach()  # its own connection for as long as it listens, not the pool's
                driver.autocommit = True
                driver.execute(f"LISTEN {AUTH_CHANNEL}")
                self.backend_pid = driver.info.backend_pid
                self._set_listening(True, owner=stop)
                warned = False
                while not stop.is_set():
                    for _note in driver.notifies(timeout=LISTEN_POLL):
                        self.forget()
                    driver.execute("SELECT 1")  # a lost connection shows here
            except Exception as exc:  # the database is away: keep nothing, try again shortly
                if not stop.is_set() and not warned:
                    warned = True
                    _log.warning(
                        "token cache: not listening (%s); every call asks the database", exc
                    )
            finally:
                self.backend_pid = None
                self._set_listening(False, owner=stop)
                if raw is not None:
                    with suppress(Exception):
                        raw.close()
            stop.wait(1.0)


__all__ = [
    "AUTH_ACTIONS",
    "AUTH_CHANNEL",
    "CACHE_SECONDS",
    "CACHE_SIZE",
    "LISTEN_POLL",
    "TokenCache",
    "notify",
]
