"""The `regioplan` command: one entry point, thin subcommands per capability.

Each capability keeps its subcommands in ``regioplan/<package>/cli.py`` as a Typer app; this module
only mounts them and maps regioplan's errors to exit codes (0 ok, 1 failure, 2 bad input).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click
import typer
from rich.markup import escape
from typer.core import TyperGroup

from regioplan.cli_support import stderr
from regioplan.errors import RegioplanError


class _Group(TyperGroup):
    """Root group that maps RegioplanError to its exit code, whoever invokes the app."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RegioplanError as exc:
            stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
            ctx.exit(exc.exit_code)


app = typer.Typer(
    name="regioplan",
    cls=_Group,
    help="Regional planning of medical-generalist care (GP, SO, AVG) in the Netherlands.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# (subcommand, module holding `app`, help). Modules are imported when the CLI starts; keep their
# top level light (import heavy engines such as OR-Tools inside the commands).
_SUBAPPS: tuple[tuple[str, str, str], ...] = (
    (
        "regions",
        "regioplan.regions.cli",
        "List and show regions with their population and workforce.",
    ),
    ("data", "regioplan.store.cli", "Import, list and remove a region's own care-provider data."),
    (
        "workforce",
        "regioplan.workforce.cli",
        "Workforce projection: supply, demand, gap and training intake.",
    ),
    ("access", "regioplan.access.cli", "Spatial accessibility per area (2SFCA family)."),
    (
        "scenario",
        "regioplan.scenarios.cli_scenario",
        "Run and compare scenarios of regional initiatives.",
    ),
    (
        "initiatives",
        "regioplan.scenarios.cli_initiatives",
        "The catalogue of regional initiatives.",
    ),
    ("roster", "regioplan.roster.cli", "Shared out-of-hours duty roster across organisations (OR-Tools)."),
)


def _mount() -> None:
    for name, module, help_text in _SUBAPPS:
        sub = importlib.import_module(module).app
        app.add_typer(sub, name=name, help=help_text)


_mount()
from regioplan.report.cli import report as _report  # noqa: E402

app.command("report")(_report)
from regioplan.web.cli import serve as _serve  # noqa: E402

app.command("serve")(_serve)


def main() -> None:
    """Console entry point: run the app, mapping RegioplanError to its exit code."""
    try:
        app()
    except RegioplanError as exc:  # raised outside a command, e.g. while mounting
        stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        sys.exit(exc.exit_code)


__all__ = ["app", "main"]
