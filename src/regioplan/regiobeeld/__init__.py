"""The regiobeeld as a typed model: one region's medical-generalist care at a glance.

>>> from regioplan.regions import select_region
>>> rb = build_regiobeeld(select_region("ZK24"), horizon=2040, seed=1)
>>> sorted(rb.workforce)
['avg', 'gp', 'so']
>>> [b.kind.value for b in bottlenecks(rb)][:1]
['workforce_gap']

:func:`build_regiobeeld` computes every number (the report, the dashboard and the JSON API share
it); :func:`bottlenecks` says what the numbers point to, as typed codes. Rendering lives in
:mod:`regioplan.report`.
"""

from __future__ import annotations

from regioplan.regiobeeld.build import BASE_YEAR, STEPS, build_regiobeeld
from regioplan.regiobeeld.findings import BottleneckKind, RegionBottleneck, WorstAreas, bottlenecks
from regioplan.regiobeeld.model import (
    Access,
    AccessStats,
    AccessYear,
    AreaValue,
    Centre,
    DistanceTest,
    MunicipalityInfo,
    Ooh,
    Population,
    PopulationYear,
    Regiobeeld,
    Workforce,
    WorkforceYear,
)

__all__ = [
    "BASE_YEAR",
    "STEPS",
    "Access",
    "AccessStats",
    "AccessYear",
    "AreaValue",
    "BottleneckKind",
    "Centre",
    "DistanceTest",
    "MunicipalityInfo",
    "Ooh",
    "Population",
    "PopulationYear",
    "Regiobeeld",
    "RegionBottleneck",
    "Workforce",
    "WorkforceYear",
    "WorstAreas",
    "bottlenecks",
    "build_regiobeeld",
]
