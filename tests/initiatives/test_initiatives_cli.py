"""`regioplan initiatives list|show`: JSON on stdout, whole names in tables, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()


def test_initiatives_list_json() -> None:
    result = runner.invoke(app, ["initiatives", "list", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["count"] == 12
    names = {i["name"] for i in doc["initiatives"]}
    assert "shared_anw_service" in names


def test_initiatives_show_json_and_text() -> None:
    result = runner.invoke(app, ["initiatives", "show", "regional_training", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["name"] == "regional_training"
    assert any("151" in p["source"] for p in doc["parameters"])
    text = runner.invoke(app, ["initiatives", "show", "regional_treatment_service"])
    assert text.exit_code == 0
    assert "May widen the gap of: avg, so" in text.stdout
    assert "Acts on: demand. Professions: gp, so, avg." in text.stdout


def test_text_tables_never_cut_the_names_a_scenario_file_needs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On an 80-column terminal, initiative and parameter names appear whole (Rich used to cut
    them to 'care_at_a_dist…', which a user cannot copy into a scenario file)."""
    from regioplan.cli_support import stdout
    from regioplan.initiatives import initiatives

    monkeypatch.setattr(stdout, "_width", 80)
    listing = runner.invoke(app, ["initiatives", "list"])
    assert listing.exit_code == 0, listing.output
    lines = listing.stdout.splitlines()
    for name, item in initiatives().items():
        assert any(f" {name} " in line for line in lines), name
        shown = runner.invoke(app, ["initiatives", "show", name])
        assert shown.exit_code == 0, shown.output
        for param in item.parameters:
            assert f" {param} " in shown.stdout, (name, param)
    assert "…" not in listing.stdout


def test_unknown_initiative_exits_2() -> None:
    result = runner.invoke(app, ["initiatives", "show", "jetpack"])
    assert result.exit_code == 2
    assert "allowed" in result.output
