"""The figures the regiobeeld computes itself: rank test, inequality, out-of-hours contacts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.data import AGE_GROUPS
from regioplan.regions import country, select_region, usage_weights
from regioplan.report.figures import (
    OOH_TYPES,
    gini,
    ooh_contacts,
    ooh_rates,
    spearman,
    weighted_quantile,
)


def naive_spearman(x: list[float], y: list[float]) -> float:
    """Reference: Pearson correlation of average ranks, by explicit loops."""

    def ranks(v: list[float]) -> list[float]:
        out = []
        for a in v:
            below = sum(1 for b in v if b < a)
            equal = sum(1 for b in v if b == a)
            out.append(below + (equal + 1) / 2)
        return out

    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return float(cov / (vx * vy) ** 0.5)


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
