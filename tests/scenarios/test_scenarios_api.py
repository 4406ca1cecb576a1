"""The public API of regioplan.scenarios is exactly the intended names."""

from __future__ import annotations

import regioplan.scenarios as scenarios

EXPECTED = {
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
}


def test_exported_names_are_exactly_the_intended_ones() -> None:
    assert set(scenarios.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(scenarios, name) is not None


def test_report_section_is_labelled_in_dutch_and_english() -> None:
    from scenarios_tiny import scenario, tiny_region, use

    comp = scenarios.compare_scenarios(
        tiny_region(), [scenario(use("regional_triage"), name="triage")], draws=20, seed=2
    )
    nl = scenarios.report_section(comp)
    assert nl["title"].startswith("Scenario's") and "2029" in nl["title"]
    assert nl["rows"][0]["profession"] == "huisarts"
    assert "fte" in nl["columns"][2]["label"] and "Schatting" in nl["note"]
    en = scenarios.report_section(comp, lang="en")
    assert en["rows"][0]["profession"] == "general practitioner"
    assert en["rows"][0]["without"] == 20.0 and en["rows"][0]["likely"] < 20.0
