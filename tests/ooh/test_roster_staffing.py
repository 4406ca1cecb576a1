"""Staffing from a roster of `regioplan roster solve`: a typical week per post and role, and clear
errors for another period, unknown shifts or posts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from regioplan.errors import ValidationError
from regioplan.ooh import OohConfig, load_config
from regioplan.ooh.cli import roster_calendar
from regioplan.ooh.roster_staffing import apply_roster, load_shift_map, read_duties
from regioplan.roster.export import roster_csv
from regioplan.roster.model import Assignment
from regioplan.roster.problem_file import load_problem

REPO = Path(__file__).resolve().parents[2]
PROBLEM = REPO / "examples" / "roster" / "regional_120" / "region.toml"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "zk24_small.toml"

MAP = """
problem = "{problem}"
[[shift]]
id = "EV-NOORD"
post = "dordrecht"
role = "post_gp"
[[shift]]
id = "DAY-NOORD"
post = "dordrecht"
role = "post_gp"
[[shift]]
id = "NIGHT"
post = "dordrecht"
role = "car"
"""


@pytest.fixture(scope="module")
def config() -> OohConfig:
    return load_config(FIXTURE)


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A roster in both forms: two GPs every evening in the north, three on weekend days, one
    night GP; on every Monday evening a third GP (the typical week must show it)."""
    problem = load_problem(PROBLEM)
    rows: list[Assignment] = []
    for day in range(problem.horizon):
        when = problem.date_of(day)
        weekend = when.weekday() >= 5 or day in problem.holidays
        rows += [Assignment(f"gp{k + 1:03d}", day, "EV-NOORD") for k in range(2)]
        if when.weekday() == 0 and day not in problem.holidays:
            rows.append(Assignment("gp011", day, "EV-NOORD"))
        if weekend:
            rows += [Assignment(f"gp{k + 1:03d}", day, "DAY-NOORD") for k in range(3, 6)]
        rows.append(Assignment("gp021", day, "NIGHT"))
    folder = tmp_path_factory.mktemp("roster")
    csv_path = folder / "roster.csv"
    csv_path.write_text(roster_csv(problem, rows))
    json_path = folder / "roster.json"
    json_path.write_text(
        json.dumps(
            {
                "assignments": [
                    {"physician": a.physician, "day": a.day, "shift": a.shift} for a in rows
                ]
            }
        )
    )
    map_path = folder / "map.toml"
    map_path.write_text(MAP.format(problem=PROBLEM.as_posix()))
    return csv_path, json_path, map_path


def _hour(day: str, hour: int) -> int:
    return 24 * ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(day) + hour


def test_typical_week_from_roster_csv(config: OohConfig, roster: tuple[Path, Path, Path]) -> None:
    csv_path, _, map_path = roster
    cfg = apply_roster(config, csv_path, map_path, year=2026)
    staffing = cfg.staffing_table()
    gp = staffing.get("dordrecht", "post_gp")
    assert gp[_hour("mon", 18)] == 3  # the extra Monday GP, every ordinary Monday
    assert gp[_hour("tue", 18)] == 2
    assert gp[_hour("sat", 10)] == 3
    assert gp[_hour("sat", 18)] == 2
    assert gp[_hour("tue", 3)] == 0  # no GP at the post at night in this roster
    car = staffing.get("dordrecht", "car")
    assert car[_hour("wed", 2)] == 1 and car[_hour("wed", 23)] == 1 and car[_hour("wed", 12)] == 0
    # roles and units the map does not name keep the configuration's staffing
    assert (staffing.get("zwijndrecht", "post_gp") == config.staffing_table().get(
        "zwijndrecht", "post_gp")).all()  # fmt: skip
    assert (staffing.get("dordrecht", "triagist") == 2).all()


def test_json_roster_gives_the_same_staffing(
    config: OohConfig, roster: tuple[Path, Path, Path]
) -> None:
    csv_path, json_path, map_path = roster
    a = apply_roster(config, csv_path, map_path, year=2026).staffing_table()
    b = apply_roster(
        config, json_path, map_path, year=2026, load_calendar=roster_calendar
    ).staffing_table()
    for key in a.counts:
        assert (a.get(*key) == b.get(*key)).all(), key


