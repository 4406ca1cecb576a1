"""The one schema: shared SQLAlchemy metadata, and the capabilities that put tables on it.

Every capability that stores something (the provider import today; placement coordination and the
initiative registry next) defines its tables on :data:`metadata` -- as Core ``sa.Table(...,
metadata)`` or as ORM classes derived from :class:`Base` -- in a module of its own package, and
registers that module and its Alembic revisions in :data:`CAPABILITIES`. All revisions form one
linear history; :meth:`regioplan.store.Database.migrate` runs it (see ``docs/database.md``).

>>> sorted(t for t in tables(CAPABILITIES).tables if "_" not in t)
['datasets', 'providers']
>>> metadata.naming_convention["fk"]
'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s'
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION: dict[str, str] = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}
"""Constraint and index names, so that migrations can name what they alter on every backend.
Check constraints need an explicit short ``name=`` (it becomes ``ck_<table>_<name>``)."""

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
"""The shared metadata every capability's tables register on."""


class Base(DeclarativeBase):
    """Declarative base for ORM-mapped capability tables; they land on :data:`metadata`."""

    metadata = metadata


@dataclass(frozen=True)
class Capability:
    """A part of regioplan that owns tables: where they are defined and where its revisions live.

    `tables` is the module that defines the tables on :data:`metadata` (imported before
    migrating and comparing), or None when they are defined elsewhere already. `versions` is the
    package (dotted name) or directory that holds the capability's Alembic revision files; they
    join the one linear history (each new revision's ``down_revision`` is the head before it).
    """

    name: str
    tables: str | None
    versions: str | Path

    def versions_dir(self) -> Path:
        """The directory of the revision files."""
        if isinstance(self.versions, Path):
            return self.versions
        return Path(str(resources.files(self.versions)))


CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "providers",
        tables="regioplan.store.tables",
        versions="regioplan.store.migrations.versions",
    ),
    Capability(
        "placement",
        tables="regioplan.placement.tables",
        versions="regioplan.store.migrations.versions",
    ),
    Capability(
        "registry",
        tables="regioplan.registry.tables",
        versions="regioplan.store.migrations.versions",
    ),
)
"""Every capability of this regioplan, in the order they were added. A new capability appends
itself here (one line) and adds its revisions after the current head."""


def tables(capabilities: Sequence[Capability] = CAPABILITIES) -> sa.MetaData:
    """:data:`metadata` with the tables of `capabilities` registered (imports their modules)."""
    for capability in capabilities:
        if capability.tables is not None:
            importlib.import_module(capability.tables)
    return metadata


__all__ = ["CAPABILITIES", "NAMING_CONVENTION", "Base", "Capability", "metadata", "tables"]
