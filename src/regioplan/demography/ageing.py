"""Age a population by whole years in single years of age: an exact cohort shift.

The projection (:mod:`regioplan.demography.projection`) moves a fifth of each 5-year group up
every year, which keeps the mean age right but spreads a cohort over neighbouring groups: after
three years only 38 % of a group has moved up one group instead of 60 %. For bringing a census
forward a few years (the bundled 2024 ages are the 2021 ages aged three years) that spread
matters, so this module ages in single years of age:

1. each 5-year group is split evenly over its five single years (the 95+ group stays one open
   group);
2. every year each single year of age loses its deaths (the death probability of its 5-year
   group, :meth:`DemographicRates.death_rates`, times `mortality_scale`) and its survivors move up
   one year; the survivors of 95+ stay there;
3. births (women in the childbearing groups times the fertility rate by age, as in the projection,
   after the same half year of infant mortality) enter at age 0;
4. a national net migration, if given, is spread over ages by the rates' migration profile (evenly
   over the single years of a group) and over areas in proportion to their population;
5. the single years are summed back into the 5-year groups.

With no deaths, births or migration, after `years` = 3 each group keeps 2/5 of its members and
passes 3/5 to the next group: the exact shift of a population spread evenly within its groups.

>>> import pandas as pd
>>> from regioplan.data import AGE_GROUPS
>>> from regioplan.demography import DemographicRates
>>> still = DemographicRates(mortality=(0.0,) * 20, fertility=(0.0,) * 20)
>>> frame = pd.DataFrame([[0.0] * 14 + [100.0] + [0.0] * 5], columns=list(AGE_GROUPS))
>>> aged = age_population(frame, 3, start_year=2021, rates=still)
>>> aged.values[["age_70_74", "age_75_79"]].iloc[0].tolist()
[40.0, 60.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regioplan.data import AGE_GROUPS
from regioplan.demography.rates import Array, DemographicRates
from regioplan.errors import InputError

_GROUPS = len(AGE_GROUPS)
_OPEN = 5 * (_GROUPS - 1)  # single-year index of the open group 95+


@dataclass(frozen=True)
class AgedPopulation:
    """The aged population and the national flows of each year it was aged through.

    `values`: areas x age groups on 1 January of `end_year`; `deaths`: years x age groups (age at
    the start of the year); `births`, `net_migration`: per year (persons, whole country).
    """

    values: pd.DataFrame
    start_year: int
    end_year: int
    deaths: pd.DataFrame
    births: pd.Series
    net_migration: pd.Series


def _to_groups(single: Array) -> Array:
    out: Array = np.concatenate(
        [single[:, :_OPEN].reshape(single.shape[0], _GROUPS - 1, 5).sum(axis=2), single[:, _OPEN:]],
        axis=1,
    )
    return out


def _per_single_year(per_group: Array) -> Array:
    """A per-group quantity repeated over the five single years of each group (95+ once)."""
    out: Array = np.concatenate([np.repeat(per_group[:-1], 5), per_group[-1:]])
    return out


def age_population(
    population: pd.DataFrame,
    years: int,
    *,
    start_year: int,
    rates: DemographicRates | None = None,
    mortality_scale: float | Sequence[float] = 1.0,
    net_migration: float = 0.0,
) -> AgedPopulation:
    """`population` on 1 January of `start_year`, aged to 1 January of `start_year` + `years`.

    `population` has one row per area and the columns :data:`AGE_GROUPS`; `net_migration` is the
    national net inflow per year (persons), 0 for a closed population; `mortality_scale` multiplies
    the death probabilities, one factor for all ages or one per age group.
    """
    rates = rates or DemographicRates()
    if years < 0:
        raise InputError(f"years must be 0 or more, got {years}")
    scale = np.asarray(mortality_scale, dtype=np.float64)
    if scale.shape not in ((), (_GROUPS,)):
        raise InputError(f"mortality_scale needs 1 or {_GROUPS} values, got shape {scale.shape}")
    if not (np.isfinite(scale) & (scale >= 0)).all():
        raise InputError(f"mortality_scale must be 0 or more, got {mortality_scale}")
    missing = [c for c in AGE_GROUPS if c not in population.columns]
    if missing:
        raise InputError(f"population table lacks age columns: {', '.join(missing)}")
    pop = population[list(AGE_GROUPS)].to_numpy(dtype=np.float64)
    if (pop < 0).any() or not np.isfinite(pop).all():
        raise InputError("population table has negative or missing counts")
    single = np.concatenate([np.repeat(pop[:, :-1] / 5.0, 5, axis=1), pop[:, -1:]], axis=1)
    fertility = np.asarray(rates.fertility, dtype=np.float64)
    profile = _per_single_year(np.asarray(rates.migration_profile, dtype=np.float64) / 5.0)
    profile[-1] *= 5.0  # the open group takes its whole share
    deaths: list[Array] = []
    births: list[float] = []
    for year in range(start_year, start_year + years):
        q_group = np.minimum(rates.death_rates(year) * scale, 1.0)
        q = _per_single_year(q_group)
        survivors = single * (1.0 - q)
        born = (_to_groups(single) * rates.female_share) @ fertility
        nxt = np.zeros_like(single)
        nxt[:, 1:] = survivors[:, :-1]
        nxt[:, -1] += survivors[:, -1]
        infant = min(q_group[0] * 2.5, 1.0)
        nxt[:, 0] = born * (1.0 - infant)
        if net_migration:
            share = single.sum(axis=1) / single.sum()
            nxt += net_migration * share[:, None] * profile[None, :]
        died = _to_groups(single - survivors).sum(axis=0)
        died[0] += born.sum() * infant
        deaths.append(died)
        births.append(float(born.sum()))
        single = np.maximum(nxt, 0.0)
    span = list(range(start_year, start_year + years))
    return AgedPopulation(
        values=pd.DataFrame(_to_groups(single), index=population.index, columns=list(AGE_GROUPS)),
        start_year=start_year,
        end_year=start_year + years,
        deaths=pd.DataFrame(
            np.array(deaths).reshape(years, _GROUPS), index=span, columns=list(AGE_GROUPS)
        ),
        births=pd.Series(births, index=span, dtype=np.float64, name="births"),
        net_migration=pd.Series(
            float(net_migration), index=span, dtype=np.float64, name="net_migration"
        ),
    )


__all__ = ["AgedPopulation", "age_population"]
