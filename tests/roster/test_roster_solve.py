"""solve(): rosters that the independent checker accepts, named penalties, determinism."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from roster_factories import small_region

from regioplan.errors import ParameterError
from regioplan.roster import (
    Assignment,
    Cover,
    Fixed,
    Physician,
    Problem,
    ShiftType,
    SolverParams,
    check_roster,
    parse_curtois,
    solve,
)
from regioplan.roster.replan import replan

FIXTURES = Path(__file__).parent / "fixtures"


def _assert_valid(problem: Problem, result_objective: int | None, assignments: object) -> None:
    report = check_roster(problem, assignments)  # type: ignore[arg-type]
    assert report.violations == ()
    assert report.objective == result_objective


def test_small_region_is_solved_to_optimality_and_checked() -> None:
    """Every day gets its evening and night; the checker agrees with the objective. One worker
    stops on CP-SAT's deterministic clock, so the proof does not depend on the machine's speed."""
    problem = small_region()
    result = solve(problem, time_limit=20, seed=3, workers=1)
    assert result.status == "optimal" and result.bound == result.objective
    _assert_valid(problem, result.objective, result.assignments)
    assert sum(result.penalties.values()) == result.objective
    assert len(result.assignments) == 2 * problem.horizon


def test_auto_engine_on_the_small_region_gives_a_checked_roster() -> None:
    """With two workers (wall clock): whatever the time allows, the greedy start already keeps
    every hard rule, so there is a roster; the checker agrees and any bound is below it."""
    problem = small_region()
    result = solve(problem, time_limit=5, seed=3, workers=2)
    assert result.is_feasible()
    _assert_valid(problem, result.objective, result.assignments)
    assert sum(result.penalties.values()) == result.objective
    assert result.objective is not None
    assert result.bound is None or result.bound <= result.objective


@pytest.mark.parametrize("engine", ["cp-sat", pytest.param("mip", marks=pytest.mark.slow)])
def test_both_engines_solve_the_same_model(engine: str) -> None:
    """CP-SAT and the HiGHS MIP reach the same optimum of Curtois instance 1 (607). CP-SAT with
    one worker stops on its deterministic clock; HiGHS only on the wall clock, so that case
    needs an idle machine and is slow-marked."""
    problem = parse_curtois((FIXTURES / "Instance1.txt").read_text(), name="Instance1")
    result = solve(problem, time_limit=30, seed=1, workers=1, engine=engine)  # type: ignore[arg-type]
    assert result.status == "optimal"
    assert result.objective == 607
    assert result.gap == 0.0
    _assert_valid(problem, result.objective, result.assignments)


def test_auto_engine_on_instance2_gives_a_checked_roster() -> None:
    """A short run on instance 2 (optimum 828) returns a valid roster (the physician-by-physician
    start always exists here) and, if any, a sound bound, however far the time limit gets it."""
    problem = parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2")
    result = solve(problem, time_limit=4, seed=1, workers=2)
    assert result.is_feasible()
    _assert_valid(problem, result.objective, result.assignments)
    assert result.objective is not None and result.objective >= 828
    assert result.bound is None or result.bound <= 828
    if result.status == "optimal":
        assert result.objective == result.bound == 828


@pytest.mark.slow
def test_auto_engine_proves_instance2_optimal_by_column_generation() -> None:
    """On a model this small, column generation runs after the built start; its bound rounds
    up to the optimum 828 and its roster reaches it, so the run ends proven optimal. (About a
    second on an idle machine, but only the wall clock stops it: slow-marked. Column generation
    proving 828 alone is tested in test_roster_properties and test_roster_pricing.)"""
    problem = parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2")
    result = solve(problem, time_limit=60, seed=0, workers=2)
    assert result.status == "optimal" and result.objective == 828 and result.bound == 828
    assert any(phase.startswith("colgen:") for phase in result.phases)
    _assert_valid(problem, result.objective, result.assignments)


def test_same_seed_and_one_worker_give_the_same_roster() -> None:
    """Determinism: two runs with seed 7 and one worker are identical."""
    problem = small_region(weeks=1)
    first = solve(problem, time_limit=20, seed=7, workers=1, engine="cp-sat")
    second = solve(problem, time_limit=20, seed=7, workers=1, engine="cp-sat")
    assert first.status == "optimal"
    assert first.assignments == second.assignments


def test_one_worker_is_deterministic_even_when_the_time_limit_stops_the_search() -> None:
    """Instance 2 is not solved to optimality in 0.5 deterministic seconds; both runs stop at the
    same point of the search regardless of the machine's load."""
    problem = parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2")
    first = solve(problem, time_limit=0.5, seed=11, workers=1)
    second = solve(problem, time_limit=0.5, seed=11, workers=1)
    assert first.is_feasible()
    assert first.assignments == second.assignments
    assert first.objective == second.objective


