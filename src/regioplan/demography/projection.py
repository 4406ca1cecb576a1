"""Cohort-component projection by municipality, 5-year age group and calendar year.

Each year, for every area at once (numpy, areas x age groups):

1. survival: each group loses its deaths, ``P * (1 - q_a(t))``;
2. ageing: a fifth of the survivors of each group moves up one group (people are assumed spread
   evenly over the five single years); the open group 95+ keeps its survivors;
3. births: women (a fixed share of each childbearing group) times the fertility rate by age,
   entering the 0-4 group after half a year's infant mortality;
4. migration (optional): the national net migration, spread over ages with a fixed profile and
   over areas in proportion to their population.

The start is the bundled population of 1-1-2024 (:func:`regioplan.data.municipalities`); the
result for year t is the population on 1 January of t.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from regioplan.data import AGE_GROUPS, AGE_LOWER, municipalities
from regioplan.demography.rates import Array, DemographicRates
from regioplan.errors import InputError

BASE_YEAR = 2024
"""Year of the bundled population by age (1 January)."""


@dataclass(frozen=True)
class PopulationProjection:
    """Population per year, area and age group: ``values[year_index, area, age_group]``.

    >>> proj = project_population(end_year=2026)
    >>> proj.years, proj.values.shape
    ((2024, 2025, 2026), (3, 342, 20))
    """

    years: tuple[int, ...]
    areas: tuple[str, ...]
    values: Array
    migration: bool
    rates: DemographicRates
    provenance: dict[str, Any] = field(default_factory=dict)

    def _i(self, year: int) -> int:
        if year not in self.years:
            raise InputError(
                f"year {year} is outside the projection {self.years[0]}..{self.years[-1]}"
            )
        return year - self.years[0]

    def by_age(self, year: int) -> pd.DataFrame:
        """Areas x age groups in `year` (persons)."""
        return pd.DataFrame(
            self.values[self._i(year)], index=list(self.areas), columns=list(AGE_GROUPS)
        )

    def national_by_age(self) -> pd.DataFrame:
        """Years x age groups, summed over all areas (persons)."""
        return pd.DataFrame(
            self.values.sum(axis=1), index=list(self.years), columns=list(AGE_GROUPS)
        )

    def total(self) -> pd.Series:
        """National total per year (persons)."""
        return pd.Series(self.values.sum(axis=(1, 2)), index=list(self.years), name="population")

    def aged(self, lower: int, upper: int | None = None) -> pd.Series:
        """National persons aged `lower`..`upper` (group bounds, upper exclusive) per year."""
        cols = [
            i for i, lo in enumerate(AGE_LOWER) if lo >= lower and (upper is None or lo < upper)
        ]
        return pd.Series(self.values[:, :, cols].sum(axis=(1, 2)), index=list(self.years))

    def weighted(self, weights: pd.Series | Array) -> Array:
        """Demand units per year and area: population times age weights, shape (years, areas)."""
        w = np.asarray(
            weights.reindex(list(AGE_GROUPS)) if isinstance(weights, pd.Series) else weights,
            dtype=np.float64,
        )
        if w.shape != (len(AGE_GROUPS),):
            raise InputError(f"weights need one value per age group (20), got shape {w.shape}")
        bad = [g for g, x in zip(AGE_GROUPS, w, strict=True) if not np.isfinite(x)]
        if bad:
            raise InputError(f"weights are missing or not finite for {', '.join(bad)}")
        out: Array = self.values @ w
        return out

    def select(self, codes: list[str] | tuple[str, ...]) -> PopulationProjection:
        """The projection of a subset of areas."""
        pos = {c: i for i, c in enumerate(self.areas)}
        missing = [c for c in codes if c not in pos]
        if missing:
            raise InputError(f"areas not in the projection: {', '.join(missing[:5])}")
        idx = [pos[c] for c in codes]
        return PopulationProjection(
            self.years,
            tuple(codes),
            self.values[:, idx, :],
            self.migration,
            self.rates,
            self.provenance,
        )


def step(pop: Array, year: int, rates: DemographicRates, *, migration: bool) -> Array:
    """Population on 1 January of `year` + 1 from `pop` on 1 January of `year` (areas x groups)."""
    q = rates.death_rates(year)
    survivors = pop * (1.0 - q)
    moving = survivors / 5.0
    nxt = survivors - moving
    nxt[:, 1:] += moving[:, :-1]
    nxt[:, -1] += moving[:, -1]  # the open group keeps its members
    fert = np.asarray(rates.fertility, dtype=np.float64)
    births = (pop * rates.female_share) @ fert
    nxt[:, 0] += births * (
        1.0 - q[0] * 2.5
    )  # infant mortality, half of the 0-4 group's 5-year risk
    if migration and rates.net_migration:
        share = pop.sum(axis=1) / pop.sum()
        nxt += rates.net_migration * share[:, None] * np.asarray(rates.migration_profile)[None, :]
    out: Array = np.maximum(nxt, 0.0)
    return out


def project_population(
    population: pd.DataFrame | None = None,
    *,
    start_year: int = BASE_YEAR,
    end_year: int = 2045,
    rates: DemographicRates | None = None,
    migration: bool = True,
) -> PopulationProjection:
    """Project the population by age from `start_year` to `end_year` (1 January of each year).

    `population` has one row per area and the columns :data:`AGE_GROUPS` (default: the bundled
    342 municipalities on 1-1-2024).
    """
    if end_year < start_year:
        raise InputError(f"end_year {end_year} is before start_year {start_year}")
    if end_year - start_year > 100:
        raise InputError(f"projection of {end_year - start_year} years exceeds 100 years")
    rates = rates or DemographicRates()
    frame = municipalities() if population is None else population
    missing = [c for c in AGE_GROUPS if c not in frame.columns]
    if missing:
        raise InputError(f"population table lacks age columns: {', '.join(missing)}")
    pop = frame[list(AGE_GROUPS)].to_numpy(dtype=np.float64)
    if (pop < 0).any() or not np.isfinite(pop).all():
        raise InputError("population table has negative or missing counts")
    years = tuple(range(start_year, end_year + 1))
    values = np.empty((len(years), *pop.shape))
    values[0] = pop
    for i, year in enumerate(years[:-1]):
        values[i + 1] = step(values[i], year, rates, migration=migration)
    prov = {
        "method": "cohort-component projection, 5-year groups, yearly steps (docs/demography.md)",
        "base": "CBS population 1-1-2024 by municipality; ages estimated from 2021 PC4 ages "
        "aged to 1-1-2024",
        "status": "estimate",
        "migration": migration,
        **{f"rates.{k}": v for k, v in rates.sources.items()},
    }
    return PopulationProjection(
        years, tuple(str(c) for c in frame.index), values, migration, rates, prov
    )


__all__ = ["BASE_YEAR", "PopulationProjection", "project_population", "step"]
