"""Tables of the provider import (SQLAlchemy Core), on the shared metadata of the database core.

Alembic revisions in ``migrations/versions`` create them; a test checks they agree."""

from __future__ import annotations

import sqlalchemy as sa

from regioplan.store.registry import metadata
from regioplan.store.schema import (
    KINDS,
    LOCATION_SOURCES,
    MUNICIPALITY_SOURCES,
    OPTIONAL_COUNT_COLUMNS,
    STAFF,
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


datasets = sa.Table(
    "datasets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("source", sa.String(255), nullable=False),
    sa.Column("format", sa.String(10), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("columns", sa.Text, nullable=False),
)

providers = sa.Table(
    "providers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "dataset_id",
        sa.Integer,
        sa.ForeignKey("datasets.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("municipality", sa.String(6), nullable=False, index=True),
    sa.Column("municipality_source", sa.String(12), nullable=False),
    sa.Column("pc4", sa.Integer, nullable=True),
    sa.Column("lat", sa.Double, nullable=False),
    sa.Column("lon", sa.Double, nullable=False),
    sa.Column("location_source", sa.String(12), nullable=False),
    *(
        col
        for p in STAFF
        for col in (
            sa.Column(f"{p}_headcount", sa.Integer, nullable=True),
            sa.Column(f"{p}_fte", sa.Double, nullable=True),
        )
    ),
    *(sa.Column(name, sa.Integer, nullable=True) for name in OPTIONAL_COUNT_COLUMNS),
    sa.CheckConstraint(_in("kind", KINDS), name="kind"),
    sa.CheckConstraint(_in("location_source", LOCATION_SOURCES), name="location_source"),
    sa.CheckConstraint(
        _in("municipality_source", MUNICIPALITY_SOURCES), name="municipality_source"
    ),
    *(sa.CheckConstraint(f"{p}_headcount >= 0", name=f"{p}_headcount") for p in STAFF),
    *(sa.CheckConstraint(f"{p}_fte >= 0", name=f"{p}_fte") for p in STAFF),
)

__all__ = ["datasets", "metadata", "providers"]