def test_infeasible_problem_names_the_conflicting_rules() -> None:
    """Two nights to cover, the colleague away, and a contract of at most one night."""
    night = ShiftType("N", start=23 * 60, duration=9 * 60, night=True)
    problem = Problem(
        horizon=3,
        shifts=(night,),
        physicians=(
            Physician("solo", max_nights=1),
            Physician("away", unavailable=frozenset({0, 1})),
        ),
        cover=tuple(Cover(d, "N", 1, hard_minimum=1) for d in range(2)),
        fixed=(Fixed("solo", 2, None),),
    )
    result = solve(problem, time_limit=5, seed=0, workers=1)
    assert result.status == "infeasible"
    assert result.assignments == ()
    assert set(result.conflicts) == {
        "physician solo: at most 1 nights",
        "cover: day 0 shift N needs at least 1",
        "cover: day 1 shift N needs at least 1",
        "physician away: unavailable (days 0, 1)",
    }


def test_replanning_keeps_the_past_and_moves_the_absent() -> None:
    """After week one p0 falls ill for day 9: the past stays, p0 gets no duty on day 9."""
    problem = small_region()
    first = solve(problem, time_limit=10, seed=1, workers=2)
    new = replan(problem, first.assignments, from_day=7, unavailable={"p0": [9]})
    # one worker: the deterministic clock, so finding the new roster does not depend on speed
    second = solve(new, time_limit=10, seed=1, workers=1, hint=first.assignments)
    assert second.is_feasible()
    _assert_valid(new, second.objective, second.assignments)
    past = [a for a in first.assignments if a.day < 7]
    assert [a for a in second.assignments if a.day < 7] == past
    assert Assignment("p0", 9, "E") not in second.assignments
    assert not any(a.physician == "p0" and a.day == 9 for a in second.assignments)


def test_fairness_terms_are_reported_by_name() -> None:
    """With an organisation key 5:1, the penalties name the fairness terms that were used."""
    base = small_region(weeks=1)
    problem = replace(
        base, fairness=replace(base.fairness, organisation_key={"north": 5, "south": 1})
    )
    result = solve(problem, time_limit=10, seed=1, workers=2)
    assert set(result.penalties) >= {"fair_nights", "fair_weekends", "fair_organisations"}
    _assert_valid(problem, result.objective, result.assignments)


def test_bad_parameters_name_the_value() -> None:
    with pytest.raises(ParameterError, match="time_limit"):
        solve(small_region(), time_limit=0)
    with pytest.raises(ParameterError, match="'fast'"):
        solve(small_region(), engine="fast")  # type: ignore[arg-type]


def test_slack_left_by_a_solver_is_not_charged() -> None:
    """A shortfall and a surplus on one shift, or an oversized fairness deviation, are removed
    before the cost of a roster is reported; the polished cost equals the checker's."""
    from regioplan.roster.formulation import build
    from regioplan.roster.greedy import greedy_roster
    from regioplan.roster.solver import _hint_values

    problem = small_region(weeks=1)
    model = build(problem)
    roster = greedy_roster(problem)
    values = _hint_values(problem, model, roster)
    sloppy = [
        hi if not name.startswith("x[") and hi < 50 else v
        for name, v, hi in zip(model.names, values, model.ub, strict=True)
    ]
    polished = model.polish(sloppy)
    assert model.satisfied(polished)
    assert sum(model.penalty_values(polished).values()) == check_roster(problem, roster).objective
    assert sum(model.penalty_values(sloppy).values()) > check_roster(problem, roster).objective


def test_greedy_start_is_a_valid_roster_for_the_small_region() -> None:
    """The greedy start keeps every hard rule here, so a roster exists from second zero."""
    from regioplan.roster.greedy import greedy_roster

    problem = small_region()
    assert check_roster(problem, greedy_roster(problem)).violations == ()


