"""Small hand-checkable roster problems shared by the roster tests."""

from __future__ import annotations

from datetime import date

from regioplan.roster import Cover, Fairness, Physician, Problem, Request, Rules, ShiftType

EVENING = ShiftType("E", start=17 * 60, duration=6 * 60, qualification="so", label="Evening")
NIGHT = ShiftType("N", start=23 * 60, duration=9 * 60, qualification="so", night=True)
DAY = ShiftType("D", start=8 * 60, duration=9 * 60, label="Weekend day")


def small_region(*, weeks: int = 2, fairness: Fairness | None = None) -> Problem:
    """Two organisations, six physicians, an evening and a night to cover every day."""
    docs = tuple(
        Physician(
            f"p{i}",
            organisation="north" if i < 3 else "south",
            qualifications=frozenset({"so"}),
            fte=1.0 if i % 2 == 0 else 0.5,
            max_consecutive=3,
            max_nights=5,
            max_weekends=2,
            free_day_after_weekend=i == 0,
        )
        for i in range(6)
    )
    horizon = 7 * weeks
    cover = tuple(
        Cover(d, s, 1, under_weight=1000, over_weight=10, hard_minimum=1)
        for d in range(horizon)
        for s in ("E", "N")
    )
    return Problem(
        horizon=horizon,
        shifts=(EVENING, NIGHT),
        physicians=docs,
        cover=cover,
        requests=(Request("p1", 2, None, 3, want=False), Request("p2", 4, "E", 2, want=True)),
        rules=Rules(min_rest_minutes=11 * 60, no_day_shift_after_night=True),
        fairness=fairness
        or Fairness(
            nights=5, weekends=5, organisations=3, organisation_key={"north": 1, "south": 1}
        ),
        start=date(2025, 3, 31),
        holidays={},
        name="small region",
    )
