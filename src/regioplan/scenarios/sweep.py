"""Sweeps: many regions x scenarios x draws through one :class:`Executor`.

One task is one (region, scenario) pair with all its draws (the draws are vectorised inside the
task). Task ``i`` gets the ``i``-th child of ``SeedSequence(seed).spawn(n_tasks)``, in the order
regions x scenarios, so results are identical on every executor and with any number of workers.
Baselines are built inside the workers by a picklable `baseline` function (default:
:func:`regioplan.scenarios.adapter.baseline_for`) and cached per worker process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from regioplan.errors import ParameterError
from regioplan.executors import Executor, Progress, SerialExecutor
from regioplan.scenarios.baseline import RegionBaseline
from regioplan.scenarios.files import Scenario
from regioplan.scenarios.runner import (
    DEFAULT_DRAWS,
    ScenarioResult,
    baseline_seed,
    check_distinct_names,
    run_scenario,
)
from regioplan.settings import DEFAULT_SEED

BaselineFactory = Callable[[str], RegionBaseline]


@dataclass(frozen=True)
class SweepTask:
    """One (region, scenario) pair of a sweep with its own seed."""

    index: int
    region: str
    scenario: Scenario
    draws: int
    seed: np.random.SeedSequence
    year: int | None
    sensitivity: bool
    baseline: BaselineFactory | None
    baseline_uncertainty: bool = False


_CACHE: dict[tuple[Any, str], RegionBaseline] = {}


def _baseline(factory: BaselineFactory | None, region: str) -> RegionBaseline:
    if factory is None:
        from regioplan.scenarios.adapter import baseline_for

        factory = baseline_for
    key = (factory, region)
    if key not in _CACHE:
        _CACHE[key] = factory(region)
    return _CACHE[key]


def run_task(task: SweepTask) -> ScenarioResult:
    """Run one task (the function the executors map; top level, so it pickles)."""
    base = _baseline(task.baseline, task.region)
    drawn = None
    if task.baseline_uncertainty:
        if task.baseline is not None:
            raise ParameterError("baseline uncertainty needs the default (workforce) baseline")
        from regioplan.regions import select_region
        from regioplan.scenarios.adapter import region_baseline_draws

        drawn = region_baseline_draws(
            select_region(task.region), task.draws, baseline_seed(task.seed)
        )
    return run_scenario(
        base,
        task.scenario,
        draws=task.draws,
        seed=task.seed,
        year=task.year,
        sensitivity=task.sensitivity,
        baseline_draws=drawn,
    )


@dataclass(frozen=True)
class SweepResult:
    """Results of a sweep in task order (regions x scenarios), and how it ran."""

    seed: int
    draws: int
    executor: str
    results: list[ScenarioResult]

    def get(self, region: str, scenario: str) -> ScenarioResult:
        for r in self.results:
            if r.region_code == region and r.scenario == scenario:
                return r
        raise ParameterError(f"no result for region {region!r} and scenario {scenario!r}")

    def summary(self, year: int | None = None) -> list[dict[str, Any]]:
        """One row per region, scenario and profession: gap without and with, in `year`."""
        rows = []
        for r in self.results:
            y = r.year if year is None else year
            for prof, pr in r.professions.items():
                if y in pr.years:
                    row: dict[str, Any] = {
                        "region": r.region_code,
                        "region_name": r.region_name,
                        "scenario": r.scenario,
                        "profession": prof,
                        "year": y,
                    }
                    row.update({k: round(v, 2) for k, v in pr.at(y).items()})
                    rows.append(row)
        return rows

    def to_dict(self, year: int | None = None) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "draws": self.draws,
            "executor": self.executor,
            "units": "FTE, gap = demand - supply (positive = shortage)",
            "rows": self.summary(year),
        }


def sweep_tasks(
    regions: Sequence[str],
    scenarios: Sequence[Scenario],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    year: int | None = None,
    sensitivity: bool = False,
    baseline: BaselineFactory | None = None,
    baseline_uncertainty: bool = False,
) -> list[SweepTask]:
    """The tasks of a sweep, in the order regions x scenarios, each with its spawned seed."""
    pairs = [(r, s) for r in regions for s in scenarios]
    seeds = np.random.SeedSequence(seed).spawn(len(pairs))
    return [
        SweepTask(i, r, s, draws, seeds[i], year, sensitivity, baseline, baseline_uncertainty)
        for i, (r, s) in enumerate(pairs)
    ]


def sweep(
    regions: Sequence[str],
    scenarios: Sequence[Scenario],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    year: int | None = None,
    executor: Executor | None = None,
    on_done: Progress | None = None,
    sensitivity: bool = False,
    baseline: BaselineFactory | None = None,
    baseline_uncertainty: bool = False,
) -> SweepResult:
    """Run every scenario on every region (codes) through `executor` (default: in process)."""
    if not regions or not scenarios:
        raise ParameterError("a sweep needs at least one region and one scenario")
    check_distinct_names(scenarios)
    tasks = sweep_tasks(
        regions,
        scenarios,
        draws=draws,
        seed=seed,
        year=year,
        sensitivity=sensitivity,
        baseline=baseline,
        baseline_uncertainty=baseline_uncertainty,
    )
    ex: Executor = executor if executor is not None else SerialExecutor()
    results = ex.map(run_task, tasks, on_done=on_done)
    return SweepResult(seed=seed, draws=draws, executor=ex.name, results=results)


__all__ = ["BaselineFactory", "SweepResult", "SweepTask", "run_task", "sweep", "sweep_tasks"]
