"""Uncertainty: draws over the parameter ranges, percentiles and a sensitivity ranking.

Every parameter is drawn from the triangular distribution on (low, likely, high) of the scenario
(the catalogue's range unless the file sets its own); a fixed value is a point mass. Draws are
made by inverse transform from one ``(draws, parameters)`` block of uniforms, so a seed fixes all
values and the order of columns is the scenario's :attr:`~Scenario.parameter_keys`.

Sensitivity has two views of one outcome (the gap closed in a chosen year, per profession):
Spearman rank correlation of each parameter with the outcome over the Monte Carlo draws, and the
one-at-a-time swing: the outcome with the parameter at its low and at its high value while all
others stay at their likely value. The ranking orders parameters by the larger absolute swing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regioplan.scenarios.baseline import Array
from regioplan.scenarios.files import ParamRange, Scenario

QUANTILES: tuple[float, float, float] = (0.1, 0.5, 0.9)


def _ranges(scenario: Scenario) -> list[tuple[str, ParamRange]]:
    return [(f"{u.label}.{p}", r) for u in scenario.uses for p, r in u.parameters.items()]


def triangular(u: Array, low: float, likely: float, high: float) -> Array:
    """Inverse CDF of the triangular distribution at uniforms `u` (point mass if low == high).

    >>> triangular(np.array([0.0, 0.5, 1.0]), 0.0, 0.5, 1.0).tolist()
    [0.0, 0.5, 1.0]
    """
    if high == low:
        return np.full(u.shape, likely)
    width = high - low
    c = (likely - low) / width
    left = low + np.sqrt(u * width * (likely - low))
    right = high - np.sqrt((1.0 - u) * width * (high - likely))
    out: Array = np.where(u < c, left, right)
    return out


def sample_values(scenario: Scenario, draws: int, rng: np.random.Generator) -> dict[str, Array]:
    """`draws` values of every parameter of `scenario` (arrays of shape (draws,))."""
    ranges = _ranges(scenario)
    u = rng.random((draws, len(ranges)))
    return {key: triangular(u[:, j], r.low, r.likely, r.high) for j, (key, r) in enumerate(ranges)}


def likely_values(scenario: Scenario) -> dict[str, Array]:
    """Every parameter at its likely value (one draw)."""
    return {key: np.array([r.likely]) for key, r in _ranges(scenario)}


def swing_design(scenario: Scenario) -> tuple[dict[str, Array], list[str]]:
    """Design for the one-at-a-time swings: row 0 all likely, then (low, high) per parameter.

    Returns the values (2n + 1 rows) and the parameter keys that vary (non-fixed), in order.
    """
    ranges = _ranges(scenario)
    varying = [k for k, r in ranges if not r.fixed]
    rows = 1 + 2 * len(varying)
    values = {k: np.full(rows, r.likely) for k, r in ranges}
    lookup = dict(ranges)
    for i, key in enumerate(varying):
        values[key][1 + 2 * i] = lookup[key].low
        values[key][2 + 2 * i] = lookup[key].high
    return values, varying


def _ranks(x: Array) -> Array:
    """Average ranks of `x` along axis 0 (ties share their mean rank)."""
    order = np.argsort(x, axis=0, kind="stable")
    ranks = np.empty_like(x, dtype=np.float64)
    n = x.shape[0]
    np.put_along_axis(ranks, order, np.arange(n, dtype=np.float64)[:, None], axis=0)
    # resolve ties column by column only where present (draws are continuous in practice)
    tied = (np.diff(np.take_along_axis(x, order, axis=0), axis=0) == 0).any(axis=0)
    for j in np.flatnonzero(tied):
        col = x[:, j]
        _, inv, counts = np.unique(col, return_inverse=True, return_counts=True)
        sums = np.bincount(inv, weights=ranks[:, j])
        ranks[:, j] = (sums / counts)[inv]
    return ranks


def centred_ranks(x: Array) -> Array:
    """Average ranks of each column of `x` (draws, n), centred on their mean."""
    r = _ranks(x)
    out: Array = r - r.mean(axis=0)
    return out


def spearman(params: Array, outcome: Array, *, param_ranks: Array | None = None) -> Array:
    """Spearman correlation of each column of `params` (draws, n) with `outcome` (draws,).

    `param_ranks` (from :func:`centred_ranks`) saves ranking the parameters again when several
    outcomes are correlated with one sample. Constant columns (or a constant outcome) give NaN.
    """
    if params.shape[0] < 3:
        return np.full(params.shape[1], np.nan)
    rp = centred_ranks(params) if param_ranks is None else param_ranks
    ro = centred_ranks(outcome[:, None])[:, 0]
    sd_p = np.sqrt((rp**2).sum(axis=0))
    sd_o = np.sqrt((ro**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Array = (rp * ro[:, None]).sum(axis=0) / (sd_p * sd_o)
    return out


@dataclass(frozen=True)
class Sensitivity:
    """How much one parameter moves the gap closed in `year` for one profession (FTE)."""

    parameter: str
    profession: str
    year: int
    at_low: float
    at_high: float
    spearman: float

    @property
    def swing(self) -> float:
        """Largest absolute change from the likely outcome, FTE."""
        return max(abs(self.at_low), abs(self.at_high))

    def to_dict(self) -> dict[str, object]:
        return {
            "parameter": self.parameter,
            "profession": self.profession,
            "year": self.year,
            "change_at_low_fte": round(self.at_low, 3),
            "change_at_high_fte": round(self.at_high, 3),
            "swing_fte": round(self.swing, 3),
            "spearman": None if not np.isfinite(self.spearman) else round(self.spearman, 3),
        }


__all__ = [
    "QUANTILES",
    "Sensitivity",
    "centred_ranks",
    "likely_values",
    "sample_values",
    "spearman",
    "swing_design",
    "triangular",
]
