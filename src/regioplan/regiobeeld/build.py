"""Build a :class:`~regioplan.regiobeeld.model.Regiobeeld` for a region: the one function the
report, the dashboard and the JSON API share, so they always show the same numbers."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Set
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from regioplan.data import (
    AGE_GROUPS,
    AGE_LOWER,
    PROFESSIONS,
    SOURCES,
    calibration,
    training_centres,
)
from regioplan.errors import InputError
from regioplan.geo import road_km
from regioplan.national import (
    DistancePattern,
    Fragility,
    NationalComparison,
    compare_regions,
    distance_pattern,
    fragility,
)
from regioplan.ooh import ooh_contacts, ooh_rates
from regioplan.regiobeeld import sections
from regioplan.regiobeeld.elsewhere import elsewhere_section
from regioplan.regiobeeld.findings import access_and_gap, bottlenecks
from regioplan.regiobeeld.model import (
    Access,
    AccessYear,
    Centre,
    DistanceTest,
    MunicipalityInfo,
    Ooh,
    OohSimulated,
    Population,
    Regiobeeld,
    Workforce,
)
from regioplan.regions import (
    Region,
    country,
    nearest_training_centre,
    usage_weights,
)
from regioplan.settings import DEFAULT_SEED
from regioplan.stats import spearman
from regioplan.workforce.national import DEFAULT_HORIZON

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported only when a placement database is given
    from regioplan.store import Database

BASE_YEAR = 2024
PERMUTATIONS = 9999
"""Permutations of the distance pattern's test, as of the region's own distance question."""
STEPS: tuple[str, ...] = (
    "region",
    "population",
    *(f"workforce:{p}" for p in PROFESSIONS),
    *(f"access:{p}" for p in PROFESSIONS),
    "distance",
    "national",
    "ooh",
)
"""The steps of :func:`build_regiobeeld`, in order (for progress bars)."""

Progress = Callable[[str], None]


class Part(StrEnum):
    """A part of the regiobeeld that a caller who does not read it may leave out
    (``build_regiobeeld(..., leave_out=...)``): the regional scan reads none of them. A part left
    out stays at its empty default; every other number is the same as with the part."""

    PROJECTED_ACCESS = "projected_access"
    """``access_projected`` and ``access_gap``: accessibility at the horizon compared with the
    gap (and its line in ``assumptions``)."""
    GAP_PER_MUNICIPALITY = "gap_per_municipality"
    """Each profession's ``Workforce.gap_per_10000`` (the national Monte Carlo split over every
    municipality) and so the distance tests of the gap (``distance`` keeps those of access)."""
    NATIONAL = "national"
    """``national``, ``national_own`` and ``patterns``: every region of the comparison's level
    side by side and the distance pattern across them."""
    FRAGILITY = "fragility"
    """``fragility``: what one physician leaving does."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("regioplan")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "dev"


def _municipality_infos(region: Region) -> tuple[MunicipalityInfo, ...]:
    m = region.municipalities
    nearest = {p: nearest_training_centre(p).reindex(m.index) for p in PROFESSIONS}
    centre = {p: nearest[p]["centre"].astype(str).tolist() for p in PROFESSIONS}
    km = {p: nearest[p]["road_km"].astype(float).tolist() for p in PROFESSIONS}
    return tuple(
        MunicipalityInfo(
            code=str(code),
            name=str(name),
            population=int(pop),
            lon=float(lon),
            lat=float(lat),
            nearest_centre={p: centre[p][i] for p in PROFESSIONS},
            training_km={p: km[p][i] for p in PROFESSIONS},
        )
        for i, (code, name, pop, lon, lat) in enumerate(
            zip(m.index, m["name"], m["population_2024"], m["lon"], m["lat"], strict=True)
        )
    )


def _centres(region: Region, infos: tuple[MunicipalityInfo, ...]) -> tuple[Centre, ...]:
    """Every training centre that is the nearest of one of the region's municipalities (the
    centres its table names), per profession nearest to the region's centre first; km from the
    region's population-weighted centre. A large region (a province, the country) is served by
    several centres, not only the one nearest its centre."""
    m = region.municipalities
    weights = m["population_2024"].to_numpy(dtype=float)
    if weights.sum() <= 0:
        weights = np.ones(len(m))
    lat = float(np.average(m["lat"], weights=weights))
    lon = float(np.average(m["lon"], weights=weights))
    tc = training_centres()
    out: list[Centre] = []
    for prof in PROFESSIONS:
        names = {i.nearest_centre[prof] for i in infos}
        rows = tc[(tc["profession"] == prof) & tc["centre"].isin(names)]
        km = road_km(lat, lon, rows["lat"].to_numpy(float), rows["lon"].to_numpy(float))
        found = sorted(
            zip(np.atleast_1d(km).tolist(), rows.to_dict(orient="records"), strict=True),
            key=lambda pair: pair[0],
        )
        out += [
            Centre(
                profession=prof,
                centre=str(r["centre"]),
                city=str(r["city"]),
                lon=float(r["lon"]),
                lat=float(r["lat"]),
                road_km=round(float(d), 1),
            )
            for d, r in found
        ]
    return tuple(out)


