"""Tables of placement coordination (SQLAlchemy Core) on the shared metadata of the database core.

The database keeps the invariants that concurrent writers must not break:

- at most one active hold or admission per bed unit, and per request: partial unique indexes
  ``uq_placement_holds_active_unit`` and ``uq_placement_holds_active_request`` on the holds whose
  status claims the unit (held, accepted, admitted), on SQLite and PostgreSQL alike;
- counts are never negative, staffed and occupied beds never exceed physical ones;
- one capacity row per location and bed type, one account per user name, one token per hash;
- the audit log is append-only: triggers (created by the migration) refuse UPDATE and DELETE.

The revision ``0002`` in ``regioplan/store/migrations/versions`` creates them; a test checks
that the migrated schema equals these definitions on both backends.
"""

from __future__ import annotations

import sqlalchemy as sa

from regioplan.placement.config import ORG_KINDS, ROLES, URGENCIES
from regioplan.placement.states import ACTIVE_HOLD_STATUSES, HoldStatus, RequestState
from regioplan.store import metadata


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_ACTIVE = _in("status", tuple(s.value for s in ACTIVE_HOLD_STATUSES))
"""SQL condition of a hold that claims its bed unit."""

_STAMP = sa.DateTime(timezone=True)

organisations = sa.Table(
    "placement_organisations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("region", sa.String(10), nullable=False, index=True),
    sa.Column("municipality", sa.String(6), nullable=False),
    sa.Column("example", sa.Boolean, nullable=False),
    sa.Column("created_at", _STAMP, nullable=False),
    sa.CheckConstraint(_in("kind", ORG_KINDS), name="kind"),
)

locations = sa.Table(
    "placement_locations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "organisation_id",
        sa.Integer,
        sa.ForeignKey("placement_organisations.id"),
        nullable=False,
        index=True,
    ),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("municipality", sa.String(6), nullable=False),
    sa.Column("region", sa.String(10), nullable=False, index=True),
    sa.Column("lat", sa.Double, nullable=False),
    sa.Column("lon", sa.Double, nullable=False),
    sa.Column("features", sa.String(400), nullable=False),
    sa.Column("example", sa.Boolean, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", _STAMP, nullable=False),
    sa.UniqueConstraint("organisation_id", "name"),
)

users = sa.Table(
    "placement_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column(
        "organisation_id",
        sa.Integer,
        sa.ForeignKey("placement_organisations.id"),
        nullable=False,
        index=True,
    ),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", _STAMP, nullable=False),
    sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.CheckConstraint(_in("role", ROLES), name="role"),
)

tokens = sa.Table(
    "placement_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=False, index=True
    ),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", _STAMP, nullable=False),
    sa.Column("expires_at", _STAMP, nullable=False),
    sa.Column("revoked_at", _STAMP, nullable=True),
    sa.CheckConstraint(_in("kind", ("api", "session")), name="kind"),
)

login_attempts = sa.Table(
    "placement_login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, index=True),
    sa.Column("source", sa.String(64), nullable=False, index=True),
    sa.Column("at", _STAMP, nullable=False, index=True),
    sa.Column("success", sa.Boolean, nullable=False),
)

