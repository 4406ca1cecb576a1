"""Datasets of a region's own care-provider data and their providers.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

The column lists are frozen here on purpose: later schema changes get their own revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KINDS = ("gp_practice", "care_org", "disability_org", "ooh_post", "nursing_home")
STAFF = ("gp", "so", "avg", "np", "pa")
SPLITS = ("age_under_45", "age_45_59", "age_60_plus", "female")
BEDS = ("beds_nursing", "beds_elv", "beds_crisis", "beds_small_scale_housing", "beds_respite")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "datasets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("columns", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_datasets"),
        sa.UniqueConstraint("name", name="uq_datasets_name"),
    )
    staff_columns = [
        col
        for p in STAFF
        for col in (
            sa.Column(f"{p}_headcount", sa.Integer, nullable=True),
            sa.Column(f"{p}_fte", sa.Double, nullable=True),
        )
    ]
    optional = [f"{p}_{s}" for p in STAFF for s in SPLITS] + list(BEDS)
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dataset_id", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(6), nullable=False),
        sa.Column("municipality_source", sa.String(12), nullable=False),
        sa.Column("pc4", sa.Integer, nullable=True),
        sa.Column("lat", sa.Double, nullable=False),
        sa.Column("lon", sa.Double, nullable=False),
        sa.Column("location_source", sa.String(12), nullable=False),
        *staff_columns,
        *(sa.Column(name, sa.Integer, nullable=True) for name in optional),
        sa.PrimaryKeyConstraint("id", name="pk_providers"),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name="fk_providers_dataset_id_datasets",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(_in("kind", KINDS), name="ck_providers_kind"),
        sa.CheckConstraint(
            _in("location_source", ("given", "pc4", "municipality")),
            name="ck_providers_location_source",
        ),
        sa.CheckConstraint(
            _in("municipality_source", ("given", "pc4", "nearest_pc4")),
            name="ck_providers_municipality_source",
        ),
        *(
            sa.CheckConstraint(f"{p}_headcount >= 0", name=f"ck_providers_{p}_headcount")
            for p in STAFF
        ),
        *(sa.CheckConstraint(f"{p}_fte >= 0", name=f"ck_providers_{p}_fte") for p in STAFF),
    )
    op.create_index("ix_providers_dataset_id", "providers", ["dataset_id"])
    op.create_index("ix_providers_municipality", "providers", ["municipality"])


def downgrade() -> None:
    op.drop_index("ix_providers_municipality", table_name="providers")
    op.drop_index("ix_providers_dataset_id", table_name="providers")
    op.drop_table("providers")
    op.drop_table("datasets")
