"""What works elsewhere: a region's gap profile and bottlenecks matched to the initiative types'
estimated effects and to the registry's initiatives in similar regions (issue #19).

:func:`match_region` is the computing half of the regional scan, shared by
:func:`regioplan.regiobeeld.scan.scan_region` (which builds the regiobeeld first) and by
:func:`regioplan.regiobeeld.build.build_regiobeeld` for the regiobeeld's section "Wat werkt
elders" (:func:`elsewhere_section`). It ranks the catalogue's initiative types by the scenario
engine's estimate of their effect in the region (P10/P50/P90 of the gap closed), lists the
registry's initiatives of those types elsewhere, the regions most similar to this one first
(similarity on the gap profile of :mod:`regioplan.initiatives.scan`), and the region's own running
initiatives with their measured results against the scenario's expectation.

Gap profiles come from the national comparison of every zorgkantoor region
(:func:`regioplan.national.compare_regions`, the regiobeeld's own comparison, so cached) and the
out-of-hours rates applied to each region's population by age; a region of another level is
profiled as the population-weighted mean of the zorgkantoor regions holding its municipalities.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from regioplan.data import AGE_GROUPS, PROFESSIONS, municipalities
from regioplan.initiatives import get_initiative, initiatives
from regioplan.initiatives.registry import InitiativeRecord
from regioplan.initiatives.registry_files import bundled_registry
from regioplan.initiatives.scan import (
    FEATURE_TEXT,
    Band,
    Elsewhere,
    GapProfile,
    TypeEffect,
    initiatives_elsewhere,
    is_own,
    most_similar,
    profile_scale,
    rank_types,
)
from regioplan.national import compare_regions
from regioplan.ooh import ooh_contacts, ooh_rates
from regioplan.regiobeeld.findings import BottleneckKind, RegionBottleneck
from regioplan.regiobeeld.model import ElsewhereExample, ElsewhereSection, ElsewhereType
from regioplan.regions import Region, country, usage_weights
from regioplan.scenarios import RegionBaseline, parse_scenario, region_baseline, run_scenario
from regioplan.scenarios.runner import common_years

COMPARISON_LEVEL = "zorgkantoor"
"""The level whose regions make the reference set of the similarity."""
START_YEAR = 2027
"""First year with an effect when the scan tries an initiative type (the year after today)."""
RAMP_YEARS = 3
"""Years to full effect when the scan tries an initiative type."""
SIMILAR_SHOWN = 5

LEVER_FITS: dict[str, tuple[BottleneckKind, ...]] = {
    "ooh": (BottleneckKind.OOH_PRESSURE,),
    "travel": (BottleneckKind.UNEQUAL_ACCESS,),
    "inflow": (BottleneckKind.DISTANCE_TO_TRAINING, BottleneckKind.WORKFORCE_GAP),
    "demand": (BottleneckKind.WORKFORCE_GAP, BottleneckKind.AGEING),
    "supply": (BottleneckKind.WORKFORCE_GAP,),
}
"""Which of a region's bottleneck kinds an initiative's main lever acts on (a workforce gap only
when the initiative acts on that profession)."""


# -- gap profiles --------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def zorgkantoor_profiles(horizon: int, seed: int, draws: int) -> dict[str, GapProfile]:
    """The gap profile of every zorgkantoor region (cached per horizon, seed and draws)."""
    values: dict[str, dict[str, float]] = {}
    names: dict[str, str] = {}
    for prof in PROFESSIONS:
        comparison = compare_regions(
            COMPARISON_LEVEL, prof, horizon=horizon, draws=draws, seed=seed
        )
        for row in comparison.rows:
            names[row.code] = row.name
            v = values.setdefault(row.code, {})
            v[f"gap_now:{prof}"] = row.gap_now.p50
            v[f"gap_horizon:{prof}"] = row.gap_horizon.p50
            v[f"access_shortfall:{prof}"] = 1.0 - row.access_vs_national
            v[f"training_km:{prof}"] = row.distance_km
            v["ageing_75"] = row.ageing_75
    for code, pressure in _ooh_pressure().items():
        if code in values:
            values[code]["ooh_pressure"] = pressure
    return {c: GapProfile(c, names[c], v) for c, v in sorted(values.items())}


@lru_cache(maxsize=1)
def _ooh_pressure() -> dict[str, float]:
    """Expected out-of-hours contacts per inhabitant of each zorgkantoor region / the national
    rate (the regiobeeld's out-of-hours rates applied to the region's population by age)."""
    rates = ooh_rates(country().population_by_age(), usage_weights("gp"))
    national = sum(rates.national_per_1000.values()) / 1000
    m = municipalities()
    by_region = m[list(AGE_GROUPS)].groupby(m["zorgkantoor_code"].astype(str)).sum()
    out: dict[str, float] = {}
    for code, row in by_region.iterrows():
        total = float(row.sum())
        contacts = sum(ooh_contacts(pd.Series(row), rates).values())
        out[str(code)] = contacts / total / national if total > 0 else math.nan
    return out


def region_profile(region: Region, profiles: dict[str, GapProfile]) -> GapProfile:
    """A zorgkantoor region's own profile; any other region the population-weighted mean of the
    profiles of the zorgkantoor regions holding its municipalities."""
    if region.level == COMPARISON_LEVEL and region.code in profiles:
        return profiles[region.code]
    m = region.municipalities
    weights = m.groupby(m["zorgkantoor_code"].astype(str))["population_2024"].sum()
    values: dict[str, float] = {}
    features = {f for p in profiles.values() for f in p.values}
    for feature in sorted(features):
        num = den = 0.0
        for code, w in weights.items():
            value = profiles[str(code)].get(feature) if str(code) in profiles else math.nan
            if math.isfinite(value) and w > 0:
                num += float(w) * value
                den += float(w)
        values[feature] = num / den if den > 0 else math.nan
    return GapProfile(region.code, region.name, values)


def region_of_municipality() -> dict[str, str]:
    """Municipality code -> zorgkantoor region code."""
    m = municipalities()
    return {str(k): str(v) for k, v in m["zorgkantoor_code"].items()}


# -- the scenario engine's estimate per initiative type ------------------------------------------
def _scenario_text(name: str, start: int) -> str:
    return (
        f'[scenario]\nname = "{name} (scan)"\n[[initiative]]\nname = "{name}"\n'
        f"start = {start}\nramp_years = {RAMP_YEARS}\n"
    )


def _fits(name: str, found: Sequence[RegionBottleneck]) -> tuple[str, ...]:
    item = get_initiative(name)
    kinds = LEVER_FITS.get(item.lever_kind, ())
    out: list[str] = []
    for b in found:
        if b.kind not in kinds:
            continue
        if b.kind is BottleneckKind.WORKFORCE_GAP and b.profession not in item.professions:
            continue
        label = f"{b.kind.value}:{b.profession}" if b.profession else b.kind.value
        if label not in out:
            out.append(label)
    return tuple(out)


def type_effect(
    baseline: RegionBaseline,
    name: str,
    *,
    year: int,
    seed: int,
    draws: int,
    start: int = START_YEAR,
    found: Sequence[RegionBottleneck] = (),
) -> TypeEffect:
    """The scenario engine's estimate of initiative type `name` alone in the region, starting in
    `start` with the catalogue's parameter ranges."""
    years = common_years(baseline)
    begin = max(years[0] + 1, min(start, years[-1]))
    result = run_scenario(
        baseline,
        parse_scenario(_scenario_text(name, begin), source=f"scan:{name}"),
        draws=draws,
        seed=seed,
        year=min(year, years[-1]),
        sensitivity=False,
    )
    closed: dict[str, Band] = {}
    gaps: dict[str, float] = {}
    by_year: dict[str, dict[int, Band]] = {}
    for prof, pr in result.professions.items():
        own_years = list(pr.years)
        bands = {
            y: Band(*(float(pr.closed_quantiles[k, i]) for k in range(3)))
            for i, y in enumerate(own_years)
        }
        by_year[prof] = bands
        at = year if year in bands else own_years[-1]
        closed[prof] = bands[at]
        gaps[prof] = float(pr.baseline_gap[own_years.index(at)])
    item = get_initiative(name)
    return TypeEffect(
        type=name,
        title=item.title,
        title_nl=item.title_nl,
        year=year,
        closed=closed,
        baseline_gap=gaps,
        fits=_fits(name, found),
        closed_by_year=by_year,
    )


