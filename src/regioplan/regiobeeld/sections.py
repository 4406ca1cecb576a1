"""The regiobeeld's sections computed by the engines (demography, workforce, access).

Each function calls its engine directly and turns the result into the typed section of
:mod:`regioplan.regiobeeld.model`. An engine that fails raises; no section is silently dropped.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access import RegionAccess, national_median, region_access, region_access_years
from regioplan.access import year_range as access_year_range
from regioplan.access.areas import Level
from regioplan.access.regional import SHORT_FRACTION
from regioplan.data import AGE_GROUPS, AGE_LOWER, municipalities, pc4_areas
from regioplan.demography import PopulationProjection
from regioplan.demography import project_population as demography_projection
from regioplan.errors import InputError
from regioplan.regiobeeld.model import (
    Access,
    AccessStats,
    AccessYear,
    AreaValue,
    Population,
    PopulationYear,
    Workforce,
    WorkforceYear,
)
from regioplan.regions import Region, workforce_table
from regioplan.stats import weighted_quantile
from regioplan.workforce import (
    MunicipalShares,
    load_params,
    monte_carlo,
    monte_carlo_municipalities,
    municipal_shares,
    project_region,
)
from regioplan.workforce.national import default_balance_year

# ------------------------------------------------------------------ demography


@cache
def _projection(horizon: int) -> PopulationProjection:
    return demography_projection(end_year=horizon)


def project_population(
    region: Region, population: Population, horizon: int
) -> tuple[tuple[PopulationYear, ...], dict[int, dict[str, float]], str]:
    """Projected population per year to `horizon`: (years, by age per year, method)."""
    proj = _projection(horizon)
    pos = {c: i for i, c in enumerate(proj.areas)}
    idx = [pos[c] for c in region.municipality_codes if c in pos]
    if len(idx) != len(region.municipality_codes):
        missing = sorted(set(region.municipality_codes) - set(pos))
        raise InputError(
            f"the population projection lacks the region's municipalities {', '.join(missing)}"
        )
    values = proj.values[:, idx, :].sum(axis=1)  # years x age groups
    lower = np.asarray(AGE_LOWER)
    years = tuple(
        PopulationYear(
            year=int(y),
            total=float(values[i].sum()),
            age_75_plus=float(values[i][lower >= 75].sum()),
            age_85_plus=float(values[i][lower >= 85].sum()),
        )
        for i, y in enumerate(proj.years)
    )
    by_age = {
        int(y): {g: float(v) for g, v in zip(AGE_GROUPS, values[i], strict=True)}
        for i, y in enumerate(proj.years)
    }
    prov = proj.provenance
    method = (
        f"{prov.get('method', 'cohort-component projection')}; base: {prov.get('base', '')}; "
        f"migration: {'yes' if proj.migration else 'no'} (regioplan.demography, estimate)"
    )
    return years, by_age, method


# ------------------------------------------------------------------ access

AREA_LEVELS: tuple[Level, ...] = ("municipality", "pc4")
"""The levels at which accessibility is computed: municipalities and PC4 areas."""


@cache
def _national_median(profession: str, level: Level, year: int | None = None) -> float:
    return float(national_median(profession, level=level, year=year))


def _area_values(frame: pd.DataFrame, level: str, threshold: float) -> tuple[AreaValue, ...]:
    if level == "municipality":
        geo = municipalities()[["lon", "lat"]]
        keys = list(frame.index)
    else:
        geo = pc4_areas()[["lon", "lat"]]
        keys = [int(k) for k in frame.index]
        geo.index = geo.index.astype(int)
    lon = geo.loc[keys, "lon"].to_numpy(float)
    lat = geo.loc[keys, "lat"].to_numpy(float)
    names = frame["name"].astype(str).tolist()
    scores = frame["score"].to_numpy(float)
    pops = frame["population"].to_numpy(float)
    return tuple(
        AreaValue(
            code=str(code),
            name=names[i] if level == "municipality" else f"{code} {names[i]}",
            population=float(pops[i]),
            value=float(scores[i]),
            lon=float(lon[i]),
            lat=float(lat[i]),
            short=bool(scores[i] < threshold),
        )
        for i, code in enumerate(frame.index)
    )


def _stats(run: RegionAccess, level: str, threshold: float) -> AccessStats:
    """Population-weighted summary of `run` against a fixed `threshold` (FTE per 10,000)."""
    s = run.summary(threshold=threshold, fraction=1.0)
    return AccessStats(
        level=level,
        mean=float(s.mean),
        median=float(s.median),
        gini=float(s.gini),
        threshold=float(threshold),
        population=float(s.population),
        population_below=float(s.population_below),
        share_below=float(s.share_below),
        short_areas=len(s.short_areas),
    )


def access(region: Region, profession: str) -> Access:
    """The accessibility section of `profession` in `region` from regioplan.access.

    Shortage: access below :data:`SHORT_FRACTION` x the national population-weighted median of
    the bundled estimate at the same level.
    """
    runs = {lvl: region_access(region, profession, level=lvl) for lvl in AREA_LEVELS}
    limits = {lvl: _national_median(profession, lvl) * SHORT_FRACTION for lvl in runs}
    summaries = {lvl: run.summary(threshold=limits[lvl], fraction=1.0) for lvl, run in runs.items()}
    pc4 = runs["pc4"]
    values = pc4.areas["score"].to_numpy(float)
    weights = pc4.areas["population"].to_numpy(float)
    p10 = weighted_quantile(values, weights, 0.1)
    p90 = weighted_quantile(values, weights, 0.9)
    first = runs["municipality"]
    method = (
        f"{first.method.upper()} (regioplan.access), weights {first.weights}, catchment "
        f"{first.max_cost:g} min; travel costs: {first.costs_source}; supply: "
        f"{first.supply_fte_own:.1f} FTE own data, {first.supply_fte_estimate:.1f} FTE estimate"
    )
    return Access(
        profession=profession,
        method=method,
        unit=first.unit,
        higher_is_better=True,
        municipalities=_area_values(first.areas, "municipality", limits["municipality"]),
        pc4=_area_values(pc4.areas, "pc4", limits["pc4"]),
        short_rule=f"< {SHORT_FRACTION:g} x national median",
        short_areas_pc4=len(summaries["pc4"].short_areas),
        short_population_pc4=float(summaries["pc4"].population_below),
        short_areas_municipality=len(summaries["municipality"].short_areas),
        short_population_municipality=float(summaries["municipality"].population_below),
        gini=float(summaries["pc4"].gini),
        p10_p90=p10 / p90 if p90 > 0 else float("nan"),
        stats={lvl: _stats(run, lvl, limits[lvl]) for lvl, run in runs.items()},
    )


def year_span(profession: str) -> tuple[int, int, str]:
    """(first, last, parameter set) of the years the access engine can project `profession` to."""
    span = access_year_range(profession)
    return int(span.first), int(span.last), str(span.parameter_set)


def clamp_year(profession: str, year: int) -> int:
    """`year` moved into the profession's projection range."""
    first, last, _ = year_span(profession)
    return max(first, min(last, int(year)))


