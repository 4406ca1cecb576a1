"""Ageing a population in single years of age (the bundled 2021 -> 2024 ages use it)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regioplan.data import AGE_GROUPS
from regioplan.demography import DemographicRates
from regioplan.demography.ageing import age_population
from regioplan.demography.projection import step
from regioplan.errors import InputError

STILL = DemographicRates(
    mortality=(0.0,) * 20, fertility=(0.0,) * 20, mortality_improvement=0.0, net_migration=0.0
)


def _frame(*rows: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        list(rows), columns=list(AGE_GROUPS), index=[f"A{i}" for i in range(len(rows))]
    )


def test_three_years_move_three_fifths_of_a_group_up() -> None:
    """Without deaths, births or migration the shift is exact: 2/5 stays, 3/5 moves one group.
    The projection's yearly step (a fifth a year) moves only 38 % one group in three years."""
    counts = [0.0] * 20
    counts[14], counts[19] = 100.0, 10.0
    aged = age_population(_frame(counts), 3, start_year=2021, rates=STILL).values.iloc[0]
    assert aged["age_70_74"] == pytest.approx(40.0)
    assert aged["age_75_79"] == pytest.approx(60.0)
    assert aged["age_95_plus"] == pytest.approx(10.0)
    assert aged.sum() == pytest.approx(110.0)
    stepped = np.array([counts])
    for year in range(2021, 2024):
        stepped = step(stepped, year, STILL, migration=False)
    assert stepped[0, 15] == pytest.approx(38.4)


def test_five_years_move_a_whole_group() -> None:
    counts = [10.0 * (i + 1) for i in range(20)]
    aged = age_population(_frame(counts), 5, start_year=2021, rates=STILL).values.iloc[0]
    assert aged.iloc[0] == 0.0  # no births
    assert aged.iloc[1:19].tolist() == pytest.approx(counts[:18])
    assert aged.iloc[19] == pytest.approx(counts[18] + counts[19])


def test_bookkeeping_of_deaths_births_and_migration() -> None:
    """Population after = before - deaths + births + migration, per year and in total."""
    rates = DemographicRates()
    frame = _frame([1000.0] * 20, [500.0 + 10 * i for i in range(20)])
    before = frame.to_numpy().sum()
    aged = age_population(frame, 3, start_year=2021, rates=rates, net_migration=50.0)
    after = aged.values.to_numpy().sum()
    flows = aged.births.sum() - aged.deaths.to_numpy().sum() + aged.net_migration.sum()
    assert after == pytest.approx(before + flows)
    assert list(aged.deaths.index) == [2021, 2022, 2023]
    assert (aged.values.to_numpy() >= 0).all()


def test_mortality_scale_per_group_changes_only_those_groups() -> None:
    frame = _frame([1000.0] * 20)
    plain = age_population(frame, 1, start_year=2021)
    scale = np.ones(20)
    scale[16:] = 2.0
    older = age_population(frame, 1, start_year=2021, mortality_scale=scale)
    assert older.deaths.iloc[0, :16].tolist() == pytest.approx(plain.deaths.iloc[0, :16].tolist())
    assert older.deaths.iloc[0, 16:].tolist() == pytest.approx(
        (2 * plain.deaths.iloc[0, 16:]).tolist()
    )


def test_rejects_bad_input() -> None:
    frame = _frame([1.0] * 20)
    with pytest.raises(InputError, match="lacks age columns"):
        age_population(pd.DataFrame({"x": [1]}), 1, start_year=2021)
    with pytest.raises(InputError, match="mortality_scale needs 1 or 20"):
        age_population(frame, 1, start_year=2021, mortality_scale=[1.0, 2.0])
    with pytest.raises(InputError, match="0 or more"):
        age_population(frame, 1, start_year=2021, mortality_scale=-1.0)
    with pytest.raises(InputError, match="negative"):
        age_population(_frame([-1.0] * 20), 1, start_year=2021)
