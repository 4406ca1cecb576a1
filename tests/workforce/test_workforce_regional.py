"""Regional projection: regions of a level add up to the national run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.errors import ParameterError
from regioplan.regions import OwnData, list_regions, select_region
from regioplan.workforce import (
    SettlementModel,
    load_params,
    monte_carlo,
    municipal_shares,
    project_national,
    project_region,
)


@pytest.fixture(scope="module")
def gp_shares():  # type: ignore[no-untyped-def]
    return municipal_shares(load_params("gp_2025"), "gp")


@pytest.mark.parametrize("level", ["zorgkantoor", "ggd", "provincie"])
@pytest.mark.parametrize("name", ["gp_2025", "so_2022", "avg_2022"])
def test_regions_of_a_level_sum_to_the_national_run(level: str, name: str) -> None:
    p = load_params(name)
    sh = municipal_shares(p)
    nat = project_national(p)
    runs = [project_region(r, params=p, shares=sh) for r in list_regions(level)]
    for attr in ("supply_fte", "supply_persons", "demand_fte", "gap_fte"):
        total = np.sum([getattr(r, attr) for r in runs], axis=0)
        assert np.allclose(total, getattr(nat, attr), rtol=1e-10), attr
    eq = sum(r.equilibrium_intake_share for r in runs)
    assert eq == pytest.approx(nat.equilibrium_intake, rel=1e-10)
    assert sum(r.expected_settling for r in runs) == pytest.approx(nat.equilibrium_intake)


def test_municipal_level_sums_too(gp_shares) -> None:  # type: ignore[no-untyped-def]
    for arr in (gp_shares.stock, gp_shares.settling):
        assert arr.sum() == pytest.approx(1.0) and (arr >= 0).all()
    assert np.allclose(gp_shares.demand.sum(axis=0), 1.0)
    assert len(gp_shares.codes) == 342


def test_country_region_equals_national(gp_shares) -> None:  # type: ignore[no-untyped-def]
    r = project_region(select_region("NL"), "gp", shares=gp_shares)
    nat = project_national(load_params("gp_2025"))
    assert np.allclose(r.supply_fte, nat.supply_fte)
    assert r.equilibrium_intake_share == pytest.approx(nat.equilibrium_intake)


def test_settling_falls_with_distance() -> None:
    m = SettlementModel(base_share=0.2)
    units = np.array([100.0, 100.0, 100.0])
    w = m.weights(units, np.array([0.0, 50.0, 200.0]), "gp")
    assert w[0] > w[1] > w[2] > 0
    assert w.sum() == pytest.approx(1.0)
    # base share 1: distance no longer matters
    assert np.allclose(
        SettlementModel(base_share=1.0).weights(units, np.array([0, 50, 200.0]), "gp"), 1 / 3
    )
    with pytest.raises(ParameterError, match="base_share"):
        SettlementModel(base_share=1.5)


def test_regions_near_the_training_centre_get_more_trainees_per_demand() -> None:
    p = load_params("avg_2022")
    sh = municipal_shares(p)
    near = project_region(select_region("Rotterdam", level="gemeente"), params=p, shares=sh)
    far = project_region(select_region("Groningen", level="gemeente"), params=p, shares=sh)
    ratio_near = near.settling_share / near.demand_share[0]
    ratio_far = far.settling_share / far.demand_share[0]
    assert ratio_near > ratio_far


def test_own_data_replaces_the_estimate() -> None:
    region = select_region("Rotterdam", level="gemeente")
    providers = pd.DataFrame(
        {
            "municipality": ["GM0599"],
            "dataset": ["test"],
            "gp_headcount": [900.0],
            "gp_fte": [700.0],
        }
    )
    with_data = project_region(region.with_own_data(OwnData(providers, ())), "gp")
    without = project_region(region, "gp")
    assert with_data.own_data_share == pytest.approx(1.0)
    assert without.own_data_share == 0.0
    assert with_data.stock_share != without.stock_share


def test_profession_must_match_the_set() -> None:
    with pytest.raises(ParameterError, match="does not match"):
        project_region(select_region("ZK24"), "so", params=load_params("gp_2025"))


def test_regional_monte_carlo_brackets_the_deterministic_run() -> None:
    p = load_params("so_2022")
    region = select_region("ZK24")
    mc = monte_carlo(p, draws=400, seed=3, region=region)
    det = project_region(region, params=p)
    assert (mc.gap_fte.p10 <= mc.gap_fte.p90).all()
    k = -1
    assert mc.gap_fte.p10[k] < det.gap_fte[k] < mc.gap_fte.p90[k]


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=342, max_size=342))
def test_any_partition_of_the_country_sums_to_the_national_run(labels: list[int]) -> None:
    """Split the 342 municipalities into up to 5 arbitrary regions: they add up to the country."""
    from regioplan.regions import Region, country

    p = load_params("so_2022")
    sh = _SO_SHARES
    codes = country().municipality_codes
    groups = {
        g: tuple(c for c, lab in zip(codes, labels, strict=True) if lab == g) for g in set(labels)
    }
    runs = [
        project_region(Region(f"R{g}", f"R{g}", "custom", members), params=p, shares=sh)
        for g, members in groups.items()
    ]
    nat = runs[0].national
    assert np.allclose(sum(r.gap_fte for r in runs), nat.gap_fte, rtol=1e-9, atol=1e-9)
    assert np.allclose(sum(r.supply_persons for r in runs), nat.supply_persons, rtol=1e-9)
    assert sum(r.equilibrium_intake_share for r in runs) == pytest.approx(nat.equilibrium_intake)


_SO_SHARES = municipal_shares(load_params("so_2022"))


def test_shares_of_another_set_are_refused(gp_shares) -> None:  # type: ignore[no-untyped-def]
    """Shares hold demand per model year: those of raming 2025 (2025..2045) would shift the
    demand of raming 2022 (2022..2042) by three years without a word."""
    p22 = load_params("gp_2022")
    with pytest.raises(ParameterError, match=r"2025\.\.2045.*'gp_2022' covers 2022\.\.2042"):
        project_region(select_region("ZK24"), params=p22, shares=gp_shares)
    with pytest.raises(ParameterError, match="model years"):
        monte_carlo(p22, draws=10, region=select_region("ZK24"), shares=gp_shares)
    with pytest.raises(ParameterError, match="does not match"):
        monte_carlo(
            load_params("so_2022"), draws=10, region=select_region("ZK24"), shares=gp_shares
        )


def test_municipal_supply_sums_to_the_regional_projection() -> None:
    from regioplan.regions import select_region
    from regioplan.workforce import (
        load_params,
        municipal_shares,
        municipal_supply_fte,
        project_national,
        project_region,
    )

    params = load_params(profession="so")
    table = municipal_supply_fte(project_national(params), municipal_shares(params, "so"))
    region = select_region("ZK24")
    expected = project_region(region, "so").supply_fte
    got = table.loc[list(region.municipality_codes)].sum(axis=0).to_numpy()
    assert got == pytest.approx(expected, rel=1e-12)
    assert table.sum(axis=0).to_numpy() == pytest.approx(project_national(params).supply_fte)


def test_municipal_supply_refuses_shares_of_another_profession() -> None:
    from regioplan.errors import ParameterError
    from regioplan.workforce import (
        load_params,
        municipal_shares,
        municipal_supply_fte,
        project_national,
    )

    so = load_params(profession="so")
    gp_shares = municipal_shares(load_params(profession="gp"), "gp")
    with pytest.raises(ParameterError):
        municipal_supply_fte(project_national(so), gp_shares)
