"""What region_access keeps between calls (the bundled supply points, the road-time costs) gives
the numbers a fresh computation gives, and a run never changes what is kept."""

from __future__ import annotations

import pandas as pd
import pytest

from regioplan.access import regional
from regioplan.access.costs import RoadTimeProvider
from regioplan.access.regional import region_access
from regioplan.regions import country, select_region


def fresh() -> None:
    regional._costs_cache.clear()
    regional._bundled_points.cache_clear()


@pytest.mark.parametrize("level", ["municipality", "pc4"])
def test_kept_costs_and_points_give_the_fresh_numbers(level: str) -> None:
    """Zeeland's SO access after its GP access (same places, costs kept) is the SO access
    computed from nothing."""
    region = select_region("ZK27")
    fresh()
    region_access(region, "gp", level=level)  # type: ignore[arg-type]
    kept = region_access(region, "so", level=level)  # type: ignore[arg-type]
    fresh()
    alone = region_access(region, "so", level=level)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(kept.areas, alone.areas, check_exact=True)
    assert (kept.buffer_areas, kept.buffer_points) == (alone.buffer_areas, alone.buffer_points)


def test_the_country_s_costs_are_made_once_for_all_professions() -> None:
    fresh()
    for profession in ("gp", "so", "avg"):
        region_access(country(), profession, level="municipality")
    assert len(regional._costs_cache) == 1


def test_a_run_with_other_supply_leaves_the_kept_points_alone() -> None:
    region = select_region("ZK24")
    region_access(region, "gp", level="municipality")
    kept = regional._bundled_points("gp", True)
    before = kept.copy()
    doubled = region_access(
        region,
        "gp",
        level="municipality",
        fte_by_municipality=pd.Series(2.0, index=before["municipality"].unique()),
    )
    assert doubled.areas["fte"].notna().all()  # the scenario column
    assert regional._bundled_points("gp", True) is kept
    pd.testing.assert_frame_equal(kept, before, check_exact=True)


class SlowRoads(RoadTimeProvider):
    """The road-time estimate under another name: a provider whose costs are not kept."""

    calls = 0

    def costs(
        self, origins: pd.DataFrame, destinations: pd.DataFrame, max_cost: float
    ) -> pd.DataFrame:
        SlowRoads.calls += 1
        return super().costs(origins, destinations, max_cost)


def test_another_provider_is_asked_every_time() -> None:
    region = select_region("ZK24")
    SlowRoads.calls = 0
    region_access(region, "gp", level="municipality", provider=SlowRoads())
    first = SlowRoads.calls
    region_access(region, "gp", level="municipality", provider=SlowRoads())
    assert first > 0 and SlowRoads.calls == 2 * first
