"""Own providers at one place are one supply point in the computation, with the same scores.

`region_access` merges supply points that share their place (and municipality, provenance and
method) before the travel costs and the FCA steps, when the road-time estimate gives the costs
and the method is linear in the supply of a point (all but 3SFCA). The reference is the same
computation without merging: a cost provider that delegates to the road-time estimate but is not
one itself, so `region_access` keeps one point per provider row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.access.areas import area_table
from regioplan.access.costs import RoadTimeProvider
from regioplan.access.regional import RegionAccess, region_access, region_access_years
from regioplan.access.supply import (
    _merge_colocated,
    _nearest_area_flags,
    _urban_flags,
    supply_points,
)
from regioplan.data import municipalities
from regioplan.regions import OwnData, Region, select_region

REL = 1e-9
LINEAR = ("2sfca", "e2sfca", "g2sfca", "g2sfca-gravity", "cumulative")


@dataclass(frozen=True)
class Unmerged:
    """The road-time estimate under another type: `region_access` does not merge for it."""

    inner: RoadTimeProvider = field(default_factory=RoadTimeProvider)

    @property
    def description(self) -> str:
        return self.inner.description

    def costs(
        self, origins: pd.DataFrame, destinations: pd.DataFrame, max_cost: float
    ) -> pd.DataFrame:
        return self.inner.costs(origins, destinations, max_cost)


@cache
def places(region_code: str) -> pd.DataFrame:
    """The PC4 points of a region's areas (lat, lon, municipality)."""
    codes = select_region(region_code).municipality_codes
    pc4 = area_table("pc4")
    return pc4.loc[pc4["municipality"].isin(codes), ["lat", "lon", "municipality"]]


def synthetic_own_data(region_code: str, seed: int, rows: int = 400) -> OwnData:
    """SYNTHETIC providers (a test fixture, not data): many at the point of their PC4 area, some
    at their own point shared by a few, some without a point (their municipality's centre); two
    datasets, GP practices and nursing homes, some without FTE; one municipality whose providers
    all have 0 FTE."""
    rng = np.random.default_rng(seed)
    pts = places(region_code)
    pick = rng.integers(0, len(pts), rows)
    lat = pts["lat"].to_numpy(float)[pick].copy()
    lon = pts["lon"].to_numpy(float)[pick].copy()
    muni = pts["municipality"].to_numpy(str)[pick]
    # a fifth at one of 12 own points per municipality, shared by several providers
    own = rng.random(rows) < 0.2
    lat[own] += rng.integers(1, 13, own.sum()) * 1e-3
    lon[own] -= rng.integers(1, 13, own.sum()) * 1e-3
    # a tenth without a point
    lat[rng.random(rows) < 0.1] = np.nan
    lon[np.isnan(lat)] = np.nan
    kind = np.where(rng.random(rows) < 0.8, "gp_practice", "nursing_home")
    heads = rng.integers(0, 6, rows)
    fte = np.round(heads * rng.uniform(0.5, 1.0, rows), 2)
    fte[rng.random(rows) < 0.1] = 0.0
    zero = muni == sorted(set(muni))[-1]
    fte[zero] = 0.0
    so_heads = np.where(kind == "nursing_home", rng.integers(0, 4, rows), 0)
    providers = pd.DataFrame(
        {
            "dataset": np.where(rng.random(rows) < 0.7, "alpha", "beta"),
            "kind": kind,
            "name": [f"SYNTHETIC provider {i}" for i in range(rows)],
            "municipality": muni,
            "lat": lat,
            "lon": lon,
            "gp_headcount": heads,
            "gp_fte": fte,
            "so_headcount": so_heads,
            "so_fte": np.round(so_heads * 0.8, 2),
        }
    )
    return OwnData(providers, ())


def assert_same(merged: RegionAccess, unmerged: RegionAccess) -> None:
    assert list(merged.areas.index) == list(unmerged.areas.index)
    for col in merged.scenarios:
        assert merged.areas[col].to_numpy() == pytest.approx(
            unmerged.areas[col].to_numpy(), rel=REL, abs=1e-12
        )
    assert merged.supply_points == unmerged.supply_points
    assert merged.buffer_points == unmerged.buffer_points
    assert merged.buffer_areas == unmerged.buffer_areas
    assert merged.supply_fte_own == pytest.approx(unmerged.supply_fte_own, rel=REL)
    assert merged.supply_fte_estimate == pytest.approx(unmerged.supply_fte_estimate, rel=REL)


@pytest.fixture(scope="module")
def zk24() -> Region:
    return select_region("ZK24").with_own_data(synthetic_own_data("ZK24", seed=21, rows=800))


