"""`regioplan roster ...`: solve, explain, check and benchmark duty rosters.

The solver (OR-Tools) is imported inside the commands, so `regioplan --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from regioplan.cli_support import emit_json, number, stderr, stdout
from regioplan.errors import InfeasibleError, ParameterError

if TYPE_CHECKING:
    from regioplan.roster.model import Problem
    from regioplan.roster.replan import Changes
    from regioplan.roster.solver import Assignment, Result

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

ProblemArg = Annotated[
    Path, typer.Argument(help="Problem file: TOML (see docs/roster.md) or a Curtois .txt instance.")
]
TimeLimit = Annotated[float, typer.Option("--time-limit", help="Seconds for the solver.")]
Seed = Annotated[int, typer.Option("--seed", help="Random seed of the solvers, 0..2**31-1.")]
Workers = Annotated[int, typer.Option("--workers", help="Solver threads (1 = deterministic).")]
Json = Annotated[bool, typer.Option("--json", help="Print only JSON on stdout.")]
Tuning = Annotated[
    Path | None,
    typer.Option(
        "--tuning",
        help="TOML file of solver tuning (SolverParams: time shares, model sizes) for --engine "
        "auto; keys left out keep their defaults.",
    ),
]


def _load(path: Path) -> Problem:
    from regioplan.roster.curtois import parse_curtois
    from regioplan.roster.problem_file import load_problem, read_text

    if path.suffix.lower() == ".txt":
        text = read_text(path, "instance")
        return parse_curtois(text, name=path.stem, source=str(path))
    return load_problem(path)


def _solve(
    problem: Problem,
    time_limit: float,
    seed: int,
    workers: int,
    engine: str,
    tuning: Path | None = None,
) -> Result:
    from regioplan.roster.params import SolverParams
    from regioplan.roster.solver import ENGINES, solve

    if engine not in ENGINES:
        raise ParameterError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    params = SolverParams() if tuning is None else SolverParams.from_toml(tuning)
    return solve(
        problem,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        engine=engine,  # type: ignore[arg-type]
        params=params,
    )


@app.command("solve")
def solve_command(
    problem_file: ProblemArg,
    time_limit: TimeLimit = 60.0,
    seed: Seed = 0,
    workers: Workers = 2,
    engine: Annotated[
        str, typer.Option(help="auto (greedy start, CP-SAT, LNS beside HiGHS), cp-sat or mip.")
    ] = "auto",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write roster.csv, summary.json, ical/*.ics here.")
    ] = None,
    tables: Annotated[bool, typer.Option(help="Print the roster as one table per week.")] = True,
    tuning: Tuning = None,
    as_json: Json = False,
) -> None:
    """Solve a roster problem and report the roster, its penalties, bound and gap."""
    problem = _load(problem_file)
    with stderr.status(f"solving {problem.name} (at most {time_limit:g} s)"):
        result = _solve(problem, time_limit, seed, workers, engine, tuning)
    _report(problem_file, problem, result, time_limit, out, tables, as_json)


def _report(
    problem_file: Path,
    problem: Problem,
    result: Result,
    time_limit: float,
    out: Path | None,
    tables: bool,
    as_json: bool,
    extra: dict[str, Any] | None = None,
) -> None:
    """Fail on an infeasible result; otherwise write `out`, then print tables or JSON."""
    from regioplan.roster.export import ical, roster_csv, week_tables

    if result.status == "infeasible":
        raise InfeasibleError(
            f"{problem_file}: no roster satisfies all hard rules; these rules conflict",
            result.conflicts,
        )
    if not result.is_feasible():
        raise InfeasibleError(
            f"{problem_file}: no roster found within {time_limit} s (status {result.status}); "
            "try a longer --time-limit"
        )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "roster.csv").write_text(roster_csv(problem, result.assignments), encoding="utf-8")
        summary = {**result.summary(), **(extra or {})}
        (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
        (out / "ical").mkdir(exist_ok=True)
        for doc in problem.physicians:
            (out / "ical" / f"{doc.id}.ics").write_bytes(ical(problem, result.assignments, doc.id))
        stderr.print(f"wrote {out}/roster.csv, summary.json and ical/ ({len(problem.physicians)})")
    if as_json:
        emit_json(
            {
                **result.summary(),
                **(extra or {}),
                "assignments": [_row(a) for a in result.assignments],
            }
        )
        return
    if tables:
        for table in week_tables(problem, result.assignments):
            stdout.print(table)
    _print_summary(result.summary())


@app.command("replan")
def replan_command(
    problem_file: ProblemArg,
    roster: Annotated[
        Path, typer.Option("--roster", help="The roster that has been running (roster.csv).")
    ],
    from_day: Annotated[
        str, typer.Option("--from", help="First day to plan again: a date or a day number.")
    ],
    unavailable: Annotated[
        list[str] | None,
        typer.Option(
            "--unavailable", help="PHYSICIAN:DAY or PHYSICIAN:FIRST..LAST no longer available."
        ),
    ] = None,
    available: Annotated[
        list[str] | None,
        typer.Option("--available", help="PHYSICIAN:DAY or PHYSICIAN:FIRST..LAST available again."),
    ] = None,
    pin: Annotated[
        list[str] | None,
        typer.Option("--pin", help="PHYSICIAN:DAY:SHIFT (or :off) to keep whatever else moves."),
    ] = None,
    keep_weight: Annotated[
        int, typer.Option("--keep-weight", help="Cost of moving one duty of the old roster.")
    ] = 5,
    time_limit: TimeLimit = 60.0,
    seed: Seed = 0,
    workers: Workers = 2,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write roster.csv, summary.json, ical/*.ics here.")
    ] = None,
    tables: Annotated[
        bool, typer.Option(help="Print the new roster as one table per week.")
    ] = True,
    as_json: Json = False,
) -> None:
    """Plan again from a day on: the past stays as it ran, availability changes, the rest moves
    as little as needed. Lists the duties that changed."""
    from regioplan.roster.check import check_roster
    from regioplan.roster.export import read_roster
    from regioplan.roster.replan import changes, parse_day, parse_pin, replan
    from regioplan.roster.solver import solve

    problem = _load(problem_file)
    previous = read_roster(_read(roster), problem, source=str(roster))
    start = parse_day(problem, from_day, "--from")
    gone = _days_changes(problem, unavailable, "--unavailable")
    back = _days_changes(problem, available, "--available")
    pins = [parse_pin(problem, text, "--pin") for text in pin or []]
    broken = [
        v for v in check_roster(problem, previous).violations if v.day is None or v.day < start
    ]
    if broken:  # the past is pinned as it ran: say so when it broke a rule
        stderr.print(
            f"[yellow]note[/]: {roster} breaks {len(broken)} rule(s) before day {start}; "
            "the past is kept as it ran"
        )
    new_problem = replan(
        problem,
        previous,
        from_day=start,
        unavailable=gone,
        available=back,
        pinned=pins,
        keep_weight=keep_weight,
    )
    with stderr.status(f"re-planning from day {start} (at most {time_limit:g} s)"):
        result = solve(
            new_problem, time_limit=time_limit, seed=seed, workers=workers, hint=previous
        )
    diff = changes(previous, result.assignments, from_day=start)
    extra = {
        "from_day": start,
        "changes": {
            "removed": [_row(a) for a in diff.removed],
            "added": [_row(a) for a in diff.added],
            "physicians": list(diff.physicians),
        },
    }
    _report(problem_file, new_problem, result, time_limit, out, tables, as_json, extra)
    if not as_json:
        _print_changes(problem, diff, start)


def _days_changes(problem: Problem, texts: list[str] | None, option: str) -> dict[str, list[int]]:
    """The days per physician of every PHYSICIAN:DAY[..DAY] given to `option`."""
    from regioplan.roster.replan import parse_days_change

    by_physician: dict[str, list[int]] = {}
    for text in texts or []:
        who, days = parse_days_change(problem, text, option)
        by_physician.setdefault(who, []).extend(days)
    return by_physician


def _print_changes(problem: Problem, diff: Changes, start: int) -> None:
    """The duties re-planning dropped and added, one line each."""
    stdout.print(
        f"{len(diff.removed)} duties dropped and {len(diff.added)} added from day {start} "
        f"({problem.date_of(start)}); {len(diff.physicians)} physicians affected"
    )
    for a in diff.removed:
        stdout.print(f"  - {problem.date_of(a.day)}  {a.shift:<10} {a.physician}")
    for a in diff.added:
        stdout.print(f"  + {problem.date_of(a.day)}  {a.shift:<10} {a.physician}")


def _row(a: Assignment) -> dict[str, Any]:
    return {"physician": a.physician, "day": a.day, "shift": a.shift}


def _print_summary(summary: dict[str, Any]) -> None:
    gap = summary["gap"]
    stdout.print(
        f"[bold]{summary['problem']}[/]: {summary['status']}, objective "
        f"{number(summary['objective'])}, bound {number(summary['bound'], 1)}, gap "
        f"{'-' if gap is None else number(100 * gap, 2) + '%'}, "
        f"{number(summary['seconds'], 1)} s ({summary['engine']})"
    )
    for name, value in summary["penalties"].items():
        stdout.print(f"  {name:<20} {number(value):>8}")


@app.command("explain")
def explain_command(
    problem_file: ProblemArg,
    roster: Annotated[
        Path | None, typer.Option("--roster", help="Explain this roster's penalties instead.")
    ] = None,
    time_limit: TimeLimit = 30.0,
    seed: Seed = 0,
    top: Annotated[int, typer.Option(help="How many of the largest costs to list.")] = 20,
    as_json: Json = False,
) -> None:
    """Explain a problem (which hard rules conflict) or a roster (where its penalties come from)."""
    from regioplan.roster.check import check_roster
    from regioplan.roster.explain import explain_infeasibility
    from regioplan.roster.export import read_roster

    problem = _load(problem_file)
    if roster is not None:
        report = check_roster(problem, read_roster(_read(roster), problem, source=str(roster)))
        costs = sorted(report.details, key=lambda d: (-d[1], d[0], d[2]))
        if as_json:
            emit_json(
                {
                    "violations": [str(v) for v in report.violations],
                    "penalties": report.penalties,
                    "objective": report.objective,
                    "costs": [{"penalty": n, "cost": c, "cause": why} for n, c, why in costs],
                }
            )
            return
        _print_check(report.violations, report.penalties)
        stdout.print("largest costs:")
        for name, cost, why in costs[:top]:
            stdout.print(f"  {number(cost):>6}  {name:<20} {why}")
        return
    conflicts = explain_infeasibility(problem, seed=seed, time_limit=time_limit)
    if as_json:
        emit_json({"feasible": not conflicts, "conflicts": conflicts})
        return
    if not conflicts:
        stdout.print(f"{problem_file}: the hard rules can all be met (a roster exists).")
        return
    stdout.print(f"{problem_file}: infeasible; these hard rules cannot all hold together:")
    for c in conflicts:
        stdout.print(f"  - {c}")


def _read(path: Path) -> str:
    from regioplan.roster.problem_file import read_text

    return read_text(path, "roster", bom=True)


def _print_check(violations: Any, penalties: dict[str, int]) -> None:
    for v in violations:
        stdout.print(f"[red]violation[/] {v.rule}: {v}")
    stdout.print(
        f"{len(violations)} violation(s); penalties (objective {number(sum(penalties.values()))}):"
    )
    for name, value in penalties.items():
        stdout.print(f"  {name:<20} {number(value):>8}")


@app.command("check")
def check_command(
    roster: Annotated[Path, typer.Argument(help="Roster CSV (or benchmark JSON) to validate.")],
    problem_file: Annotated[Path, typer.Option("--problem", help="The problem it belongs to.")],
    as_json: Json = False,
) -> None:
    """Validate a roster against every rule independently of the solver; exit 1 on violations."""
    from regioplan.roster.check import check_roster
    from regioplan.roster.export import read_roster

    problem = _load(problem_file)
    report = check_roster(problem, read_roster(_read(roster), problem, source=str(roster)))
    if as_json:
        emit_json(
            {
                "ok": report.ok,
                "violations": [
                    {"rule": v.rule, "physician": v.physician, "day": v.day, "message": str(v)}
                    for v in report.violations
                ],
                "penalties": report.penalties,
                "objective": report.objective,
            }
        )
    else:
        _print_check(report.violations, report.penalties)
    if not report.ok:
        raise typer.Exit(code=1)


@app.command("benchmark")
def benchmark_command(
    instance: Annotated[Path, typer.Argument(help="A Curtois & Qu instance (InstanceN.txt).")],
    time_limit: TimeLimit = 60.0,
    seed: Seed = 0,
    workers: Workers = 2,
    engine: Annotated[str, typer.Option(help="auto, cp-sat or mip.")] = "auto",
    tuning: Tuning = None,
    as_json: Json = False,
) -> None:
    """Solve a Curtois & Qu benchmark instance with the roster engine."""
    problem = _load(instance)
    result = _solve(problem, time_limit, seed, workers, engine, tuning)
    payload = {
        "instance": instance.stem,
        "objective": result.objective,
        "best_bound": result.bound,
        "status": result.status,
        "seconds": round(result.seconds, 3),
        "assignments": [
            {"employee": a.physician, "day": a.day, "shift": a.shift} for a in result.assignments
        ],
    }
    if as_json:
        emit_json(payload)
        return
    _print_summary(result.summary())


__all__ = ["app"]
