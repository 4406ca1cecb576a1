"""Facilities of a region: training centres per profession and hospital sites, with distances.

Distances are road-equivalent kilometres (great-circle x :data:`regioplan.geo.ROAD_CIRCUITY`,
an estimate) from a municipality's population-weighted centre.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from regioplan.data import PROFESSIONS, hospitals, municipalities, training_centres
from regioplan.errors import InputError
from regioplan.geo import road_km
from regioplan.regions.region import Region


@cache
def _nearest(profession: str) -> pd.DataFrame:
    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; allowed: {', '.join(PROFESSIONS)}")
    m = municipalities()
    tc = training_centres()
    tc = tc[tc["profession"] == profession].reset_index(drop=True)
    d = road_km(
        m["lat"].to_numpy()[:, None],
        m["lon"].to_numpy()[:, None],
        tc["lat"].to_numpy()[None, :],
        tc["lon"].to_numpy()[None, :],
    )
    j = np.argmin(d, axis=1)
    return pd.DataFrame(
        {
            "centre": tc["centre"].to_numpy()[j],
            "city": tc["city"].to_numpy()[j],
            "road_km": d[np.arange(len(m)), j],
        },
        index=m.index,
    )


def nearest_training_centre(profession: str) -> pd.DataFrame:
    """For every municipality, the nearest training centre of `profession`.

    Columns: centre, city, road_km (road-equivalent km from the population-weighted centre of
    the municipality, an estimate); indexed by municipality code.
    """
    return _nearest(profession).copy()


def training_distance_km(profession: str) -> pd.Series:
    """Road-equivalent km from every municipality to the nearest training centre of `profession`."""
    s: pd.Series = _nearest(profession)["road_km"].copy()
    s.name = f"{profession}_training_km"
    return s


def nearest_training_centres(region: Region) -> pd.DataFrame:
    """Per profession, the training centre nearest to the region's population-weighted centre.

    Columns: profession, centre, city, lat, lon, road_km (estimate), plus mean_road_km: the
    population-weighted mean over the region's municipalities of the distance to their nearest
    centre.
    """
    m = region.municipalities
    w = m["population_2024"].to_numpy(dtype=float)
    lat = float(np.average(m["lat"], weights=w))
    lon = float(np.average(m["lon"], weights=w))
    rows = []
    tc = training_centres()
    for prof in PROFESSIONS:
        t = tc[tc["profession"] == prof].reset_index(drop=True)
        d = road_km(lat, lon, t["lat"].to_numpy(), t["lon"].to_numpy())
        j = int(np.argmin(d))
        per_gm = _nearest(prof).loc[list(region.municipality_codes), "road_km"].to_numpy()
        rows.append(
            {
                "profession": prof,
                "centre": str(t["centre"].to_numpy()[j]),
                "city": str(t["city"].to_numpy()[j]),
                "lat": float(t["lat"].to_numpy()[j]),
                "lon": float(t["lon"].to_numpy()[j]),
                "road_km": round(float(d[j]), 1),
                "mean_road_km": round(float(np.average(per_gm, weights=w)), 1),
            }
        )
    return pd.DataFrame(rows)


def region_hospitals(region: Region) -> pd.DataFrame:
    """Hospital sites (Eurostat/GISCO 2019) whose 4-digit postcode lies in the region."""
    h = hospitals()
    pc4 = pd.to_numeric(h["postcode"].astype(str).str[:4], errors="coerce")
    return h[pc4.isin(region.pc4.index)].reset_index(drop=True)


__all__ = [
    "nearest_training_centre",
    "nearest_training_centres",
    "region_hospitals",
    "training_distance_km",
]
