"""`regioplan national compare` and `regioplan national pattern` (issue #22 items 1, 2 and 4):
JSON shape, the CSV and JSON export, own data from a database, English tables, exit 2 on bad
input in the one error shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.national import compare_regions, distance_pattern
from regioplan.national.cli import CSV_COLUMNS

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
EXAMPLES = Path(__file__).parents[2] / "examples"
DUTCH_DECIMAL = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,])")


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["national", *args], env=WIDE)
    return result.exit_code, result.stdout


def test_compare_json_shape_and_figures() -> None:
    code, out = _run("compare", "--profession", "avg", "--draws", "100", "--seed", "4", "--json")
    assert code == 0, out
    d = json.loads(out)  # only JSON on stdout
    assert {k: d[k] for k in ("level", "horizon", "draws", "seed")} == {
        "level": "zorgkantoor",
        "horizon": 2040,
        "draws": 100,
        "seed": 4,
    }
    assert d["own_data_regions"] == [] and list(d["professions"]) == ["avg"]
    avg = d["professions"]["avg"]
    assert avg["first_year"] == 2024 and len(avg["rows"]) == 31
    row = avg["rows"][0]
    assert set(row) == {
        "code", "name", "population", "gap_now", "gap_horizon", "gap_horizon_fte", "rank",
        "access", "access_vs_national", "ageing_75", "distance_km", "own_data",
    }  # fmt: skip
    assert set(row["rank"]) == {"p10", "p50", "p90"}
    want = compare_regions("zorgkantoor", "avg", draws=100, seed=4)
    assert [r["code"] for r in avg["rows"]] == [r.code for r in want.rows]
    assert row["gap_horizon"]["p50"] == pytest.approx(want.rows[0].gap_horizon.p50)
    assert set(d["units"]) >= {"gap_now", "rank", "access", "distance_km"}


def test_all_professions_by_default() -> None:
    code, out = _run("compare", "--level", "provincie", "--draws", "20", "--json")
    assert code == 0, out
    d = json.loads(out)
    assert list(d["professions"]) == ["gp", "so", "avg"]
    assert all(len(c["rows"]) == 12 for c in d["professions"].values())


def test_csv_export(tmp_path: Path) -> None:
    out = tmp_path / "zk.csv"
    code, text = _run("compare", "--draws", "30", "--seed", "2", "--out", str(out))
    assert code == 0, text
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == CSV_COLUMNS
    assert len(frame) == 3 * 31
    assert list(frame["profession"].unique()) == ["gp", "so", "avg"]
    gp = frame[frame["profession"] == "gp"]
    want = compare_regions("zorgkantoor", "gp", draws=30, seed=2)
    assert list(gp["code"]) == [r.code for r in want.rows]
    assert list(gp["rank_p50"]) == pytest.approx([r.rank.p50 for r in want.rows])
    assert (frame["rank_p10"] <= frame["rank_p50"]).all()
    assert (frame["rank_p50"] <= frame["rank_p90"]).all()
    assert "Where each region stands" in text  # the table is printed too


def test_json_export_equals_stdout(tmp_path: Path) -> None:
    out = tmp_path / "zk.json"
    code, text = _run("compare", "--profession", "so", "--draws", "20", "--json", "--out", str(out))
    assert code == 0, text
    assert json.loads(out.read_text("utf-8")) == json.loads(text)


def test_compare_table_is_english() -> None:
    code, out = _run("compare", "--profession", "gp", "--level", "provincie", "--draws", "20")
    assert code == 0, out
    assert "Where each region stands" in out and "P10" in out
    assert not DUTCH_DECIMAL.search(out)
    assert re.search(r"\d+\.\d%", out)  # English decimal points


def test_own_data_from_a_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'own.sqlite'}"
    imported = runner.invoke(
        app, ["data", "import", str(EXAMPLES / "providers_waardenland.csv"), "--db", db]
    )
    assert imported.exit_code == 0, imported.output
    code, out = _run("compare", "--profession", "gp", "--draws", "20", "--db", db, "--json")
    assert code == 0, out
    d = json.loads(out)
    assert d["own_data_regions"] == ["ZK24"]
    rows = {r["code"]: r for r in d["professions"]["gp"]["rows"]}
    assert rows["ZK24"]["own_data"] is True and rows["ZK09"]["own_data"] is False
    code, out = _run("pattern", "--profession", "gp", "--draws", "20", "--db", db, "--json")
    assert code == 0, out
    p = json.loads(out)["patterns"]["gp"]
    assert p["basis"] == "mixed" and p["own_data_regions"] == ["ZK24"]
    assert "ZK24" in p["basis_sentence"]["nl"]


def test_pattern_json_shape_and_figures() -> None:
    code, out = _run("pattern", "--draws", "50", "--seed", "3", "--permutations", "199", "--json")
    assert code == 0, out
    d = json.loads(out)
    assert d["level"] == "zorgkantoor" and d["year"] == 2040
    assert list(d["patterns"]) == ["gp", "so", "avg"]
    assert set(d["sentence"]) == {"nl", "en"}
    gp = d["patterns"]["gp"]
    for key in ("rho", "p_value", "n", "permutations", "basis", "own_data_regions", "points"):
        assert key in gp
    want = distance_pattern("gp", draws=50, seed=3, permutations=199)
    assert gp["rho"] == pytest.approx(want.rho) and gp["p_value"] == want.p_value
    assert gp["n"] == 31 and len(gp["points"]) == 31 and gp["basis"] == "model"
    assert gp["direction"] in ("up", "down", "none")


def test_pattern_table_and_sentence() -> None:
    code, out = _run(
        "pattern", "--level", "gemeente", "--profession", "avg", "--draws", "30",
        "--permutations", "99",
    )  # fmt: skip
    assert code == 0, out
    assert "rho" in out and "342" in out
    assert "For AVGs the shortage" in out
    assert "settling assumption" in out
    code, out = _run("pattern", "--profession", "so", "--draws", "30", "--lang", "nl")
    assert code == 0, out
    assert "Bij SO's" in out and "vestigingsaanname" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["compare", "--level", "wijk"], "unknown level"),
        (["compare", "--profession", "dentist"], "--profession"),
        (["compare", "--draws", "0"], "draws"),
        (["compare", "--horizon", "2050"], "horizon 2050"),
        (["compare", "--horizon", "2043", "--profession", "so"], "horizon 2043"),
        (["compare", "--horizon", "2024"], "horizon 2024"),
        (["compare", "--out", "table.xlsx"], ".csv or .json"),
        (["compare", "--out", "/nonexistent/dir/x.csv"], "does not exist"),
        (["compare", "--seed", "-1"], "--seed"),
        (["compare", "--db", "/nonexistent/own.sqlite", "--draws", "5"], "not found"),
        (["pattern", "--level", "wijk"], "unknown level"),
        (["pattern", "--year", "2023"], "year 2023"),
        (["pattern", "--permutations", "-5"], "permutations"),
        (["pattern", "--lang", "de"], "--lang"),
        (["pattern", "--profession", "np"], "--profession"),
    ],
)
def test_bad_input_exits_2(args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["national", *args, "--json"])
    assert result.exit_code == 2, result.output
    err = json.loads(result.stdout)["error"]
    assert needle in err["message"] and err["exit_code"] == 2
