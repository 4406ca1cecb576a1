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
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access.costs import (
    URBAN_DENSITY,
    WADDEN_ISLANDS,
    RoadTimeProvider,
    TravelCostProvider,
)
from regioplan.access.engine import compute, resolve
from regioplan.access.result import RegionAccess
from regioplan.access.weights import Weight
from regioplan.access.years import (
    areas_in_year,
    need_factor,
    projected_supply,
    projection_provenance,
    year_range,
)
from regioplan.data import AGE_GROUPS, PROFESSIONS, municipalities, pc4_areas
from regioplan.errors import InputError
from regioplan.geo import haversine_km
from regioplan.regions import (
    ESTIMATE,
    OWN_DATA,
    OwnData,
    Region,
    country,
    estimate_method,
    estimate_workforce,
    own_workforce,
    weighted_population,
)
from regioplan.regions.workforce import PROFESSION_KINDS

Level = Literal["municipality", "pc4"]
DemandGrowth = Literal["model", "population"]
DEMAND_GROWTH: tuple[str, ...] = ("model", "population")
"""How a projected year's demand grows: ``model`` (default) as the workforce model's demand,
non-demographic trends included (:func:`regioplan.access.years.need_factor`); ``population``
with the population by age alone."""
LEVELS: tuple[str, ...] = ("municipality", "pc4")
DEFAULT_CATCHMENT = 30.0
"""Catchment in minutes when neither `max_cost` nor a step weight sets one."""
PER = 10_000.0
SHORT_FRACTION = 0.8
"""An area is short of care when its access is below this fraction of the national
population-weighted median: the one default of the report and ``regioplan access compute``."""
UNIT = "FTE per 10,000 use-weighted inhabitants"
POPULATION_SOURCE = {
    "municipality": "CBS population 1-1-2024 (ages: the 2021 ages aged to 1-1-2024; estimate)",
    "pc4": "CBS PC4 ages 1-1-2021 as shares of their municipality's aged 1-1-2024 ages (estimate)",
}


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}")


def _check_profession(profession: str) -> None:
    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; allowed: {', '.join(PROFESSIONS)}")


def _pc4_ages_2024(p: pd.DataFrame, m: pd.DataFrame) -> pd.DataFrame:
    """PC4 ages on 1-1-2024: each municipality's 2024 count per age group (the 2021 ages aged
    three years, see :func:`regioplan.data.municipalities`) shared over its areas as that group
    was in 2021, so the areas add up to their municipality's aged ages; a group its areas did not
    hold in 2021 (CBS rounds to 5) is shared as the areas' whole population was.
    """
    groups = list(AGE_GROUPS)
    ages21 = p[groups].astype(float)
    muni_of = p["municipality"]
    share = ages21 / ages21.groupby(muni_of).transform("sum")
    pop21 = p["population_2021"].astype(float)
    pop_share = (pop21 / pop21.groupby(muni_of).transform("sum")).fillna(0.0)
    share = share.apply(lambda col: col.fillna(pop_share))
    muni = m[groups].astype(float).reindex(muni_of).to_numpy()
    return pd.DataFrame(share.to_numpy() * muni, index=p.index, columns=groups)


@cache
def _areas(level: str) -> pd.DataFrame:
    m = municipalities()
    if level == "municipality":
        frame = m[["name", "lat", "lon", *AGE_GROUPS]].copy()
        frame["municipality"] = m.index
        frame["population"] = m["population_2024"].astype(float)
        frame["area_km2"] = m["land_km2"].astype(float)
        frame.index = pd.Index(m.index.astype(str), name="area")
    else:
        p = pc4_areas()
        ages = _pc4_ages_2024(p, m)
        frame = p[["lat", "lon", "municipality", "area_km2"]].copy()
        frame["name"] = p["municipality"].map(m["name"]).to_numpy()
        frame["population"] = ages.sum(axis=1).to_numpy()
        frame = pd.concat([frame, ages], axis=1)
        frame.index = pd.Index(p.index.astype(str), name="area")
    density = frame["population"] / frame["area_km2"].clip(lower=0.05)
    frame["urban"] = (density >= URBAN_DENSITY).to_numpy()
    island = frame["municipality"].isin(WADDEN_ISLANDS)
    frame["component"] = np.where(island, frame["municipality"].astype(str), "mainland")
    return frame


