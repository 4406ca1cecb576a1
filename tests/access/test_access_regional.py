"""Accessibility of Dutch regions: demand, supply provenance, and the border buffer."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from regioplan.access.areas import area_table, demand_table
from regioplan.access.regional import RegionAccess, region_access
from regioplan.access.supply import supply_points
from regioplan.data import municipalities
from regioplan.errors import InputError
from regioplan.regions import OwnData, country, estimate_workforce, select_region


@cache
def national(profession: str, method: str, level: str = "pc4") -> RegionAccess:
    return region_access(country(), profession, method=method, level=level)  # type: ignore[arg-type]


def test_pc4_population_is_scaled_to_the_2024_municipal_totals() -> None:
    pc4 = area_table("pc4")
    totals = pc4.groupby("municipality")["population"].sum()
    m = municipalities()["population_2024"]
    assert totals.to_numpy() == pytest.approx(m.reindex(totals.index).to_numpy(), rel=1e-9)
    assert len(pc4) == 4067


@pytest.mark.parametrize("profession", ["gp", "so", "avg"])
def test_demand_sums_to_the_national_population(profession: str) -> None:
    """Use-weighted inhabitants: older areas count more, the national total is unchanged."""
    areas = area_table("municipality")
    demand = demand_table(areas, profession)
    assert demand.sum() == pytest.approx(areas["population"].sum(), rel=1e-9)


@pytest.mark.parametrize("profession", ["gp", "so"])
def test_national_fte_is_conserved(profession: str) -> None:
    """sum(demand x score) / 10,000 = all FTE that anyone reaches (here: all of it)."""
    result = national(profession, "e2sfca")
    reached = (result.areas["demand"] * result.areas["score"]).sum() / 10_000
    assert reached == pytest.approx(estimate_workforce(profession)["fte"].sum(), rel=1e-6)


@pytest.mark.parametrize(("region", "method"), [("ZK24", "e2sfca"), ("GM0599", "3sfca")])
def test_border_buffer_gives_the_national_scores(region: str, method: str) -> None:
    """A region computed alone equals the same areas in the national computation."""
    reg = select_region(region)
    alone = region_access(reg, "gp", method=method)
    whole = national("gp", method)
    assert alone.buffer_areas > 0 and alone.buffer_points > 0
    expected = whole.areas.loc[alone.areas.index, "score"]
    assert alone.areas["score"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-12)
    assert set(alone.areas["municipality"]) == set(reg.municipality_codes)


def test_estimate_is_labelled_and_own_data_replaces_it() -> None:
    gm = "GM0599"
    providers = pd.DataFrame(
        {
            "dataset": ["mine", "mine"],
            "municipality": [gm, gm],
            "lat": [51.92, 51.90],
            "lon": [4.48, 4.45],
            "gp_headcount": [10, 5],
            "gp_fte": [8.0, 4.0],
        }
    )
    pts = supply_points("gp", OwnData(providers, ()))
    own = pts[pts["provenance"] == "own data"]
    assert own["fte"].tolist() == [8.0, 4.0]
    assert f"est:{gm}" not in pts.index
    assert (pts.loc[pts["provenance"] == "estimate", "method"].str.startswith("estimate:")).all()
    result = region_access(
        select_region(gm).with_own_data(OwnData(providers, ())), "gp", level="municipality"
    )
    assert result.supply_fte_own == 12.0 and result.supply_fte_estimate == 0.0


def test_supply_scenarios_are_columns() -> None:
    """FTE per municipality for two years: one column each; doubling FTE doubles scores."""
    est = estimate_workforce("gp")["fte"]
    years = pd.DataFrame({"2025": est, "2035": 2 * est})
    result = region_access(
        select_region("ZK24"), "gp", level="municipality", fte_by_municipality=years
    )
    assert result.scenarios == ("2025", "2035")
    assert result.areas["2035"].to_numpy() == pytest.approx(2 * result.areas["2025"].to_numpy())
    base = region_access(select_region("ZK24"), "gp", level="municipality")
    assert result.areas["2025"].to_numpy() == pytest.approx(base.scores.to_numpy())
    assert result.summary(scenario="2035").mean == pytest.approx(2 * result.summary().mean)


def test_summary_and_provenance_of_a_region() -> None:
    result = region_access(select_region("ZK24"), "so", method="2sfca", level="municipality")
    s = result.summary(threshold=0.0)
    assert s.population_below == 0 and s.unit == "FTE per 10,000 use-weighted inhabitants"
    prov = result.provenance()
    assert prov["travel_costs"].startswith("estimate:")
    assert prov["catchment_minutes"] == 30.0
    assert np.isfinite(result.areas["score"]).all()


def test_bad_level_and_profession() -> None:
    with pytest.raises(InputError, match="unknown level 'pc6'; allowed: municipality, pc4"):
        region_access(country(), "gp", level="pc6")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown profession 'dentist'"):
        region_access(country(), "dentist")


def test_to_dict_is_json_ready() -> None:
    import json

    result = region_access(select_region("GM0599"), "gp", level="municipality")
    payload = result.to_dict()
    text = json.dumps(payload)
    assert '"fte_per_10000"' in text
    assert payload["areas"][0]["area"] == "GM0599"
    assert payload["summary"]["unit"] == "FTE per 10,000 use-weighted inhabitants"
    # every number column of the area records has a unit
    assert set(payload["units"]) == {"population", "demand", "fte_per_10000"}


def test_provider_without_a_point_sits_at_its_municipality_centre() -> None:
    providers = pd.DataFrame(
        {
            "dataset": ["d"],
            "municipality": ["GM0599"],
            "lat": [np.nan],
            "lon": [np.nan],
            "gp_headcount": [2],
            "gp_fte": [1.5],
        }
    )
    pts = supply_points("gp", OwnData(providers, ()))
    own = pts[pts["provenance"] == "own data"]
    centre = municipalities().loc["GM0599", ["lat", "lon"]].to_numpy(float)
    assert own[["lat", "lon"]].to_numpy(float)[0] == pytest.approx(centre)
    assert own["fte"].tolist() == [1.5]


def test_own_supply_points_are_the_providers_of_the_profession() -> None:
    """A GP practice in a municipality with an SO organisation was an SO supply point of 0 FTE
    (counted in `supply_points`); its SO FTE, if any, is not in the own-data total either."""
    providers = pd.DataFrame(
        {
            "dataset": ["d", "d", "d"],
            "kind": ["gp_practice", "nursing_home", "nursing_home"],
            "municipality": ["GM0505", "GM0505", "GM0505"],
            "lat": [51.80, 51.81, 51.82],
            "lon": [4.66, 4.67, 4.68],
            "gp_headcount": [3, 0, 0],
            "gp_fte": [2.4, 0.0, 0.0],
            "so_headcount": [0, 2, 0],
            "so_fte": [0.5, 1.6, 0.0],
        }
    )
    own = supply_points("so", OwnData(providers, ())).query("provenance == 'own data'")
    assert own["fte"].tolist() == [1.6, 0.0]  # both nursing homes, not the practice
    assert "est:GM0505" not in supply_points("so", OwnData(providers, ())).index
    gp = supply_points("gp", OwnData(providers, ())).query("provenance == 'own data'")
    assert gp["fte"].tolist() == [2.4]
