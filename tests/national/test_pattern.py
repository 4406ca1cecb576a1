"""The distance pattern across the country (issue #22 item 2): rho against a naive Spearman with
average ranks, the p-value against a naive permutation loop, the points against the comparison
and independent sums, the basis with and without own data, and the plain-words sentences."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pandas as pd
import pytest

from regioplan.data import municipalities
from regioplan.errors import InputError
from regioplan.national import DistancePattern, compare_regions, distance_pattern, pattern_sentence
from regioplan.national.pattern import basis_sentence
from regioplan.regions import OwnData, list_regions, select_region, training_distance_km
from stats_reference import naive_spearman


def naive_p(x: list[float], y: list[float], permutations: int, seed: int) -> float:
    """Two-sided permutation p-value by a plain loop over shuffles of y."""
    rho = abs(naive_spearman(x, y))
    rnd = random.Random(seed)
    yy = list(y)
    hits = 0
    for _ in range(permutations):
        rnd.shuffle(yy)
        hits += abs(naive_spearman(x, yy)) >= rho - 1e-12
    return (1 + hits) / (1 + permutations)


@pytest.mark.parametrize(
    ("profession", "level", "year"),
    [("gp", "zorgkantoor", 2040), ("avg", "ggd", 2035), ("so", "provincie", 2024)],
)
def test_rho_against_a_naive_spearman(profession: str, level: str, year: int) -> None:
    p = distance_pattern(profession, level=level, year=year, draws=100, seed=3, permutations=99)  # type: ignore[arg-type]
    km = [pt[2] for pt in p.points]
    gap = [pt[3] for pt in p.points]
    assert p.n == len(p.points) == len(list_regions(level))
    assert p.rho == pytest.approx(naive_spearman(km, gap), abs=1e-12)
    assert p.permutations == 99


def test_p_value_against_a_naive_permutation_loop() -> None:
    """A moderate p-value (GP's first-year gap across the 12 provinces): the engine's seeded
    permutations and an independent loop agree within their Monte Carlo error."""
    n = 3000
    p = distance_pattern("gp", level="provincie", year=2025, draws=100, seed=3, permutations=n)
    km = [pt[2] for pt in p.points]
    gap = [pt[3] for pt in p.points]
    naive = naive_p(km, gap, n, seed=1)
    assert 0.01 < naive < 0.5  # the case is not degenerate
    sd = (naive * (1 - naive) / n) ** 0.5
    assert abs(p.p_value - naive) < 5 * sd * 2**0.5


def test_a_strong_pattern_has_the_smallest_p() -> None:
    p = distance_pattern("avg", level="zorgkantoor", draws=100, seed=3, permutations=499)
    km = [pt[2] for pt in p.points]
    gap = [pt[3] for pt in p.points]
    assert p.p_value == naive_p(km, gap, 499, seed=2) == 1 / 500
    assert p.shown and p.rho > 0.5


def test_points_are_the_comparison_rows() -> None:
    p = distance_pattern("so", level="zorgkantoor", year=2038, draws=50, seed=4, permutations=9)
    cmp = compare_regions("zorgkantoor", "so", horizon=2038, draws=50, seed=4)
    m = municipalities()
    dist = training_distance_km("so")
    assert [pt[0] for pt in p.points] == sorted(r.code for r in cmp.rows)
    for code, name, km, gap, pop in p.points:
        row = cmp.standing(code)
        assert row is not None
        assert (name, gap, pop) == (row.name, row.gap_horizon.p50, row.population)
        codes = list(select_region(code).municipality_codes)
        w = m.loc[codes, "population_2024"].to_numpy(float)
        assert km == pytest.approx(float(np.average(dist[codes], weights=w)), rel=1e-12)


def test_first_year_uses_todays_gap() -> None:
    p = distance_pattern("gp", level="provincie", year=2025, draws=30, seed=4, permutations=9)
    cmp = compare_regions("provincie", "gp", draws=30, seed=4)
    for code, _, _, gap, _ in p.points:
        row = cmp.standing(code)
        assert row is not None and gap == row.gap_now.p50


def test_gemeente_level_has_342_points() -> None:
    p = distance_pattern("avg", level="gemeente", draws=30, seed=4, permutations=9)
    assert p.n == 342 and p.level == "gemeente"


def _own(codes: list[str], name: str = "mine") -> OwnData:
    providers = pd.DataFrame(
        {
            "dataset": [name] * len(codes),
            "municipality": codes,
            "lat": [np.nan] * len(codes),
            "lon": [np.nan] * len(codes),
            "kind": ["gp_practice"] * len(codes),
            "gp_headcount": [4.0] * len(codes),
            "gp_fte": [3.0] * len(codes),
            **{f"{p}_{c}": [0.0] * len(codes) for p in ("so", "avg") for c in ("headcount", "fte")},
        }
    )
    return OwnData(providers, ())


def test_basis_model_mixed_measured() -> None:
    kw = {"draws": 20, "seed": 4, "permutations": 9}
    plain = distance_pattern("gp", level="provincie", **kw)  # type: ignore[arg-type]
    assert plain.basis == "model" and plain.own_data_regions == () and plain.own_data_units == 0
    assert "berust op de vestigingsaanname van het model" in basis_sentence(plain)
    assert "settling assumption" in basis_sentence(plain, "en")

    zk = select_region("ZK24")
    one = {"ZK24": _own(list(zk.municipality_codes[:2]))}
    mixed = distance_pattern("gp", level="provincie", own_data=one, **kw)  # type: ignore[arg-type]
    assert mixed.basis == "mixed" and mixed.own_data_regions == ("ZK24",)
    assert mixed.own_data_units == 1
    assert "gemeten met eigen gegevens van ZK24" in basis_sentence(mixed)
    by_gm = distance_pattern("gp", level="gemeente", own_data=one, **kw)  # type: ignore[arg-type]
    assert by_gm.basis == "mixed" and by_gm.own_data_units == 2
    # own data of another profession does not count for SO
    so = distance_pattern("so", level="provincie", own_data=one, **kw)  # type: ignore[arg-type]
    assert so.basis == "model" and so.own_data_regions == ()

    every = {r.code: _own([r.municipality_codes[0]], r.code) for r in list_regions("provincie")}
    measured = distance_pattern("gp", level="provincie", own_data=every, **kw)  # type: ignore[arg-type]
    assert measured.basis == "measured" and measured.own_data_units == 12
    assert len(measured.own_data_regions) == 12
    text = basis_sentence(measured)
    assert text.startswith("De huidige bezetting is gemeten met eigen gegevens van PV")
    assert "vestigt zich volgens de aanname van het model" in text  # trainees: still the model


def _fake(profession: str, rho: float, p: float) -> DistancePattern:
    return DistancePattern(profession, "zorgkantoor", 2040, 31, rho, p, 999, (), "model")  # type: ignore[arg-type]


def test_sentence_from_signs_and_p_values() -> None:
    pats = [_fake("gp", 0.6, 0.001), _fake("so", 0.4, 0.02), _fake("avg", 0.1, 0.4)]
    assert pattern_sentence(pats) == (
        "Bij huisartsen en SO's groeit het tekort met de afstand tot de opleiding; bij AVG's niet."
    )
    assert pattern_sentence(pats, "en") == (
        "For GPs and SOs the shortage grows with the distance to training; for AVGs it does not."
    )
    flipped = [_fake("gp", 0.1, 0.3), _fake("so", -0.5, 0.01), _fake("avg", 0.7, 0.001)]
    assert pattern_sentence(flipped) == (
        "Bij AVG's groeit het tekort met de afstand tot de opleiding; bij SO's krimpt het tekort "
        "met de afstand tot de opleiding; bij huisartsen hangt het tekort niet aantoonbaar samen "
        "met de afstand tot de opleiding."
    )
    assert pattern_sentence([_fake("avg", 0.9, 0.06)], "en") == (
        "For AVGs the shortage shows no demonstrable relation with the distance to training."
    )
    # p exactly at the level is not shown
    assert "niet" in pattern_sentence([_fake("gp", 0.9, 0.001), _fake("so", 0.9, 0.05)])


def test_sentence_for_the_real_patterns_follows_their_results() -> None:
    pats = [
        distance_pattern(p, level="zorgkantoor", draws=50, seed=4, permutations=99)  # type: ignore[arg-type]
        for p in ("gp", "so", "avg")
    ]
    grows = [p for p in pats if p.shown and p.rho > 0]
    text = pattern_sentence(pats)
    if len(grows) == 3:
        assert text == (
            "Bij huisartsen, SO's en AVG's groeit het tekort met de afstand tot de opleiding."
        )
    assert text.endswith(".") and text.startswith("Bij ")


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"level": "wijk"}, "unknown level"),
        ({"year": 2023}, "year 2023"),
        ({"year": 2046}, "year 2046"),
        ({"draws": 0}, "draws"),
        ({"permutations": -1}, "permutations"),
    ],
)
def test_bad_input(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        distance_pattern("gp", **kwargs)  # type: ignore[arg-type]


def test_sentence_bad_input() -> None:
    with pytest.raises(InputError, match="language"):
        pattern_sentence([_fake("gp", 0.5, 0.01)], "de")
    with pytest.raises(InputError, match="at least one"):
        pattern_sentence([])


def test_pattern_is_a_plain_dataclass() -> None:
    p = distance_pattern("gp", level="provincie", draws=10, seed=1, permutations=9)
    assert dataclasses.asdict(p)["basis"] == "model"
