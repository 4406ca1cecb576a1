"""Where each region stands (issue #22 item 1): the national comparison against the regional
engine's own numbers, the rank bands against a naive per-draw ranking of the same draws,
invariants, own data and the cache."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regioplan.data import AGE_GROUPS, AGE_LOWER, municipalities
from regioplan.demography import project_population
from regioplan.errors import InputError
from regioplan.national import NationalComparison, compare_regions
from regioplan.national.compare import comparison_draws
from regioplan.regions import OwnData, list_regions, select_region, training_distance_km
from regioplan.workforce import load_params, monte_carlo, municipal_shares, project_region
from regioplan.workforce.montecarlo import region_draws, simulate

DRAWS = 300
SEED = 11
HORIZON = 2040
SOME = ("ZK24", "ZK09", "ZK06")
EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def gp() -> NationalComparison:
    return compare_regions("zorgkantoor", "gp", draws=DRAWS, seed=SEED)


@pytest.fixture(scope="module")
def avg() -> NationalComparison:
    return compare_regions("zorgkantoor", "avg", draws=DRAWS, seed=SEED)


def _q(x: np.ndarray) -> tuple[float, float, float]:
    a, b, c = np.quantile(x, [0.1, 0.5, 0.9])
    return float(a), float(b), float(c)


@pytest.mark.parametrize("profession", ["gp", "so", "avg"])
def test_bands_equal_the_regional_monte_carlo(profession: str) -> None:
    """Each region's horizon gap in FTE is the band of its own regional Monte Carlo with the same
    seed and draws (settlement drawn, as the regiobeeld runs it)."""
    cmp = compare_regions("zorgkantoor", profession, draws=DRAWS, seed=SEED)  # type: ignore[arg-type]
    params = load_params(profession=profession)
    k = params.years.index(HORIZON)
    for code in SOME:
        mc = monte_carlo(
            params,
            draws=DRAWS,
            seed=SEED,
            region=select_region(code),
            profession=profession,
            vary_settlement=True,
        )
        row = cmp.standing(code)
        assert row is not None
        got = row.gap_horizon_fte
        want = (mc.gap_fte.p10[k], mc.gap_fte.p50[k], mc.gap_fte.p90[k])
        assert (got.p10, got.p50, got.p90) == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_relative_gaps_equal_the_regions_own_draws(avg: NationalComparison) -> None:
    """The relative gaps now and at the horizon from region_draws of the same generator."""
    params = load_params(profession="avg")
    shares = municipal_shares(params, "avg")
    first = avg.first_year
    assert first == 2024  # the model starts in 2022; the comparison's now is the base year
    for code in SOME:
        rng = np.random.default_rng(SEED)
        d = simulate(params, draws=DRAWS, seed=rng)
        r = region_draws(
            d, shares, select_region(code).municipality_codes, rng, vary_settlement=True
        )
        rel = (r.demand_fte - r.supply_fte) / r.demand_fte
        row = avg.standing(code)
        assert row is not None
        for year, band in ((first, row.gap_now), (HORIZON, row.gap_horizon)):
            want = _q(rel[:, params.years.index(year)])
            assert (band.p10, band.p50, band.p90) == pytest.approx(want, rel=1e-9)


def test_central_run_lies_in_the_band() -> None:
    """The regional engine's central run (project_region: every draw at its mode) lies inside
    each region's P10-P90 band of the relative gap at the horizon."""
    cmp = compare_regions("zorgkantoor", "so", draws=1000, seed=SEED)
    params = load_params(profession="so")
    k = params.years.index(HORIZON)
    for code in SOME:
        central = project_region(select_region(code), "so", params=params)
        rel = float(central.gap_fte[k] / central.demand_fte[k])
        row = cmp.standing(code)
        assert row is not None
        assert row.gap_horizon.p10 - 1e-9 <= rel <= row.gap_horizon.p90 + 1e-9


def test_rank_band_against_a_naive_ranking_of_the_same_draws() -> None:
    """Every region's draws by hand (region_draws, one region at a time), ranked per draw by a
    plain loop; the bands must equal the engine's."""
    params = load_params(profession="gp")
    shares = municipal_shares(params, "gp")
    regions = list_regions("provincie")
    k = params.years.index(HORIZON)
    rels = []
    for region in regions:
        rng = np.random.default_rng(SEED)
        d = simulate(params, draws=60, seed=rng)
        r = region_draws(d, shares, region.municipality_codes, rng, vary_settlement=True)
        rels.append((r.demand_fte[:, k] - r.supply_fte[:, k]) / r.demand_fte[:, k])
    rel = np.array(rels)  # (regions, draws)
    naive = np.empty_like(rel)
    for j in range(rel.shape[1]):
        for i in range(rel.shape[0]):
            above = sum(1 for v in rel[:, j] if v > rel[i, j])
            equal = sum(1 for v in rel[:, j] if v == rel[i, j])
            naive[i, j] = above + (equal + 1) / 2
    cmp = compare_regions("provincie", "gp", draws=60, seed=SEED)
    for i, region in enumerate(regions):
        row = cmp.standing(region.code)
        assert row is not None
        assert (row.rank.p10, row.rank.p50, row.rank.p90) == pytest.approx(_q(naive[i]))


