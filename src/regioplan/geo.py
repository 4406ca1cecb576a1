"""Small geographic helpers shared by regions and access: great-circle and road-equivalent distance.

Road-equivalent distance is the great-circle distance times a circuity factor. For the
Netherlands a factor of about 1.3 is typical of the ratio of road to straight-line distance
between towns (Boscoe et al. 2012 report 1.2-1.4 for Western Europe / the US; the Dutch road
network is dense). It is an estimate and is labelled as such wherever it is shown.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
ROAD_CIRCUITY = 1.3
"""Road distance / great-circle distance used for road-equivalent distances (estimate)."""

FloatArray = npt.NDArray[np.float64]


def haversine_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in km; arguments broadcast like numpy arrays (degrees)."""
    p1, l1, p2, l2 = (np.radians(np.asarray(a, dtype=np.float64)) for a in (lat1, lon1, lat2, lon2))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def road_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> FloatArray:
    """Road-equivalent distance in km: great-circle distance times :data:`ROAD_CIRCUITY`."""
    return haversine_km(lat1, lon1, lat2, lon2) * ROAD_CIRCUITY


__all__ = ["EARTH_RADIUS_KM", "ROAD_CIRCUITY", "haversine_km", "road_km"]
