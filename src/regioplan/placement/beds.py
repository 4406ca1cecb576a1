"""Capacity per location and bed type, its confirmation and staleness, and the bed units that
follow the staffed beds."""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from regioplan.errors import ValidationError
from regioplan.placement.base import (
    CLAIMING,
    NOW,
    _hold_expiry_filter,
    _summary,
    utc,
)
from regioplan.placement.errors import (
    NotFoundError,
)
from regioplan.placement.model import (
    Availability,
    User,
)
from regioplan.placement.rights import Action, Target, require
from regioplan.placement.signin import SignInMixin
from regioplan.placement.states import (
    HoldStatus,
)
from regioplan.placement.tables import (
    bed_units,
    capacity,
    holds,
    locations,
    organisations,
    users,
)
from regioplan.placement.validation import (
    count_problems,
    fail,
    region_problem,
)


class BedsMixin(SignInMixin):
    """Capacity per location and bed type, its confirmation and staleness, and the bed units that"""

    # ------------------------------------------------------------------ capacity

    def _location_row(self, conn: Connection, location_id: int) -> Row[Any]:
        row = conn.execute(
            sa.select(locations, organisations.c.name.label("org_name"))
            .join(organisations, organisations.c.id == locations.c.organisation_id)
            .where(locations.c.id == location_id)
        ).first()
        if row is None or not row.active:
            raise NotFoundError(f"location {location_id} does not exist")
        return row

    def _check_bed_type(self, bed_type: str, field: str = "bed_type") -> None:
        if bed_type not in self.config.bed_types:
            raise fail(
                "capacity",
                field,
                f"{bed_type!r} is not one of: {', '.join(self.config.bed_types)}",
            )

    def set_capacity(
        self,
        actor: User,
        *,
        location_id: int,
        bed_type: str,
        physical: int,
        staffed: int,
        occupied: int,
    ) -> Availability:
        """Report (and so confirm) the beds of one location and bed type; the bed units that
        can be held follow the staffed beds (added, or retired when free)."""
        self._check_bed_type(bed_type)
        problems = count_problems(physical, staffed, occupied)
        if problems:
            raise ValidationError(problems, summary=_summary(problems))
        now = self.now()
        with self._write() as (conn, journal):
            loc = self._location_row(conn, location_id)
            require(actor, Action.SET_CAPACITY, Target(loc.organisation_id, loc.region))
            self._lock_beds(conn, location_id, bed_type)
            before = conn.execute(
                sa.select(capacity.c.physical, capacity.c.staffed, capacity.c.occupied).where(
                    capacity.c.location_id == location_id, capacity.c.bed_type == bed_type
                )
            ).first()
            values = {
                "physical": physical,
                "staffed": staffed,
                "occupied": occupied,
                "confirmed_by": actor.id,
                "confirmed_at": now,
            }
            if before is None:
                conn.execute(
                    capacity.insert().values(location_id=location_id, bed_type=bed_type, **values)
                )
            else:
                conn.execute(
                    capacity.update()
                    .where(capacity.c.location_id == location_id, capacity.c.bed_type == bed_type)
                    .values(**values)
                )
            self._sync_units(conn, location_id, bed_type, staffed, now)
            journal.add(
                at=now,
                actor=actor,
                action="capacity.set",
                object_type="location",
                object_id=location_id,
                before=None if before is None else {"bed_type": bed_type, **before._asdict()},
                after={"bed_type": bed_type, **values},
                organisation_id=loc.organisation_id,
                region=loc.region,
            )
            return self._availability(conn, now, location_id=location_id, bed_type=bed_type)[0]

    def confirm_capacity(self, actor: User, *, location_id: int, bed_type: str) -> Availability:
        """Confirm that the last figure still holds: only the stamp (user and time) is written,
        in one transaction under the location's bed lock, so an admission, a discharge or a
        colleague's report committed meanwhile is kept, never overwritten by an older figure."""
        self._check_bed_type(bed_type)
        now = self.now()
        with self._write() as (conn, journal):
            loc = self._location_row(conn, location_id)
            require(actor, Action.SET_CAPACITY, Target(loc.organisation_id, loc.region))
            self._lock_beds(conn, location_id, bed_type)
            where = (capacity.c.location_id == location_id, capacity.c.bed_type == bed_type)
            row = conn.execute(sa.select(capacity).where(*where).with_for_update()).first()
            if row is None:
                raise NotFoundError(
                    f"location {location_id} has no {bed_type} capacity yet; report it first"
                )
            conn.execute(
                capacity.update().where(*where).values(confirmed_by=actor.id, confirmed_at=now)
            )
            counts = {"physical": row.physical, "staffed": row.staffed, "occupied": row.occupied}
            journal.add(
                at=now,
                actor=actor,
                action="capacity.confirm",
                object_type="location",
                object_id=location_id,
                before={
                    "bed_type": bed_type,
                    "confirmed_by": row.confirmed_by,
                    "confirmed_at": row.confirmed_at,
                },
                after={
                    "bed_type": bed_type,
                    **counts,
                    "confirmed_by": actor.id,
                    "confirmed_at": now,
                },
                organisation_id=loc.organisation_id,
                region=loc.region,
            )
            return self._availability(conn, now, location_id=location_id, bed_type=bed_type)[0]

    def _sync_units(
        self, conn: Connection, location_id: int, bed_type: str, staffed: int, now: dt.datetime
    ) -> None:
        units = conn.execute(
            sa.select(bed_units.c.id, bed_units.c.label, bed_units.c.active)
            .where(bed_units.c.location_id == location_id, bed_units.c.bed_type == bed_type)
            .order_by(bed_units.c.id)
        ).all()
        claimed = set(
            conn.execute(
                sa.select(holds.c.bed_unit_id).where(
                    holds.c.bed_unit_id.in_([u.id for u in units]), _hold_expiry_filter(now)
                )
            ).scalars()
        )
        active = [u for u in units if u.active]
        if len(active) < staffed:
            inactive = [u for u in units if not u.active]
            for unit in inactive[: staffed - len(active)]:
                conn.execute(
                    bed_units.update().where(bed_units.c.id == unit.id).values(active=True)
                )
            missing = staffed - len(active) - min(len(inactive), staffed - len(active))
            labels = {u.label for u in units}
            n = 0
            while missing > 0:
                n += 1
                label = f"{bed_type}-{n}"
                if label in labels:
                    continue
                conn.execute(
                    bed_units.insert().values(
                        location_id=location_id, bed_type=bed_type, label=label, active=True
                    )
                )
                missing -= 1
        elif len(active) > staffed:
            surplus = len(active) - staffed
            for unit in reversed(active):  # retire the newest free units first
                if surplus == 0:
                    break
                if unit.id in claimed:
                    continue
                conn.execute(
                    bed_units.update().where(bed_units.c.id == unit.id).values(active=False)
                )
                surplus -= 1

    def _lock_beds(self, conn: Connection, location_id: int, bed_type: str) -> None:
        """On PostgreSQL, serialise writers of one location's beds of one type (the hold's
        count check must not race); SQLite writers are serialised by BEGIN IMMEDIATE."""
        if conn.dialect.name == "postgresql":
            conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(:a, :b)"),
                {"a": location_id, "b": zlib.crc32(bed_type.encode()) - 2**31},
            )

    def availability(
        self,
        actor: User,
        *,
        region: str | None = None,
        bed_type: str | None = None,
        organisation_id: int | None = None,
    ) -> list[Availability]:
        """Capacity per location and bed type, recently confirmed first, stale ones last."""
        require(actor, Action.VIEW_AVAILABILITY)
        if bed_type is not None:
            self._check_bed_type(bed_type)
        if region is not None and region_problem(region):
            raise fail("availability", "region", region_problem(region) or "")
        with self.db.single_read() as conn:  # one statement
            return self._availability(
                conn, self.now(), region=region, bed_type=bed_type, organisation_id=organisation_id
            )

    def _availability(
        self,
        conn: Connection,
        now: dt.datetime,
        *,
        location_id: int | None = None,
        region: str | None = None,
        bed_type: str | None = None,
        organisation_id: int | None = None,
    ) -> list[Availability]:
        query = _availability_statement(
            location_id is not None,
            region is not None,
            bed_type is not None,
            organisation_id is not None,
        )
        params = {
            "now": now,
            "location_id": location_id,
            "region": region,
            "bed_type": bed_type,
            "organisation_id": organisation_id,
        }
        out = []
        stale_after = self.config.stale_after
        for r in conn.execute(query, params).all():
            confirmed = utc(r.confirmed_at)
            available = max(r.staffed - r.occupied, 0)
            offerable = max(0, min(available - int(r.held), int(r.free)))
            age = now - confirmed
            out.append(
                Availability(
                    location_id=r.location_id,
                    location=r.loc_name,
                    organisation_id=r.organisation_id,
                    organisation=r.org_name,
                    region=r.region,
                    municipality=r.municipality,
                    bed_type=r.bed_type,
                    physical=r.physical,
                    staffed=r.staffed,
                    occupied=r.occupied,
                    available=available,
                    held=int(r.held),
                    offerable=offerable,
                    confirmed_by=r.confirmer,
                    confirmed_at=confirmed,
                    age_minutes=max(0, int(age.total_seconds() // 60)),
                    stale=age > stale_after,
                    example=bool(r.example),
                )
            )
        out.sort(key=lambda a: (a.stale, -a.offerable, a.organisation, a.location, a.bed_type))
        return out


@functools.cache
def _availability_statement(
    by_location: bool, by_region: bool, by_bed_type: bool, by_organisation: bool
) -> sa.Select[Any]:
    """The availability query for one combination of filters, built once (bound parameters
    ``now``, ``location_id``, ``region``, ``bed_type``, ``organisation_id``)."""
    held_q = (
        sa.select(
            bed_units.c.location_id,
            bed_units.c.bed_type,
            sa.func.count().label("held"),
        )
        .join(holds, holds.c.bed_unit_id == bed_units.c.id)
        .where(
            sa.or_(
                holds.c.status == HoldStatus.ACCEPTED.value,
                sa.and_(holds.c.status == HoldStatus.HELD.value, holds.c.expires_at > NOW),
            )
        )
        .group_by(bed_units.c.location_id, bed_units.c.bed_type)
        .subquery()
    )
    claimed = sa.select(holds.c.bed_unit_id).where(CLAIMING)
    free_q = (
        sa.select(
            bed_units.c.location_id,
            bed_units.c.bed_type,
            sa.func.count().label("free"),
        )
        .where(bed_units.c.active.is_(True), bed_units.c.id.not_in(claimed))
        .group_by(bed_units.c.location_id, bed_units.c.bed_type)
        .subquery()
    )
    confirmer = users.alias("confirmer")
    query = (
        sa.select(
            capacity,
            locations.c.name.label("loc_name"),
            locations.c.organisation_id,
            locations.c.region,
            locations.c.municipality,
            locations.c.example,
            organisations.c.name.label("org_name"),
            confirmer.c.username.label("confirmer"),
            sa.func.coalesce(held_q.c.held, 0).label("held"),
            sa.func.coalesce(free_q.c.free, 0).label("free"),
        )
        .join(locations, locations.c.id == capacity.c.location_id)
        .join(organisations, organisations.c.id == locations.c.organisation_id)
        .outerjoin(confirmer, confirmer.c.id == capacity.c.confirmed_by)
        .outerjoin(
            held_q,
            sa.and_(
                held_q.c.location_id == capacity.c.location_id,
                held_q.c.bed_type == capacity.c.bed_type,
            ),
        )
        .outerjoin(
            free_q,
            sa.and_(
                free_q.c.location_id == capacity.c.location_id,
                free_q.c.bed_type == capacity.c.bed_type,
            ),
        )
        .where(locations.c.active.is_(True))
    )
    if by_location:
        query = query.where(capacity.c.location_id == sa.bindparam("location_id"))
    if by_region:
        query = query.where(locations.c.region == sa.bindparam("region"))
    if by_bed_type:
        query = query.where(capacity.c.bed_type == sa.bindparam("bed_type"))
    if by_organisation:
        query = query.where(locations.c.organisation_id == sa.bindparam("organisation_id"))
    return query


__all__ = ["BedsMixin"]
