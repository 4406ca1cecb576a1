"""`regioplan access compute` in generic (PySAL long format) and region mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()


def text(res: object) -> str:
    """Output with line wraps undone (errors are printed on stderr, wrapped by Rich)."""
    return " ".join(res.output.split())  # type: ignore[attr-defined]


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "demand": write(tmp_path, "d.csv", "id,pop\nA,1000\nB,2000\nC,3000\n"),
        "supply": write(tmp_path, "s.csv", "id,doc\nP,2\nQ,1\n"),
        "costs": write(
            tmp_path,
            "c.csv",
            "origin,destination,cost\nA,P,5\nB,P,15\nB,Q,8\nC,Q,25\nC,P,40\n",
        ),
    }


def generic(files: dict[str, Path], *extra: str) -> list[str]:
    return [
        "access",
        "compute",
        "--demand",
        str(files["demand"]),
        "--supply",
        str(files["supply"]),
        "--costs",
        str(files["costs"]),
        *extra,
    ]


def test_generic_2sfca_to_csv(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    res = runner.invoke(
        app,
        generic(
            files, "--method", "2sfca", "--max-cost", "30", "--per", "10000", "--out", str(out)
        ),
    )
    assert res.exit_code == 0, res.output
    lines = out.read_text().splitlines()
    assert lines[0] == "id,score"
    values = {k: float(v) for k, v in (line.split(",") for line in lines[1:])}
    assert values == pytest.approx({"A": 2 / 3000 * 1e4, "B": 8.6666666667, "C": 2.0})


def test_generic_json_has_scores_and_summary(files: dict[str, Path]) -> None:
    res = runner.invoke(
        app, generic(files, "--method", "e2sfca", "--weights", "10:1,20:0.68,30:0.22", "--json")
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert [a["id"] for a in payload["areas"]] == ["A", "B", "C"]
    assert payload["areas"][0]["score"] == pytest.approx(2 / 2360)
    assert set(payload["summary"]) >= {"gini", "theil", "share_below", "short_areas"}


def test_generic_json_names_the_default_weights_and_honours_threshold(
    files: dict[str, Path],
) -> None:
    """Without --weights the JSON names the method's default (it said null), and --threshold
    is applied in generic mode too (it was ignored: always the median)."""
    res = runner.invoke(app, generic(files, "--method", "e2sfca", "--threshold", "1", "--json"))
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert (payload["weights"], payload["max_cost"]) == ("10:1,20:0.68,30:0.22", 30.0)
    summary = payload["summary"]
    assert (summary["threshold"], summary["threshold_rule"]) == (1.0, "given value")
    assert summary["share_below"] == 1.0  # every score is far below 1 FTE per demand unit
    res = runner.invoke(app, generic(files, "--threshold", "0.5*national-median", "--json"))
    rule = json.loads(res.stdout)["summary"]["threshold_rule"]
    assert rule == "0.5 x population-weighted median of these areas"


def test_generic_scenarios_in_supply_columns(files: dict[str, Path], tmp_path: Path) -> None:
    files["supply"] = write(tmp_path, "s2.csv", "id,2025,2035\nP,2,4\nQ,1,2\n")
    res = runner.invoke(app, generic(files, "--method", "2sfca", "--json"))
    assert res.exit_code == 0, res.output
    first = json.loads(res.stdout)["areas"][0]
    assert first["2035"] == pytest.approx(2 * first["2025"])


def test_unknown_id_in_costs_names_file_and_line(files: dict[str, Path], tmp_path: Path) -> None:
    files["costs"] = write(tmp_path, "bad.csv", "origin,destination,cost\nA,P,5\nZ,P,3\n")
    res = runner.invoke(app, generic(files))
    assert res.exit_code == 2
    assert f"{files['costs']}:3: origin: unknown id 'Z'" in text(res)


def test_negative_demand_names_file_and_line(files: dict[str, Path], tmp_path: Path) -> None:
    files["demand"] = write(tmp_path, "neg.csv", "id,pop\nA,1000\nB,-5\nC,\n")
    res = runner.invoke(app, generic(files))
    assert res.exit_code == 2
    out = text(res)
    assert f"{files['demand']}:3: pop: -5.0 is not a finite value >= 0" in out
    assert f"{files['demand']}:4: pop: missing value (NaN)" in out


def test_options_of_the_other_mode_are_refused_not_ignored(files: dict[str, Path]) -> None:
    """--profession in generic mode and --per in region mode did nothing, silently."""
    res = runner.invoke(app, generic(files, "--profession", "so", "--level", "municipality"))
    assert res.exit_code == 2
    assert "--profession, --level: only with a REGION" in text(res)
    res = runner.invoke(app, ["access", "compute", "ZK24", "--per", "100"])
    assert res.exit_code == 2
    assert "--per 100: only in generic mode" in text(res)


def test_empty_and_spreadsheet_files(files: dict[str, Path], tmp_path: Path) -> None:
    """An empty file was a pandas traceback (exit 1); a Dutch spreadsheet export (semicolons,
    decimal commas) was 'Error tokenizing data'."""
    files["demand"] = write(tmp_path, "empty.csv", "")
    res = runner.invoke(app, generic(files))
    assert res.exit_code == 2
    assert "empty.csv: the demand file is empty" in text(res)
    files["demand"] = write(tmp_path, "nl.csv", "id;inwoners\nA;1000\nB;2000,5\nC;3000\n")
    res = runner.invoke(app, generic(files))
    assert res.exit_code == 2
    assert "nl.csv:3: inwoners: not a number: '2000,5' (write a decimal point: 2000.5)" in text(res)
    files["demand"] = write(tmp_path, "nl2.csv", "id;inwoners\nA;1000\nB;2000\nC;3000\n")
    res = runner.invoke(app, generic(files, "--json"))
    assert res.exit_code == 0, res.output
    assert [a["id"] for a in json.loads(res.stdout)["areas"]] == ["A", "B", "C"]


def test_missing_cost_column(files: dict[str, Path], tmp_path: Path) -> None:
    files["costs"] = write(tmp_path, "nocost.csv", "origin,destination\nA,P\n")
    res = runner.invoke(app, generic(files))
    assert res.exit_code == 2
    assert "nocost.csv:1: cost: missing column" in text(res)


def test_generic_needs_all_three_files(files: dict[str, Path]) -> None:
    res = runner.invoke(app, ["access", "compute", "--demand", str(files["demand"])])
    assert res.exit_code == 2
    assert "needs --demand, --supply and --costs" in text(res)


def test_region_mode_json(tmp_path: Path) -> None:
    out = tmp_path / "zk.json"
    res = runner.invoke(
        app,
        [
            "access",
            "compute",
            "ZK24",
            "--profession",
            "so",
            "--level",
            "municipality",
            "--threshold",
            "0.9*median",
            "--out",
            str(out),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["region"] == "ZK24"
    assert payload["provenance"]["unit"] == "FTE per 10,000 use-weighted inhabitants"
    assert payload["summary"]["threshold_rule"].startswith("0.9 x population-weighted median")
    assert all("fte_per_10000" in a for a in payload["areas"])
    assert json.loads(out.read_text())["region"] == "ZK24"


def test_region_mode_human_output_and_national_median() -> None:
    res = runner.invoke(app, ["access", "compute", "GM0599", "--level", "municipality"])
    assert res.exit_code == 0, res.output
    assert "Rotterdam (GM0599): gp e2sfca at municipality level" in res.stdout
    assert "Bron: CBS" in res.stdout
    res = runner.invoke(app, ["access", "compute", "GM0599", "--level", "municipality", "--json"])
    summary = json.loads(res.stdout)["summary"]
    assert summary["threshold_rule"] == "0.8 x national population-weighted median"


def test_the_default_threshold_is_the_report_s() -> None:
    """`access compute ZK24` used 1 x the national median (73.5 % below), the report 0.8 x
    (31.7 %): one default, SHORT_FRACTION, in both (issue #16 item 4)."""
    from regioplan.access.regional import SHORT_FRACTION, national_median, region_access
    from regioplan.regiobeeld import sections
    from regioplan.regions import select_region

    assert sections.SHORT_FRACTION is SHORT_FRACTION
    res = runner.invoke(app, ["access", "compute", "ZK24", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)["summary"]
    limit = SHORT_FRACTION * national_median("gp", level="pc4")
    want = region_access(select_region("ZK24"), "gp").summary(threshold=limit)
    assert summary["threshold"] == pytest.approx(limit, rel=1e-3)
    assert summary["share_below"] == pytest.approx(want.share_below, abs=1e-3)


def test_region_mode_text_uses_english_numbers_whatever_the_language_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI is English, its numbers too (442,759; 0.6), as every other command; the `lang`
    setting chooses the report's language, not the terminal's."""
    args = ["access", "compute", "ZK24", "--level", "municipality"]
    for lang in ("nl", "en"):
        monkeypatch.setenv("REGIOPLAN_LANG", lang)
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        assert "10 / 442,759 inhabitants" in res.stdout


def test_bad_threshold_and_region() -> None:
    res = runner.invoke(app, ["access", "compute", "ZK24", "--threshold", "lots"])
    assert res.exit_code == 2
    assert "allowed: national-median, median, mean" in text(res)
    res = runner.invoke(app, ["access", "compute", "Atlantis"])
    assert res.exit_code == 2


def test_points_export(tmp_path: Path) -> None:
    out = tmp_path / "pts.csv"
    res = runner.invoke(app, ["access", "points", "--level", "municipality", "--out", str(out)])
    assert res.exit_code == 0, res.output
    lines = out.read_text().splitlines()
    assert lines[0] == "id,kind,lat,lon"
    assert len(lines) == 1 + 342 + 342


def test_region_mode_with_own_matrix(tmp_path: Path) -> None:
    """A user's matrix: pairs from it only; the threshold falls back to the region's median."""
    matrix = write(
        tmp_path,
        "osrm.csv",
        "origin,destination,minutes\nGM0599,est:GM0599,8\nGM0599,est:GM0606,22\n",
    )
    res = runner.invoke(
        app,
        [
            "access",
            "compute",
            "GM0599",
            "--level",
            "municipality",
            "--costs",
            str(matrix),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["provenance"]["travel_costs"] == f"own travel-time matrix {matrix}"
    assert payload["summary"]["threshold_rule"].endswith(
        "population-weighted median of these areas"
    )
    assert payload["areas"][0]["fte_per_10000"] > 0


def test_own_matrix_with_ids_that_match_nothing(tmp_path: Path) -> None:
    """Municipality codes as destinations (instead of est:GM....) or PC4 ids with --level
    municipality gave 0 FTE everywhere without a word."""
    args = ["access", "compute", "GM0599", "--level", "municipality", "--costs"]
    bad = write(tmp_path, "ids.csv", "origin,destination,minutes\nGM0599,GM0599,8\n")
    res = runner.invoke(app, [*args, str(bad)])
    assert res.exit_code == 2
    assert "no destination is one of the supply point ids" in text(res)
    assert "'GM0599'" in text(res) and "regioplan access points" in text(res)
    pc4 = write(tmp_path, "pc4.csv", "origin,destination,minutes\n3011,est:GM0599,8\n")
    res = runner.invoke(app, [*args, str(pc4)])
    assert res.exit_code == 2
    assert "no origin is one of the area ids of --level" in text(res)
    part = write(
        tmp_path,
        "part.csv",
        "origin,destination,minutes\nGM0599,est:GM0599,8\nGM0599,GM0606,9\n",
    )
    res = runner.invoke(app, [*args, str(part), "--json"])
    assert res.exit_code == 0, res.output
    assert "1 destination id(s) of" in text(res) and "(e.g. 'GM0606')" in text(res)
    json.loads(res.stdout)  # the note went to stderr


def test_region_mode_uses_imported_providers(tmp_path: Path) -> None:
    """Providers imported with `regioplan data import` replace the estimate where they are."""
    db = tmp_path / "own.sqlite"
    fixture = Path(__file__).parent / "fixtures" / "providers_waardenland.csv"
    res = runner.invoke(app, ["data", "import", str(fixture), "--db", str(db)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        app, ["access", "compute", "ZK24", "--level", "municipality", "--db", str(db), "--json"]
    )
    assert res.exit_code == 0, res.output
    prov = json.loads(res.stdout)["provenance"]
    assert prov["supply_fte_own_data"] > 0
    assert prov["supply_fte_estimate"] > 0  # municipalities without imported providers
