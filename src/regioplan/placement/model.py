"""Typed values the placement service returns: users, organisations, capacity, requests, holds.

They are frozen dataclasses read from one transaction; :func:`as_dict` makes any of them
JSON-safe (the API and the CLI answer with it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from regioplan.placement.states import HoldStatus, RequestState


@dataclass(frozen=True)
class User:
    """A signed-in user: who, in which organisation and region, with which role."""

    id: int
    username: str
    role: str
    organisation_id: int
    organisation: str
    region: str
    active: bool = True
    must_change_password: bool = False
    """Signed in with a one-time password: must change it before anything else (API)."""


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    kind: str
    region: str
    municipality: str
    example: bool


@dataclass(frozen=True)
class Location:
    id: int
    organisation_id: int
    organisation: str
    name: str
    municipality: str
    region: str
    lat: float
    lon: float
    features: tuple[str, ...]
    example: bool


@dataclass(frozen=True)
class Availability:
    """Capacity of one location and bed type as last confirmed, with its age.

    ``available = max(staffed - occupied, 0)`` is the confirmed free staffed beds;
    ``offerable`` is what can still be held now (available minus the active holds that are not
    yet admissions, at most the free bed units). ``stale`` is true when the figure was confirmed
    longer ago than the configured time; stale figures sort last.
    """

    location_id: int
    location: str
    organisation_id: int
    organisation: str
    region: str
    municipality: str
    bed_type: str
    physical: int
    staffed: int
    occupied: int
    available: int
    held: int
    offerable: int
    confirmed_by: str | None
    confirmed_at: dt.datetime
    age_minutes: int
    stale: bool
    example: bool


@dataclass(frozen=True)
class Hold:
    """A hold (and later admission) of one bed unit for one request."""

    id: int
    request_id: int
    bed_unit_id: int
    bed_unit: str
    location_id: int
    location: str
    organisation_id: int
    organisation: str
    bed_type: str
    status: HoldStatus
    placed_by: str | None
    placed_at: dt.datetime
    expires_at: dt.datetime
    decided_at: dt.datetime | None
    reason: str | None
    admitted_at: dt.datetime | None
    ended_at: dt.datetime | None


@dataclass(frozen=True)
class PlacementRequest:
    """A placement request as its viewer may see it (the reference only for the referring
    organisation, its region's coordinators and a receiving organisation with a hold)."""

    id: int
    reference: str | None
    referrer_org_id: int
    referrer: str
    region: str
    care_type: str
    urgency: str
    municipality: str
    needs: tuple[str, ...]
    state: RequestState
    close_reason: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    placed_at: dt.datetime | None
    closed_at: dt.datetime | None
    pseudonymised: bool
    hold: Hold | None


@dataclass(frozen=True)
class Match:
    """A bed unit proposed for a request: its fit and the travel time from the preferred
    municipality (``regioplan.access`` road-time estimate)."""

    bed_unit_id: int
    bed_unit: str
    location_id: int
    location: str
    organisation_id: int
    organisation: str
    municipality: str
    bed_type: str
    needs_met: tuple[str, ...]
    needs_missing: tuple[str, ...]
    fit: float
    travel_minutes: float | None
    offerable: int
    stale: bool
    confirmed_at: dt.datetime
    example: bool


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    user: str | None
    organisation_id: int | None
    region: str | None
    action: str
    object_type: str
    object_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class FeedEvent:
    """One change, in commit order: the live pages poll these (``id`` grows monotonically)."""

    id: int
    at: dt.datetime
    kind: str
    object_type: str
    object_id: int | None
    organisation_id: int | None
    region: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class SessionTicket:
    """A new page session: the cookie value (shown once), its CSRF token and its user."""

    token: str
    csrf: str
    user: User
    expires_at: dt.datetime


_PLAIN = frozenset({str, int, float, bool, type(None)})


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of dataclass `cls` (None when it is no dataclass), remembered."""
    if cls not in _FIELDS:
        is_dc = dataclasses.is_dataclass(cls)
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)) if is_dc else None
    return _FIELDS[cls]


def as_dict(value: Any) -> Any:
    """A dataclass (or list of them) as JSON-safe dicts: enums by value, times in ISO 8601."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: as_dict(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [as_dict(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_dict(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


__all__ = [
    "AuditEntry",
    "Availability",
    "FeedEvent",
    "Hold",
    "Location",
    "Match",
    "Organisation",
    "PlacementRequest",
    "SessionTicket",
    "User",
    "as_dict",
]
