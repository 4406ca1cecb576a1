"""The country's areas at municipality or PC4 level, and their demand, from the bundled data.

Demand is the population of each area weighted by age-specific use of the profession
(:func:`regioplan.regions.weighted_population`) and expressed in *use-weighted inhabitants*: divided
by the national average weight, so that the national total equals the national population and an
area with older people counts for more.

PC4 level: the age structure is the CBS 2021 PC4 table, scaled per municipality to the 2024
municipal population totals (so PC4 and municipality levels add up to the same 2024 population).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from regioplan.access.costs import URBAN_DENSITY, WADDEN_ISLANDS
from regioplan.data import AGE_GROUPS, PROFESSIONS, municipalities, pc4_areas
from regioplan.errors import InputError
from regioplan.regions import weighted_population

Level = Literal["municipality", "pc4"]
LEVELS: tuple[str, ...] = ("municipality", "pc4")
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


__all__ = [
    "LEVELS",
    "POPULATION_SOURCE",
    "Level",
    "area_table",
    "demand_table",
]
