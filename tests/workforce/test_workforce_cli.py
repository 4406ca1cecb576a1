"""The `regioplan workforce project` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["workforce", "project", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_has_the_documented_keys() -> None:
    d = _json("--profession", "gp", "--params", str(FIXTURES / "params_gp_2022.toml"))
    for key in ("years", "supply_fte", "supply_persons", "demand_fte", "gap_fte"):
        assert len(d[key]) == 21
    assert d["balance_year"] == 2040
    assert d["equilibrium_intake"] == pytest.approx(1364.93, abs=0.005)
    assert d["scenario"] == 6 and d["variant"] == "mid"
    assert d["provenance"]["parameter_source"].endswith("params_gp_2022.toml")
    assert d["decomposition"]["totals"]["6"] == pytest.approx(1364.93, abs=0.005)
    assert d["decomposition"]["terms"]["outflow"] == pytest.approx(547.32, abs=0.005)


def test_defaults_per_profession() -> None:
    """Balance year: 2040, the report's horizon, where the set allows it (AVG's own second
    balance year, 2034, was the default before and disagreed with the report)."""
    assert _json("--profession", "so")["balance_year"] == 2040
    d = _json("--profession", "avg")
    assert d["balance_year"] == 2040 and d["provenance"]["status"].startswith("estimate")


def test_region_intake_variant_and_draws() -> None:
    d = _json("--profession", "so", "--region", "ZK24", "--intake", "305", "--variant", "high",
              "--scenario", "2", "--draws", "50", "--balance-year", "2038")  # fmt: skip
    assert d["region"]["code"] == "ZK24"
    assert d["intake"] == 305 and d["balance_year"] == 2038
    assert set(d["monte_carlo"]["gap_fte"]) == {"p10", "p50", "p90"}
    assert d["monte_carlo"]["method"]["settlement"].startswith("region's settling share held")


def test_table_output() -> None:
    result = runner.invoke(app, ["workforce", "project", "--profession", "avg"])
    assert result.exit_code == 0
    assert "Balance year 2040" in result.stdout and "estimate" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--profession", "xx"], "allowed: gp, so, avg"),
        (["--profession", "gp", "--balance-year", "2070"], "balance year 2070"),
        (["--profession", "gp", "--variant", "medium"], "variant 'medium'"),
        (["--profession", "gp", "--scenario", "5"], "scenario 5"),
        (["--profession", "gp", "--params", "nope.toml"], "neither a bundled set"),
        (["--profession", "so", "--params", "gp_2022"], "not a set for profession"),
        (
            ["--profession", "so", "--params", str(FIXTURES / "params_gp_2022.toml")],
            "not a set for profession 'so'",
        ),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["workforce", "project", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_profession_follows_the_parameter_set() -> None:
    """Without --profession the set's own profession is used (not GP by default)."""
    d = _json("--params", "so_2022")
    assert d["profession"] == "so" and d["parameter_set"] == "so_2022"


def test_the_cli_and_the_report_share_their_defaults() -> None:
    """`workforce project --profession so --region ZK24` said 6.9 trainees a year settle (of the
    national equilibrium intake) with balance year 2042; the report 3.8 (of the current intake)
    by 2040. Both now use the horizon 2040 as balance year and name the current intake first
    (issue #16 item 4)."""
    from regioplan.regiobeeld import sections
    from regioplan.regions import select_region
    from regioplan.workforce.national import DEFAULT_HORIZON

    d = _json("--profession", "so", "--region", "ZK24")
    assert d["balance_year"] == DEFAULT_HORIZON == 2040
    w = sections.workforce(select_region("ZK24"), "so", horizon=DEFAULT_HORIZON, seed=1, draws=20)
    assert w.balance_year == d["balance_year"]
    assert d["current_settling"] == pytest.approx(w.current_inflow, abs=0.01)
    text = " ".join(
        runner.invoke(
            app, ["workforce", "project", "--profession", "so", "--region", "ZK24"]
        ).stdout.split()
    )
    assert "expected to settle here at the current intake (170/yr nationally): 3.8/yr" in text
    assert "at the national equilibrium intake" in text


def test_regional_table_says_where_the_stock_comes_from() -> None:
    result = runner.invoke(app, ["workforce", "project", "--profession", "so", "--region", "ZK24"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "today's workforce 2.55% (estimate from national figures: 40.9 persons" in text
    assert "newly trained 2.23%" in text


def test_identical_variants_are_named() -> None:
    result = runner.invoke(app, ["workforce", "project", "--profession", "gp"])
    assert "the three variants are identical in this set" in " ".join(result.stdout.split())


def test_regional_monte_carlo_uses_the_same_own_data(tmp_path: Path) -> None:
    """With --db the Monte Carlo bands rest on the own data too: GP 2025 has no ranges, so its
    bands must be the deterministic line (they were the estimate's line before)."""
    from regioplan.store import open_store

    csv = tmp_path / "practices.csv"
    csv.write_text(
        "kind,name,municipality,gp_headcount,gp_fte\n"
        "gp_practice,A,GM0505,300,240\ngp_practice,B,GM0590,40,30\n",
        encoding="utf-8",
    )
    db = tmp_path / "own.sqlite"
    with open_store(db) as store:
        store.import_file(csv)
    d = _json("--profession", "gp", "--region", "ZK24", "--db", str(db), "--draws", "20")
    assert d["own_data_share"] > 0.5
    mc = d["monte_carlo"]["gap_fte"]
    assert mc["p10"] == pytest.approx(d["gap_fte"], abs=0.011)
    assert mc["p90"] == pytest.approx(d["gap_fte"], abs=0.011)


def test_options_without_effect_are_named_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["workforce", "project", "--db", str(tmp_path / "x.sqlite"), "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["region"] is None
    assert "--db has no effect without --region" in " ".join(result.stderr.split())
