"""The result of a region's accessibility computation: scores per area with units and provenance.

Made by :func:`regioplan.access.region_access`; units are ``regioplan.access.regional.UNIT``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from regioplan.access.inequality import AccessSummary, ThresholdRule, summarise
from regioplan.errors import ParameterError


@dataclass(frozen=True)
class RegionAccess:
    """Accessibility of one profession in a region, with its units and provenance.

    `areas` (indexed by area id) has name, municipality, population, demand and ``score`` (or one
    column per supply scenario: `scenarios`). Units: :data:`UNIT`.
    """

    region: str
    region_name: str
    profession: str
    method: str
    level: str
    weights: str
    max_cost: float
    unit: str
    areas: pd.DataFrame = field(compare=False)
    scenarios: tuple[str, ...]
    costs_source: str
    population_source: str
    supply_fte_own: float
    supply_fte_estimate: float
    supply_points: int
    buffer_areas: int
    buffer_points: int
    year: int | None = None
    """The projected year (1 January), or None for today (2024 population, current supply)."""
    projection: Mapping[str, Any] = field(default_factory=dict, compare=False)
    """For a projected year: which projections gave population, demand and supply (estimate)."""

    @property
    def scores(self) -> pd.Series:
        """Scores of the first (or only) scenario, indexed by area id."""
        s: pd.Series = self.areas[self.scenarios[0]].rename("score")
        return s

    def summary(
        self, *, threshold: ThresholdRule = "median", fraction: float = 1.0, scenario: str = ""
    ) -> AccessSummary:
        """Inequality and shortage over the region's areas (see :func:`summarise`)."""
        col = scenario or self.scenarios[0]
        if col not in self.scenarios:
            raise ParameterError(f"unknown scenario {col!r}; allowed: {', '.join(self.scenarios)}")
        return summarise(
            self.areas[col],
            self.areas["population"],
            threshold=threshold,
            fraction=fraction,
            unit=self.unit,
        )

    def to_dict(self, summary: AccessSummary | None = None) -> dict[str, Any]:
        """JSON-ready result: region, profession, provenance, summary and one record per area.

        The shape of ``regioplan access compute REGION --json``; `summary` defaults to
        :meth:`summary` with the region's median as threshold.
        """
        column = "fte_within_reach" if self.method == "cumulative" else "fte_per_10000"
        frame = self.areas.rename(columns={"score": column}).reset_index()
        scores = [column] if self.scenarios == ("score",) else list(self.scenarios)
        return {
            "region": self.region,
            "region_name": self.region_name,
            "profession": self.profession,
            "level": self.level,
            "units": {
                "population": (
                    "inhabitants (1-1-2024)"
                    if self.year is None
                    else f"inhabitants (1-1-{self.year}, projected; estimate)"
                ),
                "demand": "use-weighted inhabitants (population x age-specific use / national "
                "mean use)",
                **{c: self.unit for c in scores},
            },
            "provenance": self.provenance(),
            "summary": (summary or self.summary()).to_dict(),
            "areas": frame.to_dict(orient="records"),
        }

    def provenance(self) -> dict[str, Any]:
        """Where every number comes from (JSON-ready)."""
        extra = (
            {} if self.year is None else {"year": self.year, "projection": dict(self.projection)}
        )
        return {
            "unit": self.unit,
            "method": self.method,
            "weights": self.weights,
            "catchment_minutes": self.max_cost,
            "travel_costs": self.costs_source,
            "population": self.population_source,
            "supply_fte_own_data": self.supply_fte_own,
            "supply_fte_estimate": self.supply_fte_estimate,
            "supply_points": self.supply_points,
            "buffer": {
                "areas_outside_region": self.buffer_areas,
                "supply_points_outside_region": self.buffer_points,
            },
            **extra,
        }


__all__ = ["RegionAccess"]