def access_years(
    region: Region,
    profession: str,
    years: list[int] | tuple[int, ...],
) -> dict[int, AccessYear]:
    """Accessibility of `profession` in `region` projected to each of `years` (estimates).

    One basis with the workforce gap: every year, the first projected year included (the
    comparison's 'now'), takes its supply from the workforce engine's central run split over
    municipalities, the series the gap uses, and its demand from the projected population by age
    times the model's need factor (:func:`regioplan.access.years.need_factor`), so need grows as
    the model's demand. The shortage threshold is :data:`SHORT_FRACTION` x the national median
    of that first year on the same basis, one fixed yardstick for every year.

    Years outside the profession's projection are clamped into it (the result's ``requested``
    keeps the year asked for). One call of ``region_access_years`` per level for all years, so
    the travel costs are computed once.
    """
    first, last, pset = year_span(profession)
    wanted = {int(y): clamp_year(profession, int(y)) for y in years}
    distinct = sorted({first, *wanted.values()})
    runs = {
        lvl: region_access_years(region, profession, distinct, level=lvl) for lvl in AREA_LEVELS
    }
    limits = {lvl: _national_median(profession, lvl, first) * SHORT_FRACTION for lvl in runs}
    base: dict[str, AccessStats] = {lvl: _stats(runs[lvl][first], lvl, limits[lvl]) for lvl in runs}
    base_run = runs["municipality"][first]
    out: dict[int, AccessYear] = {}
    for asked, year in wanted.items():
        muni = runs["municipality"][year]
        prov = muni.projection
        method = (
            f"{muni.method.upper()} (regioplan.access) projected to 1-1-{year}: population: "
            f"{prov.get('population', '')}; demand: {prov.get('demand', '')}; supply: "
            f"{prov.get('supply', '')}; compared with {first} on the same basis; threshold "
            f"{SHORT_FRACTION:g} x the national median of {first} on that basis (estimate)"
        )
        out[asked] = AccessYear(
            profession=profession,
            year=year,
            requested=asked,
            first=first,
            last=last,
            parameter_set=pset,
            municipalities=_area_values(muni.areas, "municipality", limits["municipality"]),
            stats={lvl: _stats(runs[lvl][year], lvl, limits[lvl]) for lvl in runs},
            supply_fte=float(muni.supply_fte_own + muni.supply_fte_estimate),
            method=method,
            base_stats=base,
            base_supply_fte=float(base_run.supply_fte_own + base_run.supply_fte_estimate),
            need_factor=float(prov.get("need_factor") or 1.0),
        )
    return out


