"""Supply points of a profession in the whole country, with provenance per point.

Supply points are the region's own providers where it has imported them (their FTE at their own
location) and elsewhere the foundation's labelled estimate per municipality
(:func:`regioplan.regions.estimate_workforce`) placed at the municipality's population-weighted
centre. Each point carries the ``urban`` flag of its nearest PC4 area and its road-connected
component; own providers at one place can be merged into one point (:func:`_merge_colocated`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access.areas import _areas, _check_profession
from regioplan.access.costs import WADDEN_ISLANDS, RoadTimeProvider, TravelCostProvider
from regioplan.data import municipalities
from regioplan.errors import InputError
from regioplan.geo import haversine_km
from regioplan.regions import (
    ESTIMATE,
    OWN_DATA,
    OwnData,
    estimate_method,
    estimate_workforce,
    own_workforce,
)
from regioplan.regions.workforce import PROFESSION_KINDS


def _nearest_area_flags(points: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The ``urban`` flag of the nearest area, per point (in chunks to bound memory)."""
    a_lat, a_lon = areas["lat"].to_numpy(float), areas["lon"].to_numpy(float)
    nearest = np.empty(len(points), dtype=np.int64)
    p_lat, p_lon = points["lat"].to_numpy(float), points["lon"].to_numpy(float)
    for start in range(0, len(points), 256):
        km = haversine_km(
            p_lat[start : start + 256, None], p_lon[start : start + 256, None], a_lat, a_lon
        )
        nearest[start : start + 256] = np.argmin(km, axis=1)
    return pd.DataFrame({"urban": areas["urban"].to_numpy()[nearest]}, index=points.index)


@lru_cache(maxsize=32)
def _urban_at_places(places: bytes) -> npt.NDArray[np.bool_]:
    """:func:`_nearest_area_flags` (PC4 areas) of distinct places given as the bytes of an
    (n, 2) float array of lat, lon; cached, as every report asks for the same places again
    (three professions, each level and year)."""
    latlon = np.frombuffer(places, dtype=np.float64).reshape(-1, 2)
    frame = pd.DataFrame({"lat": latlon[:, 0], "lon": latlon[:, 1]})
    flags: npt.NDArray[np.bool_] = _nearest_area_flags(frame, _areas("pc4"))["urban"].to_numpy(bool)
    return flags


