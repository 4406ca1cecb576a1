"""How fragile a small profession is in a region: what one physician leaving does (issue #22,
item 3).

In disability care (AVG) a region has few physicians, so one leaving or arriving changes its
staffing. :func:`fragility` measures that for one region and profession:

* **today's supply** (FTE and persons) as the regiobeeld uses it: the region's own data where it
  carries it, else the labelled estimate (:func:`regioplan.regions.workforce_table`);
* **one physician leaving**: the region's FTE per person as a share of its supply
  (= 1 / persons), and the relative change of the mean accessibility of the worst-served tenth
  of the region's population (PC4, E2SFCA, :func:`regioplan.access.region_access`) when one
  average physician's FTE is removed. Who leaves is unknown, so the FTE is removed from every
  municipality in proportion to its share of the region's supply: the scores are linear in
  supply, so these are the expected scores when the one who leaves is drawn by FTE;
* **the probability of falling below a floor**: the share of the regional Monte Carlo draws
  (:func:`regioplan.workforce.montecarlo.simulate` split by
  :func:`regioplan.workforce.montecarlo.region_draws`, the draws ``monte_carlo(region=...)``
  makes, settlement drawn as the regiobeeld does) in which the region's supply in `year` is
  below `floor_fte`;
* **a flag** when one physician carries more than `flag_share` of the region's supply.

Every figure is an estimate.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access import region_access
from regioplan.data import PROFESSIONS, Profession
from regioplan.errors import InputError
from regioplan.national.model import Fragility
from regioplan.regions import Region, workforce_table
from regioplan.settings import DEFAULT_SEED
from regioplan.workforce import MunicipalShares, load_params, municipal_shares, project_region
from regioplan.workforce.montecarlo import MAX_DRAWS, region_draws, simulate
from regioplan.workforce.national import DEFAULT_HORIZON
from regioplan.workforce.parameters import ParameterSet

FLOOR_SHARE = 0.9
"""Default floor: this share of today's supply (the region may set its own level)."""
FLAG_SHARE = 0.10
"""Default flag: one physician carries more than this share of the region's supply."""
WORST_SHARE = 0.10
"""The worst-served part of the region's population whose accessibility is followed."""
VARY_SETTLEMENT = True
"""Draw the settlement model (decay length, base share) too, as the regiobeeld does: where new
physicians settle is the main regional uncertainty."""
DRAWS = 1000

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]


def check_inputs(
    *,
    floor_share: float,
    flag_share: float,
    draws: int,
    floor_fte: float | None = None,
) -> None:
    """Raise :class:`InputError` for settings outside their ranges (shared with the CLI)."""
    if not (math.isfinite(floor_share) and 0 < floor_share <= 2):
        raise InputError(
            f"floor_share = {floor_share} is out of range (0, 2]: the floor is a share of "
            "today's supply"
        )
    if not (math.isfinite(flag_share) and 0 < flag_share < 1):
        raise InputError(
            f"flag_share = {flag_share} is out of range (0, 1): the share of the region's supply "
            "one physician may carry before it is flagged"
        )
    if not 1 <= draws <= MAX_DRAWS:
        raise InputError(f"draws = {draws} is out of range [1, {MAX_DRAWS}]")
    if floor_fte is not None and not (math.isfinite(floor_fte) and floor_fte >= 0):
        raise InputError(f"floor_fte = {floor_fte} must be a finite number of FTE >= 0")


def _check_region(region: Region, profession: str) -> None:
    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; allowed: {', '.join(PROFESSIONS)}")
    if not tuple(region.municipality_codes):
        raise InputError(f"region {region.code} has no municipalities")


@cache
def _bundled_shares(params_name: str, profession: str) -> MunicipalShares:
    return municipal_shares(load_params(params_name), profession)


def _shares(params: ParameterSet, profession: str, region: Region) -> MunicipalShares:
    """The municipal shares the regiobeeld uses: with the region's own data where it has it."""
    if region.own_data is None:
        return _bundled_shares(params.name, profession)
    return municipal_shares(params, profession, own_data=region.own_data)


