"""The regiobeeld's numbers are the engines' numbers (not re-derived or invented)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from regioplan.data import PROFESSIONS
from regioplan.regiobeeld import Regiobeeld, build_regiobeeld, sections
from regioplan.regions import Region, nearest_training_centres, training_distance_km
from stats_reference import naive_spearman


def test_population_now_is_the_region_population(rb: Regiobeeld, region: Region) -> None:
    assert rb.population.total == region.population
    assert sum(rb.population.by_age.values()) == int(region.population_by_age().sum())
    assert [m.code for m in rb.municipalities] == list(region.municipality_codes)


def test_training_distances_are_the_foundation_s(rb: Regiobeeld) -> None:
    for prof in PROFESSIONS:
        km = training_distance_km(prof)
        for m in rb.municipalities:
            assert m.training_km[prof] == pytest.approx(float(km[m.code]))


def test_map_shows_every_centre_the_municipality_table_names(
    rb: Regiobeeld, region: Region
) -> None:
    """ZK24's table names UMC Utrecht (GP, Gorinchem) and Amsterdam UMC (SO, Vijfheerenlanden)
    besides the centres nearest the region's centre; the map shows them all, nearest first."""
    shown = {(c.profession, c.centre) for c in rb.centres}
    named = {(p, m.nearest_centre[p]) for m in rb.municipalities for p in m.nearest_centre}
    assert shown == named
    assert ("gp", "UMC Utrecht") in shown and ("so", "Amsterdam UMC (GERION)") in shown
    table = nearest_training_centres(region)
    first = {p: next(c.centre for c in rb.centres if c.profession == p) for p in PROFESSIONS}
    assert first == dict(zip(table["profession"], table["centre"], strict=True))


def test_population_projection_is_the_demography_engine_s(rb: Regiobeeld, region: Region) -> None:
    from regioplan.demography import project_population

    proj = project_population(end_year=rb.horizon).select(list(region.municipality_codes))
    expected = proj.by_age(rb.horizon).sum()
    assert rb.population.projection[-1].year == rb.horizon
    assert rb.population.projection[-1].total == pytest.approx(float(expected.sum()))
    assert rb.population.projection[0].total == pytest.approx(rb.population.total, rel=1e-9)
    assert rb.population.projection_by_age["age_85_89"] == pytest.approx(
        float(expected["age_85_89"])
    )


def test_access_scores_are_the_access_engine_s(rb: Regiobeeld, region: Region) -> None:
    from regioplan.access.regional import region_access

    for prof in PROFESSIONS:
        for level, rows in (
            ("municipality", rb.access[prof].municipalities),
            ("pc4", rb.access[prof].pc4),
        ):
            run = region_access(region, prof, level=level)
            got = {r.code: r.value for r in rows}
            assert got == pytest.approx(run.scores.to_dict())


def test_distance_test_agrees_with_an_independent_rank_test(rb: Regiobeeld) -> None:
    """rho equals a naive rank correlation of the plotted points; the permutation p-value agrees
    with an independent permutation test (own generator, plain loops) within its Monte Carlo
    error."""
    assert rb.distance
    rng = np.random.default_rng(12345)
    for test in rb.distance:
        km = [p[2] for p in test.points]
        values = [p[3] for p in test.points]
        assert test.n == len(km)
        if test.n < 3:
            continue
        rho = naive_spearman(km, values)
        assert test.rho == pytest.approx(rho, abs=1e-9)
        shuffled = list(values)
        hits = 0
        trials = 2000
        for _ in range(trials):
            rng.shuffle(shuffled)
            hits += abs(naive_spearman(km, shuffled)) >= abs(rho) - 1e-12
        p = (1 + hits) / (1 + trials)
        error = 4 * max((p * (1 - p) / trials) ** 0.5, 1 / trials)
        assert abs(test.p_value - p) <= error


def test_two_builds_with_one_seed_are_identical(rb: Regiobeeld, region: Region) -> None:
    again = build_regiobeeld(region, horizon=rb.horizon, seed=rb.seed)
    assert again.to_dict() == rb.to_dict()


def test_to_dict_is_plain_data(rb: Regiobeeld) -> None:
    data = rb.to_dict()
    assert data["code"] == "ZK24" and "timings" not in data
    assert dataclasses.is_dataclass(rb)
    assert np.isfinite(data["ooh"]["contacts"]["visit"])


def test_workforce_is_the_workforce_engine_s(rb: Regiobeeld, region: Region) -> None:
    """Gap band and demand per year are the engine's Monte Carlo for this region and seed."""
    from regioplan.regions import workforce_table
    from regioplan.workforce import load_params, monte_carlo, municipal_shares

    for prof in PROFESSIONS:
        w = rb.workforce[prof]
        params = load_params(profession=prof)
        mc = monte_carlo(
            params,
            draws=w.draws,
            seed=rb.seed,
            region=region,
            shares=municipal_shares(params),
            balance_year=rb.horizon,
            vary_settlement=True,
        )
        years = list(mc.years)
        for row in w.years:
            i = years.index(row.year)
            assert row.gap_fte == pytest.approx(float(mc.gap_fte.p50[i]))
            assert (row.gap_p10, row.gap_p90) == pytest.approx(
                (float(mc.gap_fte.p10[i]), float(mc.gap_fte.p90[i]))
            )
            assert row.demand_fte == pytest.approx(float(mc.demand_fte.p50[i]))
        assert w.years[-1].year == rb.horizon
        assert w.required_inflow == pytest.approx(float(mc.equilibrium_intake.p50))
        assert w.supply_fte == pytest.approx(float(workforce_table(region, prof)["fte"].sum()))
        assert w.supply_provenance == "estimate"


def test_population_and_ooh_per_projected_year(rb: Regiobeeld) -> None:
    """Each projected year has its age structure; its OOH contacts follow from it."""
    years = [p.year for p in rb.population.projection]
    assert sorted(rb.population.by_age_per_year) == years
    for p in rb.population.projection:
        assert sum(rb.population.by_age_per_year[p.year].values()) == pytest.approx(p.total)
    assert rb.ooh.at(rb.horizon) == pytest.approx(rb.ooh.horizon_contacts)
    assert rb.ooh.at(2024) == pytest.approx(rb.ooh.contacts, rel=1e-9)


def test_every_section_is_present_for_the_fixture_region(rb: Regiobeeld) -> None:
    """Every profession has its workforce and accessibility sections."""
    assert sorted(rb.workforce) == sorted(rb.access) == sorted(PROFESSIONS)


@pytest.mark.parametrize("error", [TypeError, KeyError, AttributeError])
def test_a_failing_engine_fails_loudly(
    monkeypatch: pytest.MonkeyPatch, region: Region, error: type[Exception]
) -> None:
    """A bug in an engine is not turned into a quietly missing section."""

    def broken(*args: object, **kwargs: object) -> None:
        raise error("bug in the engine")

    monkeypatch.setattr(sections, "monte_carlo", broken)
    with pytest.raises(error, match="bug in the engine"):
        build_regiobeeld(region, seed=1)