def _urban_flags(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> np.ndarray:
    """The nearest PC4 area's ``urban`` flag per point, computed once per distinct place: own
    data often lists many providers at one place (a health centre, or a PC4 area's point)."""
    if len(lat) == 0:
        return np.zeros(0, dtype=bool)
    places, where = np.unique(np.column_stack([lat, lon]), axis=0, return_inverse=True)
    flags = _urban_at_places(np.ascontiguousarray(places, dtype=np.float64).tobytes())
    return flags[where.reshape(-1)]


def supply_points(
    profession: str,
    own_data: OwnData | None = None,
    fte_by_municipality: pd.Series | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Supply points of `profession` in the whole country, with provenance per point.

    Own data (a region's :class:`~regioplan.regions.OwnData`: providers with ``lat``, ``lon``,
    ``municipality``, ``dataset`` and ``<profession>_fte``) replaces the estimate in every
    municipality where it lists a provider; other municipalities get one point with the estimated
    FTE at their population-weighted centre. `fte_by_municipality` (a Series, or a DataFrame with
    one column per scenario, e.g. projected years) replaces the FTE totals per municipality;
    own-data points keep their shares of their municipality's total.

    Index: point id (``est:GMxxxx`` or ``own:<dataset>:<row>``). Columns: lat, lon, municipality,
    provenance, method, urban, component, and ``fte`` (or one column per scenario).
    """
    _check_profession(profession)
    m = municipalities()
    est = estimate_workforce(profession)
    covered: set[str] = set()
    frames = []
    if own_data is not None:
        providers = own_data.providers
        own = own_workforce(own_data, profession)
        covered = {str(c) for c in own.index}
        # the providers own_workforce counts: a headcount of the profession or a kind that
        # employs it (a GP practice is no SO supply point; its FTE is not in the own total)
        relevant = providers[f"{profession}_headcount"].fillna(0) > 0
        if "kind" in providers.columns:
            relevant |= providers["kind"].isin(PROFESSION_KINDS[profession])
        rows = providers[relevant & providers["municipality"].astype(str).isin(covered)].copy()
        for col in ("lat", "lon"):  # a row without a point sits at its municipality's centre
            centre = rows["municipality"].astype(str).map(m[col])
            rows[col] = pd.to_numeric(rows[col], errors="coerce").fillna(centre)
        frames.append(
            pd.DataFrame(
                {
                    "lat": rows["lat"].to_numpy(float),
                    "lon": rows["lon"].to_numpy(float),
                    "municipality": rows["municipality"].astype(str).to_numpy(),
                    "fte": rows[f"{profession}_fte"].to_numpy(float),
                    "provenance": OWN_DATA,
                    "method": [f"imported data: {d}" for d in rows["dataset"].astype(str)],
                },
                index=pd.Index(
                    [f"own:{d}:{k}" for k, d in enumerate(rows["dataset"].astype(str))],
                    name="point",
                ),
            )
        )
    rest = [c for c in m.index.astype(str) if c not in covered]
    frames.append(
        pd.DataFrame(
            {
                "lat": m.loc[rest, "lat"].to_numpy(float),
                "lon": m.loc[rest, "lon"].to_numpy(float),
                "municipality": rest,
                "fte": est.loc[rest, "fte"].to_numpy(float),
                "provenance": ESTIMATE,
                "method": estimate_method(profession) + "; placed at the municipality centre",
            },
            index=pd.Index([f"est:{c}" for c in rest], name="point"),
        )
    )
    points = pd.concat(frames)
    points["urban"] = _urban_flags(points["lat"].to_numpy(float), points["lon"].to_numpy(float))
    island = points["municipality"].isin(WADDEN_ISLANDS)
    points["component"] = np.where(island, points["municipality"], "mainland")
    if fte_by_municipality is not None:
        points = _rescale(points, fte_by_municipality)
    return points


_POINT_META = (
    "lat",
    "lon",
    "municipality",
    "provenance",
    "method",
    "urban",
    "component",
    "members",
)
"""The columns describing a supply point; the others are supply (``fte`` or scenarios)."""

_MERGE_KEYS: tuple[str, ...] = ("lat", "lon", "municipality", "urban", "component")
"""What a merged supply point's members share (with provenance and method): everything the
road-time estimate reads of a point, so they have the same travel time from every area."""


def _merges_colocated(method: str, provider: TravelCostProvider) -> bool:
    """Whether :func:`region_access` merges supply points at one place for `method` and
    `provider` (see :func:`_merge_colocated`): for the road-time estimate, whose costs depend only
    on a point's place, and every method but 3SFCA, whose selection weights count points."""
    return type(provider) is RoadTimeProvider and method != "3sfca"


def _merge_colocated(points: pd.DataFrame) -> pd.DataFrame:
    """Supply points at one place merged into one point with the sum of their supply.

    Points merge when they share place and everything the road-time estimate reads
    (:data:`_MERGE_KEYS`), provenance and method: a health centre of four practices, or the
    providers an import placed at the point of their PC4 area (a large own dataset puts
    thousands of providers at a few hundred places). Every FCA score except 3SFCA's is linear in
    the supply of a point and co-located points have the same costs from every area, so the
    scores stay the same up to rounding; the work scales with the places instead of the rows.

    A merged point keeps its first member's id, provenance and method, and the column
    ``members`` says how many points it stands for (points already merged count with their
    ``members``). Supply columns (every column not in the point's description) are summed; a
    member's missing supply (NaN) makes the sum NaN, as it would make the unmerged computation
    fail.
    """
    members = (
        points["members"].to_numpy(np.int64)
        if "members" in points.columns
        else np.ones(len(points), dtype=np.int64)
    )
    keys = [*_MERGE_KEYS, "provenance", "method"]
    group = points.groupby(keys, sort=False, dropna=False).ngroup().to_numpy(np.int64)
    n_groups = int(group.max()) + 1 if len(group) else 0
    if n_groups == len(points):
        return points.assign(members=members)
    first = np.full(n_groups, len(points), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(points)))
    merged = points.iloc[first].copy()
    for col in points.columns:
        if col not in _POINT_META:
            values = points[col].to_numpy(float)
            merged[col] = np.bincount(group, weights=values, minlength=n_groups)
    merged["members"] = np.bincount(group, weights=members, minlength=n_groups).astype(np.int64)
    return merged


def _rescale(points: pd.DataFrame, totals: pd.Series | pd.DataFrame) -> pd.DataFrame:
    frame = totals.to_frame("fte") if isinstance(totals, pd.Series) else totals
    frame = frame.copy()
    frame.index = frame.index.astype(str)
    unknown = sorted(set(frame.index) - set(points["municipality"]))
    if unknown:
        raise InputError(f"fte_by_municipality: unknown municipality code(s) {unknown[:5]}")
    bad = ~np.isfinite(frame.to_numpy(float)) | (frame.to_numpy(float) < 0)
    if bad.any():
        raise InputError("fte_by_municipality: FTE must be finite and >= 0")
    current = points.groupby("municipality")["fte"].transform("sum")
    share = np.where(current > 0, points["fte"] / current.where(current > 0, 1.0), 0.0)
    # municipalities whose points carry no FTE share their total equally (a merged point as
    # the points it stands for)
    if "members" in points.columns:
        members = points["members"].astype(float)
        count = members.groupby(points["municipality"]).transform("sum")
        share = np.where(current > 0, share, members / count)
    else:
        count = points.groupby("municipality")["fte"].transform("size")
        share = np.where(current > 0, share, 1.0 / count)
    base = points.drop(columns=["fte"])
    muni = points["municipality"].to_numpy()
    old = points.groupby("municipality")["fte"].sum()
    scen = {}
    for col in frame.columns:
        total = frame[col].reindex(old.index).fillna(old)
        scen[col] = share * total.reindex(muni).to_numpy()
    return pd.concat([base, pd.DataFrame(scen, index=points.index)], axis=1)


__all__ = ["supply_points"]