def today_supply(region: Region, profession: str) -> tuple[float, float, str]:
    """(FTE, persons, provenance) of `profession` in `region` today, as the regiobeeld has it:
    own data where the region carries it, else the labelled estimate."""
    table = workforce_table(region, profession)
    kinds = sorted(set(table["provenance"].astype(str)))
    return (
        float(table["fte"].sum()),
        float(table["persons"].sum()),
        kinds[0] if len(kinds) == 1 else "mixed",
    )


def worst_mean(scores: Array, population: Array, share: float = WORST_SHARE) -> tuple[Index, Array]:
    """Weights of the worst-served `share` of the population: (indices, weights).

    Areas are taken from the lowest score up until `share` of the population is reached; the
    last area counts with the part of its population that completes the share. Areas without a
    finite score or without population are left out.
    """
    keep = np.flatnonzero(np.isfinite(scores) & (population > 0))
    if keep.size == 0:
        return keep.astype(np.intp), np.zeros(0)
    order = keep[np.argsort(scores[keep], kind="stable")]
    pop = population[order]
    target = share * float(pop.sum())
    before = np.concatenate([[0.0], np.cumsum(pop)[:-1]])
    weights = np.clip(target - before, 0.0, pop)
    used = weights > 0
    return order[used].astype(np.intp), weights[used]


def worst_access_change(
    region: Region, profession: str, supply_fte: float, removed_fte: float
) -> tuple[float, float, float]:
    """(mean before, mean after, relative change) of the accessibility of the worst-served tenth
    of the region's population (PC4, E2SFCA) when `removed_fte` leaves the region's supply of
    `supply_fte`, taken from every municipality in proportion to its FTE.

    The worst-served tenth is fixed by today's scores; after is the same people's mean. When
    they have no access at all before and after, the change is 0.
    """
    table = workforce_table(region, profession)
    fte = table["fte"].astype(float)
    keep = 1.0 - removed_fte / supply_fte if supply_fte > 0 else 1.0
    frame = pd.DataFrame({"today": fte, "one_leaves": fte * max(keep, 0.0)})
    run = region_access(region, profession, level="pc4", fte_by_municipality=frame)
    areas = run.areas
    pop = areas["population"].to_numpy(float)
    idx, w = worst_mean(areas["today"].to_numpy(float), pop)
    if idx.size == 0:
        return float("nan"), float("nan"), float("nan")
    before = float(np.average(areas["today"].to_numpy(float)[idx], weights=w))
    after = float(np.average(areas["one_leaves"].to_numpy(float)[idx], weights=w))
    if before == 0:
        return before, after, 0.0 if after == 0 else float("nan")
    return before, after, after / before - 1.0


def supply_draws(
    region: Region,
    profession: str,
    *,
    draws: int = DRAWS,
    seed: int = DEFAULT_SEED,
) -> tuple[tuple[int, ...], Array, float]:
    """(model years, supply FTE draws (draws, years), the central run's supply in the first year).

    The draws are those of ``monte_carlo(params, draws=draws, seed=seed, region=region,
    shares=..., vary_settlement=True)``: one generator seeded with `seed` draws the national
    parameter sets and then the settlement parameters.
    """
    params = load_params(profession=profession)
    shares = _shares(params, profession, region)
    rng = np.random.default_rng(seed)
    d = simulate(params, draws=draws, seed=rng)
    r = region_draws(
        d, shares, tuple(region.municipality_codes), rng, vary_settlement=VARY_SETTLEMENT
    )
    central = project_region(region, profession, params=params, shares=shares)
    return tuple(int(y) for y in params.years), r.supply_fte, float(central.supply_fte[0])


