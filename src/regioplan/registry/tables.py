"""Tables of the shared initiative registry (SQLAlchemy Core) on the shared metadata.

- ``registry_initiatives``: one row per initiative, its current record as JSON (the whole
  :class:`~regioplan.initiatives.registry.InitiativeRecord`) with the columns the lists filter
  on copied out of it, the owning organisation (NULL: the national programme, which only a
  programme coach edits) and the current ``version``;
- ``registry_municipalities``: where each initiative runs (for the region filter in SQL);
- ``registry_versions``: every version of every initiative, never changed: who, when, which
  action, the full record of that version and the diff against the version before. A unique
  constraint on (initiative, version) means two writers that both read version 3 cannot both
  write version 4, on SQLite and PostgreSQL alike; the migration adds triggers that refuse
  UPDATE and DELETE of versions (append-only history).

The revision ``0003`` in ``regioplan/store/migrations/versions`` creates them.
"""

from __future__ import annotations

import sqlalchemy as sa

from regioplan.placement import tables as _placement_tables  # noqa: F401 (referenced)
from regioplan.store import metadata

_STAMP = sa.DateTime(timezone=True)

ACTIONS: tuple[str, ...] = ("create", "update", "publish", "unpublish", "import", "seed")
"""What a version records: made in the pages, API or CLI (create), edited (update), made public
or withdrawn (publish, unpublish), read from a file (import), loaded from the bundled
registry (seed)."""

initiatives = sa.Table(
    "registry_initiatives",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("name", sa.String(400), nullable=False),
    sa.Column("type", sa.String(40), nullable=False, index=True),
    sa.Column("stage", sa.String(20), nullable=False, index=True),
    sa.Column("public", sa.Boolean, nullable=False),
    sa.Column("test_data", sa.Boolean, nullable=False),
    sa.Column(
        "organisation_id",
        sa.Integer,
        sa.ForeignKey("placement_organisations.id"),
        nullable=True,
        index=True,
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("record", sa.JSON, nullable=False),
    sa.Column("created_at", _STAMP, nullable=False),
    sa.Column("updated_at", _STAMP, nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.Column("updated_by", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.CheckConstraint("version >= 1", name="version"),
)

municipalities = sa.Table(
    "registry_municipalities",
    metadata,
    sa.Column(
        "initiative_id",
        sa.Integer,
        sa.ForeignKey("registry_initiatives.id"),
        primary_key=True,
    ),
    sa.Column("municipality", sa.String(6), primary_key=True, index=True),
)

versions = sa.Table(
    "registry_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "initiative_id",
        sa.Integer,
        sa.ForeignKey("registry_initiatives.id"),
        nullable=False,
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("at", _STAMP, nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("placement_users.id"), nullable=True),
    sa.Column("organisation_id", sa.Integer, nullable=True),
    sa.Column("action", sa.String(12), nullable=False),
    sa.Column("record", sa.JSON, nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.UniqueConstraint("initiative_id", "version"),
    sa.CheckConstraint(f"action IN ({', '.join(repr(a) for a in ACTIONS)})", name="action"),
)

TABLES: tuple[sa.Table, ...] = (initiatives, municipalities, versions)
"""Every registry table, parents before children."""

__all__ = ["ACTIONS", "TABLES", "initiatives", "municipalities", "versions"]
