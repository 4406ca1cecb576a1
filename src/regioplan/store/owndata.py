"""The one loader of a region's own data: imported providers in its municipalities, or None.

>>> from regioplan.regions import select_region
>>> from regioplan.store import open_store
>>> region = select_region("ZK24")
>>> with open_store("sqlite://") as store:
...     print(load_own_data(region, store))
None
"""

from __future__ import annotations

import os
from pathlib import Path

from regioplan.errors import InputError
from regioplan.regions.owndata import OwnData, OwnDataset
from regioplan.regions.region import Region
from regioplan.store.database import default_database_exists
from regioplan.store.providers import Store, open_store


def load_own_data(
    region: Region, database: Store | str | os.PathLike[str] | None = None
) -> OwnData | None:
    """The providers imported for `region`'s municipalities, or None when there are none.

    `database` is an open :class:`~regioplan.store.Store`, a database file or URL, or None: the
    default database (setting ``database_url``, else ``regioplan.sqlite`` in the data directory),
    read only if it exists -- no database is created. A given file that does not exist is an
    :class:`~regioplan.errors.InputError`. Attach the result with ``region.with_own_data(...)``.
    """
    if isinstance(database, Store):
        return _own_data(database, region)
    if database is None:
        if not default_database_exists():
            return None
    elif "://" not in os.fspath(database) and not Path(database).exists():
        raise InputError(f"{database}: database file not found")
    with open_store(database) as store:
        return _own_data(store, region)


def _own_data(store: Store, region: Region) -> OwnData | None:
    table, sources = store._read(municipalities=region.municipality_codes)
    if table.empty:
        return None
    return OwnData(table, tuple(OwnDataset(*source) for source in sources))


__all__ = ["load_own_data"]
