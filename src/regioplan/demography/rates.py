"""Demographic rates of the cohort-component projection, with their sources.

All rates are per 5-year age group (:data:`regioplan.data.AGE_GROUPS`), both sexes combined,
because the bundled population by age has no sex split.

- Mortality: annual probability of dying, rounded from the CBS life tables (StatLine 37360NED,
  "Levensverwachting; geslacht, leeftijd", sterftekansen 2022-2023, both sexes, averaged over the
  five single years of each group). These are published figures read to two significant digits,
  not a download. Applied to the bundled 2024 population they give about 158,000 deaths against
  CBS's 169,000 in 2023: they are about 8 % (under 80) to 13 % (80+) below the deaths CBS
  counted in 2021-2023 (see docs/data.md, where the bundled 2024 ages are made).
- Mortality improvement: a yearly fall of death rates at ages 65+ (CBS Kernprognose assumes life
  expectancy keeps rising). Its value is *calibrated*: it is the one free parameter fitted so the
  national projection of the population aged 80+ reaches the CBS Kernprognose 2024-2070 figure
  for 2045 (1.8 million, bundled calibration figures).
- Fertility: births per woman per year by age of the mother, shaped after CBS StatLine 37201
  (2023) and scaled to the total fertility rate of 1.43 (CBS, 2023). The share of women in the
  childbearing groups is 0.495 (sex ratio about 1.02 at ages 15-49).
- Migration: net international migration of 92,000 persons a year, an assumption *calibrated* so
  that the population passes 19 million in 2037 (CBS Kernprognose 2024-2070, bundled calibration
  figures), spread over ages with a profile peaking at 20-29 (assumption, after the CBS
  immigration age pattern) and over municipalities in proportion to their population
  (assumption; internal migration between municipalities is not modelled).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from regioplan.data import AGE_GROUPS
from regioplan.errors import ParameterError

Array = NDArray[np.float64]

MORTALITY_2023: tuple[float, ...] = (
    0.0008, 0.00007, 0.00008, 0.00018, 0.00027, 0.0003, 0.0004, 0.00055, 0.0009, 0.0015,
    0.0024, 0.0039, 0.0064, 0.0105, 0.0175, 0.030, 0.056, 0.102, 0.190, 0.330,
)  # fmt: skip
"""Annual death probability per age group, both sexes (CBS life tables 2022-2023, rounded)."""

FERTILITY_2023: tuple[float, ...] = (
    0.0, 0.0, 0.0, 0.002, 0.018, 0.068, 0.115, 0.067, 0.015, 0.001,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
)  # fmt: skip
"""Births per woman per year by age group of the mother (TFR = 5 x sum = 1.43)."""

FEMALE_SHARE = 0.495
"""Share of women in the childbearing age groups."""

MIGRATION_PROFILE: tuple[float, ...] = (
    0.05, 0.04, 0.03, 0.09, 0.20, 0.20, 0.13, 0.10, 0.05, 0.04,
    0.03, 0.02, 0.01, 0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
)  # fmt: skip
"""Share of net migrants per age group (assumption; sums to 1)."""

NET_MIGRATION = 92_000.0
"""Net international migration, persons per year (calibrated: 19 million passed in 2037; any value
from about 90,200 to 94,000 passes it in 2037 from the bundled 2024 ages, 92,000 is the middle)."""

MORTALITY_IMPROVEMENT = 0.015
"""Yearly relative fall of death rates at ages 65+ (calibrated: 1.8 million aged 80+ in 2045)."""

RATES_YEAR = 2023


@dataclass(frozen=True)
class DemographicRates:
    """The rates of one projection; the defaults are documented in this module.

    >>> r = DemographicRates()
    >>> round(r.total_fertility, 2)
    1.43
    """

    mortality: tuple[float, ...] = MORTALITY_2023
    fertility: tuple[float, ...] = FERTILITY_2023
    female_share: float = FEMALE_SHARE
    mortality_improvement: float = MORTALITY_IMPROVEMENT
    improvement_from_age: int = 65
    net_migration: float = NET_MIGRATION
    migration_profile: tuple[float, ...] = MIGRATION_PROFILE
    rates_year: int = RATES_YEAR
    sources: dict[str, str] = field(
        default_factory=lambda: {
            "mortality": "CBS life tables 2022-2023 (StatLine 37360NED), rounded, both sexes",
            "mortality_improvement": "calibrated to CBS Kernprognose: 1.8 mln aged 80+ in 2045",
            "fertility": "CBS StatLine 37201 (2023) age pattern, scaled to TFR 1.43",
            "migration": "assumption calibrated to CBS Kernprognose 2024-2070: 19 mln in 2037",
        },
        compare=False,
    )

    def __post_init__(self) -> None:
        n = len(AGE_GROUPS)
        for name in ("mortality", "fertility", "migration_profile"):
            values = getattr(self, name)
            if len(values) != n:
                raise ParameterError(
                    f"{name} needs {n} values (one per age group), got {len(values)}"
                )
            bad = [(g, v) for g, v in zip(AGE_GROUPS, values, strict=True) if not v >= 0]
            if bad:
                raise ParameterError(f"{name}[{bad[0][0]}] = {bad[0][1]} must be 0 or more")
        if not all(q < 1 for q in self.mortality):
            raise ParameterError("mortality: every death probability must lie in [0, 1)")
        if abs(sum(self.migration_profile) - 1) > 1e-9:
            raise ParameterError(
                f"migration_profile must sum to 1, sums to {sum(self.migration_profile)}"
            )
        for name, value, lo, hi in (
            ("female_share", self.female_share, 0.0, 1.0),
            ("mortality_improvement", self.mortality_improvement, 0.0, 0.5),
        ):
            if not lo <= value <= hi:
                raise ParameterError(f"{name} = {value} is out of range [{lo:g}, {hi:g}]")

    @property
    def total_fertility(self) -> float:
        return 5.0 * sum(self.fertility)

    def death_rates(self, year: int) -> Array:
        """Death probabilities in `year`, with the yearly improvement at older ages."""
        q = np.asarray(self.mortality, dtype=np.float64)
        old = np.arange(0, 5 * len(q), 5) >= self.improvement_from_age
        factor = (1.0 - self.mortality_improvement) ** max(0, year - self.rates_year)
        out: Array = np.where(old, q * factor, q)
        return out


__all__ = [
    "FEMALE_SHARE",
    "FERTILITY_2023",
    "MIGRATION_PROFILE",
    "MORTALITY_2023",
    "MORTALITY_IMPROVEMENT",
    "NET_MIGRATION",
    "DemographicRates",
]
