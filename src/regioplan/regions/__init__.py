"""Regions: select any Dutch region and see its population, facilities and workforce.

>>> from regioplan.regions import select_region
>>> select_region("Waardenland").code
'ZK24'
"""

from __future__ import annotations

from regioplan.regions.facilities import (
    nearest_training_centre,
    nearest_training_centres,
    region_hospitals,
    training_distance_km,
)
from regioplan.regions.owndata import OwnData, OwnDataset
from regioplan.regions.region import (
    COUNTRY_CODE,
    Region,
    country,
    list_regions,
    region_from_file,
    select_region,
    suggest,
)
from regioplan.regions.summary import SCHEMA_VERSION, region_facts, region_row, region_rows
from regioplan.regions.usage import USAGE_SOURCES, usage_weights, weighted_population
from regioplan.regions.workforce import (
    ESTIMATE,
    OWN_DATA,
    estimate_method,
    estimate_workforce,
    own_workforce,
    workforce_table,
)

__all__ = [
    "COUNTRY_CODE",
    "ESTIMATE",
    "OWN_DATA",
    "SCHEMA_VERSION",
    "USAGE_SOURCES",
    "OwnData",
    "OwnDataset",
    "Region",
    "country",
    "estimate_method",
    "estimate_workforce",
    "list_regions",
    "nearest_training_centre",
    "nearest_training_centres",
    "own_workforce",
    "region_facts",
    "region_from_file",
    "region_hospitals",
    "region_row",
    "region_rows",
    "select_region",
    "suggest",
    "training_distance_km",
    "usage_weights",
    "weighted_population",
    "workforce_table",
]
