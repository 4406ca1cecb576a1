"""`regioplan workforce project`: supply, demand, gap and training intake, national or regional."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from regioplan.cli_support import number, seed_option
from regioplan.data import PROFESSIONS

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.callback()
def workforce() -> None:
    """Workforce projection: supply, demand, gap and training intake (GP, SO, AVG)."""


@app.command("project")
def project(
    profession: Annotated[
        str | None,
        typer.Option(
            "--profession", help="gp, so or avg (default: the profession of --params, else gp)."
        ),
    ] = None,
    params_file: Annotated[
        str | None,
        typer.Option(
            "--params",
            help="Parameter set: a bundled name (gp_2022, gp_2025, so_2022, avg_2022) or a TOML "
            "file (default: the profession's default set).",
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Region code, name or file (default: the whole country)."),
    ] = None,
    intake: Annotated[
        float | None,
        typer.Option("--intake", help="Trainees per year from the adjustment year on."),
    ] = None,
    balance_year: Annotated[
        int | None,
        typer.Option(
            "--balance-year",
            help="Balance year (default: 2040, the report's horizon, where the set allows it; "
            "else the set's second).",
        ),
    ] = None,
    variant: Annotated[str, typer.Option("--variant", help="low, mid or high.")] = "mid",
    scenario: Annotated[int, typer.Option("--scenario", help="1, 2, 3, 4 or 6.")] = 6,
    draws: Annotated[
        int, typer.Option("--draws", help="Monte Carlo draws for P10/P50/P90 (0 = none).")
    ] = 0,
    seed: Annotated[int, seed_option("Seed of the Monte Carlo.")] = 0,
    vary_settlement: Annotated[
        bool,
        typer.Option(
            "--vary-settlement",
            help="Regional Monte Carlo: also draw the settlement decay length and base share.",
        ),
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="SQLite file with imported own data for regional runs (default: the database "
            "`regioplan data import` uses, when it exists).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
) -> None:
    """Project supply, demand and gap for 21 years and the equilibrium training intake."""
    from regioplan.cli_support import emit_json
    from regioplan.errors import ParameterError
    from regioplan.workforce import (
        load_params,
        monte_carlo,
        municipal_shares,
        project_national,
        project_region,
    )
    from regioplan.workforce.national import default_balance_year

    if profession is not None and profession not in PROFESSIONS:
        raise ParameterError(
            f"--profession {profession!r} is not allowed; allowed: {', '.join(PROFESSIONS)}"
        )
    if draws < 0:
        raise ParameterError(f"--draws {draws} must be 0 or more")
    try:
        params = (
            load_params(params_file, profession=profession)
            if params_file
            else load_params(profession=profession or "gp")
        )
    except OSError as exc:  # a name the system cannot look up, e.g. too long
        raise ParameterError(
            f"--params {params_file!r}: neither a bundled parameter set nor a readable file "
            f"({exc.strerror})"
        ) from exc
    profession = profession or params.profession
    if profession is None:
        raise ParameterError(
            f"parameter set {params.source} names no profession (meta.code or meta.profession); "
            f"pass --profession ({', '.join(PROFESSIONS)})"
        )
    if balance_year is None:  # one default with the report (its horizon where allowed)
        balance_year = default_balance_year(params)[0]
    reg = shares = None
    if region is not None:
        from regioplan.cli_support import with_own_data
        from regioplan.regions import select_region

        reg = with_own_data(select_region(region), db)
        # one set of shares (with own data) for the deterministic run and the Monte Carlo
        shares = municipal_shares(params, profession, own_data=reg.own_data)
        result: Any = project_region(
            reg,
            profession,
            params=params,
            intake=intake,
            balance_year=balance_year,
            scenario=scenario,
            variant=variant,
            shares=shares,
        )
    else:
        _ignored(db=db is not None)
        result = project_national(
            params, intake=intake, balance_year=balance_year, scenario=scenario, variant=variant
        )
    payload = result.to_dict()
    payload["profession"] = profession
    if draws:
        mc = monte_carlo(
            params,
            draws=draws,
            seed=seed,
            scenario=scenario,
            intake=intake,
            balance_year=result.balance_year,
            region=reg,
            profession=profession,
            shares=shares,
            vary_settlement=vary_settlement,
        )
        payload["monte_carlo"] = mc.to_dict()
    _ignored(vary_settlement=vary_settlement and not (reg is not None and draws))
    if as_json:
        emit_json(payload)
        return
    _print_table(payload)


def _ignored(*, db: bool = False, vary_settlement: bool = False) -> None:
    """Say on stderr which options have no effect on this run (they change regional shares)."""
    from regioplan.cli_support import stderr

    if db:
        stderr.print(
            "note: --db has no effect without --region: own data changes a region's share of "
            "the national workforce, not the national total (the parameter set's headcount)."
        )
    if vary_settlement:
        stderr.print("note: --vary-settlement has effect only with --region and --draws.")


def _print_table(d: dict[str, Any]) -> None:
    from rich.table import Table

    from regioplan.cli_support import stdout

    where = d["region"]["name"] + f" ({d['region']['code']})" if d["region"] else "Nederland"
    estimate = d["provenance"]["status"]
    title = (
        f"{d['profession'].upper()} workforce, {where}: parameter set {d['parameter_set']}, "
        f"scenario {d['scenario']}, variant {d['variant']}"
    )
    table = Table(
        title=title,
        caption="persons = headcount; supply, demand, gap in FTE (gap = demand - supply); "
        "intake* = equilibrium intake, trainees/yr",
    )
    for col in ("year", "persons", "supply", "demand", "gap", "intake*"):
        table.add_column(col, justify="right", no_wrap=True, min_width=4)
    mc = d.get("monte_carlo")
    if mc:
        table.add_column("gap P10..P90", justify="right", no_wrap=True)
    for i, year in enumerate(d["years"]):
        row = [
            str(year),
            number(d["supply_persons"][i]),
            number(d["supply_fte"][i]),
            number(d["demand_fte"][i]),
            number(d["gap_fte"][i]),
            number(d["equilibrium_intake_by_year"][i]),
        ]
        if mc:
            row.append(f"{number(mc['gap_fte']['p10'][i])}..{number(mc['gap_fte']['p90'][i])}")
        table.add_row(*row, style="bold" if year == d["balance_year"] else None)
    stdout.print(table)
    eq = d["equilibrium_intake"]
    if d["region"]:
        stdout.print(
            f"Balance year {d['balance_year']}: {number(eq, 1)} trainees/yr must settle in the "
            "region; "
            f"expected to settle here at the current intake ({number(d['intake'])}/yr nationally): "
            f"{number(d['current_settling'], 1)}/yr (at the national equilibrium intake of "
            f"{number(d['national_equilibrium_intake'], 1)}/yr: "
            f"{number(d['expected_settling'], 1)}/yr)."
        )
        _print_shares(d)
    else:
        rng = d["equilibrium_intake_range"]
        spread = (
            "the three variants are identical in this set"
            if rng["low"] == rng["high"]
            else f"variants low-high: {number(rng['low'], 1)} - {number(rng['high'], 1)}"
        )
        stdout.print(
            f"Balance year {d['balance_year']}: equilibrium intake {number(eq, 1)} trainees/yr "
            f"({spread}); current intake {number(d['intake'])}/yr."
        )
    if mc:
        e = mc["equilibrium_intake"]
        what = "trainees who must settle in the region" if d["region"] else "equilibrium intake"
        stdout.print(
            f"Monte Carlo ({mc['draws']} draws, seed {mc['seed']}): {what} P10-P50-P90 "
            f"{number(e['p10'], 1)} - {number(e['p50'], 1)} - {number(e['p90'], 1)} trainees/yr"
            + (f"; {mc['method']['settlement']}." if "settlement" in mc["method"] else ".")
        )
        if e["p10"] == e["p90"]:
            hint = (
                " (--vary-settlement draws where new professionals settle)" if d["region"] else ""
            )
            stdout.print(
                "This parameter set has no ranges (identical variants, no assumptions): the "
                f"bands are a single line{hint}."
            )
    stdout.print(
        f"Units: persons (headcount), FTE, trainees per year. Gap = demand - supply (positive = "
        f"shortage). Source: {d['provenance']['parameter_source']}; {estimate}."
    )
    if d["provenance"].get("assumptions"):
        stdout.print(
            f"Estimate: {len(d['provenance']['assumptions'])} parameters are labelled assumptions "
            "(see docs/workforce.md)."
        )


def _print_shares(d: dict[str, Any]) -> None:
    """Where the region's numbers come from: its three shares of the national run."""
    from regioplan.cli_support import stdout

    own = d["own_data_share"]
    stock_source = (
        "estimate from national figures"
        if own == 0
        else "own data"
        if own >= 0.9999
        else f"{number(100 * own, 0)}% own data, the rest estimated from national figures"
    )
    years, demand = d["years"], d["demand_share"]
    k = years.index(d["balance_year"])
    stock_source += (
        f": {number(d['table_persons'], 1)} persons in the workforce table, scaled to the set's "
        f"national headcount in {years[0]}"
    )
    stdout.print(
        f"Region's shares of the national run: today's workforce "
        f"{number(100 * d['stock_share'], 2)}% "
        f"({stock_source}); newly trained {number(100 * d['settling_share'], 2)}% (settling falls "
        f"with distance to the training centres; assumption); demand "
        f"{number(100 * demand[0], 2)}% in {years[0]}, {number(100 * demand[k], 2)}% in "
        f"{d['balance_year']} (projected population by age)."
    )


