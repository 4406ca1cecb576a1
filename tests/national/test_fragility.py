"""How fragile a small profession is (issue #22 item 3): closed forms, independent
recomputations of the access change and of the Monte Carlo probability, monotonicity, flags."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.access import region_access
from regioplan.errors import InputError
from regioplan.national.fragility import fragility, worst_mean
from regioplan.national.model import Fragility
from regioplan.regions import OwnData, Region, select_region, workforce_table
from regioplan.settings import DEFAULT_SEED
from regioplan.workforce import load_params, monte_carlo, municipal_shares, project_region
from regioplan.workforce.montecarlo import region_draws, simulate

REGION = "ZK24"


@pytest.fixture(scope="module")
def zk() -> Region:
    return select_region(REGION)


@pytest.fixture(scope="module")
def avg(zk: Region) -> Fragility:
    return fragility(zk, "avg", draws=400, seed=11)


def test_one_leaves_is_one_over_persons(zk: Region, avg: Fragility) -> None:
    table = workforce_table(zk, "avg")
    assert avg.supply_persons == pytest.approx(float(table["persons"].sum()), rel=1e-12)
    assert avg.supply_fte == pytest.approx(float(table["fte"].sum()), rel=1e-12)
    assert avg.fte_per_person == pytest.approx(avg.supply_fte / avg.supply_persons, rel=1e-12)
    assert avg.one_leaves_share == pytest.approx(1.0 / avg.supply_persons, rel=1e-12)
    assert avg.provenance["status"] == "estimate"
    assert all("estimate" in v for k, v in avg.provenance.items() if k != "floor")


def test_avg_in_a_zorgkantoor_region_is_flagged(avg: Fragility) -> None:
    """Few AVGs: fewer than 10 persons, so one carries more than 10 % of supply."""
    assert avg.supply_persons < 10
    assert avg.flag_share == 0.10 and avg.flag
    assert avg.one_leaves_share > 0.10


def test_gp_is_not_flagged(zk: Region) -> None:
    gp = fragility(zk, "gp", draws=50)
    assert gp.supply_persons > 100 and not gp.flag
    assert gp.one_leaves_share == pytest.approx(1.0 / gp.supply_persons, rel=1e-12)
    # the flag follows the stated share exactly
    assert fragility(zk, "gp", draws=10, flag_share=gp.one_leaves_share * 0.99).flag


def _naive_worst_mean(scores: np.ndarray, pop: np.ndarray, other: np.ndarray) -> float:
    """Mean of `other` over the worst-served 10 % of the population by `scores`, area by area."""
    areas = sorted(
        (s, p, o) for s, p, o in zip(scores, pop, other, strict=True) if np.isfinite(s) and p > 0
    )
    need = 0.1 * sum(p for _, p, _ in areas)
    total = weight = 0.0
    for _, p, o in areas:
        take = min(p, need - weight)
        if take <= 0:
            break
        total += take * o
        weight += take
    return total / weight


def test_worst_access_change_against_region_access(zk: Region, avg: Fragility) -> None:
    """Two independent runs of the access engine: today, and with one average physician's FTE
    removed from the region's municipalities in proportion to their FTE."""
    fte = workforce_table(zk, "avg")["fte"]
    today = region_access(zk, "avg", level="pc4").areas
    cut = fte * (1 - avg.fte_per_person / avg.supply_fte)
    after = region_access(zk, "avg", level="pc4", fte_by_municipality=cut).areas
    scores = today["score"].to_numpy(float)
    pop = today["population"].to_numpy(float)
    before_mean = _naive_worst_mean(scores, pop, scores)
    after_mean = _naive_worst_mean(scores, pop, after["fte"].to_numpy(float))
    assert avg.worst_access_change == pytest.approx(after_mean / before_mean - 1, rel=1e-9)
    assert -avg.one_leaves_share - 1e-9 <= avg.worst_access_change < 0


def test_worst_mean_takes_part_of_the_last_area() -> None:
    idx, w = worst_mean(np.array([3.0, 1.0, np.nan, 2.0]), np.array([10.0, 5.0, 50.0, 5.0]), 0.5)
    assert idx.tolist() == [1, 3] and w.tolist() == [5.0, 5.0]
    idx, w = worst_mean(np.array([3.0, 1.0, 2.0]), np.array([10.0, 5.0, 5.0]), 0.3)
    assert idx.tolist() == [1, 2] and w.tolist() == [5.0, 1.0]


