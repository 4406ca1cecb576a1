"""A region's own data and the regioplan database.

SQLAlchemy 2 with Alembic migrations shipped in the package; an SQLite file in the user data
directory by default, PostgreSQL via ``REGIOPLAN_DATABASE_URL``. See ``docs/import.md``.

>>> from regioplan.store import open_store
>>> store = open_store("sqlite://")
>>> list(store.providers().columns[:4])
['dataset', 'kind', 'name', 'municipality']
"""

from regioplan.store.schema import COLUMNS, KINDS, STAFF, ColumnSpec
from regioplan.store.store import (
    PROVIDER_COLUMNS,
    DatasetInfo,
    ImportReport,
    Store,
    default_database_exists,
    default_database_path,
    open_store,
)

__all__ = [
    "COLUMNS",
    "KINDS",
    "PROVIDER_COLUMNS",
    "STAFF",
    "ColumnSpec",
    "DatasetInfo",
    "ImportReport",
    "Store",
    "default_database_exists",
    "default_database_path",
    "open_store",
]
