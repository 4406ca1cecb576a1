"""Problem files, CSV imports, Curtois parsing and roster output."""

from __future__ import annotations

from pathlib import Path

import pytest
from roster_factories import small_region

from regioplan.errors import InputError, ValidationError
from regioplan.roster import Assignment, parse_curtois
from regioplan.roster.calendar import dutch_holidays
from regioplan.roster.export import ical, read_roster, roster_csv, week_tables
from regioplan.roster.problem_file import load_problem, problem_from_dict

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).parents[2] / "examples" / "roster" / "region.toml"


def test_the_example_region_loads_with_holidays_and_csv_imports() -> None:
    problem = load_problem(EXAMPLE)
    assert problem.horizon == 91
    assert len(problem.physicians) == 60
    assert len({p.organisation for p in problem.physicians}) == 5
    assert "King's Day" in problem.holidays.values()
    assert problem.shift("NT-SO").night and not problem.shift("BG-AVG").night
    assert any(p.unavailable for p in problem.physicians)
    assert problem.requests


def test_dutch_holidays_of_2025() -> None:
    from datetime import date

    days = dutch_holidays(date(2025, 4, 1), 60)
    assert days[25] == "King's Day"  # Saturday 26 April 2025
    assert "Ascension Day" in days.values()


def _minimal(**extra: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "problem": {"start": "2025-03-31", "days": 7},
        "shift": [{"id": "N", "start": "23:00", "end": "08:00"}],
        "cover": [{"shift": "N", "days": "weekend", "count": 1}],
        "physician": [{"id": "a", "unavailable": ["2025-04-05"]}],
    }
    doc.update(extra)
    return doc


def test_a_minimal_problem_file() -> None:
    problem = problem_from_dict(_minimal(), source="mini.toml")
    assert [(c.day, c.shift, c.hard_minimum) for c in problem.cover] == [(5, "N", 1), (6, "N", 1)]
    assert problem.shift("N").duration == 9 * 60 and problem.shift("N").night
    assert problem.physician("a").unavailable == frozenset({5})


def test_problem_file_errors_name_the_key_and_value() -> None:
    bad = _minimal(physician=[{"id": "a", "fte": -1}])
    with pytest.raises(ValidationError, match=r"physician\.0\.fte.*-1"):
        problem_from_dict(bad, source="bad.toml")
    with pytest.raises(InputError, match=r"cover\[0\]\.days.*'someday'"):
        problem_from_dict(
            _minimal(cover=[{"shift": "N", "days": "someday", "count": 1}]), source="bad.toml"
        )
    with pytest.raises(ValidationError, match="unknown shift 'X'"):
        problem_from_dict(_minimal(cover=[{"shift": "X", "count": 1}]), source="bad.toml")


def test_csv_rows_with_errors_report_their_line(tmp_path: Path) -> None:
    (tmp_path / "docs.csv").write_text("id,organisation,qualifications,fte\na,o,so,1\nb,o,so,x\n")
    (tmp_path / "p.toml").write_text(
        '[problem]\nstart = 2025-03-31\ndays = 7\nphysicians_csv = "docs.csv"\n'
        '[[shift]]\nid = "N"\nstart = "23:00"\nend = "08:00"\n'
    )
    with pytest.raises(ValidationError, match=r"docs.csv:3"):
        load_problem(tmp_path / "p.toml")


def test_curtois_instance_maps_onto_the_model() -> None:
    problem = parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2")
    assert problem.horizon == 14
    assert len(problem.physicians) == 14
    assert {s.id for s in problem.shifts} == {"E", "L"}
    assert problem.shift("L").forbidden_after == frozenset({"E"})  # no early after a late
    assert problem.weekends() == [(5, 6), (12, 13)]
    with pytest.raises(ValidationError, match="unknown section"):
        parse_curtois("SECTION_NOPE\n1\n", source="x.txt")


def test_roster_round_trips_through_csv_and_renders() -> None:
    problem = small_region(weeks=1)
    roster = [Assignment("p0", 0, "E"), Assignment("p1", 0, "N"), Assignment("p0", 3, "N")]
    text = roster_csv(problem, roster)
    assert text.splitlines()[1].startswith("2025-03-31,0,Mon,E,Evening,17:00,23:00,p0")
    assert sorted(read_roster(text, problem, source="r.csv")) == sorted(roster)
    assert len(week_tables(problem, roster)) == 1
    calendar = ical(problem, roster, "p0").decode()
    assert calendar.count("BEGIN:VEVENT") == 2
    assert "DTSTART:20250403T230000" in calendar