@pytest.mark.slow
def test_the_example_region_is_solved_and_checked() -> None:
    """The 13-week example: a valid roster that the checker accepts, costs split by name."""
    from regioplan.roster.problem_file import load_problem

    problem = load_problem(Path(__file__).parents[2] / "examples" / "roster" / "region.toml")
    result = solve(problem, time_limit=30, seed=0, workers=2)
    assert result.is_feasible()
    _assert_valid(problem, result.objective, result.assignments)
    assert result.bound is not None and result.objective is not None
    assert result.bound <= result.objective


def test_large_model_path_builds_a_start_and_searches_neighbourhoods_only() -> None:
    """From `large_model` duty variables on, `auto` builds a start physician by physician and
    gives the LNS every worker (no whole-model CP-SAT, no HiGHS); the roster stays valid and
    costs no more than the start. (That the LNS improves a start is tested with a fixed
    number of steps in test_roster_properties, independently of the machine's speed.)"""
    problem = parse_curtois((FIXTURES / "Instance2.txt").read_text(), name="Instance2")
    # no LP (`colgen_large`, `lp_large`), one Lagrangian round for the bound; the LNS
    # gets the rest
    params = SolverParams(
        large_model=10, construct_share_large=0.1, colgen_large=10, lp_round_large=10, lp_large=10
    )
    result = solve(problem, time_limit=6, seed=0, workers=2, params=params)
    engines = [phase.split(":")[0] for phase in result.phases]
    assert engines == ["construct", "lagrange", "lns"]
    _assert_valid(problem, result.objective, result.assignments)
    start = int(result.phases[0].split(":")[2])
    assert result.objective is not None and result.objective <= start


def test_greedy_start_counts_weekends_over_a_long_horizon() -> None:
    """One physician, duties every day for two weeks, at most one weekend: the greedy start
    leaves the second weekend open instead of breaking the limit."""
    from datetime import date

    from regioplan.roster.greedy import greedy_roster

    problem = Problem(
        horizon=14,
        shifts=(ShiftType("A", start=8 * 60, duration=8 * 60),),
        physicians=(Physician("p0", organisation="x", max_weekends=1),),
        cover=tuple(Cover(d, "A", 1) for d in range(14)),
        start=date(2025, 4, 21),  # a Monday: weekends are days 5-6 and 12-13
        name="two weekends",
    )
    roster = greedy_roster(problem)
    assert check_roster(problem, roster).violations == ()
    assert {a.day for a in roster} == set(range(12))


def test_neighbourhood_around_a_short_duty_frees_who_could_cover_it() -> None:
    """Around duty A on day 3 (short of cover): physicians who may work A and work on or next
    to day 3, and physicians below their capacity, are freed in a window around day 3; a
    physician who may not work A and has no duty to spare is not. Capacity is the shift limit,
    or the minutes limit over the shortest shift the physician can work."""
    import random
    from datetime import date

    from regioplan.roster.formulation import build
    from regioplan.roster.lns import _chain, improve
    from regioplan.roster.phases import capacity as _capacity

    problem = Problem(
        horizon=7,
        shifts=(ShiftType("A", start=8 * 60, duration=480), ShiftType("B", 8 * 60, 600)),
        physicians=(
            Physician("p0", organisation="x", max_shifts=3),
            Physician("p1", organisation="x", max_minutes=2400),
            Physician("p2", organisation="x", max_minutes=2000, max_shifts_per_type={"A": 0}),
            Physician("p3", organisation="x"),
        ),
        cover=tuple(Cover(d, s, 1) for d in range(7) for s in ("A", "B")),
        start=date(2025, 4, 21),
        name="chain",
    )
    model = build(problem)
    capacity = _capacity(problem, model)
    assert capacity == [3, 5, 3, 7]
    best = [0] * len(model.names)
    for e, d, s in [(0, 0, 0), (0, 1, 0), (0, 2, 0), (1, 3, 1), (2, 0, 1), (2, 1, 1), (2, 2, 1)]:
        best[model.x[e, d, s]] = 1
    for seed in range(5):
        free = _chain(random.Random(seed), 1000.0, 7, best, model, capacity, (3, 0))
        assert free is not None
        freed = {(e, d) for e in range(4) for d in range(7) if free(e, d)}
        assert {e for e, _ in freed} == {0, 1, 3}
        days = sorted({d for _, d in freed})
        assert 3 in days and days == list(range(days[0], days[-1] + 1)) and len(days) >= 3
    # nobody works next to day 3 and nobody has a duty to spare: nothing to free
    best = [0] * len(model.names)
    for e, d, s in [(0, 0, 0), (0, 1, 0), (0, 6, 0), (1, 0, 1), (1, 1, 1), (1, 5, 1), (2, 0, 1)]:
        best[model.x[e, d, s]] = 1
    full = [3, 3, 1, 0]
    assert _chain(random.Random(0), 1000.0, 7, best, model, full, (3, 0)) is None
    with pytest.raises(ValueError, match="capacity has 3 entries for 4 physicians"):
        improve(model, best, horizon=7, physicians=4, time_limit=1, seed=0, capacity=full[:3])