def test_roster_of_another_year_names_file_and_row(
    config: OohConfig, roster: tuple[Path, Path, Path]
) -> None:
    csv_path, _, map_path = roster
    with pytest.raises(ValidationError) as err:
        apply_roster(config, csv_path, map_path, year=2025)
    problem = err.value.problems[0]
    assert problem.source == str(csv_path) and problem.line == 2
    assert "2026-04-06" in problem.reason and "2025" in problem.reason


def test_unknown_shift_names_the_row(
    config: OohConfig, roster: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    csv_path, _, map_path = roster
    short = tmp_path / "map.toml"
    short.write_text(map_path.read_text().replace('id = "NIGHT"', 'id = "OTHER"'))
    with pytest.raises(ValidationError) as err:
        apply_roster(config, csv_path, short, year=2026)
    problem = err.value.problems[0]
    assert "'NIGHT'" in problem.reason and problem.line is not None


def test_unknown_post_in_the_map(config: OohConfig, tmp_path: Path) -> None:
    bad = tmp_path / "map.toml"
    bad.write_text('[[shift]]\nid = "X"\npost = "atlantis"\nrole = "post_gp"\n')
    with pytest.raises(ValidationError) as err:
        load_shift_map(bad, config)
    problem = err.value.problems[0]
    assert problem.source == str(bad) and problem.field == "shift[0].post"
    assert "atlantis" in problem.reason


def test_json_roster_without_problem_file(
    config: OohConfig, roster: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, json_path, map_path = roster
    no_problem = tmp_path / "map.toml"
    no_problem.write_text("\n".join(map_path.read_text().splitlines()[2:]))
    shift_map = load_shift_map(no_problem, config)
    with pytest.raises(ValidationError, match="problem file"):
        read_duties(json_path, shift_map, roster_calendar)


def test_a_roster_shorter_than_a_week(config: OohConfig, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    day = dt.date(2026, 4, 7)
    path.write_text("date,shift,start,end,physician\n" + f"{day},EV-NOORD,17:00,23:00,gp1\n")
    map_path = tmp_path / "map.toml"
    map_path.write_text('[[shift]]\nid = "EV-NOORD"\npost = "dordrecht"\nrole = "post_gp"\n')
    with pytest.raises(ValidationError, match="whole week"):
        apply_roster(config, path, map_path, year=2026)


def test_cli_takes_staffing_from_the_roster(roster: tuple[Path, Path, Path]) -> None:
    from typer.testing import CliRunner

    from regioplan.cli import app

    csv_path, _, map_path = roster
    result = CliRunner().invoke(
        app,
        ["ooh", "simulate", "ZK24", "--config", str(FIXTURE), "--year", "2025", "--roster",
         str(csv_path), "--roster-map", str(map_path), "--json"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output  # a 2026 roster for the simulated year 2025
    assert "lies outside the simulated year 2025" in result.output


def test_cli_simulates_with_the_roster_staffing(roster: tuple[Path, Path, Path]) -> None:
    """End to end: the roster's year simulated with its staffing (Dordrecht's GPs at the post
    from the roster: one at night, two or three in the evenings; the result differs from the
    fixture's). With the night GP in the car instead, no GP is at the post at night: exit 2."""
    from typer.testing import CliRunner

    from regioplan.cli import app

    csv_path, _, map_path = roster
    all_gp = map_path.parent / "all_gp.toml"  # the night GP at the post, not in the car
    all_gp.write_text(map_path.read_text().replace('role = "car"', 'role = "post_gp"'))
    common = ["ooh", "simulate", "ZK24", "--config", str(FIXTURE), "--year", "2026",
              "--replications", "2", "--seed", "4", "--json"]  # fmt: skip
    with_roster = CliRunner().invoke(
        app, [*common, "--roster", str(csv_path), "--roster-map", str(all_gp)]
    )
    assert with_roster.exit_code == 0, with_roster.output
    without = CliRunner().invoke(app, common)
    a, b = json.loads(with_roster.stdout), json.loads(without.stdout)
    assert a["year"] == 2026
    assert a["utilisation"] != b["utilisation"]
    no_gp = CliRunner().invoke(
        app, [*common, "--roster", str(csv_path), "--roster-map", str(map_path)]
    )
    assert no_gp.exit_code == 2
    assert "no GP at the post serves it" in no_gp.stdout
