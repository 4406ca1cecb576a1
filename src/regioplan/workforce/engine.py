"""The stock-and-flow arithmetic of the method document, vectorised over parameter draws.

Every function takes the parameter values as arrays whose first axis is the draw (length 1 for a
deterministic run) and returns arrays of shape ``(draws, 21)`` over k = 0..20. The timeline and
the training durations fix the *structure* (which working years are averaged) and are never
drawn, so that structure is a pair (constant, weight matrix) per route, applied to the
external-yield curves with one matrix product.

Section numbers refer to ``docs/workforce.md`` / the method document ``workforce-model.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from regioplan.workforce.parameters import HORIZON_YEARS, NONDEMOGRAPHIC, ParameterSet

Array = NDArray[np.float64]
Flat = Mapping[str, Array]
"""Dotted key -> array of shape (draws,) for a number or (draws, n) for a list."""

K = HORIZON_YEARS + 1
KS = np.arange(K, dtype=np.float64)
SEXES: tuple[str, str] = ("female", "male")


def flat_arrays(params: ParameterSet) -> dict[str, Array]:
    """The set's values as arrays with one draw."""
    return {k: np.asarray([v], dtype=np.float64) for k, v in params.values.items()}


# -- interpolation (§3) -----------------------------------------------------------------------
def _l5_matrix() -> Array:
    """(21, 5): L5(k) = anchors @ M.T for anchors at k = 0, 5, 10, 15, 20."""
    m = np.zeros((K, 5))
    for k in range(K):
        q, o = min(k // 5, 3), k - 5 * min(k // 5, 3)
        m[k, q] += 1 - o / 5
        m[k, q + 1] += o / 5
    return m


def _yield_matrix() -> Array:
    """(21, 4): the external-yield curve E(k) before clipping at 0, from [Y1, Y5, Y10, Y15]."""
    m = np.zeros((K, 4))
    m[1, 0] = 1
    for o in (1, 2, 3):
        m[1 + o, 0], m[1 + o, 1] = 1 - o / 4, o / 4
    for base, (a, b) in ((5, (1, 2)), (10, (2, 3))):
        m[base, a] = 1
        for o in (1, 2, 3, 4):
            m[base + o, a], m[base + o, b] = 1 - o / 5, o / 5
    m[15, 3] = 1
    for j in range(1, 6):  # continue the 10->15 slope: Y15 - (Y10 - Y15) j/5
        m[15 + j, 3], m[15 + j, 2] = 1 + j / 5, -j / 5
    return m


L5 = _l5_matrix()
EY = _yield_matrix()


def l5(anchors: Array) -> Array:
    """Five-point interpolation (§3.1); anchors (draws, 5) -> (draws, 21)."""
    out: Array = anchors @ L5.T
    return out


def l5_from_zero(anchors4: Array) -> Array:
    """L5 with v0 = 0 and the four given anchors at k = 5, 10, 15, 20."""
    zeros = np.zeros((anchors4.shape[0], 1))
    return l5(np.concatenate([zeros, anchors4], axis=1))


def yield_curve(y: Array) -> Array:
    """The external-yield curve E (§3.2); y (draws, 4) -> (draws, 21), never below 0."""
    out: Array = np.maximum(y @ EY.T, 0.0)
    return out


# -- route structure (§4.2-4.5) -----------------------------------------------------------------
@dataclass(frozen=True)
class RouteWeights:
    """A(k) = const(k) + sum_u weight(k, u) E(u): the persons per trainee of a route."""

    const: Array
    weight: Array

    def apply(self, curve: Array) -> Array:
        out: Array = self.const[None, :] + curve @ self.weight.T
        return out


def _mean_row(row: Array, i: int, j: int, factor: float) -> None:
    """Add factor * M(E; i..j) to a weight row."""
    if j >= i:
        row[i : j + 1] += factor / (j - i + 1)


def _is_int(d: float) -> bool:
    return float(d).is_integer()


def route_weights(params: ParameterSet) -> dict[str, RouteWeights]:
    """The (constant, weight) pair of every route, fixed by the timeline and durations."""
    big_b = params.adjustment_offset
    out: dict[str, RouteWeights] = {}

    d1 = params.duration(1)
    c1 = math.ceil(d1)
    const, w = np.zeros(K), np.zeros((K, K))
    for k in range(1, K):
        f = min(k, d1)
        if _is_int(d1):
            _mean_row(w[k], max(1, k - int(d1) + 1), k, f)
        elif k <= c1:
            _mean_row(w[k], 1, k, f)
        else:
            _mean_row(w[k], k - c1, k - 1, f)
    out["cohort1"] = RouteWeights(const, w)

    d2 = params.duration(2)
    c2 = math.ceil(d2)
    const, w = np.zeros(K), np.zeros((K, K))
    for k in range(K):
        x2 = k - d2
        if x2 <= 0 or big_b <= 0:
            continue
        f = min(x2, big_b)
        if k <= c2:
            const[k] = f
        else:
            j = k - c2
            _mean_row(w[k], max(1, j - big_b + 1), j, f)
    out["cohort2"] = RouteWeights(const, w)

    d3 = params.duration(3)
    c3 = math.ceil(d3)
    const, w = np.zeros(K), np.zeros((K, K))
    for k in range(K):
        x3 = k - big_b - d3
        if x3 < 0:
            continue
        if k <= c3 + big_b:
            const[k] = x3
        else:
            _mean_row(w[k], 1, k - c3 - big_b, x3)
    out["cohort3"] = RouteWeights(const, w)

    w = np.zeros((K, K))
    for k in range(1, K):
        w[k, 1 : k + 1] = 1.0
    out["foreign"] = RouteWeights(np.zeros(K), w)
    return out


# -- supply (§4) --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SupplyArrays:
    """Supply per draw and year. Persons per route and sex; FTE per route; totals."""

    persons: dict[str, dict[str, Array]]  # route ("stock", "cohort1".., "foreign") -> sex -> (D,21)
    fte_per_person: dict[str, Array]  # sex -> (D, 21)
    fte: dict[str, Array]  # route -> (D, 21)
    per_intake_fte: Array  # f3: cohort-3 FTE per trainee of annual intake, (D, 21)
    per_intake_persons: Array  # cohort-3 persons per trainee of annual intake, (D, 21)

    @property
    def total_fte(self) -> Array:
        out: Array = sum(self.fte.values(), np.zeros_like(self.fte["stock"]))
        return out

    @property
    def other_fte(self) -> Array:
        """S_other: FTE that does not depend on the cohort-3 intake."""
        out: Array = self.total_fte - self.fte["cohort3"]
        return out

    def total_persons(self, sex: str | None = None) -> Array:
        sexes = SEXES if sex is None else (sex,)
        out: Array = sum(
            (self.persons[r][s] for r in self.persons for s in sexes),
            np.zeros_like(self.fte["stock"]),
        )
        return out

    def route_persons(self, route: str) -> Array:
        out: Array = self.persons[route]["female"] + self.persons[route]["male"]
        return out


def _share(p: Array, sex: str) -> Array:
    out: Array = p if sex == "female" else 1.0 - p
    return out


def supply(
    params: ParameterSet, v: Flat, weights: Mapping[str, RouteWeights] | None = None
) -> SupplyArrays:
    """Supply (§4.1-4.6) for every draw in `v`."""
    wts = weights if weights is not None else route_weights(params)
    n = v["stock.headcount"][:, None]
    p = v["stock.share_female"][:, None]
    persons: dict[str, dict[str, Array]] = {"stock": {}}
    phi: dict[str, Array] = {}
    unit3: dict[str, Array] = {}
    for sex in SEXES:
        outflow = l5_from_zero(v[f"stock.outflow_{sex}"])
        persons["stock"][sex] = n * _share(p, sex) * (1.0 - outflow)
        phi[sex] = l5(v[f"stock.fte_{sex}"])
    for c in (1, 2, 3):
        sec = f"training.cohort{c}"
        route = f"cohort{c}"
        persons[route] = {}
        for sex in SEXES:
            curve = yield_curve(v[f"{sec}.external_yield_{sex}"])
            per = (
                _share(v[f"{sec}.share_female"][:, None], sex)
                * v[f"{sec}.internal_yield"][:, None]
                * wts[route].apply(curve)
            )
            if c == 3:
                unit3[sex] = per
            persons[route][sex] = v[f"{sec}.intake_per_year"][:, None] * per
    persons["foreign"] = {}
    for sex in SEXES:
        curve = yield_curve(v[f"foreign.external_yield_{sex}"])
        persons["foreign"][sex] = (
            v["foreign.inflow_per_year"][:, None]
            * _share(v["foreign.share_female"][:, None], sex)
            * wts["foreign"].apply(curve)
        )
    fte = {
        r: persons[r]["female"] * phi["female"] + persons[r]["male"] * phi["male"] for r in persons
    }
    f3 = unit3["female"] * phi["female"] + unit3["male"] * phi["male"]
    return SupplyArrays(persons, phi, fte, f3, unit3["female"] + unit3["male"])


def base_fte(v: Flat) -> Array:
    """FTE0 = N (p phi_f(0) + (1 - p) phi_m(0)), shape (D,)."""
    p = v["stock.share_female"]
    out: Array = v["stock.headcount"] * (
        p * v["stock.fte_female"][:, 0] + (1 - p) * v["stock.fte_male"][:, 0]
    )
    return out


# -- demand (§5) --------------------------------------------------------------------------------
def variant_rates(v: Flat, variant: str) -> dict[str, Array]:
    """The demand rates of one variant, keyed by leaf name."""
    prefix = f"demand.{variant}."
    return {k.removeprefix(prefix): a for k, a in v.items() if k.startswith(prefix)}


def nondemographic_factor(rates: Mapping[str, Array], scenario: int, trend_offset: int) -> Array:
    """The non-demographic block of demand per scenario (§5.4), shape (D, 21)."""
    theta = np.minimum(KS, trend_offset)[None, :]
    wt = rates["working_time_reduction"][:, None]
    h = sum(rates[x][:, None] for x in NONDEMOGRAPHIC[:5])
    g = h + rates["vertical_substitution"][:, None] + (1.0 / (1.0 - wt) - 1.0)
    if scenario == 1:
        out: Array = np.ones_like(h * theta)
    elif scenario == 2:
        out = 1.0 + h * theta
    elif scenario == 3:
        out = 1.0 + h * KS[None, :]
    elif scenario == 4:
        out = 1.0 / (1.0 - wt * theta) + h * theta
    elif scenario == 6:
        out = 1.0 + g * theta
    else:
        raise ValueError(f"scenario {scenario} is not one of 1, 2, 3, 4, 6")
    return out


def demographic_factor(rates: Mapping[str, Array]) -> Array:
    """(1 + omega)(1 + delta(k)), shape (D, 21)."""
    out: Array = (1.0 + rates["unmet_demand"][:, None]) * (1.0 + l5_from_zero(rates["demography"]))
    return out


def demand(fte0: Array, rates: Mapping[str, Array], scenario: int, trend_offset: int) -> Array:
    """Required FTE R_x,v(k) (§5.4), shape (D, 21)."""
    out: Array = (
        fte0[:, None]
        * demographic_factor(rates)
        * nondemographic_factor(rates, scenario, trend_offset)
    )
    return out


def equilibrium_intake(required: Array, s: SupplyArrays) -> Array:
    """n3*(k) = (R - S_other) / f3 where f3 > 0, NaN elsewhere (§6.1)."""
    return intake_to_close(required, s.other_fte, s.per_intake_fte)


def intake_to_close(required: Array, other: Array, per_intake: Array) -> Array:
    """(required - other) / per_intake where per_intake > 0, NaN elsewhere.

    The intake at which supply ``other + intake * per_intake`` meets `required`; used for the
    national model (§6.1) and for a region's part of it.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        out: Array = np.where(
            per_intake > 0, (required - other) / np.where(per_intake > 0, per_intake, 1.0), np.nan
        )
    return out


def in_training(params: ParameterSet, v: Flat) -> dict[str, Array]:
    """Informational in-training counts (§4.8), shape (D, 21) each."""
    big_b = params.adjustment_offset
    d1, d2, d3 = (params.duration(c) for c in (1, 2, 3))
    n1, n2, n3 = (v[f"training.cohort{c}.intake_per_year"][:, None] for c in (1, 2, 3))
    k = KS[None, :]
    t1 = np.where(k <= d1, n1 * d1 - n1 * k, 0.0)
    t2 = np.select(
        [
            k == 0,
            (k >= 1) & (k <= big_b),
            (k > big_b) & (k < d2),
            (k >= d2) & (k <= big_b + d2) & (k > big_b),
        ],
        [0.0 * n2, n2 * k, n2 * k, n2 * big_b - n2 * (k - d2)],
        0.0 * n2,
    )
    t3 = np.where(k <= big_b, 0.0, np.where(k - big_b <= d3, n3 * (k - big_b), n3 * d3))
    return {"cohort1": t1, "cohort2": t2, "cohort3": t3, "total": t1 + t2 + t3}


__all__ = [
    "SEXES",
    "K",
    "RouteWeights",
    "SupplyArrays",
    "base_fte",
    "demand",
    "demographic_factor",
    "equilibrium_intake",
    "flat_arrays",
    "in_training",
    "intake_to_close",
    "l5",
    "l5_from_zero",
    "nondemographic_factor",
    "route_weights",
    "supply",
    "variant_rates",
    "yield_curve",
]
