"""`regioplan data`: import, list and remove a region's own care-provider data.

Exit codes: 0 ok, 1 storage failure, 2 bad input (every problem is printed to stderr, one per line
as ``file:line: field: reason``). With ``--json`` stdout holds only JSON: the report, or
``{"error": {"type", "message", "exit_code", "problems": [{source, line, field, reason}]}}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from regioplan.cli_support import emit_json, stderr, stdout
from regioplan.errors import RegioplanError
from regioplan.output import error_payload

if TYPE_CHECKING:
    from regioplan.store.providers import DatasetInfo, Store

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Import, list and remove a region's own care-provider data.",
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database file (SQLite) or SQLAlchemy URL. Default: REGIOPLAN_DATABASE_URL, else "
        "regioplan.sqlite in the user data directory.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print only JSON on stdout.")]


@contextmanager
def _reporting(json_out: bool) -> Iterator[None]:
    """Print a RegioplanError (every problem) to stderr, as JSON on stdout too, and exit."""
    try:
        yield
    except RegioplanError as exc:
        stderr.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        if json_out:
            emit_json(error_payload(exc))
        # SystemExit, not typer.Exit: the root runs click with standalone_mode=False, which turns
        # typer.Exit into a return value and would lose the exit code.
        raise SystemExit(exc.exit_code) from exc


def _with_store(db: str | None, action: Callable[[Store], Any]) -> Any:
    from regioplan.store.providers import open_store

    def waiting(message: str) -> None:
        stderr.print(f"note: {escape(message)}", highlight=False, soft_wrap=True)

    store = open_store(db, on_wait=waiting)
    try:
        return action(store)
    finally:
        store.close()


def _check_file(file: Path) -> None:
    """Read FILE's header before any database is opened, so that a missing, unreadable or
    wrongly headed file fails without creating the database file (the rows are checked by the
    import itself, in its transaction)."""
    from regioplan.errors import ValidationError
    from regioplan.store.readers import open_table
    from regioplan.store.validate import check_header

    with open_table(file) as (table, _format, _digest):
        problems = check_header(table)
        if problems:
            raise ValidationError(problems, summary=f"{table.source}: bad header")


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file of care providers.")],
    name: Annotated[
        str | None,
        typer.Option("--name", help="Dataset name. Default: the file name without its suffix."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an existing dataset of that name.")
    ] = False,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Validate FILE and store it as a dataset; nothing is stored if any row is bad."""
    with _reporting(json_out):
        _check_file(file)
        where, report = _with_store(
            db, lambda s: (s.url, s.import_file(file, name=name, replace=replace))
        )
    info = report.dataset
    for other, codes in report.overlaps.items():
        places = _count(len(codes), "municipality", "municipalities")
        stderr.print(
            f"note: dataset {escape(other)} also covers {places} ({', '.join(codes)}); the "
            "workforce of a municipality adds up the providers of every dataset, so the same "
            "practices in two datasets count twice",
            highlight=False,
        )
    if json_out:
        emit_json({"database": where, **report.to_dict()})
        return
    verb = "Replaced" if report.replaced else "Imported"
    stdout.print(
        f"{verb} dataset [bold]{escape(info.name)}[/]: {_coverage(info)}, "
        f"from {escape(info.source)} (sha256 {info.sha256[:12]})."
    )


@app.command("list")
def list_cmd(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List the imported datasets with their source and the municipalities they cover."""
    with _reporting(json_out):
        where, infos = _with_store(db, lambda s: (s.url, s.datasets()))
    if json_out:
        emit_json({"database": where, "datasets": [i.to_dict() for i in infos]})
        return
    if not infos:
        stdout.print("No datasets. Import one with `regioplan data import FILE.csv`.")
        return
    stdout.print(f"{len(infos)} dataset(s) of own data in {escape(where)}:")
    for i in infos:
        stdout.print(
            f"  [bold]{escape(i.name)}[/]: {_coverage(i)}; from {escape(i.source)}, "
            f"imported {i.imported_at:%Y-%m-%d %H:%M} UTC"
        )


@app.command("remove")
def remove_cmd(
    name: Annotated[str, typer.Argument(help="Name of the dataset to remove.")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Remove a dataset and all its providers."""
    with _reporting(json_out):
        info = _with_store(db, lambda s: s.remove(name))
    if json_out:
        emit_json({"removed": info.to_dict()})
        return
    stdout.print(f"Removed dataset [bold]{escape(info.name)}[/] ({_count(info.rows, 'provider')}).")


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def _coverage(info: DatasetInfo) -> str:
    """``21 providers in 9 municipalities (GM0482, ...)``."""
    places = _count(len(info.municipalities), "municipality", "municipalities")
    return f"{_count(info.rows, 'provider')} in {places} ({', '.join(info.municipalities)})"


__all__ = ["app"]
