"""Population-weighted Gini and Theil, thresholds and the list of short areas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.access import summarise
from regioplan.access.inequality import theil
from regioplan.errors import ParameterError, ValidationError
from regioplan.stats import gini, weighted_quantile


def test_gini_of_two_groups_by_hand() -> None:
    """Half the people have 0, half have 1: Lorenz area gives G = 0.5."""
    assert gini(np.array([0.0, 1.0]), np.array([50.0, 50.0])) == pytest.approx(0.5)
    # 1 in 4 people holds everything: G = 1 - 1/4 = 0.75
    assert gini(np.array([0.0, 4.0]), np.array([3.0, 1.0])) == pytest.approx(0.75)


def test_theil_by_hand() -> None:
    """Two equal groups with 1 and 3: mu = 2, T = 0.5 (0.5 ln 0.5) + 0.5 (1.5 ln 1.5)."""
    expected = 0.5 * (0.5 * math.log(0.5)) + 0.5 * (1.5 * math.log(1.5))
    assert theil(np.array([1.0, 3.0]), np.array([7.0, 7.0])) == pytest.approx(expected)


def test_zero_mean_gives_nan_not_an_error() -> None:
    assert math.isnan(gini(np.zeros(3), np.ones(3)))
    assert math.isnan(theil(np.zeros(3), np.ones(3)))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.01, 100), st.floats(1, 1e5)), min_size=1, max_size=12),
    st.integers(2, 4),
)
def test_splitting_an_area_changes_nothing(rows, parts) -> None:
    """Population weighting: an area split into equal parts with the same score is the same."""
    x = np.array([r[0] for r in rows])
    w = np.array([r[1] for r in rows])
    x2 = np.concatenate([x, np.repeat(x[:1], parts - 1)])
    w2 = np.concatenate([w, np.repeat(w[:1] / parts, parts - 1)])
    w2[0] = w[0] / parts
    assert gini(x2, w2) == pytest.approx(gini(x, w), abs=1e-9)
    assert theil(x2, w2) == pytest.approx(theil(x, w), abs=1e-9)
    assert 0.0 <= gini(x, w) < 1.0
    assert theil(x, w) >= -1e-12


def test_weighted_median_is_the_median_person() -> None:
    assert weighted_quantile(np.array([5.0, 1.0, 3.0]), np.array([1.0, 10.0, 1.0]), 0.5) == 1.0


def test_summary_with_median_threshold_and_fraction() -> None:
    scores = pd.Series({"a": 2.0, "b": 4.0, "c": 6.0, "d": 1.0})
    pop = pd.Series({"a": 100, "b": 100, "c": 100, "d": 50})
    s = summarise(scores, pop, threshold="median", fraction=0.75)
    assert s.median == 4.0
    assert s.threshold == 3.0
    assert list(s.short_areas.index) == ["d", "a"]  # lowest score first
    assert s.population_below == 150
    assert s.share_below == pytest.approx(150 / 350)
    assert s.to_dict()["short_areas"][0] == {"area": "d", "score": 1.0, "population": 50.0}


def test_summary_errors() -> None:
    scores = pd.Series({"a": 1.0})
    with pytest.raises(ValidationError, match="no population for this area"):
        summarise(scores, pd.Series({"b": 1.0}))
    with pytest.raises(ParameterError, match="allowed: a number, 'median', 'mean'"):
        summarise(scores, pd.Series({"a": 1.0}), threshold="mode")  # type: ignore[arg-type]
