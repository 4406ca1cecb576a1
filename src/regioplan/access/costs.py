"""Travel costs through a provider protocol: an offline road-time estimate or the user's matrix.

A :class:`TravelCostProvider` turns two point tables (origins = demand areas, destinations =
supply points; indexed by id, columns ``lat`` and ``lon`` in degrees) into the sparse long table
``origin, destination, cost`` (minutes) of the pairs within ``max_cost``; pairs beyond it are left
out. Providers are passed in, never patched:

- :class:`RoadTimeProvider` (default, offline): great-circle distance x circuity 1.3
  (:func:`regioplan.geo.haversine_km`) at an urban or rural speed, see docs/access.md.
- :class:`MatrixCostProvider`: the user's own travel times (e.g. from OSRM), read with
  :func:`read_cost_matrix`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.errors import InputError, ParameterError, Problem, ValidationError
from regioplan.geo import EARTH_RADIUS_KM, ROAD_CIRCUITY, haversine_km

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

URBAN_KMH = 30.0
"""Effective door-to-door car speed in urban areas (km/h of road distance); see docs/access.md."""
RURAL_KMH = 60.0
"""Effective door-to-door car speed in rural areas (km/h of road distance); see docs/access.md."""
URBAN_DENSITY = 1500.0
"""Inhabitants per km2 from which an area counts as urban (proxy of CBS 'matig stedelijk',
1,000+ addresses per km2)."""
WADDEN_ISLANDS: tuple[str, ...] = ("GM0448", "GM0096", "GM0093", "GM0060", "GM0088")
"""Texel, Vlieland, Terschelling, Ameland, Schiermonnikoog: no road link to the mainland."""


@runtime_checkable
class TravelCostProvider(Protocol):
    """Anything that gives travel costs in minutes between two point tables."""

    @property
    def description(self) -> str:
        """Where the costs come from (shown as their provenance)."""
        ...

    def costs(
        self, origins: pd.DataFrame, destinations: pd.DataFrame, max_cost: float
    ) -> pd.DataFrame:
        """Long table ``origin, destination, cost`` of every pair with cost <= `max_cost`."""
        ...


def pairs_within(
    o_lat: FloatArray,
    o_lon: FloatArray,
    d_lat: FloatArray,
    d_lon: FloatArray,
    radius_km: float,
) -> tuple[IntArray, IntArray, FloatArray]:
    """All (origin, destination) positions within `radius_km` great-circle km, with the distance.

    A grid of cells of `radius_km` on an equirectangular projection limits the candidates to the
    3 x 3 neighbouring cells, so the work is proportional to the number of pairs found rather than
    to origins x destinations.
    """
    if len(o_lat) == 0 or len(d_lat) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0)
    # The projection shrinks east-west distances by cos(max |lat|) / cos(lat) <= 1, so projected
    # distances never exceed true ones and no pair within the radius is missed.
    lat_all = np.concatenate([o_lat, d_lat])
    cos_min = math.cos(math.radians(float(np.abs(lat_all).max())))
    cell = radius_km * 1.001

    def project(lat: FloatArray, lon: FloatArray) -> tuple[IntArray, IntArray]:
        x = np.radians(lon) * EARTH_RADIUS_KM * cos_min
        y = np.radians(lat) * EARTH_RADIUS_KM
        return np.floor(x / cell).astype(np.int64), np.floor(y / cell).astype(np.int64)

    ox, oy = project(o_lat, o_lon)
    dx, dy = project(d_lat, d_lon)
    x0, y0 = min(ox.min(), dx.min()) - 1, min(oy.min(), dy.min()) - 1
    height = max(oy.max(), dy.max()) - y0 + 2  # y - y0 lies in 1..height-2: key +- 1 never wraps
    d_key = (dx - x0) * height + (dy - y0)
    d_order = np.argsort(d_key, kind="stable")
    d_sorted = d_key[d_order]
    o_key = (ox - x0) * height + (oy - y0)
    o_order = np.argsort(o_key, kind="stable")
    o_sorted = o_key[o_order]
    cell_starts = np.flatnonzero(np.r_[True, o_sorted[1:] != o_sorted[:-1]])
    cell_ends = np.r_[cell_starts[1:], len(o_sorted)]
    out_o: list[IntArray] = []
    out_d: list[IntArray] = []
    out_km: list[FloatArray] = []
    for a, b in zip(cell_starts, cell_ends, strict=True):
        key = o_sorted[a]
        origins = o_order[a:b]
        cand_parts = []
        for shift in (-height, 0, height):
            lo = np.searchsorted(d_sorted, key + shift - 1, side="left")
            hi = np.searchsorted(d_sorted, key + shift + 1, side="right")
            cand_parts.append(d_order[lo:hi])
        cands = np.concatenate(cand_parts)
        if len(cands) == 0:
            continue
        km = haversine_km(
            o_lat[origins][:, None],
            o_lon[origins][:, None],
            d_lat[cands][None, :],
            d_lon[cands][None, :],
        )
        oi, dj = np.nonzero(km <= radius_km)
        out_o.append(origins[oi])
        out_d.append(cands[dj])
        out_km.append(km[oi, dj])
    if not out_o:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0)
    return np.concatenate(out_o), np.concatenate(out_d), np.concatenate(out_km)


def _column(frame: pd.DataFrame, name: str, default: float | str) -> np.ndarray:
    if name in frame.columns:
        return frame[name].to_numpy()
    return np.full(len(frame), default)


def _check_points(frame: pd.DataFrame, what: str) -> None:
    missing = [c for c in ("lat", "lon") if c not in frame.columns]
    if missing:
        raise InputError(f"{what} points lack column(s) {', '.join(missing)}; need lat, lon")
    bad = frame.index[~np.isfinite(frame[["lat", "lon"]].to_numpy(dtype=float)).all(axis=1)]
    if len(bad):
        raise ValidationError(
            [Problem(what, None, str(i), "lat/lon missing or not finite") for i in bad[:10]]
        )


@dataclass(frozen=True)
class RoadTimeProvider:
    """Car travel time estimated from great-circle distance (offline, no routing).

    ``minutes = 60 x circuity x d_eff x (0.5 / v_origin + 0.5 / v_destination)`` where
    ``d_eff = sqrt(d^2 + (2 r_o / 3)^2)`` adds the mean distance of residents of the origin area
    to its point (``r_o = sqrt(area_km2 / pi)`` when the origins have an ``area_km2`` column) and
    ``v`` is :data:`URBAN_KMH` or :data:`RURAL_KMH` by the point's ``urban`` column (rural when
    absent). When both tables have a ``component`` column, points with different values (islands
    without a road link) never reach each other. An estimate: see docs/access.md for its error.

    >>> p = RoadTimeProvider()
    >>> pts = pd.DataFrame({"lat": [52.0, 52.1], "lon": [5.0, 5.0]}, index=["a", "b"])
    >>> round(float(p.costs(pts, pts, 30.0).set_index(["origin", "destination"]).loc[("a", "b")]
    ...       .iloc[0]), 1)
    14.5
    """

    urban_kmh: float = URBAN_KMH
    rural_kmh: float = RURAL_KMH
    circuity: float = ROAD_CIRCUITY
    description: str = field(
        default=(
            f"estimate: great-circle distance x {ROAD_CIRCUITY} circuity at {URBAN_KMH:g} km/h "
            f"(urban) / {RURAL_KMH:g} km/h (rural)"
        )
    )

    def __post_init__(self) -> None:
        for name in ("urban_kmh", "rural_kmh", "circuity"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ParameterError(f"RoadTimeProvider: {name} {value} must be > 0")

    def costs(
        self, origins: pd.DataFrame, destinations: pd.DataFrame, max_cost: float
    ) -> pd.DataFrame:
        if not (max_cost > 0 and math.isfinite(max_cost)):
            raise ParameterError(f"max_cost {max_cost} must be a finite number of minutes > 0")
        _check_points(origins, "origin")
        _check_points(destinations, "destination")
        fastest = max(self.urban_kmh, self.rural_kmh)
        radius = max_cost / 60.0 * fastest / self.circuity
        o_lat, o_lon = (origins[c].to_numpy(dtype=float) for c in ("lat", "lon"))
        d_lat, d_lon = (destinations[c].to_numpy(dtype=float) for c in ("lat", "lon"))
        oi, dj, km = pairs_within(o_lat, o_lon, d_lat, d_lon, radius)
        area = _column(origins, "area_km2", 0.0).astype(float)
        r_o = np.sqrt(np.clip(area, 0.0, None) / math.pi)
        d_eff = np.sqrt(km**2 + (2.0 * r_o[oi] / 3.0) ** 2)
        inv_speed = np.where(
            _column(origins, "urban", False).astype(bool), 1 / self.urban_kmh, 1 / self.rural_kmh
        )
        inv_dest = np.where(
            _column(destinations, "urban", False).astype(bool),
            1 / self.urban_kmh,
            1 / self.rural_kmh,
        )
        minutes = 60.0 * self.circuity * d_eff * (0.5 * inv_speed[oi] + 0.5 * inv_dest[dj])
        keep = minutes <= max_cost
        # sort by (origin, destination) position: compute() then checks uniqueness in O(pairs)
        order = np.argsort(oi * len(destinations) + dj, kind="stable")
        oi, dj, minutes, keep = oi[order], dj[order], minutes[order], keep[order]
        if "component" in origins.columns and "component" in destinations.columns:
            comp_o = origins["component"].to_numpy()
            comp_d = destinations["component"].to_numpy()
            keep &= comp_o[oi] == comp_d[dj]
        return pd.DataFrame(
            {
                "origin": origins.index.to_numpy()[oi[keep]],
                "destination": destinations.index.to_numpy()[dj[keep]],
                "cost": minutes[keep],
            }
        )


def read_csv_text(path: Path, what: str) -> pd.DataFrame:
    """A CSV file as text columns (header names stripped); `what` names it in errors.

    The separator is a comma, or a semicolon when the header has semicolons and no commas (the
    Dutch spreadsheet export). Missing, empty, unreadable or non-UTF-8 files are an
    :class:`InputError` naming the file.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            header = fh.readline()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: {what} file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read {what} file: {exc}") from exc
    if not header.strip():
        raise InputError(f"{path}: the {what} file is empty; it needs a header line")
    sep = ";" if ";" in header and "," not in header else ","
    try:
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError, UnicodeDecodeError) as exc:  # ParserError is a ValueError
        raise InputError(f"{path}: cannot read {what} file: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_cost_matrix(path: Path) -> pd.DataFrame:
    """Read a long travel-time CSV: ``origin, destination, minutes`` (or ``cost``).

    Ids are read as text. Every bad row (missing id, non-numeric, negative or missing time,
    duplicate pair) is reported as ``file:line``.
    """
    frame = read_csv_text(path, "travel-time matrix")
    frame.columns = [c.lower() for c in frame.columns]
    if "minutes" in frame.columns and "cost" not in frame.columns:
        frame = frame.rename(columns={"minutes": "cost"})
    needed = ("origin", "destination", "cost")
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValidationError(
            [
                Problem(
                    str(path),
                    1,
                    c,
                    f"missing column; need origin, destination, minutes "
                    f"(or cost); found: {', '.join(frame.columns)}",
                )
                for c in missing
            ]
        )
    problems: list[Problem] = []
    for col in ("origin", "destination"):
        frame[col] = frame[col].str.strip()
        for pos in np.flatnonzero(frame[col].isna().to_numpy())[:10]:
            problems.append(Problem(str(path), int(pos) + 2, col, "missing id"))
    cost = pd.to_numeric(frame["cost"], errors="coerce")
    for pos in np.flatnonzero(~(cost >= 0).to_numpy() | ~np.isfinite(cost.to_numpy()))[:10]:
        problems.append(
            Problem(
                str(path),
                int(pos) + 2,
                "minutes",
                f"{frame['cost'].iloc[pos]!r} is not a number of minutes >= 0",
            )
        )
    dup = np.flatnonzero(frame.duplicated(["origin", "destination"]).to_numpy())
    for pos in dup[:10]:
        problems.append(
            Problem(
                str(path),
                int(pos) + 2,
                "origin,destination",
                f"duplicate pair ({frame['origin'].iloc[pos]}, {frame['destination'].iloc[pos]})",
            )
        )
    if problems:
        raise ValidationError(problems, summary=f"{path}: bad travel-time matrix")
    return pd.DataFrame(
        {"origin": frame["origin"], "destination": frame["destination"], "cost": cost.to_numpy()}
    )


@dataclass(frozen=True)
class MatrixCostProvider:
    """Travel times from the user's own long matrix (e.g. an OSRM table), by id.

    Pairs missing from the matrix are out of reach; the caller is told how many origins and
    destinations the matrix does not mention (:meth:`coverage`).
    """

    matrix: pd.DataFrame = field(repr=False)
    description: str = "own travel-time matrix"

    @classmethod
    def from_csv(cls, path: Path) -> MatrixCostProvider:
        return cls(read_cost_matrix(path), description=f"own travel-time matrix {path}")

    def coverage(self, origins: pd.Index, destinations: pd.Index) -> tuple[int, int]:
        """How many of `origins` and `destinations` appear nowhere in the matrix."""
        o = set(self.matrix["origin"].astype(str))
        d = set(self.matrix["destination"].astype(str))
        return (
            sum(str(x) not in o for x in origins),
            sum(str(x) not in d for x in destinations),
        )

    def costs(
        self, origins: pd.DataFrame, destinations: pd.DataFrame, max_cost: float
    ) -> pd.DataFrame:
        m = self.matrix
        o_ids = pd.Index(origins.index.astype(str))
        d_ids = pd.Index(destinations.index.astype(str))
        oi = o_ids.get_indexer(m["origin"].astype(str))
        dj = d_ids.get_indexer(m["destination"].astype(str))
        keep = (oi >= 0) & (dj >= 0) & (m["cost"].to_numpy(dtype=float) <= max_cost)
        return pd.DataFrame(
            {
                "origin": origins.index.to_numpy()[oi[keep]],
                "destination": destinations.index.to_numpy()[dj[keep]],
                "cost": m["cost"].to_numpy(dtype=float)[keep],
            }
        )


__all__ = [
    "RURAL_KMH",
    "URBAN_DENSITY",
    "URBAN_KMH",
    "WADDEN_ISLANDS",
    "MatrixCostProvider",
    "RoadTimeProvider",
    "TravelCostProvider",
    "pairs_within",
    "read_cost_matrix",
    "read_csv_text",
]
