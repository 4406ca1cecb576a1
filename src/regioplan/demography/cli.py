"""`regioplan demography project`: the projected population of a region by age and year."""

from __future__ import annotations

from typing import Annotated

import typer

from regioplan.cli_support import number

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.callback()
def demography() -> None:
    """Population projection per municipality, 5-year age group and year."""


@app.command("project")
def project(
    region: Annotated[
        str, typer.Option("--region", help="Region code, name or file (default: the country).")
    ] = "NL",
    end_year: Annotated[int, typer.Option("--end-year", help="Last year (1 January).")] = 2045,
    migration: Annotated[
        bool, typer.Option("--migration/--no-migration", help="Add net international migration.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
) -> None:
    """Project a region's population by 5-year age group from 1-1-2024 to --end-year."""
    from rich.table import Table

    from regioplan.cli_support import emit_json, stdout
    from regioplan.data import AGE_GROUPS, AGE_LOWER
    from regioplan.demography import project_population
    from regioplan.errors import InputError
    from regioplan.regions import select_region

    if not 2024 <= end_year <= 2100:
        raise InputError(f"--end-year {end_year} is outside 2024..2100")
    reg = select_region(region)
    proj = project_population(end_year=end_year, migration=migration).select(
        list(reg.municipality_codes)
    )
    by_age = proj.values.sum(axis=1)  # (years, groups)
    total = by_age.sum(axis=1)
    a65 = by_age[:, [lo >= 65 for lo in AGE_LOWER]].sum(axis=1)
    a80 = by_age[:, [lo >= 80 for lo in AGE_LOWER]].sum(axis=1)
    if as_json:
        emit_json(
            {
                "region": {"code": reg.code, "name": reg.name, "level": reg.level},
                "years": list(proj.years),
                "population": [round(float(x)) for x in total],
                "aged_65_plus": [round(float(x)) for x in a65],
                "aged_80_plus": [round(float(x)) for x in a80],
                "by_age": {
                    g: [round(float(x)) for x in by_age[:, i]] for i, g in enumerate(AGE_GROUPS)
                },
                "units": "persons on 1 January",
                "provenance": proj.provenance,
            }
        )
        return
    table = Table(
        title=f"Population {reg.name} ({reg.code}), 1 January, persons (estimate)",
        caption="cohort-component projection, docs/demography.md",
    )
    for col in ("year", "population", "65+", "80+", "80+ share"):
        table.add_column(col, justify="right", no_wrap=True)
    for i, year in enumerate(proj.years):
        table.add_row(
            str(year),
            number(total[i]),
            number(a65[i]),
            number(a80[i]),
            f"{number(100 * a80[i] / total[i], 1)}%",
        )
    stdout.print(table)
    migration_note = (
        f"net migration {number(proj.rates.net_migration)}/yr (calibrated assumption)"
        if migration
        else "no migration"
    )
    stdout.print(
        f"Estimate. Base: {proj.provenance['base']}. Rates: CBS life tables and fertility, "
        f"mortality improvement calibrated to CBS Kernprognose; {migration_note}."
    )
