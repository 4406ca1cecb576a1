"""The baseline a scenario is applied to: a region's workforce projection per profession.

The scenario engine never runs the stock-and-flow model itself. It reads, per profession, the
arrays the regional workforce projection produces (:mod:`regioplan.scenarios.adapter` builds
them from :mod:`regioplan.workforce`) and moves the levers of the catalogue on them:

* ``supply_fte`` and ``demand_fte`` per year (the gap is demand - supply);
* ``stock_fte``: FTE of the base-year stock still working (its year-on-year fall is the outflow
  that the ``retention`` lever acts on);
* ``per_intake_fte``: FTE in year k of a constant stream of one trainee per year that starts in
  the first year the intake can change (the model's f3, method section 6.1; the ``intake`` lever);
* ``trainees_settling``: trainees per year that settle in the region in the baseline;
* ``municipality_share``: each municipality's share of the region's demand (for scenarios that
  cover part of the region);
* ``site_uplift``: relative rise of the region's share of new professionals when a training site
  opens in the region (from the projection's distance-decay settlement model);
* ``supply_persons``: the projection's persons per year (for how much supply hangs on one
  physician, :class:`regioplan.scenarios.runner.Dependency`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from regioplan.errors import DataError

Array = NDArray[np.float64]


@dataclass(frozen=True)
class ProfessionBaseline:
    """One profession's projection in one region; arrays have one value per year.

    The arrays are either one projection, shape ``(years,)``, or draws of the projection's own
    Monte Carlo, shape ``(draws, years)`` (then ``trainees_settling`` may be an array (draws,)).
    """

    profession: str
    years: tuple[int, ...]
    supply_fte: Array
    demand_fte: Array
    stock_fte: Array
    per_intake_fte: Array
    intake_start_index: int
    trainees_settling: float | Array
    municipality_share: Mapping[str, float]
    provenance: str = ""
    site_uplift: float = 0.0
    supply_persons: Array | None = None
    """Persons (headcount) of the projection per year, shape (years,); None when the baseline
    does not know them (the dependency view then uses the national FTE per person)."""

    def __post_init__(self) -> None:
        n = len(self.years)
        if self.supply_persons is not None and self.supply_persons.shape != (n,):
            raise DataError(
                f"baseline {self.profession}: supply_persons has shape "
                f"{self.supply_persons.shape}, expected ({n},)"
            )
        draws = {1}
        for name in ("supply_fte", "demand_fte", "stock_fte", "per_intake_fte"):
            arr = getattr(self, name)
            if arr.shape[-1:] != (n,) or arr.ndim > 2:
                raise DataError(
                    f"baseline {self.profession}: {name} has shape {arr.shape}, expected ({n},) "
                    f"or (draws, {n})"
                )
            draws.add(arr.shape[0] if arr.ndim == 2 else 1)
        if len(draws - {1}) > 1:
            raise DataError(f"baseline {self.profession}: arrays differ in draws {sorted(draws)}")
        if not 0 <= self.intake_start_index < n:
            raise DataError(
                f"baseline {self.profession}: intake_start_index {self.intake_start_index} "
                f"outside 0..{n - 1}"
            )

    @property
    def draws(self) -> int:
        """Number of baseline draws (1 for a single projection)."""
        return max(
            (a.shape[0] for a in (self.supply_fte, self.demand_fte) if a.ndim == 2), default=1
        )

    @property
    def gap_fte(self) -> Array:
        out: Array = self.demand_fte - self.supply_fte
        return out

    def coverage(self, municipalities: tuple[str, ...] | None) -> float:
        """Share of the region's demand in `municipalities` (all of it when None)."""
        if municipalities is None:
            return 1.0
        total = float(sum(self.municipality_share.values()))
        if total <= 0:
            return 0.0
        return float(sum(self.municipality_share.get(m, 0.0) for m in municipalities)) / total


@dataclass(frozen=True)
class RegionBaseline:
    """The baseline of a region: one :class:`ProfessionBaseline` per profession."""

    code: str
    name: str
    professions: Mapping[str, ProfessionBaseline]
    density_scale: float = 1.0
    provenance: Mapping[str, Any] = field(default_factory=dict)
    municipality_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def municipalities(self) -> tuple[str, ...]:
        names: set[str] = set()
        for p in self.professions.values():
            names.update(p.municipality_share)
        return tuple(sorted(names))

    @property
    def draws(self) -> int:
        """Number of baseline draws (1 for a single projection)."""
        return max((p.draws for p in self.professions.values()), default=1)

    def context(self, profession: str) -> dict[str, float | Array]:
        """The region properties an effect may use as factors (``region.<name>``)."""
        return {
            "region.density_scale": self.density_scale,
            "region.trainees_settling": self.professions[profession].trainees_settling,
            "region.site_uplift": self.professions[profession].site_uplift,
        }


def density_scale(population: float, area_km2: float, national_density: float) -> float:
    """Travel distance relative to the national mean: sqrt(national / regional density).

    The mean distance between random points in an area scales with 1/sqrt(density); clipped to
    [0.5, 2] so that a tiny or an empty region does not produce extreme values (estimate).

    >>> density_scale(100.0, 4.0, 100.0)
    2.0
    """
    if population <= 0 or area_km2 <= 0:
        return 1.0
    ratio = national_density / (population / area_km2)
    return float(np.clip(np.sqrt(ratio), 0.5, 2.0))


__all__ = ["Array", "ProfessionBaseline", "RegionBaseline", "density_scale"]
