"""Benchmark instances for regioplan.access, built the same way every run (fixed seeds).

- country: the 4,067 PC4 areas of the bundled data (2024 population as demand) and 3,000
  synthetic supply points drawn at PC4 points in proportion to population, jittered by about 1 km;
  costs from :class:`regioplan.access.RoadTimeProvider` within 30 minutes (about 360,000 pairs).
- country, random order: the country instance with the area and supply ids replaced by random
  integers and the rows of demand, supply and costs shuffled, as a user's own files may come.
- fine: 400,000 demand points (PC6-sized, about 40 inhabitants each) and 5,000 supply points drawn
  the same way; costs within 30 minutes (about 70 million pairs).

Ids are integers so that both engines spend their time on the computation, not on strings.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from regioplan.access import RoadTimeProvider
from regioplan.access.areas import area_table

CATCHMENT = 30.0


@dataclass(frozen=True)
class Instance:
    demand: pd.Series  # by area id (int)
    supply: pd.Series  # by supply id (int)
    costs: pd.DataFrame  # origin, destination, cost (minutes)


def _points(n: int, rng: np.random.Generator, jitter_km: float) -> pd.DataFrame:
    areas = area_table("pc4")
    p = (areas["population"] / areas["population"].sum()).to_numpy()
    k = rng.choice(len(areas), size=n, p=p)
    lat = areas["lat"].to_numpy()[k] + rng.normal(0.0, jitter_km / 111.0, n)
    lon = areas["lon"].to_numpy()[k] + rng.normal(0.0, jitter_km / 68.0, n)
    return pd.DataFrame(
        {"lat": lat, "lon": lon, "urban": areas["urban"].to_numpy()[k]},
        index=pd.RangeIndex(n, name="id"),
    )


def country(seed: int = 2024) -> Instance:
    rng = np.random.default_rng(seed)
    areas = area_table("pc4")
    areas = areas.set_index(areas.index.astype(np.int64))
    supply_pts = _points(3000, rng, 1.0)
    supply_pts.index = supply_pts.index + 100_000  # distinct from PC4 ids
    costs = RoadTimeProvider().costs(areas, supply_pts, CATCHMENT)
    return Instance(
        demand=areas["population"].rename("demand"),
        supply=pd.Series(rng.uniform(0.5, 5.0, len(supply_pts)), index=supply_pts.index),
        costs=costs,
    )


def random_order(inst: Instance, seed: int = 20) -> tuple[Instance, pd.Series, pd.Series]:
    """`inst` with new ids in random order and every table's rows shuffled.

    Returns the instance and the new id of each old area id and supply id (Series old -> new).
    """
    rng = np.random.default_rng(seed)
    n, m = len(inst.demand), len(inst.supply)
    area_id = pd.Series(rng.permutation(n) + 10_000, index=inst.demand.index)
    supply_id = pd.Series(rng.permutation(m) + 50_000, index=inst.supply.index)
    demand = pd.Series(inst.demand.to_numpy(), index=area_id.to_numpy(), name=inst.demand.name)
    supply = pd.Series(inst.supply.to_numpy(), index=supply_id.to_numpy())
    costs = pd.DataFrame(
        {
            "origin": area_id.reindex(inst.costs["origin"]).to_numpy(),
            "destination": supply_id.reindex(inst.costs["destination"]).to_numpy(),
            "cost": inst.costs["cost"].to_numpy(),
        }
    )
    shuffled = Instance(
        demand=demand.iloc[rng.permutation(n)],
        supply=supply.iloc[rng.permutation(m)],
        costs=costs.iloc[rng.permutation(len(costs))].reset_index(drop=True),
    )
    return shuffled, area_id, supply_id


def fine(seed: int = 400_000) -> Instance:
    rng = np.random.default_rng(seed)
    demand_pts = _points(400_000, rng, 0.7)
    supply_pts = _points(5000, rng, 1.0)
    supply_pts.index = supply_pts.index + 1_000_000
    # 50,000 demand points at a time keeps the temporaries of the pair search small; chunks come
    # in origin order, so the pairs stay sorted by (origin, destination) as one call would give.
    parts = [
        RoadTimeProvider().costs(demand_pts.iloc[k : k + 50_000], supply_pts, CATCHMENT)
        for k in range(0, len(demand_pts), 50_000)
    ]
    costs = pd.DataFrame(
        {
            c: np.concatenate([p[c].to_numpy() for p in parts])
            for c in ("origin", "destination", "cost")
        }
    )
    del parts
    total = 17_942_942.0  # national population 1-1-2024, spread over the demand points
    weights = rng.gamma(2.0, 1.0, len(demand_pts))
    return Instance(
        demand=pd.Series(weights / weights.sum() * total, index=demand_pts.index),
        supply=pd.Series(rng.uniform(0.5, 5.0, len(supply_pts)), index=supply_pts.index),
        costs=costs,
    )


def save(instance: Instance, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, series in (("demand", instance.demand), ("supply", instance.supply)):
        np.save(folder / f"{name}_id.npy", series.index.to_numpy(np.int64))
        np.save(folder / f"{name}.npy", series.to_numpy(np.float64))
    for col in ("origin", "destination", "cost"):
        np.save(folder / f"costs_{col}.npy", instance.costs[col].to_numpy())


def load(folder: Path) -> Instance:
    def series(name: str) -> pd.Series:
        return pd.Series(np.load(folder / f"{name}.npy"), index=np.load(folder / f"{name}_id.npy"))

    costs = pd.DataFrame(
        {c: np.load(folder / f"costs_{c}.npy") for c in ("origin", "destination", "cost")}
    )
    return Instance(demand=series("demand"), supply=series("supply"), costs=costs)