# -- the region's own initiatives ----------------------------------------------------------------
@dataclass(frozen=True)
class ResultCheck:
    """One measured result of an own initiative set against the scenario's expectation."""

    indicator: str
    value: float | str
    unit: str
    date: str
    source: str
    expected: Band | None
    verdict: str
    """``below``, ``within`` or ``above`` the expected P10-P90 band of the gap closed, or why
    the result cannot be compared (then starting ``not comparable``)."""

    @property
    def comparable(self) -> bool:
        return self.verdict in ("below", "within", "above")

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "date": self.date,
            "source": self.source,
            "expected_closed_fte": self.expected.to_dict() if self.expected else None,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class OwnInitiative:
    """A registered initiative running in the region, with the scenario's expectation for its
    type from its start year and its measured results against it."""

    record: InitiativeRecord
    expected: TypeEffect | None
    checks: tuple[ResultCheck, ...]

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        return {
            "id": r.id,
            "name": r.name,
            "type": r.type,
            "stage": r.stage.value,
            "since": r.since,
            "expected": self.expected.to_dict() if self.expected else None,
            "results": [c.to_dict() for c in self.checks],
            "bottlenecks": [b.model_dump(mode="json") for b in r.bottlenecks],
            "sources": [s.url for s in r.sources],
        }


