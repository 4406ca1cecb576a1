"""Uncertainty: a vectorised Monte Carlo over the parameter ranges, seeded.

Each draw is one complete parameter set:

* every demand rate (and the demographic anchors) is drawn from a triangular distribution with
  the low, mid and high variants as minimum, mode and maximum: the variants are the range;
* every value listed under ``[assumptions]`` is drawn from a triangular distribution (low,
  value, high);
* published values are held fixed; so are the timeline and the training durations, which fix
  the model's structure.

A list value (FTE, outflow and yield anchors, demographic growth) moves as a whole: one uniform
number per draw sets the quantile of all its elements, so curves keep their shape. Draws are
independent between keys. The whole run is one set of array operations of shape (draws, 21);
the municipal variant adds the municipality axis (municipalities, draws, 21).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from regioplan.errors import ParameterError
from regioplan.regions import Region
from regioplan.stats import triangular
from regioplan.workforce import engine
from regioplan.workforce.engine import Array
from regioplan.workforce.national import provenance
from regioplan.workforce.parameters import VARIANTS, ParameterSet, check_balance_year
from regioplan.workforce.regional import MunicipalShares, municipal_shares, resolve_profession

QUANTILES: tuple[float, float, float] = (0.10, 0.50, 0.90)
MAX_DRAWS = 1_000_000


def _row(v: float | tuple[float, ...]) -> Array:
    return np.atleast_1d(np.asarray(v, dtype=np.float64))[None, :]


def sample(
    params: ParameterSet, draws: int, seed: int | np.random.Generator = 0
) -> dict[str, Array]:
    """`draws` parameter sets as flat arrays; demand rates are under the variant ``mc``."""
    if not 1 <= draws <= MAX_DRAWS:
        raise ParameterError(f"draws = {draws} is out of range [1, {MAX_DRAWS}]")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    out: dict[str, Array] = {}
    ranges = {a.key: a for a in params.assumptions}
    for key, value in params.values.items():
        if key.startswith("demand."):
            continue
        if key in ranges:
            a = ranges[key]
            x = triangular(rng.random((draws, 1)), _row(a.low), _row(value), _row(a.high))
        else:
            x = np.repeat(_row(value), draws, axis=0)
        out[key] = x[:, 0] if not isinstance(value, tuple) else x
    for leaf in engine.variant_rates(engine.flat_arrays(params), "mid"):
        lo, mid, hi = (_row(params.values[f"demand.{v}.{leaf}"]) for v in VARIANTS)
        lo, hi = np.minimum(lo, np.minimum(mid, hi)), np.maximum(hi, np.maximum(mid, lo))
        x = triangular(rng.random((draws, 1)), lo, mid, hi)
        out[f"demand.mc.{leaf}"] = (
            x[:, 0] if not isinstance(params.values[f"demand.mid.{leaf}"], tuple) else x
        )
    return out


@dataclass(frozen=True)
class Band:
    """P10, P50 and P90 per year of one quantity."""

    p10: Array
    p50: Array
    p90: Array

    @classmethod
    def of(cls, draws: Array, axis: int = 0) -> Band:
        q = np.quantile(draws, QUANTILES, axis=axis)
        return cls(q[0], q[1], q[2])

    def to_dict(self) -> dict[str, list[float]]:
        return {
            name: [round(float(x), 2) for x in np.atleast_1d(getattr(self, name))]
            for name in ("p10", "p50", "p90")
        }


@dataclass(frozen=True)
class MonteCarloResult:
    """Bands of supply (FTE), demand (FTE), gap (FTE) and the equilibrium intake per year."""

    params: ParameterSet
    scenario: int
    draws: int
    seed: int | None
    years: tuple[int, ...]
    balance_year: int
    supply_fte: Band
    demand_fte: Band
    gap_fte: Band
    equilibrium_intake: Band  # at the balance year (scalars)
    region: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "quantiles": list(QUANTILES),
            "supply_fte": self.supply_fte.to_dict(),
            "demand_fte": self.demand_fte.to_dict(),
            "gap_fte": self.gap_fte.to_dict(),
            "equilibrium_intake": {k: v[0] for k, v in self.equilibrium_intake.to_dict().items()},
            "method": {
                k: self.provenance[k] for k in ("uncertainty", "settlement") if k in self.provenance
            },
        }


@dataclass(frozen=True)
class DrawArrays:
    """The raw draws of a national run: route FTEs, f3 and demand, each (draws, 21)."""

    stock_fte: Array
    trained_fte: Array
    cohort3_fte: Array
    per_intake_fte: Array
    demand_fte: Array

    @property
    def supply_fte(self) -> Array:
        out: Array = self.stock_fte + self.trained_fte
        return out


def simulate(
    params: ParameterSet,
    *,
    draws: int = 1000,
    seed: int | np.random.Generator = 0,
    scenario: int = 6,
    intake: float | None = None,
) -> DrawArrays:
    """Run the national model for `draws` sampled parameter sets at once."""
    v = sample(params, draws, seed)
    if intake is not None:
        v["training.cohort3.intake_per_year"] = np.full(draws, float(intake))
    s = engine.supply(params, v)
    rates = engine.variant_rates(v, "mc")
    r = engine.demand(engine.base_fte(v), rates, scenario, params.trend_offset)
    total = s.total_fte
    return DrawArrays(s.fte["stock"], total - s.fte["stock"], s.fte["cohort3"], s.per_intake_fte, r)


@dataclass(frozen=True)
class RegionDraws:
    """The national draws split to one region: each route's FTE in the region, (draws, 21).

    The current stock follows the region's stock share s_r; everyone trained since the base year
    (and cohort 3 among them) its settling share t_r, one per draw; demand its demand share per
    year u_r(t) (see :mod:`regioplan.workforce.regional`).
    """

    stock_fte: Array
    trained_fte: Array
    cohort3_fte: Array
    demand_fte: Array
    settling_share: Array  # (draws,): t_r of each draw

    @property
    def supply_fte(self) -> Array:
        out: Array = self.stock_fte + self.trained_fte
        return out


def region_draws(
    draws: DrawArrays,
    shares: MunicipalShares,
    municipality_codes: tuple[str, ...],
    rng: np.random.Generator,
    *,
    vary_settlement: bool,
) -> RegionDraws:
    """Split national `draws` to the region of `municipality_codes` with `shares`.

    With `vary_settlement` the settling share is drawn per draw from `rng`
    (:meth:`MunicipalShares.draw_settling`); otherwise it is the shares' fixed value and `rng` is
    not used.
    """
    n = draws.stock_fte.shape[0]
    idx = shares.region_index(municipality_codes)
    s_r, u_r = shares.stock[idx].sum(), shares.demand[idx].sum(axis=0)
    if vary_settlement:
        t_r = shares.draw_settling(n, rng)[:, idx].sum(axis=1)[:, None]
    else:
        t_r = np.full((n, 1), shares.settling[idx].sum())
    return RegionDraws(
        stock_fte=s_r * draws.stock_fte,
        trained_fte=t_r * draws.trained_fte,
        cohort3_fte=t_r * draws.cohort3_fte,
        demand_fte=draws.demand_fte * u_r[None, :],
        settling_share=t_r[:, 0],
    )


def monte_carlo(
    params: ParameterSet,
    *,
    draws: int = 1000,
    seed: int = 0,
    scenario: int = 6,
    intake: float | None = None,
    balance_year: int | None = None,
    region: Region | None = None,
    profession: str | None = None,
    shares: MunicipalShares | None = None,
    vary_settlement: bool = False,
) -> MonteCarloResult:
    """P10/P50/P90 per year of supply, demand and gap, nationally or for one `region`.

    A regional run splits the draws with `shares` (default: :func:`municipal_shares` of
    `params` without own data; pass ``municipal_shares(params, own_data=...)`` to use a
    region's own data, as :func:`project_region` does). With `vary_settlement` it also draws the
    settlement parameters (decay length L, base share α) over their ranges; by default the
    region's settling share is held fixed.
    """
    year = params.balance_years[1] if balance_year is None else balance_year
    k = check_balance_year(params, year)
    rng = np.random.default_rng(seed)
    d = simulate(params, draws=draws, seed=rng, scenario=scenario, intake=intake)
    if region is None:
        supply, demand, other_share = d.supply_fte, d.demand_fte, d.cohort3_fte
    else:
        sh = shares or municipal_shares(params, profession)
        sh.check_fits(params, resolve_profession(params, profession or sh.profession))
        r = region_draws(
            d, sh, tuple(region.municipality_codes), rng, vary_settlement=vary_settlement
        )
        supply, demand, other_share = r.supply_fte, r.demand_fte, r.cohort3_fte
    eq = engine.intake_to_close(
        demand[:, k], supply[:, k] - other_share[:, k], d.per_intake_fte[:, k]
    )
    return MonteCarloResult(
        params=params,
        scenario=scenario,
        draws=draws,
        seed=seed,
        years=params.years,
        balance_year=year,
        supply_fte=Band.of(supply),
        demand_fte=Band.of(demand),
        gap_fte=Band.of(demand - supply),
        equilibrium_intake=Band.of(eq),
        region=None if region is None else str(region.code),
        provenance={
            **provenance(params),
            "uncertainty": "triangular draws over the variants "
            "and the assumptions' ranges (docs/workforce.md)",
            **(
                {}
                if region is None
                else {
                    "settlement": "decay length and base share drawn over their ranges"
                    if vary_settlement
                    else "region's settling share held at the model's value"
                }
            ),
        },
    )


@dataclass(frozen=True)
class MunicipalBands:
    """Bands per municipality: arrays of shape (3 quantiles, municipalities, 21)."""

    codes: tuple[str, ...]
    years: tuple[int, ...]
    supply_fte: Array
    demand_fte: Array
    gap_fte: Array


def monte_carlo_municipalities(
    params: ParameterSet,
    shares: MunicipalShares,
    *,
    draws: int = 1000,
    seed: int = 0,
    scenario: int = 6,
    years: int | None = None,
    vary_settlement: bool = False,
) -> MunicipalBands:
    """P10/P50/P90 of supply, demand and gap in every municipality at once.

    `years` limits the output to the first `years` + 1 model years (default all 21).
    """
    shares.check_fits(params, resolve_profession(params, shares.profession))
    rng = np.random.default_rng(seed)
    d = simulate(params, draws=draws, seed=rng, scenario=scenario)
    n = engine.K if years is None else years + 1
    s_m, u_m = shares.stock, shares.demand[:, :n]
    if vary_settlement:
        t_m = shares.draw_settling(draws, rng).T[:, None, :]  # (M, 1, draws)
    else:
        t_m = shares.settling[:, None, None]
    # layout (municipality, year, draw): the draw axis is contiguous for the sort
    stock, trained = d.stock_fte[:, :n].T, d.trained_fte[:, :n].T
    supply = s_m[:, None, None] * stock[None] + t_m * trained[None]
    demand_draws = d.demand_fte[:, :n].T  # (years, draws)
    gap = u_m[:, :, None] * demand_draws[None] - supply
    # demand is a positive multiple of the national demand: its quantiles scale with it
    demand_q = sorted_quantiles(demand_draws)[:, None, :] * u_m[None]
    return MunicipalBands(
        shares.codes,
        params.years[:n],
        sorted_quantiles(supply, inplace=True),
        demand_q,
        sorted_quantiles(gap, inplace=True),
    )


def sorted_quantiles(x: Array, *, inplace: bool = False) -> Array:
    """P10/P50/P90 over the last axis (numpy's linear method), moved to a leading axis of 3.

    Sorting once and interpolating is several times faster than ``np.quantile`` for three
    quantiles of many short series. `inplace` sorts `x` itself (no copy).
    """
    if inplace:
        x.sort(axis=-1)
        s = x
    else:
        s = np.sort(x, axis=-1)
    n = s.shape[-1]
    out = []
    for q in QUANTILES:
        pos = q * (n - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        frac = pos - lo
        out.append(s[..., lo] * (1 - frac) + s[..., hi] * frac)
    result: Array = np.stack(out)
    return result


__all__ = [
    "QUANTILES",
    "Band",
    "DrawArrays",
    "MonteCarloResult",
    "MunicipalBands",
    "RegionDraws",
    "monte_carlo",
    "monte_carlo_municipalities",
    "region_draws",
    "sample",
    "simulate",
    "sorted_quantiles",
]
