"""Uncertainty: draws over the parameter ranges, percentiles and a sensitivity ranking.

Every parameter is drawn from the triangular distribution on (low, likely, high) of the scenario
(the catalogue's range unless the file sets its own; :func:`regioplan.stats.triangular`); a
fixed value is a point mass. Draws are made by inverse transform from one ``(draws,
parameters)`` block of uniforms, so a seed fixes all values and the order of columns is the
scenario's :attr:`~Scenario.parameter_keys`.

Sensitivity has two views of one outcome (the gap closed in a chosen year, per profession):
Spearman rank correlation of each parameter with the outcome over the Monte Carlo draws
(:func:`regioplan.stats.spearman_columns`), and the one-at-a-time swing: the outcome with the
parameter at its low and at its high value while all others stay at their likely value. The
ranking orders parameters by the larger absolute swing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regioplan.scenarios.baseline import Array
from regioplan.scenarios.files import ParamRange, Scenario
from regioplan.stats import triangular

QUANTILES: tuple[float, float, float] = (0.1, 0.5, 0.9)


def _ranges(scenario: Scenario) -> list[tuple[str, ParamRange]]:
    return [(f"{u.label}.{p}", r) for u in scenario.uses for p, r in u.parameters.items()]


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
    "likely_values",
    "sample_values",
    "swing_design",
]