def _check(record: InitiativeRecord, expected: TypeEffect | None) -> tuple[ResultCheck, ...]:
    out = []
    for res in record.results:
        band: Band | None = None
        if expected is None:
            verdict = "not comparable: the initiative's type is not in the catalogue"
        elif res.unit != "fte" or not res.profession:
            verdict = (
                f"not comparable: the result is in {res.unit or 'words'}; the scenario "
                "estimates FTE of gap closed per profession"
            )
        elif not isinstance(res.value, float | int):
            verdict = "not comparable: the value is not a number"
        else:
            year = int(res.date[:4])
            bands = expected.closed_by_year.get(res.profession, {})
            band = bands.get(year)
            verdict = (
                band.position(float(res.value))
                if band is not None
                else f"not comparable: {year} is outside the projection"
            )
        out.append(
            ResultCheck(res.indicator, res.value, res.unit, res.date, res.source, band, verdict)
        )
    return tuple(out)


def _start_year(record: InitiativeRecord) -> int:
    for step in record.stage_history:
        if step.since and step.stage.value in ("pilot", "running", "scaled_up"):
            return int(step.since[:4])
    return START_YEAR


METHOD: dict[str, str] = {
    "ranking": (
        "Estimate. Each catalogue type is run alone through the scenario engine on the region's "
        f"baseline (start {START_YEAR}, {RAMP_YEARS} years ramp-up, the catalogue's parameter "
        "ranges, Monte Carlo); the key is the mean over professions with a gap at the horizon of "
        "the P50 gap closed divided by that gap, capped at 1 (a widened gap counts negative)."
    ),
    "similarity": (
        "Regions are compared on their gap profile ("
        + "; ".join(f"{k}: {v}" for k, v in FEATURE_TEXT.items())
        + "), each feature standardised by its standard deviation over all zorgkantoor regions; "
        "distance = root mean square of the standardised differences, similarity = 1 / (1 + "
        "distance). A region of another level takes the population-weighted profile of the "
        "zorgkantoor regions holding it; an initiative counts for the zorgkantoor regions of its "
        "municipalities."
    ),
    "own": (
        "A registered initiative is the region's own when it runs in one of its municipalities. "
        "A measured result is set against the scenario's P10-P90 of the gap closed in the "
        "result's year only when it is in FTE for one profession; otherwise it is shown as is."
    ),
}


@dataclass(frozen=True)
class Matches:
    """What :func:`match_region` finds for a region (see the module docstring)."""

    profile: GapProfile
    similar: tuple[tuple[str, str, float], ...]
    ranking: tuple[TypeEffect, ...]
    elsewhere: dict[str, list[Elsewhere]]
    own: tuple[OwnInitiative, ...]
    registry_size: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)


