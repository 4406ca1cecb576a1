"""Age-specific use of care per profession, the weights that turn population into demand.

- GP: contacts with the GP practice per person per year by age (Nivel Zorgregistraties 2017 via
  staatvenz.nl, in the bundled calibration figures). The published bands (0-4, 5-17, 18-44,
  45-64, 65-74, 75-84, 85+) are mapped to 5-year groups; 15-19 is the person-weighted mix of
  3 years at the 5-17 rate and 2 years at the 18-44 rate.
- SO: the population aged 80+ (weight 1 for 80-84 and older, 0 below): elderly-care physicians
  treat nursing-home residents and frail elderly at home, almost all of them 80+.
- AVG: total population (weight 1): no age-specific public rate for people with an intellectual
  disability is bundled; prevalence is roughly flat over age.
"""

from __future__ import annotations

import pandas as pd

from regioplan.data import AGE_GROUPS, AGE_LOWER, PROFESSIONS, calibration
from regioplan.errors import InputError

_GP_BANDS = {  # calibration indicator suffix -> (lower, upper) age in years, inclusive
    "0-4 jaar": (0, 4),
    "5-17 jaar": (5, 17),
    "18-44 jaar": (18, 44),
    "45-64 jaar": (45, 64),
    "65-74 jaar": (65, 74),
    "75-84 jaar": (75, 84),
    "85+ jaar": (85, 200),
}

USAGE_SOURCES: dict[str, str] = {
    "gp": "GP practice contacts per person per year by age, Nivel Zorgregistraties 2017 "
    "(staatvenz.nl)",
    "so": "population aged 80+ (proxy for elderly-care physician demand)",
    "avg": "total population (no age-specific rate available)",
}


def _gp_rates() -> dict[tuple[int, int], float]:
    cal = calibration()
    rows = cal[cal["indicator"].str.startswith("contacten huisartsenpraktijk per patient ")]
    rates: dict[tuple[int, int], float] = {}
    for indicator, value in zip(rows["indicator"], rows["value"], strict=True):
        band = str(indicator).removeprefix("contacten huisartsenpraktijk per patient ")
        if band in _GP_BANDS:
            rates[_GP_BANDS[band]] = float(value)
    if len(rates) != len(_GP_BANDS):
        raise InputError("calibration figures lack some GP contact rates by age")
    return rates


def usage_weights(profession: str) -> pd.Series:
    """Use of care per person per year for each 5-year age group (index: AGE_GROUPS).

    >>> round(float(usage_weights("gp")["age_90_94"]), 1)
    13.3
    """
    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; allowed: {', '.join(PROFESSIONS)}")
    if profession == "avg":
        return pd.Series(1.0, index=list(AGE_GROUPS), name="avg")
    if profession == "so":
        return pd.Series(
            [1.0 if lo >= 80 else 0.0 for lo in AGE_LOWER], index=list(AGE_GROUPS), name="so"
        )
    rates = _gp_rates()
    values = []
    for lo in AGE_LOWER:
        hi = lo + 4
        years = range(lo, hi + 1)
        per_year = [next(r for (a, b), r in rates.items() if a <= y <= b) for y in years]
        values.append(sum(per_year) / len(per_year))
    return pd.Series(values, index=list(AGE_GROUPS), name="gp")


def weighted_population(population_by_age: pd.DataFrame, profession: str) -> pd.Series:
    """Demand units per row: population by age (columns AGE_GROUPS) times the usage weights."""
    w = usage_weights(profession)
    missing = [c for c in AGE_GROUPS if c not in population_by_age.columns]
    if missing:
        raise InputError(f"population table lacks age columns: {', '.join(missing)}")
    result: pd.Series = population_by_age[list(AGE_GROUPS)].astype(float) @ w
    return result


__all__ = ["USAGE_SOURCES", "usage_weights", "weighted_population"]
