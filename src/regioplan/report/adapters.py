"""Adapters from the engines (demography, workforce, access) to the regiobeeld's typed sections.

The report is built on whatever engines this installation has. Each adapter imports its engine
lazily; if the engine or a function it needs is absent, it raises :class:`EngineUnavailable` with
the reason, and the section is reported as missing instead of being filled with invented figures.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

import numpy as np

from regioplan.data import AGE_GROUPS, AGE_LOWER, municipalities, pc4_areas
from regioplan.errors import RegioplanError
from regioplan.regions import Region
from regioplan.report.figures import weighted_quantile
from regioplan.report.model import Access, AreaValue, Population, PopulationYear, Workforce

SHORT_FRACTION = 0.8
"""An area is short of care when its access is below this fraction of the national median."""


class EngineUnavailable(RegioplanError):
    """An engine the regiobeeld needs is not installed or lacks a function."""


def _require(module: str, *names: str) -> Any:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise EngineUnavailable(f"module {module} is not available") from exc
    for name in names:
        if not hasattr(mod, name):
            raise EngineUnavailable(f"{module}.{name} is not available")
    return mod


# ------------------------------------------------------------------ demography


@cache
def _projection(horizon: int) -> Any:
    demography = _require("regioplan.demography", "project_population")
    return demography.project_population(end_year=horizon)


def project_population(
    region: Region, population: Population, horizon: int
) -> tuple[tuple[PopulationYear, ...], dict[str, float], str]:
    """Projected population per year to `horizon`: (years, by_age at horizon, method)."""
    proj = _projection(horizon)
    pos = {c: i for i, c in enumerate(proj.areas)}
    idx = [pos[c] for c in region.municipality_codes if c in pos]
    if len(idx) != len(region.municipality_codes):
        raise EngineUnavailable("the population projection lacks some of the region's areas")
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
    by_age = {g: float(v) for g, v in zip(AGE_GROUPS, values[-1], strict=True)}
    prov = proj.provenance
    method = (
        f"{prov.get('method', 'cohort-component projection')}; base: {prov.get('base', '')}; "
        f"migration: {'yes' if proj.migration else 'no'} (regioplan.demography, estimate)"
    )
    return years, by_age, method


# ------------------------------------------------------------------ access


def _access_module() -> Any:
    try:
        return _require("regioplan.access", "region_access", "national_median")
    except EngineUnavailable:
        return _require("regioplan.access.regional", "region_access", "national_median")


@cache
def _national_median(profession: str, level: str) -> float:
    return float(_access_module().national_median(profession, level=level))


def _area_values(frame: Any, level: str, threshold: float) -> tuple[AreaValue, ...]:
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


def access(region: Region, profession: str) -> Access:
    """The accessibility section of `profession` in `region` from regioplan.access."""
    mod = _access_module()
    runs = {
        lvl: mod.region_access(region, profession, level=lvl) for lvl in ("municipality", "pc4")
    }
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
    )


# ------------------------------------------------------------------ workforce


def workforce(region: Region, profession: str, *, horizon: int, seed: int) -> Workforce:
    """The workforce section of `profession` in `region` from regioplan.workforce."""
    _require("regioplan.workforce", "project_region", "monte_carlo")
    raise EngineUnavailable("the Monte Carlo projection of regioplan.workforce is not wired yet")


__all__ = ["SHORT_FRACTION", "EngineUnavailable", "access", "project_population", "workforce"]
