"""`regioplan regions list|show`: JSON only on stdout, exit codes, own data replacing estimates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "providers_waardenland.csv"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("REGIOPLAN_DATABASE_URL", raising=False)


@pytest.mark.parametrize("level", ["zorgkantoor", "ggd", "provincie"])
def test_list_json_adds_up_to_the_country(level: str) -> None:
    result = runner.invoke(app, ["regions", "list", "--level", level, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["count"] == {"zorgkantoor": 31, "ggd": 25, "provincie": 12}[level]
    total = sum(r["population"] for r in doc["regions"])
    assert abs(total - 17_942_942) / 17_942_942 < 0.005
    assert doc["population_total"] == total


def test_show_json_schema() -> None:
    result = runner.invoke(app, ["regions", "show", "Waardenland", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert (doc["code"], doc["level"]) == ("ZK24", "zorgkantoor")
    pop = doc["population"]
    assert sum(pop["by_age"].values()) == pop["total"]
    assert pop["counts"]["85_plus"] <= pop["counts"]["75_plus"] <= pop["counts"]["65_plus"]
    assert [t["profession"] for t in doc["training_centres"]] == ["gp", "so", "avg"]
    assert {w["provenance"] for w in doc["workforce"]} == {"estimate"}
    assert all(w["methods"][0].startswith("estimate:") for w in doc["workforce"])
    assert "CBS" in doc["attribution"]


def test_show_table_is_readable() -> None:
    result = runner.invoke(app, ["regions", "show", "GM0599"])
    assert result.exit_code == 0, result.output
    assert "Rotterdam" in result.stdout and "Erasmus MC" in result.stdout


def test_unknown_region_exits_2_with_suggestions() -> None:
    result = runner.invoke(app, ["regions", "show", "Rotterdm"])
    assert result.exit_code == 2
    assert "did you mean" in result.output and "Rotterdam" in result.output


def test_unknown_level_exits_2() -> None:
    result = runner.invoke(app, ["regions", "list", "--level", "wijk"])
    assert result.exit_code == 2


def test_imported_data_replaces_the_estimate(tmp_path: Path) -> None:
    db = tmp_path / "own.sqlite"
    src = tmp_path / "providers.csv"
    shutil.copy(EXAMPLE, src)
    imported = runner.invoke(app, ["data", "import", str(src), "--db", str(db), "--json"])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["regions", "show", "ZK24", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    gp = next(w for w in json.loads(result.stdout)["workforce"] if w["profession"] == "gp")
    assert gp["provenance"] == "mixed"
    assert gp["municipalities_with_own_data"] > 0
    assert any(m.startswith("imported data") for m in gp["methods"])
