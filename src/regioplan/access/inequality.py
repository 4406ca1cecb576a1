"""Inequality and shortage of accessibility over a region, weighted by population.

- Gini (:func:`regioplan.stats.gini`): ``1 - sum_k (P_k - P_{k-1}) (L_k + L_{k-1})`` over areas
  sorted by score, with P the cumulative population share and L the cumulative share of
  population x score (Lorenz curve). 0 = everyone has the same access, 1 = one person has all
  of it.
- Theil T: ``sum_i p_i (x_i / mu) ln(x_i / mu)`` with population shares p_i and the
  population-weighted mean mu (0 ln 0 = 0). 0 = equal; ln(N) at most.
- Shortage: the population living in areas whose score is below a threshold (a value in the unit of
  the scores, or the population-weighted median or mean times a fraction, the median from
  :func:`regioplan.stats.weighted_quantile`), and those areas.

>>> gini(np.array([0.0, 1.0]), np.array([1.0, 1.0]))
0.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from regioplan.errors import ParameterError, Problem, ValidationError
from regioplan.stats import gini, weighted_quantile

ThresholdRule = float | Literal["median", "mean"]


def _weights(scores: pd.Series, population: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    pop = population.reindex(scores.index)
    problems = [
        Problem("population", None, str(idx), "no population for this area")
        for idx in scores.index[pop.isna().to_numpy()][:10]
    ]
    bad = scores.index[~np.isfinite(scores.to_numpy(dtype=float))]
    problems += [Problem("scores", None, str(idx), "score is not finite") for idx in bad[:10]]
    x = scores.to_numpy(dtype=float)
    w = pop.to_numpy(dtype=float)
    if not problems and ((w < 0).any() or (x < 0).any()):
        problems.append(Problem("scores", None, "value", "scores and population must be >= 0"))
    if problems:
        raise ValidationError(problems, summary="cannot summarise accessibility")
    return x, w


def theil(values: np.ndarray, weights: np.ndarray) -> float:
    """Population-weighted Theil T index (NaN when the weighted mean is 0).

    >>> theil(np.array([2.0, 2.0]), np.array([1.0, 3.0]))
    0.0
    """
    total_w = weights.sum()
    if total_w <= 0:
        return math.nan
    mu = float((values * weights).sum() / total_w)
    if mu <= 0:
        return math.nan
    r = values / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(r > 0, r * np.log(np.where(r > 0, r, 1.0)), 0.0)
    return max(0.0, float((weights * terms).sum() / total_w))


@dataclass(frozen=True)
class AccessSummary:
    """Inequality and shortage of one set of scores (one profession, one scenario).

    `short_areas` has columns ``score`` and ``population`` (indexed by area id, lowest score
    first); `unit` is the unit of the scores and of `threshold`.
    """

    unit: str
    areas: int
    population: float
    mean: float
    median: float
    gini: float
    theil: float
    threshold: float
    threshold_rule: str
    population_below: float
    share_below: float
    short_areas: pd.DataFrame = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (short areas as a list of {area, score, population})."""
        return {
            "unit": self.unit,
            "areas": self.areas,
            "population": self.population,
            "mean": self.mean,
            "median": self.median,
            "gini": self.gini,
            "theil": self.theil,
            "threshold": self.threshold,
            "threshold_rule": self.threshold_rule,
            "population_below": self.population_below,
            "share_below": self.share_below,
            "short_areas": [
                {"area": str(idx), "score": float(r.score), "population": float(r.population)}
                for idx, r in self.short_areas.iterrows()
            ],
        }


def summarise(
    scores: pd.Series,
    population: pd.Series,
    *,
    threshold: ThresholdRule = "median",
    fraction: float = 1.0,
    unit: str = "FTE per 10,000 inhabitants",
) -> AccessSummary:
    """Inequality (Gini, Theil) and shortage of `scores` weighted by `population`.

    Args:
        scores: accessibility per area (any unit, e.g. from :func:`regioplan.access.compute`).
        population: inhabitants per area (the weights; indexed like `scores`).
        threshold: a value in the unit of the scores (e.g. a norm ratio, or the national median
            computed elsewhere), or ``"median"`` / ``"mean"`` of these scores (population-weighted).
        fraction: the threshold is ``fraction`` x the value (e.g. 0.8 for "below 80% of median").
        unit: unit of the scores, carried into the result.

    An area is short when its score is strictly below the threshold.

    >>> ids = ["a", "b"]
    >>> s = summarise(pd.Series([1.0, 3.0], index=ids), pd.Series([10, 30], index=ids),
    ...               threshold=2.0, unit="FTE")
    >>> (s.population_below, s.share_below, list(s.short_areas.index))
    (10.0, 0.25, ['a'])
    """
    if not (math.isfinite(fraction) and fraction > 0):
        raise ParameterError(f"fraction {fraction} must be > 0")
    x, w = _weights(scores, population)
    total = float(w.sum())
    mean = float((x * w).sum() / total) if total > 0 else math.nan
    median = weighted_quantile(x, w, 0.5)
    if isinstance(threshold, str):
        if threshold not in ("median", "mean"):
            raise ParameterError(f"threshold {threshold!r}; allowed: a number, 'median', 'mean'")
        base = median if threshold == "median" else mean
        rule = f"{fraction:g} x population-weighted {threshold} of these areas"
    else:
        base = float(threshold)
        if not math.isfinite(base):
            raise ParameterError(f"threshold {threshold} must be a finite number")
        rule = "given value" if fraction == 1.0 else f"{fraction:g} x given value"
    limit = base * fraction
    below = x < limit
    short = pd.DataFrame({"score": x[below], "population": w[below]}, index=scores.index[below])
    short = short.sort_values(["score", "population"], ascending=[True, False], kind="stable")
    pop_below = float(w[below].sum())
    return AccessSummary(
        unit=unit,
        areas=len(x),
        population=total,
        mean=mean,
        median=median,
        gini=gini(x, w),
        theil=theil(x, w),
        threshold=limit,
        threshold_rule=rule,
        population_below=pop_below,
        share_below=pop_below / total if total > 0 else math.nan,
        short_areas=short,
    )


__all__ = ["AccessSummary", "ThresholdRule", "summarise", "theil"]