def fragility(
    region: Region,
    profession: Profession,
    *,
    year: int | None = None,
    floor_fte: float | None = None,
    floor_share: float = FLOOR_SHARE,
    flag_share: float = FLAG_SHARE,
    draws: int = DRAWS,
    seed: int = DEFAULT_SEED,
) -> Fragility:
    """How much `region`'s supply of `profession` depends on one physician.

    `year` is the year of the probability of falling below the floor (default
    :data:`regioplan.workforce.national.DEFAULT_HORIZON`, 2040: in the model's first year the
    draws hardly differ); the figures of one physician leaving are always today's. The floor is
    `floor_fte` when given (then `floor_share` in the result is `floor_fte` / today's supply),
    else `floor_share` x today's supply.

    The model's supply rests on the parameter set's national headcount, today's supply on the
    workforce table; the draws are put on today's basis (times today's supply / the central
    run's supply in the model's first year) so that floor and draws are in the same units.
    """
    check_inputs(floor_share=floor_share, flag_share=flag_share, draws=draws, floor_fte=floor_fte)
    _check_region(region, profession)
    supply_fte, persons, source = today_supply(region, profession)
    if not (persons > 0 and supply_fte > 0):
        raise InputError(
            f"region {region.code} has no {profession} supply today ({persons:g} persons, "
            f"{supply_fte:g} FTE): one physician leaving is undefined"
        )
    fte_per_person = supply_fte / persons
    removed = min(fte_per_person, supply_fte)
    one_leaves = removed / supply_fte  # = 1 / persons, capped at 1 below one person
    before, after, change = worst_access_change(region, profession, supply_fte, removed)

    years, supply, model_today = supply_draws(region, profession, draws=draws, seed=seed)
    target = min(DEFAULT_HORIZON, years[-1]) if year is None else int(year)
    if target not in years:
        raise InputError(
            f"year {target} is outside the {profession} model years {years[0]}..{years[-1]}"
        )
    scale = supply_fte / model_today if model_today > 0 else 1.0
    at_year = supply[:, years.index(target)] * scale
    if floor_fte is None:
        floor = floor_share * supply_fte
    else:
        floor = float(floor_fte)
        floor_share = floor / supply_fte
    p_below = float(np.mean(at_year < floor))
    provenance = {
        "status": "estimate",
        "supply": (
            f"today's {profession} workforce of the region ({source}; "
            "regioplan.regions.workforce_table: own data where imported, else the estimate)"
        ),
        "one_leaves": (
            "FTE per person of the region's workforce as a share of its supply (= 1 / persons; "
            "capped at the whole supply below one person) (estimate)"
        ),
        "worst_access": (
            f"E2SFCA at PC4 (regioplan.access), population-weighted mean of the worst-served "
            f"{WORST_SHARE:.0%} of the region's population today ({before:.3f} FTE per 10,000) "
            f"and of the same areas with one average physician's FTE removed from every "
            f"municipality in proportion to its FTE ({after:.3f}) (estimate)"
        ),
        "p_below": (
            f"share of {draws} Monte Carlo draws (seed {seed}; variants, assumption ranges and "
            f"settlement parameters, as the regiobeeld) with supply in {target} below the floor; "
            f"draws put on today's basis x {scale:.4f} (today's supply / the model's supply in "
            f"{years[0]}) (estimate)"
        ),
        "floor": (
            "set by the region"
            if floor_fte is not None
            else f"{floor_share:g} x today's supply (default)"
        ),
    }
    return Fragility(
        code=str(region.code),
        profession=profession,
        supply_fte=supply_fte,
        supply_persons=persons,
        fte_per_person=fte_per_person,
        one_leaves_share=one_leaves,
        worst_access_change=change,
        year=target,
        floor_fte=floor,
        floor_share=floor_share,
        p_below=p_below,
        flag_share=flag_share,
        flag=one_leaves > flag_share,
        provenance=provenance,
    )


__all__ = [
    "DRAWS",
    "FLAG_SHARE",
    "FLOOR_SHARE",
    "VARY_SETTLEMENT",
    "WORST_SHARE",
    "check_inputs",
    "fragility",
    "supply_draws",
    "today_supply",
    "worst_access_change",
    "worst_mean",
]
