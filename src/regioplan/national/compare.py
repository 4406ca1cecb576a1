"""Where each region stands: every region of a level side by side for one profession (issue #22,
item 1).

One national Monte Carlo run (:func:`regioplan.workforce.montecarlo.simulate`) gives every
region's supply and demand at once: the municipal shares of :mod:`regioplan.workforce.regional`
are summed to regions with an indicator matrix (municipalities x regions), so a draw's national
FTE times the region's shares is the region's FTE, for all regions and draws in a few array
operations. The draws are exactly those of the regional engine: one generator seeded with `seed`
draws the national parameter sets and then the settlement parameters (decay length, base share)
per draw, as ``monte_carlo(params, draws=draws, seed=seed, region=region, shares=shares,
vary_settlement=True)`` does for one region and the regiobeeld shows. So a region's median gap
here is the median gap of its own regiobeeld, and the regions are ranked within every draw on
the same draws.

Per region and profession:

* the relative gap ``(demand - supply) / demand`` in the first year (the model's first year from
  2024 on: 2025 for GP, 2024 for SO and AVG) and in the horizon year, and the horizon gap in FTE,
  each as P10/P50/P90 over the draws;
* the rank by relative gap at the horizon within every draw (1 = largest relative shortage;
  ties share their mean rank), and its P10/P50/P90 over the draws: the rank band;
* today's accessibility (E2SFCA per municipality for the whole country,
  :func:`regioplan.access.region_access`), population-weighted per region, and that relative to
  the national population-weighted mean;
* ageing: growth of the 75+ population from 2024 to the horizon (:mod:`regioplan.demography`);
* the population-weighted mean road km to the nearest training centre of the profession
  (:func:`regioplan.regions.training_distance_km`).

Own data: ``own_data`` maps region codes (of any level, or a custom region's ``custom:...``) to
that region's
:class:`~regioplan.regions.OwnData`. The municipalities of such a region take their stock share
from ``municipal_shares(params, own_data=...)`` of that region alone, as
:func:`regioplan.workforce.project_region` and the region's regiobeeld do; everything else keeps
the bundled estimate. A region with own data therefore stands here with the figures of its own
regiobeeld; the regions of a level then no longer add up to the national run exactly (each own
data set renormalises the stock shares of the country). Accessibility uses all own data at once.

Results are cached in memory, keyed on (level, profession, horizon, draws, seed, a fingerprint
of the own data: each dataset's name, import time and digest and a hash of the providers table).
Everything else an answer depends on is bundled with the package (parameter sets, population,
projection, travel costs, training centres) and cannot change while the process runs, so a cached
answer is never stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access import region_access
from regioplan.data import AGE_GROUPS, AGE_LOWER, LEVELS, PROFESSIONS, Profession, municipalities
from regioplan.demography import BASE_YEAR, PopulationProjection, project_population
from regioplan.errors import InputError
from regioplan.national.model import Band3, NationalComparison, RegionStanding
from regioplan.regions import (
    OwnData,
    Region,
    country,
    list_regions,
    select_region,
    training_distance_km,
)
from regioplan.settings import DEFAULT_SEED
from regioplan.stats import ranks
from regioplan.workforce import MunicipalShares, load_params, municipal_shares
from regioplan.workforce.montecarlo import MAX_DRAWS, simulate, sorted_quantiles
from regioplan.workforce.national import DEFAULT_HORIZON, provenance
from regioplan.workforce.parameters import ParameterSet

Array = npt.NDArray[np.float64]

VARY_SETTLEMENT = True
"""Draw the settlement model per draw, as the regiobeeld does (``regioplan.regiobeeld.sections.
VARY_SETTLEMENT``): where new physicians settle is the main regional uncertainty."""
COMPARE_LEVELS: tuple[str, ...] = LEVELS
"""The levels whose regions can be compared: zorgkantoor, ggd, provincie, corop, gemeente."""
CACHE_SIZE = 64


# ------------------------------------------------------------------ checks


def check_level(level: str) -> None:
    if level not in COMPARE_LEVELS:
        raise InputError(f"unknown level {level!r}; allowed: {', '.join(COMPARE_LEVELS)}")


def check_profession(profession: str) -> None:
    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; allowed: {', '.join(PROFESSIONS)}")


def check_draws(draws: int) -> None:
    if not 1 <= draws <= MAX_DRAWS:
        raise InputError(f"draws = {draws} is out of range [1, {MAX_DRAWS}]")


def model_years(profession: str) -> tuple[int, int]:
    """(first year, last year) of the comparison for `profession`: the first is the model's first
    year from the population base year (2024) on, the last the model's last year."""
    check_profession(profession)
    years = _params(profession).years
    return max(int(years[0]), BASE_YEAR), int(years[-1])


