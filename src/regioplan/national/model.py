"""Typed results of the national picture (issue #22): where each region stands, the distance
pattern across the country, and how fragile a small profession is in a region.

These are plain frozen dataclasses shared by the engine (:mod:`regioplan.national.compare`,
:mod:`regioplan.national.pattern`), the regiobeeld's section "Waar staat de regio?" and the
dashboard's national page. Every figure is an estimate of the models named in `provenance`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from regioplan.data import Profession


@dataclass(frozen=True)
class Band3:
    """P10, P50 and P90 of a quantity over the Monte Carlo draws."""

    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class RegionStanding:
    """One region of a level among all regions of that level, for one profession.

    Relative gaps are (demand - supply) / demand: positive a shortage, negative a surplus. The
    rank is 1 for the largest relative shortage at the horizon; its band comes from ranking the
    regions within every Monte Carlo draw (a region's rank is uncertain too).
    """

    code: str
    name: str
    population: int
    """Inhabitants on 1-1-2024 (CBS)."""
    gap_now: Band3
    """Relative gap in the model's first year."""
    gap_horizon: Band3
    """Relative gap in the horizon year."""
    gap_horizon_fte: Band3
    """Gap in FTE in the horizon year."""
    rank: Band3
    """Rank by relative gap at the horizon over the draws (1 = largest shortage)."""
    access: float
    """Today's accessibility, population-weighted mean over the region's municipalities (FTE per
    10,000 use-weighted inhabitants; regioplan.access, E2SFCA)."""
    access_vs_national: float
    """`access` divided by the national population-weighted mean (1.0 = the country)."""
    ageing_75: float
    """Relative growth of the region's 75+ population from 2024 to the horizon."""
    distance_km: float
    """Population-weighted mean road-equivalent km to the nearest training centre of the
    profession (an estimate)."""
    own_data: bool = False
    """True when the region's workforce figures rest on its own imported data."""


@dataclass(frozen=True)
class NationalComparison:
    """Every region of `level` side by side for `profession` (issue #22 item 1)."""

    level: str
    profession: Profession
    horizon: int
    first_year: int
    draws: int
    seed: int
    rows: tuple[RegionStanding, ...]
    """Sorted by median rank (1 first)."""
    provenance: dict[str, str] = field(default_factory=dict)

    def standing(self, code: str) -> RegionStanding | None:
        """The row of region `code`, None when it is not a region of this level."""
        return next((r for r in self.rows if r.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


PatternBasis = Literal["model", "measured", "mixed"]


@dataclass(frozen=True)
class DistancePattern:
    """Does the (relative) gap grow with the distance to the nearest training centre, across
    the regions of `level` or the 342 municipalities (``level="gemeente"``)? (issue #22 item 2)

    `basis` says what the pattern rests on: ``model`` when every unit's workforce is the
    bundled estimate split by the model's settling assumption (the pattern is then partly an
    assumption), ``measured`` when every unit has its own imported workforce data, ``mixed``
    otherwise; `own_data_regions` lists the codes that contributed own data.
    """

    profession: Profession
    level: str
    year: int
    n: int
    rho: float
    p_value: float
    permutations: int
    points: tuple[tuple[str, str, float, float, int], ...]
    """(code, name, km, relative gap, population) per unit."""
    basis: PatternBasis
    own_data_regions: tuple[str, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict)
    own_data_units: int = 0
    """How many of the `n` units rest (partly) on own data (0 for basis ``model``)."""

    @property
    def shown(self) -> bool:
        """The pattern is shown at the 5 % level (two-sided permutation test)."""
        return self.p_value < 0.05


@dataclass(frozen=True)
class Fragility:
    """What one physician leaving does to a region's supply of one profession (issue #22 item 3).

    `fte_per_person` is the region's FTE per head; `one_leaves_share` that FTE as a share of the
    region's supply; `worst_access_change` the relative change of the mean accessibility of the
    worst-served tenth of the region's areas (PC4, population-weighted) when one average
    physician's FTE leaves the region; `p_below` the Monte Carlo probability that supply in
    `year` falls below `floor_fte` (the level the region sets; by default `floor_share` of today's
    supply); `flag` is set when one physician carries more than `flag_share` of supply.
    """

    code: str
    profession: Profession
    supply_fte: float
    supply_persons: float
    fte_per_person: float
    one_leaves_share: float
    worst_access_change: float
    year: int
    floor_fte: float
    floor_share: float
    p_below: float
    flag_share: float
    flag: bool
    provenance: dict[str, str] = field(default_factory=dict)


__all__ = [
    "Band3",
    "DistancePattern",
    "Fragility",
    "NationalComparison",
    "PatternBasis",
    "RegionStanding",
]
