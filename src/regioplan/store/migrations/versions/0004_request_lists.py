"""Placement requests listed newest first per organisation and per region from an index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

A referrer's and a coordinator's request list (``WHERE referrer_org_id = ?`` or
``WHERE region = ?`` ``ORDER BY created_at DESC, id DESC LIMIT n``) read every request of the
organisation or region and sorted them: 1.1 ms for a list of 20 out of 976 requests on
PostgreSQL, growing with the service's history. Composite indexes on (referrer_org_id,
created_at, id) and (region, created_at, id) give the newest requests in order, so a list reads
only what it shows. They replace the single-column indexes on ``referrer_org_id`` and
``region``, which are their prefixes (every lookup those served, these serve).
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("referrer_org_id", "region")


def upgrade() -> None:
    for column in COLUMNS:
        op.create_index(
            f"ix_placement_requests_{column}_newest",
            "placement_requests",
            [column, "created_at", "id"],
        )
        op.drop_index(f"ix_placement_requests_{column}", table_name="placement_requests")


def downgrade() -> None:
    for column in COLUMNS:
        op.create_index(f"ix_placement_requests_{column}", "placement_requests", [column])
        op.drop_index(f"ix_placement_requests_{column}_newest", table_name="placement_requests")
