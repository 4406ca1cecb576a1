"""The `regioplan workforce fragility` command (issue #22 item 3)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.national.fragility import fragility
from regioplan.regions import select_region

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["workforce", "fragility", *args])
    return result.exit_code, result.stdout


def test_json_shape_and_figures() -> None:
    code, out = _run("ZK24", "--draws", "100", "--seed", "4", "--json")
    assert code == 0, out
    d = json.loads(out)  # only JSON on stdout
    assert d["region"] == {"code": "ZK24", "name": "Waardenland", "level": "zorgkantoor"}
    assert d["draws"] == 100 and d["seed"] == 4 and d["own_data"] is False
    assert list(d["professions"]) == ["gp", "so", "avg"]
    avg = d["professions"]["avg"]
    for key in (
        "supply_fte",
        "supply_persons",
        "fte_per_person",
        "one_leaves_share",
        "worst_access_change",
        "year",
        "floor_fte",
        "floor_share",
        "p_below",
        "flag_share",
        "flag",
        "provenance",
    ):
        assert key in avg
    assert avg["flag"] is True and avg["year"] == 2040 and avg["floor_share"] == 0.9
    want = fragility(select_region("ZK24"), "avg", draws=100, seed=4)
    assert avg["one_leaves_share"] == pytest.approx(want.one_leaves_share)
    assert avg["p_below"] == want.p_below


def test_one_profession_with_a_floor_in_fte() -> None:
    code, out = _run(
        "ZK24",
        "--profession",
        "avg",
        "--floor-fte",
        "4",
        "--year",
        "2030",
        "--draws",
        "50",
        "--json",
    )
    assert code == 0, out
    d = json.loads(out)["professions"]
    assert list(d) == ["avg"]
    assert d["avg"]["floor_fte"] == 4.0 and d["avg"]["year"] == 2030


def test_table_in_english() -> None:
    code, out = _run("ZK24", "--profession", "avg", "--draws", "50")
    assert code == 0, out
    assert "How much supply hangs on one physician" in out and "yes" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--floor-share", "3"],
        ["--floor-share", "0"],
        ["--flag-share", "1"],
        ["--draws", "0"],
        ["--profession", "nurse"],
        ["--profession", "avg", "--floor-fte", "4", "--floor-share", "0.8"],
        ["--floor-fte", "4"],  # a level in FTE belongs to one profession
        ["--profession", "avg", "--year", "1990"],
    ],
)
def test_bad_input_exits_2_with_the_error_shape(args: list[str]) -> None:
    code, out = _run("ZK24", *args, "--json")
    assert code == 2
    err = json.loads(out)["error"]
    assert err["type"] in {"InputError", "ParameterError"} and err["exit_code"] == 2


def test_unknown_region_exits_2() -> None:
    code, _ = _run("no such region", "--json")
    assert code == 2