def check_horizon(profession: str, horizon: int) -> None:
    first, last = model_years(profession)
    if not first < horizon <= last:
        raise InputError(
            f"horizon {horizon} is outside the {profession} model's years: allowed "
            f"{first + 1}..{last}"
        )


# ------------------------------------------------------------------ bundled inputs (cached)


@cache
def _params(profession: str) -> ParameterSet:
    return load_params(profession=profession)


@cache
def _bundled_shares(profession: str) -> MunicipalShares:
    return municipal_shares(_params(profession), profession)


@cache
def _projection(end_year: int) -> PopulationProjection:
    return project_population(end_year=max(end_year, BASE_YEAR + 1))


@cache
def _codes() -> tuple[str, ...]:
    return tuple(str(c) for c in municipalities().index)


@cache
def _population() -> Array:
    out: Array = municipalities()["population_2024"].to_numpy(dtype=np.float64)
    return out


@cache
def _regions(level: str) -> tuple[Region, ...]:
    return tuple(list_regions(level))


@cache
def _indicator(level: str) -> Array:
    """(municipalities, regions): 1 where the municipality lies in the region."""
    pos = {c: i for i, c in enumerate(_codes())}
    regions = _regions(level)
    out = np.zeros((len(pos), len(regions)))
    for j, r in enumerate(regions):
        out[[pos[c] for c in r.municipality_codes], j] = 1.0
    return out


def municipal_ageing(horizon: int) -> Array:
    """(75+ in 2024, 75+ in `horizon`) per municipality, shape (2, municipalities)."""
    proj = _projection(horizon)
    old = np.asarray(AGE_LOWER) >= 75
    pos = {c: i for i, c in enumerate(proj.areas)}
    idx = [pos[c] for c in _codes()]
    cols = [i for i, _ in enumerate(AGE_GROUPS) if old[i]]
    base = proj.values[proj.years.index(BASE_YEAR)][idx][:, cols].sum(axis=1)
    later = proj.values[proj.years.index(horizon)][idx][:, cols].sum(axis=1)
    out: Array = np.stack([base, later])
    return out


@cache
def _distance(profession: str) -> Array:
    out: Array = training_distance_km(profession).reindex(list(_codes())).to_numpy(dtype=np.float64)
    return out


def municipal_access(profession: str, own: OwnData | None = None) -> pd.DataFrame:
    """Today's E2SFCA score and population per municipality for the whole country (own data
    where given, else the estimate); index: municipality code."""
    if own is None:
        return _bundled_access(profession)
    run = region_access(country().with_own_data(own), profession, level="municipality")
    return run.areas[["score", "population"]].reindex(list(_codes()))


@cache
def _bundled_access(profession: str) -> pd.DataFrame:
    run = region_access(country(), profession, level="municipality")
    return run.areas[["score", "population"]].reindex(list(_codes()))


# ------------------------------------------------------------------ own data


@dataclass(frozen=True)
class _Own:
    """Own data per region with a content fingerprint as its identity (the cache key)."""

    fingerprint: tuple[tuple[str, str], ...]
    data: Mapping[str, OwnData] = field(compare=False, hash=False)


def own_fingerprint(own_data: Mapping[str, OwnData] | None) -> tuple[tuple[str, str], ...]:
    """(region code, digest) per region with own data: the digest covers the datasets' names,
    import times and digests, the provenance and the providers table itself."""
    out = []
    for code in sorted(own_data or {}):
        od = (own_data or {})[code]
        h = hashlib.sha256()
        for d in od.datasets:
            h.update(f"{d.name}\0{d.imported_at.isoformat()}\0{d.sha256}\0".encode())
        h.update(od.provenance.encode())
        h.update("\0".join(map(str, od.providers.columns)).encode())
        h.update(pd.util.hash_pandas_object(od.providers, index=False).to_numpy().tobytes())
        out.append((code, h.hexdigest()))
    return tuple(out)


