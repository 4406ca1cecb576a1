"""`regioplan regions list|show`: the regions of every level and the facts of one region."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from regioplan.cli_support import emit_json, number, stdout, with_own_data
from regioplan.data import ATTRIBUTION, LEVELS

app = typer.Typer(no_args_is_help=True, add_completion=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only (schema in docs/cli.md).")]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite file with imported own data (default: the user data dir)."),
]


@app.command("list")
def list_cmd(
    level: Annotated[
        str, typer.Option("--level", help=f"One of: {', '.join(LEVELS)}.")
    ] = "zorgkantoor",
    as_json: JsonOpt = False,
) -> None:
    """List the regions of a level with their population (1-1-2024, CBS)."""
    from regioplan.regions import region_rows

    rows = region_rows(level)
    if as_json:
        emit_json(
            {
                "level": level,
                "count": len(rows),
                "population_total": sum(r["population"] for r in rows),
                "regions": rows,
                "source": "CBS 85984NED (1-1-2024)",
                "attribution": ATTRIBUTION,
            }
        )
        return
    table = Table(title=f"{len(rows)} regions, level {level} (population 1-1-2024, CBS)")
    table.add_column("code")
    table.add_column("name")
    for col in ("population", "75+", "municipalities", "km²"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(
            r["code"],
            r["name"],
            number(r["population"]),
            f"{number(100 * r['share_75_plus'], 1)}%",
            str(r["municipalities"]),
            number(r["area_km2"]),
        )
    stdout.print(table)
    stdout.print(f"Total population: {number(sum(r['population'] for r in rows))}. {ATTRIBUTION}")


@app.command("show")
def show_cmd(
    region: Annotated[
        str, typer.Argument(help="Code or name (ZK24, Waardenland, GM0599, NL) or a file.")
    ],
    level: Annotated[
        str | None, typer.Option("--level", help="Restrict the lookup to a level.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a region: population and ageing, area, municipalities, training centres, workforce."""
    from regioplan.regions import region_facts, select_region

    reg = with_own_data(select_region(region, level=level), db)
    facts = region_facts(reg)
    if as_json:
        facts["attribution"] = ATTRIBUTION
        emit_json(facts)
        return
    _print_facts(facts)


def _print_facts(f: dict[str, Any]) -> None:
    pop = f["population"]
    stdout.print(f"[bold]{f['name']}[/] ({f['code']}, {f['level']})")
    stdout.print(
        f"Population 1-1-2024: {number(pop['total'])}  |  area {number(f['area_km2'], 1)} km²  |  "
        f"{len(f['municipalities'])} municipalities, {f['pc4_areas']} PC4 areas"
    )
    ages = Table(title="Ageing (1-1-2024; age shares from CBS 2021, estimate)")
    ages.add_column("age")
    ages.add_column("persons", justify="right")
    ages.add_column("share", justify="right")
    for key in ("65_plus", "75_plus", "80_plus", "85_plus"):
        share = 100 * pop["counts"][key] / pop["total"]  # unrounded, not the JSON's 4 decimals
        ages.add_row(key.replace("_plus", "+"), number(pop["counts"][key]), f"{number(share, 1)}%")
    stdout.print(ages)
    if pop["age_approximated_municipalities"]:
        stdout.print(
            "Age structure approximated (PC4 areas cross the border): "
            + ", ".join(pop["age_approximated_municipalities"])
        )
    tc = Table(title="Nearest training centre (road-equivalent km, estimate)")
    for col in ("profession", "centre", "km from centre of region", "mean km (pop.-weighted)"):
        tc.add_column(col, justify="right" if col.startswith(("km", "mean")) else "left")
    for t in f["training_centres"]:
        tc.add_row(t["profession"].upper(), f"{t['centre']} ({t['city']})", number(t["road_km"], 1),
                   number(t["mean_road_km"], 1))  # fmt: skip
    stdout.print(tc)
    wf = Table(title="Workforce")
    for col in ("profession", "persons", "FTE", "per 10,000", "provenance"):
        wf.add_column(col, justify="left" if col in ("profession", "provenance") else "right")
    for w in f["workforce"]:
        wf.add_row(w["profession"].upper(), number(w["persons"], 1), number(w["fte"], 1),
                   number(w["per_10000"], 2), w["provenance"])  # fmt: skip
    stdout.print(wf)
    for w in f["workforce"]:
        for method in w["methods"]:
            stdout.print(f"  {w['profession'].upper()}: {method}", highlight=False)
    muni = ", ".join(f"{m['name']} ({number(m['population'])})" for m in f["municipalities"][:40])
    more = len(f["municipalities"]) - 40
    stdout.print(f"Municipalities: {muni}" + (f" and {more} more" if more > 0 else ""))
    stdout.print(ATTRIBUTION)


__all__ = ["app"]
