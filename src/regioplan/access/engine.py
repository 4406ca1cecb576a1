"""The floating-catchment engine: 2SFCA, E2SFCA, G2SFCA, 3SFCA and cumulative opportunities.

Notation: demand ``D_i`` at area i, supply ``S_j`` at point j, pairs (i, j) with travel cost
``c_ij <= max_cost`` and weight ``w_ij = f(c_ij)``.

- 2SFCA / E2SFCA / G2SFCA (Luo & Wang 2003; Luo & Qi 2009; Dai 2010):
  ``R_j = S_j / sum_i D_i w_ij`` and ``A_i = per * sum_j w_ij R_j``.
- 3SFCA (Wan, Zou & Sternberg 2012): the selection weight ``G_ij = w_ij / sum_j' w_ij'`` (over the
  supply in reach of i) multiplies ``w_ij`` in both steps.
- cumulative opportunities: ``A_i = sum_j w_ij S_j`` (supply within reach; not divided by demand).

Supply that nobody with demand can reach (``sum_i D_i w_ij = 0``) gets ``R_j = 0``; an area that
reaches no supply gets 0. With these conventions the demand-weighted sum of accessibility equals
the supply reachable by anyone: ``sum_i D_i A_i = per * sum_j S_j [j reached]``.

Every FCA score is linear in the supply: ``A = M S`` with a sparse matrix M that depends only on
demand, costs and weights. Many supply scenarios (a DataFrame with one column each) are therefore a
single sparse matrix product, a compiled loop over the pairs (numba; see :func:`sparse_product`)
whose speed does not depend on the order of the ids; one column uses ``numpy.add.reduceat`` /
``numpy.bincount``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Literal, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access import _kernels
from regioplan.access._validate import Prepared, Sources, prepare
from regioplan.access.weights import (
    E2SFCA_STEPS,
    THREE_STAGE_STEPS,
    Flat,
    Gaussian,
    Gravity,
    Step,
    Weight,
    as_weight,
)
from regioplan.errors import ParameterError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Method = Literal["2sfca", "e2sfca", "g2sfca", "g2sfca-gravity", "3sfca", "cumulative"]
METHODS: tuple[str, ...] = ("2sfca", "e2sfca", "g2sfca", "g2sfca-gravity", "3sfca", "cumulative")
"""Methods of :func:`compute`; ``g2sfca`` is gaussian decay, ``g2sfca-gravity`` gravity decay."""

DEFAULT_WEIGHTS: dict[str, Weight] = {
    "2sfca": Flat(),
    "e2sfca": Step(E2SFCA_STEPS),
    "g2sfca": Gaussian(15.0),
    "g2sfca-gravity": Gravity(scale=10.0, alpha=-1.0, min_cost=5.0),
    "3sfca": Step(THREE_STAGE_STEPS),
    "cumulative": Flat(),
}
"""Weights used when `weights` is None (minutes)."""


def resolve(
    method: str, weights: Weight | Mapping[float, float] | str | None, max_cost: float | None
) -> tuple[Weight, float]:
    """The weight and the catchment (``inf`` = no cut) that `method` uses with these arguments.

    Without `max_cost`, a step weight cuts at its last threshold and the other weights use every
    pair given (the costs are already limited to the provider's catchment).
    """
    if method not in METHODS:
        raise ParameterError(f"unknown method {method!r}; allowed: {', '.join(METHODS)}")
    weight = DEFAULT_WEIGHTS[method] if weights is None else as_weight(weights)
    if max_cost is None:
        cut = weight.reach
    else:
        if not (max_cost > 0) or math.isnan(max_cost):
            raise ParameterError(f"max_cost {max_cost} must be > 0 (minutes) or None")
        cut = float(max_cost)
    return weight, cut


@overload
def compute(
    method: str,
    demand: pd.Series,
    supply: pd.Series,
    costs: pd.DataFrame,
    *,
    weights: Weight | Mapping[float, float] | str | None = None,
    max_cost: float | None = None,
    per: float = 1.0,
    sources: Sources | None = None,
) -> pd.Series: ...


@overload
def compute(
    method: str,
    demand: pd.Series,
    supply: pd.DataFrame,
    costs: pd.DataFrame,
    *,
    weights: Weight | Mapping[float, float] | str | None = None,
    max_cost: float | None = None,
    per: float = 1.0,
    sources: Sources | None = None,
) -> pd.DataFrame: ...


def compute(
    method: str,
    demand: pd.Series,
    supply: pd.Series | pd.DataFrame,
    costs: pd.DataFrame,
    *,
    weights: Weight | Mapping[float, float] | str | None = None,
    max_cost: float | None = None,
    per: float = 1.0,
    sources: Sources | None = None,
) -> pd.Series | pd.DataFrame:
    """Accessibility of every demand area.

    Args:
        method: one of :data:`METHODS`.
        demand: demand per area (e.g. use-weighted population), indexed by area id.
        supply: supply per point (e.g. FTE), indexed by supply id; or a DataFrame with one column
            per supply scenario (years, Monte Carlo draws, initiatives).
        costs: columns ``origin`` (area id), ``destination`` (supply id), ``cost`` (minutes). Pairs
            absent from `costs` are out of reach.
        weights: distance decay (:class:`~regioplan.access.weights.Step` or a ``{minutes: weight}``
            mapping, :class:`Gaussian`, :class:`Gravity`, or the CLI text form); default per
            method in :data:`DEFAULT_WEIGHTS`.
        max_cost: catchment in minutes; pairs above it are dropped (default: see :func:`resolve`).
        per: scale of FCA scores: supply per `per` demand units (``per=10_000`` gives FTE per
            10,000 inhabitants). The cumulative measure is supply within reach and is not scaled.
        sources: names for error messages (the CLI passes file names).

    Returns:
        A Series (supply Series) or DataFrame (supply DataFrame, same columns) indexed like
        `demand`. FCA units: supply units per `per` demand units; cumulative: supply units.

    Raises:
        ValidationError: unknown ids in costs, negative or missing values, missing columns.
        ParameterError: unknown method or invalid weights / max_cost.

    >>> d = pd.Series([100.0, 300.0], index=["a", "b"])
    >>> s = pd.Series([2.0], index=["p"])
    >>> c = pd.DataFrame({"origin": ["a", "b"], "destination": ["p", "p"], "cost": [5.0, 40.0]})
    >>> compute("2sfca", d, s, c, max_cost=30).tolist()
    [0.02, 0.0]
    """
    weight, cut = resolve(method, weights, max_cost)
    if not (math.isfinite(per) and per > 0):
        raise ParameterError(f"per {per} must be a number > 0")
    prep = prepare(demand, supply, costs, sources)
    scale = 1.0 if method == "cumulative" else per
    scores = scores_from_arrays(method, prep, weight, cut)
    if scale != 1.0:
        scores *= scale
    if isinstance(supply, pd.DataFrame):
        return pd.DataFrame(scores, index=demand.index, columns=supply.columns, copy=False)
    return pd.Series(scores[:, 0], index=demand.index, name=method)


def scores_from_arrays(method: str, prep: Prepared, weight: Weight, cut: float) -> FloatArray:
    """Unscaled scores (n, k) from validated arrays (the engine behind :func:`compute`)."""
    n, m = len(prep.demand), prep.supply.shape[0]
    if prep.supply.shape[1] == 1 and method != "3sfca":
        return _single(method, n, m, prep, weight, cut)[:, None]
    keep = prep.cost <= cut
    if keep.all():
        i, j, cost = prep.origin, prep.destination, prep.cost
    else:
        i, j, cost = prep.origin[keep], prep.destination[keep], prep.cost[keep]
    w = np.ones(len(cost)) if isinstance(weight, Flat) else weight(cost)
    coeff = pair_coefficients(method, n, m, i, j, w, prep.demand, ordered=prep.ordered)
    return sparse_product(n, m, i, j, coeff, prep.supply, ordered=prep.ordered)


PAIR_CHUNK = 1 << 20
"""Pairs handled at once in the one-column path: temporaries stay small (8 MB per array) even
for tens of millions of pairs."""


class _RowSum:
    """Sums of per-pair values by row i: ``np.add.reduceat`` when the pairs are sorted by row
    (about 15 times faster than ``np.bincount`` with weights), ``np.bincount`` otherwise."""

    def __init__(self, i: IntArray, n: int, ordered: bool) -> None:
        self.i, self.n, self.ordered = i, n, ordered
        if ordered and len(i):
            self.starts = np.flatnonzero(np.r_[True, i[1:] != i[:-1]])
            self.rows = i[self.starts]

    def add_to(self, out: FloatArray, values: FloatArray) -> None:
        """``out[i] += values`` summed by row."""
        if len(self.i) == 0:
            return
        if self.ordered:
            out[self.rows] += np.add.reduceat(values, self.starts)
        else:
            out += np.bincount(self.i, weights=values, minlength=self.n)

    def __call__(self, values: FloatArray) -> FloatArray:
        out = np.zeros(self.n)
        self.add_to(out, values)
        return out


def _chunks(
    prep: Prepared, weight: Weight, cut: float
) -> Iterator[tuple[IntArray, IntArray, FloatArray | None]]:
    """(i, j, w) per chunk of pairs within the catchment; w is None for flat weights."""
    flat = isinstance(weight, Flat)
    for a in range(0, len(prep.cost), PAIR_CHUNK):
        i = prep.origin[a : a + PAIR_CHUNK]
        j = prep.destination[a : a + PAIR_CHUNK]
        c = prep.cost[a : a + PAIR_CHUNK]
        keep = c <= cut
        if not keep.all():
            i, j, c = i[keep], j[keep], c[keep]
        yield i, j, None if flat else weight(c)


def _single(method: str, n: int, m: int, prep: Prepared, weight: Weight, cut: float) -> FloatArray:
    """One supply column: ``R = S / bincount(j, w D[i])``, then ``A = sum by i of w R[j]``."""
    supply, demand = prep.supply[:, 0], prep.demand
    if method == "cumulative":
        ratio = supply
    else:
        served = np.zeros(m)
        for i, j, w in _chunks(prep, weight, cut):
            d = demand[i] if w is None else w * demand[i]
            served += np.bincount(j, weights=d, minlength=m)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(served > 0, supply / served, 0.0)
    out = np.zeros(n)
    for i, j, w in _chunks(prep, weight, cut):
        _RowSum(i, n, prep.ordered).add_to(out, ratio[j] if w is None else w * ratio[j])
    return out


def pair_coefficients(
    method: str,
    n: int,
    m: int,
    i: IntArray,
    j: IntArray,
    w: FloatArray,
    demand: FloatArray,
    *,
    ordered: bool = False,
) -> FloatArray:
    """The entries of M (A = M S) for each pair: the per-pair share of a supply unit."""
    if method == "cumulative":
        return w
    if method == "3sfca":
        row_sum = _RowSum(i, n, ordered)(w)
        with np.errstate(divide="ignore", invalid="ignore"):
            g = np.where(row_sum[i] > 0, w / row_sum[i], 0.0)
        w = w * g
    served = np.bincount(j, weights=w * demand[i], minlength=m)
    with np.errstate(divide="ignore"):
        inverse = np.where(served > 0, 1.0 / np.where(served > 0, served, 1.0), 0.0)
    result: FloatArray = w * inverse[j]
    return result


def sparse_product(
    n: int,
    m: int,
    i: IntArray,
    j: IntArray,
    coeff: FloatArray,
    supply: FloatArray,
    *,
    ordered: bool = False,
) -> FloatArray:
    """``M @ supply`` for the sparse M given as unique pairs (i, j, coeff); supply is (m, k).

    One column: ``np.bincount``. Many columns: a compiled loop over the pairs of each row
    (:mod:`regioplan.access._kernels`) adds ``coeff * supply[j]`` for all columns at once, with the
    rows visited in an order computed from the pairs (a breadth-first search over areas and supply
    points), so that consecutive rows reach nearly the same supply points whatever the order of the
    ids in the input. The work is proportional to pairs x columns in any input order; each row adds
    its pairs in their input order. `ordered` says the pairs are sorted by row.
    """
    k = supply.shape[1]
    if k == 1:
        single = np.asarray(np.bincount(i, weights=coeff * supply[j, 0], minlength=n), np.float64)
        return single[:, None]
    return _kernels.sparse_product(n, m, i, j, coeff, supply, ordered=ordered)


__all__ = [
    "DEFAULT_WEIGHTS",
    "METHODS",
    "Method",
    "compute",
    "pair_coefficients",
    "resolve",
    "scores_from_arrays",
    "sparse_product",
]