def test_rows_are_sorted_by_median_rank(gp: NationalComparison) -> None:
    medians = [r.rank.p50 for r in gp.rows]
    assert medians == sorted(medians)
    assert len(gp.rows) == len(list_regions("zorgkantoor")) == 31
    assert {r.code for r in gp.rows} == {r.code for r in list_regions("zorgkantoor")}


def test_access_ageing_distance_against_independent_sums(gp: NationalComparison) -> None:
    from regioplan.access import region_access
    from regioplan.regions import country

    m = municipalities()
    run = region_access(country(), "gp", level="municipality").areas
    national = float(np.average(run["score"], weights=run["population"]))
    proj = project_population(end_year=HORIZON)
    old = [g for g, lower in zip(AGE_GROUPS, AGE_LOWER, strict=True) if lower >= 75]
    dist = training_distance_km("gp")
    for code in SOME:
        region = select_region(code)
        row = gp.standing(code)
        assert row is not None
        codes = list(region.municipality_codes)
        assert row.population == region.population
        acc = float(np.average(run.loc[codes, "score"], weights=run.loc[codes, "population"]))
        assert row.access == pytest.approx(acc, rel=1e-9)
        assert row.access_vs_national == pytest.approx(acc / national, rel=1e-9)
        a0 = proj.by_age(2024).loc[codes, old].to_numpy().sum()
        a1 = proj.by_age(HORIZON).loc[codes, old].to_numpy().sum()
        assert row.ageing_75 == pytest.approx(a1 / a0 - 1, rel=1e-9)
        w = m.loc[codes, "population_2024"].to_numpy(float)
        assert row.distance_km == pytest.approx(float(np.average(dist[codes], weights=w)))


def test_national_sums_match_the_national_run() -> None:
    """Without own data the regions of a level add up to the national draws exactly."""
    params = load_params(profession="so")
    cd = comparison_draws("ggd", "so", draws=50, seed=3)
    d = simulate(params, draws=50, seed=np.random.default_rng(3))
    k = params.years.index(HORIZON)
    assert cd.supply_horizon.sum(axis=1) == pytest.approx(d.supply_fte[:, k], rel=1e-9)
    assert cd.demand_horizon.sum(axis=1) == pytest.approx(d.demand_fte[:, k], rel=1e-9)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    level=st.sampled_from(["zorgkantoor", "ggd", "provincie", "corop"]),
    profession=st.sampled_from(["gp", "so", "avg"]),
    draws=st.integers(min_value=1, max_value=80),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    horizon=st.integers(min_value=2026, max_value=2042),
)
def test_invariants(level: str, profession: str, draws: int, seed: int, horizon: int) -> None:
    cmp = compare_regions(level, profession, horizon=horizon, draws=draws, seed=seed)  # type: ignore[arg-type]
    n = len(cmp.rows)
    assert n == len(list_regions(level))
    for r in cmp.rows:
        for b in (r.gap_now, r.gap_horizon, r.gap_horizon_fte, r.rank):
            assert b.p10 <= b.p50 + 1e-12 and b.p50 <= b.p90 + 1e-12
        assert r.rank.p10 >= 1 and r.rank.p90 <= n
        assert r.gap_horizon.p90 < 1  # supply is never negative
    ranks = comparison_draws(level, profession, horizon=horizon, draws=draws, seed=seed).ranks()
    assert ranks.sum(axis=1) == pytest.approx(np.full(draws, n * (n + 1) / 2))
    assert [r.rank.p50 for r in cmp.rows] == sorted(r.rank.p50 for r in cmp.rows)


def test_gemeente_level_has_every_municipality() -> None:
    cmp = compare_regions("gemeente", "avg", draws=20, seed=1)
    assert len(cmp.rows) == 342


def _own_gp(region_code: str, headcount: float) -> OwnData:
    region = select_region(region_code)
    gm = region.municipality_codes[:2]
    providers = pd.DataFrame(
        {
            "dataset": ["mine", "mine"],
            "municipality": list(gm),
            "lat": [np.nan, np.nan],
            "lon": [np.nan, np.nan],
            "kind": ["gp_practice", "gp_practice"],
            "gp_headcount": [headcount, headcount],
            "gp_fte": [0.8 * headcount, 0.8 * headcount],
        }
    )
    return OwnData(providers, ())