FRAGILITY_PROFESSIONS = (*PROFESSIONS, "all")


@app.command("fragility")
def fragility_cmd(
    region: Annotated[str, typer.Argument(help="Region code, name, level:name or file.")],
    profession: Annotated[
        str, typer.Option("--profession", help="gp, so, avg or all (default: all).")
    ] = "all",
    floor_fte: Annotated[
        float | None,
        typer.Option(
            "--floor-fte", help="The supply (FTE) the region does not want to fall below."
        ),
    ] = None,
    floor_share: Annotated[
        float | None,
        typer.Option(
            "--floor-share",
            help="Floor as a share of today's supply, in (0, 2] (default 0.9; not with "
            "--floor-fte).",
        ),
    ] = None,
    flag_share: Annotated[
        float,
        typer.Option(
            "--flag-share",
            help="Flag when one physician carries more than this share of supply, in (0, 1).",
        ),
    ] = 0.10,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Year of the probability below the floor (default 2040)."),
    ] = None,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws.")] = 1000,
    seed: Annotated[int | None, seed_option("Seed (default: the `seed` setting).")] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="SQLite file with imported own data (default: the database `regioplan data "
            "import` uses, when it exists).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
) -> None:
    """How much a region's supply hangs on one physician: one leaving, the chance of falling
    below a floor, and a flag (issue #22; typical for AVGs)."""
    import dataclasses

    from regioplan import settings
    from regioplan.cli_support import emit_json, with_own_data
    from regioplan.errors import InputError
    from regioplan.national.fragility import FLOOR_SHARE, check_inputs, fragility
    from regioplan.regions import select_region

    if profession not in FRAGILITY_PROFESSIONS:
        raise InputError(
            f"--profession {profession!r} is not allowed; allowed: "
            f"{', '.join(FRAGILITY_PROFESSIONS)}"
        )
    if floor_fte is not None and floor_share is not None:
        raise InputError("give either --floor-fte or --floor-share, not both")
    share = FLOOR_SHARE if floor_share is None else floor_share
    check_inputs(floor_share=share, flag_share=flag_share, draws=draws, floor_fte=floor_fte)
    if floor_fte is not None and profession == "all":
        raise InputError(
            "--floor-fte is a level of one profession's supply: give --profession gp, so or avg"
        )
    reg = with_own_data(select_region(region), db)
    the_seed = settings.current().seed if seed is None else seed
    profs = PROFESSIONS if profession == "all" else (profession,)
    results = [
        fragility(
            reg,
            p,  # type: ignore[arg-type]
            year=year,
            floor_fte=floor_fte,
            floor_share=share,
            flag_share=flag_share,
            draws=draws,
            seed=the_seed,
        )
        for p in profs
    ]
    payload = {
        "region": {"code": reg.code, "name": reg.name, "level": reg.level},
        "draws": draws,
        "seed": the_seed,
        "own_data": reg.own_data is not None,
        "units": {
            "supply_fte": "FTE today",
            "supply_persons": "persons (headcount) today",
            "fte_per_person": "FTE per person",
            "one_leaves_share": "fraction of today's supply one average physician carries",
            "worst_access_change": "relative change of the mean accessibility of the "
            "worst-served 10 % of the region's population (PC4, E2SFCA) when one leaves",
            "p_below": "Monte Carlo probability that supply in `year` is below `floor_fte`",
        },
        "professions": {f.profession: dataclasses.asdict(f) for f in results},
    }
    if as_json:
        emit_json(payload)
        return
    _print_fragility(payload)


