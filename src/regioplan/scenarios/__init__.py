"""Scenarios: regional initiatives as parametric interventions on the workforce projection.

The catalogue (:mod:`regioplan.initiatives`) documents every initiative of the programme with its
parameters, ranges, sources or assumptions and bottlenecks. A scenario file combines initiatives
(:func:`load_scenario`); :func:`run_scenario` applies it to a region's baseline
(:func:`region_baseline`, from :mod:`regioplan.workforce`) with a seeded, vectorised Monte Carlo;
:func:`compare_scenarios` puts several side by side; :func:`sweep` runs regions x scenarios
through a :class:`regioplan.executors.Executor` (local processes or a Dask cluster).

>>> from regioplan.scenarios import parse_scenario
>>> s = parse_scenario('[scenario]\nname = "t"\n[[initiative]]\nname = "regional_triage"\n')
>>> [u.initiative.lever_kind for u in s.uses]
['ooh']
"""

from __future__ import annotations

from regioplan.scenarios.adapter import region_baseline
from regioplan.scenarios.api import compare_region, report_section, run_region
from regioplan.scenarios.baseline import ProfessionBaseline, RegionBaseline
from regioplan.scenarios.engine import Outcome, apply_scenario
from regioplan.scenarios.files import (
    InitiativeUse,
    ParamRange,
    Scenario,
    load_scenario,
    parse_scenario,
)
from regioplan.scenarios.runner import (
    ProfessionResult,
    ScenarioComparison,
    ScenarioResult,
    compare_scenarios,
    run_scenario,
)
from regioplan.scenarios.sweep import SweepResult, sweep
from regioplan.scenarios.uncertainty import Sensitivity

__all__ = [
    "InitiativeUse",
    "Outcome",
    "ParamRange",
    "ProfessionBaseline",
    "ProfessionResult",
    "RegionBaseline",
    "Scenario",
    "ScenarioComparison",
    "ScenarioResult",
    "Sensitivity",
    "SweepResult",
    "apply_scenario",
    "compare_region",
    "compare_scenarios",
    "load_scenario",
    "parse_scenario",
    "region_baseline",
    "report_section",
    "run_region",
    "run_scenario",
    "sweep",
]