def age_sum(by_age: pd.Series, lower: int) -> float:
    """Persons aged `lower` and over in a population by age group."""
    cols = [g for g, lo in zip(AGE_GROUPS, AGE_LOWER, strict=True) if lo >= lower]
    return float(by_age.reindex(cols).sum())


def _population(region: Region) -> Population:
    by_age = region.population_by_age()
    return Population(
        total=region.population,
        by_age={g: int(by_age[g]) for g in AGE_GROUPS},
        age_75_plus=int(age_sum(by_age, 75)),
        age_85_plus=int(age_sum(by_age, 85)),
        source=f"{SOURCES['municipalities']}; {SOURCES['age_structure']}",
    )


@cache
def _national_by_age() -> pd.Series:
    return country().population_by_age()


def _ooh(population: Population) -> Ooh:
    rates = ooh_rates(_national_by_age(), usage_weights("gp"))
    now = ooh_contacts(pd.Series(population.by_age), rates)
    later = (
        ooh_contacts(pd.Series(population.projection_by_age), rates)
        if population.projection_by_age
        else {}
    )
    by_year = {
        year: ooh_contacts(pd.Series(by_age), rates)
        for year, by_age in population.by_age_per_year.items()
    }
    cal = calibration()
    urls = cal.loc[cal["topic"] == "OOH demand", "source_url_or_path"].drop_duplicates()
    return Ooh(
        contacts=now,
        per_1000={k: v / population.total * 1000 for k, v in now.items()}
        if population.total
        else {},
        national_per_1000=rates.national_per_1000,
        horizon_contacts=later,
        by_year=by_year,
        method=rates.method,
        sources=tuple(str(u) for u in urls),
    )


OOH_YEAR = 2025
"""The year whose out-of-hours organisation the regiobeeld simulates (today)."""


def _ooh_simulated(region: Region, replications: int, seed: int) -> OohSimulated | None:
    from regioplan.ooh.posts import simulate_today

    found = simulate_today(region, year=OOH_YEAR, replications=replications, seed=seed)
    if found is None:
        return None
    config, res = found
    norms = res.norms()
    answer = res.answering()["within_2_min"]
    return OohSimulated(
        config=config.meta.name,
        note=config.meta.note,
        year=res.year,
        replications=res.replications,
        seed=res.seed,
        posts=tuple((p.id, p.name, p.pc4) for p in config.posts),
        within_norm={  # a share's interval clipped to 0..1
            u: (e.mean, max(e.low, 0.0), min(e.high, 1.0))
            for u, row in norms.items()
            if (e := row.get("within_norm")) is not None
        },
        mean_min={u: row["mean_min"].mean for u, row in norms.items()},
        answer_2_min=(answer.mean, max(answer.low, 0.0), min(answer.high, 1.0)),
        km_per_year=res.estimate("km_driven").mean,
        calls_per_year=res.estimate("calls").mean,
        method="; ".join(f"{k}: {v}" for k, v in sorted(res.provenance.items())),
    )


def _distance_tests(
    infos: tuple[MunicipalityInfo, ...],
    workforce: dict[str, Workforce],
    access: dict[str, Access],
    seed: int,
) -> tuple[DistanceTest, ...]:
    tests: list[DistanceTest] = []
    for prof in PROFESSIONS:
        measures: list[tuple[str, dict[str, float]]] = []
        if prof in access:
            measures.append(("access", {a.code: a.value for a in access[prof].municipalities}))
        if prof in workforce and workforce[prof].gap_per_10000:
            measures.append(("gap", workforce[prof].gap_per_10000))
        for name, values in measures:
            pts = tuple(
                (m.code, m.name, m.training_km[prof], values[m.code], float(m.population))
                for m in infos
                if m.code in values and np.isfinite(values[m.code])
            )
            res = spearman([p[2] for p in pts], [p[3] for p in pts], seed=seed)
            tests.append(
                DistanceTest(prof, name, res.n, res.rho, res.p_value, res.permutations, pts)
            )
    return tuple(tests)


