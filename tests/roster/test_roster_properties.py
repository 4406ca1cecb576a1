"""Hypothesis: on random small problems the solver never breaks a hard rule, and its named
penalties add up to the objective that the independent checker computes."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regioplan.roster import (
    Cover,
    Fairness,
    Fixed,
    Physician,
    Problem,
    Request,
    Rules,
    ShiftType,
    check_roster,
    solve,
)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    horizon = draw(st.integers(3, 9))
    start = date(2025, 4, 21) + timedelta(days=draw(st.integers(0, 6)))
    n_shifts = draw(st.integers(1, 3))
    ids = ["A", "B", "C"][:n_shifts]
    shifts = tuple(
        ShiftType(
            sid,
            start=draw(st.sampled_from([0, 8 * 60, 17 * 60, 23 * 60])),
            duration=draw(st.sampled_from([4 * 60, 8 * 60, 9 * 60, 12 * 60])),
            qualification=draw(st.sampled_from([None, "so"])),
            night=draw(st.booleans()),
            forbidden_after=frozenset(draw(st.lists(st.sampled_from(ids), max_size=2))),
        )
        for sid in ids
    )
    docs = []
    for i in range(draw(st.integers(1, 4))):
        max_shifts = draw(st.none() | st.integers(0, horizon))
        docs.append(
            Physician(
                f"p{i}",
                organisation=draw(st.sampled_from(["x", "y"])),
                qualifications=frozenset(draw(st.sampled_from([[], ["so"]]))),
                fte=draw(st.sampled_from([0.5, 0.8, 1.0])),
                min_shifts=draw(st.integers(0, 2 if max_shifts is None else min(2, max_shifts))),
                max_shifts=max_shifts,
                max_consecutive=draw(st.none() | st.integers(1, 4)),
                min_consecutive=draw(st.integers(1, 3)),
                min_consecutive_off=draw(st.integers(1, 2)),
                max_weekends=draw(st.none() | st.integers(0, 1)),
                max_nights=draw(st.none() | st.integers(0, 3)),
                unavailable=frozenset(draw(st.lists(st.integers(0, horizon - 1), max_size=3))),
                free_day_after_weekend=draw(st.booleans()),
            )
        )
    cover = []
    for d in range(horizon):
        for s in ids:
            if draw(st.booleans()):
                req = draw(st.integers(0, 2))
                cover.append(
                    Cover(
                        d,
                        s,
                        req,
                        under_weight=draw(st.integers(0, 20)),
                        over_weight=draw(st.integers(0, 5)),
                        hard_minimum=draw(st.integers(0, min(req, 1))),
                    )
                )
    requests = [
        Request(
            f"p{draw(st.integers(0, len(docs) - 1))}",
            draw(st.integers(0, horizon - 1)),
            draw(st.none() | st.sampled_from(ids)),
            draw(st.integers(0, 5)),
            draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    fixed = []
    doc, day = docs[0], draw(st.integers(0, horizon - 1))
    if draw(st.booleans()) and day not in doc.unavailable:
        fixed.append(Fixed(doc.id, day, None))
    orgs = sorted({d.organisation for d in docs})
    fairness = Fairness(
        nights=draw(st.integers(0, 3)),
        weekends=draw(st.integers(0, 3)),
        holidays=draw(st.integers(0, 3)),
        organisations=draw(st.integers(0, 3)),
        organisation_key={o: draw(st.sampled_from([1.0, 2.0, 3.5])) for o in orgs},
    )
    holidays = {d: "holiday" for d in draw(st.lists(st.integers(0, horizon - 1), max_size=2))}
    return Problem(
        horizon=horizon,
        shifts=shifts,
        physicians=tuple(docs),
        cover=tuple(cover),
        requests=tuple(requests),
        fixed=tuple(fixed),
        rules=Rules(
            min_rest_minutes=draw(st.sampled_from([0, 11 * 60])),
            no_day_shift_after_night=draw(st.booleans()),
        ),
        fairness=fairness,
        start=start,
        holidays=holidays,
        name="random",
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from([("cp-sat", 1), ("auto", 2), ("mip", 1)]))
def test_solver_rosters_pass_the_independent_checker(
    problem: Problem, engine_workers: tuple[str, int]
) -> None:
    engine, workers = engine_workers
    result = solve(problem, time_limit=5, seed=0, workers=workers, engine=engine)  # type: ignore[arg-type]
    assert result.status in ("optimal", "feasible", "infeasible")
    if result.status == "infeasible":
        assert result.conflicts, "an infeasible problem must name its conflicting rules"
        return
    report = check_roster(problem, result.assignments)
    assert report.violations == ()
    assert report.objective == result.objective == sum(result.penalties.values())
    assert {k: v for k, v in report.penalties.items() if v} == {
        k: v for k, v in result.penalties.items() if v
    }
    assert result.bound is not None and result.bound <= result.objective
