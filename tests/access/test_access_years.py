"""Accessibility in projected years: demand from the population projection, supply from the
workforce engine's central run, and the same border buffer as today."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from regioplan.access import region_access, region_access_years
from regioplan.access.areas import area_table
from regioplan.access.regional import RegionAccess
from regioplan.access.years import areas_in_year, projected_supply
from regioplan.cli import app
from regioplan.data import AGE_GROUPS, AGE_LOWER
from regioplan.demography import project_population
from regioplan.errors import InputError
from regioplan.regions import country, estimate_workforce, select_region
from regioplan.workforce import load_params, project_national, project_region

runner = CliRunner()
OLD = [g for g, lo in zip(AGE_GROUPS, AGE_LOWER, strict=True) if lo >= 80]


@cache
def today(level: str) -> RegionAccess:
    return region_access(select_region("ZK24"), "so", level=level)  # type: ignore[arg-type]


@cache
def zk24_years(level: str) -> dict[int, RegionAccess]:
    return region_access_years(select_region("ZK24"), "so", [2024, 2040], level=level)  # type: ignore[arg-type]


def text(res: object) -> str:
    return " ".join(res.output.split())  # type: ignore[attr-defined]


@pytest.mark.parametrize("level", ["municipality", "pc4"])
def test_base_year_reproduces_todays_demand(level: str) -> None:
    now, base = today(level), zk24_years(level)[2024]
    assert base.areas.index.equals(now.areas.index)
    assert base.areas["demand"].to_numpy() == pytest.approx(now.areas["demand"], rel=1e-9)
    assert base.areas["population"].to_numpy() == pytest.approx(now.areas["population"], rel=1e-9)
    assert base.buffer_areas == now.buffer_areas and base.buffer_points == now.buffer_points


def test_pc4_areas_follow_their_municipality_projection() -> None:
    """PC4 ages scaled by the municipal growth per age group add up to the municipal projection
    (up to the ~2 persons per group by which 2024 PC4 and municipal ages differ, grown alike)."""
    base = area_table("pc4")
    pc4 = areas_in_year(base, 2040)
    ages = list(AGE_GROUPS)
    sums = pc4.groupby("municipality")[ages].sum()
    sums24 = base.groupby("municipality")[ages].sum().reindex(sums.index)
    proj = project_population(end_year=2040)
    p40 = proj.by_age(2040).reindex(sums.index).to_numpy()
    p24 = proj.by_age(2024).reindex(sums.index).to_numpy()
    grown = np.divide(p40 * sums24.to_numpy(), p24, out=p40.copy(), where=p24 > 0)
    assert sums.to_numpy() == pytest.approx(grown, rel=1e-9, abs=1e-9)
    totals = pc4.groupby("municipality")["population"].sum().reindex(sums.index)
    assert totals.to_numpy() == pytest.approx(p40.sum(axis=1), rel=5e-3)
    assert (pc4[list(AGE_GROUPS)].to_numpy() >= 0).all()
    # each PC4 area's 80+ grows by its municipality's factor
    muni = base["municipality"] == "GM0599"
    ratio = pc4.loc[muni, "age_80_84"] / base.loc[muni, "age_80_84"]
    assert ratio.std() == pytest.approx(0.0, abs=1e-12)


def test_more_elderly_lowers_so_accessibility_with_supply_fixed() -> None:
    """Held at today's FTE, SO supply is shared by more people aged 80+ in 2040: every area of
    Waardenland scores lower, and the region's mean falls."""
    fixed = estimate_workforce("so")["fte"]
    res = region_access_years(
        select_region("ZK24"), "so", [2024, 2040], level="municipality", fte_by_municipality=fixed
    )
    a24, a40 = res[2024].areas, res[2040].areas
    proj = project_population(end_year=2040).select(list(a24.index))
    old = [AGE_GROUPS.index(g) for g in OLD]
    assert proj.values[-1][:, old].sum() > 1.3 * proj.values[0][:, old].sum()  # the premise
    assert (a40["demand"] > a24["demand"]).all()
    assert (a40["fte"] < a24["fte"]).all()
    assert res[2040].summary().mean < 0.85 * res[2024].summary().mean


