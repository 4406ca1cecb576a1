"""The audit log and the change feed, written in the transaction of the change they record.

Every write of the service calls :func:`record` once per changed object: an audit row (who,
when, what, the object's fields before and after) and a feed event, on the same connection, so
both commit or roll back with the change. Audit rows never hold a request's reference (the
only field that points to a patient outside the system), so that pseudonymising a request
later needs no change to the append-only log.

The feed (``placement_events``) is what live pages poll: ``id`` grows in commit order. On
PostgreSQL ids are taken from a sequence when the row is inserted, not when it commits, so a
writer first takes a transaction-scoped advisory lock (held until its commit) right before
inserting its event: events become visible in id order and a poller that reads ``id > last``
never skips one. The same transaction sends ``NOTIFY placement_events`` with the id, delivered
at commit, for listeners that prefer not to poll.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from regioplan.output import jsonable
from regioplan.placement.model import User, as_dict
from regioplan.placement.tables import audit, events

EVENT_LOCK_KEY = 0x706C_6576  # "plev": orders the feed's ids by commit on PostgreSQL
NOTIFY_CHANNEL = "placement_events"


def _clean(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    out = {k: v for k, v in values.items() if k not in ("reference", "password_hash")}
    result: dict[str, Any] = jsonable(as_dict(out))
    return result


_AUDIT_INSERT = audit.insert()
_EVENT_INSERT = events.insert().returning(events.c.id)
_EVENT_LOCK = sa.text("SELECT pg_advisory_xact_lock(:k)")
_NOTIFY = sa.text("SELECT pg_notify(:channel, :payload)")
"""Built once: every write runs them (SQLAlchemy reuses their compiled form)."""


def record(
    conn: Connection,
    *,
    at: dt.datetime,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    organisation_id: int | None = None,
    partner_organisation_id: int | None = None,
    region: str | None = None,
    event: Mapping[str, Any] | None = None,
    feed: bool = True,
) -> None:
    """Write the audit row of one change and its feed event on `conn` (the change's own
    transaction). `event` is the feed event's data (default: the object's state after)."""
    conn.execute(
        _AUDIT_INSERT,
        {
            "at": at,
            "user_id": None if actor is None else actor.id,
            "organisation_id": organisation_id,
            "partner_organisation_id": partner_organisation_id,
            "region": region,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "before": _clean(before),
            "after": _clean(after),
        },
    )
    if not feed:
        return
    publish(
        conn,
        at=at,
        kind=action,
        object_type=object_type,
        object_id=object_id,
        organisation_id=organisation_id,
        partner_organisation_id=partner_organisation_id,
        region=region,
        data=_clean(event if event is not None else (after or {})) or {},
    )


def publish(
    conn: Connection,
    *,
    at: dt.datetime,
    kind: str,
    object_type: str,
    object_id: int | None,
    organisation_id: int | None,
    partner_organisation_id: int | None = None,
    region: str | None,
    data: Mapping[str, Any],
) -> int:
    """Append one event to the feed (in commit order) and notify listeners; its id."""
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.execute(_EVENT_LOCK, {"k": EVENT_LOCK_KEY})
    event_id = conn.execute(
        _EVENT_INSERT,
        {
            "at": at,
            "kind": kind,
            "object_type": object_type,
            "object_id": object_id,
            "organisation_id": organisation_id,
            "partner_organisation_id": partner_organisation_id,
            "region": region,
            "data": dict(data),
        },
    ).scalar_one()
    if postgres:
        conn.execute(_NOTIFY, {"channel": NOTIFY_CHANNEL, "payload": str(event_id)})
    return int(event_id)


class Journal:
    """The audit rows and feed events of one unit of work, written together at its end.

    The service collects them while it changes rows and writes them last, just before the
    commit: the feed's advisory lock (PostgreSQL) is then the last lock a writer takes, so two
    writers never wait for each other's locks in opposite order.
    """

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def add(self, **entry: Any) -> None:
        """Keep one change; the arguments are those of :func:`record` after `conn`."""
        self.entries.append(entry)

    def actions(self) -> set[str]:
        """The actions of the changes kept so far."""
        return {entry["action"] for entry in self.entries}

    def flush(self, conn: Connection) -> None:
        """Write every change kept so far on `conn`, in the order they were added."""
        for entry in self.entries:
            record(conn, **entry)
        self.entries.clear()


__all__ = ["EVENT_LOCK_KEY", "NOTIFY_CHANNEL", "Journal", "publish", "record"]
