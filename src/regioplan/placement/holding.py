"""Holds and the transitions of a request: hold, lapse, accept, decline, admit, discharge,
release, close; each checked against the state machine and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from regioplan.placement.audit import Journal
from regioplan.placement.base import (
    _hold_expiry_filter,
    utc,
)
from regioplan.placement.config import (
    CLOSE_REASONS,
    DECLINE_REASONS,
    RELEASE_REASONS,
)
from regioplan.placement.errors import (
    ConflictError,
    NotFoundError,
)
from regioplan.placement.intake import IntakeMixin
from regioplan.placement.model import (
    Hold,
    PlacementRequest,
    User,
)
from regioplan.placement.rights import Action, Target, require
from regioplan.placement.states import (
    HOLD_AFTER,
    HoldStatus,
    RequestEvent,
    RequestState,
    next_state,
)
from regioplan.placement.tables import (
    bed_units,
    capacity,
    holds,
    locations,
    requests,
)
from regioplan.placement.validation import (
    fail,
)


class HoldingMixin(IntakeMixin):
    """Holds and the transitions of a request: hold, lapse, accept, decline, admit, discharge,"""

    # ------------------------------------------------------------------ holds and transitions

    def _expire(
        self,
        conn: Connection,
        journal: Journal,
        now: dt.datetime,
        *,
        request_id: int | None = None,
        bed_unit_id: int | None = None,
        location_id: int | None = None,
        bed_type: str | None = None,
    ) -> int:
        """Mark lapsed holds (of a request, a unit or a location's bed type; all when none is
        given) expired and their requests open again, audited; how many."""
        query = self._hold_query().where(
            holds.c.status == HoldStatus.HELD.value, holds.c.expires_at <= now
        )
        if request_id is not None:
            query = query.where(holds.c.request_id == request_id)
        if bed_unit_id is not None:
            query = query.where(holds.c.bed_unit_id == bed_unit_id)
        if location_id is not None:
            query = query.where(bed_units.c.location_id == location_id)
        if bed_type is not None:
            query = query.where(bed_units.c.bed_type == bed_type)
        count = 0
        for row in conn.execute(query.order_by(holds.c.id)).all():
            done = conn.execute(
                holds.update()
                .where(holds.c.id == row.id, holds.c.status == HoldStatus.HELD.value)
                .values(status=HoldStatus.EXPIRED.value, ended_at=row.expires_at)
            ).rowcount
            if done != 1:
                continue  # another writer expired it first
            count += 1
            req = self._request_row(conn, row.request_id)
            state = RequestState(req.state)
            if state is RequestState.HELD:
                conn.execute(
                    requests.update()
                    .where(requests.c.id == req.id, requests.c.state == state.value)
                    .values(state=RequestState.OPEN.value, updated_at=now)
                )
            journal.add(
                at=now,
                actor=None,
                action="request.expire",
                object_type="request",
                object_id=req.id,
                before={"state": state.value, "hold_id": row.id, "hold_status": "held"},
                after={
                    "state": RequestState.OPEN.value,
                    "hold_id": row.id,
                    "hold_status": "expired",
                    "expired_at": utc(row.expires_at),
                },
                organisation_id=req.referrer_org_id,
                partner_organisation_id=row.receiving_org_id,
                region=req.region,
                event={
                    "request_id": req.id,
                    "state": "open",
                    "hold_id": row.id,
                    "location_id": row.location_id,
                    "bed_type": row.bed_type,
                },
            )
        return count

    def expire_due(self) -> int:
        """Mark every lapsed hold expired (housekeeping; reads already treat them so)."""
        now = self.now()
        with self._write() as (conn, journal):
            return self._expire(conn, journal, now)

    def _move(
        self,
        conn: Connection,
        journal: Journal,
        actor: User,
        row: Row[Any],
        event: RequestEvent,
        now: dt.datetime,
        *,
        hold: Hold | None,
        extra: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> RequestState:
        """One transition of a request (and its hold), checked and audited."""
        before = RequestState(row.state)
        after = next_state(before, event)
        values: dict[str, Any] = {"state": after.value, "updated_at": now, **(extra or {})}
        if after.is_closed:
            values["closed_at"] = now
        changed = conn.execute(
            requests.update()
            .where(requests.c.id == row.id, requests.c.state == before.value)
            .values(**values)
        ).rowcount
        if changed != 1:
            raise ConflictError(
                f"request {row.id} changed meanwhile; reload and try again", code="stale_version"
            )
        hold_after: str | None = None if hold is None else hold.status.value
        if hold is not None and event in HOLD_AFTER and event is not RequestEvent.HOLD:
            status = HOLD_AFTER[event]
            hold_values: dict[str, Any] = {"status": status.value}
            if event in (RequestEvent.ACCEPT, RequestEvent.DECLINE):
                hold_values.update(decided_by=actor.id, decided_at=now)
            if event is RequestEvent.ADMIT:
                hold_values["admitted_at"] = now
            if not status.claims_unit:
                hold_values["ended_at"] = now
            if reason is not None:
                hold_values["reason"] = reason
            done = conn.execute(
                holds.update()
                .where(holds.c.id == hold.id, holds.c.status == hold.status.value)
                .values(**hold_values)
            ).rowcount
            if done != 1:
                raise ConflictError(
                    f"hold {hold.id} changed meanwhile; reload and try again",
                    code="stale_version",
                )
            hold_after = status.value
        journal.add(
            at=now,
            actor=actor,
            action=f"request.{event.value}",
            object_type="request",
            object_id=row.id,
            before={
                "state": before.value,
                **(
                    {"hold_id": hold.id, "hold_status": hold.status.value}
                    if hold and event is not RequestEvent.HOLD
                    else {}
                ),
            },
            after={
                "state": after.value,
                **({"hold_id": hold.id, "hold_status": hold_after} if hold else {}),
                **(
                    {
                        "bed_unit_id": hold.bed_unit_id,
                        "location_id": hold.location_id,
                        "expires_at": hold.expires_at,
                    }
                    if hold and event is RequestEvent.HOLD
                    else {}
                ),
                **({"reason": reason} if reason else {}),
                **({"close_reason": values["close_reason"]} if "close_reason" in values else {}),
            },
            organisation_id=row.referrer_org_id,
            partner_organisation_id=None if hold is None else hold.organisation_id,
            region=row.region,
            event={
                "request_id": row.id,
                "state": after.value,
                **(
                    {
                        "hold_id": hold.id,
                        "location_id": hold.location_id,
                        "bed_type": hold.bed_type,
                    }
                    if hold
                    else {}
                ),
            },
        )
        return after

    def place_hold(self, actor: User, request_id: int, bed_unit_id: int) -> Hold:
        """Hold bed unit `bed_unit_id` for an open request until ``hold_minutes`` from now.

        ConflictError (409) when the unit is held or occupied, its location has no bed of the
        type left to offer, or the request is not open; the database's partial unique index
        makes sure that of simultaneous holds on one unit exactly one succeeds."""
        if isinstance(bed_unit_id, bool) or not isinstance(bed_unit_id, int):
            raise fail("hold", "bed_unit_id", f"{bed_unit_id!r} must be a bed unit id (integer)")
        now = self.now()
        with self._write() as (conn, journal):
            row = self._request_row(conn, request_id)
            require(actor, Action.HOLD, self._target(row, None))
            unit = conn.execute(
                sa.select(bed_units, locations.c.active.label("loc_active"))
                .join(locations, locations.c.id == bed_units.c.location_id)
                .where(bed_units.c.id == bed_unit_id)
            ).first()
            if unit is None or not unit.active or not unit.loc_active:
                raise fail("hold", "bed_unit_id", f"bed unit {bed_unit_id} does not exist")
            if unit.bed_type != row.care_type:
                raise fail(
                    "hold",
                    "bed_unit_id",
                    f"bed unit {bed_unit_id} is a {unit.bed_type} bed; the request asks for "
                    f"{row.care_type}",
                )
            # locks in one order everywhere: the location's beds, then request rows
            self._lock_beds(conn, unit.location_id, unit.bed_type)
            self._request_row(conn, request_id, lock=True)
            # a lapsed hold still counts in the unique index until it is recorded as expired
            self._expire(conn, journal, now, request_id=request_id)
            self._expire(conn, journal, now, bed_unit_id=bed_unit_id)
            row = self._request_row(conn, request_id)
            next_state(RequestState(row.state), RequestEvent.HOLD)  # 409 unless open
            taken = conn.execute(
                sa.select(holds.c.id).where(
                    holds.c.bed_unit_id == bed_unit_id, _hold_expiry_filter(now)
                )
            ).first()
            if taken is not None:
                raise ConflictError(
                    f"bed unit {bed_unit_id} is already held or occupied for another request; "
                    "pick another bed",
                    code="bed_taken",
                )
            figures = self._availability(
                conn, now, location_id=unit.location_id, bed_type=unit.bed_type
            )
            if not figures or figures[0].offerable <= 0:
                raise ConflictError(
                    f"no {unit.bed_type} bed left to hold at location {unit.location_id}: "
                    "every available bed is held or occupied",
                    code="no_bed_left",
                )
            expires = now + self.config.hold_time
            hold_id = conn.execute(
                holds.insert()
                .values(
                    request_id=request_id,
                    bed_unit_id=bed_unit_id,
                    status=HoldStatus.HELD.value,
                    placed_by=actor.id,
                    placed_at=now,
                    expires_at=expires,
                )
                .returning(holds.c.id)
            ).scalar_one()
            hold_row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).one()
            hold = self._hold(hold_row, now)
            self._move(
                conn,
                journal,
                actor,
                row,
                RequestEvent.HOLD,
                now,
                hold=hold,
                extra={},
            )
        return hold

    def _hold_for_decision(
        self, conn: Connection, hold_id: int, now: dt.datetime
    ) -> tuple[Hold, Row[Any]]:
        row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).first()
        if row is None:
            raise NotFoundError(f"hold {hold_id} does not exist")
        hold = self._hold(row, now)
        request_row = self._request_row(conn, hold.request_id, lock=True)
        return hold, request_row

    def _decide(
        self,
        actor: User,
        hold_id: int,
        event: RequestEvent,
        action: Action,
        expected: HoldStatus,
        *,
        reason: str | None = None,
    ) -> Hold:
        now = self.now()
        with self._write() as (conn, journal):
            hold, row = self._hold_for_decision(conn, hold_id, now)
            require(
                actor,
                action,
                Target(row.referrer_org_id, row.region, hold.organisation_id),
            )
            if hold.status is not expected:
                # a lapsed hold is refused; the next write on its request records the lapse
                raise ConflictError(
                    f"hold {hold_id} is {hold.status.value}"
                    + (
                        f" since {hold.expires_at.isoformat()}"
                        if hold.status is HoldStatus.EXPIRED
                        else ""
                    )
                    + f"; {event.value} needs a {expected.value} hold",
                    code="hold_state",
                )
            extra: dict[str, Any] = {}
            if event is RequestEvent.ADMIT:
                extra = {"placed_at": now, "placed_location_id": hold.location_id}
            self._move(conn, journal, actor, row, event, now, hold=hold, reason=reason)
            if event is RequestEvent.ADMIT:
                conn.execute(requests.update().where(requests.c.id == row.id).values(**extra))
                self._count_occupied(conn, journal, actor, hold, +1, now, row.region)
            hold_row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).one()
            return self._hold(hold_row, now)

    def _count_occupied(
        self,
        conn: Connection,
        journal: Journal,
        actor: User,
        hold: Hold,
        delta: int,
        now: dt.datetime,
        region: str,
    ) -> None:
        """An admission fills a bed and a discharge frees one: the occupied count follows
        (within 0..physical), audited; the confirmation stamp stays the bed manager's.

        The row is read locked (FOR UPDATE on PostgreSQL; SQLite's writers are serialised), so
        two admissions at one location at once both count: the second reads the first's
        committed figure. Lock order: the request row, then this capacity row."""
        row = conn.execute(
            sa.select(capacity)
            .where(capacity.c.location_id == hold.location_id, capacity.c.bed_type == hold.bed_type)
            .with_for_update()
        ).first()
        if row is None:
            return
        occupied = min(max(row.occupied + delta, 0), row.physical)
        if occupied == row.occupied:
            return
        conn.execute(capacity.update().where(capacity.c.id == row.id).values(occupied=occupied))
        journal.add(
            at=now,
            actor=actor,
            action="capacity.admit" if delta > 0 else "capacity.discharge",
            object_type="location",
            object_id=hold.location_id,
            before={"bed_type": hold.bed_type, "occupied": row.occupied},
            after={"bed_type": hold.bed_type, "occupied": occupied, "hold_id": hold.id},
            organisation_id=hold.organisation_id,
            region=region,
        )

    def accept_hold(self, actor: User, hold_id: int) -> Hold:
        """The receiving organisation accepts a hold on its bed (it then no longer lapses)."""
        return self._decide(actor, hold_id, RequestEvent.ACCEPT, Action.DECIDE, HoldStatus.HELD)

    def decline_hold(self, actor: User, hold_id: int, reason: str) -> Hold:
        """The receiving organisation declines a hold, with a reason; the request is open again."""
        if reason not in DECLINE_REASONS:
            raise fail(
                "decline", "reason", f"{reason!r} is not one of: {', '.join(DECLINE_REASONS)}"
            )
        return self._decide(
            actor, hold_id, RequestEvent.DECLINE, Action.DECIDE, HoldStatus.HELD, reason=reason
        )

    def admit(self, actor: User, hold_id: int) -> Hold:
        """The patient arrived in the accepted bed: the request closes as admitted."""
        return self._decide(actor, hold_id, RequestEvent.ADMIT, Action.ADMIT, HoldStatus.ACCEPTED)

    def discharge(self, actor: User, hold_id: int) -> Hold:
        """The admitted patient left the bed: the bed unit is free again."""
        now = self.now()
        with self._write() as (conn, journal):
            hold, row = self._hold_for_decision(conn, hold_id, now)
            require(
                actor,
                Action.DISCHARGE,
                Target(row.referrer_org_id, row.region, hold.organisation_id),
            )
            if hold.status is not HoldStatus.ADMITTED:
                raise ConflictError(
                    f"hold {hold_id} is {hold.status.value}; discharge needs an admitted one",
                    code="hold_state",
                )
            done = conn.execute(
                holds.update()
                .where(holds.c.id == hold_id, holds.c.status == HoldStatus.ADMITTED.value)
                .values(status=HoldStatus.DISCHARGED.value, ended_at=now)
            ).rowcount
            if done != 1:
                raise ConflictError(
                    f"hold {hold_id} changed meanwhile; reload and try again",
                    code="stale_version",
                )
            journal.add(
                at=now,
                actor=actor,
                action="hold.discharge",
                object_type="hold",
                object_id=hold_id,
                before={"status": "admitted"},
                after={"status": "discharged", "bed_unit_id": hold.bed_unit_id},
                organisation_id=hold.organisation_id,
                region=row.region,
                event={
                    "hold_id": hold_id,
                    "location_id": hold.location_id,
                    "bed_type": hold.bed_type,
                },
            )
            self._count_occupied(conn, journal, actor, hold, -1, now, row.region)
            hold_row = conn.execute(self._hold_query().where(holds.c.id == hold_id)).one()
            return self._hold(hold_row, now)

    def release_hold(self, actor: User, request_id: int, reason: str) -> PlacementRequest:
        """The requesting side gives up its hold (held or accepted) with a reason."""
        if reason not in RELEASE_REASONS:
            raise fail(
                "release", "reason", f"{reason!r} is not one of: {', '.join(RELEASE_REASONS)}"
            )
        now = self.now()
        with self._write() as (conn, journal):
            row = self._request_row(conn, request_id, lock=True)
            hold = self._current_hold(conn, request_id, now)
            require(actor, Action.RELEASE, self._target(row, hold))
            self._expire(conn, journal, now, request_id=request_id)
            row = self._request_row(conn, request_id)
            if hold is None:
                raise ConflictError(
                    f"request {request_id} has no active hold to release", code="hold_state"
                )
            self._move(
                conn, journal, actor, row, RequestEvent.RELEASE, now, hold=hold, reason=reason
            )
            row = self._request_row(conn, request_id)
            return self._request(row, None, actor)

    def close_request(self, actor: User, request_id: int, reason: str) -> PlacementRequest:
        """Close a request without placement, with a reason (an active hold is released)."""
        if reason not in CLOSE_REASONS:
            raise fail("close", "reason", f"{reason!r} is not one of: {', '.join(CLOSE_REASONS)}")
        now = self.now()
        with self._write() as (conn, journal):
            row = self._request_row(conn, request_id, lock=True)
            hold = self._current_hold(conn, request_id, now)
            require(actor, Action.CLOSE_REQUEST, self._target(row, hold))
            self._expire(conn, journal, now, request_id=request_id)
            row = self._request_row(conn, request_id)
            self._move(
                conn,
                journal,
                actor,
                row,
                RequestEvent.CLOSE,
                now,
                hold=hold,
                extra={"close_reason": reason},
                reason=None,
            )
            row = self._request_row(conn, request_id)
            return self._request(row, None, actor)


__all__ = ["HoldingMixin"]
