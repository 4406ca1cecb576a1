"""Accessibility of a Dutch region at municipality or PC4 level, from the bundled data.

Demand is the population of each area weighted by age-specific use of the profession
(:func:`regioplan.regions.weighted_population`) and expressed in *use-weighted inhabitants*: divided
by the national average weight, so that the national total equals the national population and an
area with older people counts for more. Scores are FTE per 10,000 use-weighted inhabitants.

Supply points are the region's own providers where it has imported them (their FTE at their own
location) and elsewhere the foundation's labelled estimate per municipality
(:func:`regioplan.regions.estimate_workforce`) placed at the municipality's population-weighted
centre. Border effects: every area and supply point outside the region that is within reach of
the region's reachable supply is included (the catchment buffer), so a region is not artificially
short at its edge; only the region's areas are reported.

PC4 level: the age structure is the CBS 2021 PC4 table, scaled per municipality to the 2024
municipal population totals (so PC4 and municipality levels add up to the same 2024 population).

The areas and their demand are in :mod:`regioplan.access.areas`, the supply points in
:mod:`regioplan.access.supply`; this module computes a region's scores from them.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from regioplan.access.areas import (
    LEVELS,
    POPULATION_SOURCE,
    Level,
    _areas,
    _check_level,
    _check_profession,
    area_table,
    demand_table,
)
from regioplan.access.costs import RoadTimeProvider, TravelCostProvider
from regioplan.access.engine import compute, resolve
from regioplan.access.result import RegionAccess
from regioplan.access.supply import (
    _POINT_META,
    _merge_colocated,
    _merges_colocated,
    _rescale,
    supply_points,
)
from regioplan.access.weights import Weight
from regioplan.access.years import (
    areas_in_year,
    need_factor,
    projected_supply,
    projection_provenance,
    year_range,
)
from regioplan.errors import InputError
from regioplan.regions import OWN_DATA, OwnData, Region, country

DemandGrowth = Literal["model", "population"]
DEMAND_GROWTH: tuple[str, ...] = ("model", "population")
"""How a projected year's demand grows: ``model`` (default) as the workforce model's demand,
non-demographic trends included (:func:`regioplan.access.years.need_factor`); ``population``
with the population by age alone."""
DEFAULT_CATCHMENT = 30.0
"""Catchment in minutes when neither `max_cost` nor a step weight sets one."""
PER = 10_000.0
SHORT_FRACTION = 0.8
"""An area is short of care when its access is below this fraction of the national
population-weighted median: the one default of the report and ``regioplan access compute``."""
UNIT = "FTE per 10,000 use-weighted inhabitants"


def _ids_within(costs: pd.DataFrame, column: str) -> pd.Index:
    return pd.Index(pd.unique(costs[column]))


def _points(profession: str, own_data: OwnData | None, merge: bool) -> pd.DataFrame:
    """The supply points of `profession` (with the region's own data), merged per place when
    `merge` (:func:`_merge_colocated`), else each its own member."""
    if own_data is None:
        return _bundled_points(profession, merge)
    return _members(supply_points(profession, own_data), merge)


def _members(points: pd.DataFrame, merge: bool) -> pd.DataFrame:
    return _merge_colocated(points) if merge else points.assign(members=1)


@cache
def _bundled_points(profession: str, merge: bool) -> pd.DataFrame:
    """:func:`_points` without own data: the same for every region and year, so made once per
    profession (read only: :func:`region_access` derives new frames from it)."""
    return _members(supply_points(profession), merge)


COSTS_CACHED = 16
"""Travel-cost tables of the road-time estimate kept in memory (see :func:`_costs`)."""
_costs_cache: OrderedDict[Hashable, pd.DataFrame] = OrderedDict()
_costs_lock = threading.Lock()


def _values(column: pd.Index | pd.Series) -> tuple[Any, ...]:
    """The values of `column` as a tuple (through numpy: iterating a pandas string array element
    by element is slow)."""
    return tuple(column.to_numpy(dtype=object).tolist())


def _place_key(points: pd.DataFrame) -> Hashable:
    """What the road-time estimate reads of supply points: ids, places, urban flag, component."""
    return (
        _values(points.index),
        points[["lat", "lon"]].to_numpy(np.float64).tobytes(),
        _values(points["urban"]) if "urban" in points.columns else None,
        _values(points["component"]) if "component" in points.columns else None,
    )


def _costs(
    provider: TravelCostProvider,
    level: Level,
    origins: pd.DataFrame,
    destinations: pd.DataFrame,
    cut: float,
) -> pd.DataFrame:
    """``provider.costs(origins, destinations, cut)``; for the road-time estimate kept for the
    next call with the same places (read only). Its costs depend on the places alone, and the
    supply points of the three professions lie at the same places (the estimate sits at each
    municipality's centre), so a region's costs, and the country's behind the national medians,
    are made once instead of once per profession. `origins` are areas of `level`
    (``_areas(level)`` or some of them), so their ids say their places."""
    if type(provider) is not RoadTimeProvider:
        return provider.costs(origins, destinations, cut)
    key = (provider, cut, level, _values(origins.index), _place_key(destinations))
    with _costs_lock:
        found = _costs_cache.get(key)
        if found is not None:
            _costs_cache.move_to_end(key)
            return found
    made = provider.costs(origins, destinations, cut)
    with _costs_lock:
        _costs_cache[key] = made
        while len(_costs_cache) > COSTS_CACHED:
            _costs_cache.popitem(last=False)
    return made


@dataclass(frozen=True)
class _Setup:
    """What does not change between years or supply scenarios: areas, points and costs."""

    weight: Weight
    cut: float
    provider: TravelCostProvider
    areas: pd.DataFrame
    points: pd.DataFrame
    inside: pd.Index
    costs: pd.DataFrame
    used_areas: pd.Index
    used_points: pd.Index


def _prepare(
    region: Region,
    profession: str,
    method: str,
    level: Level,
    weights: Weight | Mapping[float, float] | str | None,
    max_cost: float | None,
    provider: TravelCostProvider | None,
) -> _Setup:
    _check_level(level)
    _check_profession(profession)
    weight, cut = resolve(method, weights, max_cost)
    if math.isinf(cut):
        cut = DEFAULT_CATCHMENT
    provider = provider or RoadTimeProvider()
    areas = _areas(level)
    points = _points(profession, region.own_data, _merges_colocated(method, provider))
    inside = areas.index[areas["municipality"].isin(region.municipality_codes)]
    if len(inside) == 0:
        raise InputError(f"region {region.code} has no areas at level {level}")
    if region.is_country() or len(inside) == len(areas):
        costs = _costs(provider, level, areas, points, cut)
    else:
        # Buffer: supply reachable from the region, every area that reaches that supply, and all
        # supply those areas reach (3SFCA's selection weights need it).
        first = _costs(provider, level, areas.loc[inside], points, cut)
        reached = _ids_within(first, "destination")
        second = _costs(provider, level, areas, points.loc[reached], cut)
        sharing = _ids_within(second, "origin").union(inside)
        costs = _costs(provider, level, areas.loc[sharing], points, cut)
    reaching = areas.index.isin(_ids_within(costs, "origin")) | areas.index.isin(inside)
    used_areas = areas.index[reaching]
    used_points = points.index[points.index.isin(_ids_within(costs, "destination"))]
    return _Setup(weight, cut, provider, areas, points, inside, costs, used_areas, used_points)


def _evaluate(
    setup: _Setup,
    region: Region,
    profession: str,
    method: str,
    level: Level,
    areas: pd.DataFrame,
    points: pd.DataFrame,
    named: bool,
    year: int | None = None,
    projection: Mapping[str, Any] | None = None,
    need: float = 1.0,
) -> RegionAccess:
    """Scores of `areas` (demand x `need`) against `points` (supply columns) over the setup's
    costs."""
    inside, used_points = setup.inside, setup.used_points
    demand = demand_table(areas.loc[setup.used_areas], profession) * need
    scen_cols = [c for c in points.columns if c not in _POINT_META]
    supply = points.loc[used_points, scen_cols]
    scores = compute(
        method, demand, supply, setup.costs, weights=setup.weight, max_cost=setup.cut, per=PER
    )
    out = areas.loc[inside, ["name", "municipality", "population"]].copy()
    out["demand"] = demand.loc[inside]
    names = [str(c) for c in scen_cols] if named else ["score"]
    for col, name in zip(scen_cols, names, strict=True):
        out[name] = scores.loc[inside, col]
    inside_codes = region.municipality_codes
    in_region_pts = points["municipality"].isin(inside_codes)
    used = points.loc[used_points]
    own = points["provenance"] == OWN_DATA
    first_col = scen_cols[0]
    population_source = POPULATION_SOURCE[level]
    if year is not None and projection:
        population_source = f"estimate, projected to 1-1-{year}: {projection['population']}"
    return RegionAccess(
        region=region.code,
        region_name=region.name,
        profession=profession,
        method=method,
        level=level,
        weights=str(setup.weight),
        max_cost=setup.cut,
        unit=UNIT if method != "cumulative" else "FTE within reach",
        areas=out,
        scenarios=tuple(names),
        costs_source=setup.provider.description,
        population_source=population_source,
        supply_fte_own=float(points.loc[own & in_region_pts, first_col].sum()),
        supply_fte_estimate=float(points.loc[~own & in_region_pts, first_col].sum()),
        supply_points=int(points.loc[in_region_pts, "members"].sum()),
        buffer_areas=int((~setup.used_areas.isin(inside)).sum()),
        buffer_points=int(used.loc[~used["municipality"].isin(inside_codes), "members"].sum()),
        year=year,
        projection=dict(projection or {}),
    )


def region_access(
    region: Region,
    profession: str,
    *,
    method: str = "e2sfca",
    level: Level = "pc4",
    weights: Weight | Mapping[float, float] | str | None = None,
    max_cost: float | None = None,
    provider: TravelCostProvider | None = None,
    fte_by_municipality: pd.Series | pd.DataFrame | None = None,
    year: int | None = None,
    demand_growth: DemandGrowth = "model",
) -> RegionAccess:
    """Accessibility of `profession` in every area of `region` (FTE per 10,000 weighted inh.).

    `provider` gives the travel costs (default :class:`RoadTimeProvider`); the region's own data
    (``region.own_data``) replaces the estimated supply where present; `fte_by_municipality`
    replaces the FTE totals (one column per scenario for projected years or draws). Areas and
    supply outside the region within reach are included (buffer) and only the region's areas are
    reported.

    `year` (e.g. 2040) projects both sides to 1 January of that year
    (:mod:`regioplan.access.years`): demand from the projected population by age times the
    model's need factor (`demand_growth` ``"model"``; ``"population"`` leaves it out), supply from
    the workforce engine's central run per municipality (or `fte_by_municipality` when given).
    The allowed years are :func:`year_range`; others raise :class:`InputError`.
    """
    if year is not None:
        return region_access_years(
            region,
            profession,
            [year],
            method=method,
            level=level,
            weights=weights,
            max_cost=max_cost,
            provider=provider,
            fte_by_municipality=fte_by_municipality,
            demand_growth=demand_growth,
        )[year]
    setup = _prepare(region, profession, method, level, weights, max_cost, provider)
    points = setup.points
    if fte_by_municipality is not None:
        points = _rescale(points, fte_by_municipality)
    return _evaluate(
        setup,
        region,
        profession,
        method,
        level,
        setup.areas,
        points,
        fte_by_municipality is not None,
    )


def region_access_years(
    region: Region,
    profession: str,
    years: Sequence[int],
    *,
    method: str = "e2sfca",
    level: Level = "pc4",
    weights: Weight | Mapping[float, float] | str | None = None,
    max_cost: float | None = None,
    provider: TravelCostProvider | None = None,
    fte_by_municipality: pd.Series | pd.DataFrame | None = None,
    demand_growth: DemandGrowth = "model",
) -> dict[int, RegionAccess]:
    """:func:`region_access` for several projected years, one result per year.

    The travel costs and the border buffer are computed once; each year gets its own demand
    (projected population by age, times the model's need factor unless `demand_growth` is
    ``"population"``) and supply (workforce central run per municipality, or the same
    `fte_by_municipality` for every year, which holds supply fixed).
    """
    _check_level(level)
    _check_profession(profession)
    if demand_growth not in DEMAND_GROWTH:
        raise InputError(
            f"unknown demand_growth {demand_growth!r}; allowed: {', '.join(DEMAND_GROWTH)}"
        )
    wanted = [int(y) for y in years]
    if not wanted:
        raise InputError("give at least one year")
    span = year_range(profession)
    for y in wanted:
        span.check(y)
    given = fte_by_municipality is not None
    supplies: dict[int, pd.Series | pd.DataFrame]
    if fte_by_municipality is None:
        table = projected_supply(profession, wanted, region.own_data)
        supplies = {y: table[[str(y)]] for y in wanted}
    else:
        supplies = dict.fromkeys(wanted, fte_by_municipality)
    setup = _prepare(region, profession, method, level, weights, max_cost, provider)
    out: dict[int, RegionAccess] = {}
    for y in wanted:
        points = _rescale(setup.points, supplies[y])
        areas = areas_in_year(setup.areas, y)
        need = need_factor(profession, y) if demand_growth == "model" else None
        out[y] = _evaluate(
            setup,
            region,
            profession,
            method,
            level,
            areas,
            points,
            given,
            year=y,
            projection=projection_provenance(profession, y, given, need),
            need=1.0 if need is None else need,
        )
    return out


def national_median(
    profession: str,
    *,
    method: str = "e2sfca",
    level: Level = "pc4",
    weights: Weight | Mapping[float, float] | str | None = None,
    max_cost: float | None = None,
    provider: TravelCostProvider | None = None,
    own_data: OwnData | None = None,
    year: int | None = None,
) -> float:
    """Population-weighted median score over the whole country (a threshold for shortage), with
    `own_data` (a region's) replacing the estimate where it lists providers."""
    whole = region_access(
        country().with_own_data(own_data),
        profession,
        method=method,
        level=level,
        weights=weights,
        max_cost=max_cost,
        provider=provider,
        year=year,
    )
    return whole.summary().median


__all__ = [
    "DEFAULT_CATCHMENT",
    "DEMAND_GROWTH",
    "LEVELS",
    "PER",
    "POPULATION_SOURCE",
    "SHORT_FRACTION",
    "UNIT",
    "DemandGrowth",
    "Level",
    "RegionAccess",
    "area_table",
    "demand_table",
    "national_median",
    "region_access",
    "region_access_years",
    "supply_points",
    "year_range",
]
