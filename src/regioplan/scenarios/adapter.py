"""Build a scenario baseline from the regional workforce projection (:mod:`regioplan.workforce`).

This is the only module of :mod:`regioplan.scenarios` that knows the workforce package. Per
profession it calls :func:`regioplan.workforce.regional.project_region` (the Capaciteitsorgaan
stock-and-flow model split over municipalities) and reads:

* supply and demand FTE per year of the region;
* the region's current-stock FTE: its stock share times the national stock route's FTE (its fall
  from year to year is the outflow the ``retention`` lever acts on);
* the national per-trainee curve f3 (``per_intake_fte``): FTE in year k from one extra trainee
  per year in cohort 3, which starts in the year after the adjustment year (method 6.1);
* trainees settling in the region per year: its settling share times the set's cohort-3 intake;
* each municipality's share of the region's demand in the base year (for partial coverage);
* the settling uplift of a training site in the region (:func:`site_uplift`), from the workforce
  package's distance-decay settlement model;
* the region's persons (headcount) per year of the projection (for the dependency on one
  physician).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from regioplan.data import PROFESSIONS, municipalities
from regioplan.geo import road_km
from regioplan.regions import OwnData, Region, country, select_region, training_distance_km
from regioplan.scenarios.baseline import ProfessionBaseline, RegionBaseline, density_scale
from regioplan.workforce import MunicipalShares, municipal_shares
from regioplan.workforce.montecarlo import region_draws, simulate
from regioplan.workforce.parameters import load_params
from regioplan.workforce.regional import SettlementModel, project_region


def _profession_baseline(
    region: Region, profession: str, variant: str, scenario: int
) -> tuple[ProfessionBaseline, dict[str, Any]]:
    params = load_params(profession=profession)
    shares = _shares_for(params.name, profession, region.own_data)
    proj = project_region(
        region, profession, params=params, scenario=scenario, variant=variant, shares=shares
    )
    nat = proj.national
    idx = shares.region_index(tuple(region.municipality_codes))
    base_demand = shares.demand[idx, 0]
    total = float(base_demand.sum())
    muni = {
        str(shares.codes[i]): float(d) / total if total > 0 else 0.0
        for i, d in zip(idx, base_demand, strict=True)
    }
    stock = proj.stock_share * np.asarray(nat.fte_by_route["stock"], dtype=np.float64)
    start = nat.params.adjustment_offset + 1
    base = ProfessionBaseline(
        profession=profession,
        years=tuple(int(y) for y in proj.years),
        supply_fte=np.asarray(proj.supply_fte, dtype=np.float64),
        demand_fte=np.asarray(proj.demand_fte, dtype=np.float64),
        stock_fte=stock,
        per_intake_fte=np.asarray(nat.per_intake_fte, dtype=np.float64),
        intake_start_index=min(start, len(proj.years) - 1),
        trainees_settling=proj.settling_share * float(nat.intake),
        site_uplift=site_uplift(region, profession, shares.settling),
        supply_persons=np.asarray(proj.supply_persons, dtype=np.float64),
        municipality_share=muni,
        provenance=f"regioplan.workforce regional projection, parameter set {nat.params.name}",
    )
    info = {
        "parameter_set": nat.params.name,
        "status": proj.provenance.get("status", "estimate"),
        "own_data_share": round(proj.own_data_share, 4),
        "demand_scenario": scenario,
        "variant": variant,
    }
    return base, info


def site_uplift(region: Region, profession: str, settling: npt.ArrayLike) -> float:
    """Relative rise of the region's share of new professionals if it gets a training site.

    The regional projection settles new professionals in municipality m in proportion to
    ``U_m A(d_m)``, with A(d) = alpha + (1 - alpha) exp(-d / L) of
    :class:`regioplan.workforce.regional.SettlementModel` and d_m the road km to the nearest
    training centre. A site at the region's population-weighted centre shortens d_m to
    d'_m = min(d_m, km to the site); since U_m is proportional to t_m / A(d_m), the new shares are
    t'_m proportional to t_m A(d'_m) / A(d_m), renormalised over the country (other regions lose
    what this one gains). Returns sum_region t' / sum_region t - 1 (estimate).
    """
    model = SettlementModel()
    m = municipalities()
    codes = list(m.index)
    dist = training_distance_km(profession).reindex(codes).to_numpy(dtype=np.float64)
    own = region.municipalities
    w = own["population_2024"].to_numpy(dtype=np.float64)
    lat = float(np.average(own["lat"], weights=w))
    lon = float(np.average(own["lon"], weights=w))
    to_site = road_km(m["lat"].to_numpy(), m["lon"].to_numpy(), lat, lon)
    new = np.minimum(dist, to_site)
    length = model.decay_km_for(profession)

    def attract(d: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return model.base_share + (1 - model.base_share) * np.exp(-d / length)

    t = np.asarray(settling, dtype=np.float64)
    t_new = t * attract(new) / attract(dist)
    t_new = t_new / t_new.sum()
    inside = np.isin(np.asarray(codes), list(region.municipality_codes))
    before = float(t[inside].sum())
    return float(t_new[inside].sum()) / before - 1.0 if before > 0 else 0.0


def _shares_for(params_name: str, profession: str, own_data: OwnData | None) -> MunicipalShares:
    """Municipal shares; with a region's own data they are computed afresh."""
    if own_data is None:
        return _shares(params_name, profession)
    return municipal_shares(load_params(params_name), profession, own_data=own_data)


