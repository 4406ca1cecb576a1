"""`regioplan report`: files, JSON on stdout, errors with exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.report import render

runner = CliRunner()


def test_report_writes_a_dutch_html_file(tmp_path: Path) -> None:
    out = tmp_path / "regiobeeld.html"
    result = runner.invoke(app, ["report", "GM0599", "--out", str(out), "--seed", "3"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert "Rotterdam" in html


def test_report_json_puts_only_json_on_stdout(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", "GM0599", "--out", str(out), "--lang", "en", "--json", "--seed", "3"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["code"] == "GM0599" and data["output"]["lang"] == "en"
    assert data["output"]["html_bytes"] == out.stat().st_size


def test_unknown_region_exits_2_with_the_closest_names(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "Waardenlnd", "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "Waardenland (ZK24)" in " ".join(result.output.split())


def test_an_ambiguous_name_exits_2_listing_the_regions_and_level_picks_one(tmp_path: Path) -> None:
    """`regioplan report Utrecht` silently wrote the zorgkantoor region ZK23's report; the user
    may have meant the province (issue #16 item 13). It stops with exit 2, writes nothing and
    lists every Utrecht with code and level; --level (or the code) picks one."""
    out = tmp_path / "utrecht.html"
    result = runner.invoke(app, ["report", "Utrecht", "--out", str(out)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    for label in (
        "(ZK23, zorgkantoor)",
        "(PV26, provincie)",
        "(CR27, corop)",
        "(GM0344, gemeente)",
    ):
        assert label in text
    assert "--level" in text and not out.exists()
    as_json = runner.invoke(app, ["report", "Utrecht", "--out", str(out), "--json"])
    error = json.loads(as_json.stdout)["error"]
    assert (as_json.exit_code, error["type"], error["exit_code"]) == (2, "InputError", 2)
    assert "Utrecht (PV26, provincie)" in error["message"]
    chosen = runner.invoke(
        app, ["report", "Utrecht", "--level", "gemeente", "--out", str(out), "--json"]
    )
    assert chosen.exit_code == 0, chosen.output
    assert json.loads(chosen.stdout)["code"] == "GM0344"


def test_unknown_language_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", "ZK24", "--lang", "de", "--out", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2
    assert "allowed: nl, en" in result.output


def test_pdf_without_chromium_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "find_chromium", lambda: None)
    result = runner.invoke(app, ["report", "GM0599", "--pdf", "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "needs Chromium" in " ".join(result.output.split())


def test_own_data_replaces_the_estimate_and_is_labelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `regioplan data import`, the report uses the region's own providers."""
    db = f"sqlite:///{tmp_path / 'own.sqlite'}"
    fixture = Path(__file__).parent / "fixtures" / "providers_waardenland.csv"
    imported = runner.invoke(app, ["data", "import", str(fixture), "--db", db])
    assert imported.exit_code == 0, imported.output
    monkeypatch.setenv("REGIOPLAN_DATABASE_URL", db)
    out = tmp_path / "own.html"
    result = runner.invoke(app, ["report", "ZK24", "--out", str(out), "--json", "--seed", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {w["supply_provenance"] for w in data["workforce"].values()} == {"mixed"}
    assert "deels eigen gegevens" in out.read_text(encoding="utf-8")
    plain = runner.invoke(
        app, ["report", "ZK24", "--out", str(out), "--json", "--seed", "2", "--no-own-data"]
    )
    assert {w["supply_provenance"] for w in json.loads(plain.stdout)["workforce"].values()} == {
        "estimate"
    }
