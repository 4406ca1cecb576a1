"""Ranking bed units for a request: fit to the needs first, then travel time, stale last.

Pure: the service reads the candidates and hands them here with the travel-cost provider of
:mod:`regioplan.access` (by default its offline road-time estimate from the preferred
municipality's population-weighted centre to each location).

The order is: figures confirmed recently before stale ones; then locations that offer every
need before those that miss some (fit = share of the request's needs the location offers; 1.0
when the request lists none); then shorter travel time (unknown last); then more offerable
beds; then the bed unit's id, so the order is total and repeatable.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from regioplan.access.costs import RoadTimeProvider, TravelCostProvider
from regioplan.placement.model import Match


@dataclass(frozen=True)
class Candidate:
    """A free bed unit of the requested type with its location and capacity figure."""

    bed_unit_id: int
    bed_unit: str
    location_id: int
    location: str
    organisation_id: int
    organisation: str
    municipality: str
    lat: float
    lon: float
    features: tuple[str, ...]
    bed_type: str
    offerable: int
    stale: bool
    confirmed_at: dt.datetime
    example: bool


def travel_minutes(
    origin: tuple[float, float, float],
    points: Sequence[tuple[int, float, float]],
    max_minutes: float,
    provider: TravelCostProvider | None = None,
) -> dict[int, float]:
    """Minutes from `origin` (lat, lon, area km2) to each (id, lat, lon) within `max_minutes`."""
    if not points:
        return {}
    origins = pd.DataFrame(
        {"lat": [origin[0]], "lon": [origin[1]], "area_km2": [origin[2]]}, index=["origin"]
    )
    destinations = pd.DataFrame(
        {"lat": [p[1] for p in points], "lon": [p[2] for p in points]},
        index=[p[0] for p in points],
    )
    costs = (provider or RoadTimeProvider()).costs(origins, destinations, float(max_minutes))
    return {int(d): float(c) for d, c in zip(costs["destination"], costs["cost"], strict=True)}


class TravelTimes:
    """:func:`travel_minutes` remembered per (origin, destination) pair, for one provider and
    limit: a bed's location and a request's municipality rarely move, and matching runs on every
    look at a request (a pair beyond the limit is remembered as such). Thread-safe enough for
    a cache: two threads may compute the same pair once each. At most `size` pairs are kept
    (the cache starts afresh beyond that)."""

    def __init__(
        self, provider: TravelCostProvider | None, max_minutes: float, size: int = 200_000
    ) -> None:
        self.provider = provider
        self.max_minutes = float(max_minutes)
        self.size = size
        self._pairs: dict[tuple[tuple[float, float, float], float, float], float | None] = {}

    def minutes(
        self, origin: tuple[float, float, float], points: Sequence[tuple[int, float, float]]
    ) -> dict[int, float]:
        """Like :func:`travel_minutes` with this provider and limit."""
        pairs = self._pairs
        if len(pairs) + len(points) > self.size:
            pairs = self._pairs = {}
        missing = [p for p in points if (origin, p[1], p[2]) not in pairs]
        if missing:
            found = travel_minutes(origin, missing, self.max_minutes, self.provider)
            for p in missing:
                pairs[(origin, p[1], p[2])] = found.get(p[0])
        out: dict[int, float] = {}
        for p in points:
            value = pairs.get((origin, p[1], p[2]))
            if value is not None:
                out[p[0]] = value
        return out


def rank(
    candidates: Sequence[Candidate],
    needs: Sequence[str],
    minutes: dict[int, float],
    limit: int | None = None,
) -> list[Match]:
    """`candidates` as matches in rank order (see the module docstring); `minutes` maps a
    location id to its travel time (absent: beyond the limit or unknown)."""
    matches = []
    for c in candidates:
        met = tuple(n for n in needs if n in c.features)
        missing = tuple(n for n in needs if n not in c.features)
        fit = 1.0 if not needs else len(met) / len(needs)
        matches.append(
            Match(
                bed_unit_id=c.bed_unit_id,
                bed_unit=c.bed_unit,
                location_id=c.location_id,
                location=c.location,
                organisation_id=c.organisation_id,
                organisation=c.organisation,
                municipality=c.municipality,
                bed_type=c.bed_type,
                needs_met=met,
                needs_missing=missing,
                fit=round(fit, 4),
                travel_minutes=(
                    round(minutes[c.location_id], 1) if c.location_id in minutes else None
                ),
                offerable=c.offerable,
                stale=c.stale,
                confirmed_at=c.confirmed_at,
                example=c.example,
            )
        )

    def key(m: Match) -> tuple[bool, float, float, int, int]:
        travel = m.travel_minutes if m.travel_minutes is not None else math.inf
        return (m.stale, -m.fit, travel, -m.offerable, m.bed_unit_id)

    matches.sort(key=key)
    return matches if limit is None else matches[:limit]


__all__ = ["Candidate", "TravelTimes", "rank", "travel_minutes"]