@cache
def _shares(params_name: str, profession: str) -> MunicipalShares:
    return municipal_shares(load_params(params_name), profession)


@cache
def _national_density() -> float:
    c = country()
    return float(c.population) / float(c.area_km2)


def region_baseline(
    region: Region,
    *,
    professions: Sequence[str] = PROFESSIONS,
    variant: str = "mid",
    demand_scenario: int = 6,
) -> RegionBaseline:
    """The scenario baseline of a :class:`regioplan.regions.Region`.

    The region's own data (``region.own_data``) replaces the workforce estimate where it has
    any, as in the regional projection.
    """
    profs: dict[str, ProfessionBaseline] = {}
    info: dict[str, Any] = {}
    for p in professions:
        profs[p], info[p] = _profession_baseline(region, p, variant, demand_scenario)
    names = {str(c): str(n) for c, n in region.municipalities["name"].items()}
    scale = density_scale(float(region.population), float(region.area_km2), _national_density())
    return RegionBaseline(
        code=str(region.code),
        name=str(region.name),
        professions=profs,
        density_scale=scale,
        municipality_names=names,
        provenance={
            "baseline": (
                "regioplan.workforce regional projection (Capaciteitsorgaan stock-and-flow model "
                "split over municipalities; see docs/workforce.md)"
            ),
            "professions": info,
            "density_scale": (
                f"{scale:.3f}: sqrt(national / regional population density), clipped to [0.5, 2] "
                "(estimate)"
            ),
        },
    )


def region_baseline_draws(
    region: Region,
    draws: int,
    seed: int | np.random.SeedSequence,
    *,
    professions: Sequence[str] = PROFESSIONS,
) -> RegionBaseline:
    """`draws` draws of the region's projection from the workforce package's own Monte Carlo.

    Per profession: :func:`regioplan.workforce.montecarlo.simulate` (triangular draws over the
    variants and the parameter set's assumption ranges) split to the region with its stock and
    demand shares, and its settling share drawn with the settlement model's parameters, as
    :func:`regioplan.workforce.monte_carlo` does for a region. Arrays are (draws, years).
    """
    single = region_baseline(region, professions=professions)
    rng = np.random.default_rng(seed)
    codes = tuple(region.municipality_codes)
    profs: dict[str, ProfessionBaseline] = {}
    for p in professions:
        params = load_params(profession=p)
        sh = _shares_for(params.name, p, region.own_data)
        d = simulate(params, draws=draws, seed=rng)
        r = region_draws(d, sh, codes, rng, vary_settlement=True)
        last = d.per_intake_fte[:, -1]
        intake = np.divide(d.cohort3_fte[:, -1], last, out=np.zeros(draws), where=last > 0)
        base = single.professions[p]
        profs[p] = replace(
            base,
            supply_fte=r.supply_fte,
            demand_fte=r.demand_fte,
            stock_fte=r.stock_fte,
            per_intake_fte=d.per_intake_fte,
            trainees_settling=r.settling_share * intake,
        )
    return replace(
        single,
        professions=profs,
        provenance={
            **single.provenance,
            "baseline_uncertainty": (
                f"{draws} draws of the workforce Monte Carlo (variants and assumption ranges, "
                "settlement parameters), paired draw by draw with the scenario's parameters"
            ),
        },
    )


@cache
def baseline_for(query: str) -> RegionBaseline:
    """The baseline of the region named by `query` (code, name or ``level:name``), cached."""
    return region_baseline(select_region(query))


__all__ = [
    "baseline_for",
    "region_baseline",
    "region_baseline_draws",
    "site_uplift",
]
