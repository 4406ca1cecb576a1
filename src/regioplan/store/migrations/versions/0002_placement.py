"""Placement coordination: organisations, users, capacity, bed units, requests, holds, audit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

The column lists are frozen here on purpose: later schema changes get their own revision.
The partial unique indexes (one active hold per bed unit and per request) are created on both
backends; the audit log's append-only triggers are created by hand (Alembic's autogenerate does
not see triggers): on PostgreSQL a trigger function raises on UPDATE, DELETE and TRUNCATE, on
SQLite two triggers abort UPDATE and DELETE.

``placement_users.must_change_password`` (a one-time password must be changed) was added to
this revision the day it was written, before any release: no database can be at 0002 without
it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROLES = ("bed_manager", "referrer", "coordinator", "analyst", "administrator")
ORG_KINDS = ("care_org", "gp_practice", "ooh_post", "hospital", "coordination_desk", "other")
URGENCIES = ("acute", "same_day", "within_3_days", "planned")
REQUEST_STATES = ("open", "held", "accepted", "admitted", "closed")
HOLD_STATUSES = ("held", "accepted", "admitted", "discharged", "declined", "expired", "released")
ACTIVE = "status IN ('held', 'accepted', 'admitted')"
STAMP = sa.DateTime(timezone=True)

PG_APPEND_ONLY = """
CREATE FUNCTION placement_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'placement_audit is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "placement_organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("municipality", sa.String(6), nullable=False),
        sa.Column("example", sa.Boolean, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_placement_organisations"),
        sa.UniqueConstraint("name", name="uq_placement_organisations_name"),
        sa.CheckConstraint(_in("kind", ORG_KINDS), name="ck_placement_organisations_kind"),
    )
    op.create_index("ix_placement_organisations_region", "placement_organisations", ["region"])
    op.create_table(
        "placement_locations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(6), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("lat", sa.Double, nullable=False),
        sa.Column("lon", sa.Double, nullable=False),
        sa.Column("features", sa.String(400), nullable=False),
        sa.Column("example", sa.Boolean, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_placement_locations"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["placement_organisations.id"],
            name="fk_placement_locations_organisation_id_placement_organisations",
        ),
        sa.UniqueConstraint(
            "organisation_id", "name", name="uq_placement_locations_organisation_id"
        ),
    )
    op.create_index(
        "ix_placement_locations_organisation_id", "placement_locations", ["organisation_id"]
    )
    op.create_index("ix_placement_locations_region", "placement_locations", ["region"])
    op.create_table(
        "placement_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name="pk_placement_users"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["placement_organisations.id"],
            name="fk_placement_users_organisation_id_placement_organisations",
        ),
        sa.UniqueConstraint("username", name="uq_placement_users_username"),
        sa.CheckConstraint(_in("role", ROLES), name="ck_placement_users_role"),
    )
    op.create_index("ix_placement_users_organisation_id", "placement_users", ["organisation_id"])
    op.create_table(
        "placement_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("revoked_at", STAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_placement_tokens"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["placement_users.id"], name="fk_placement_tokens_user_id_placement_users"
        ),
        sa.UniqueConstraint("token_hash", name="uq_placement_tokens_token_hash"),
        sa.CheckConstraint(_in("kind", ("api", "session")), name="ck_placement_tokens_kind"),
    )
    op.create_index("ix_placement_tokens_user_id", "placement_tokens", ["user_id"])
    op.create_table(
        "placement_login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_placement_login_attempts"),
    )
    for column in ("username", "source", "at"):
        op.create_index(
            f"ix_placement_login_attempts_{column}", "placement_login_attempts", [column]
        )
    op.create_table(
        "placement_capacity",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("location_id", sa.Integer, nullable=False),
        sa.Column("bed_type", sa.String(40), nullable=False),
        sa.Column("physical", sa.Integer, nullable=False),
        sa.Column("staffed", sa.Integer, nullable=False),
        sa.Column("occupied", sa.Integer, nullable=False),
        sa.Column("confirmed_by", sa.Integer, nullable=True),
        sa.Column("confirmed_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_placement_capacity"),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["placement_locations.id"],
            name="fk_placement_capacity_location_id_placement_locations",
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"],
            ["placement_users.id"],
            name="fk_placement_capacity_confirmed_by_placement_users",
        ),
        sa.UniqueConstraint("location_id", "bed_type", name="uq_placement_capacity_location_id"),
        sa.CheckConstraint("physical >= 0", name="ck_placement_capacity_physical"),
        sa.CheckConstraint(
            "staffed >= 0 AND staffed <= physical", name="ck_placement_capacity_staffed"
        ),
        sa.CheckConstraint(
            "occupied >= 0 AND occupied <= physical", name="ck_placement_capacity_occupied"
        ),
    )
    op.create_table(
        "placement_bed_units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("location_id", sa.Integer, nullable=False),
        sa.Column("bed_type", sa.String(40), nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_placement_bed_units"),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["placement_locations.id"],
            name="fk_placement_bed_units_location_id_placement_locations",
        ),
        sa.UniqueConstraint(
            "location_id", "bed_type", "label", name="uq_placement_bed_units_location_id"
        ),
    )
    op.create_table(
        "placement_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("referrer_org_id", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("care_type", sa.String(40), nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("municipality", sa.String(6), nullable=False),
        sa.Column("needs", sa.String(400), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("close_reason", sa.String(30), nullable=True),
        sa.Column("placed_location_id", sa.Integer, nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("placed_at", STAMP, nullable=True),
        sa.Column("closed_at", STAMP, nullable=True),
        sa.Column("pseudonymised_at", STAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_placement_requests"),
        sa.ForeignKeyConstraint(
            ["referrer_org_id"],
            ["placement_organisations.id"],
            name="fk_placement_requests_referrer_org_id_placement_organisations",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["placement_users.id"],
            name="fk_placement_requests_created_by_placement_users",
        ),
        sa.ForeignKeyConstraint(
            ["placed_location_id"],
            ["placement_locations.id"],
            name="fk_placement_requests_placed_location_id_placement_locations",
        ),
        sa.CheckConstraint(_in("urgency", URGENCIES), name="ck_placement_requests_urgency"),
        sa.CheckConstraint(_in("state", REQUEST_STATES), name="ck_placement_requests_state"),
    )
    for column in ("referrer_org_id", "region", "state", "created_at"):
        op.create_index(f"ix_placement_requests_{column}", "placement_requests", [column])
    op.create_table(
        "placement_holds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("bed_unit_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("placed_by", sa.Integer, nullable=True),
        sa.Column("placed_at", STAMP, nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("decided_by", sa.Integer, nullable=True),
        sa.Column("decided_at", STAMP, nullable=True),
        sa.Column("reason", sa.String(30), nullable=True),
        sa.Column("admitted_at", STAMP, nullable=True),
        sa.Column("ended_at", STAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_placement_holds"),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["placement_requests.id"],
            name="fk_placement_holds_request_id_placement_requests",
        ),
        sa.ForeignKeyConstraint(
            ["bed_unit_id"],
            ["placement_bed_units.id"],
            name="fk_placement_holds_bed_unit_id_placement_bed_units",
        ),
        sa.ForeignKeyConstraint(
            ["placed_by"],
            ["placement_users.id"],
            name="fk_placement_holds_placed_by_placement_users",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["placement_users.id"],
            name="fk_placement_holds_decided_by_placement_users",
        ),
        sa.CheckConstraint(_in("status", HOLD_STATUSES), name="ck_placement_holds_status"),
    )
    op.create_index("ix_placement_holds_request_id", "placement_holds", ["request_id"])
    op.create_index("ix_placement_holds_bed_unit_id", "placement_holds", ["bed_unit_id"])
    op.create_index("ix_placement_holds_expires_at", "placement_holds", ["expires_at"])
    for name, column in (
        ("uq_placement_holds_active_unit", "bed_unit_id"),
        ("uq_placement_holds_active_request", "request_id"),
    ):
        op.create_index(
            name,
            "placement_holds",
            [column],
            unique=True,
            sqlite_where=sa.text(ACTIVE),
            postgresql_where=sa.text(ACTIVE),
        )
    op.create_table(
        "placement_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("organisation_id", sa.Integer, nullable=True),
        sa.Column("partner_organisation_id", sa.Integer, nullable=True),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(20), nullable=False),
        sa.Column("object_id", sa.Integer, nullable=True),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_placement_audit"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["placement_users.id"], name="fk_placement_audit_user_id_placement_users"
        ),
    )
    op.create_index("ix_placement_audit_at", "placement_audit", ["at"])
    op.create_index("ix_placement_audit_organisation_id", "placement_audit", ["organisation_id"])
    op.create_index(
        "ix_placement_audit_partner_organisation_id",
        "placement_audit",
        ["partner_organisation_id"],
    )
    op.create_index("ix_placement_audit_region", "placement_audit", ["region"])
    op.create_index("ix_placement_audit_object", "placement_audit", ["object_type", "object_id"])
    op.create_table(
        "placement_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(20), nullable=False),
        sa.Column("object_id", sa.Integer, nullable=True),
        sa.Column("organisation_id", sa.Integer, nullable=True),
        sa.Column("partner_organisation_id", sa.Integer, nullable=True),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_placement_events"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_APPEND_ONLY)
        op.execute(
            "CREATE TRIGGER placement_audit_append_only BEFORE UPDATE OR DELETE ON "
            "placement_audit FOR EACH ROW EXECUTE FUNCTION placement_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER placement_audit_no_truncate BEFORE TRUNCATE ON placement_audit "
            "FOR EACH STATEMENT EXECUTE FUNCTION placement_audit_append_only()"
        )
    else:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER placement_audit_no_{op_name.lower()} BEFORE {op_name} ON "
                "placement_audit BEGIN SELECT RAISE(ABORT, 'placement_audit is append-only: "
                f"{op_name} refused'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER placement_audit_no_truncate ON placement_audit")
        op.execute("DROP TRIGGER placement_audit_append_only ON placement_audit")
        op.execute("DROP FUNCTION placement_audit_append_only()")
    else:
        op.execute("DROP TRIGGER placement_audit_no_update")
        op.execute("DROP TRIGGER placement_audit_no_delete")
    op.drop_table("placement_events")
    op.drop_table("placement_audit")
    op.drop_table("placement_holds")
    op.drop_table("placement_requests")
    op.drop_table("placement_bed_units")
    op.drop_table("placement_capacity")
    op.drop_table("placement_login_attempts")
    op.drop_table("placement_tokens")
    op.drop_table("placement_users")
    op.drop_table("placement_locations")
    op.drop_table("placement_organisations")
