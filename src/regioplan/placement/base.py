"""The plumbing of the placement service: one transaction per call, conflicts as 409, UTC.

See :mod:`regioplan.placement.service` for the service as a whole."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from regioplan.access.costs import TravelCostProvider
from regioplan.errors import Problem, StorageError
from regioplan.placement.audit import Journal
from regioplan.placement.config import (
    PlacementConfig,
)
from regioplan.placement.errors import (
    ConflictError,
)
from regioplan.placement.matching import TravelTimes
from regioplan.placement.states import (
    ACTIVE_HOLD_STATUSES,
    HoldStatus,
)
from regioplan.placement.tables import (
    holds,
)
from regioplan.placement.token_cache import AUTH_ACTIONS, TokenCache
from regioplan.placement.token_cache import notify as notify_token_change
from regioplan.store import Database

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,79}$")
_ACTIVE_VALUES = tuple(s.value for s in ACTIVE_HOLD_STATUSES)
_CLAIMING_NOW = ("accepted", "admitted")
PSEUDONYM = "pseudonymised"
"""What a pseudonymised request's reference reads."""


def utc(value: dt.datetime) -> dt.datetime:
    """`value` as an aware UTC time (SQLite gives naive times back; they were stored as UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _opt_utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else utc(value)


def _split(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t)


def _conflict_message(detail: str) -> tuple[str, str]:
    """(message, code) of a unique or foreign-key violation the database reported."""
    text = detail.lower()
    if "active_unit" in text or "placement_holds.bed_unit_id" in text:
        return (
            "this bed unit is already held or occupied for another request; pick another bed",
            "bed_taken",
        )
    if "active_request" in text or "placement_holds.request_id" in text:
        return "the request already has an active hold; release it first", "has_hold"
    if "username" in text:
        return "that user name is taken", "duplicate"
    if "organisations" in text and "name" in text:
        return "an organisation with that name exists", "duplicate"
    if "placement_locations" in text:
        return "the organisation has a location with that name", "duplicate"
    return f"the change conflicts with the stored data: {detail.splitlines()[0]}", "conflict"


NOW = sa.bindparam("now", type_=holds.c.expires_at.type)
"""The time of a prebuilt statement: executed with ``{"now": ...}`` (see :data:`CLAIMING`)."""


def _hold_expiry_filter(now: dt.datetime | sa.BindParameter[dt.datetime]) -> sa.ColumnElement[bool]:
    """Holds that claim their bed unit at `now` (a 'held' one only until it expires)."""
    return sa.or_(
        holds.c.status.in_(_CLAIMING_NOW),
        sa.and_(holds.c.status == HoldStatus.HELD.value, holds.c.expires_at > now),
    )


CLAIMING = _hold_expiry_filter(NOW)
""":func:`_hold_expiry_filter` at the bound time :data:`NOW`, for prebuilt statements.

The hot reads (sign-in check, availability, a request with its hold) are built once per shape
with bound parameters instead of on every call: SQLAlchemy then reuses the statement's cache
key and compiled form, which took most of a read's Python time (benchmarks/placement)."""


class ServiceBase:
    """The database, the rules and the travel costs of a service, and its transactions."""

    def __init__(
        self,
        db: Database,
        config: PlacementConfig | None = None,
        *,
        travel: TravelCostProvider | None = None,
    ) -> None:
        self.db = db
        self.config = config or PlacementConfig()
        self.travel = travel
        self._travel_times = TravelTimes(travel, self.config.travel_max_minutes)
        self.tokens = TokenCache()
        """Checked tokens, kept while a server process listens for revocations
        (:mod:`regioplan.placement.token_cache`; the web app starts it)."""

    def __repr__(self) -> str:
        return f"PlacementService({self.db!r})"

    # ------------------------------------------------------------------ plumbing

    def now(self) -> dt.datetime:
        """The time of the database's clock, in UTC."""
        return utc(self.db.clock.now())

    @contextmanager
    def _write(self) -> Iterator[tuple[Connection, Journal]]:
        """One writing transaction with its journal (written last); a unique or foreign-key
        violation becomes a ConflictError. A write audited with one of the token cache's
        :data:`AUTH_ACTIONS` tells every server process to forget its checked tokens."""
        try:
            with self.db.transaction() as conn:
                journal = Journal()
                yield conn, journal
                revokes = not AUTH_ACTIONS.isdisjoint(journal.actions())
                journal.flush(conn)
                if revokes:
                    notify_token_change(conn)  # delivered to the other processes at commit
            if revokes:
                self.tokens.forget()
        except StorageError as exc:
            code = getattr(getattr(exc.__cause__, "orig", None), "sqlstate", None)
            if code in ("40P01", "40001"):  # PostgreSQL resolved a deadlock or a conflict
                raise ConflictError(
                    "another change to the same beds or request came at the same moment; "
                    "nothing was changed, try again",
                    code="retry",
                ) from exc
            if isinstance(exc.__cause__, sa.exc.IntegrityError):
                detail = str(exc.__cause__.orig or exc.__cause__)
                message, kind = _conflict_message(detail)
                raise ConflictError(message, code=kind) from exc
            raise

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.db.transaction(write=False) as conn:
            yield conn


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _summary(problems: Sequence[Problem]) -> str:
    return "; ".join(f"{p.field}: {p.reason}" for p in problems)


__all__ = ["PSEUDONYM", "ServiceBase", "utc"]