def test_an_error_in_one_of_two_side_by_side_searches_is_raised_not_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With two workers the LNS runs two searches in threads; when a step of either raises,
    `improve` raises that error instead of returning what the other search found."""
    import threading

    from regioplan.roster import lns, parse_curtois
    from regioplan.roster.construct import construct
    from regioplan.roster.formulation import build

    text = (Path(__file__).parent / "fixtures" / "Instance2.txt").read_text()
    problem = parse_curtois(text, name="Instance2")
    model = build(problem)
    start = construct(problem, model, time_limit=5, seed=0)
    assert start is not None
    monkeypatch.setattr(lns, "START_FREE", 5)  # never the whole roster: the searches go on
    real = lns.solve_part
    calls: list[str] = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("sub-problem broke")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lns, "solve_part", failing)
    with pytest.raises(RuntimeError, match="sub-problem broke"):
        lns.improve(
            model,
            start,
            horizon=problem.horizon,
            physicians=len(problem.physicians),
            time_limit=60,
            seed=0,
            workers=2,
        )
    assert any(name != threading.main_thread().name for name in calls)


def test_whole_horizon_neighbourhoods_are_left_out_only_where_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`_draw` draws "some physicians on all days" (kind 1) only when the caller lists it,
    and the phases leave it out only for a large model whose horizon is longer than two
    windows (docs/roster.md, twenty-third round); they let a share of the steps leave the
    focus out only where the support comes from the windows' LPs (twenty-fourth round)."""
    import random
    import threading
    import time

    from regioplan.roster import lns
    from regioplan.roster.formulation import build
    from regioplan.roster.phases import Phases
    from regioplan.roster.spans import WINDOW_DAYS

    def problem(horizon: int) -> Problem:
        return Problem(
            horizon=horizon,
            shifts=(ShiftType("A", start=8 * 60, duration=480),),
            physicians=tuple(Physician(f"p{i}", organisation="x") for i in range(3)),
            cover=tuple(Cover(d, "A", 1) for d in range(horizon)),
            name="whole",
        )

    model = build(problem(14))
    index = lns.Index(model)
    best = model.polish([0] * len(model.names))  # nobody works: every day short of cover
    weight = {0: 0.1, 1: 10.0, 2: 0.1, 3: 0.1, 4: 0.1}
    drawn = {
        kinds: {
            lns._draw(random.Random(i), list(kinds), weight, best, index, None, 6.0, 14, 3)[0]
            for i in range(50)
        }
        for kinds in ((0, 1, 2), (0, 2))
    }
    assert 1 in drawn[0, 1, 2] and 1 not in drawn[0, 2] and 0 in drawn[0, 2]

    asked: list[tuple[bool, float]] = []

    def spy(
        *args: object, whole_horizon: bool = True, loose: float = 0.0, **kwargs: object
    ) -> None:
        asked.append((whole_horizon, loose))

    monkeypatch.setattr(lns, "improve", spy)
    for horizon, large_model, windowed in [
        (2 * WINDOW_DAYS, 1, False),
        (2 * WINDOW_DAYS + 1, 1, False),
        (2 * WINDOW_DAYS + 1, SolverParams().large_model, False),
        (2 * WINDOW_DAYS, 1, True),
    ]:
        p = problem(horizon)
        params = SolverParams(large_model=large_model)
        phases = Phases(p, build(p), params, 1.0, 0, 1, time.perf_counter())
        phases.windowed = windowed
        phases.lns([], threading.Event())
    assert asked == [(True, 0.0), (False, 0.0), (True, 0.0), (True, lns.LOOSE)]
