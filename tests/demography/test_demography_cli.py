"""`regioplan demography project`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()


def test_json_for_a_region() -> None:
    result = runner.invoke(
        app, ["demography", "project", "--region", "ZK24", "--end-year", "2030", "--json"]
    )
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["region"]["code"] == "ZK24"
    assert d["years"] == list(range(2024, 2031))
    assert d["population"][0] == 442_759
    assert d["aged_80_plus"][-1] > d["aged_80_plus"][0]
    rounded_sum = sum(v[3] for v in d["by_age"].values())
    assert abs(rounded_sum - d["population"][3]) <= len(d["by_age"])  # rounding per group


def test_table_and_bad_year() -> None:
    ok = runner.invoke(app, ["demography", "project", "--end-year", "2026", "--no-migration"])
    assert ok.exit_code == 0 and "80+" in ok.stdout
    bad = runner.invoke(app, ["demography", "project", "--end-year", "2200"])
    assert bad.exit_code == 2


def test_table_numbers_and_provenance() -> None:
    """The table uses the English number notation of every CLI table and labels the estimate."""
    result = runner.invoke(app, ["demography", "project", "--region", "ZK24", "--end-year", "2025"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "442,759" in text and "5.3%" in text  # 80+ share 2024 (aged ages)
    assert "Estimate. Base: CBS population 1-1-2024" in text and "net migration 92,000/yr" in text