def test_the_synthetic_providers_share_places(zk24: Region) -> None:
    """The fixture is what the merge is for: far fewer places than provider rows."""
    assert zk24.own_data is not None
    points = supply_points("gp", zk24.own_data)
    merged = _merge_colocated(points)
    own = merged["provenance"] == "own data"
    assert own.sum() < 0.5 * (points["provenance"] == "own data").sum()
    assert merged["members"].sum() == len(points)
    assert merged["fte"].sum() == pytest.approx(points["fte"].sum(), rel=1e-12)
    # members share place, municipality and dataset; each merged point keeps a member's id
    assert set(merged.index) <= set(points.index)
    assert merged.groupby(["lat", "lon", "municipality", "method"]).size().max() == 1


@pytest.mark.parametrize("method", LINEAR)
@pytest.mark.parametrize("level", ["municipality", "pc4"])
def test_merged_scores_equal_the_unmerged_ones(zk24: Region, method: str, level: str) -> None:
    merged = region_access(zk24, "gp", method=method, level=level)  # type: ignore[arg-type]
    unmerged = region_access(
        zk24,
        "gp",
        method=method,
        level=level,  # type: ignore[arg-type]
        provider=Unmerged(),
    )
    assert_same(merged, unmerged)
    assert merged.supply_fte_own > 0 and merged.buffer_points > 0


def test_3sfca_is_not_merged(zk24: Region) -> None:
    """3SFCA's selection weights count the points in reach, so merging would change its scores:
    it is computed per provider row, exactly as without merging."""
    a = region_access(zk24, "gp", method="3sfca", level="municipality")
    b = region_access(zk24, "gp", method="3sfca", level="municipality", provider=Unmerged())
    assert a.areas["score"].tolist() == b.areas["score"].tolist()


@pytest.mark.parametrize("profession", ["gp", "so"])
def test_projected_years_are_the_same_merged(zk24: Region, profession: str) -> None:
    """Projected supply is shared over a municipality's points by their FTE (equally where they
    have none, a merged point as the points it stands for)."""
    years = [2025, 2035]
    merged = region_access_years(zk24, profession, years, level="municipality")
    unmerged = region_access_years(
        zk24, profession, years, level="municipality", provider=Unmerged()
    )
    for y in years:
        assert_same(merged[y], unmerged[y])


def test_given_totals_reach_a_municipality_without_own_fte(zk24: Region) -> None:
    """A municipality whose own providers have 0 FTE gets a given total shared equally."""
    assert zk24.own_data is not None
    zero = sorted(set(zk24.own_data.providers["municipality"]))[-1]
    totals = pd.DataFrame({"a": pd.Series({zero: 12.0}), "b": pd.Series({zero: 30.0})})
    merged = region_access(zk24, "gp", level="pc4", fte_by_municipality=totals)
    unmerged = region_access(
        zk24, "gp", level="pc4", fte_by_municipality=totals, provider=Unmerged()
    )
    assert_same(merged, unmerged)
    assert merged.scenarios == ("a", "b")


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 60),
    method=st.sampled_from(LINEAR),
)
def test_merging_never_changes_scores(seed: int, rows: int, method: str) -> None:
    region = select_region("GM0505").with_own_data(synthetic_own_data("GM0505", seed, rows))
    merged = region_access(region, "gp", method=method, level="pc4")
    unmerged = region_access(region, "gp", method=method, level="pc4", provider=Unmerged())
    assert_same(merged, unmerged)


def test_merging_keeps_a_missing_fte_missing() -> None:
    """A member without FTE makes its merged point's FTE missing, as the unmerged point was."""
    points = pd.DataFrame(
        {
            "lat": [52.0, 52.0, 52.1],
            "lon": [5.0, 5.0, 5.0],
            "municipality": ["GM0344"] * 3,
            "fte": [1.0, np.nan, 2.0],
            "provenance": "own data",
            "method": "imported data: d",
            "urban": True,
            "component": "mainland",
        },
        index=["own:d:0", "own:d:1", "own:d:2"],
    )
    merged = _merge_colocated(points)
    assert list(merged.index) == ["own:d:0", "own:d:2"]
    assert merged["fte"].isna().tolist() == [True, False]
    assert merged.loc["own:d:2", "fte"] == 2.0
    assert merged["members"].tolist() == [2, 1]


def test_urban_flags_per_place_equal_the_flags_per_point() -> None:
    """The urban flag is computed once per distinct place; every point gets its place's flag."""
    rng = np.random.default_rng(5)
    m = municipalities()
    base = m[["lat", "lon"]].to_numpy(float)[rng.integers(0, len(m), 300)]
    base += rng.normal(0, 0.02, base.shape) * (rng.random(300) < 0.5)[:, None]
    frame = pd.DataFrame({"lat": base[:, 0], "lon": base[:, 1]})
    expected = _nearest_area_flags(frame, area_table("pc4"))["urban"].to_numpy(bool)
    got = _urban_flags(frame["lat"].to_numpy(float), frame["lon"].to_numpy(float))
    assert got.tolist() == expected.tolist()
    assert _urban_flags(np.zeros(0), np.zeros(0)).tolist() == []
