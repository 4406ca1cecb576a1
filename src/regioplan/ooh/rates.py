"""Out-of-hours (ANW) demand: expected contacts with the GP out-of-hours post.

:func:`ooh_rates` calibrates contact rates per person per year by type and age group to the
published national figures (:func:`regioplan.data.calibration`); :func:`ooh_contacts` applies them
to a population by age group. Pure functions, no I/O beyond the bundled calibration table. The
regiobeeld's out-of-hours pressure and the out-of-hours simulation share these rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.data import AGE_GROUPS, AGE_LOWER, calibration
from regioplan.errors import DataError

OOH_TYPES: tuple[str, ...] = ("phone", "consult", "visit")
"""Out-of-hours contact types: telephone advice, consultation at the post, home visit."""

_OOH_TOTAL = "contacten huisartsenpost per 1000 inwoners per jaar (totaal)"
_OOH_SHARES = {
    "phone": "aandeel telefonisch advies van HAP-contacten",
    "consult": "aandeel consult op de post van HAP-contacten",
    "visit": "aandeel visite van HAP-contacten",
}
# Published age-specific rates per 1000 per year: (type, calibration indicator, age lower bounds)
_OOH_ANCHORS = (
    ("consult", "HAP consulten per 1000 inwoners 0-4 jaar", (0,)),
    ("phone", "HAP telefonische consulten per 1000 inwoners 85+", (85, 90, 95)),
    ("visit", "HAP visites per 1000 inwoners 85+", (85, 90, 95)),
)


def _calibration_value(indicator: str) -> float:
    cal = calibration()
    rows = cal[cal["indicator"] == indicator]
    if rows.empty:
        raise DataError(f"calibration figures lack the indicator {indicator!r}")
    return float(rows["value"].iloc[0])


@dataclass(frozen=True)
class OohRates:
    """Out-of-hours contact rates per person per year, per type and age group."""

    rates: pd.DataFrame
    """Index AGE_GROUPS, columns OOH_TYPES: contacts per person per year."""
    national_per_1000: dict[str, float]
    method: str


def ooh_rates(national_by_age: pd.Series, gp_weights: pd.Series) -> OohRates:
    """Age-specific out-of-hours contact rates, calibrated to the published national figures.

    For each type the national rate is the published total (250 per 1000 per year) times the
    published share of that type. Age groups with a published age-specific rate (consultations
    0-4, telephone and home visits 85+) get that rate; the other groups follow the age profile
    of daytime GP contacts (`gp_weights`), scaled so that applied to the national population
    (`national_by_age`) the type's national rate is met exactly.
    """
    total = _calibration_value(_OOH_TOTAL)
    pop = national_by_age.reindex(list(AGE_GROUPS)).astype(float)
    w = gp_weights.reindex(list(AGE_GROUPS)).astype(float)
    columns: dict[str, npt.NDArray[np.float64]] = {}
    national: dict[str, float] = {}
    for kind in OOH_TYPES:
        rate = total * _calibration_value(_OOH_SHARES[kind]) / 1000.0
        national[kind] = rate * 1000.0
        fixed = np.zeros(len(AGE_GROUPS), dtype=bool)
        values = np.zeros(len(AGE_GROUPS))
        for anchor_kind, indicator, lowers in _OOH_ANCHORS:
            if anchor_kind == kind:
                for i, lo in enumerate(AGE_LOWER):
                    if lo in lowers:
                        fixed[i] = True
                        values[i] = _calibration_value(indicator) / 1000.0
        target = rate * pop.sum() - float((values * pop.to_numpy())[fixed].sum())
        free = ~fixed
        base = float((w.to_numpy() * pop.to_numpy())[free].sum())
        if target <= 0 or base <= 0:
            raise DataError(f"out-of-hours rates for {kind!r} cannot be calibrated")
        values[free] = w.to_numpy()[free] * target / base
        columns[kind] = values
    method = (
        f"national rate {total:g} contacts per 1000 inhabitants per year split by the published "
        "shares of telephone advice, consultation and home visit; published age-specific rates "
        "for consultations 0-4 and for telephone advice and visits 85+; other ages follow the "
        "age profile of daytime GP contacts, scaled to the national rate (estimate)"
    )
    return OohRates(pd.DataFrame(columns, index=list(AGE_GROUPS)), national, method)


def ooh_contacts(by_age: pd.Series, rates: OohRates) -> dict[str, float]:
    """Expected out-of-hours contacts per year by type for a population by age group."""
    pop = by_age.reindex(list(AGE_GROUPS)).astype(float).to_numpy()
    return {kind: float(pop @ rates.rates[kind].to_numpy()) for kind in OOH_TYPES}


__all__ = ["OOH_TYPES", "OohRates", "ooh_contacts", "ooh_rates"]
