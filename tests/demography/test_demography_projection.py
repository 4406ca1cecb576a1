"""The cohort-component projection: bookkeeping, and agreement with the CBS projection."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import regioplan.demography as demography
from regioplan.data import AGE_GROUPS, calibration
from regioplan.demography import DemographicRates, project_population
from regioplan.demography.projection import step
from regioplan.errors import InputError, ParameterError


def _calibration(indicator: str, year: int) -> float:
    cal = calibration()
    row = cal[(cal["indicator"] == indicator) & (cal["reference_year"].astype(str) == str(year))]
    return float(row["value"].iloc[0])


def test_public_api() -> None:
    assert sorted(demography.__all__) == [
        "BASE_YEAR",
        "DemographicRates",
        "PopulationProjection",
        "project_population",
    ]


def test_aged_80_plus_agrees_with_cbs_within_10_percent() -> None:
    """CBS Kernprognose: about 0.9 million aged 80+ in 2024, about 1.8 million in 2045."""
    proj = project_population(end_year=2045)
    a80 = proj.aged(80)
    assert a80[2024] == pytest.approx(_calibration("aantal 80-plussers NL", 2024), rel=0.10)
    assert a80[2045] == pytest.approx(
        _calibration("aantal 80-plussers NL prognose", 2045), rel=0.10
    )


def test_total_population_passes_19_million_around_2037() -> None:
    total = project_population(end_year=2040).total()
    assert total[2036] < 19.0e6 <= total[2038]


def test_without_migration_no_one_appears_except_births() -> None:
    """Closed population: each group of 5+ only receives survivors from the group below."""
    rates = DemographicRates(net_migration=0.0)
    proj = project_population(end_year=2030, rates=rates, migration=False)
    old = proj.values[:, :, 1:].sum(axis=(1, 2))
    assert np.all(np.diff(old) < proj.values[:-1, :, 0].sum(axis=1) / 5 + 1e-6)
    explicit = step(proj.values[0], 2024, rates, migration=False)
    assert np.allclose(explicit, proj.values[1])


def test_step_by_hand_for_one_area() -> None:
    """Hand check: no deaths, no births, no migration: a fifth of each group moves up."""
    rates = DemographicRates(
        mortality=(0.0,) * 20, fertility=(0.0,) * 20, mortality_improvement=0.0, net_migration=0.0
    )
    pop = np.zeros((1, 20))
    pop[0, 3] = 100.0
    pop[0, 19] = 10.0
    nxt = step(pop, 2024, rates, migration=True)
    expected = np.zeros((1, 20))
    expected[0, 3], expected[0, 4], expected[0, 19] = 80.0, 20.0, 10.0
    assert np.allclose(nxt, expected)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 1e5), min_size=20, max_size=20), st.booleans())
def test_areas_are_independent_and_never_negative(counts: list[float], migration: bool) -> None:
    """Projecting two areas together equals projecting each alone (migration split by size)."""
    if sum(counts) == 0:
        return
    frame = pd.DataFrame([counts, counts[::-1]], index=["A", "B"], columns=list(AGE_GROUPS))
    proj = project_population(frame, end_year=2034, migration=migration)
    assert (proj.values >= 0).all()
    if not migration:
        alone = project_population(frame.iloc[[0]], end_year=2034, migration=False)
        assert np.allclose(alone.values[:, 0], proj.values[:, 0])
    else:
        added = proj.values.sum(axis=(1, 2)) - project_population(
            frame, end_year=2034, migration=False
        ).values.sum(axis=(1, 2))
        assert added[-1] > 0


def test_regions_sum_to_country() -> None:
    proj = project_population(end_year=2030)
    assert proj.by_age(2030).to_numpy().sum() == pytest.approx(proj.total()[2030])
    sub = proj.select(["GM0363", "GM0599"])
    assert sub.values.shape == (7, 2, 20)


def test_rejects_bad_input() -> None:
    with pytest.raises(InputError, match="before start_year"):
        project_population(end_year=2020)
    with pytest.raises(InputError, match="lacks age columns"):
        project_population(pd.DataFrame({"x": [1]}))
    with pytest.raises(ParameterError, match="sum to 1"):
        DemographicRates(migration_profile=(0.0,) * 20)


def test_rates_are_checked_with_the_name_of_the_bad_value() -> None:
    """Bad rates are input errors (exit 2) that name the rate and the age group."""
    fertility = list(DemographicRates().fertility)
    fertility[6] = -0.1
    with pytest.raises(ParameterError, match=r"fertility\[age_30_34\] = -0.1"):
        DemographicRates(fertility=tuple(fertility))
    with pytest.raises(ParameterError, match=r"female_share = 1\.5"):
        DemographicRates(female_share=1.5)
    with pytest.raises(ParameterError, match="mortality needs 20 values"):
        DemographicRates(mortality=(0.1,))


def test_weights_must_cover_every_age_group() -> None:
    """A weight table without some age groups would give NaN demand units without a word."""
    proj = project_population(end_year=2025)
    partial = pd.Series(1.0, index=list(AGE_GROUPS[:-2]))
    with pytest.raises(InputError, match="age_90_94, age_95_plus"):
        proj.weighted(partial)
    with pytest.raises(InputError, match="one value per age group"):
        proj.weighted(np.ones(5))
    full = pd.Series(1.0, index=list(AGE_GROUPS))
    assert np.allclose(proj.weighted(full).sum(axis=1), proj.total().to_numpy())
