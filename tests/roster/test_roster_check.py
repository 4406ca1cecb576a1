"""The independent checker on hand-made rosters: every hard rule is caught with its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from regioplan.roster import Assignment, Cover, Fixed, Physician, Problem, Rules, check_roster
from regioplan.roster.model import ShiftType

E = ShiftType("E", start=17 * 60, duration=6 * 60)
N = ShiftType("N", start=23 * 60, duration=9 * 60, night=True)
M = ShiftType("M", start=8 * 60, duration=8 * 60, forbidden_after=frozenset({"M"}))


def _problem(doc: Physician, **kw: object) -> Problem:
    return Problem(
        horizon=7,
        shifts=(E, N, M),
        physicians=(doc, Physician("other")),
        start=date(2025, 3, 31),  # a Monday
        **kw,  # type: ignore[arg-type]
    )


def _rules(problem: Problem, *plan: tuple[int, str]) -> list[str]:
    report = check_roster(problem, [Assignment("a", d, s) for d, s in plan])
    return [v.rule for v in report.violations]


def test_a_clean_roster_has_no_violations() -> None:
    """One evening on Tuesday breaks nothing."""
    assert _rules(_problem(Physician("a")), (1, "E")) == []


def test_rest_night_and_succession_rules() -> None:
    """A night then an evening leaves 9 h rest; a night then a morning breaks the night rule."""
    rest = _problem(Physician("a"), rules=Rules(min_rest_minutes=11 * 60))
    assert _rules(rest, (0, "N"), (1, "E")) == ["rest"]
    night = _problem(Physician("a"), rules=Rules(no_day_shift_after_night=True))
    assert _rules(night, (0, "N"), (1, "E")) == ["night"]
    assert _rules(_problem(Physician("a")), (0, "M"), (1, "M")) == ["succession"]


def test_contract_limits() -> None:
    """Counts, minutes, nights, consecutive days and weekends are all bounded."""
    doc = Physician("a", max_shifts=2, max_nights=1, max_consecutive=2, max_minutes=20 * 60)
    rules = _rules(_problem(doc), (0, "N"), (1, "N"), (2, "N"))
    assert sorted(rules) == ["max consecutive", "max nights", "minutes", "shift count"]
    weekends = _problem(Physician("a", max_weekends=0))
    assert _rules(weekends, (6, "E")) == ["max weekends"]


def test_minimum_runs_only_bind_inside_the_horizon() -> None:
    """A single working day in the middle is too short; on the first or last day it is not."""
    doc = Physician("a", min_consecutive=2, min_consecutive_off=2)
    assert _rules(_problem(doc), (3, "E")) == ["min consecutive"]
    assert _rules(_problem(doc), (0, "E")) == []
    assert _rules(_problem(doc), (6, "E")) == []
    assert _rules(_problem(doc), (1, "E"), (2, "E"), (4, "E"), (5, "E")) == ["min days off"]


def test_minimum_runs_bind_at_a_closed_edge_of_the_horizon() -> None:
    """A closed edge (a window of a longer roster) binds the runs touching it too."""
    doc = Physician("a", min_consecutive=2, min_consecutive_off=2)
    start = replace(_problem(doc), closed=(True, False))
    end = replace(_problem(doc), closed=(False, True))
    assert _rules(start, (0, "E")) == ["min consecutive"]
    assert _rules(start, (1, "E"), (2, "E")) == ["min days off"]  # day 0 alone off
    assert _rules(start, (6, "E")) == []
    assert _rules(end, (6, "E")) == ["min consecutive"]
    assert _rules(end, (4, "E"), (5, "E")) == ["min days off"]  # day 6 alone off
    assert _rules(end, (0, "E")) == []


def test_availability_qualification_pins_cover_and_free_monday() -> None:
    """Unavailable days, missing qualifications, pins, hard cover and the free Monday."""
    so_night = ShiftType("S", start=23 * 60, duration=9 * 60, qualification="so")
    problem = Problem(
        horizon=8,
        shifts=(E, so_night),
        physicians=(Physician("a", unavailable=frozenset({2}), free_day_after_weekend=True),),
        cover=(Cover(3, "E", 1, hard_minimum=1),),
        fixed=(Fixed("a", 4, "E"),),
        start=date(2025, 3, 31),
    )
    rules = _rules(problem, (2, "E"), (5, "S"), (6, "E"), (7, "E"))
    assert sorted(rules) == [
        "cover minimum",
        "free day after weekend",
        "pinned",
        "qualification",
        "unavailable",
    ]


def test_penalties_are_counted_per_duty() -> None:
    """Two short on day 0 at 100 each, one too many on day 1 at 1."""
    problem = Problem(
        horizon=2,
        shifts=(E,),
        physicians=(Physician("a"), Physician("b")),
        cover=(Cover(0, "E", 2, under_weight=100), Cover(1, "E", 1, over_weight=1)),
    )
    report = check_roster(problem, [Assignment("a", 1, "E"), Assignment("b", 1, "E")])
    assert report.ok
    assert report.penalties == {"cover_under": 200, "cover_over": 1}
    assert report.objective == 201
    assert report.details == (
        ("cover_under", 200, "day 0 shift E: 0 on duty, 2 wanted"),
        ("cover_over", 1, "day 1 shift E: 2 on duty, 1 wanted"),
    )


def test_fairness_costs_name_the_physician_and_the_fair_share() -> None:
    """Two full-timers share four nights: 2..2 each; doing all four costs twice the weight
    for one and twice for the other."""
    from regioplan.roster import Fairness

    problem = Problem(
        horizon=4,
        shifts=(N,),
        physicians=(Physician("a"), Physician("b")),
        cover=tuple(Cover(d, "N", 1) for d in range(4)),
        fairness=Fairness(nights=5),
    )
    report = check_roster(problem, [Assignment("a", d, "N") for d in range(4)])
    assert report.penalties["fair_nights"] == 20
    assert ("fair_nights", 10, "a: 4 nights, fair share 2..2 (2.00)") in report.details
    assert ("fair_nights", 10, "b: 0 nights, fair share 2..2 (2.00)") in report.details
