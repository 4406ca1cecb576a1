"""Shared statistics (distribution, ranks, rank tests, inequality) and the out-of-hours rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import regioplan.stats
from regioplan.data import AGE_GROUPS
from regioplan.ooh import OOH_TYPES, ooh_contacts, ooh_rates
from regioplan.regions import country, select_region, usage_weights
from regioplan.stats import (
    centred_ranks,
    gini,
    ranks,
    spearman,
    spearman_columns,
    triangular,
    weighted_quantile,
)
from stats_reference import naive_spearman


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=4, max_size=30).filter(
        lambda p: len({a for a, _ in p}) > 1 and len({b for _, b in p}) > 1
    )
)
def test_spearman_agrees_with_the_naive_reference(pairs: list[tuple[int, int]]) -> None:
    x = [float(a) for a, _ in pairs]
    y = [float(b) for _, b in pairs]
    result = spearman(x, y, seed=1, permutations=99)
    assert result.rho == pytest.approx(naive_spearman(x, y), abs=1e-9)
    assert 0 < result.p_value <= 1


def test_spearman_detects_a_monotone_relation_and_not_noise() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, 60)
    strong = spearman(x, np.sqrt(x) + rng.normal(0, 0.1, 60), seed=1)
    assert strong.rho > 0.9 and strong.p_value < 0.001
    noise = spearman(x, rng.normal(size=60), seed=1)
    assert noise.p_value > 0.01


def test_spearman_is_seeded() -> None:
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=30), rng.normal(size=30)
    assert spearman(x, y, seed=9) == spearman(x, y, seed=9)


def test_spearman_with_too_few_points_says_so() -> None:
    res = spearman([1.0, 2.0], [2.0, 1.0], seed=1)
    assert np.isnan(res.rho) and res.p_value == 1.0 and res.n == 2


def test_gini_closed_forms() -> None:
    assert gini([3.0, 3.0, 3.0]) == pytest.approx(0.0)
    assert gini([0.0, 1.0], [1.0, 1.0]) == pytest.approx(0.5)
    assert weighted_quantile([1.0, 2.0, 3.0], [1.0, 1.0, 8.0], 0.5) == 3.0


def test_stats_doctests() -> None:
    import doctest

    failed, tried = doctest.testmod(regioplan.stats)
    assert failed == 0 and tried > 0


def test_column_ranks_equal_the_ranks_of_each_column() -> None:
    """One rank definition: a 2-D sample is ranked column by column, ties share their mean."""
    rng = np.random.default_rng(2)
    x = rng.integers(0, 5, size=(40, 3)).astype(float)
    by_column = ranks(x)
    for j in range(3):
        assert np.array_equal(by_column[:, j], ranks(x[:, j]))
    assert np.allclose(centred_ranks(x).sum(axis=0), 0.0)


def test_spearman_columns_agrees_with_the_rank_test() -> None:
    rng = np.random.default_rng(6)
    x = rng.normal(size=(50, 2))
    y = x[:, 1] + rng.normal(0, 0.5, 50)
    rho = spearman_columns(x, y)
    for j in range(2):
        assert rho[j] == pytest.approx(spearman(x[:, j], y, seed=1, permutations=9).rho)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0, 10),
    st.floats(0, 10),
    st.floats(0, 10),
    st.integers(0, 2**32 - 1),
)
def test_triangular_draws_stay_within_their_range(a: float, b: float, c: float, seed: int) -> None:
    low, mode, high = sorted((a, b, c))
    u = np.random.default_rng(seed).random((200, 1))
    x = triangular(u, np.array([[low, low]]), np.array([[mode, low]]), np.array([[high, low]]))
    assert x.shape == (200, 2)
    assert np.all(x[:, 0] >= low - 1e-12) and np.all(x[:, 0] <= high + 1e-12)
    assert np.all(x[:, 1] == low)  # a point mass


def test_triangular_mean_and_mode() -> None:
    x = triangular(np.random.default_rng(0).random(200_000), 1.0, 2.0, 6.0)
    assert x.mean() == pytest.approx(3.0, abs=0.02)
    assert triangular(np.array([1 / 5]), 1.0, 2.0, 6.0)[0] == pytest.approx(2.0)


def test_weighted_quantile_leaves_out_missing_values_and_empty_weights() -> None:
    assert weighted_quantile([np.nan, 1.0, 2.0, 9.0], [5.0, 1.0, 1.0, 0.0], 0.9) == 2.0
    assert np.isnan(weighted_quantile([np.nan], [1.0], 0.5))
    assert np.isnan(weighted_quantile([1.0], [0.0], 0.5))


def test_ooh_rates_reproduce_the_published_national_rates() -> None:
    """Applied to the national population, each type meets 250/1000 x its published share."""
    nl = country().population_by_age()
    rates = ooh_rates(nl, usage_weights("gp"))
    contacts = ooh_contacts(nl, rates)
    per_1000 = {k: v / nl.sum() * 1000 for k, v in contacts.items()}
    assert per_1000 == pytest.approx({"phone": 100.0, "consult": 125.0, "visit": 25.0})
    # the published age-specific anchors are kept
    assert rates.rates.loc["age_0_4", "consult"] == pytest.approx(0.402)
    assert rates.rates.loc["age_95_plus", "visit"] == pytest.approx(0.323)


def test_an_older_region_expects_more_home_visits_per_inhabitant() -> None:
    nl = country().population_by_age()
    rates = ooh_rates(nl, usage_weights("gp"))
    young = pd.Series(0.0, index=list(AGE_GROUPS))
    young["age_25_29"] = 1000.0
    old = pd.Series(0.0, index=list(AGE_GROUPS))
    old["age_85_89"] = 1000.0
    assert ooh_contacts(old, rates)["visit"] > 10 * ooh_contacts(young, rates)["visit"]
    region = select_region("ZK24").population_by_age()
    double = ooh_contacts(region * 2, rates)
    single = ooh_contacts(region, rates)
    assert all(double[k] == pytest.approx(2 * single[k]) for k in OOH_TYPES)


def test_triangular_mean_matches_the_formula() -> None:
    """The mean of a triangular distribution is (low + mode + high) / 3."""
    x = triangular(np.random.default_rng(0).random(200_000), 1.0, 2.0, 6.0)
    assert x.mean() == pytest.approx(3.0, abs=0.02)
