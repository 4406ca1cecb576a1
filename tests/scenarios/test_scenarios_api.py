"""The public API of regioplan.scenarios is exactly the intended names."""

from __future__ import annotations

import regioplan.scenarios as scenarios

EXPECTED = {
    "BOTTLENECKS",
    "LEVERS",
    "DaskExecutor",
    "Effect",
    "Executor",
    "Initiative",
    "InitiativeUse",
    "LocalExecutor",
    "Outcome",
    "ParamRange",
    "ParameterSpec",
    "ProfessionBaseline",
    "ProfessionResult",
    "RegionBaseline",
    "Scenario",
    "ScenarioComparison",
    "ScenarioResult",
    "Sensitivity",
    "SerialExecutor",
    "SweepResult",
    "apply_scenario",
    "compare_region",
    "compare_scenarios",
    "get_initiative",
    "initiatives",
    "load_scenario",
    "make_executor",
    "parse_scenario",
    "region_baseline",
    "run_region",
    "run_scenario",
    "sweep",
}


def test_exported_names_are_exactly_the_intended_ones() -> None:
    assert set(scenarios.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(scenarios, name) is not None
