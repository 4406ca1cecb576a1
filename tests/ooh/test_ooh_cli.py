"""`regioplan ooh simulate|compare|estimate`: JSON on stdout, tables, and bad input exit 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.ooh import load_config

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "ooh"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "zk24_small.toml"


def _json(args: list[str], code: int = 0) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def simulated() -> dict:  # type: ignore[type-arg]
    return _json(
        ["ooh", "simulate", "ZK24", "--config", str(FIXTURE), "--replications", "2", "--seed",
         "3", "--json"]
    )  # fmt: skip


def test_simulate_json_has_the_norms_and_the_region(simulated: dict) -> None:  # type: ignore[type-arg]
    assert simulated["region"] == "ZK24"
    assert simulated["replications"] == 2 and simulated["seed"] == 3
    for u in ("U1", "U2", "U3", "U4"):
        share = simulated["norms"][u]["within_norm"]["mean"]
        assert 0.0 <= share <= 1.0
    assert simulated["km_driven"]["mean"] > 0
    assert "configuration" in simulated["provenance"]  # the fixture is labelled an estimate


def test_simulate_is_seeded(simulated: dict) -> None:  # type: ignore[type-arg]
    """The same seed gives the same JSON, whether or not a progress bar runs."""
    again = _json(
        ["ooh", "simulate", "ZK24", "--config", str(FIXTURE), "--replications", "2", "--seed",
         "3", "--json"]
    )  # fmt: skip
    assert again == simulated


def test_compare_table_and_differences() -> None:
    result = runner.invoke(
        app,
        ["ooh", "compare", "ZK24", str(FIXTURE), str(EXAMPLES / "zk24_today.toml"),
         "--replications", "2", "--seed", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "common random numbers" in result.stdout
    assert "Difference vs ZK24 test fixture" in result.stdout


def test_estimate_writes_a_config_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "today.toml"
    result = runner.invoke(app, ["ooh", "estimate", "ZK24", "--out", str(out)])
    assert result.exit_code == 0, result.output
    config = load_config(out)
    assert config.meta.estimated
    assert [p.id for p in config.posts] == ["dordrecht", "zwijndrecht", "sliedrecht", "gorinchem"]
    assert all(p.estimated for p in config.posts)
    assert out.read_text().startswith("# ESTIMATE")


def test_estimate_with_own_posts(tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text("id,name,pc4\nnorth,North,3318\nsouth,South,4204\n")
    doc = _json(["ooh", "estimate", "ZK24", "--posts", str(posts), "--json"])
    assert [p["id"] for p in doc["config"]["posts"]] == ["north", "south"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--config", "nothere.toml"], "nothere.toml"),
        (["--replications", "0"], "replications"),
        (["--seed", "-1"], "seed"),
        (["--roster", "x.csv"], "--roster-map"),
    ],
)
def test_bad_input_exits_2(args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["ooh", "simulate", "ZK24", *args, "--json"])
    assert result.exit_code == 2, result.output
    assert needle in result.output


def test_bad_config_names_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        FIXTURE.read_text().replace('role = "car"\ndays = "mon-sun"\nhours = "0-24"\ncount = 1',
                                    'role = "car"\ndays = "mon-sun"\nhours = "0-24"\ncount = -1', 1)
    )  # fmt: skip
    doc = _json(["ooh", "simulate", "ZK24", "--config", str(bad), "--json"], code=2)
    problems = doc["error"]["problems"]
    assert any(str(bad) in p["source"] and "count" in p["field"] for p in problems), problems


def test_unknown_post_in_matrix_names_the_file_and_row(tmp_path: Path) -> None:
    matrix = tmp_path / "m.csv"
    matrix.write_text("origin,destination,minutes\n3318,dordrecht,5\n9999,nowhere,7\n")
    doc = _json(
        ["ooh", "simulate", "ZK24", "--config", str(FIXTURE), "--travel-matrix", str(matrix),
         "--json"],
        code=2,
    )  # fmt: skip
    problems = doc["error"]["problems"]
    assert problems[0]["source"] == str(matrix) and problems[0]["line"] == 3
    assert "nowhere" in json.dumps(problems) or "9999" in json.dumps(problems)


def test_compare_needs_two_files() -> None:
    result = runner.invoke(app, ["ooh", "compare", "ZK24", str(FIXTURE)])
    assert result.exit_code == 2


def test_tables_are_english_whatever_the_lang_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/cli.md, "Numbers and language": a decimal point and a thousands comma under lang=nl."""
    monkeypatch.setenv("REGIOPLAN_LANG", "nl")
    result = runner.invoke(
        app,
        ["ooh", "simulate", "ZK24", "--config", str(FIXTURE), "--replications", "2"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+\.\d%", result.stdout)  # e.g. 18.5%
    assert re.search(r"km driven per year: \d{1,3}(,\d{3})+", result.stdout)
    assert not re.search(r"\d,\d%", result.stdout)
