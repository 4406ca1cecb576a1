"""Estimates of shares: their intervals stay within 0..1 in the engine's results."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.ooh.results import DISTANCE_BANDS_KM, Estimate, Measures, OohResult


def _result(shares: list[float], counts: list[float]) -> OohResult:
    bands = len(DISTANCE_BANDS_KM) - 1
    measures = []
    for p, n in zip(shares, counts, strict=True):
        sc = {"U1_all_within_norm": p, "U1_all_n": n, "answer_within_2_min": p, "answer_n": n}
        band = np.zeros((bands, 2))
        band[0] = (n, round(p * n))
        measures.append(
            Measures(sc, np.zeros((0, 168)), np.zeros((0, 168)), np.zeros((0, 2)), band, 0)
        )
    return OohResult("t", 2025, len(measures), 1, tuple(measures), (), (), (), {}, {})


def test_a_share_near_one_keeps_its_interval_below_one() -> None:
    """Three replications with U1 at 100 %, 100 % and 90 % of 10 visits: Student's t interval
    would reach above 100 %; the engine's results keep it within 0..1, around the mean."""
    res = _result([1.0, 1.0, 0.9], [10.0, 10.0, 10.0])
    for e in (
        res.norms()["U1"]["within_norm"],
        res.answering()["within_2_min"],
        res.by_distance()["0-2.5 km"],
    ):
        assert 0.0 <= e.low <= e.mean <= e.high <= 1.0
        assert e.high < 1.0 or e.low < e.mean  # an interval, not a point
    assert Estimate.of([1.0, 1.0, 0.9]).high > 1.0  # the unbounded one it replaces


def test_a_share_that_never_varies_still_has_a_binomial_interval() -> None:
    """No variation between replications: Wilson's interval of all 150 cases pooled (t with 2
    degrees of freedom), not a point."""
    e = Estimate.share([1.0, 1.0, 1.0], [50, 50, 50])
    assert e.mean == 1.0 and abs(e.high - 1.0) < 1e-12 and 0.85 < e.low < 0.95


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(1, 10_000)), min_size=2, max_size=30))
def test_share_intervals_are_bounded_and_hold_the_mean(pairs: list[tuple[float, int]]) -> None:
    shares = [p for p, _ in pairs]
    counts = [n for _, n in pairs]
    e = Estimate.share(shares, counts)
    assert 0.0 <= e.low <= e.high <= 1.0
    assert e.low - 1e-9 <= e.mean <= e.high + 1e-9


def test_away_from_the_bounds_it_is_close_to_students_t() -> None:
    rng = np.random.default_rng(3)
    shares = rng.normal(0.6, 0.03, 20).tolist()
    e, t = Estimate.share(shares, [2000] * 20), Estimate.of(shares)
    assert abs((e.high - e.low) / (t.high - t.low) - 1.0) < 0.05
    assert abs(e.low - t.low) < 0.002
