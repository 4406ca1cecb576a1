"""`regioplan initiatives list|show`: the catalogue of regional initiatives.

The Typer app :data:`app`, mounted by :mod:`regioplan.cli`; the catalogue is loaded inside the
commands.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from regioplan.cli_support import emit_json, stdout

app = typer.Typer(no_args_is_help=True, add_completion=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]


@app.command("list")
def list_cmd(as_json: JsonOpt = False) -> None:
    """List the initiatives of the catalogue with their lever and bottlenecks."""
    from regioplan.initiatives.catalogue import initiatives

    items = list(initiatives().values())
    if as_json:
        emit_json(
            {
                "count": len(items),
                "initiatives": [
                    {
                        "name": i.name,
                        "title": i.title,
                        "title_nl": i.title_nl,
                        "lever_kind": i.lever_kind,
                        "professions": list(i.professions),
                        "bottlenecks": list(i.bottlenecks),
                        "widens_gap_of": list(i.widens),
                    }
                    for i in items
                ],
            }
        )
        return
    table = Table(title=f"{len(items)} regional initiatives", show_lines=True)
    # the name is what a scenario file needs: never cut or wrap it (the title goes below it)
    width = max(len(i.name) for i in items) if items else 4
    table.add_column("name / title", min_width=width, max_width=max(width, 40))
    table.add_column("acts on", min_width=7)
    table.add_column("professions", min_width=11)
    table.add_column("bottlenecks", min_width=12)
    for i in items:
        table.add_row(
            f"{i.name}\n[dim]{i.title}[/]"
            + (f"\n[yellow]may widen the gap of: {', '.join(i.widens)}[/]" if i.widens else ""),
            i.lever_kind,
            ", ".join(i.professions),
            "\n".join(b.replace("_", " ") for b in i.bottlenecks),
        )
    stdout.print(table)


@app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="Initiative name (see `initiatives list`).")],
    as_json: JsonOpt = False,
) -> None:
    """Show one initiative: mechanism, parameters with ranges and their source or assumption."""
    from regioplan.initiatives.catalogue import get_initiative

    item = get_initiative(name)
    if as_json:
        emit_json(item.to_dict())
        return
    stdout.print(f"[bold]{item.title}[/] ({item.name}; {item.title_nl})")
    stdout.print(f"Acts on: {item.lever_kind}. Professions: {', '.join(item.professions)}.")
    stdout.print(item.description.strip())
    stdout.print(f"\n[bold]Mechanism[/]\n{item.mechanism.strip()}")
    stdout.print("\n[bold]Bottlenecks[/]: " + "; ".join(b.description for b in item.bottlenecks))
    if item.widens:
        stdout.print(f"[yellow]May widen the gap of: {', '.join(item.widens)}[/]")
    table = Table(title="Parameters (triangular low / likely / high in the Monte Carlo)")
    # the name is what a scenario file's [initiative.parameters] needs: never cut or wrap it
    table.add_column("parameter", no_wrap=True, min_width=max(map(len, item.parameters)))
    for col in ("unit", "low", "likely", "high", "status"):
        table.add_column(col, justify="left" if col in ("unit", "status") else "right")
    for p in item.parameters.values():
        table.add_row(p.name, p.unit, f"{p.low:g}", f"{p.likely:g}", f"{p.high:g}", p.status)
    stdout.print(table)
    stdout.print("[bold]Source or reasoning per parameter[/]")
    for p in item.parameters.values():
        stdout.print(f"- {p.name} ({p.description}): {p.source}", highlight=False)


__all__ = ["app"]