# ------------------------------------------------------------------ workforce

DRAWS = 1000
"""Monte Carlo draws per profession (the band is P10-P90 of these draws)."""
VARY_SETTLEMENT = True
"""Draw the settlement model (decay length, base share) too: where new physicians settle is the
main regional uncertainty, and for a parameter set without ranges (GP) the only one."""


@cache
def _shares(profession: str) -> MunicipalShares:
    return municipal_shares(load_params(profession=profession))


MunicipalGap = tuple[tuple[str, ...], tuple[int, ...], npt.NDArray[np.float64]]
"""(municipality codes, years, median gap [municipality, year] in FTE)."""


def _municipal_gap(
    profession: str, seed: int, draws: int, shares: MunicipalShares | None = None
) -> MunicipalGap:
    """Median gap per municipality and year over the draws: (codes, years, gap[m, year])."""
    if shares is None:
        return _bundled_municipal_gap(profession, seed, draws)
    params = load_params(profession=profession)
    bands = monte_carlo_municipalities(
        params, shares, draws=draws, seed=seed, vary_settlement=VARY_SETTLEMENT
    )
    return tuple(bands.codes), tuple(int(y) for y in bands.years), bands.gap_fte[1]


@cache
def _bundled_municipal_gap(profession: str, seed: int, draws: int) -> MunicipalGap:
    return _municipal_gap(profession, seed, draws, _shares(profession))


def _gap_per_10000(
    region: Region,
    profession: str,
    year: int,
    seed: int,
    draws: int,
    shares: MunicipalShares,
) -> dict[str, float]:
    """The median gap in `year` per 10,000 inhabitants of each of the region's municipalities."""
    codes, years, gap = _municipal_gap(
        profession, seed, draws, None if region.own_data is None else shares
    )
    k = years.index(year)
    pos = {c: i for i, c in enumerate(codes)}
    pop = municipalities()["population_2024"]
    out: dict[str, float] = {}
    for code in region.municipality_codes:
        if code in pos and pop[code] > 0:
            out[code] = float(gap[pos[code], k]) / float(pop[code]) * 10_000
    return out