COMPARISON_LEVELS: tuple[str, ...] = ("zorgkantoor", "ggd", "provincie")
"""The levels whose regions "Waar staat de regio?" sets side by side; any other region is shown
among the zorgkantoor regions."""


def national_level(region: Region) -> tuple[str, tuple[str, ...]]:
    """(the level `region` is compared at, the codes of its regions there): its own level and
    code for a zorgkantoor region, GGD region or province; the zorgkantoor level and the
    zorgkantoor region(s) holding its municipalities for a municipality, a COROP area or a custom
    region; the zorgkantoor level and no own region for the country."""
    if region.level in COMPARISON_LEVELS:
        return region.level, (region.code,)
    if region.is_country():
        return "zorgkantoor", ()
    codes = region.municipalities["zorgkantoor_code"].astype(str)
    return "zorgkantoor", tuple(sorted(set(codes)))


def _national(
    region: Region, horizon: int, seed: int, draws: int
) -> tuple[dict[str, NationalComparison], tuple[str, ...], dict[str, DistancePattern]]:
    """Every region of the comparison's level side by side and the distance pattern across
    them, per profession, with the draws and seed of the workforce section."""
    level, own = national_level(region)
    own_data = {region.code: region.own_data} if region.own_data is not None else None
    national: dict[str, NationalComparison] = {
        p: compare_regions(level, p, horizon=horizon, draws=draws, seed=seed, own_data=own_data)
        for p in PROFESSIONS
    }
    patterns: dict[str, DistancePattern] = {
        p: distance_pattern(
            p,
            level=level,
            year=horizon,
            draws=draws,
            seed=seed,
            permutations=PERMUTATIONS,
            own_data=own_data,
        )
        for p in PROFESSIONS
    }
    return national, own, patterns


def _projected_population(region: Region, horizon: int) -> Population:
    """The region's population now, with the demography engine's projection to `horizon`."""
    population = _population(region)
    years, by_age_years, method = sections.project_population(region, population, horizon)
    return dataclasses.replace(
        population,
        projection=years,
        projection_by_age=by_age_years[years[-1].year],
        by_age_per_year=by_age_years,
        projection_method=method,
    )


def _provenance(
    population: Population,
    workforce: dict[str, Workforce],
    access: dict[str, Access],
    projected: dict[str, AccessYear],
    ooh: Ooh,
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]]:
    """(sources, the engines' methods, the keys of the fixed assumptions) of the sections."""
    sources = [
        ("population", population.source),
        ("training centres", SOURCES["training_centres"]),
        ("out-of-hours rates", "; ".join(ooh.sources)),
    ]
    keys = ("road", "age", "ooh", "distance", "travel", "short", "band")
    assumptions = [f"Out-of-hours contacts: {ooh.method}."]
    for w in workforce.values():
        sources.append((f"workforce {w.profession}", w.supply_method))
        assumptions.append(f"Workforce {w.profession}: {w.method}")
    for a in access.values():
        assumptions.append(f"Accessibility {a.profession}: {a.method}")
    for py in projected.values():
        assumptions.append(f"Accessibility {py.profession} in {py.year}: {py.method}")
    if population.projection_method:
        assumptions.append(f"Population projection: {population.projection_method}")
    return tuple(sources), tuple(assumptions), keys


def _parts(names: Set[Part | str]) -> frozenset[Part]:
    """`names` as :class:`Part` s; an unknown name raises :class:`InputError`."""
    allowed = [p.value for p in Part]
    unknown = sorted(str(n) for n in names if n not in allowed)
    if unknown:
        raise InputError(
            f"unknown part(s) of the regiobeeld to leave out: {', '.join(unknown)}; allowed: "
            f"{', '.join(allowed)}"
        )
    return frozenset(Part(n) for n in names)


def parts_left_out(rb: Regiobeeld) -> frozenset[Part]:
    """The :class:`Part` s that `rb` lacks: empty because they were left out when it was built
    (a whole regiobeeld has every part, for every profession)."""
    empty = {
        Part.PROJECTED_ACCESS: not rb.access_projected,
        Part.GAP_PER_MUNICIPALITY: not any(w.gap_per_10000 for w in rb.workforce.values()),
        Part.NATIONAL: not rb.national,
        Part.FRAGILITY: not rb.fragility,
    }
    return frozenset(p for p, lacking in empty.items() if lacking)


