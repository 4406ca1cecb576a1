"""The shared initiative registry: initiatives, where they run, every version; the role
``programme_coach``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

The column lists are frozen here on purpose: later schema changes get their own revision.
The versions table is append-only: on PostgreSQL a trigger function raises on UPDATE, DELETE
and TRUNCATE, on SQLite two triggers abort UPDATE and DELETE.

The placement users' role check gains ``programme_coach`` (the registry's coach, who edits every
initiative). PostgreSQL drops and re-adds the constraint. SQLite cannot alter a constraint, and
rebuilding ``placement_users`` would break the foreign keys of every placement table pointing at
it, so the revision rewrites the table's stored definition in ``sqlite_master`` -- the procedure
SQLite's ALTER TABLE page gives for removing a CHECK constraint without touching the stored rows;
widening one is the same kind of change (the new check allows every value the old one did, so no
stored row can break it). Downgrading narrows it back, and refuses while a programme coach
exists.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_ROLES = ("bed_manager", "referrer", "coordinator", "analyst", "administrator")
NEW_ROLES = (*OLD_ROLES, "programme_coach")
ACTIONS = ("create", "update", "publish", "unpublish", "import", "seed")
STAMP = sa.DateTime(timezone=True)

PG_APPEND_ONLY = """
CREATE FUNCTION registry_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'registry_versions is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _set_roles(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        name = bind.execute(
            sa.text(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'placement_users'::regclass "
                "AND contype = 'c' AND conname LIKE '%role'"
            )
        ).scalar_one()
        op.execute(f'ALTER TABLE placement_users DROP CONSTRAINT "{name}"')
        op.execute(
            f'ALTER TABLE placement_users ADD CONSTRAINT "{name}" CHECK ({_in("role", new)})'
        )
        return
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'placement_users'"
    ).scalar_one()
    before, after = _in("role", old), _in("role", new)
    if sql.count(before) != 1:
        raise RuntimeError(f"placement_users: role check {before!r} not found in {sql!r}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'placement_users'",
            (sql.replace(before, after),),
        )
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    _set_roles(OLD_ROLES, NEW_ROLES)
    op.create_table(
        "registry_initiatives",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("test_data", sa.Boolean, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("updated_by", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_registry_initiatives"),
        sa.UniqueConstraint("slug", name="uq_registry_initiatives_slug"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["placement_organisations.id"],
            name="fk_registry_initiatives_organisation_id_placement_organisations",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["placement_users.id"],
            name="fk_registry_initiatives_created_by_placement_users",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["placement_users.id"],
            name="fk_registry_initiatives_updated_by_placement_users",
        ),
        sa.CheckConstraint("version >= 1", name="ck_registry_initiatives_version"),
    )
    op.create_index("ix_registry_initiatives_type", "registry_initiatives", ["type"])
    op.create_index("ix_registry_initiatives_stage", "registry_initiatives", ["stage"])
    op.create_index(
        "ix_registry_initiatives_organisation_id", "registry_initiatives", ["organisation_id"]
    )
    op.create_table(
        "registry_municipalities",
        sa.Column("initiative_id", sa.Integer, nullable=False),
        sa.Column("municipality", sa.String(6), nullable=False),
        sa.PrimaryKeyConstraint("initiative_id", "municipality", name="pk_registry_municipalities"),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["registry_initiatives.id"],
            name="fk_registry_municipalities_initiative_id_registry_initiatives",
        ),
    )
    op.create_index(
        "ix_registry_municipalities_municipality", "registry_municipalities", ["municipality"]
    )
    op.create_table(
        "registry_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("initiative_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("organisation_id", sa.Integer, nullable=True),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_registry_versions"),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["registry_initiatives.id"],
            name="fk_registry_versions_initiative_id_registry_initiatives",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["placement_users.id"], name="fk_registry_versions_user_id_placement_users"
        ),
        sa.UniqueConstraint("initiative_id", "version", name="uq_registry_versions_initiative_id"),
        sa.CheckConstraint(_in("action", ACTIONS), name="ck_registry_versions_action"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_APPEND_ONLY)
        op.execute(
            "CREATE TRIGGER registry_versions_append_only BEFORE UPDATE OR DELETE ON "
            "registry_versions FOR EACH ROW EXECUTE FUNCTION registry_versions_append_only()"
        )
        op.execute(
            "CREATE TRIGGER registry_versions_no_truncate BEFORE TRUNCATE ON registry_versions "
            "FOR EACH STATEMENT EXECUTE FUNCTION registry_versions_append_only()"
        )
    else:
        for op_name in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER registry_versions_no_{op_name.lower()} BEFORE {op_name} ON "
                "registry_versions BEGIN SELECT RAISE(ABORT, 'registry_versions is append-only: "
                f"{op_name} refused'); END"
            )


def downgrade() -> None:
    coaches = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM placement_users WHERE role = 'programme_coach'"))
        .scalar_one()
    )
    if coaches:
        raise RuntimeError(
            f"{coaches} user(s) have the role programme_coach, which revision 0002 does not "
            "know; give them another role first"
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER registry_versions_no_truncate ON registry_versions")
        op.execute("DROP TRIGGER registry_versions_append_only ON registry_versions")
        op.execute("DROP FUNCTION registry_versions_append_only()")
    else:
        op.execute("DROP TRIGGER registry_versions_no_update")
        op.execute("DROP TRIGGER registry_versions_no_delete")
    op.drop_table("registry_versions")
    op.drop_table("registry_municipalities")
    op.drop_table("registry_initiatives")
    _set_roles(NEW_ROLES, OLD_ROLES)
