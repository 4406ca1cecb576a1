"""Apply a scenario to a region's baseline, vectorised over parameter draws.

Parameter values come as arrays of shape ``(draws,)`` keyed ``label.parameter``; every lever
works on arrays ``(draws, years)``, so a Monte Carlo of any size is a handful of array operations
per effect (no loop over draws). For a profession with baseline supply S, demand R and levers:

* ``demand``    R' = R x prod(1 - a m)                        (a = adoption x coverage x ramp)
* ``shift``     R'_source x (1 - a m);  R'_target + a m x conversion x R_source
* ``ooh``, ``travel``  S' = (S + added) x (1 + sum a m)
* ``retention`` added += cumsum(a m x outflow(y)),  outflow(y) = stock(y-1) - stock(y)
* ``intake``    added += m x sum_j (a(j) - a(j-1)) f3(y - j)  (one stream per ramp step)

where m is the product of the effect's factors. The gap is R' - S' in FTE (positive: shortage).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from regioplan.errors import ParameterError
from regioplan.initiatives.catalogue import Effect
from regioplan.scenarios.baseline import Array, ProfessionBaseline, RegionBaseline
from regioplan.scenarios.files import InitiativeUse, Scenario

Values = Mapping[str, Array]
"""``label.parameter`` -> array (draws,)."""


@dataclass(frozen=True)
class Outcome:
    """Supply and demand of one profession under a scenario, arrays (draws, years) in FTE."""

    profession: str
    years: tuple[int, ...]
    supply_fte: Array
    demand_fte: Array
    added_fte: Array | None = None
    """FTE of physicians the levers add (``retention``, ``intake``), before the ``ooh`` and
    ``travel`` gains, which make the same people go further but add nobody."""

    @property
    def gap_fte(self) -> Array:
        out: Array = self.demand_fte - self.supply_fte
        return out


def rows(a: Array) -> Array:
    """`a` as (draws or 1, years)."""
    out: Array = a if a.ndim == 2 else a[None, :]
    return out


class _State:
    """The accumulated levers of one profession."""

    def __init__(self, base: ProfessionBaseline, draws: int) -> None:
        if base.draws not in (1, draws):
            raise ParameterError(
                f"baseline {base.profession} has {base.draws} draws; parameters have {draws}"
            )
        shape = (draws, len(base.years))
        self.base = base
        self.demand = rows(base.demand_fte)
        self.demand_mult = np.ones(shape)
        self.demand_add = np.zeros(shape)
        self.supply_add = np.zeros(shape)
        self.supply_gain = np.zeros(shape)

    def outcome(self) -> Outcome:
        b = self.base
        demand = self.demand * self.demand_mult + self.demand_add
        supply = (rows(b.supply_fte) + self.supply_add) * (1.0 + self.supply_gain)
        return Outcome(b.profession, b.years, supply, demand, self.supply_add.copy())


def _draws(values: Values) -> int:
    sizes = {np.shape(v)[0] for v in values.values()}
    if len(sizes) > 1:
        raise ParameterError(f"parameter draws differ in length: {sorted(sizes)}")
    return sizes.pop() if sizes else 1


def _magnitude(
    effect: Effect,
    use: InitiativeUse,
    values: Values,
    context: Mapping[str, float | Array],
    draws: int,
) -> Array:
    m = np.ones(draws)
    for f in effect.factors:
        m = m * (context[f] if f in context else values[f"{use.label}.{f}"])
    return m


def intake_response(base: ProfessionBaseline, increments: Array) -> Array:
    """FTE per year of trainee streams that start with `increments` (draws, years) per year.

    A stream of one trainee per year started in year j adds f3(y - j + s0) in year y, where f3 is
    the baseline's ``per_intake_fte`` for a stream that starts at index s0 =
    ``intake_start_index``. Streams cannot start before s0: earlier increments start at s0.
    """
    n = len(base.years)
    s0 = base.intake_start_index
    inc = increments.copy()
    if s0 > 0:
        inc[:, s0] += inc[:, :s0].sum(axis=1)
        inc[:, :s0] = 0.0
    lag = np.arange(n)[:, None] - np.arange(n)[None, :]  # y - j
    idx = np.clip(lag + s0, 0, n - 1)
    valid = (lag >= 0) & (lag + s0 < n)
    f3 = rows(base.per_intake_fte)
    resp = np.where(valid[None, :, :], f3[:, idx], 0.0)  # (draws or 1, y, j)
    if resp.shape[0] == 1:
        out: Array = inc @ resp[0].T
    else:
        out = np.einsum("dj,dyj->dy", inc, resp)
    return out


def _apply_effect(
    effect: Effect,
    use: InitiativeUse,
    values: Values,
    region: RegionBaseline,
    states: dict[str, _State],
    draws: int,
) -> None:
    adoption = values[f"{use.label}.adoption"]
    for prof in effect.professions:
        if prof not in use.professions or prof not in states:
            continue
        state = states[prof]
        base = state.base
        m = _magnitude(effect, use, values, region.context(prof), draws)
        cover = 1.0 if effect.lever == "intake" else base.coverage(use.municipalities)
        a = adoption[:, None] * cover * np.asarray(use.ramp(base.years))[None, :]
        am = a * m[:, None]
        if effect.lever == "demand":
            state.demand_mult *= 1.0 - am
        elif effect.lever in ("ooh", "travel"):
            state.supply_gain += am
        elif effect.lever == "retention":
            stock = rows(base.stock_fte)
            outflow = np.maximum(-np.diff(stock, axis=1, prepend=stock[:, :1]), 0.0)
            state.supply_add += np.cumsum(am * outflow, axis=1)
        elif effect.lever == "intake":
            steps = np.diff(a, axis=1, prepend=0.0) * m[:, None]
            state.supply_add += intake_response(base, steps)
        elif effect.lever == "shift":
            state.demand_mult *= 1.0 - am
            target = states.get(effect.to or "")
            if target is None:
                continue
            conv = values[f"{use.label}.{effect.conversion}"][:, None]
            moved = am * conv * state.demand
            src = {y: i for i, y in enumerate(base.years)}
            for j, year in enumerate(target.base.years):
                if year in src:
                    target.demand_add[:, j] += moved[:, src[year]]
        else:  # pragma: no cover - the catalogue loader rejects other levers
            raise ParameterError(f"unknown lever {effect.lever!r}")


def apply_scenario(
    region: RegionBaseline, scenario: Scenario, values: Values
) -> dict[str, Outcome]:
    """Supply, demand and gap of every profession of `region` under `scenario`.

    `values` holds one array (draws,) per ``label.parameter`` of the scenario
    (:attr:`Scenario.parameter_keys`); an empty scenario returns the baseline (one draw).
    """
    missing = [k for k in scenario.parameter_keys if k not in values]
    if missing:
        raise ParameterError(f"no values for parameter(s): {', '.join(missing)}")
    draws = _draws(values) if values else region.draws
    states = {p: _State(b, draws) for p, b in region.professions.items()}
    for use in scenario.uses:
        for effect in use.initiative.effects:
            _apply_effect(effect, use, values, region, states, draws)
    return {p: s.outcome() for p, s in states.items()}


__all__ = ["Outcome", "Values", "apply_scenario", "intake_response"]