def _direct_draws(region: Region, profession: str, draws: int, seed: int) -> np.ndarray:
    params = load_params(profession=profession)
    sh = municipal_shares(params, profession, own_data=region.own_data)
    rng = np.random.default_rng(seed)
    d = simulate(params, draws=draws, seed=rng)
    r = region_draws(d, sh, tuple(region.municipality_codes), rng, vary_settlement=True)
    return r.supply_fte


def test_p_below_counts_the_regional_draws(zk: Region, avg: Fragility) -> None:
    params = load_params(profession="avg")
    supply = _direct_draws(zk, "avg", 400, 11)
    k = list(params.years).index(2040)
    model_today = float(project_region(zk, "avg", params=params).supply_fte[0])
    at = supply[:, k] * avg.supply_fte / model_today
    assert avg.year == 2040
    assert avg.floor_fte == pytest.approx(0.9 * avg.supply_fte)
    assert avg.p_below == np.mean(at < avg.floor_fte)
    # a floor inside the spread of the draws: a probability strictly between 0 and 1
    mid = float(np.median(at))
    f = fragility(zk, "avg", draws=400, seed=11, floor_fte=mid)
    assert f.p_below == np.mean(at < mid) and 0.3 < f.p_below < 0.7
    assert f.floor_share == pytest.approx(mid / avg.supply_fte)


def test_the_draws_are_monte_carlos(zk: Region) -> None:
    """The draws counted are those monte_carlo(region=...) summarises (same seed)."""
    params = load_params(profession="avg")
    sh = municipal_shares(params, "avg")
    mc = monte_carlo(params, draws=300, seed=5, region=zk, shares=sh, vary_settlement=True)
    supply = _direct_draws(zk, "avg", 300, 5)
    assert np.quantile(supply, 0.5, axis=0) == pytest.approx(mc.supply_fte.p50, rel=1e-12)


def test_default_seed_and_year(zk: Region) -> None:
    f = fragility(zk, "so", draws=20)
    assert f.year == 2040 and f.p_below in {x / 20 for x in range(21)}
    g = fragility(zk, "so", draws=20, seed=DEFAULT_SEED, year=2030)
    assert g.year == 2030


@settings(max_examples=15, deadline=None)
@given(
    st.floats(min_value=0.05, max_value=2.0),
    st.floats(min_value=0.05, max_value=2.0),
)
def test_a_higher_floor_never_lowers_p_below(a: float, b: float) -> None:
    zk = select_region(REGION)
    low, high = sorted((a, b))
    p_low = fragility(zk, "avg", draws=200, seed=3, floor_share=low).p_below
    p_high = fragility(zk, "avg", draws=200, seed=3, floor_share=high).p_below
    assert 0.0 <= p_low <= p_high <= 1.0


def test_own_data_replaces_the_estimate(zk: Region) -> None:
    """A region carrying its own AVG data: supply and persons come from it."""
    gm = zk.municipality_codes[0]
    providers = pd.DataFrame(
        {
            "dataset": ["mine", "mine"],
            "municipality": [gm, gm],
            "lat": [np.nan, np.nan],
            "lon": [np.nan, np.nan],
            "kind": ["disability_org", "disability_org"],
            "avg_headcount": [2.0, 1.0],
            "avg_fte": [1.6, 0.9],
        }
    )
    own = zk.with_own_data(OwnData(providers, ()))
    f = fragility(own, "avg", draws=50)
    table = workforce_table(own, "avg")
    assert f.supply_persons == pytest.approx(float(table["persons"].sum()))
    assert f.one_leaves_share == pytest.approx(1.0 / f.supply_persons)
    assert "mixed" in f.provenance["supply"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"floor_share": 0.0}, "floor_share"),
        ({"floor_share": 2.5}, "floor_share"),
        ({"floor_share": float("nan")}, "floor_share"),
        ({"flag_share": 0.0}, "flag_share"),
        ({"flag_share": 1.0}, "flag_share"),
        ({"draws": 0}, "draws"),
        ({"floor_fte": -1.0}, "floor_fte"),
        ({"year": 1990}, "year 1990"),
    ],
)
def test_bad_input_raises(zk: Region, kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(InputError, match=match):
        fragility(zk, "avg", **kwargs)  # type: ignore[arg-type]


def test_a_region_without_municipalities_is_refused(zk: Region) -> None:
    empty = dataclasses.replace(zk, municipality_codes=())
    with pytest.raises(InputError, match="no municipalities"):
        fragility(empty, "avg")
