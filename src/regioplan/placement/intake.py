"""Requests: submitting, reading, listing and matching them, and how a request and its hold
look to the user who asks."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from regioplan.placement.base import (
    CLAIMING,
    _opt_utc,
    _split,
    utc,
)
from regioplan.placement.beds import BedsMixin
from regioplan.placement.errors import (
    NotFoundError,
)
from regioplan.placement.geography import municipality_frame
from regioplan.placement.matching import Candidate, rank
from regioplan.placement.model import (
    Hold,
    Match,
    PlacementRequest,
    User,
)
from regioplan.placement.rights import Action, Target, may, require
from regioplan.placement.states import (
    HoldStatus,
    RequestState,
)
from regioplan.placement.tables import (
    bed_units,
    holds,
    locations,
    organisations,
    requests,
    users,
)
from regioplan.placement.validation import (
    RequestInput,
    validate_request,
)

_REQUEST_ROW = (
    sa.select(requests, organisations.c.name.label("org_name"))
    .join(organisations, organisations.c.id == requests.c.referrer_org_id)
    .where(requests.c.id == sa.bindparam("request_id"))
)
_REQUEST_ROW_LOCKED = _REQUEST_ROW.with_for_update(of=requests)
_PLACER = users.alias("placer")
_HOLD_QUERY = (
    sa.select(
        holds,
        bed_units.c.label.label("unit_label"),
        bed_units.c.location_id,
        bed_units.c.bed_type,
        locations.c.name.label("loc_name"),
        locations.c.organisation_id.label("receiving_org_id"),
        organisations.c.name.label("receiving_org"),
        _PLACER.c.username.label("placer"),
    )
    .join(bed_units, bed_units.c.id == holds.c.bed_unit_id)
    .join(locations, locations.c.id == bed_units.c.location_id)
    .join(organisations, organisations.c.id == locations.c.organisation_id)
    .outerjoin(_PLACER, _PLACER.c.id == holds.c.placed_by)
)
_CURRENT_HOLD = (
    _HOLD_QUERY.where(holds.c.request_id == sa.bindparam("request_id"), CLAIMING)
    .order_by(holds.c.id.desc())
    .limit(1)
)
_CURRENT_HOLDS = _HOLD_QUERY.where(
    holds.c.request_id.in_(sa.bindparam("request_ids", expanding=True)), CLAIMING
).order_by(holds.c.id)
"""The hot reads of a request and its hold, built once (bound ``request_id(s)`` and ``now``)."""


@functools.cache
def _request_list_statement(scope: str, by_state: bool) -> sa.Select[Any]:
    """The requests a user may list, newest first, built once per shape: `scope` ``referrer``
    (the organisation's own), ``coordinator`` (the region's) or ``receiving`` (those held for
    or placed in the organisation's beds); bound ``organisation_id``, ``region``, ``now``,
    ``states`` (when `by_state`), ``limit`` and ``offset``."""
    query = (
        sa.select(requests, organisations.c.name.label("org_name"))
        .join(organisations, organisations.c.id == requests.c.referrer_org_id)
        .order_by(requests.c.created_at.desc(), requests.c.id.desc())
    )
    if scope == "referrer":
        query = query.where(requests.c.referrer_org_id == sa.bindparam("organisation_id"))
    elif scope == "coordinator":
        query = query.where(requests.c.region == sa.bindparam("region"))
    else:
        mine = (
            sa.select(holds.c.request_id)
            .join(bed_units, bed_units.c.id == holds.c.bed_unit_id)
            .join(locations, locations.c.id == bed_units.c.location_id)
            .where(locations.c.organisation_id == sa.bindparam("organisation_id"), CLAIMING)
        )
        query = query.where(requests.c.id.in_(mine))
    if by_state:
        query = query.where(requests.c.state.in_(sa.bindparam("states", expanding=True)))
    return query.limit(sa.bindparam("limit")).offset(sa.bindparam("offset"))


_FREE_UNIT = (
    sa.select(sa.func.min(bed_units.c.id))
    .where(
        bed_units.c.bed_type == sa.bindparam("care_type"),
        bed_units.c.active.is_(True),
        bed_units.c.id.not_in(sa.select(holds.c.bed_unit_id).where(CLAIMING)),
        bed_units.c.location_id.in_(sa.bindparam("location_ids", expanding=True)),
    )
    .group_by(bed_units.c.location_id)
)
_FIRST_FREE_UNITS = (
    sa.select(
        bed_units.c.id,
        bed_units.c.label,
        bed_units.c.location_id,
        locations.c.lat,
        locations.c.lon,
        locations.c.features,
    )
    .join(locations, locations.c.id == bed_units.c.location_id)
    .where(bed_units.c.id.in_(_FREE_UNIT))
    .order_by(bed_units.c.location_id)
)
"""The first free bed unit (lowest id) of a type at each of the given locations (bound
``care_type``, ``location_ids``, ``now``): one row per location, the unit a match proposes."""


@functools.cache
def _origin(municipality: str) -> tuple[float, float, float]:
    """(lat, lon, area km2) of a municipality, where a request's travel times start."""
    point = municipality_frame([municipality]).iloc[0]
    return float(point["lat"]), float(point["lon"]), float(point["area_km2"])


class IntakeMixin(BedsMixin):
    """Requests: submitting, reading, listing and matching them, and how a request and its hold"""

    # ------------------------------------------------------------------ requests

    def _request_row(self, conn: Connection, request_id: int, *, lock: bool = False) -> Row[Any]:
        query = _REQUEST_ROW_LOCKED if lock and conn.dialect.name == "postgresql" else _REQUEST_ROW
        row = conn.execute(query, {"request_id": request_id}).first()
        if row is None:
            raise NotFoundError(f"request {request_id} does not exist")
        return row

    def _hold_query(self) -> sa.Select[Any]:
        return _HOLD_QUERY

    @staticmethod
    def _hold(row: Row[Any], now: dt.datetime) -> Hold:
        status = HoldStatus(row.status)
        expires = utc(row.expires_at)
        ended = _opt_utc(row.ended_at)
        if status is HoldStatus.HELD and expires <= now:
            status, ended = HoldStatus.EXPIRED, expires
        return Hold(
            id=row.id,
            request_id=row.request_id,
            bed_unit_id=row.bed_unit_id,
            bed_unit=row.unit_label,
            location_id=row.location_id,
            location=row.loc_name,
            organisation_id=row.receiving_org_id,
            organisation=row.receiving_org,
            bed_type=row.bed_type,
            status=status,
            placed_by=row.placer,
            placed_at=utc(row.placed_at),
            expires_at=expires,
            decided_at=_opt_utc(row.decided_at),
            reason=row.reason,
            admitted_at=_opt_utc(row.admitted_at),
            ended_at=ended,
        )

    def _current_hold(self, conn: Connection, request_id: int, now: dt.datetime) -> Hold | None:
        """The request's hold that claims a unit now (an expired 'held' one is not)."""
        row = conn.execute(_CURRENT_HOLD, {"request_id": request_id, "now": now}).first()
        return None if row is None else self._hold(row, now)

    @staticmethod
    def _effective_state(row: Row[Any], hold: Hold | None) -> RequestState:
        state = RequestState(row.state)
        if state is RequestState.HELD and hold is None:
            return RequestState.OPEN  # its hold lapsed; the next write records it
        return state

    @staticmethod
    def _target(row: Row[Any], hold: Hold | None) -> Target:
        return Target(
            organisation_id=row.referrer_org_id,
            region=row.region,
            receiving_organisation_id=None if hold is None else hold.organisation_id,
        )

    def _request(self, row: Row[Any], hold: Hold | None, viewer: User | None) -> PlacementRequest:
        state = self._effective_state(row, hold)
        shows_reference = viewer is None or may(
            viewer, Action.VIEW_REQUEST, self._target(row, hold)
        )
        return PlacementRequest(
            id=row.id,
            reference=row.reference if shows_reference else None,
            referrer_org_id=row.referrer_org_id,
            referrer=row.org_name,
            region=row.region,
            care_type=row.care_type,
            urgency=row.urgency,
            municipality=row.municipality,
            needs=_split(row.needs),
            state=state,
            close_reason=row.close_reason,
            created_at=utc(row.created_at),
            updated_at=utc(row.updated_at),
            placed_at=_opt_utc(row.placed_at),
            closed_at=_opt_utc(row.closed_at),
            pseudonymised=row.pseudonymised_at is not None,
            hold=hold,
        )

    def submit_request(self, actor: User, request: RequestInput) -> PlacementRequest:
        """A new open request of the actor's organisation (referrer or coordinator)."""
        require(actor, Action.SUBMIT_REQUEST, Target(actor.organisation_id, actor.region))
        clean = validate_request(request, self.config.bed_types)
        now = self.now()
        with self._write() as (conn, journal):
            values = {
                "reference": clean.reference,
                "referrer_org_id": actor.organisation_id,
                "created_by": actor.id,
                "region": actor.region,
                "care_type": clean.care_type,
                "urgency": clean.urgency,
                "municipality": clean.municipality,
                "needs": ",".join(clean.needs),
                "state": RequestState.OPEN.value,
                "created_at": now,
                "updated_at": now,
            }
            new_id = conn.execute(
                requests.insert().values(**values).returning(requests.c.id)
            ).scalar_one()
            journal.add(
                at=now,
                actor=actor,
                action="request.submit",
                object_type="request",
                object_id=new_id,
                after=values,
                organisation_id=actor.organisation_id,
                region=actor.region,
                event={"request_id": new_id, "state": "open", "care_type": clean.care_type},
            )
            row = self._request_row(conn, new_id)
        return self._request(row, None, actor)

    def get_request(self, actor: User, request_id: int) -> PlacementRequest:
        """One request, if the actor may see it (ForbiddenError otherwise)."""
        now = self.now()
        with self._read() as conn:
            row = self._request_row(conn, request_id)
            hold = self._current_hold(conn, request_id, now)
        require(actor, Action.VIEW_REQUEST, self._target(row, hold))
        return self._request(row, hold, actor)

    def list_requests(
        self,
        actor: User,
        *,
        states: Sequence[RequestState] | None = None,
        limit: int = 200,
    ) -> list[PlacementRequest]:
        """The requests the actor may see, newest first: a referrer its organisation's, a
        coordinator its region's, a bed manager those held for or placed in its beds.
        `states` filters on the current (effective) state."""
        if actor.role not in ("referrer", "coordinator", "bed_manager"):
            require(actor, Action.VIEW_REQUEST, None)
        now = self.now()
        scope = actor.role if actor.role in ("referrer", "coordinator") else "receiving"
        params: dict[str, Any] = {
            "now": now,
            "organisation_id": actor.organisation_id,
            "region": actor.region,
        }
        if states is not None:
            stored = {s.value for s in states}
            if RequestState.OPEN in states:
                stored.add(RequestState.HELD.value)  # a held request whose hold lapsed is open
            params["states"] = sorted(stored)
        query = _request_list_statement(scope, states is not None)
        limit = max(1, min(limit, 1000))
        out: list[PlacementRequest] = []
        with self._read() as conn:
            offset = 0
            while len(out) < limit:
                rows = conn.execute(query, {**params, "limit": limit, "offset": offset}).all()
                if not rows:
                    break
                offset += len(rows)
                current = self._current_holds(conn, [r.id for r in rows], now)
                for row in rows:
                    hold = current.get(row.id)
                    if not may(actor, Action.VIEW_REQUEST, self._target(row, hold)):
                        continue
                    item = self._request(row, hold, actor)
                    if states is None or item.state in states:
                        out.append(item)
                    if len(out) >= limit:
                        break
        return out

    def _current_holds(
        self, conn: Connection, request_ids: list[int], now: dt.datetime
    ) -> dict[int, Hold]:
        """:meth:`_current_hold` of many requests in one query."""
        rows = conn.execute(_CURRENT_HOLDS, {"request_ids": request_ids, "now": now}).all()
        return {r.request_id: self._hold(r, now) for r in rows}

    def match(self, actor: User, request_id: int, *, limit: int = 10) -> list[Match]:
        """Bed units proposed for an open request: one per location with a bed of the
        requested type that can be held now, ranked by fit, travel time and staleness."""
        now = self.now()
        with self._read() as conn:
            row = self._request_row(conn, request_id)
            hold = self._current_hold(conn, request_id, now)
            require(actor, Action.MATCH, self._target(row, hold))
            offer = {
                a.location_id: a
                for a in self._availability(conn, now, bed_type=row.care_type)
                if a.offerable > 0
            }
            units = conn.execute(
                _FIRST_FREE_UNITS,
                {"now": now, "care_type": row.care_type, "location_ids": list(offer)},
            ).all()
        first: dict[int, Any] = {unit.location_id: unit for unit in units}
        candidates = [
            Candidate(
                bed_unit_id=u.id,
                bed_unit=u.label,
                location_id=u.location_id,
                location=offer[u.location_id].location,
                organisation_id=offer[u.location_id].organisation_id,
                organisation=offer[u.location_id].organisation,
                municipality=offer[u.location_id].municipality,
                lat=float(u.lat),
                lon=float(u.lon),
                features=_split(u.features),
                bed_type=row.care_type,
                offerable=offer[u.location_id].offerable,
                stale=offer[u.location_id].stale,
                confirmed_at=offer[u.location_id].confirmed_at,
                example=offer[u.location_id].example,
            )
            for u in first.values()
        ]
        minutes = self._travel_times.minutes(
            _origin(row.municipality), [(c.location_id, c.lat, c.lon) for c in candidates]
        )
        return rank(candidates, _split(row.needs), minutes, limit=max(1, limit))


__all__ = ["IntakeMixin"]
