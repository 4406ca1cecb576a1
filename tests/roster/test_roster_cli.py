"""The `regioplan roster` commands, run through the root CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import regioplan.roster as roster_api
from regioplan.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_public_api_is_exactly_the_curated_names() -> None:
    assert sorted(roster_api.__all__) == [
        "Assignment",
        "CheckReport",
        "Cover",
        "Fairness",
        "Fixed",
        "Physician",
        "Problem",
        "Request",
        "Result",
        "Rules",
        "ShiftType",
        "Violation",
        "check_roster",
        "explain_infeasibility",
        "parse_curtois",
        "replan",
        "solve",
    ]


def test_benchmark_json_can_be_rechecked_from_the_assignments(tmp_path: Path) -> None:
    instance = FIXTURES / "Instance1.txt"
    res = runner.invoke(app, ["roster", "benchmark", str(instance), "--time-limit", "10", "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert set(payload) == {
        "instance",
        "objective",
        "best_bound",
        "status",
        "seconds",
        "assignments",
    }
    assert payload["objective"] == 607 and payload["status"] == "optimal"
    out = tmp_path / "bench.json"
    out.write_text(res.stdout)
    check = runner.invoke(app, ["roster", "check", str(out), "--problem", str(instance), "--json"])
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["objective"] == 607


def test_solve_writes_csv_summary_and_icalendar(tmp_path: Path) -> None:
    instance = FIXTURES / "Instance1.txt"
    res = runner.invoke(
        app,
        ["roster", "solve", str(instance), "--time-limit", "10", "--out", str(tmp_path), "--json"],
    )
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["objective"] == 607
    assert sum(summary["penalties"].values()) == 607
    assert len(list((tmp_path / "ical").glob("*.ics"))) == 8
    check = runner.invoke(
        app, ["roster", "check", str(tmp_path / "roster.csv"), "--problem", str(instance)]
    )
    assert check.exit_code == 0
    assert "0 violation(s)" in check.stdout


def test_check_reports_violations_with_exit_code_1(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("day,shift,physician\n0,D,A\n")  # A is off on day 0 in Instance1
    res = runner.invoke(
        app,
        ["roster", "check", str(roster), "--problem", str(FIXTURES / "Instance1.txt"), "--json"],
    )
    assert res.exit_code == 1
    rules = {v["rule"] for v in json.loads(res.stdout)["violations"]}
    assert "unavailable" in rules


def test_explain_says_which_rules_conflict(tmp_path: Path) -> None:
    problem = tmp_path / "p.toml"
    problem.write_text(
        "[problem]\nstart = 2025-03-31\ndays = 2\n"
        '[[shift]]\nid = "N"\nstart = "23:00"\nend = "08:00"\n'
        '[[cover]]\nshift = "N"\ncount = 1\n'
        '[[physician]]\nid = "a"\nmax_nights = 1\n'
    )
    res = runner.invoke(app, ["roster", "explain", str(problem), "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["feasible"] is False
    assert "physician a: at most 1 nights" in payload["conflicts"]
    solve = runner.invoke(app, ["roster", "solve", str(problem), "--time-limit", "5"])
    assert solve.exit_code == 1


def test_solve_prints_week_tables_for_a_toml_problem(tmp_path: Path) -> None:
    problem = tmp_path / "p.toml"
    problem.write_text(
        '[problem]\nname = "mini"\nstart = 2025-04-21\ndays = 7\n'
        '[[shift]]\nid = "N"\nstart = "23:00"\nend = "08:00"\n'
        '[[cover]]\nshift = "N"\ncount = 1\n'
        '[[physician]]\nid = "a"\n[[physician]]\nid = "b"\n'
        "[rules]\nmin_rest_hours = 11\n"
    )
    res = runner.invoke(app, ["roster", "solve", str(problem), "--time-limit", "5"])
    assert res.exit_code == 0, res.output
    assert "Week 17" in res.stdout  # 21 April 2025 is in ISO week 17
    assert "Mon*" in res.stdout  # Easter Monday (21 April) is marked as a public holiday
    assert "Tue*" not in res.stdout
    assert "mini: optimal" in res.stdout
