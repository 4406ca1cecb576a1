"""`regioplan scenario run|compare|sweep|check`.

The Typer app :data:`scenario_app` (mounted from ``cli_scenario.py``); `regioplan initiatives` is
:mod:`regioplan.initiatives.cli`. Engines are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from regioplan.cli_support import emit_json, number, progress, seed_option, stderr, stdout

if TYPE_CHECKING:
    from regioplan.regions import Region
    from regioplan.scenarios.runner import ScenarioResult

scenario_app = typer.Typer(no_args_is_help=True, add_completion=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
MAX_DRAWS = 100_000
"""The Monte Carlo holds (draws x years) arrays per profession and lever: about 4 kB per draw
for the heaviest scenario (all twelve initiatives: 0.8 GB at 200,000 draws), on shared cores."""
DrawsOpt = Annotated[
    int,
    typer.Option(
        "--draws",
        min=1,
        max=MAX_DRAWS,
        help="Monte Carlo draws (memory: about 4 kB per draw for all initiatives).",
    ),
]
SeedOpt = Annotated[int | None, seed_option("Seed (default: the `seed` setting).")]
YearOpt = Annotated[
    int | None,
    typer.Option("--year", help="Year of the table and sensitivity (default: last common year)."),
]
BaseUncOpt = Annotated[
    bool,
    typer.Option(
        "--baseline-uncertainty",
        help="Pair the draws with draws of the workforce projection's own Monte Carlo.",
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite file with imported own data (default: the user data dir)."),
]
ESTIMATE_NOTE = (
    "estimate: baseline from the regional workforce projection (regioplan.workforce); "
    "initiative effects from the catalogue's ranges (mostly assumptions, see "
    "`regioplan initiatives show NAME`)"
)


def _fmt(x: float) -> str:
    return number(x, 1)


def _signed(x: float) -> str:
    """Two decimals with an explicit sign (a change): ``+0.25`` / ``−1.10``."""
    return ("+" if x >= 0 else "") + number(x, 2)


def _print_result(result: ScenarioResult, year: int | None) -> None:
    y = result.year if year is None else year
    extra = " (with baseline uncertainty)" if result.baseline_uncertainty else ""
    stdout.print(
        f"[bold]{result.scenario}[/] in {result.region_name} ({result.region_code}); "
        f"{result.draws} draws, seed {result.seed}{extra}"
    )
    table = Table(title=f"Gap in FTE (demand - supply, positive = shortage), {y}")
    for col in ("profession", "without", "with (likely)", "P10", "P50", "P90", "closed P50"):
        table.add_column(col, justify="left" if col == "profession" else "right")
    for prof, pr in result.professions.items():
        if y not in pr.years:
            continue
        at = pr.at(y)
        closed = pr.closed_quantiles[1][pr.years.index(y)]
        table.add_row(
            prof,
            _fmt(at["baseline_gap"]),
            _fmt(at["likely_gap"]),
            _fmt(at["p10"]),
            _fmt(at["p50"]),
            _fmt(at["p90"]),
            _fmt(closed),
        )
    stdout.print(table)
    labels = sorted({k for pr in result.professions.values() for k in pr.contributions})
    if labels:
        parts = Table(title=f"Gap closed in {y} by each initiative alone, likely values (FTE)")
        parts.add_column("initiative")
        profs = [p for p, pr in result.professions.items() if y in pr.years]
        for prof in profs:
            parts.add_column(prof, justify="right")
        for label in labels:
            cells = []
            for prof in profs:
                pr = result.professions[prof]
                cells.append(_fmt(float(pr.contributions[label][pr.years.index(y)])))
            parts.add_row(label, *cells)
        stdout.print(parts)
    _print_dependency(result, y)
    for prof, entries in result.sensitivity.items():
        if not entries:
            continue
        sens = Table(title=f"Sensitivity, {prof}, {result.year}: gap closed (FTE) vs likely")
        for col in ("parameter", "at low", "at high", "Spearman"):
            sens.add_column(col, justify="left" if col == "parameter" else "right")
        for s in entries[:5]:
            rho = "" if s.spearman != s.spearman else _signed(s.spearman)
            sens.add_row(s.parameter, _signed(s.at_low), _signed(s.at_high), rho)
        stdout.print(sens)
    if result.assumptions:
        stdout.print(
            f"[bold]Assumptions[/] ({len(result.assumptions)} parameters at the catalogue's "
            "assumed range, no published source; see `regioplan initiatives show NAME`):"
        )
        by_use: dict[str, list[str]] = {}
        for key in result.assumptions:
            label, _, param = key.partition(".")
            by_use.setdefault(label, []).append(param)
        for label, params in by_use.items():
            stdout.print(f"- {label}: {', '.join(params)}", highlight=False)
    stdout.print(f"[dim]{ESTIMATE_NOTE}[/]")


def _print_dependency(result: ScenarioResult, y: int) -> None:
    """Per profession: how much supply hangs on one physician without the scenario, with each
    initiative alone and with the whole scenario (issue #22 item 3)."""
    table = Table(
        title=f"Dependency on one physician in {y}: persons, one physician's share of supply, "
        "probability below the floor",
        caption="persons = (baseline FTE + FTE added by retention and intake) / the "
        "baseline's FTE per person (the scenarios move FTE, not people; efficiency gains add "
        "no one); 1 leaves = 1 / persons; change in percentage points; P<floor = share of "
        "the draws below the floor; flag = one physician carries more than the stated share",
    )
    for col in ("profession", "case", "persons", "1 leaves", "change", "P<floor", "flag"):
        table.add_column(col, justify="left" if col in ("profession", "case", "flag") else "right")
    shown = False
    left_out = 0
    for prof, pr in result.professions.items():
        dep = pr.dependency
        if dep is None or y not in dep.years:
            continue
        everything = dep.at(y)
        base = everything[0]
        entries = [
            row
            for row in everything
            if row["kind"] != "initiative"
            or (row["persons"], row["p_below"]) != (base["persons"], base["p_below"])
        ]
        left_out += len(everything) - len(entries)
        for k, row in enumerate(entries):
            case = row["initiative"] if row["kind"] == "initiative" else row["kind"]
            if row["kind"] == "scenario":
                case = "scenario (likely)"
            table.add_row(
                prof if k == 0 else "",
                case,
                number(row["persons"], 1),
                f"{number(100 * row['one_leaves_share'], 1)}%",
                "" if k == 0 else _signed(100 * row["one_leaves_change"]),
                f"{number(100 * row['p_below'], 1)}%",
                "yes" if row["flag"] else "",
                end_section=k == len(entries) - 1,
            )
        shown = True
    if not shown:
        return
    stdout.print(table)
    first = next(p.dependency for p in result.professions.values() if p.dependency is not None)
    floors = ", ".join(
        f"{p} {number(pr.dependency.floor_fte, 1)} FTE ({pr.dependency.years[0]})"
        for p, pr in result.professions.items()
        if pr.dependency is not None
    )
    note = (
        "with baseline uncertainty"
        if result.baseline_uncertainty
        else "without baseline uncertainty the baseline is one projection (0 % or 100 %); "
        "--baseline-uncertainty adds the projection's own spread"
    )
    if left_out:
        stdout.print(
            f"{left_out} initiative row(s) left out: they change neither that profession's "
            "persons nor its probability below the floor; all are in --json."
        )
    stdout.print(
        f"Floor: {number(first.floor_share, 2)} x the baseline's supply in its first year "
        f"({floors}); flag above {number(100 * first.flag_share, 0)}% of supply; {note}."
    )


def _region(query: str, db: Path | None) -> str | Region:
    """The region with its own data from `db` (or the default database) where it has any;
    else the query itself, whose baseline is cached."""
    from regioplan.cli_support import with_own_data
    from regioplan.regions import select_region

    region = with_own_data(select_region(query), db)
    return query if region.own_data is None else region


@scenario_app.command("run")
def run_cmd(
    region: Annotated[str, typer.Argument(help="Region: code, name, level:name or a file.")],
    file: Annotated[Path, typer.Argument(help="Scenario file (TOML).")],
    draws: DrawsOpt = 1000,
    seed: SeedOpt = None,
    year: YearOpt = None,
    baseline_uncertainty: BaseUncOpt = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Apply a scenario to a region: the gap per profession and year, with and without it."""
    from regioplan.scenarios.api import run_region

    result = run_region(
        _region(region, db),
        file,
        draws=draws,
        seed=seed,
        year=year,
        baseline_uncertainty=baseline_uncertainty,
    )
    if as_json:
        emit_json(result.to_dict())
        return
    _print_result(result, year)


@scenario_app.command("compare")
def compare_cmd(
    region: Annotated[str, typer.Argument(help="Region: code, name, level:name or a file.")],
    files: Annotated[list[Path], typer.Argument(help="Two or more scenario files (TOML).")],
    draws: DrawsOpt = 1000,
    seed: SeedOpt = None,
    year: YearOpt = None,
    baseline_uncertainty: BaseUncOpt = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare scenarios on one region with the same seed and draws."""
    from regioplan.scenarios.api import compare_region

    comparison = compare_region(
        _region(region, db),
        files,
        draws=draws,
        seed=seed,
        year=year,
        baseline_uncertainty=baseline_uncertainty,
    )
    if as_json:
        emit_json(comparison.to_dict())
        return
    y = comparison.year if year is None else year
    table = Table(
        title=f"Gap in FTE in {y}, {comparison.region_name} (demand - supply, positive = shortage)"
    )
    for col in ("scenario", "profession", "without", "with (likely)", "P10", "P50", "P90"):
        table.add_column(col, justify="left" if col in ("scenario", "profession") else "right")
    rows = comparison.table(y)
    for k, row in enumerate(rows):
        first = k == 0 or rows[k - 1]["scenario"] != row["scenario"]
        last = k == len(rows) - 1 or rows[k + 1]["scenario"] != row["scenario"]
        table.add_row(
            row["scenario"] if first else "",  # the name once per scenario
            row["profession"],
            _fmt(row["baseline_gap"]),
            _fmt(row["likely_gap"]),
            _fmt(row["p10"]),
            _fmt(row["p50"]),
            _fmt(row["p90"]),
            end_section=last,
        )
    stdout.print(table)
    stdout.print(f"[dim]{ESTIMATE_NOTE}[/]")


@scenario_app.command("sweep")
def sweep_cmd(
    files: Annotated[list[Path], typer.Argument(help="Scenario files (TOML).")],
    level: Annotated[
        str, typer.Option("--level", help="Run every region of this level.")
    ] = "zorgkantoor",
    regions: Annotated[
        list[str] | None, typer.Option("--region", help="Only these regions (repeatable).")
    ] = None,
    draws: DrawsOpt = 1000,
    seed: SeedOpt = None,
    year: YearOpt = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (default: `scheduler` setting)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Local worker processes.")
    ] = None,
    baseline_uncertainty: BaseUncOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Run scenarios on many regions: local processes, or a Dask cluster with --scheduler."""
    from regioplan.executors import make_executor
    from regioplan.regions import list_regions, select_region
    from regioplan.scenarios.api import default_seed
    from regioplan.scenarios.files import load_scenario
    from regioplan.scenarios.sweep import sweep

    scenarios = [load_scenario(f) for f in files]
    codes = (
        [select_region(r).code for r in regions]
        if regions
        else [r.code for r in list_regions(level)]
    )
    the_seed = default_seed() if seed is None else seed
    with make_executor(scheduler, workers=workers) as executor, progress() as bar:
        stderr.print(f"sweep on {executor.name}: {len(codes)} regions x {len(scenarios)} scenarios")
        task = bar.add_task("sweep", total=len(codes) * len(scenarios))
        result = sweep(
            codes,
            scenarios,
            draws=draws,
            seed=the_seed,
            year=year,
            executor=executor,
            on_done=lambda n: bar.update(task, completed=n),
            baseline_uncertainty=baseline_uncertainty,
        )
    if as_json:
        emit_json(result.to_dict(year))
        return
    table = Table(title="Gap in FTE (demand - supply, positive = shortage)")
    for col in ("region", "scenario", "prof.", "year", "without", "P10", "P50", "P90"):
        table.add_column(col, justify="left" if col in ("region", "scenario", "prof.") else "right")
    for row in result.summary(year):
        table.add_row(
            f"{row['region']} {row['region_name']}",
            row["scenario"],
            row["profession"],
            str(row["year"]),
            _fmt(row["baseline_gap"]),
            _fmt(row["p10"]),
            _fmt(row["p50"]),
            _fmt(row["p90"]),
        )
    stdout.print(table)
    stdout.print(f"[dim]{ESTIMATE_NOTE}[/]")


@scenario_app.command("check")
def check_cmd(
    files: Annotated[list[Path], typer.Argument(help="Scenario files (TOML).")],
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="Also check start years and municipalities against this region's projection.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check scenario files without running them (exit 2 on the first invalid file)."""
    from regioplan.scenarios.files import check_years, load_scenario, resolve_municipalities

    baseline = None
    if region is not None:
        from regioplan.scenarios.adapter import baseline_for
        from regioplan.scenarios.runner import common_years

        baseline = baseline_for(region)
        years = common_years(baseline)
    checked: list[dict[str, Any]] = []
    for f in files:
        s = load_scenario(f)
        if baseline is not None:
            check_years(s, years)
            resolve_municipalities(s, baseline.municipalities, baseline.municipality_names)
        checked.append(
            {"file": str(f), "scenario": s.name, "initiatives": [u.label for u in s.uses]}
        )
    if baseline is None:
        stderr.print(
            "note: start years and municipalities are checked against a region's projection by "
            "`scenario run`, or here with --region REGION"
        )
    if as_json:
        emit_json(
            {"region": None if baseline is None else baseline.code, "valid": checked},
        )
        return
    for c in checked:
        stdout.print(f"ok  {c['file']}: {c['scenario']} ({', '.join(c['initiatives']) or '-'})")


__all__ = ["scenario_app"]