def merge_own_data(own_data: Mapping[str, OwnData]) -> OwnData | None:
    """All regions' own data as one (for the country's accessibility); None when empty."""
    if not own_data:
        return None
    items = [own_data[c] for c in sorted(own_data)]
    datasets = tuple(sorted({d for od in items for d in od.datasets}, key=lambda d: d.name))
    providers = pd.concat([od.providers for od in items], ignore_index=True)
    return OwnData(providers, datasets)


def own_data_by_region(own: OwnData, level: str) -> dict[str, OwnData]:
    """`own` (e.g. the country's own data, ``load_own_data(country())``) split over the regions of
    `level`: each region with providers gets the rows in its municipalities and their datasets,
    as ``load_own_data(region)`` would return them."""
    check_level(level)
    muni = own.providers["municipality"].astype(str)
    out: dict[str, OwnData] = {}
    for r in _regions(level):
        mask = muni.isin(r.municipality_codes).to_numpy()
        if mask.any():
            rows = own.providers[mask].reset_index(drop=True)
            names = set(rows["dataset"].astype(str)) if "dataset" in rows else set()
            out[r.code] = OwnData(rows, tuple(d for d in own.datasets if d.name in names))
    return out


def _own_regions(own_data: Mapping[str, OwnData]) -> dict[str, Region]:
    """The region of every own-data key; keys must not overlap. A key is a region code of any
    level (``ZK24``, ``GM0505``, ``NL``) or a custom region's code (``custom:...``, as
    :func:`regioplan.regions.region_from_file` names it), whose municipalities are then those its
    own data lists providers in."""
    regions: dict[str, Region] = {}
    seen: dict[str, str] = {}
    known = set(_codes())
    for code in sorted(own_data):
        try:
            region = select_region(code, files=False)
        except InputError as exc:
            if not code.startswith("custom:"):
                raise InputError(
                    f"own data for {code!r}: not a region code (nor a custom region's "
                    f"'custom:...' code): {exc}"
                ) from exc
            listed = set(own_data[code].providers["municipality"].astype(str)) & known
            if not listed:
                raise InputError(
                    f"own data for {code!r} lists providers in no known municipality"
                ) from exc
            region = Region(code, code, "custom", tuple(sorted(listed)))
        for m in region.municipality_codes:
            if m in seen:
                raise InputError(
                    f"own data for {code!r} and {seen[m]!r} overlap (municipality {m}); give "
                    "each municipality's own data once"
                )
            seen[m] = code
        regions[code] = region
    return regions


@dataclass(frozen=True)
class StockShares:
    """Stock share and own-data persons per municipality after applying each region's own data;
    `own_regions` are the own-data regions whose data covers the profession."""

    stock: Array
    own_persons: Array
    own_regions: tuple[str, ...]


def stock_shares(profession: str, own_data: Mapping[str, OwnData] | None) -> StockShares:
    """The municipalities' stock shares as each region's own projection has them: in an own-data
    region those of ``municipal_shares(params, own_data=...)`` of that region, elsewhere the
    bundled estimate's."""
    base = _bundled_shares(profession)
    stock = base.stock.copy()
    own_persons = np.zeros_like(stock)
    contributed = []
    if own_data:
        pos = {c: i for i, c in enumerate(base.codes)}
        for code, region in _own_regions(own_data).items():
            sh = municipal_shares(_params(profession), profession, own_data=own_data[code])
            idx = np.asarray([pos[c] for c in region.municipality_codes], dtype=np.int64)
            stock[idx] = sh.stock[idx]
            own_persons[idx] = sh.own_data_persons[idx]
            if float(sh.own_data_persons[idx].sum()) > 0:
                contributed.append(code)
    return StockShares(stock, own_persons, tuple(contributed))


# ------------------------------------------------------------------ the draws


