"""SolverParams: the tuning of the combined engine as a small object, read from TOML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.errors import InputError, ParameterError
from regioplan.roster import SolverParams

runner = CliRunner()


def test_an_empty_toml_equals_the_defaults(tmp_path: Path) -> None:
    """An empty file, empty text and an empty mapping all give today's measured defaults."""
    empty = tmp_path / "tuning.toml"
    empty.write_text("")
    assert SolverParams.from_toml(empty) == SolverParams()
    assert SolverParams.from_toml("") == SolverParams() == SolverParams.from_dict({})
    assert SolverParams() == SolverParams(
        cp_sat_share=1 / 3,
        linearization_level=2,
        small_model=800,
        construct_share=0.25,
        construct_share_large=0.5,
        large_model=20_000,
        colgen_model=1_100,
        colgen_share=0.25,
        colgen_overtime=0.125,
        dive_share=0.4,
    )


def test_keys_in_a_file_override_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / "tuning.toml"
    path.write_text("large_model = 10\ncp_sat_share = 1\n")
    params = SolverParams.from_toml(path)
    assert params == SolverParams(large_model=10, cp_sat_share=1.0)
    assert params.colgen_model == 1_100
    assert isinstance(params.cp_sat_share, float)
    assert "large_model=10" in repr(params)
    with pytest.raises(AttributeError):
        params.large_model = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        SolverParams(10)  # type: ignore[misc]  # keyword-only


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "larg_model = 10",
            "unknown key 'larg_model'; allowed keys: chain_end, chain_seconds, "
            "chain_window_share, colgen",
        ),
        ("large_model = 1.5", "large_model must be an integer, got 1.5"),
        ('dive_share = "0.4"', "dive_share must be a number, got '0.4'"),
        ("small_model = true", "small_model must be an integer, got True"),
        ("cp_sat_share = 1.5", "cp_sat_share must lie in [0, 1] (a share), got 1.5"),
        ("window_seconds = -2", "window_seconds must lie in [0, 3600] (seconds), got -2"),
        ("round_price_weight = 101", "round_price_weight must lie in [0, 100] (a multiple)"),
        ("chain_seconds = 4000", "chain_seconds must lie in [0, 3600] (seconds), got 4000"),
        ("chain_end = 1.2", "chain_end must lie in [0, 1] (a share), got 1.2"),
        ("colgen_model = -1", "colgen_model must be >= 0 duty variables, got -1"),
        ("linearization_level = 3", "linearization_level must be 0, 1 or 2, got 3"),
        ("[solver]\nlarge_model = 10", "unknown key 'solver'"),
        ("large_model = ", "not valid TOML"),
    ],
)
def test_bad_tuning_names_the_key(text: str, message: str) -> None:
    with pytest.raises(ParameterError) as info:
        SolverParams.from_toml(text)
    assert message in str(info.value)
    assert isinstance(info.value, InputError) and info.value.exit_code == 2


def test_the_constructor_checks_values_too() -> None:
    with pytest.raises(ParameterError, match="dive_share must lie in"):
        SolverParams(dive_share=2.0)


def test_solve_takes_a_tuning_file_and_rejects_a_bad_one_with_exit_code_2(tmp_path: Path) -> None:
    problem = tmp_path / "p.toml"
    problem.write_text(
        '[problem]\nname = "mini"\nstart = 2025-04-21\ndays = 7\n'
        '[[shift]]\nid = "N"\nstart = "23:00"\nend = "08:00"\n'
        '[[cover]]\nshift = "N"\ncount = 1\n'
        '[[physician]]\nid = "a"\n[[physician]]\nid = "b"\n'
    )
    tuning = tmp_path / "tuning.toml"
    tuning.write_text("large_model = 1\n")  # the LNS alone after the start
    args = ["roster", "solve", str(problem), "--time-limit", "2", "--json"]
    res = runner.invoke(app, [*args, "--tuning", str(tuning)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["assignments"]
    tuning.write_text("large_modell = 1\n")
    bad = runner.invoke(app, [*args, "--tuning", str(tuning)])
    assert bad.exit_code == 2
    assert "unknown key 'large_modell'" in bad.output
