"""Projected years for regional accessibility: demand and supply of one calendar year.

Demand in year Y is the population by 5-year age group on 1 January of Y from
:func:`regioplan.demography.project_population` (cohort-component, per municipality, with
migration). An area's ages are its base (1-1-2024) ages times its municipality's growth per age
group, ``P_i,a(Y) = P_i,a(2024) x P_m,a(Y) / P_m,a(2024)``: at municipality level that is the
projection itself; at PC4 level each PC4 area keeps its 2024-equivalent age structure *within* an
age group and follows its municipality's ageing. An age group that is empty in a municipality in
2024 but not in Y (rare: 5 of 6,840 cells) is shared over its areas by population.

Supply in year Y is the workforce engine's central projection (:mod:`regioplan.workforce`: the
profession's default parameter set, scenario 6, variant mid, no random draws) split over the
342 municipalities with the engine's own shares: ``S_m(Y) = s_m x stock(Y) + t_m x trained(Y)``
(stock share and settling share of :func:`regioplan.workforce.municipal_shares`), the same
formula :func:`regioplan.workforce.project_region` applies to a region, so the municipalities of a
region add up to its projected supply.

Need in year Y (:func:`need_factor`): the workforce model's demand grows not only with the
population's age structure but also with its non-demographic trends (unmet demand, working-time
reduction, substitution, ...). A projected year's demand is therefore the use-weighted inhabitants
of Y times ``n(Y) = [D(Y) / D(Y0)] / [W(Y) / W(Y0)]``: D the model's national demand (FTE, the
same scenario and variant as the supply), W the national use-weighted population of the
demography projection and Y0 the first year of :func:`year_range`. Nationally, need then grows
exactly as the model's demand, so accessibility (supply per 10,000 need-weighted inhabitants)
and the gap (demand - supply) are measured on one basis: a region's accessibility falls when its
supply grows more slowly than its demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from regioplan.data import AGE_GROUPS
from regioplan.demography import PopulationProjection, project_population
from regioplan.errors import InputError
from regioplan.regions.owndata import OwnData
from regioplan.regions.usage import usage_weights
from regioplan.workforce import ParameterSet, load_params

SUPPLY_SCENARIO = 6
SUPPLY_VARIANT = "mid"


@dataclass(frozen=True)
class YearRange:
    """The calendar years an accessibility projection can use for a profession."""

    first: int
    last: int
    parameter_set: str

    def check(self, year: int) -> None:
        if not self.first <= year <= self.last:
            raise InputError(
                f"year {year} is outside the projection for this profession; allowed: "
                f"{self.first}..{self.last} (population projection from 1-1-2024, workforce "
                f"parameter set {self.parameter_set} up to {self.last})"
            )


@cache
def _params(profession: str) -> ParameterSet:
    return load_params(profession=profession)


def year_range(profession: str) -> YearRange:
    """Years covered by both the population projection (from 2024) and the workforce model."""
    from regioplan.demography.projection import BASE_YEAR

    params = _params(profession)
    years = tuple(int(y) for y in params.years)
    return YearRange(max(BASE_YEAR, years[0]), years[-1], str(params.name))


@cache
def _population(end_year: int) -> PopulationProjection:
    return project_population(end_year=end_year)


def projected_ages(areas: pd.DataFrame, year: int) -> pd.DataFrame:
    """The areas' age groups (persons) on 1-1-`year`, following their municipality's projection.

    `areas` has a ``municipality`` column, ``population`` and the 20 age columns (2024 base);
    returns the same index with the 20 age columns of `year`.
    """
    from regioplan.demography.projection import BASE_YEAR

    proj = _population(max(year, BASE_YEAR + 1))
    base = proj.by_age(BASE_YEAR)
    target = proj.by_age(year)
    codes = areas["municipality"].astype(str)
    unknown = sorted(set(codes) - set(base.index))
    if unknown:
        raise InputError(f"areas of municipalities without a projection: {unknown[:5]}")
    b = base.reindex(codes).to_numpy(float)
    t = target.reindex(codes).to_numpy(float)
    growth = np.divide(t, b, out=np.zeros_like(t), where=b > 0)
    ages = areas[list(AGE_GROUPS)].to_numpy(float) * growth
    # a group that is empty in the municipality's base: its projected persons by population
    pop = areas["population"].to_numpy(float)
    pop_m = pd.Series(pop, index=areas.index).groupby(codes).transform("sum").to_numpy(float)
    share = np.divide(pop, pop_m, out=np.zeros_like(pop), where=pop_m > 0)
    empty = b <= 0
    ages = np.where(empty, t * share[:, None], ages)
    return pd.DataFrame(ages, index=areas.index, columns=list(AGE_GROUPS))


def areas_in_year(areas: pd.DataFrame, year: int) -> pd.DataFrame:
    """`areas` with the ages of `year` and its population scaled by the growth of its ages.

    ``population`` becomes ``population_2024 x sum(ages in Y) / sum(ages in 2024)`` so that the
    base year gives back today's population exactly.
    """
    ages = projected_ages(areas, year)
    before = areas[list(AGE_GROUPS)].to_numpy(float).sum(axis=1)
    after = ages.to_numpy(float).sum(axis=1)
    ratio = np.divide(after, before, out=np.ones_like(after), where=before > 0)
    out = areas.copy()
    out[list(AGE_GROUPS)] = ages
    out["population"] = areas["population"].to_numpy(float) * ratio
    return out


def _split(profession: str, own_data: OwnData | None) -> pd.DataFrame:
    from regioplan.workforce import municipal_shares, municipal_supply_fte, project_national

    params = _params(profession)
    nat = project_national(params, scenario=SUPPLY_SCENARIO, variant=SUPPLY_VARIANT)
    return municipal_supply_fte(nat, municipal_shares(params, profession, own_data=own_data))


@cache
def _supply_table(profession: str) -> pd.DataFrame:
    return _split(profession, None)


@cache
def _need_series(profession: str) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """(years, n(Y)) over :func:`year_range` of `profession` (see :func:`need_factor`)."""
    from regioplan.workforce import project_national

    span = year_range(profession)
    params = _params(profession)
    nat = project_national(params, scenario=SUPPLY_SCENARIO, variant=SUPPLY_VARIANT)
    years = tuple(range(span.first, span.last + 1))
    demand = np.asarray([nat.demand_fte[nat.index(y)] for y in years], dtype=float)
    proj = _population(max(span.last, span.first + 1))
    units = proj.weighted(usage_weights(profession)).sum(axis=1)  # (projection years,)
    weighted = np.asarray([units[list(proj.years).index(y)] for y in years], dtype=float)
    factor = (demand / demand[0]) / (weighted / weighted[0])
    return years, tuple(float(x) for x in factor)


def need_factor(profession: str, year: int) -> float:
    """Need per use-weighted inhabitant in `year` relative to the first projected year (n(Y)).

    The workforce model's national demand growth divided by the growth of the national
    use-weighted population: the non-demographic part of the demand trend (1.0 in the first
    year of :func:`year_range`; an estimate).
    """
    year_range(profession).check(year)
    years, factor = _need_series(profession)
    return factor[years.index(year)]


def projected_supply(
    profession: str, years: list[int], own_data: OwnData | None = None
) -> pd.DataFrame:
    """FTE per municipality (rows, ``GMxxxx``) in each of `years` (columns, as text).

    The workforce engine's central run; `own_data` (a region's) changes the municipalities'
    stock shares as in :func:`regioplan.workforce.municipal_shares`.
    """
    rng = year_range(profession)
    for y in years:
        rng.check(y)
    table = _split(profession, own_data) if own_data is not None else _supply_table(profession)
    out = table[list(years)].copy()
    out.columns = [str(y) for y in years]
    return out


def projection_provenance(
    profession: str, year: int, supply_given: bool, need: float | None = None
) -> dict[str, Any]:
    """Which projections a year's accessibility used (JSON-ready, labelled estimate).

    `need` is the year's :func:`need_factor` when demand counts the model's non-demographic
    trends, None when demand follows the population alone."""
    params = _params(profession)
    first = year_range(profession).first
    supply = (
        "given FTE per municipality (fte_by_municipality); own-data points keep their shares"
        if supply_given
        else (
            f"regioplan.workforce central projection: parameter set {params.name}, scenario "
            f"{SUPPLY_SCENARIO}, variant {SUPPLY_VARIANT} (no random draws), split over "
            "municipalities as s_m x stock(Y) + t_m x trained(Y) (regioplan.workforce."
            "municipal_shares); own-data points keep their shares of their municipality, "
            "elsewhere one point at the municipality centre"
        )
    )
    return {
        "year": year,
        "status": "estimate",
        "population": (
            f"regioplan.demography cohort-component projection to 1-1-{year} per municipality "
            "and 5-year age group (with migration); each area's 2024 ages scaled by its "
            "municipality's growth per age group"
        ),
        "demand": (
            "projected ages x age-specific use / the 2024 national mean use (so more elderly "
            "means more demand)"
            + (
                ""
                if need is None
                else f" x need factor {need:.4f}: the workforce model's national demand growth "
                f"since {first} (parameter set {params.name}, scenario {SUPPLY_SCENARIO}, variant "
                f"{SUPPLY_VARIANT}, incl. its non-demographic trends) / the growth of the "
                "national use-weighted population, so that need grows as the model's demand"
            )
        ),
        "need_factor": need,
        "supply": supply,
    }


__all__ = [
    "YearRange",
    "areas_in_year",
    "need_factor",
    "projected_ages",
    "projected_supply",
    "projection_provenance",
    "year_range",
]
