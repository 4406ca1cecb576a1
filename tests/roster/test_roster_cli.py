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
        "SolverParams",
        "Violation",
        "check_roster",
        "explain_infeasibility",
        "parse_curtois",
        "replan",
        "solve",
    ]


# One worker stops CP-SAT on its deterministic clock, so the rosters and objectives these tests
# assert on do not depend on the machine's speed or load (docs/roster.md, "Determinism").
ONE_WORKER = ["--workers", "1"]


def test_benchmark_json_can_be_rechecked_from_the_assignments(tmp_path: Path) -> None:
    instance = FIXTURES / "Instance1.txt"
    res = runner.invoke(
        app, ["roster", "benchmark", str(instance), "--time-limit", "10", *ONE_WORKER, "--json"]
    )
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
    args = ["--time-limit", "10", *ONE_WORKER, "--out", str(tmp_path), "--json"]
    res = runner.invoke(app, ["roster", "solve", str(instance), *args])
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
    res = runner.invoke(app, ["roster", "solve", str(problem), "--time-limit", "5", *ONE_WORKER])
    assert res.exit_code == 0, res.output
    assert "Week 17" in res.stdout  # 21 April 2025 is in ISO week 17
    assert "Mon*" in res.stdout  # Easter Monday (21 April) is marked as a public holiday
    assert "Tue*" not in res.stdout
    assert "mini: optimal" in res.stdout


REPLAN_PROBLEM = (
    '[problem]\nname = "two weeks"\nstart = 2025-06-02\ndays = 14\n'
    '[[shift]]\nid = "D"\nstart = "08:00"\nend = "17:00"\n'
    '[[shift]]\nid = "N"\nstart = "23:00"\nend = "08:00"\n'
    '[[cover]]\nshift = "D"\ncount = 1\n[[cover]]\nshift = "N"\ncount = 1\n'
    "[rules]\nmin_rest_hours = 11\n"
    + "".join(f'[[physician]]\nid = "{who}"\nmax_consecutive = 4\n' for who in "abcde")
)


def _replan_setup(tmp_path: Path) -> tuple[Path, Path]:
    problem = tmp_path / "p.toml"
    problem.write_text(REPLAN_PROBLEM)
    first = runner.invoke(
        app,
        [
            "roster",
            "solve",
            str(problem),
            "--time-limit",
            "5",
            *ONE_WORKER,
            "--out",
            str(tmp_path / "a"),
        ],
    )
    assert first.exit_code == 0, first.output
    return problem, tmp_path / "a" / "roster.csv"


def test_replan_keeps_the_past_and_moves_duties_off_unavailable_days(tmp_path: Path) -> None:
    problem, roster = _replan_setup(tmp_path)
    old = [line.split(",") for line in roster.read_text().splitlines()[1:]]
    old_duties = {(int(r[1]), r[3], r[7]) for r in old}  # day, shift, physician
    busy = next(who for day, _, who in sorted(old_duties) if day >= 7)
    res = runner.invoke(
        app,
        [
            "roster", "replan", str(problem), "--roster", str(roster),
            "--from", "2025-06-09", "--unavailable", f"{busy}:7..13",
            "--pin", "e:2025-06-12:off", "--time-limit", "5", *ONE_WORKER, "--json",
            "--out", str(tmp_path / "b"),
        ],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    new = {(a["day"], a["shift"], a["physician"]) for a in payload["assignments"]}
    assert {d for d in old_duties if d[0] < 7} == {d for d in new if d[0] < 7}  # the past
    assert not any(who == busy and day >= 7 for day, _, who in new)
    assert not any(who == "e" and day == 10 for day, _, who in new)
    removed = {(a["day"], a["shift"], a["physician"]) for a in payload["changes"]["removed"]}
    added = {(a["day"], a["shift"], a["physician"]) for a in payload["changes"]["added"]}
    assert removed == {d for d in old_duties if d[0] >= 7} - new
    assert added == new - old_duties
    assert busy in payload["changes"]["physicians"] and payload["from_day"] == 7
    # every duty the unavailable physician had from day 7 on is covered by someone else
    assert payload["penalties"]["cover_under"] == 0
    check = runner.invoke(
        app, ["roster", "check", str(tmp_path / "b" / "roster.csv"), "--problem", str(problem)]
    )
    assert check.exit_code == 0, check.output


def test_replan_moves_only_what_it_must(tmp_path: Path) -> None:
    problem, roster = _replan_setup(tmp_path)
    old = [line.split(",") for line in roster.read_text().splitlines()[1:]]
    day, who = next((int(r[1]), r[7]) for r in old if int(r[1]) == 9)
    res = runner.invoke(
        app,
        [
            "roster", "replan", str(problem), "--roster", str(roster), "--from", "7",
            "--unavailable", f"{who}:{day}", "--time-limit", "5", *ONE_WORKER, "--json",
        ],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    changes = json.loads(res.stdout)["changes"]
    # one duty lost its physician; keeping the rest costs nothing, so few duties move
    assert 1 <= len(changes["removed"]) <= 3
    assert any(a["day"] == day and a["physician"] == who for a in changes["removed"])


def test_replan_rejects_bad_changes_with_exit_code_2(tmp_path: Path) -> None:
    problem, roster = _replan_setup(tmp_path)
    for args, expected in (
        (["--from", "2025-07-01"], "--from: '2025-07-01' lies outside the roster horizon"),
        (["--from", "3", "--unavailable", "zz:4"], "--unavailable: unknown physician 'zz'"),
        (["--from", "3", "--pin", "a:4:X"], "--pin: unknown shift 'X'"),
        (["--from", "3", "--available", "a"], "is not PHYSICIAN:DAY"),
        (["--from", "3", "--unavailable", "a:6..4"], "ends before it starts"),
    ):
        res = runner.invoke(
            app, ["roster", "replan", str(problem), "--roster", str(roster), *args, "--json"]
        )
        assert res.exit_code == 2, (args, res.output)
        assert expected in res.stdout, res.stdout