def match_region(
    region: Region,
    found: Sequence[RegionBottleneck],
    *,
    registry: Sequence[InitiativeRecord] | None = None,
    horizon: int,
    seed: int,
    draws: int,
) -> Matches:
    """Match `region` (with its regiobeeld's bottlenecks `found`) to the initiative types and to
    `registry` (default: the bundled registry); `horizon`, `seed` and `draws` as its regiobeeld's
    (the national comparison behind the profiles is then already cached)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def done(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    records = tuple(bundled_registry() if registry is None else registry)
    profiles = zorgkantoor_profiles(horizon, seed, draws)
    target = region_profile(region, profiles)
    scale = profile_scale(profiles.values())
    holding = set(region.municipalities["zorgkantoor_code"].astype(str))
    others = [p for c, p in profiles.items() if c not in holding]
    similar = tuple((p.code, p.name, s) for p, s in most_similar(target, others, scale))
    done("profiles")
    baseline = region_baseline(region)
    ranking = tuple(
        rank_types(
            type_effect(baseline, name, year=horizon, seed=seed, draws=draws, found=found)
            for name in initiatives()
        )
    )
    done("scenarios")
    own_codes = set(region.municipality_codes)
    elsewhere = initiatives_elsewhere(
        records,
        types=[e.type for e in ranking],
        own_municipalities=own_codes,
        region_of=region_of_municipality(),
        target=target,
        profiles=profiles,
        scale=scale,
    )
    own = []
    for record in records:
        if not (record.active and is_own(record, own_codes)):
            continue
        expected = None
        if record.type in initiatives():
            expected = type_effect(
                baseline,
                record.type,
                year=horizon,
                seed=seed,
                draws=draws,
                start=_start_year(record),
                found=found,
            )
        own.append(OwnInitiative(record, expected, _check(record, expected)))
    done("registry")
    return Matches(
        profile=target,
        similar=similar[:SIMILAR_SHOWN],
        ranking=ranking,
        elsewhere=elsewhere,
        own=tuple(own),
        registry_size=len(records),
        timings=timings,
    )


SECTION_TYPES = 3
"""Initiative types shown in the regiobeeld's section."""
SECTION_EXAMPLES = 2
"""Registered initiatives shown per type in the section."""


def _value_text(value: float | str, unit: str) -> str:
    if isinstance(value, float):
        value = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return f"{value} {unit}".rstrip()


def elsewhere_section(
    region: Region,
    found: Sequence[RegionBottleneck],
    *,
    horizon: int,
    seed: int,
    draws: int,
    registry: Sequence[InitiativeRecord] | None = None,
) -> ElsewhereSection:
    """The regiobeeld's "Wat werkt elders": the :data:`SECTION_TYPES` types with the largest
    estimated effect and per type the :data:`SECTION_EXAMPLES` registered initiatives in the most
    similar regions (:func:`match_region`)."""
    m = match_region(region, found, registry=registry, horizon=horizon, seed=seed, draws=draws)
    top = m.ranking[:SECTION_TYPES]
    types = tuple(
        ElsewhereType(
            type=e.type,
            title=e.title,
            title_nl=e.title_nl,
            share_closed=e.key,
            closed={p: (b.p10, b.p50, b.p90) for p, b in e.closed.items()},
            fits=e.fits,
        )
        for e in top
    )
    examples = tuple(
        ElsewhereExample(
            id=x.record.id,
            name=x.record.name,
            type=x.record.type,
            stage=x.record.stage.value,
            since=x.record.since,
            region=x.region,
            region_name=x.region_name,
            similarity=x.similarity,
            bottlenecks=tuple(b.code.value for b in x.record.bottlenecks),
            results=tuple(
                (r.indicator, _value_text(r.value, r.unit), r.date) for r in x.record.results
            ),
            source=x.record.sources[0].url if x.record.sources else "",
        )
        for e in top
        for x in m.elsewhere.get(e.type, [])[:SECTION_EXAMPLES]
    )
    return ElsewhereSection(
        types=types,
        examples=examples,
        similar=m.similar,
        registry_size=m.registry_size,
        start=START_YEAR,
        ramp_years=RAMP_YEARS,
        draws=draws,
    )


__all__ = [
    "COMPARISON_LEVEL",
    "LEVER_FITS",
    "METHOD",
    "RAMP_YEARS",
    "SECTION_EXAMPLES",
    "SECTION_TYPES",
    "SIMILAR_SHOWN",
    "START_YEAR",
    "Matches",
    "OwnInitiative",
    "ResultCheck",
    "elsewhere_section",
    "match_region",
    "region_of_municipality",
    "region_profile",
    "type_effect",
    "zorgkantoor_profiles",
]
