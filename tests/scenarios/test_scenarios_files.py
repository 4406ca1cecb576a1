"""Scenario files: the examples load; every mistake names the file, key and allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenarios_tiny import tiny_region

from regioplan.errors import InputError, ParameterError, ValidationError
from regioplan.scenarios.files import load_scenario, parse_scenario
from regioplan.scenarios.runner import run_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"

GOOD = """
[scenario]
name = "ok"

[[initiative]]
name = "shared_anw_service"
start = 2026
ramp_years = 2
professions = ["so"]
[initiative.parameters]
adoption = 0.6
pooling_saving = { low = 0.25, likely = 0.33, high = 0.4 }
"""


def problems(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_scenario(text, source="plan.toml")
    return info.value


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_example_files_load(path: Path) -> None:
    sc = load_scenario(path)
    assert sc.name
    assert sc.source == str(path)


def test_a_good_file_keeps_fixed_values_and_own_ranges() -> None:
    sc = parse_scenario(GOOD, source="plan.toml")
    (u,) = sc.uses
    assert (u.start, u.ramp_years, u.professions) == (2026, 2, ("so",))
    assert u.parameters["adoption"].fixed and u.parameters["adoption"].likely == 0.6
    assert (u.parameters["pooling_saving"].low, u.parameters["pooling_saving"].high) == (0.25, 0.4)
    # unset parameters keep the catalogue's range
    assert u.parameters["ooh_share"].low == u.initiative.parameters["ooh_share"].low
    assert sc.parameter_keys[0] == "shared_anw_service.adoption"


def test_unknown_initiative_lists_the_allowed_names() -> None:
    err = problems(GOOD.replace('name = "shared_anw_service"', 'name = "helicopter_gp"'))
    text = str(err)
    assert "plan.toml:6" in text
    assert "initiative[0].name" in text
    assert "helicopter_gp" in text and "regional_triage" in text and "task_reallocation" in text


def test_unknown_parameter_lists_the_allowed_parameters() -> None:
    err = problems(GOOD.replace("adoption = 0.6", "adopton = 0.6"))
    (p,) = err.problems
    assert p.source == "plan.toml" and p.line == 11
    assert p.field == "initiative[0].parameters.adopton"  # was 'initiative[0].adopton'
    assert "allowed: adoption, ooh_share, pooling_saving, outflow_reduction" in p.reason


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        ("adoption = 0.6", "adoption = 1.5", "parameters.adoption", "allowed: a number in [0, 1]"),
        ("adoption = 0.6", 'adoption = "high"', "parameters.adoption", "allowed"),
        ("low = 0.25", "low = 0.5", "parameters.pooling_saving", "low <= likely"),
        ("start = 2026", "start = 1850", "start", "allowed: 2000..2100"),
        ("start = 2026", 'start = "2026"', "start", "calendar year"),
        ("start = 2026", "start = 2026.5", "start", "calendar year"),
        ("ramp_years = 2", "ramp_years = -1", "ramp_years", "0..20"),
        ('professions = ["so"]', 'professions = ["gp"]', "professions", "['so', 'avg']"),
        ("ramp_years = 2", "ramp_years = 2\ncolour = 1", "colour", "allowed: name, label"),
        ("ramp_years = 2", 'ramp_years = 2\nlabel = "a.b"', "label", "a word of letters"),
    ],
)
def test_bad_values_name_file_line_key_and_allowed(
    old: str, new: str, field: str, needle: str
) -> None:
    err = problems(GOOD.replace(old, new))
    assert any(field in p.field and needle in p.reason for p in err.problems), str(err)
    assert all(p.source == "plan.toml" and p.line is not None for p in err.problems)
    assert "plan.toml" in str(err)


def test_all_problems_are_reported_at_once() -> None:
    text = GOOD.replace("start = 2026", "start = 1850").replace("adoption = 0.6", "adoption = 2")
    assert len(problems(text).problems) == 2


def test_missing_name_and_unknown_top_level_key() -> None:
    err = problems("[scenario]\ndescription = 'x'\n[extra]\na = 1\n")
    fields = {p.field for p in err.problems}
    assert {"scenario.name", "extra"} <= fields


def test_duplicate_uses_need_labels() -> None:
    block = GOOD.split("[[initiative]]")[1]
    err = problems(GOOD + "[[initiative]]" + block)
    assert any("label" in p.field and "used twice" in p.reason for p in err.problems)


def test_duplicate_use_and_missing_scenario_name_point_at_the_right_line() -> None:
    """The duplicate is reported at the second use's name line (it had no line), and a file
    without [scenario] does not blame the `name = ...` line of an initiative (it said line 2)."""
    block = GOOD.split("[[initiative]]")[1]
    text = GOOD + "[[initiative]]" + block
    (p,) = [p for p in problems(text).problems if "used twice" in p.reason]
    second = text.splitlines().index("[[initiative]]", 5) + 2  # its `name =` line (1-based)
    assert (p.line, p.field) == (second, "initiative[1].label")
    assert "initiative[0]" in p.reason and "label" in p.reason
    (q,) = problems(
        GOOD.split("[[initiative]]")[0].replace('name = "ok"', "") + "[[initiative]]" + block
    ).problems
    assert (q.field, q.line) == ("scenario.name", None)


def test_not_toml_is_a_validation_error() -> None:
    err = problems("[scenario\nname = ")
    assert "not valid TOML" in str(err)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_scenario(tmp_path / "nope.toml")


def test_a_file_saved_as_latin_1_is_an_input_error(tmp_path: Path) -> None:
    """It was a UnicodeDecodeError traceback."""
    path = tmp_path / "latin.toml"
    path.write_bytes('[scenario]\nname = "café"\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.toml: the scenario file is not UTF-8"):
        load_scenario(path)


def test_start_outside_the_projection_is_a_parameter_error() -> None:
    sc = parse_scenario(GOOD.replace("start = 2026", "start = 2040"), source="plan.toml")
    with pytest.raises(ParameterError) as info:
        run_scenario(tiny_region(), sc, draws=5, seed=1)
    msg = str(info.value)
    assert "plan.toml" in msg and "initiative[0].start = 2040" in msg and "2025..2029" in msg


def test_municipality_names_resolve_and_unknown_ones_fail() -> None:
    ok = GOOD.replace('professions = ["so"]', 'municipalities = ["Eerstedorp"]')
    result = run_scenario(tiny_region(), parse_scenario(ok, source="plan.toml"), draws=3, seed=1)
    assert result.professions["so"].likely_gap[-1] < 20.0
    bad = GOOD.replace('professions = ["so"]', 'municipalities = ["Atlantis"]')
    with pytest.raises(ParameterError) as info:
        run_scenario(tiny_region(), parse_scenario(bad, source="plan.toml"), draws=3, seed=1)
    msg = str(info.value)
    assert "plan.toml" in msg and "Atlantis" in msg and "GM0001 (Eerstedorp)" in msg
