"""The regioplan database core, and a region's own data as its first capability.

The core (:mod:`~regioplan.store.database`, :mod:`~regioplan.store.registry`,
:mod:`~regioplan.store.clock`): a :class:`Database` built from a URL (an SQLite file by default,
PostgreSQL by ``REGIOPLAN_DATABASE_URL``), explicit transactions, one Alembic history shared by
every capability, the shared :data:`metadata` their tables register on, and an injected
:class:`Clock`. The provider import (:class:`Store`, ``regioplan data``) is the first capability;
:func:`load_own_data` is the one loader of a region's own data. See ``docs/database.md`` and
``docs/import.md``.

>>> from regioplan.store import open_store
>>> store = open_store("sqlite://")
>>> list(store.providers().columns[:4])
['dataset', 'kind', 'name', 'municipality']
"""

from regioplan.regions.owndata import OwnData, OwnDataset
from regioplan.store.clock import Clock, FixedClock, SystemClock
from regioplan.store.database import (
    Database,
    default_database_exists,
    default_database_path,
    open_database,
)
from regioplan.store.owndata import load_own_data
from regioplan.store.providers import (
    PROVIDER_COLUMNS,
    DatasetInfo,
    ImportReport,
    Store,
    open_store,
)
from regioplan.store.registry import CAPABILITIES, Base, Capability, metadata
from regioplan.store.schema import COLUMNS, KINDS, STAFF, ColumnSpec

__all__ = [
    "CAPABILITIES",
    "COLUMNS",
    "KINDS",
    "PROVIDER_COLUMNS",
    "STAFF",
    "Base",
    "Capability",
    "Clock",
    "ColumnSpec",
    "Database",
    "DatasetInfo",
    "FixedClock",
    "ImportReport",
    "OwnData",
    "OwnDataset",
    "Store",
    "SystemClock",
    "default_database_exists",
    "default_database_path",
    "load_own_data",
    "metadata",
    "open_database",
    "open_store",
]
