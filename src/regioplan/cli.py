"""The `regioplan` command: one entry point, thin subcommands per capability.

Each capability keeps its subcommands in ``regioplan/<package>/cli.py`` as a Typer app (or one
function for a top-level command); this module mounts them lazily — a capability's modules are
imported only when its subcommand runs, so `regioplan regions show` does not pay for OR-Tools,
FastAPI or SQLAlchemy — and maps regioplan's errors to exit codes (0 ok, 1 failure, 2 bad input).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from regioplan.cli_support import emit_json, stderr
from regioplan.errors import RegioplanError
from regioplan.output import error_payload

# (subcommand, module holding `app`, help): groups of subcommands.
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
    (
        "demography",
        "regioplan.demography.cli",
        "Population projection per municipality, age group and year.",
    ),
    ("access", "regioplan.access.cli", "Spatial accessibility per area (2SFCA family)."),
    ("national", "regioplan.national.cli", "All regions side by side; the distance pattern."),
    (
        "scenario",
        "regioplan.scenarios.cli_scenario",
        "Run and compare scenarios of regional initiatives.",
    ),
    (
        "initiatives",
        "regioplan.initiatives.cli",
        "The catalogue of regional initiatives.",
    ),
    (
        "roster",
        "regioplan.roster.cli",
        "Shared out-of-hours duty roster across organisations (OR-Tools).",
    ),
    (
        "placement",
        "regioplan.placement.cli",
        "Regional placement coordination service: serve, organisations, users, export.",
    ),
    (
        "ooh",
        "regioplan.ooh.cli",
        "Out-of-hours (ANW) care simulation: simulate and compare organisation variants.",
    ),
)

# (command, module, function, help): top-level commands.
_COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "report",
        "regioplan.report.cli",
        "report",
        "Turn a region into a regiobeeld: report (HTML/PDF).",
    ),
    ("serve", "regioplan.web.cli", "serve", "Serve the regiobeeld dashboard and JSON API."),
    (
        "scan",
        "regioplan.regiobeeld.cli",
        "scan",
        "Scan a region: its gaps, the initiatives that fit, what similar regions do.",
    ),
    (
        "vision",
        "regioplan.regiobeeld.cli",
        "vision",
        "Write a draft regional vision from the scan (HTML and A4 PDF).",
    ),
)


def _load(name: str) -> Any:
    for sub, module, _help in _SUBAPPS:
        if sub == name:
            group = typer.main.get_command(importlib.import_module(module).app)
            group.name = name
            group.help = group.help or _help
            return _flags_as_flags(group)
    for cmd, module, func, _help in _COMMANDS:
        if cmd == name:
            # completion is the root's business (it has none): not on every subcommand
            single = typer.Typer(add_completion=False)
            single.command(cmd, help=_help)(getattr(importlib.import_module(module), func))
            command = typer.main.get_command(single)
            command.name = cmd
            return _flags_as_flags(command)
    return None


def _flags_as_flags(command: Any) -> Any:
    """`command` (and its subcommands) with every flag shown in ``--help`` as a flag.

    Typer's Rich help writes each option's type after it, also for flags (``--pdf <bool>``),
    as if the flag took a value; a flag's type column is left empty instead. Typer shows an
    option's metavar in place of its type, so a flag's metavar is the empty string. ``--help``
    is made on first use and kept by the command, so it is made here and changed too.
    """
    for param in command.get_params(typer.Context(command)):
        if getattr(param, "is_flag", False) and not getattr(param, "count", False):
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _flags_as_flags(sub)
    return command


class _Group(TyperGroup):
    """Root group: lazy subcommands, and RegioplanError mapped to its exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted([*(s[0] for s in _SUBAPPS), *(c[0] for c in _COMMANDS)])

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return _load(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(s[0], s[2]) for s in _SUBAPPS] + [(c[0], c[3]) for c in _COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))

    def invoke(self, ctx: Any) -> Any:
        argv = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except RegioplanError as exc:
            stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
            if "--json" in argv:
                emit_json(error_payload(exc))
            ctx.exit(exc.exit_code)


app = typer.Typer(
    name="regioplan",
    cls=_Group,
    help="Regional planning of medical-generalist care (GP, SO, AVG) in the Netherlands.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain root help: listing the commands must not import them
)


@app.callback()
def _root() -> None:
    """Regional planning of medical-generalist care (GP, SO, AVG) in the Netherlands."""


def main() -> None:
    """Console entry point: run the app, mapping RegioplanError to its exit code.

    With ``--json`` anywhere on the command line a usage error (a missing argument, an unknown
    option, a value of the wrong type) also prints the one JSON error shape on stdout, so a
    script reading stdout never gets an empty answer; the usage text still goes to stderr.
    """
    json_mode = "--json" in sys.argv[1:]
    try:
        if not json_mode:
            app()
            return
        code = app(standalone_mode=False)
    except RegioplanError as exc:  # raised outside a command, e.g. while loading one
        if json_mode:
            emit_json(error_payload(exc))
        stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        sys.exit(exc.exit_code)
    except typer.Abort:
        stderr.print("Aborted.")
        sys.exit(1)
    except typer.TyperException as exc:  # Click's usage errors (exit code 2)
        exit_code = int(getattr(exc, "exit_code", 2))
        format_message = getattr(exc, "format_message", None)
        message = str(format_message()) if callable(format_message) else str(exc)
        emit_json(
            error_payload(kind="UsageError", message=message, status=400 if exit_code == 2 else 500)
        )
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        sys.exit(exit_code)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main"]