@dataclass(frozen=True)
class ComparisonDraws:
    """Every region's draws at the first year and the horizon, each (draws, regions)."""

    codes: tuple[str, ...]
    first_year: int
    horizon: int
    supply_now: Array
    demand_now: Array
    supply_horizon: Array
    demand_horizon: Array

    @property
    def gap_now(self) -> Array:
        out: Array = (self.demand_now - self.supply_now) / self.demand_now
        return out

    @property
    def gap_horizon(self) -> Array:
        out: Array = (self.demand_horizon - self.supply_horizon) / self.demand_horizon
        return out

    @property
    def gap_horizon_fte(self) -> Array:
        out: Array = self.demand_horizon - self.supply_horizon
        return out

    def ranks(self) -> Array:
        """Rank of each region within each draw by relative gap at the horizon, (draws, regions):
        1 = the largest relative shortage; ties share their mean rank."""
        out: Array = ranks(-self.gap_horizon.T).T
        return out


def comparison_draws(
    level: str,
    profession: str,
    *,
    horizon: int = DEFAULT_HORIZON,
    draws: int = 1000,
    seed: int = DEFAULT_SEED,
    own_data: Mapping[str, OwnData] | None = None,
) -> ComparisonDraws:
    """Supply and demand of every region of `level` in every draw, vectorised over regions and
    draws (no loop over draws). The draws are those of ``monte_carlo(..., region=r,
    vary_settlement=True)`` for each region r with the same `seed` and `draws`."""
    check_level(level)
    check_profession(profession)
    check_draws(draws)
    check_horizon(profession, horizon)
    return _draws(level, profession, horizon, draws, seed, stock_shares(profession, own_data).stock)


def _draws(
    level: str, profession: str, horizon: int, draws: int, seed: int, stock: Array
) -> ComparisonDraws:
    params = _params(profession)
    shares = _bundled_shares(profession)
    ind = _indicator(level)
    rng = np.random.default_rng(seed)
    d = simulate(params, draws=draws, seed=rng)
    if VARY_SETTLEMENT:
        t_r = shares.draw_settling(draws, rng) @ ind  # (draws, R)
    else:
        t_r = np.repeat((shares.settling @ ind)[None, :], draws, axis=0)
    s_r = stock @ ind  # (R,)
    years = list(params.years)
    first = max(int(years[0]), BASE_YEAR)

    def at(year: int) -> tuple[Array, Array]:
        k = years.index(year)
        supply: Array = s_r[None, :] * d.stock_fte[:, k, None] + t_r * d.trained_fte[:, k, None]
        u_r = shares.demand[:, k] @ ind  # (R,)
        demand: Array = d.demand_fte[:, k, None] * u_r[None, :]
        return supply, demand

    supply_now, demand_now = at(first)
    supply_h, demand_h = at(horizon)
    return ComparisonDraws(
        tuple(r.code for r in _regions(level)),
        first,
        horizon,
        supply_now,
        demand_now,
        supply_h,
        demand_h,
    )


# ------------------------------------------------------------------ the comparison


def _bands(x: Array) -> list[Band3]:
    """P10/P50/P90 over the draws (axis 0) of each region (numpy's linear quantiles)."""
    q = sorted_quantiles(np.ascontiguousarray(x.T))  # (3, R)
    return [Band3(float(q[0, j]), float(q[1, j]), float(q[2, j])) for j in range(q.shape[1])]


def _weighted(values: Array, weights: Array, ind: Array) -> Array:
    """Weighted mean of `values` per region over its municipalities (NaN values left out)."""
    ok = np.isfinite(values)
    w = np.where(ok, weights, 0.0)
    num = np.where(ok, values, 0.0) * w @ ind
    den = w @ ind
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Array = num / den
    return out


def compare_regions(
    level: str,
    profession: Profession,
    *,
    horizon: int = DEFAULT_HORIZON,
    draws: int = 1000,
    seed: int = DEFAULT_SEED,
    own_data: Mapping[str, OwnData] | None = None,
) -> NationalComparison:
    """Every region of `level` side by side for `profession`: gaps now and at `horizon` with
    their Monte Carlo bands, the rank band, accessibility, ageing and the distance to training.

    `level` is one of :data:`COMPARE_LEVELS`; `own_data` maps region codes to their own data
    (see the module docstring). Bad input raises :class:`~regioplan.errors.InputError`. Cached:
    a second call with the same arguments (and own data of the same content) returns the same
    object.
    """
    check_level(level)
    check_profession(profession)
    check_draws(draws)
    check_horizon(profession, horizon)
    own = _Own(own_fingerprint(own_data), dict(own_data or {}))
    return _compare(level, profession, int(horizon), int(draws), int(seed), own)


