"""Travel-cost providers: the grid pair search, the road-time estimate and the user's matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from regioplan.access import MatrixCostProvider, RoadTimeProvider, TravelCostProvider
from regioplan.access.costs import pairs_within, read_cost_matrix
from regioplan.errors import ValidationError
from regioplan.geo import haversine_km


@pytest.mark.parametrize("radius", [0.5, 7.0, 40.0])
def test_grid_search_finds_exactly_the_pairs_of_a_brute_force(radius: float) -> None:
    rng = np.random.default_rng(1)
    o_lat, o_lon = rng.uniform(50.8, 53.5, 700), rng.uniform(3.4, 7.2, 700)
    d_lat, d_lon = rng.uniform(50.8, 53.5, 300), rng.uniform(3.4, 7.2, 300)
    oi, dj, km = pairs_within(o_lat, o_lon, d_lat, d_lon, radius)
    full = haversine_km(o_lat[:, None], o_lon[:, None], d_lat[None, :], d_lon[None, :])
    expected = set(zip(*np.nonzero(full <= radius), strict=True))
    assert set(zip(oi.tolist(), dj.tolist(), strict=True)) == expected
    assert len(oi) == len(expected)  # no pair twice
    assert km == pytest.approx(full[oi, dj])


def test_road_time_formula() -> None:
    """10 km straight line, rural both ends: 10 x 1.3 km at 60 km/h = 13 minutes."""
    km_per_deg = haversine_km(52.0, 5.0, 53.0, 5.0)[()]
    lat2 = 52.0 + 10.0 / km_per_deg
    o = pd.DataFrame({"lat": [52.0], "lon": [5.0]}, index=["o"])
    d = pd.DataFrame({"lat": [lat2], "lon": [5.0], "urban": [False]}, index=["d"])
    got = RoadTimeProvider().costs(o, d, 60.0)
    assert got["cost"].iloc[0] == pytest.approx(13.0, rel=1e-9)
    # urban destination: half the trip at 30 km/h -> 13 x (0.5 + 0.5 x 2) = 19.5 minutes
    d["urban"] = True
    assert RoadTimeProvider().costs(o, d, 60.0)["cost"].iloc[0] == pytest.approx(19.5, rel=1e-9)
    # beyond the catchment: left out
    assert RoadTimeProvider().costs(o, d, 19.0).empty


def test_own_area_costs_the_mean_distance_to_its_point() -> None:
    """Area of pi km2 (radius 1 km): a point at its centre is 2/3 km away on average."""
    o = pd.DataFrame({"lat": [52.0], "lon": [5.0], "area_km2": [np.pi]}, index=["o"])
    got = RoadTimeProvider().costs(o, o[["lat", "lon"]], 30.0)
    assert got["cost"].iloc[0] == pytest.approx(60 * 1.3 * (2 / 3) / 60.0)


def test_islands_do_not_reach_the_mainland() -> None:
    pts = pd.DataFrame(
        {"lat": [53.05, 52.96], "lon": [4.80, 4.76], "component": ["GM0448", "mainland"]},
        index=["texel", "den_helder"],
    )
    got = RoadTimeProvider().costs(pts, pts, 60.0)
    assert sorted(zip(got["origin"], got["destination"], strict=True)) == [
        ("den_helder", "den_helder"),
        ("texel", "texel"),
    ]


def test_providers_satisfy_the_protocol() -> None:
    assert isinstance(RoadTimeProvider(), TravelCostProvider)
    assert isinstance(MatrixCostProvider(pd.DataFrame()), TravelCostProvider)


def test_matrix_provider_keeps_known_pairs_within_reach(tmp_path: Path) -> None:
    path = tmp_path / "osrm.csv"
    path.write_text(
        "origin,destination,minutes\n1011,est:GM0363,4.5\n1011,x,3\n1012,est:GM0363,45\n"
    )
    provider = MatrixCostProvider.from_csv(path)
    areas = pd.DataFrame({"lat": [0.0, 0.0]}, index=["1011", "1012"])
    points = pd.DataFrame({"lat": [0.0]}, index=["est:GM0363"])
    got = provider.costs(areas, points, 30.0)
    assert got.to_dict(orient="list") == {
        "origin": ["1011"],
        "destination": ["est:GM0363"],
        "cost": [4.5],
    }
    assert provider.coverage(pd.Index(["1011", "9999"]), pd.Index(["est:GM0363"])) == (1, 0)
    assert str(path) in provider.description


def test_bad_matrix_rows_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("origin,destination,minutes\na,b,1\na,c,-2\n,c,3\na,b,4\na,d,soon\n")
    with pytest.raises(ValidationError) as info:
        read_cost_matrix(path)
    got = [str(p) for p in info.value.problems]
    assert f"{path}:3: minutes: '-2' is not a number of minutes >= 0" in got
    assert f"{path}:4: origin: missing id" in got
    assert f"{path}:5: origin,destination: duplicate pair (a, b)" in got
    assert f"{path}:6: minutes: 'soon' is not a number of minutes >= 0" in got


def test_matrix_without_a_time_column(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("from,to,minutes\na,b,1\n")
    with pytest.raises(ValidationError, match=r"m.csv:1: origin: missing column"):
        read_cost_matrix(path)


def test_component_is_ignored_unless_both_tables_have_it() -> None:
    o = pd.DataFrame({"lat": [52.0], "lon": [5.0], "component": ["mainland"]}, index=["o"])
    d = pd.DataFrame({"lat": [52.01], "lon": [5.0]}, index=["d"])
    assert len(RoadTimeProvider().costs(o, d, 30.0)) == 1
