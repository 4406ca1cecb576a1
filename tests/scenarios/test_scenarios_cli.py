"""`regioplan scenario ...`: JSON on stdout, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"


@pytest.fixture(autouse=True)
def _no_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIOPLAN_SCHEDULER", raising=False)
    monkeypatch.delenv("REGIOPLAN_SEED", raising=False)


def test_scenario_run_json_on_a_real_region() -> None:
    file = EXAMPLES / "anw_and_triage.toml"
    result = runner.invoke(
        app, ["scenario", "run", "Waardenland", str(file), "--draws", "200", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["region"]["code"] == "ZK24"
    assert doc["seed"] == 20240101 and doc["draws"] == 200
    gp = doc["professions"]["gp"]
    n = len(gp["years"])
    assert n == 21 and len(gp["gap_fte_p10"]) == n
    # the out-of-hours initiatives only close gaps
    assert all(c >= -1e-6 for c in gp["closed_fte_p10"])
    assert doc["provenance"]["baseline"].startswith("regioplan.workforce")


def test_scenario_run_text_names_units_and_estimate() -> None:
    file = EXAMPLES / "substitution_and_training.toml"
    result = runner.invoke(app, ["scenario", "run", "ZK24", str(file), "--draws", "100"])
    assert result.exit_code == 0, result.output
    assert "FTE" in result.stdout and "estimate" in result.stdout


def test_scenario_compare_json() -> None:
    files = [str(EXAMPLES / "status_quo.toml"), str(EXAMPLES / "elderly_care_chain.toml")]
    result = runner.invoke(
        app, ["scenario", "compare", "ZK24", *files, "--draws", "100", "--seed", "3", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    rows = {(r["scenario"], r["profession"]): r for r in doc["table"]}
    quo = rows[("Status quo", "gp")]
    assert quo["p50"] == quo["baseline_gap"]
    chain = rows[("Elderly care chain", "gp")]
    assert chain["p50"] < chain["baseline_gap"]
    assert rows[("Elderly care chain", "so")]["likely_gap"] is not None


def test_scenario_run_text_names_the_assumptions_it_rests_on() -> None:
    """The text output lists the assumed parameters per initiative (it only pointed to --json);
    the adoption range the file sets itself is not a catalogue assumption."""
    file = str(EXAMPLES / "anw_and_triage.toml")
    result = runner.invoke(app, ["scenario", "run", "ZK24", file, "--draws", "50"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # ZK24's pooling saving comes from the out-of-hours simulation (ooh/pooling.json), so it
    # is no longer an assumption; the other two parameters still are
    assert "- shared_anw_service: ooh_share, outflow_reduction" in lines
    assert "- regional_triage: adoption, ooh_share, deflection" in lines


def test_bad_scenario_file_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nname = "x"\n[[initiative]]\nname = "teleport"\nstart = 2026\n')
    result = runner.invoke(app, ["scenario", "check", str(bad)])
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "bad.toml:4" in out and "initiative[0].name" in out and "allowed:" in out
    run = runner.invoke(app, ["scenario", "run", "ZK24", str(bad)])
    assert run.exit_code == 2


def test_scenario_check_ok_json() -> None:
    result = runner.invoke(
        app, ["scenario", "check", str(EXAMPLES / "elderly_care_chain.toml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["valid"][0]["scenario"] == "Elderly care chain"


def test_scenario_check_with_region_catches_years_and_municipalities(tmp_path: Path) -> None:
    """Without --region, `check` passed a start year that `run` then refused."""
    late = tmp_path / "late.toml"
    late.write_text(
        '[scenario]\nname = "x"\n[[initiative]]\nname = "regional_triage"\nstart = 2044\n'
    )
    assert runner.invoke(app, ["scenario", "check", str(late)]).exit_code == 0
    result = runner.invoke(app, ["scenario", "check", str(late), "--region", "ZK24"])
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "late.toml: initiative[0].start = 2044" in out and "allowed: 2025..2042" in out
    chain = str(EXAMPLES / "elderly_care_chain.toml")
    ok = runner.invoke(app, ["scenario", "check", chain, "--region", "ZK24", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["region"] == "ZK24"
    elsewhere = runner.invoke(app, ["scenario", "check", chain, "--region", "ZK09"])
    assert elsewhere.exit_code == 2
    assert "'Dordrecht' is not a municipality of the region" in " ".join(elsewhere.output.split())


def test_scenario_sweep_json_in_process() -> None:
    file = str(EXAMPLES / "anw_and_triage.toml")
    result = runner.invoke(
        app,
        [
            "scenario", "sweep", file,
            "--region", "ZK24", "--region", "ZK02",
            "--draws", "50", "--workers", "1", "--year", "2040", "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["executor"] == "serial"
    assert {r["region"] for r in doc["rows"]} == {"ZK24", "ZK02"}
    assert all(r["year"] == 2040 for r in doc["rows"])


def test_own_data_replaces_the_estimate_in_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported providers (a copy of the Waardenland example) change the baseline's supply."""
    import shutil

    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("REGIOPLAN_DATABASE_URL", raising=False)
    db = tmp_path / "own.sqlite"
    src = tmp_path / "providers.csv"
    shutil.copy(Path(__file__).parent / "fixtures" / "providers_waardenland.csv", src)
    imported = runner.invoke(app, ["data", "import", str(src), "--db", str(db), "--json"])
    assert imported.exit_code == 0, imported.output
    file = str(EXAMPLES / "anw_and_triage.toml")
    args = ["scenario", "run", "ZK24", file, "--draws", "20", "--json"]
    own = json.loads(runner.invoke(app, [*args, "--db", str(db)]).stdout)
    est = json.loads(runner.invoke(app, args).stdout)
    assert own["provenance"]["professions"]["gp"]["own_data_share"] > 0
    assert est["provenance"]["professions"]["gp"]["own_data_share"] == 0
    assert (
        own["professions"]["gp"]["baseline_supply_fte"]
        != est["professions"]["gp"]["baseline_supply_fte"]
    )
