"""Figures the regiobeeld computes itself from the bundled data: pure functions, no I/O.

- :func:`ooh_contacts`: expected contacts with the GP out-of-hours post (huisartsenpost) per year
  by type, from the age structure and the published rates in :func:`regioplan.data.calibration`.
- :func:`spearman`: Spearman rank correlation with a seeded two-sided permutation p-value
  (numpy only), used for the distance question.
- :func:`gini`, :func:`weighted_quantile`: inequality measures over areas.
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


def _ranks(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Average ranks (ties share their mean rank), 1-based."""
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(1, len(x) + 1, dtype=float)
    values, inverse = np.unique(x, return_inverse=True)
    if len(values) < len(x):
        sums = np.bincount(inverse, weights=ranks)
        counts = np.bincount(inverse)
        ranks = (sums / counts)[inverse]
    return ranks


@dataclass(frozen=True)
class RankTest:
    """Spearman's rho with a two-sided permutation p-value."""

    rho: float
    p_value: float
    n: int
    permutations: int


def spearman(
    x: npt.ArrayLike, y: npt.ArrayLike, *, seed: int, permutations: int = 9999
) -> RankTest:
    """Spearman rank correlation of `x` and `y` and its two-sided permutation p-value.

    The p-value is (1 + #{|rho_perm| >= |rho|}) / (1 + permutations) over random permutations of
    the ranks of `y` (seeded), which is exact in expectation and needs no distribution table.
    Pairs with a missing value are dropped. Fewer than 3 pairs or a constant variable give
    rho = nan and p = 1.
    """
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    keep = np.isfinite(xa) & np.isfinite(ya)
    xa, ya = xa[keep], ya[keep]
    n = len(xa)
    if n < 3 or np.ptp(xa) == 0 or np.ptp(ya) == 0:
        return RankTest(float("nan"), 1.0, n, 0)
    rx = _ranks(xa)
    ry = _ranks(ya)
    rx = (rx - rx.mean()) / np.sqrt(((rx - rx.mean()) ** 2).sum())
    ry = (ry - ry.mean()) / np.sqrt(((ry - ry.mean()) ** 2).sum())
    rho = float(rx @ ry)
    rng = np.random.default_rng(seed)
    hits = 0
    done = 0
    batch = max(1, min(permutations, 2_000_000 // n))
    while done < permutations:
        k = min(batch, permutations - done)
        perm = rng.permuted(np.broadcast_to(ry, (k, n)), axis=1)
        hits += int((np.abs(perm @ rx) >= abs(rho) - 1e-12).sum())
        done += k
    return RankTest(rho, (1 + hits) / (1 + permutations), n, permutations)


def gini(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Gini coefficient of `values` over areas weighted by `weights` (e.g. population)."""
    v = np.asarray(values, dtype=float)
    w = np.ones_like(v) if weights is None else np.asarray(weights, dtype=float)
    keep = np.isfinite(v) & (w > 0)
    v, w = v[keep], w[keep]
    if len(v) == 0 or v.sum() == 0:
        return float("nan")
    order = np.argsort(v)
    v, w = v[order], w[order]
    cw = np.cumsum(w) / w.sum()
    cv = np.cumsum(v * w) / (v * w).sum()
    prev_w = np.concatenate([[0.0], cw[:-1]])
    prev_v = np.concatenate([[0.0], cv[:-1]])
    return float(1.0 - ((cw - prev_w) * (cv + prev_v)).sum())


def weighted_quantile(values: npt.ArrayLike, weights: npt.ArrayLike, q: float) -> float:
    """The `q` quantile of `values` with `weights` (e.g. the population's P10 of access)."""
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    keep = np.isfinite(v) & (w > 0)
    v, w = v[keep], w[keep]
    if len(v) == 0:
        return float("nan")
    order = np.argsort(v)
    v, w = v[order], w[order]
    cw = np.cumsum(w) / w.sum()
    return float(v[min(int(np.searchsorted(cw, q)), len(v) - 1)])


def age_sum(by_age: pd.Series, lower: int) -> float:
    """Persons aged `lower` and over in a population by age group."""
    cols = [g for g, lo in zip(AGE_GROUPS, AGE_LOWER, strict=True) if lo >= lower]
    return float(by_age.reindex(cols).sum())


__all__ = [
    "OOH_TYPES",
    "OohRates",
    "RankTest",
    "age_sum",
    "gini",
    "ooh_contacts",
    "ooh_rates",
    "spearman",
    "weighted_quantile",
]
