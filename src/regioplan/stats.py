"""Shared statistics: a distribution, ranks and rank correlation, inequality, weighted quantiles.

Pure numpy functions, used by the engines (access, workforce, scenarios) and the regiobeeld alike,
so that each measure has one definition.

- :func:`triangular`: inverse CDF of the triangular distribution, the draws of every Monte Carlo
  (workforce parameters, settlement parameters, scenario parameters).
- :func:`ranks`, :func:`centred_ranks`: average ranks (of a vector, or of each column).
- :func:`spearman`: Spearman's rho of two variables with a seeded two-sided permutation p-value
  (the regiobeeld's distance question); :func:`spearman_columns`: rho of each column of a sample
  with one outcome (the scenarios' sensitivity ranking).
- :func:`gini`, :func:`weighted_quantile`: inequality measures over areas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def triangular(
    u: Array | float, low: Array | float, mode: Array | float, high: Array | float
) -> Array:
    """Inverse CDF of the triangular distribution on (`low`, `mode`, `high`) at uniforms `u`.

    Arguments broadcast against each other (e.g. `u` of shape (draws, 1) against parameters of
    shape (1, n)). The mode is clipped to [low, high]; where low == high the value is `low` (a
    point mass).

    >>> triangular(np.array([0.0, 0.5, 1.0]), 0.0, 0.5, 1.0).tolist()
    [0.0, 0.5, 1.0]
    >>> triangular(np.array([0.3]), 2.0, 2.0, 2.0).tolist()
    [2.0]
    """
    mode = np.clip(mode, low, high)
    span = np.subtract(high, low)
    safe = np.where(span > 0, span, 1.0)
    cut = np.where(span > 0, (mode - low) / safe, 0.5)
    left = low + np.sqrt(np.maximum(u * span * (mode - low), 0.0))
    right = high - np.sqrt(np.maximum((1 - np.asarray(u)) * span * (high - mode), 0.0))
    out: Array = np.where(span > 0, np.where(u <= cut, left, right), low)
    return out


def ranks(x: npt.ArrayLike) -> Array:
    """Average ranks (ties share their mean rank), 1-based; of each column when `x` is 2-D.

    >>> ranks([3.0, 1.0, 3.0]).tolist()
    [2.5, 1.0, 2.5]
    >>> ranks([[1.0, 5.0], [2.0, 4.0]]).tolist()
    [[1.0, 2.0], [2.0, 1.0]]
    """
    a = np.asarray(x, dtype=np.float64)
    cols = a.reshape(a.shape[0], -1)
    order = np.argsort(cols, axis=0, kind="stable")
    out = np.empty_like(cols)
    n = cols.shape[0]
    np.put_along_axis(out, order, np.arange(1, n + 1, dtype=np.float64)[:, None], axis=0)
    # resolve ties column by column only where present (draws are continuous in practice)
    tied = (np.diff(np.take_along_axis(cols, order, axis=0), axis=0) == 0).any(axis=0)
    for j in np.flatnonzero(tied):
        _, inverse, counts = np.unique(cols[:, j], return_inverse=True, return_counts=True)
        sums = np.bincount(inverse, weights=out[:, j])
        out[:, j] = (sums / counts)[inverse]
    result: Array = out.reshape(a.shape)
    return result


def centred_ranks(x: Array) -> Array:
    """Average ranks of each column of `x` (n, k), centred on their mean."""
    r = ranks(x)
    out: Array = r - r.mean(axis=0)
    return out


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
    rx = ranks(xa)
    ry = ranks(ya)
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


def spearman_columns(sample: Array, outcome: Array, *, sample_ranks: Array | None = None) -> Array:
    """Spearman correlation of each column of `sample` (n, k) with `outcome` (n,); no p-values.

    `sample_ranks` (from :func:`centred_ranks`) saves ranking the sample again when several
    outcomes are correlated with one sample. Constant columns (or a constant outcome) give NaN,
    as do fewer than 3 rows.
    """
    if sample.shape[0] < 3:
        return np.full(sample.shape[1], np.nan)
    rp = centred_ranks(sample) if sample_ranks is None else sample_ranks
    ro = centred_ranks(outcome[:, None])[:, 0]
    sd_p = np.sqrt((rp**2).sum(axis=0))
    sd_o = np.sqrt((ro**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Array = (rp * ro[:, None]).sum(axis=0) / (sd_p * sd_o)
    return out


def _weights(values: npt.ArrayLike, weights: npt.ArrayLike | None) -> tuple[Array, Array]:
    v = np.asarray(values, dtype=np.float64)
    w = np.ones_like(v) if weights is None else np.asarray(weights, dtype=np.float64)
    return v, w


def gini(values: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Weighted Gini coefficient of `values` (e.g. access per area, weighted by population).

    ``1 - sum_k (P_k - P_{k-1}) (L_k + L_{k-1})`` over the values sorted ascending, with P the
    cumulative weight share and L the cumulative share of weight x value (the Lorenz curve).
    Values must be finite and weights >= 0 (default: all 1). NaN when the total weight or the
    weighted total is 0.

    >>> gini([1.0, 1.0], [5.0, 5.0])
    0.0
    >>> gini([0.0, 1.0], [1.0, 1.0])
    0.5
    """
    v, w = _weights(values, weights)
    total_w = w.sum()
    total_x = float((v * w).sum())
    if total_w <= 0 or total_x <= 0:
        return float("nan")
    order = np.argsort(v, kind="stable")
    p = np.concatenate([[0.0], np.cumsum(w[order]) / total_w])
    lorenz = np.concatenate([[0.0], np.cumsum((v * w)[order]) / total_x])
    return max(0.0, float(1.0 - np.sum(np.diff(p) * (lorenz[1:] + lorenz[:-1]))))  # no -1e-16


def weighted_quantile(values: npt.ArrayLike, weights: npt.ArrayLike, q: float) -> float:
    """The `q` quantile of `values` with `weights` (e.g. the population's P10 of access).

    The smallest value whose cumulative weight reaches `q` of the total (the lower value at a
    tie, as the median of people). Values that are not finite and weights that are not
    positive are left out; NaN when nothing is left.

    >>> weighted_quantile([5.0, 1.0, 3.0], [1.0, 10.0, 1.0], 0.5)
    1.0
    >>> weighted_quantile([1.0, 3.0, float("nan")], [1.0, 1.0, 5.0], 0.5)
    1.0
    """
    v, w = _weights(values, weights)
    keep = np.isfinite(v) & (w > 0)
    v, w = v[keep], w[keep]
    if len(v) == 0:
        return float("nan")
    order = np.argsort(v, kind="stable")
    cum = np.cumsum(w[order])
    k = int(np.searchsorted(cum, q * cum[-1], side="left"))
    return float(v[order][min(k, len(v) - 1)])


__all__ = [
    "RankTest",
    "centred_ranks",
    "gini",
    "ranks",
    "spearman",
    "spearman_columns",
    "triangular",
    "weighted_quantile",
]