def cache_clear() -> None:
    """Forget the cached comparisons (for benchmarks: the next call is cold again)."""
    _compare.cache_clear()


@lru_cache(maxsize=CACHE_SIZE)
def _compare(
    level: str, profession: Profession, horizon: int, draws: int, seed: int, own: _Own
) -> NationalComparison:
    shares = stock_shares(profession, own.data or None)
    cd = _draws(level, profession, horizon, draws, seed, shares.stock)
    ind = _indicator(level)
    regions = _regions(level)
    pop = _population()

    gap_now = _bands(cd.gap_now)
    gap_h = _bands(cd.gap_horizon)
    gap_fte = _bands(cd.gap_horizon_fte)
    rank = _bands(cd.ranks())

    acc = municipal_access(profession, merge_own_data(own.data))
    acc_pop = acc["population"].to_numpy(dtype=np.float64)
    scores = acc["score"].to_numpy(dtype=np.float64)
    access = _weighted(scores, acc_pop, ind)
    ok = np.isfinite(scores)
    national = float(np.average(scores[ok], weights=acc_pop[ok]))

    old = municipal_ageing(horizon) @ ind  # (2, R)
    with np.errstate(invalid="ignore", divide="ignore"):
        ageing = old[1] / old[0] - 1.0
    dist = _weighted(_distance(profession), pop, ind)
    own_r = shares.own_persons @ ind

    rows = [
        RegionStanding(
            code=r.code,
            name=r.name,
            population=round(float(pop @ ind[:, j])),
            gap_now=gap_now[j],
            gap_horizon=gap_h[j],
            gap_horizon_fte=gap_fte[j],
            rank=rank[j],
            access=float(access[j]),
            access_vs_national=float(access[j] / national) if national > 0 else float("nan"),
            ageing_75=float(ageing[j]),
            distance_km=float(dist[j]),
            own_data=bool(own_r[j] > 0),
        )
        for j, r in enumerate(regions)
    ]
    rows.sort(key=lambda s: (s.rank.p50, -s.gap_horizon.p50, s.code))
    params = _params(profession)
    prov = {
        **{k: str(v) for k, v in provenance(params).items()},
        "status": "estimate",
        "draws": (
            f"{draws} Monte Carlo draws (seed {seed}): triangular draws over the variants and "
            "the assumptions' ranges, settlement (decay length, base share) drawn per draw; the "
            "draws of monte_carlo(region=..., vary_settlement=True) for every region at once"
        ),
        "gap": (
            f"relative gap (demand - supply) / demand in {cd.first_year} and {horizon}, "
            "P10/P50/P90 over the draws (regioplan.workforce, regional split by municipal shares)"
        ),
        "rank": (
            f"rank by relative gap in {horizon} within every draw (1 = largest shortage, ties "
            "share their mean rank), P10/P50/P90 over the draws"
        ),
        "access": (
            "today's E2SFCA per municipality for the whole country (regioplan.access), "
            "population-weighted per region; vs national: divided by the national "
            f"population-weighted mean ({national:.3f} FTE per 10,000)"
        ),
        "ageing": (
            f"growth of the 75+ population from {BASE_YEAR} to {horizon} "
            "(regioplan.demography projection)"
        ),
        "distance": (
            f"population-weighted mean road km to the nearest {profession} training centre "
            "(regioplan.regions.training_distance_km, estimate)"
        ),
        "own_data": (
            "own data of " + ", ".join(shares.own_regions) + " (stock shares as each region's "
            "own projection has them)"
            if shares.own_regions
            else "none: today's workforce is the bundled estimate"
        ),
    }
    return NationalComparison(
        level=level,
        profession=profession,
        horizon=horizon,
        first_year=cd.first_year,
        draws=draws,
        seed=seed,
        rows=tuple(rows),
        provenance=prov,
    )


__all__ = [
    "COMPARE_LEVELS",
    "VARY_SETTLEMENT",
    "ComparisonDraws",
    "StockShares",
    "cache_clear",
    "check_draws",
    "check_horizon",
    "check_level",
    "check_profession",
    "compare_regions",
    "comparison_draws",
    "merge_own_data",
    "model_years",
    "municipal_access",
    "municipal_ageing",
    "own_data_by_region",
    "own_fingerprint",
    "stock_shares",
]