def _print_fragility(d: dict[str, Any]) -> None:
    from rich.table import Table

    from regioplan.cli_support import stdout

    region = d["region"]
    first = next(iter(d["professions"].values()))
    flag_share = number(100 * first["flag_share"], 0)
    table = Table(
        title=f"How much supply hangs on one physician, {region['name']} ({region['code']})",
        caption="1 leaves = one average physician's FTE as % of today's supply (1 / persons); "
        "worst10% = change in access of the worst-served tenth of the population when one "
        f"leaves; floor in FTE; P<floor = Monte Carlo probability that supply in {first['year']} "
        f"is below the floor; flag = one physician carries more than {flag_share}% of supply",
    )
    for col in ("prof.", "persons", "FTE", "1 leaves", "worst10%", "floor", "P<floor", "flag"):
        table.add_column(col, justify="left" if col in ("prof.", "flag") else "right")
    for p, f in d["professions"].items():
        table.add_row(
            p,
            number(f["supply_persons"], 1),
            number(f["supply_fte"], 1),
            f"{number(100 * f['one_leaves_share'], 1)}%",
            f"{number(100 * f['worst_access_change'], 1)}%",
            number(f["floor_fte"], 1),
            f"{number(100 * f['p_below'], 1)}%",
            "yes" if f["flag"] else "",
        )
    stdout.print(table)
    flagged = [p for p, f in d["professions"].items() if f["flag"]]
    if flagged:
        stdout.print(
            f"Flagged: in {', '.join(flagged)} one physician carries more than the stated share "
            "of the region's supply; one leaving or arriving changes its staffing."
        )
    stdout.print(
        f"Estimate: today's supply from own data where imported, else the labelled estimate; "
        f"Monte Carlo {d['draws']} draws, seed {d['seed']} (variants, assumption ranges and "
        "settlement parameters); see docs/workforce.md, section Fragility."
    )