def test_own_data_region_stands_with_its_own_projection() -> None:
    """A region with own data has the figures of its own regional Monte Carlo with that data;
    the other regions keep the bundled ones."""
    own = _own_gp("ZK24", 5.0)
    params = load_params(profession="gp")
    k = params.years.index(HORIZON)
    cmp = compare_regions("zorgkantoor", "gp", draws=DRAWS, seed=SEED, own_data={"ZK24": own})
    plain = compare_regions("zorgkantoor", "gp", draws=DRAWS, seed=SEED)
    region = select_region("ZK24").with_own_data(own)
    mc = monte_carlo(
        params,
        draws=DRAWS,
        seed=SEED,
        region=region,
        shares=municipal_shares(params, "gp", own_data=own),
        vary_settlement=True,
    )
    row = cmp.standing("ZK24")
    assert row is not None and row.own_data
    assert row.gap_horizon_fte.p50 == pytest.approx(mc.gap_fte.p50[k], rel=1e-9)
    other, before = cmp.standing("ZK09"), plain.standing("ZK09")
    assert other is not None and before is not None and not other.own_data
    assert other.gap_horizon_fte == before.gap_horizon_fte
    assert "ZK24" in cmp.provenance["own_data"]


def test_cache_is_keyed_on_own_data_content() -> None:
    a = compare_regions("provincie", "gp", draws=20, seed=5)
    assert compare_regions("provincie", "gp", draws=20, seed=5) is a
    own1 = _own_gp("PV29", 5.0)
    own2 = _own_gp("PV29", 50.0)
    assert own1 == own2  # same datasets: OwnData equality does not see the table
    b1 = compare_regions("provincie", "gp", draws=20, seed=5, own_data={"PV29": own1})
    b2 = compare_regions("provincie", "gp", draws=20, seed=5, own_data={"PV29": own2})
    assert b1 is not a and b1 is not b2
    assert b1.standing("PV29") != b2.standing("PV29")
    assert compare_regions("provincie", "gp", draws=20, seed=6) is not a


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"level": "wijk"}, "unknown level"),
        ({"profession": "dentist"}, "unknown profession"),
        ({"draws": 0}, "draws"),
        ({"horizon": 2020}, "horizon 2020"),
        ({"horizon": 2043, "profession": "so"}, "horizon 2043"),
        ({"own_data": {"Nowhere": _own_gp("ZK24", 1.0)}}, "Nowhere"),
    ],
)
def test_bad_input_is_an_input_error(kwargs: dict[str, object], needle: str) -> None:
    args: dict[str, object] = {"level": "zorgkantoor", "profession": "gp", "draws": 5}
    args.update(kwargs)
    with pytest.raises(InputError, match=needle):
        compare_regions(**args)  # type: ignore[arg-type]


def test_overlapping_own_data_is_refused() -> None:
    own = _own_gp("ZK24", 1.0)
    gm = select_region("ZK24").municipality_codes[0]
    with pytest.raises(InputError, match="overlap"):
        compare_regions("zorgkantoor", "gp", draws=5, own_data={"ZK24": own, gm: own})


def test_to_dict_is_plain(gp: NationalComparison) -> None:
    d = gp.to_dict()
    assert d["level"] == "zorgkantoor" and len(d["rows"]) == 31
    assert set(d["rows"][0]) == {f.name for f in dataclasses.fields(gp.rows[0])}


def test_own_data_by_region_equals_loading_each_region(tmp_path: Path) -> None:
    """The CLI loads the country's own data once and splits it: each region's part has the
    same fingerprint as loading that region from the store."""
    from regioplan.national.compare import own_data_by_region, own_fingerprint
    from regioplan.regions import country
    from regioplan.store import load_own_data, open_store

    with open_store(f"sqlite:///{tmp_path / 'own.sqlite'}") as store:
        store.import_file(EXAMPLES / "providers_waardenland.csv")
        whole = load_own_data(country(), store)
        assert whole is not None
        by_region = own_data_by_region(whole, "zorgkantoor")
        assert list(by_region) == ["ZK24"]
        alone = load_own_data(select_region("ZK24"), store)
        assert alone is not None
        assert own_fingerprint(by_region) == own_fingerprint({"ZK24": alone})
        by_gm = own_data_by_region(whole, "gemeente")
        assert set(by_gm) <= set(select_region("ZK24").municipality_codes)


def test_own_data_of_a_custom_region() -> None:
    """A custom region's code (custom:...) is not a bundled region: its own data apply to the
    municipalities they list providers in."""
    own = _own_gp("ZK24", 5.0)
    listed = sorted(set(own.providers["municipality"]))
    cmp = compare_regions("gemeente", "gp", draws=20, seed=5, own_data={"custom:mine": own})
    flagged = sorted(r.code for r in cmp.rows if r.own_data)
    assert flagged == listed
    with pytest.raises(InputError, match="no known municipality"):
        empty = OwnData(own.providers.assign(municipality="GM9999"), ())
        compare_regions("gemeente", "gp", draws=5, own_data={"custom:x": empty})
