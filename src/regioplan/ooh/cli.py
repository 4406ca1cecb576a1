"""`regioplan ooh simulate|compare|estimate`: the out-of-hours simulation from the command line.

The engine (:mod:`regioplan.ooh`) is imported inside the commands. Every command takes
``--json`` (stdout holds only JSON; the progress bar and notes go to stderr); bad input exits 2
with the file, key or row and what is wrong.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from regioplan.cli_support import emit_json, number, progress, seed_option, stderr, stdout
from regioplan.errors import ParameterError, Problem, ValidationError

if TYPE_CHECKING:
    from regioplan.access.costs import TravelCostProvider
    from regioplan.executors import Executor
    from regioplan.ooh import OohConfig, OohResult
    from regioplan.ooh.roster_staffing import RosterCalendar
    from regioplan.regions import Region

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DEFAULT_YEAR = 2025
RegionArg = Annotated[str, typer.Argument(help="Region code or name (e.g. ZK24).")]
YearOpt = Annotated[
    int, typer.Option("--year", help="Simulated year (population projection and calendar).")
]
RepsOpt = Annotated[
    int, typer.Option("--replications", min=1, max=10_000, help="Replications (simulated years).")
]
SeedOpt = Annotated[int | None, seed_option("Seed (default: the `seed` setting).")]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Local worker processes (1: in this process)."),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Dask scheduler address (default: `scheduler` setting)."),
]
MatrixOpt = Annotated[
    Path | None,
    typer.Option(
        "--travel-matrix",
        help="Your own travel times: CSV origin,destination,minutes with PC4 codes and post ids.",
    ),
]
RosterOpt = Annotated[
    Path | None,
    typer.Option(
        "--roster",
        help="Take physicians' staffing from a `regioplan roster solve` output (roster.csv or "
        "its --json); needs --roster-map.",
    ),
]
RosterMapOpt = Annotated[
    Path | None,
    typer.Option("--roster-map", help="TOML mapping each roster shift to a post and role."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]


def _region(code: str) -> Region:
    from regioplan.cli_support import with_own_data
    from regioplan.regions import select_region

    return with_own_data(select_region(code))


def _seed(seed: int | None) -> int:
    from regioplan import settings

    return settings.current().seed if seed is None else seed


def own_matrix(path: Path, configs: list[OohConfig], region: Region) -> TravelCostProvider:
    """The user's travel-time matrix; ids that are neither a PC4 area of the region nor a post
    (``ID`` or ``post:ID``) are refused (exit 2). The model reads bare post ids itself
    (:func:`regioplan.ooh.model.with_post_ids`)."""
    from regioplan.access.costs import MatrixCostProvider, read_cost_matrix

    matrix = read_cost_matrix(path)
    posts = {p.id for c in configs for p in c.posts}
    areas = set(region.pc4.index.astype(str))
    problems: list[Problem] = []
    for col in ("origin", "destination"):
        ids = matrix[col].astype(str)
        unknown = sorted(set(ids) - areas - posts - {f"post:{p}" for p in posts})
        if unknown:
            problems.append(
                Problem(
                    str(path),
                    int(ids.isin(unknown).to_numpy().argmax()) + 2,
                    col,
                    f"{len(unknown)} id(s) are neither a PC4 area of {region.code} nor a post "
                    f"of the configuration, e.g. {', '.join(unknown[:5])}",
                )
            )
    if problems:
        raise ValidationError(problems, summary=f"{path}: travel-time matrix does not fit")
    return MatrixCostProvider(matrix, description=f"own travel-time matrix {path}")


def roster_calendar(path: Path) -> RosterCalendar:
    """The start date and shift times of a roster problem file (for a roster in JSON form)."""
    from regioplan.ooh.roster_staffing import RosterCalendar
    from regioplan.roster.problem_file import load_problem

    problem = load_problem(path)
    shifts = {s.id: (s.start, s.duration) for s in problem.shifts}
    return RosterCalendar(problem.start, shifts, str(path))


def _configs(
    files: list[Path] | None,
    region: Region,
    year: int,
    roster: Path | None,
    roster_map: Path | None,
) -> list[OohConfig]:
    from regioplan.ooh import load_config
    from regioplan.ooh.posts import estimated_config
    from regioplan.ooh.roster_staffing import apply_roster

    if (roster is None) != (roster_map is None):
        raise ParameterError("--roster and --roster-map go together (docs/ooh.md, 'From a roster')")
    if files:
        configs = [load_config(f) for f in files]
    else:
        stderr.print(
            f"note: no --config: today's organisation of {region.code} is estimated (posts at "
            "hospital sites, staffing sized from demand); see `regioplan ooh estimate`"
        )
        configs = [estimated_config(region, year=year)]
    if roster is not None and roster_map is not None:
        configs = [
            apply_roster(c, roster, roster_map, year=year, load_calendar=roster_calendar)
            for c in configs
        ]
        stderr.print(f"staffing of the mapped shifts taken from the roster {roster}")
    return configs


def _executor(workers: int | None, scheduler: str | None) -> Executor:
    from regioplan.executors import SerialExecutor, make_executor

    if workers is None and scheduler is None:
        from regioplan import settings

        if not settings.current().scheduler:
            return SerialExecutor()
    return make_executor(scheduler, workers=workers)


def _pct(e: dict[str, float]) -> str:
    if e["mean"] is None or (isinstance(e["mean"], float) and math.isnan(e["mean"])):
        return "–"
    low, high = e.get("low"), e.get("high")
    ci = (
        ""
        if low is None or high is None or math.isnan(low)
        else f" ({number(100 * max(low, 0.0), 1)}–{number(100 * min(high, 1.0), 1)})"
    )
    return f"{number(100 * e['mean'], 1)}%{ci}"


def _min(e: dict[str, float]) -> str:
    m = e["mean"]
    return "–" if m is None or math.isnan(m) else number(m, 1)


def _print_result(res: OohResult, file: str) -> None:
    s = res.summary()
    table = Table(
        title=f"{escape(res.name)} ({escape(file)}): {res.year}, "
        f"{res.replications} replications, seed {res.seed}"
    )
    for col in ("urgency", "norm", "within norm (95% CI)", "mean min", "P90 min"):
        table.add_column(col, justify="left" if col == "urgency" else "right")
    norms = {"U1": "15 min", "U2": "1 h", "U3": "3 h", "U4": "24 h", "U5": "–"}
    for u, row in s["norms"].items():
        within = _pct(row["within_norm"]) if "within_norm" in row else "–"
        table.add_row(u, norms[u], within, _min(row["mean_min"]), _min(row["p90_min"]))
    stdout.print(table)
    a = s["answering"]
    stdout.print(
        f"telephone answered within 2 min: {_pct(a['within_2_min'])} (norm 75%), within 10 min: "
        f"{_pct(a['within_10_min'])} (norm 100%)"
    )
    stdout.print(f"km driven per year: {number(s['km_driven']['mean'])}")
    util = res.utilisation_total()
    by_role: dict[str, list[float]] = {}
    for group, est in util.items():
        by_role.setdefault(group.split(":")[-1], []).append(est.mean)
    stdout.print(
        "utilisation: "
        + ", ".join(
            f"{role} {number(100 * sum(v) / len(v), 0)}%" for role, v in sorted(by_role.items())
        )
    )
    if "configuration" in res.provenance:
        stdout.print(f"[dim]{escape(res.provenance['configuration'])}[/]")


def _run(
    region_code: str,
    files: list[Path] | None,
    *,
    year: int,
    replications: int,
    seed: int | None,
    workers: int | None,
    scheduler: str | None,
    travel_matrix: Path | None,
    roster: Path | None,
    roster_map: Path | None,
    compare: bool,
) -> tuple[Region, list[OohConfig], Any]:
    from regioplan.ooh import compare as compare_configs
    from regioplan.ooh import simulate

    region = _region(region_code)
    configs = _configs(files, region, year, roster, roster_map)
    provider = own_matrix(travel_matrix, configs, region) if travel_matrix is not None else None
    the_seed = _seed(seed)
    total = replications * len(configs)
    with _executor(workers, scheduler) as executor, progress() as bar:
        task = bar.add_task(f"ooh {region.code}", total=total)

        def on_progress(done: int) -> None:
            bar.update(task, completed=done)

        kwargs: dict[str, Any] = {
            "year": year,
            "replications": replications,
            "seed": the_seed,
            "executor": executor,
            "progress": on_progress,
            "provider": provider,
        }
        out: Any
        if compare:
            out = compare_configs(region, configs, **kwargs)
        else:
            out = simulate(region, configs[0], **kwargs)
    return region, configs, out


@app.command("simulate")
def simulate_cmd(
    region: RegionArg,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Configuration TOML (docs/ooh.md); default: an estimate of today's organisation.",
        ),
    ] = None,
    year: YearOpt = DEFAULT_YEAR,
    replications: RepsOpt = 20,
    seed: SeedOpt = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    travel_matrix: MatrixOpt = None,
    roster: RosterOpt = None,
    roster_map: RosterMapOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Simulate a year of a region's out-of-hours care: norms per urgency, telephone, cars."""
    reg, _, result = _run(
        region,
        [config] if config is not None else None,
        year=year,
        replications=replications,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        travel_matrix=travel_matrix,
        roster=roster,
        roster_map=roster_map,
        compare=False,
    )
    file = str(config) if config is not None else "estimated"
    if as_json:
        emit_json({"region": reg.code, "region_name": reg.name, "config": file, **result.to_dict()})
        return
    _print_result(result, file)


