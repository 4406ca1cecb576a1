"""The travel-time cache of matching: the same minutes as asking the provider, asked once per
pair, pairs beyond the limit left out as the provider leaves them out."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.access.costs import RoadTimeProvider
from regioplan.placement.matching import TravelTimes, travel_minutes


class Counting:
    """RoadTimeProvider that counts the pairs it is asked for."""

    description = "road times (counted)"

    def __init__(self) -> None:
        self.inner = RoadTimeProvider()
        self.pairs = 0

    def costs(
        self, origins: pd.DataFrame, destinations: pd.DataFrame, max_cost: float
    ) -> pd.DataFrame:
        self.pairs += len(origins) * len(destinations)
        return self.inner.costs(origins, destinations, max_cost)


ORIGIN = (51.44, 5.48, 88.0)  # Eindhoven-like municipality point and area
POINTS = [(1, 51.45, 5.47), (2, 51.69, 5.30), (3, 52.37, 4.90), (4, 50.85, 5.69)]


def test_the_cache_answers_as_the_provider_and_asks_each_pair_once() -> None:
    provider = Counting()
    cache = TravelTimes(provider, 60)
    direct = travel_minutes(ORIGIN, POINTS, 60, RoadTimeProvider())
    assert cache.minutes(ORIGIN, POINTS) == direct
    assert 3 not in direct  # Amsterdam is beyond an hour: left out, as by the provider
    asked = provider.pairs
    assert asked == len(POINTS)
    assert cache.minutes(ORIGIN, POINTS[::-1]) == direct
    assert cache.minutes(ORIGIN, POINTS[:2]) == {k: v for k, v in direct.items() if k in (1, 2)}
    assert provider.pairs == asked  # nothing asked again


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, len(POINTS) - 1), min_size=1, max_size=12), st.integers(2, 5))
def test_any_sequence_of_asks_gives_the_direct_answer(picks: list[int], size: int) -> None:
    cache = TravelTimes(RoadTimeProvider(), 60, size=size)  # small: the cache starts afresh
    direct = travel_minutes(ORIGIN, POINTS, 60, RoadTimeProvider())
    for i in picks:
        asked = [POINTS[i], POINTS[(i + 1) % len(POINTS)]]
        want = {p[0]: direct[p[0]] for p in asked if p[0] in direct}
        assert cache.minutes(ORIGIN, asked) == want