capacity = sa.Table(
    "placement_capacity",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("location_id", sa.Integer, sa.ForeignKey("placement_locations.id"), nullable=False),
    sa.Column("bed_type", sa.String(40), nullable=False),
    sa.Column("physical", sa.Integer, nullable=False),
    sa.Column("staffed", sa.Integer, nullable=False),
    sa.Column("occupied", sa.Integer, nullable=False),
    sa.Column("confirmed_by", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.Column("confirmed_at", _STAMP, nullable=False),
    sa.UniqueConstraint("location_id", "bed_type"),
    sa.CheckConstraint("physical >= 0", name="physical"),
    sa.CheckConstraint("staffed >= 0 AND staffed <= physical", name="staffed"),
    sa.CheckConstraint("occupied >= 0 AND occupied <= physical", name="occupied"),
)

bed_units = sa.Table(
    "placement_bed_units",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("location_id", sa.Integer, sa.ForeignKey("placement_locations.id"), nullable=False),
    sa.Column("bed_type", sa.String(40), nullable=False),
    sa.Column("label", sa.String(40), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.UniqueConstraint("location_id", "bed_type", "label"),
)

requests = sa.Table(
    "placement_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(40), nullable=False),
    sa.Column(
        "referrer_org_id",
        sa.Integer,
        sa.ForeignKey("placement_organisations.id"),
        nullable=False,
    ),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.Column("region", sa.String(10), nullable=False),
    sa.Column("care_type", sa.String(40), nullable=False),
    sa.Column("urgency", sa.String(20), nullable=False),
    sa.Column("municipality", sa.String(6), nullable=False),
    sa.Column("needs", sa.String(400), nullable=False),
    sa.Column("state", sa.String(12), nullable=False, index=True),
    sa.Column("close_reason", sa.String(30), nullable=True),
    sa.Column(
        "placed_location_id", sa.Integer, sa.ForeignKey("placement_locations.id"), nullable=True
    ),
    sa.Column("created_at", _STAMP, nullable=False, index=True),
    sa.Column("updated_at", _STAMP, nullable=False),
    sa.Column("placed_at", _STAMP, nullable=True),
    sa.Column("closed_at", _STAMP, nullable=True),
    sa.Column("pseudonymised_at", _STAMP, nullable=True),
    sa.CheckConstraint(_in("urgency", URGENCIES), name="urgency"),
    sa.CheckConstraint(_in("state", tuple(s.value for s in RequestState)), name="state"),
    # the request lists: an organisation's or a region's newest first (revision 0004)
    sa.Index("ix_placement_requests_referrer_org_id_newest", "referrer_org_id", "created_at", "id"),
    sa.Index("ix_placement_requests_region_newest", "region", "created_at", "id"),
)

holds = sa.Table(
    "placement_holds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("placement_requests.id"), nullable=False),
    sa.Column("bed_unit_id", sa.Integer, sa.ForeignKey("placement_bed_units.id"), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("placed_by", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.Column("placed_at", _STAMP, nullable=False),
    sa.Column("expires_at", _STAMP, nullable=False, index=True),
    sa.Column("decided_by", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.Column("decided_at", _STAMP, nullable=True),
    sa.Column("reason", sa.String(30), nullable=True),
    sa.Column("admitted_at", _STAMP, nullable=True),
    sa.Column("ended_at", _STAMP, nullable=True),
    sa.CheckConstraint(_in("status", tuple(s.value for s in HoldStatus)), name="status"),
    sa.Index("ix_placement_holds_request_id", "request_id"),
    sa.Index("ix_placement_holds_bed_unit_id", "bed_unit_id"),
    sa.Index(
        "uq_placement_holds_active_unit",
        "bed_unit_id",
        unique=True,
        sqlite_where=sa.text(_ACTIVE),
        postgresql_where=sa.text(_ACTIVE),
    ),
    sa.Index(
        "uq_placement_holds_active_request",
        "request_id",
        unique=True,
        sqlite_where=sa.text(_ACTIVE),
        postgresql_where=sa.text(_ACTIVE),
    ),
)

audit = sa.Table(
    "placement_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", _STAMP, nullable=False, index=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.Column("organisation_id", sa.Integer, nullable=True, index=True),
    sa.Column("partner_organisation_id", sa.Integer, nullable=True, index=True),
    sa.Column("region", sa.String(10), nullable=True, index=True),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("object_type", sa.String(20), nullable=False),
    sa.Column("object_id", sa.Integer, nullable=True),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Index("ix_placement_audit_object", "object_type", "object_id"),
)

events = sa.Table(
    "placement_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", _STAMP, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("object_type", sa.String(20), nullable=False),
    sa.Column("object_id", sa.Integer, nullable=True),
    sa.Column("organisation_id", sa.Integer, nullable=True),
    sa.Column("partner_organisation_id", sa.Integer, nullable=True),
    sa.Column("region", sa.String(10), nullable=True),
    sa.Column("data", sa.JSON, nullable=False),
)

TABLES: tuple[sa.Table, ...] = (
    organisations,
    locations,
    users,
    tokens,
    login_attempts,
    capacity,
    bed_units,
    requests,
    holds,
    audit,
    events,
)
"""Every placement table, parents before children."""

__all__ = [
    "TABLES",
    "audit",
    "bed_units",
    "capacity",
    "events",
    "holds",
    "locations",
    "login_attempts",
    "organisations",
    "requests",
    "tokens",
    "users",
]
