"""Spatial accessibility per area: the floating-catchment family, travel costs and inequality.

>>> import pandas as pd
>>> from regioplan.access import compute
>>> demand = pd.Series([1000.0, 3000.0], index=["a", "b"])
>>> supply = pd.Series([2.0], index=["p"])
>>> costs = pd.DataFrame({"origin": ["a", "b"], "destination": ["p", "p"], "cost": [5.0, 25.0]})
>>> compute("2sfca", demand, supply, costs, max_cost=30, per=10_000).round(3).tolist()
[5.0, 5.0]
"""

from __future__ import annotations

from regioplan.access._validate import Sources
from regioplan.access.areas import area_table, demand_table
from regioplan.access.costs import (
    MatrixCostProvider,
    RoadTimeProvider,
    TravelCostProvider,
    read_cost_matrix,
)
from regioplan.access.engine import DEFAULT_WEIGHTS, METHODS, compute
from regioplan.access.inequality import AccessSummary, summarise, theil
from regioplan.access.regional import (
    UNIT,
    RegionAccess,
    national_median,
    region_access,
    region_access_years,
)
from regioplan.access.supply import supply_points
from regioplan.access.weights import Flat, Gaussian, Gravity, Step, parse_weights
from regioplan.access.years import year_range
from regioplan.stats import gini  # the one definition, part of this package's API

__all__ = [
    "DEFAULT_WEIGHTS",
    "METHODS",
    "UNIT",
    "AccessSummary",
    "Flat",
    "Gaussian",
    "Gravity",
    "MatrixCostProvider",
    "RegionAccess",
    "RoadTimeProvider",
    "Sources",
    "Step",
    "TravelCostProvider",
    "area_table",
    "compute",
    "demand_table",
    "gini",
    "national_median",
    "parse_weights",
    "read_cost_matrix",
    "region_access",
    "region_access_years",
    "summarise",
    "supply_points",
    "theil",
    "year_range",
]