def area_table(level: Level) -> pd.DataFrame:
    """All areas of the country at `level` (index: area id as text; ``GMxxxx`` or ``1011``).

    Columns: name (municipality name), municipality, lat, lon, area_km2 (land), population (2024),
    the 20 age groups, urban (density >= :data:`URBAN_DENSITY`), component (road-connected part:
    ``mainland`` or the island's municipality code).
    """
    _check_level(level)
    return _areas(level).copy()


@cache
def _mean_weight(profession: str) -> float:
    m = municipalities()
    return float(weighted_population(m, profession).sum() / m["population_2024"].sum())


def demand_table(areas: pd.DataFrame, profession: str) -> pd.Series:
    """Use-weighted inhabitants per area: population x use weight / national mean weight."""
    _check_profession(profession)
    demand = weighted_population(areas, profession) / _mean_weight(profession)
    demand.name = "demand"
    return demand


def _nearest_area_flags(points: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The ``urban`` flag of the nearest area, per point (in chunks to bound memory)."""
    a_lat, a_lon = areas["lat"].to_numpy(float), areas["lon"].to_numpy(float)
    nearest = np.empty(len(points), dtype=np.int64)
    p_lat, p_lon = points["lat"].to_numpy(float), points["lon"].to_numpy(float)
    for start in range(0, len(points), 256):
        km = haversine_km(
            p_lat[start : start + 256, None], p_lon[start : start + 256, None], a_lat, a_lon
        )
        nearest[start : start + 256] = np.argmin(km, axis=1)
    return pd.DataFrame({"urban": areas["urban"].to_numpy()[nearest]}, index=points.index)


@lru_cache(maxsize=32)
def _urban_at_places(places: bytes) -> npt.NDArray[np.bool_]:
    """:func:`_nearest_area_flags` (PC4 areas) of distinct places given as the bytes of an
    (n, 2) float array of lat, lon; cached, as every report asks for the same places again
    (three professions, each level and year)."""
    latlon = np.frombuffer(places, dtype=np.float64).reshape(-1, 2)
    frame = pd.DataFrame({"lat": latlon[:, 0], "lon": latlon[:, 1]})
    flags: npt.NDArray[np.bool_] = _nearest_area_flags(frame, _areas("pc4"))["urban"].to_numpy(bool)
    return flags


def _urban_flags(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> np.ndarray:
    """The nearest PC4 area's ``urban`` flag per point, computed once per distinct place: own
    data often lists many providers at one place (a health centre, or a PC4 area's point)."""
    if len(lat) == 0:
        return np.zeros(0, dtype=bool)
    places, where = np.unique(np.column_stack([lat, lon]), axis=0, return_inverse=True)
    flags = _urban_at_places(np.ascontiguousarray(places, dtype=np.float64).tobytes())
    return flags[where.reshape(-1)]


def supply_points(
    profession: str,
    own_data: OwnData | None = None,
    fte_by_municipality: pd.Series | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Supply points of `profession` in the whole country, with provenance per point.

    Own data (a region's :class:`~regioplan.regions.OwnData`: providers with ``lat``, ``lon``,
    ``municipality``, ``dataset`` and ``<profession>_fte``) replaces the estimate in every
    municipality where it lists a provider; other municipalities get one point with the estimated
    FTE at their population-weighted centre. `fte_by_municipality` (a Series, or a DataFrame with
    one column per scenario, e.g. projected years) replaces the FTE totals per municipality;
    own-data points keep their shares of their municipality's total.

    Index: point id (``est:GMxxxx`` or ``own:<dataset>:<row>``). Columns: lat, lon, municipality,
    provenance, method, urban, component, and ``fte`` (or one column per scenario).
    """
    _check_profession(profession)
    m = municipalities()
    est = estimate_workforce(profession)
    covered: set[str] = set()
    frames = []
    if own_data is not None:
        providers = own_data.providers
        own = own_workforce(own_data, profession)
        covered = {str(c) for c in own.index}
        # the providers own_workforce counts: a headcount of the profession or a kind that
        # employs it (a GP practice is no SO supply point; its FTE is not in the own total)
        relevant = providers[f"{profession}_headcount"].fillna(0) > 0
        if "kind" in providers.columns:
            relevant |= providers["kind"].isin(PROFESSION_KINDS[profession])
        rows = providers[relevant & providers["municipality"].astype(str).isin(covered)].copy()
        for col in ("lat", "lon"):  # a row without a point sits at its municipality's centre
            centre = rows["municipality"].astype(str).map(m[col])
            rows[col] = pd.to_numeric(rows[col], errors="coerce").fillna(centre)
        frames.append(
            pd.DataFrame(
                {
                    "lat": rows["lat"].to_numpy(float),
                    "lon": rows["lon"].to_numpy(float),
                    "municipality": rows["municipality"].astype(str).to_numpy(),
                    "fte": rows[f"{profession}_fte"].to_numpy(float),
                    "provenance": OWN_DATA,
                    "method": [f"imported data: {d}" for d in rows["dataset"].astype(str)],
                },
                index=pd.Index(
                    [f"own:{d}:{k}" for k, d in enumerate(rows["dataset"].astype(str))],
                    name="point",
                ),
            )
        )
    rest = [c for c in m.index.astype(str) if c not in covered]
    frames.append(
        pd.DataFrame(
            {
                "lat": m.loc[rest, "lat"].to_numpy(float),
                "lon": m.loc[rest, "lon"].to_numpy(float),
                "municipality": rest,
                "fte": est.loc[rest, "fte"].to_numpy(float),
                "provenance": ESTIMATE,
                "method": estimate_method(profession) + "; placed at the municipality centre",
            },
            index=pd.Index([f"est:{c}" for c in rest], name="point"),
        )
    )
    points = pd.concat(frames)
    points["urban"] = _urban_flags(points["lat"].to_numpy(float), points["lon"].to_numpy(float))
    island = points["municipality"].isin(WADDEN_ISLANDS)
    points["component"] = np.where(island, points["municipality"], "mainland")
    if fte_by_municipality is not None:
        points = _rescale(points, fte_by_municipality)
    return points


_POINT_META = (
    "lat",
    "lon",
    "municipality",
    "provenance",
    "method",
    "urban",
    "component",
    "members",
)
"""The columns describing a supply point; the others are supply (``fte`` or scenarios)."""

_MERGE_KEYS: tuple[str, ...] = ("lat", "lon", "municipality", "urban", "component")
"""What a merged supply point's members share (with provenance and method): everything the
road-time estimate reads of a point, so they have the same travel time from every area."""


def _merges_colocated(method: str, provider: TravelCostProvider) -> bool:
    """Whether :func:`region_access` merges supply points at one place for `method` and
    `provider` (see :func:`_merge_colocated`): for the road-time estimate, whose costs depend only
    on a point's place, and every method but 3SFCA, whose selection weights count points."""
    return type(provider) is RoadTimeProvider and method != "3sfca"


def _merge_colocated(points: pd.DataFrame) -> pd.DataFrame:
    """Supply points at one place merged into one point with the sum of their supply.

    Points merge when they share place and everything the road-time estimate reads
    (:data:`_MERGE_KEYS`), provenance and method: a health centre of four practices, or the
    providers an import placed at the point of their PC4 area (a large own dataset puts
    thousands of providers at a few hundred places). Every FCA score except 3SFCA's is linear in
    the supply of a point and co-located points have the same costs from every area, so the
    scores stay the same up to rounding; the work scales with the places instead of the rows.

    A merged point keeps its first member's id, provenance and method, and the column
    ``members`` says how many points it stands for (points already merged count with their
    ``members``). Supply columns (every column not in the point's description) are summed; a
    member's missing supply (NaN) makes the sum NaN, as it would make the unmerged computation
    fail.
    """
    members = (
        points["members"].to_numpy(np.int64)
        if "members" in points.columns
        else np.ones(len(points), dtype=np.int64)
    )
    keys = [*_MERGE_KEYS, "provenance", "method"]
    group = points.groupby(keys, sort=False, dropna=False).ngroup().to_numpy(np.int64)
    n_groups = int(group.max()) + 1 if len(group) else 0
    if n_groups == len(points):
        return points.assign(members=members)
    first = np.full(n_groups, len(points), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(points)))
    merged = points.iloc[first].copy()
    for col in points.columns:
        if col not in _POINT_META:
            values = points[col].to_numpy(float)
            merged[col] = np.bincount(group, weights=values, minlength=n_groups)
    merged["members"] = np.bincount(group, weights=members, minlength=n_groups).astype(np.int64)
    return merged


def _rescale(points: pd.DataFrame, totals: pd.Series | pd.DataFrame) -> pd.DataFrame:
    frame = totals.to_frame("fte") if isinstance(totals, pd.Series) else totals
    frame = frame.copy()
    frame.index = frame.index.astype(str)
    unknown = sorted(set(frame.index) - set(points["municipality"]))
    if unknown:
        raise InputError(f"fte_by_municipality: unknown municipality code(s) {unknown[:5]}")
    bad = ~np.isfinite(frame.to_numpy(float)) | (frame.to_numpy(float) < 0)
    if bad.any():
        raise InputError("fte_by_municipality: FTE must be finite and >= 0")
    current = points.groupby("municipality")["fte"].transform("sum")
    share = np.where(current > 0, points["fte"] / current.where(current > 0, 1.0), 0.0)
    # municipalities whose points carry no FTE share their total equally (a merged point as
    # the points it stands for)
    if "members" in points.columns:
        members = points["members"].astype(float)
        count = members.groupby(points["municipality"]).transform("sum")
        share = np.where(current > 0, share, members / count)
    else:
        count = points.groupby("municipality")["fte"].transform("size")
        share = np.where(current > 0, share, 1.0 / count)
    base = points.drop(columns=["fte"])
    muni = points["municipality"].to_numpy()
    old = points.groupby("municipality")["fte"].sum()
    scen = {}
    for col in frame.columns:
        total = frame[col].reindex(old.index).fillna(old)
        scen[col] = share * total.reindex(muni).to_numpy()
    return pd.concat([base, pd.DataFrame(scen, index=points.index)], axis=1)


def _ids_within(costs: pd.DataFrame, column: str) -> pd.Index:
    return pd.Index(pd.unique(costs[column]))


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
    points = supply_points(profession, region.own_data)
    if _merges_colocated(method, provider):
        points = _merge_colocated(points)
    else:
        points = points.assign(members=1)
    inside = areas.index[areas["municipality"].isin(region.municipality_codes)]
    if len(inside) == 0:
        raise InputError(f"region {region.code} has no areas at level {level}")
    if region.is_country() or len(inside) == len(areas):
        costs = provider.costs(areas, points, cut)
    else:
        # Buffer: supply reachable from the region, every area that reaches that supply, and all
        # supply those areas reach (3SFCA's selection weights need it).
        first = provider.costs(areas.loc[inside], points, cut)
        reached = _ids_within(first, "destination")
        second = provider.costs(areas, points.loc[reached], cut)
        sharing = _ids_within(second, "origin").union(inside)
        costs = provider.costs(areas.loc[sharing], points, cut)
    reaching = set(pd.unique(costs["origin"])) | set(inside)
    used_areas = areas.index[areas.index.isin(list(reaching))]
    used_points = points.index[points.index.isin(pd.unique(costs["destination"]))]
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