def workforce(
    region: Region,
    profession: str,
    *,
    horizon: int,
    seed: int,
    draws: int = DRAWS,
    per_municipality: bool = True,
) -> Workforce:
    """The workforce section of `profession` in `region` from regioplan.workforce.

    Supply now is the foundation's workforce table (own data where imported, else the labelled
    estimate); the projection is the engine's regional split of the national stock-and-flow
    model with a seeded Monte Carlo of `draws` parameter sets. Without `per_municipality` the
    gap per municipality (``gap_per_10000``, a Monte Carlo over every municipality of the
    country) is left out and empty.
    """
    params = load_params(profession=profession)
    shares = (
        _shares(profession)
        if region.own_data is None
        else municipal_shares(params, own_data=region.own_data)
    )
    balance, balance_note = default_balance_year(params, horizon)
    mc = monte_carlo(
        params,
        draws=draws,
        seed=seed,
        region=region,
        shares=shares,
        balance_year=balance,
        vary_settlement=VARY_SETTLEMENT,
    )
    mid = project_region(region, params=params, shares=shares)
    table = workforce_table(region, profession)
    kinds = sorted(set(table["provenance"].astype(str)))
    model_years = [int(y) for y in mc.years]
    keep = [i for i, y in enumerate(model_years) if y <= horizon and y >= 2024]
    if not keep:
        raise InputError(
            f"the {params.name} model years {model_years[0]}..{model_years[-1]} do not reach "
            f"{horizon}"
        )
    rows = tuple(
        WorkforceYear(
            year=model_years[i],
            demand_fte=float(mc.demand_fte.p50[i]),
            supply_fte=float(mc.supply_fte.p50[i]),
            gap_fte=float(mc.gap_fte.p50[i]),
            gap_p10=float(mc.gap_fte.p10[i]),
            gap_p90=float(mc.gap_fte.p90[i]),
            supply_p10=float(mc.supply_fte.p10[i]),
            supply_p90=float(mc.supply_fte.p90[i]),
            demand_p10=float(mc.demand_fte.p10[i]),
            demand_p90=float(mc.demand_fte.p90[i]),
        )
        for i in keep
    )
    gap_per_10000 = (
        _gap_per_10000(region, profession, rows[-1].year, seed, draws, shares)
        if per_municipality
        else {}
    )
    prov = mc.provenance
    method = (
        f"parameter set {params.name} (regioplan.workforce), scenario {mc.scenario}, "
        f"{draws} Monte Carlo draws (seed {seed}); {prov.get('uncertainty', '')}; settlement: "
        f"{prov.get('settlement', '')}; regional split: "
        f"{shares.provenance.get('settling_share', '')}; demand share: "
        f"{shares.provenance.get('demand_share', '')} (estimate)"
    )
    place = "in the Netherlands" if region.is_country() else "in the region"
    inflow_method = (
        f"Training inflow needed: median over the draws of the trainees per year who must settle "
        f"{place} for its gap to close in the {balance_note}; at the {rows[0].year} "
        f"intake: the region's share ({mid.settling_share:.4f}) of the current national intake "
        f"of {mid.national.intake:g} trainees per year under the settlement model (estimate; at "
        "the national equilibrium "
        f"intake it would be {mid.expected_settling:.1f})."
    )
    return Workforce(
        profession=profession,
        supply_persons=float(table["persons"].sum()),
        supply_fte=float(table["fte"].sum()),
        supply_provenance=kinds[0] if len(kinds) == 1 else "mixed",
        supply_method="; ".join(sorted(set(table["method"].astype(str)))),
        years=rows,
        draws=draws,
        required_inflow=float(np.asarray(mc.equilibrium_intake.p50).reshape(-1)[0]),
        current_inflow=float(mid.current_settling),
        inflow_method=inflow_method,
        method=method,
        gap_per_10000=gap_per_10000,
        balance_year=balance,
    )


__all__ = [
    "DRAWS",
    "SHORT_FRACTION",
    "VARY_SETTLEMENT",
    "access",
    "access_years",
    "clamp_year",
    "project_population",
    "workforce",
    "year_span",
]
