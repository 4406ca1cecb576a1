"""Run a scenario on a region's baseline: gap with and without it, percentiles, sensitivity.

:func:`run_scenario` is pure: a :class:`RegionBaseline` and a :class:`Scenario` in, a typed
:class:`ScenarioResult` out. :func:`compare_scenarios` runs several scenarios on one baseline
with the same seed, so that the result of a scenario is the same whether it runs alone or in a
comparison. The dependency-on-one-physician view of a run is :mod:`regioplan.scenarios.dependency`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from regioplan.errors import ParameterError
from regioplan.national.fragility import FLAG_SHARE, FLOOR_SHARE
from regioplan.scenarios.baseline import Array, RegionBaseline
from regioplan.scenarios.dependency import Dependency, _people_fte, _round, dependency
from regioplan.scenarios.engine import Outcome, apply_scenario, rows
from regioplan.scenarios.files import (
    ParamRange,
    Scenario,
    check_years,
    resolve_municipalities,
)
from regioplan.scenarios.ooh_effect import simulated_effects
from regioplan.scenarios.uncertainty import (
    QUANTILES,
    Sensitivity,
    likely_values,
    sample_values,
    swing_design,
)
from regioplan.settings import DEFAULT_SEED
from regioplan.stats import centred_ranks, spearman_columns

DEFAULT_DRAWS = 1000
PLAUSIBLE_SHARE = 0.25
"""An initiative alone, or a whole scenario at its likely values, that changes a profession's gap
by more than this share of its baseline demand in some year is flagged as implausible: no
initiative of the programme has shown an effect of that size (assumption)."""

UNITS = {
    "fte": "FTE",
    "gap": "FTE, demand - supply (positive = shortage)",
    "closed": "FTE of the baseline gap closed by the scenario (baseline gap - scenario gap)",
}


@dataclass(frozen=True)
class Flag:
    """An effect beyond the plausible bound: `closed` FTE in `year` against `bound` FTE
    (:data:`PLAUSIBLE_SHARE` x the baseline demand). `initiative` is a use's label, or ``None``
    for the whole scenario at likely values."""

    initiative: str | None
    year: int
    closed: float
    bound: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "initiative": self.initiative,
            "year": self.year,
            "closed_fte": round(self.closed, 2),
            "bound_fte": round(self.bound, 2),
            "rule": f"|gap closed| > {PLAUSIBLE_SHARE:g} x baseline demand",
        }


def plausibility_flags(
    years: tuple[int, ...], demand: Array, closed: dict[str | None, Array]
) -> tuple[Flag, ...]:
    """The first year in which each effect of `closed` (label -> FTE per year) exceeds
    :data:`PLAUSIBLE_SHARE` x `demand` in size, one flag per effect."""
    bound = PLAUSIBLE_SHARE * np.abs(np.asarray(demand, dtype=float))
    out = []
    for label, values in closed.items():
        over = np.flatnonzero(np.abs(values) > bound)
        if over.size:
            i = int(over[0])
            out.append(Flag(label, int(years[i]), float(values[i]), float(bound[i])))
    return tuple(out)


@dataclass(frozen=True)
class ProfessionResult:
    """One profession's gap with and without the scenario, per year (FTE)."""

    profession: str
    years: tuple[int, ...]
    baseline_supply: Array
    baseline_demand: Array
    baseline_gap: Array
    likely_gap: Array
    gap_quantiles: Array  # (3, years): P10, P50, P90
    closed_quantiles: Array  # (3, years): P10, P50, P90 of the gap closed
    contributions: dict[str, Array]  # initiative label -> gap closed alone, at likely values
    baseline_gap_quantiles: Array  # (3, years): P10, P50, P90 of the baseline gap
    flags: tuple[Flag, ...] = ()
    """Effects beyond the plausible bound (:func:`plausibility_flags`), at likely values."""
    dependency: Dependency | None = None
    """How much supply hangs on one physician, without and with the scenario and each
    initiative alone (issue #22 item 3)."""

    def at(self, year: int) -> dict[str, float]:
        """Baseline gap, likely gap and P10/P50/P90 of the gap in `year`."""
        if year not in self.years:
            raise ParameterError(
                f"year {year} outside the projection of {self.profession}; "
                f"allowed: {self.years[0]}..{self.years[-1]}"
            )
        i = self.years.index(year)
        q = self.gap_quantiles[:, i]
        return {
            "baseline_gap": float(self.baseline_gap[i]),
            "likely_gap": float(self.likely_gap[i]),
            "p10": float(q[0]),
            "p50": float(q[1]),
            "p90": float(q[2]),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "profession": self.profession,
            "years": list(self.years),
            "baseline_supply_fte": _round(self.baseline_supply),
            "baseline_demand_fte": _round(self.baseline_demand),
            "baseline_gap_fte": _round(self.baseline_gap),
            "baseline_gap_fte_p10": _round(self.baseline_gap_quantiles[0]),
            "baseline_gap_fte_p50": _round(self.baseline_gap_quantiles[1]),
            "baseline_gap_fte_p90": _round(self.baseline_gap_quantiles[2]),
            "likely_gap_fte": _round(self.likely_gap),
            "gap_fte_p10": _round(self.gap_quantiles[0]),
            "gap_fte_p50": _round(self.gap_quantiles[1]),
            "gap_fte_p90": _round(self.gap_quantiles[2]),
            "closed_fte_p10": _round(self.closed_quantiles[0]),
            "closed_fte_p50": _round(self.closed_quantiles[1]),
            "closed_fte_p90": _round(self.closed_quantiles[2]),
            "closed_fte_by_initiative_likely": {
                k: _round(v) for k, v in self.contributions.items()
            },
            "implausible": [f.to_dict() for f in self.flags],
            **({} if self.dependency is None else {"dependency": self.dependency.to_dict()}),
        }


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario run on one region: per profession results and a sensitivity ranking."""

    region_code: str
    region_name: str
    scenario: str
    source: str
    draws: int
    seed: int | tuple[int, ...]  # the seed, or the entropy of the SeedSequence the run was given
    year: int
    professions: dict[str, ProfessionResult]
    sensitivity: dict[str, list[Sensitivity]]
    assumptions: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    baseline_uncertainty: bool = False
    spawn_key: tuple[int, ...] = ()  # with `seed`: the SeedSequence(seed, spawn_key) of the run

    def to_dict(self) -> dict[str, Any]:
        seed: dict[str, Any] = {"seed": self.seed}
        if self.spawn_key:
            seed["spawn_key"] = list(self.spawn_key)
        return {
            "region": {"code": self.region_code, "name": self.region_name},
            "scenario": self.scenario,
            "source": self.source,
            "draws": self.draws,
            **seed,
            "baseline_uncertainty": self.baseline_uncertainty,
            "sensitivity_year": self.year,
            "units": UNITS,
            "professions": {p: r.to_dict() for p, r in self.professions.items()},
            "sensitivity": {p: [s.to_dict() for s in v] for p, v in self.sensitivity.items()},
            "assumptions": self.assumptions,
            "provenance": {
                **self.provenance,
                "scenario_parameters": (
                    "estimate: Monte Carlo over the catalogue's parameter ranges (triangular on "
                    "low/likely/high); parameters listed under `assumptions` have no published "
                    "source"
                ),
            },
        }


@dataclass(frozen=True)
class ScenarioComparison:
    """Several scenarios on one region, with the same seed and draws."""

    region_code: str
    region_name: str
    year: int
    results: list[ScenarioResult]

    def table(self, year: int | None = None) -> list[dict[str, Any]]:
        """One row per scenario and profession: gap in `year` without and with the scenario."""
        y = self.year if year is None else year
        rows = []
        for r in self.results:
            for prof, pr in r.professions.items():
                if y not in pr.years:
                    continue
                row: dict[str, Any] = {"scenario": r.scenario, "profession": prof, "year": y}
                row.update({k: round(v, 2) for k, v in pr.at(y).items()})
                rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": {"code": self.region_code, "name": self.region_name},
            "year": self.year,
            "units": UNITS,
            "table": self.table(),
            "scenarios": [r.to_dict() for r in self.results],
        }


# -- running -----------------------------------------------------------------------------------
def common_years(region: RegionBaseline) -> tuple[int, ...]:
    """Years every profession of `region` is projected for."""
    sets = [set(p.years) for p in region.professions.values()]
    return tuple(sorted(set.intersection(*sets))) if sets else ()


def _closed(base_gap: Array, outcomes: dict[str, Outcome], prof: str) -> Array:
    out: Array = base_gap[None, :] - outcomes[prof].gap_fte
    return out


def _sensitivity(
    region: RegionBaseline,
    drawn: RegionBaseline,
    scenario: Scenario,
    sampled: dict[str, Array],
    outcomes: dict[str, Outcome],
    year: int,
) -> dict[str, list[Sensitivity]]:
    design, varying = swing_design(scenario)
    swings = apply_scenario(region, scenario, design)
    keys = list(scenario.parameter_keys)
    matrix = np.column_stack([sampled[k] for k in keys]) if keys else np.zeros((1, 0))
    ranks = centred_ranks(matrix) if matrix.shape[0] >= 3 else None
    out: dict[str, list[Sensitivity]] = {}
    for prof, base in region.professions.items():
        if year not in base.years:
            continue
        i = base.years.index(year)
        closed_swing = _closed(base.gap_fte, swings, prof)[:, i]
        closed = rows(drawn.professions[prof].gap_fte) - outcomes[prof].gap_fte
        rho = spearman_columns(matrix, closed[:, i], sample_ranks=ranks)
        entries = []
        for j, key in enumerate(varying):
            entries.append(
                Sensitivity(
                    parameter=key,
                    profession=prof,
                    year=year,
                    at_low=float(closed_swing[1 + 2 * j] - closed_swing[0]),
                    at_high=float(closed_swing[2 + 2 * j] - closed_swing[0]),
                    spearman=float(rho[keys.index(key)]),
                )
            )
        entries.sort(key=lambda s: (-s.swing, s.parameter))
        out[prof] = [s for s in entries if s.swing > 0]
    return out


def run_scenario(
    region: RegionBaseline,
    scenario: Scenario,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int | np.random.SeedSequence = DEFAULT_SEED,
    year: int | None = None,
    sensitivity: bool = True,
    baseline_draws: RegionBaseline | None = None,
    floor_share: float = FLOOR_SHARE,
    flag_share: float = FLAG_SHARE,
) -> ScenarioResult:
    """Apply `scenario` to `region`: Monte Carlo over its parameters with `seed`.

    `seed` is an int or a :class:`numpy.random.SeedSequence` (a sweep gives each task a spawned
    one); the result records it as given: the int, or the sequence's entropy and spawn key.
    `year` is the year of the sensitivity ranking (default: the last year all professions
    share). Results per profession: the baseline, the gap at likely values, P10/P50/P90 of the
    gap and of the gap closed, and what each initiative alone closes at likely values.

    `baseline_draws` (the same region with ``draws`` draws of the projection's own Monte Carlo,
    :func:`regioplan.scenarios.adapter.region_baseline_draws`) adds the baseline's uncertainty:
    draw i of the parameters is applied to draw i of the projection. The likely gap, the
    contributions and the one-at-a-time swings stay on the single projection `region`.

    Per profession the result also says how much supply hangs on one physician without and
    with the scenario and each initiative alone (:class:`Dependency`; floor `floor_share` x the
    baseline's first-year supply, flag above `flag_share`).
    """
    if not (0 < floor_share <= 2):
        raise ParameterError(f"floor_share = {floor_share} is out of range (0, 2]")
    if not (0 < flag_share < 1):
        raise ParameterError(f"flag_share = {flag_share} is out of range (0, 1)")
    if draws < 1:
        raise ParameterError(f"draws = {draws} must be at least 1")
    if baseline_draws is not None and (
        baseline_draws.draws != draws or set(baseline_draws.professions) != set(region.professions)
    ):
        raise ParameterError(
            f"baseline_draws has {baseline_draws.draws} draws of "
            f"{sorted(baseline_draws.professions)}; need {draws} of {sorted(region.professions)}"
        )
    # the simulated out-of-hours effect replaces an assumption where the region has one
    scenario, simulated = simulated_effects(scenario, region.code)
    years = common_years(region)
    if not years:
        raise ParameterError(f"region {region.code} has no projection years in common")
    check_years(scenario, years)
    scenario = resolve_municipalities(scenario, region.municipalities, region.municipality_names)
    target = years[-1] if year is None else year
    if target not in years:
        raise ParameterError(
            f"year {target} outside the projection; allowed: {years[0]}..{years[-1]}"
        )
    rng = np.random.default_rng(seed)
    sampled = sample_values(scenario, draws, rng)
    drawn = region if baseline_draws is None else baseline_draws
    outcomes = apply_scenario(drawn, scenario, sampled)
    likely = apply_scenario(region, scenario, likely_values(scenario))
    alone = {
        u.label: apply_scenario(
            region,
            Scenario(scenario.name, "", (u,), scenario.source),
            likely_values(Scenario(scenario.name, "", (u,), scenario.source)),
        )
        for u in scenario.uses
    }
    reaches = {u.label: set(u.professions) for u in scenario.uses}  # whose supply a use moves
    alone_draws = {
        u.label: apply_scenario(drawn, Scenario(scenario.name, "", (u,), scenario.source), sampled)
        for u in scenario.uses
    }
    q = np.asarray(QUANTILES)
    results = {}
    for prof, base in region.professions.items():
        gap = outcomes[prof].gap_fte
        base_gap = rows(drawn.professions[prof].gap_fte)
        contributions = {k: base.gap_fte - o[prof].gap_fte[0] for k, o in alone.items()}
        effects: dict[str | None, Array] = dict(contributions.items())
        effects[None] = base.gap_fte - likely[prof].gap_fte[0]  # the whole scenario
        flags = plausibility_flags(base.years, base.demand_fte, effects)
        results[prof] = ProfessionResult(
            profession=prof,
            years=base.years,
            baseline_supply=base.supply_fte,
            baseline_demand=base.demand_fte,
            baseline_gap=base.gap_fte,
            likely_gap=likely[prof].gap_fte[0],
            gap_quantiles=np.quantile(gap, q, axis=0),
            closed_quantiles=np.quantile(base_gap - gap, q, axis=0),
            contributions=contributions,
            baseline_gap_quantiles=np.quantile(np.broadcast_to(base_gap, gap.shape), q, axis=0),
            flags=flags,
            dependency=dependency(
                base,
                drawn.professions[prof],
                _people_fte(base, likely[prof]),
                {k: _people_fte(base, o[prof]) for k, o in alone.items() if prof in reaches[k]},
                outcomes[prof].supply_fte,
                {k: o[prof].supply_fte for k, o in alone_draws.items() if prof in reaches[k]},
                floor_share=floor_share,
                flag_share=flag_share,
                baseline_uncertainty=baseline_draws is not None,
            ),
        )
    sens = _sensitivity(region, drawn, scenario, sampled, outcomes, target) if sensitivity else {}
    assumptions = [
        f"{u.label}.{p}"
        for u in scenario.uses
        for p, spec in u.initiative.parameters.items()
        if spec.is_assumption and u.parameters[p] == ParamRange.of(spec)
    ]
    return ScenarioResult(
        region_code=region.code,
        region_name=region.name,
        scenario=scenario.name,
        source=scenario.source,
        draws=draws,
        seed=_entropy(seed),
        spawn_key=tuple(seed.spawn_key) if isinstance(seed, np.random.SeedSequence) else (),
        year=target,
        professions=results,
        sensitivity=sens,
        assumptions=assumptions,
        provenance={**region.provenance, **simulated},
        baseline_uncertainty=baseline_draws is not None,
    )


def _entropy(seed: int | np.random.SeedSequence) -> int | tuple[int, ...]:
    """The seed as given, or the entropy of a SeedSequence (an int or a sequence of ints)."""
    if isinstance(seed, np.random.SeedSequence):
        entropy = seed.entropy
        if entropy is None:  # pragma: no cover - numpy fills it in from the OS
            raise ParameterError("a SeedSequence without entropy cannot be recorded")
        return int(entropy) if isinstance(entropy, int) else tuple(int(e) for e in entropy)
    return int(seed)


def check_distinct_names(scenarios: Sequence[Scenario]) -> None:
    """Results are labelled by scenario name: two scenarios with one name are a ParameterError."""
    seen: dict[str, str] = {}
    for s in scenarios:
        if s.name in seen:
            raise ParameterError(
                f"two scenarios are named {s.name!r} ({seen[s.name]}, {s.source}); give each "
                "its own [scenario] name"
            )
        seen[s.name] = s.source


def compare_scenarios(
    region: RegionBaseline,
    scenarios: Sequence[Scenario],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    year: int | None = None,
    baseline_draws: RegionBaseline | None = None,
) -> ScenarioComparison:
    """Run every scenario on `region` with the same `seed`, `draws` (and baseline draws).

    Scenario names must differ: the comparison's rows are labelled by them.
    """
    check_distinct_names(scenarios)
    results = [
        run_scenario(region, s, draws=draws, seed=seed, year=year, baseline_draws=baseline_draws)
        for s in scenarios
    ]
    y = results[0].year if results else (common_years(region) or (0,))[-1]
    return ScenarioComparison(region.code, region.name, y, results)


def baseline_seed(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    """The seed of the baseline draws that belong to a run with `seed` (a fixed offshoot)."""
    if isinstance(seed, np.random.SeedSequence):
        return np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, 1))
    return np.random.SeedSequence(seed, spawn_key=(1,))


__all__ = [
    "DEFAULT_DRAWS",
    "UNITS",
    "Dependency",
    "ProfessionResult",
    "ScenarioComparison",
    "ScenarioResult",
    "baseline_seed",
    "check_distinct_names",
    "common_years",
    "compare_scenarios",
    "dependency",
    "run_scenario",
]
