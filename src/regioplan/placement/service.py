"""The placement service: every use case as one method, one transaction, rights and audit.

:class:`PlacementService` is what the JSON API, the pages and the command line call. Each
method

1. runs in one transaction of the :class:`~regioplan.store.Database` (readers with
   ``write=False``);
2. asks :func:`regioplan.placement.rights.may` (through ``require``) whether the acting user
   may do it, on the object read in that same transaction;
3. takes the time from ``db.clock`` only (a ``FixedClock`` in tests);
4. writes the audit row and the change-feed event of every change in that transaction.

Holds lapse by time: a hold whose ``expires_at`` has passed is treated as expired by every
read, and every write that touches its request, bed unit or location first marks it expired
(audited), so correctness never depends on a background job. :meth:`expire_due` does the same
for all holds and may be run now and then to tidy up.

A conflict the database detects (two holds for one bed unit at the same moment: the partial
unique index) becomes a :class:`ConflictError` (HTTP 409) in the one error shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from regioplan.errors import StorageError
from regioplan.placement.base import (
    PSEUDONYM,
    _day_start,
    _opt_utc,
    utc,
)
from regioplan.placement.holding import HoldingMixin
from regioplan.placement.model import (
    AuditEntry,
    FeedEvent,
    User,
)
from regioplan.placement.monitoring import (
    CapacityFact,
    Monitoring,
    RequestFact,
    summarise,
    to_csv,
)
from regioplan.placement.occupancy import CapacityChange, CapacityHistory
from regioplan.placement.rights import Action, Target, may, require
from regioplan.placement.states import (
    RequestState,
)
from regioplan.placement.tables import (
    audit,
    events,
    locations,
    organisations,
    requests,
    users,
)
from regioplan.placement.validation import fail, region_problem

OBJECT_TYPES: tuple[str, ...] = (
    "hold",
    "initiative",
    "location",
    "organisation",
    "request",
    "token",
    "user",
)
"""What audit rows are about (``initiative``: the registry's entries, audited in this log)."""

CAPACITY_ACTIONS: tuple[str, ...] = (
    "capacity.set",
    "capacity.confirm",
    "capacity.admit",
    "capacity.discharge",
)
"""The audit actions that change a capacity figure (about a location, with the bed type and the
counts after the change); a report and a confirmation also confirm it."""


class PlacementService(HoldingMixin):
    """Placement coordination on one database; see the module docstring.

    >>> import datetime as dt
    >>> from regioplan.placement import PlacementConfig
    >>> from regioplan.store import FixedClock, open_database
    >>> db = open_database("sqlite://", clock=FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)))
    >>> service = PlacementService(db, PlacementConfig(argon2_time_cost=1, argon2_memory_kib=8))
    >>> desk = service.add_organisation(None, name="RCP", kind="coordination_desk",
    ...                                 region="ZK24", municipality="GM0505")
    >>> coordinator = service.add_user(None, username="coord", password="a long passphrase",
    ...                                role="coordinator", organisation_id=desk.id)
    >>> service.login("coord", "a long passphrase").role
    'coordinator'
    """

    # ------------------------------------------------------------------ audit, feed, privacy

    def audit_log(
        self,
        actor: User,
        *,
        after_id: int = 0,
        limit: int = 100,
        object_type: str | None = None,
        object_id: int | None = None,
        newest_first: bool = False,
        before_id: int | None = None,
    ) -> list[AuditEntry]:
        """Audit rows the actor may read: an administrator all, a coordinator the region's,
        others their own organisation's (as actor or receiver).

        Oldest first after `after_id` (paging forward); with `newest_first` the newest `limit`
        rows (before `before_id`, when given: paging back), newest first -- one query
        (ORDER BY id DESC LIMIT n) however long the audit is."""
        if actor.role == "analyst":
            require(actor, Action.VIEW_AUDIT, None)
        who = users.alias("who")
        query = (
            sa.select(audit, who.c.username)
            .outerjoin(who, who.c.id == audit.c.user_id)
            .where(audit.c.id > after_id)
            .order_by(audit.c.id.desc() if newest_first else audit.c.id)
            .limit(max(1, min(limit, 1000)))
        )
        if before_id is not None:
            query = query.where(audit.c.id < before_id)
        if actor.role == "coordinator":
            query = query.where(audit.c.region == actor.region)
        elif actor.role != "administrator":
            query = query.where(
                sa.or_(
                    audit.c.organisation_id == actor.organisation_id,
                    audit.c.partner_organisation_id == actor.organisation_id,
                )
            )
        if object_type is not None:
            if object_type not in OBJECT_TYPES:
                raise fail(
                    "audit",
                    "object_type",
                    f"{object_type!r} is not one of: {', '.join(OBJECT_TYPES)}",
                )
            query = query.where(audit.c.object_type == object_type)
        if object_id is not None:
            query = query.where(audit.c.object_id == object_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        out = []
        for r in rows:
            target = Target(r.organisation_id, r.region)
            partner = Target(r.partner_organisation_id, r.region)
            if not (
                may(actor, Action.VIEW_AUDIT, target) or may(actor, Action.VIEW_AUDIT, partner)
            ):
                continue
            out.append(
                AuditEntry(
                    id=r.id,
                    at=utc(r.at),
                    user=r.username,
                    organisation_id=r.organisation_id,
                    region=r.region,
                    action=r.action,
                    object_type=r.object_type,
                    object_id=r.object_id,
                    before=r.before,
                    after=r.after,
                )
            )
        return out

    def events_since(
        self,
        actor: User | None,
        after_id: int = 0,
        *,
        limit: int = 100,
        region: str | None = None,
    ) -> list[FeedEvent]:
        """Changes after event `after_id`, oldest first (ids, states and counts; no personal
        data). The live pages poll this; `actor` None is a server-side listener. `region`
        keeps that region's events and those of no region (filtered in the database)."""
        if actor is not None:
            require(actor, Action.VIEW_EVENTS)
        query = (
            sa.select(events)
            .where(events.c.id > after_id)
            .order_by(events.c.id)
            .limit(max(1, min(limit, 1000)))
        )
        if region is not None:
            query = query.where(sa.or_(events.c.region == region, events.c.region.is_(None)))
        with self.db.single_read() as conn:
            rows = conn.execute(query).all()
        return [
            FeedEvent(
                id=r.id,
                at=utc(r.at),
                kind=r.kind,
                object_type=r.object_type,
                object_id=r.object_id,
                organisation_id=r.organisation_id,
                region=r.region,
                data=dict(r.data or {}),
            )
            for r in rows
        ]

    def last_event_id(self) -> int:
        """The id of the newest change (0 when there is none): where a new page starts."""
        with self._read() as conn:
            return int(
                conn.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0))).scalar_one()
            )

    def monitoring(
        self,
        actor: User | None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        region: str | None = None,
    ) -> Monitoring:
        """Monitoring of the requests submitted from `start` up to (not including) `end`
        (UTC days; open ends take everything), per region and organisation, with the
        occupancy and staleness now and over the period, rebuilt from the audit log
        (coordinator, analyst, administrator; None: command line). Everything is read in one
        transaction; :func:`~regioplan.placement.monitoring.summarise` computes."""
        if actor is not None:
            require(actor, Action.VIEW_MONITORING)
        if region is not None and region_problem(region):
            raise fail("monitoring", "region", region_problem(region) or "")
        if start is not None and end is not None and end < start:
            raise fail("monitoring", "end", f"end {end} lies before start {start}")
        now = self.now()
        first, last = _day_start(start), _day_start(end)
        with self._read() as conn:
            rows = conn.execute(
                sa.select(
                    requests.c.region,
                    requests.c.referrer_org_id,
                    organisations.c.name,
                    requests.c.created_at,
                    requests.c.state,
                    requests.c.placed_at,
                    requests.c.close_reason,
                ).join(organisations, organisations.c.id == requests.c.referrer_org_id)
            ).all()
            figures = self._availability(conn, now, region=region)
            changes = conn.execute(_capacity_changes(region, last)).all()
        facts = [
            RequestFact(
                region=r.region,
                organisation_id=r.referrer_org_id,
                organisation=r.name,
                created_at=utc(r.created_at),
                state=r.state,
                placed_at=_opt_utc(r.placed_at),
                close_reason=r.close_reason,
            )
            for r in rows
        ]
        capacity_facts = [
            CapacityFact(
                region=a.region,
                organisation_id=a.organisation_id,
                organisation=a.organisation,
                staffed=a.staffed,
                occupied=a.occupied,
                stale=a.stale,
            )
            for a in figures
        ]
        return summarise(
            facts,
            capacity_facts,
            _histories(changes),
            now=now,
            stale_after=self.config.stale_after,
            start=first,
            end=last,
            region=region,
        )

    def monitoring_csv(
        self,
        actor: User | None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        region: str | None = None,
    ) -> str:
        """:meth:`monitoring` as CSV text (see :func:`regioplan.placement.monitoring.to_csv`)."""
        return to_csv(self.monitoring(actor, start=start, end=end, region=region))

    def pseudonymise(self, actor: User | None) -> int:
        """Pseudonymise requests closed longer ago than ``retention_days``: the reference is
        replaced and the link to the submitting user dropped (the audit never held the
        reference); the rest stays for monitoring. How many."""
        if actor is not None:
            require(actor, Action.PSEUDONYMISE)
        now = self.now()
        cutoff = now - self.config.retention
        with self._write() as (conn, journal):
            rows = conn.execute(
                sa.select(requests.c.id, requests.c.referrer_org_id, requests.c.region).where(
                    requests.c.state.in_([RequestState.ADMITTED.value, RequestState.CLOSED.value]),
                    requests.c.closed_at <= cutoff,
                    requests.c.pseudonymised_at.is_(None),
                )
            ).all()
            for r in rows:
                conn.execute(
                    requests.update()
                    .where(requests.c.id == r.id)
                    .values(reference=PSEUDONYM, created_by=None, pseudonymised_at=now)
                )
                journal.add(
                    at=now,
                    actor=actor,
                    action="request.pseudonymise",
                    object_type="request",
                    object_id=r.id,
                    after={"pseudonymised_at": now},
                    organisation_id=r.referrer_org_id,
                    region=r.region,
                    feed=False,
                )
        return len(rows)


