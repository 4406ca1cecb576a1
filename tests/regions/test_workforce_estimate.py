"""The labelled workforce estimate and its replacement by a region's own data."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.data import AGE_GROUPS, national_workforce
from regioplan.regions import (
    ESTIMATE,
    OWN_DATA,
    OwnData,
    estimate_workforce,
    select_region,
    usage_weights,
    workforce_table,
)


@pytest.mark.parametrize("profession", ["gp", "so", "avg"])
def test_estimate_adds_up_to_the_national_figure(profession: str) -> None:
    table = estimate_workforce(profession)
    nat = national_workforce().loc[profession]
    assert table["persons"].sum() == pytest.approx(float(nat["persons"]))
    assert table["fte"].sum() == pytest.approx(float(nat["persons"]) * float(nat["fte_per_person"]))
    assert set(table["provenance"]) == {ESTIMATE}
    assert len(table) == 342


def test_gp_usage_weights_follow_the_published_contact_rates() -> None:
    w = usage_weights("gp")
    assert list(w.index) == list(AGE_GROUPS)
    assert w["age_0_4"] == 3.5
    assert w["age_5_9"] == 2.3
    assert w["age_15_19"] == pytest.approx((3 * 2.3 + 2 * 3.6) / 5)
    assert w["age_70_74"] == 6.0
    assert w["age_95_plus"] == 13.3


def test_so_estimate_follows_the_population_80_plus() -> None:
    table = estimate_workforce("so")
    from regioplan.data import municipalities

    m = municipalities()
    pop80 = m[["age_80_84", "age_85_89", "age_90_94", "age_95_plus"]].sum(axis=1)
    ratio = table["persons"] / pop80
    assert ratio.max() == pytest.approx(ratio.min())


@settings(max_examples=25, deadline=None)
@given(
    covered=st.lists(st.integers(0, 9), min_size=1, max_size=5, unique=True),
    headcount=st.integers(0, 40),
)
def test_own_data_replaces_the_estimate_where_it_covers(covered: list[int], headcount: int) -> None:
    region = select_region("ZK24")
    codes = [region.municipality_codes[i] for i in covered]
    providers = pd.DataFrame(
        {
            "dataset": "test",
            "kind": "gp_practice",
            "municipality": codes,
            "gp_headcount": headcount,
            "gp_fte": headcount * 0.8,
        }
    )
    table = workforce_table(region.with_own_data(OwnData(providers, ())), "gp")
    estimate = estimate_workforce("gp").loc[list(region.municipality_codes)]
    for code in region.municipality_codes:
        if code in codes:
            assert table.loc[code, "provenance"] == OWN_DATA
            assert table.loc[code, "persons"] == headcount
        else:
            assert table.loc[code, "provenance"] == ESTIMATE
            assert table.loc[code, "persons"] == estimate.loc[code, "persons"]


def test_own_data_of_one_profession_keeps_the_estimate_of_the_others() -> None:
    region = select_region("ZK24")
    code = region.municipality_codes[0]
    providers = pd.DataFrame(
        {
            "dataset": ["gp only"],
            "kind": ["gp_practice"],
            "municipality": [code],
            **{
                f"{p}_{m}": [3.0 if p == "gp" else 0.0]
                for p in ("gp", "so", "avg")
                for m in ("headcount", "fte")
            },
        }
    )
    region = region.with_own_data(OwnData(providers, ()))
    assert workforce_table(region, "gp").loc[code, "provenance"] == OWN_DATA
    assert workforce_table(region, "so").loc[code, "provenance"] == ESTIMATE
