"""Entry points for the edges (CLI, report, web): a region and scenario files in, results out.

The report calls :func:`compare_region` for its scenario section::

    from regioplan.scenarios import compare_region
    comparison = compare_region(region, ["a.toml", "b.toml"], draws=1000)
    comparison.table()        # rows: scenario, profession, year, baseline_gap, likely_gap, p10..p90
    comparison.to_dict()      # everything, JSON-ready
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from regioplan.scenarios.baseline import RegionBaseline
from regioplan.scenarios.files import Scenario, load_scenario
from regioplan.scenarios.runner import (
    DEFAULT_DRAWS,
    ScenarioComparison,
    ScenarioResult,
    compare_scenarios,
    run_scenario,
)

ScenarioLike = str | Path | Scenario


def default_seed() -> int:
    """The ``seed`` setting (environment, settings file or default)."""
    from regioplan import settings
    from regioplan.errors import ParameterError

    raw = settings.get("seed")
    try:
        return int(raw)
    except ValueError as exc:
        raise ParameterError(f"setting seed = {raw!r} must be an integer") from exc


def _baseline(region: Any) -> RegionBaseline:
    if isinstance(region, RegionBaseline):
        return region
    from regioplan.scenarios.adapter import baseline_for, region_baseline

    if isinstance(region, str):
        return baseline_for(region)
    return region_baseline(region)


def _scenario(item: ScenarioLike) -> Scenario:
    return item if isinstance(item, Scenario) else load_scenario(item)


def run_region(
    region: Any,
    scenario: ScenarioLike,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    year: int | None = None,
) -> ScenarioResult:
    """Run one scenario (file or object) on a region (query, Region or RegionBaseline)."""
    return run_scenario(
        _baseline(region),
        _scenario(scenario),
        draws=draws,
        seed=default_seed() if seed is None else seed,
        year=year,
    )


def compare_region(
    region: Any,
    scenarios: Sequence[ScenarioLike],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    year: int | None = None,
) -> ScenarioComparison:
    """Compare scenarios (files or objects) on a region; the report's scenario section."""
    loaded = [_scenario(s) for s in scenarios]
    return compare_scenarios(
        _baseline(region),
        loaded,
        draws=draws,
        seed=default_seed() if seed is None else seed,
        year=year,
    )


__all__ = ["ScenarioLike", "compare_region", "default_seed", "run_region"]
