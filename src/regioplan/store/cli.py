"""`regioplan data`: import, list and remove a region's own care-provider data."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command("list")
def list_cmd(json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the imported datasets."""
    typer.echo("no datasets (storage is being built)")