def _capacity_changes(region: str | None, end: dt.datetime | None) -> sa.Select[Any]:
    """The audit rows that changed a capacity figure (of `region`, before `end`) with the
    location's organisation and region, in the order they were made (id)."""
    query = (
        sa.select(
            audit.c.id,
            audit.c.at,
            audit.c.action,
            audit.c.object_id,
            audit.c.after,
            locations.c.region,
            locations.c.organisation_id,
            organisations.c.name,
        )
        .join(locations, locations.c.id == audit.c.object_id)
        .join(organisations, organisations.c.id == locations.c.organisation_id)
        .where(audit.c.object_type == "location", audit.c.action.in_(CAPACITY_ACTIONS))
        .order_by(audit.c.id)
    )
    if region is not None:
        query = query.where(locations.c.region == region)
    if end is not None:
        query = query.where(audit.c.at < end)
    return query


def _histories(rows: Sequence[Row[Any]]) -> list[CapacityHistory]:
    """One history per figure (location and bed type) of the audit rows `rows` (id order),
    from the figure's first report on."""
    keyed: dict[tuple[int, str], tuple[Row[Any], list[CapacityChange]]] = {}
    for r in rows:
        after: dict[str, Any] = dict(r.after or {})
        try:
            bed_type = str(after["bed_type"])
            occupied = int(after["occupied"])
            staffed = (
                None
                if r.action in ("capacity.admit", "capacity.discharge")
                else int(after["staffed"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StorageError(
                f"audit row {r.id} ({r.action}) lacks the counts after the change: {exc}"
            ) from exc
        key = (int(r.object_id), bed_type)
        if key not in keyed:
            if staffed is None:  # before its first report: written outside the service
                continue
            keyed[key] = (r, [])
        keyed[key][1].append(
            CapacityChange(
                at=utc(r.at), occupied=occupied, staffed=staffed, confirms=staffed is not None
            )
        )
    return [
        CapacityHistory(
            region=r.region,
            organisation_id=r.organisation_id,
            organisation=r.name,
            location_id=location_id,
            bed_type=bed_type,
            changes=tuple(changes),
        )
        for (location_id, bed_type), (r, changes) in sorted(keyed.items(), key=lambda kv: kv[0])
    ]


__all__ = ["CAPACITY_ACTIONS", "OBJECT_TYPES", "PSEUDONYM", "PlacementService", "utc"]
