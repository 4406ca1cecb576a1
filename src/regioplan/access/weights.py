"""Distance-decay weights of the floating-catchment family: step, gaussian and gravity.

A weight turns a travel cost (minutes) into the share of supply or demand that still counts at that
cost. The three forms are those of PySAL ``access.weights`` and give identical values:

- :class:`Step` ``{10: 1.0, 20: 0.68, 30: 0.22}``: weight of the first threshold at or above the
  cost, 0 beyond the last (E2SFCA, Luo & Qi 2009).
- :class:`Gaussian` ``exp(-c^2 / (2 sigma^2))`` without normalisation, so f(0) = 1 (G2SFCA).
- :class:`Gravity` ``(max(c, min_cost) / scale) ** alpha`` with a negative `alpha` (gravity 2SFCA).

Every weight is vectorised: ``weight(costs)`` takes and returns a float array.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from regioplan.errors import ParameterError

FloatArray = npt.NDArray[np.float64]

E2SFCA_STEPS: dict[float, float] = {10.0: 1.0, 20.0: 0.68, 30.0: 0.22}
"""Step weights of the enhanced 2SFCA (Luo & Qi 2009), minutes -> weight."""

THREE_STAGE_STEPS: dict[float, float] = {10.0: 0.962, 20.0: 0.704, 30.0: 0.377, 60.0: 0.042}
"""Default step weights of 3SFCA (Wan, Zou & Sternberg 2012; PySAL ``access`` default)."""


@runtime_checkable
class Weight(Protocol):
    """A distance-decay function: costs (minutes) -> weights (dimensionless, >= 0)."""

    def __call__(self, costs: FloatArray) -> FloatArray: ...

    @property
    def reach(self) -> float:
        """Largest cost with a positive weight (``inf`` when the weight never reaches 0)."""
        ...


@dataclass(frozen=True)
class Step:
    """Step weights: ``Step({10: 1.0, 20: 0.68, 30: 0.22})``.

    A cost gets the weight of the first threshold at or above it (a cost of exactly 10 counts as
    1.0) and 0 beyond the last threshold, as PySAL's ``step_fn``.

    >>> Step({10: 1.0, 20: 0.5})(np.array([0.0, 10.0, 10.5, 20.0, 25.0])).tolist()
    [1.0, 1.0, 0.5, 0.5, 0.0]
    """

    steps: Mapping[float, float]
    _thresholds: FloatArray = field(init=False, repr=False, compare=False)
    _values: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.steps:
            raise ParameterError("step weights: give at least one threshold:weight pair")
        items = sorted((float(k), float(v)) for k, v in self.steps.items())
        for k, v in items:
            if not (math.isfinite(k) and k >= 0):
                raise ParameterError(f"step weights: threshold {k} must be a finite cost >= 0")
            if not (math.isfinite(v) and v >= 0):
                raise ParameterError(f"step weights: weight {v} at {k} must be finite and >= 0")
        object.__setattr__(self, "steps", dict(items))
        object.__setattr__(self, "_thresholds", np.array([k for k, _ in items]))
        object.__setattr__(self, "_values", np.array([v for _, v in items] + [0.0]))

    def __call__(self, costs: FloatArray) -> FloatArray:
        if len(self._thresholds) > 8:
            idx = np.searchsorted(self._thresholds, costs, side="left")
        else:  # a few comparisons into a one-byte index beat a binary search per element
            idx = np.zeros(costs.shape, dtype=np.uint8)
            for t in self._thresholds:
                idx += costs > t
        return np.asarray(self._values[idx], dtype=np.float64)

    @property
    def reach(self) -> float:
        return float(self._thresholds[-1])

    def __str__(self) -> str:
        return ",".join(f"{_num(k)}:{_num(v)}" for k, v in self.steps.items())


@dataclass(frozen=True)
class Gaussian:
    """Gaussian decay ``exp(-c^2 / (2 sigma^2))`` (f(0) = 1), as PySAL ``weights.gaussian``.

    >>> round(float(Gaussian(20.0)(np.array([20.0]))[0]), 4)
    0.6065
    """

    sigma: float = 15.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.sigma) and self.sigma > 0):
            raise ParameterError(f"gaussian weights: sigma {self.sigma} must be > 0 (minutes)")

    def __call__(self, costs: FloatArray) -> FloatArray:
        return np.asarray(np.exp(-costs * costs / (2.0 * self.sigma**2)), dtype=np.float64)

    @property
    def reach(self) -> float:
        return math.inf

    def __str__(self) -> str:
        return f"gaussian:{_num(self.sigma)}"


@dataclass(frozen=True)
class Gravity:
    """Gravity decay ``(max(c, min_cost) / scale) ** alpha``, as PySAL ``weights.gravity``.

    `alpha` < 0 makes the weight fall with cost; `min_cost` avoids the infinite weight at 0.

    >>> Gravity(scale=10.0, alpha=-1.0, min_cost=5.0)(np.array([0.0, 10.0, 20.0])).tolist()
    [2.0, 1.0, 0.5]
    """

    scale: float = 10.0
    alpha: float = -1.0
    min_cost: float = 5.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise ParameterError(f"gravity weights: scale {self.scale} must be > 0 (minutes)")
        if not math.isfinite(self.alpha):
            raise ParameterError(f"gravity weights: alpha {self.alpha} must be finite")
        if not (math.isfinite(self.min_cost) and self.min_cost >= 0):
            raise ParameterError(f"gravity weights: min_cost {self.min_cost} must be >= 0")
        if self.alpha < 0 and self.min_cost == 0:
            raise ParameterError("gravity weights: alpha < 0 needs min_cost > 0 (weight at 0)")

    def __call__(self, costs: FloatArray) -> FloatArray:
        return np.asarray(
            np.power(np.maximum(costs, self.min_cost) / self.scale, self.alpha), dtype=np.float64
        )

    @property
    def reach(self) -> float:
        return math.inf

    def __str__(self) -> str:
        return f"gravity:{_num(self.scale)}:{_num(self.alpha)}:{_num(self.min_cost)}"


@dataclass(frozen=True)
class Flat:
    """Weight 1 at every cost: the plain 2SFCA and cumulative catchment (cut by ``max_cost``)."""

    def __call__(self, costs: FloatArray) -> FloatArray:
        return np.ones_like(costs, dtype=np.float64)

    @property
    def reach(self) -> float:
        return math.inf

    def __str__(self) -> str:
        return "flat"


def _num(x: float) -> str:
    return f"{x:g}"


def parse_weights(text: str) -> Weight:
    """Parse a weight from the CLI form.

    ``"10:1,20:0.68,30:0.22"`` (step), ``"gaussian:15"`` (sigma, minutes),
    ``"gravity:10:-1:5"`` (scale, alpha, min_cost; the last two optional), ``"flat"``.

    >>> parse_weights("10:1,20:0.68")
    Step(steps={10.0: 1.0, 20.0: 0.68})
    """
    raw = text.strip()
    head, _, rest = raw.partition(":")
    kind = head.strip().lower()
    try:
        if kind == "flat" and not rest:
            return Flat()
        if kind == "gaussian":
            return Gaussian(float(rest)) if rest else Gaussian()
        if kind == "gravity":
            parts = [float(p) for p in rest.split(":") if p.strip()] if rest else []
            if len(parts) > 3:
                raise ValueError("too many gravity parameters")
            return Gravity(*parts)
        steps: dict[float, float] = {}
        for item in raw.split(","):
            key, sep, value = item.partition(":")
            if not sep:
                raise ValueError(f"{item!r} is not threshold:weight")
            steps[float(key)] = float(value)
        return Step(steps)
    except ValueError as exc:
        raise ParameterError(
            f"weights {text!r}: {exc}; allowed forms: '10:1,20:0.68,30:0.22' (step), "
            "'gaussian:SIGMA', 'gravity:SCALE[:ALPHA[:MIN_COST]]', 'flat'"
        ) from exc


def as_weight(spec: Weight | Mapping[float, float] | str) -> Weight:
    """A :class:`Weight` from a weight object, a step mapping or the CLI text form."""
    if isinstance(spec, str):
        return parse_weights(spec)
    if isinstance(spec, Mapping):
        return Step(spec)
    if isinstance(spec, Weight):
        return spec
    raise ParameterError(
        f"weights {spec!r}: give a mapping {{minutes: weight}}, Step, Gaussian, Gravity or text"
    )


__all__ = [
    "E2SFCA_STEPS",
    "THREE_STAGE_STEPS",
    "Flat",
    "Gaussian",
    "Gravity",
    "Step",
    "Weight",
    "as_weight",
    "parse_weights",
]