def test_population_weighted_identity_holds_in_a_projected_year() -> None:
    """sum(demand x score) / 10,000 = the supply anyone reaches = all projected FTE, which is the
    workforce engine's national supply in 2040."""
    res = region_access(country(), "so", level="municipality", year=2040)
    a = res.areas
    reached = (a["demand"] * a["score"]).sum() / 10_000
    supply = projected_supply("so", [2040])["2040"]
    nat = project_national(load_params(profession="so"), scenario=6, variant="mid")
    k = nat.years.index(2040)
    assert supply.sum() == pytest.approx(nat.supply_fte[k], rel=1e-9)
    assert reached == pytest.approx(supply.sum(), rel=1e-9)


def test_region_supply_matches_the_workforce_engine() -> None:
    """The municipalities of Waardenland add up to project_region's supply in every year."""
    reg = select_region("ZK24")
    run = project_region(reg, "so")
    years = [y for y in run.years if y >= 2024]
    table = projected_supply("so", years).loc[list(reg.municipality_codes)]
    expected = [run.supply_fte[run.years.index(y)] for y in years]
    assert table.sum().to_numpy() == pytest.approx(expected, rel=1e-9)
    assert zk24_years("pc4")[2040].supply_fte_estimate == pytest.approx(
        expected[years.index(2040)], rel=1e-9
    )


def test_border_buffer_is_projected_the_same_way() -> None:
    """A region alone in 2040 equals its areas in the national 2040 computation."""
    alone = zk24_years("municipality")[2040]
    whole = region_access(country(), "so", level="municipality", year=2040)
    expected = whole.areas.loc[alone.areas.index]
    assert alone.buffer_areas > 0
    assert alone.areas["score"].to_numpy() == pytest.approx(expected["score"], rel=1e-12)
    assert alone.areas["demand"].to_numpy() == pytest.approx(expected["demand"], rel=1e-12)


def test_one_year_equals_the_loop_and_carries_provenance() -> None:
    one = region_access(select_region("ZK24"), "so", level="municipality", year=2040)
    loop = zk24_years("municipality")[2040]
    pd.testing.assert_frame_equal(one.areas, loop.areas)
    prov = one.provenance()
    assert prov["year"] == 2040
    assert prov["projection"]["status"] == "estimate"
    assert (
        "so_2022" in prov["projection"]["supply"] and "scenario 6" in prov["projection"]["supply"]
    )
    assert "1-1-2040" in prov["population"]
    assert one.to_dict()["units"]["population"].startswith("inhabitants (1-1-2040, projected")
    assert "year" not in today("municipality").provenance()


def test_year_outside_the_projection_is_refused() -> None:
    with pytest.raises(InputError, match=r"allowed: 2024\.\.2042"):
        region_access(select_region("ZK24"), "so", year=2050)
    with pytest.raises(InputError, match=r"allowed: 2025\.\.2045"):
        region_access(select_region("ZK24"), "gp", year=2024)
    with pytest.raises(InputError):
        region_access_years(select_region("ZK24"), "so", [])


def test_cli_year_json_and_bad_year() -> None:
    args = ["access", "compute", "ZK24", "--profession", "so", "--level", "municipality"]
    res = runner.invoke(app, [*args, "--year", "2040", "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["provenance"]["year"] == 2040
    assert payload["units"]["fte_per_10000"] == "FTE per 10,000 use-weighted inhabitants"
    expected = zk24_years("municipality")[2040].areas["score"]
    got = {r["area"]: r["fte_per_10000"] for r in payload["areas"]}
    assert [got[k] for k in expected.index] == pytest.approx(expected.to_numpy(), rel=1e-12)
    bad = runner.invoke(app, [*args, "--year", "2050"])
    assert bad.exit_code == 2
    assert "year 2050 is outside the projection" in text(bad)
    assert "allowed: 2024..2042" in text(bad)
    generic = runner.invoke(
        app,
        [
            *("access", "compute", "--demand", "d.csv", "--supply", "s.csv"),
            *("--costs", "c.csv", "--year", "2040"),
        ],
    )
    assert generic.exit_code == 2
    assert "--year: only with a REGION" in text(generic)