@app.command("compare")
def compare_cmd(
    region: RegionArg,
    configs: Annotated[
        list[Path],
        typer.Argument(help="Two or more configuration TOML files; the first is the base."),
    ],
    year: YearOpt = DEFAULT_YEAR,
    replications: RepsOpt = 20,
    seed: SeedOpt = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    travel_matrix: MatrixOpt = None,
    roster: RosterOpt = None,
    roster_map: RosterMapOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare organisation variants on common random numbers; differences vs the first."""
    if len(configs) < 2:
        raise ParameterError("compare needs at least two configuration files")
    reg, _, cmp = _run(
        region,
        configs,
        year=year,
        replications=replications,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        travel_matrix=travel_matrix,
        roster=roster,
        roster_map=roster_map,
        compare=True,
    )
    if as_json:
        emit_json(
            {
                "region": reg.code,
                "region_name": reg.name,
                "configs": [str(c) for c in configs],
                **cmp.to_dict(),
            }
        )
        return
    table = Table(
        title=f"{reg.code} {reg.name}, {cmp.results[0].year}: share within the norm, "
        f"{cmp.results[0].replications} replications (common random numbers)"
    )
    table.add_column("configuration")
    for col in ("U1 15 min", "U2 1 h", "U3 3 h", "phone 2 min", "km/year"):
        table.add_column(col, justify="right")
    for res in cmp.results:
        s = res.summary()
        table.add_row(
            escape(res.name),
            *(_pct(s["norms"][u]["within_norm"]) for u in ("U1", "U2", "U3")),
            _pct(s["answering"]["within_2_min"]),
            number(s["km_driven"]["mean"]),
        )
    stdout.print(table)
    diff = Table(
        title=f"Difference vs {escape(cmp.results[0].name)} (paired, 95% CI, percentage points)"
    )
    diff.add_column("configuration")
    for col in ("U1", "U2", "U3", "phone 2 min", "km/year"):
        diff.add_column(col, justify="right")
    for i in range(1, len(cmp.results)):
        d = {k: e.to_dict() for k, e in cmp.differences(i).items()}
        cells = [
            _pp(d[k]) for k in ("U1_all_within_norm", "U2_all_within_norm", "U3_all_within_norm")
        ]
        cells.append(_pp(d["answer_within_2_min"]))
        cells.append(number(d["km_driven"]["mean"]))
        diff.add_row(escape(cmp.results[i].name), *cells)
    stdout.print(diff)


def _pp(e: dict[str, float]) -> str:
    m, lo, hi = e["mean"], e["low"], e["high"]
    if m is None or math.isnan(m):
        return "–"
    ci = "" if math.isnan(lo) else f" ({number(100 * lo, 1)} to {number(100 * hi, 1)})"
    return f"{'+' if m > 0 else ''}{number(100 * m, 1)}{ci}"


@app.command("estimate")
def estimate_cmd(
    region: RegionArg,
    year: YearOpt = DEFAULT_YEAR,
    posts: Annotated[
        Path | None,
        typer.Option("--posts", help="Your own posts: CSV id,name,pc4[,lat,lon]."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the configuration TOML here.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Estimate today's organisation (posts at hospital sites or your own, staffing sized from
    demand) as a configuration to edit; labelled as an estimate."""
    from regioplan.ooh.posts import config_toml, estimated_config, read_posts

    reg = _region(region)
    own = read_posts(posts) if posts is not None else None
    config = estimated_config(reg, year=year, posts=own)
    text = config_toml(
        config,
        f"# ESTIMATE of today's out-of-hours organisation of {reg.code} {reg.name} ({year}),\n"
        "# written by `regioplan ooh estimate`; not real posts or staffing: edit it.",
    )
    if out is not None:
        out.write_text(text, encoding="utf-8")
        stderr.print(f"wrote {out}")
    if as_json:
        emit_json({"region": reg.code, "year": year, "config": config.model_dump()})
        return
    if out is None:
        stdout.print(text, markup=False, highlight=False)


__all__ = ["app", "own_matrix", "roster_calendar"]
