"""Out-of-hours (ANW) care: demand, a discrete-event simulation of the service, its variants.

>>> from regioplan.regions import country
>>> from regioplan.regions import usage_weights
>>> rates = ooh_rates(country().population_by_age(), usage_weights("gp"))
>>> round(sum(rates.national_per_1000.values()))
250

Simulate a region's organisation (docs/ooh.md)::

    config = load_config("examples/ooh/zk24_today.toml")
    result = simulate(select_region("ZK24"), config, year=2025, replications=100, seed=0)
    result.summary()["norms"]["U1"]["within_norm"]
"""

from __future__ import annotations

from regioplan.ooh.config import (
    ROLES,
    Merge,
    OohConfig,
    Organisation,
    Params,
    Post,
    Staffing,
    StaffingRow,
    Variant,
    load_config,
    parse_config,
)
from regioplan.ooh.demand import Demand, demand
from regioplan.ooh.profile import URGENCIES, holiday_dates, week_profile
from regioplan.ooh.rates import OOH_TYPES, OohRates, ooh_contacts, ooh_rates
from regioplan.ooh.results import NORMS_MIN, Comparison, Estimate, OohResult
from regioplan.ooh.simulation import compare, prepare, simulate

__all__ = [
    "NORMS_MIN",
    "OOH_TYPES",
    "ROLES",
    "URGENCIES",
    "Comparison",
    "Demand",
    "Estimate",
    "Merge",
    "OohConfig",
    "OohRates",
    "OohResult",
    "Organisation",
    "Params",
    "Post",
    "Staffing",
    "StaffingRow",
    "Variant",
    "compare",
    "demand",
    "holiday_dates",
    "load_config",
    "ooh_contacts",
    "ooh_rates",
    "parse_config",
    "prepare",
    "simulate",
    "week_profile",
]
