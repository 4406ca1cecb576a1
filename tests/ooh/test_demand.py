"""Demand: time of week, holidays, urgency and type mix, population and nursing homes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.ooh import OohConfig, demand, holiday_dates, parse_config, week_profile
from regioplan.ooh.model import CONSULT, PHONE, VISIT, OohModel, sample
from regioplan.ooh.profile import (
    is_office_hour,
    published_windows,
    type_by_urgency,
    urgency_mix,
    window_hours,
    year_hours,
)
from regioplan.regions import OwnData, OwnDataset, Region


def test_week_profile_keeps_the_published_windows_and_closes_office_hours() -> None:
    p = week_profile()
    assert p.sum() == pytest.approx(1.0)
    for name, hours in window_hours().items():
        assert p[hours].sum() == pytest.approx(published_windows()[name], abs=1e-12)
    assert all(p[h] == 0 for h in range(168) if is_office_hour(h))
    assert all(p[h] > 0 for h in range(168) if not is_office_hour(h))


def test_simulated_calls_reproduce_the_time_of_week_shares(small_model: OohModel) -> None:
    """Calls drawn for a year hold the published shares within 0.5 points on the days that are
    not public holidays: weekdays 18-20 12.3 %, weekend 10-12 10.1 %, weekend 04-06 0.85 %.
    (A holiday follows Sunday's profile, which moves the year's weekday-evening share down to
    about 11.6 %; docs/ooh.md.)"""
    smp = sample(small_model, np.random.default_rng(5))
    public = smp.urgency > 0
    hour = (smp.jobs.arrival[public] // 60).astype(int)
    how_year, holiday = year_hours(2025)
    # whole days that are holidays, and the night after them, are left out
    skip = holiday | np.roll(holiday, 8)
    how = how_year[hour][~skip[hour]]
    for name, hours in window_hours().items():
        share = np.isin(how, hours).mean()
        assert share == pytest.approx(published_windows()[name], abs=0.005), name


def test_holidays_are_sundays() -> None:
    how, is_holiday = year_hours(2025)
    christmas = (dt.date(2025, 12, 25) - dt.date(2025, 1, 1)).days  # a Thursday
    assert is_holiday[24 * christmas] and how[24 * christmas + 10] == 6 * 24 + 10
    assert dt.date(2025, 4, 18) not in holiday_dates(2025)  # Good Friday: practices open
    assert dt.date(2025, 4, 21) in holiday_dates(2025)  # Easter Monday


def test_urgency_and_type_split_meet_their_margins() -> None:
    mix, u0 = urgency_mix()
    assert u0 == pytest.approx(0.014)
    joint = type_by_urgency(np.array([0.4, 0.5, 0.1]))
    assert joint.sum(axis=1) == pytest.approx(mix, abs=1e-9)
    assert joint.sum(axis=0) == pytest.approx([0.4, 0.5, 0.1], abs=1e-9)
    visit_share = joint[:, 2] / joint.sum(axis=1)
    assert visit_share[0] > visit_share[2] > visit_share[4]  # urgent calls lead to visits


def test_zk24_demand_is_about_250_per_1000(zk24: Region, small_config: OohConfig) -> None:
    d = demand(zk24, small_config, year=2025)
    per_1000 = 1000 * d.total / d.areas["population"].sum()
    assert 230 < per_1000 < 270
    c = d.contacts()
    assert c["type_phone"] / d.total == pytest.approx(0.40, abs=0.03)
    assert c["U0"] == pytest.approx(d.total * 0.014 / 0.986)
    assert d.by_area_hour().to_numpy().sum() == pytest.approx(d.total * 7 / 365.25)
    later = demand(zk24, small_config, year=2040)
    assert later.per_year[:, 2].sum() > d.per_year[:, 2].sum()  # ageing: more home visits


def test_sampled_contacts_follow_the_demand(small_model: OohModel) -> None:
    smp = sample(small_model, np.random.default_rng(1))
    d = small_model.demand
    public = smp.urgency > 0
    assert public.sum() == pytest.approx(d.total, rel=0.02)
    for k in (PHONE, CONSULT, VISIT):
        assert (smp.kind[public] == k).sum() == pytest.approx(d.per_year[:, k].sum(), rel=0.05)
    assert (~public).sum() == pytest.approx(d.nursing.sum(), rel=0.15)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_sampling_is_a_function_of_the_seed(small_model: OohModel, seed: int) -> None:
    a = sample(small_model, np.random.default_rng(seed))
    b = sample(small_model, np.random.default_rng(seed))
    assert np.array_equal(a.jobs.arrival, b.jobs.arrival)
    assert np.array_equal(a.jobs.service, b.jobs.service)


def _cfg(**org: object) -> OohConfig:
    return parse_config(
        {
            "posts": [{"id": "a", "pc4": "3311"}],
            "organisations": [{"id": "o", "municipalities": ["GM0505"], **org}],
            "staffing": [
                {"post": "a", "role": "triagist", "days": "mon-sun", "hours": "0-24", "count": 1}
            ],
        }
    )


def test_nursing_home_places_from_config_own_data_or_estimate(zk24: Region) -> None:
    est = demand(zk24, _cfg(), year=2025)
    assert est.places["o"][1].startswith("estimate")
    assert 200 < est.places["o"][0] < 2000
    given_places = demand(zk24, _cfg(places=300), year=2025)
    assert given_places.places["o"] == (300.0, "configuration")
    assert given_places.nursing.sum() == pytest.approx(300.0)
    providers = pd.DataFrame(
        {
            "kind": ["nursing_home"],
            "name": ["Home"],
            "municipality": ["GM0505"],
            "pc4": [3311],
            "beds_nursing": [120],
        }
    )
    own = OwnData(providers, (OwnDataset("t", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),))
    from_own = demand(zk24.with_own_data(own), _cfg(), year=2025)
    assert from_own.places["o"][0] == 120.0 and "own data" in from_own.places["o"][1]
    i = list(from_own.areas.index).index("3311")
    assert from_own.nursing[0, i] == pytest.approx(120.0)