def build_regiobeeld(
    region: Region,
    *,
    horizon: int = DEFAULT_HORIZON,
    seed: int = DEFAULT_SEED,
    draws: int = sections.DRAWS,
    on_step: Progress | None = None,
    elsewhere: bool = False,
    placement: Database | str | os.PathLike[str] | None = None,
    ooh_replications: int = 0,
    leave_out: Set[Part | str] = frozenset(),
) -> Regiobeeld:
    """Compute every section of the regiobeeld of `region` up to the year `horizon`.

    With `elsewhere` the regiobeeld also gets "Wat werkt elders" (issue #19): the initiative
    types with the largest estimated effect here and registered initiatives of those types in the
    most similar regions (:func:`regioplan.regiobeeld.elsewhere.elsewhere_section`).

    With `ooh_replications` > 0 the out-of-hours section also simulates today's organisation
    (an estimate, :func:`regioplan.ooh.posts.simulate_today`, seeded by `seed`).

    With `placement` (a placement database: open, a file or a URL) the regiobeeld gets the
    section on regional placement coordination (issue #18) when that database holds data of the
    region (:func:`regioplan.regiobeeld.placement.placement_section`).

    `leave_out` names the :class:`Part` s not computed (for a caller that does not read them,
    such as the regional scan); they stay empty.

    The region's own data (``region.own_data``, see :func:`regioplan.store.load_own_data`)
    replaces the estimate of the workforce where present. `on_step` is called with each name of
    :data:`STEPS` after that step finishes (for progress bars). An engine that fails raises.
    """
    if not BASE_YEAR < horizon <= 2060:
        raise InputError(f"horizon {horizon} out of range; allowed: {BASE_YEAR + 1}..2060")
    omitted = _parts(leave_out)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def done(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now
        if on_step is not None:
            on_step(step)

    infos = _municipality_infos(region)
    centres = _centres(region, infos)
    done("region")

    population = _projected_population(region, horizon)
    done("population")

    workforce: dict[str, Workforce] = {}
    for prof in PROFESSIONS:
        workforce[prof] = sections.workforce(
            region,
            prof,
            horizon=horizon,
            seed=seed,
            draws=draws,
            per_municipality=Part.GAP_PER_MUNICIPALITY not in omitted,
        )
        done(f"workforce:{prof}")

    access: dict[str, Access] = {}
    projected: dict[str, AccessYear] = {}
    for prof in PROFESSIONS:
        access[prof] = sections.access(region, prof)
        if Part.PROJECTED_ACCESS not in omitted:
            projected[prof] = sections.access_years(region, prof, [horizon])[horizon]
        done(f"access:{prof}")

    distance = _distance_tests(infos, workforce, access, seed)
    done("distance")
    national: dict[str, NationalComparison] = {}
    national_own: tuple[str, ...] = ()
    patterns: dict[str, DistancePattern] = {}
    if Part.NATIONAL not in omitted:
        national, national_own, patterns = _national(region, horizon, seed, draws)
    fragile: dict[str, Fragility] = {}
    if Part.FRAGILITY not in omitted:
        fragile = {p: fragility(region, p, draws=draws, seed=seed) for p in PROFESSIONS}
    done("national")
    ooh = _ooh(population)
    if ooh_replications > 0:
        ooh = dataclasses.replace(ooh, simulated=_ooh_simulated(region, ooh_replications, seed))
    done("ooh")

    sources, assumptions, keys = _provenance(population, workforce, access, projected, ooh)
    rb = Regiobeeld(
        code=region.code,
        name=region.name,
        level=region.level,
        horizon=horizon,
        seed=seed,
        version=_version(),
        municipalities=infos,
        centres=centres,
        population=population,
        workforce=workforce,
        access=access,
        access_projected=projected,
        access_gap={p: access_and_gap(workforce[p], projected[p]) for p in projected},
        distance=distance,
        national=national,
        national_own=national_own,
        patterns=patterns,
        fragility=fragile,
        ooh=ooh,
        sources=sources,
        assumptions=assumptions,
        assumption_keys=keys,
        timings=timings,
    )
    if placement is not None:
        from regioplan.regiobeeld.placement import placement_section

        rb = dataclasses.replace(rb, placement=placement_section(region.code, placement))
    if not elsewhere:
        return rb
    section = elsewhere_section(region, bottlenecks(rb), horizon=horizon, seed=seed, draws=draws)
    timings["elsewhere"] = time.perf_counter() - clock
    return dataclasses.replace(rb, elsewhere=section, timings=timings)


__all__ = [
    "BASE_YEAR",
    "COMPARISON_LEVELS",
    "STEPS",
    "Part",
    "build_regiobeeld",
    "national_level",
    "parts_left_out",
]
