"""The region's own data for the regiobeeld: imported care providers from the store, if any."""

from __future__ import annotations

import pandas as pd

from regioplan.regions import Region


def region_providers(region: Region) -> pd.DataFrame | None:
    """Imported providers in `region`'s municipalities (``regioplan data import``), or None.

    Reads the default database (setting ``database_url`` or the user data directory) only if it
    exists; a region without imported providers gets None, so its figures are the estimate.
    """
    from regioplan.store import default_database_exists, open_store

    if not default_database_exists():
        return None
    store = open_store()
    try:
        table = store.providers()
    finally:
        store.close()
    table = table[table["municipality"].astype(str).isin(region.municipality_codes)]
    return None if table.empty else table


__all__ = ["region_providers"]
