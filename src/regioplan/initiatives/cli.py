"""`regioplan initiatives list|show` (the catalogue) and `regioplan initiatives registry
list|show|import|export|add|history|publish|seed` (the registry of regional initiatives, in
files or a shared database).

The Typer app :data:`app` is mounted by :mod:`regioplan.cli`; engines and data are loaded inside
the commands. The regional scan and the vision drawn from it (``regioplan scan``, ``regioplan
vision``), which read the registry with the same options, are :mod:`regioplan.regiobeeld.cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from regioplan.cli_support import emit_json, number, stderr, stdout
from regioplan.initiatives.registry_files import registry_records

if TYPE_CHECKING:
    from regioplan.initiatives.registry import InitiativeRecord

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


# -- the registry of regional initiatives ----------------------------------------------------------
registry_app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="The registry of regional initiatives: list, show, import and export (JSON or CSV).",
)
app.add_typer(registry_app, name="registry")

FileOpt = Annotated[
    Path | None,
    typer.Option(
        "--file",
        help="Your own registry file (JSON or CSV), read after the bundled entries; its ids "
        "must not repeat theirs.",
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Work on the shared registry in this database (SQLite file or SQLAlchemy URL) "
        "instead of files; see `registry seed`.",
    ),
]
BundledOpt = Annotated[
    bool,
    typer.Option(
        "--bundled/--no-bundled", help="Include the entries shipped with regioplan (real ones)."
    ),
]


def result_value(value: float | str, unit: str) -> str:
    """A registry result's value with its unit (1 decimal unless whole)."""
    text = number(value, 0 if value.is_integer() else 1) if isinstance(value, float) else value
    return f"{text} {unit}".rstrip()


def _row(r: InitiativeRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "type": r.type,
        "stage": r.stage.value,
        "since": r.since,
        "municipalities": len(r.municipalities),
        "organisations": list(r.organisations),
        "bottlenecks": [b.code.value for b in r.bottlenecks],
        "results": len(r.results),
        "sources": len(r.sources),
        "public": r.public,
    }


@registry_app.command("list")
def registry_list(
    file: FileOpt = None,
    bundled: BundledOpt = True,
    type_: Annotated[
        str | None, typer.Option("--type", help="Only this initiative type (or 'other').")
    ] = None,
    stage: Annotated[
        str | None, typer.Option(help="Only this stage: idea, preparation, pilot, ...")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Only initiatives running in this region (code or name).")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the registered initiatives with type, stage, bottlenecks met and sources."""
    from regioplan.errors import ParameterError
    from regioplan.initiatives.registry import OTHER, Stage, filter_records

    if type_ is not None and type_ not in (*_catalogue_names(), OTHER):
        raise ParameterError(
            f"--type {type_!r} unknown; allowed: {', '.join((*_catalogue_names(), OTHER))}"
        )
    if stage is not None and stage not in [s.value for s in Stage]:
        raise ParameterError(
            f"--stage {stage!r} unknown; allowed: {', '.join(s.value for s in Stage)}"
        )
    area = None
    if region is not None:
        from regioplan.regions import select_region

        area = select_region(region).municipality_codes
    if db is not None:
        from regioplan.initiatives.db.cli import list_db

        return list_db(db, type_, stage, None if area is None else list(area), as_json)
    items = filter_records(
        registry_records(file, bundled=bundled),
        type=type_,
        stage=Stage(stage) if stage else None,
        municipalities=area,
    )
    if as_json:
        emit_json({"count": len(items), "initiatives": [_row(r) for r in items]})
        return
    table = Table(title=f"{len(items)} registered initiatives", show_lines=True)
    # the id and the type are what the other commands need: never cut them
    width = max((len(r.id) for r in items), default=2)
    table.add_column("id / type / name", min_width=width, max_width=max(width, 40))
    table.add_column("stage", no_wrap=True)
    table.add_column("bottlenecks met")
    table.add_column("results / sources", justify="right")
    for r in items:
        table.add_row(
            f"{r.id}\n[cyan]{r.type}[/]\n[dim]{r.name}[/]",
            r.stage.value + (f"\n{r.since}" if r.since else ""),
            "\n".join(b.code.value.replace("_", " ") for b in r.bottlenecks),
            f"{len(r.results)} / {len(r.sources)}",
        )
    stdout.print(table)


@registry_app.command("show")
def registry_show(
    record_id: Annotated[
        str, typer.Argument(help="Initiative id (see `initiatives registry list`).")
    ],
    file: FileOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one registered initiative with everything the registry knows and its sources
    (with --db also its owner and history)."""
    from regioplan.initiatives.registry import get_record

    if db is not None:
        from regioplan.initiatives.db.cli import show_db

        found = show_db(db, record_id, as_json)
        if found is None:
            return
        r = found
    else:
        r = get_record(registry_records(file), record_id)
    if as_json:
        emit_json(r.to_dict())
        return

    def out(text: str, highlight: bool = False) -> None:
        stdout.print(text, markup=False, highlight=highlight)

    stdout.print(f"[bold]{escape(r.name)}[/] ({r.id})", highlight=False)
    if r.summary:
        out(r.summary, highlight=False)
    out(f"Type: {r.type}. Stage: {r.stage.value}" + (f" since {r.since}." if r.since else "."))
    out(f"Domains: {', '.join(d.value for d in r.domains)}.")
    if r.organisations:
        out(f"Organisations: {'; '.join(r.organisations)}.", highlight=False)
    out(f"Municipalities: {len(r.municipalities)}. {r.area_note}", highlight=False)
    for step in r.stage_history:
        out(
            f"  - {step.stage.value} {step.since or '(date unknown)'}: {step.note}", highlight=False
        )
    for b in r.bottlenecks:
        out(f"Bottleneck {b.code.value}: {b.what_happened}")
        out(f"  solved: {b.how_solved or 'not known from the sources'}", highlight=False)
    for f in r.funding:
        amount = f" EUR {number(f.amount_eur)}" if f.amount_eur is not None else ""
        out(f"Funding: {f.funder}{amount} {f.period} {f.note}".rstrip(), highlight=False)
    for x in r.results:
        out(
            f"Result: {x.indicator} = {result_value(x.value, x.unit)} ({x.date}; {x.source})",
            highlight=False,
        )
    for lesson in r.lessons:
        out(f"Lesson: {lesson}", highlight=False)
    if r.known_facts_note:
        out(f"What is not known: {r.known_facts_note}")
    for s in r.sources:
        when = f", {s.published}" if s.published else ""
        out(
            f"Source: {s.title} ({s.publisher}{when}) {s.url} [retrieved {s.retrieved}]",
            highlight=False,
        )


@registry_app.command("import")
def registry_import(
    source: Annotated[Path, typer.Argument(help="File to import: JSON or CSV.")],
    into: Annotated[
        Path | None,
        typer.Option("--into", help="Your registry file (JSON) to add the entries to."),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Let an imported id replace the same id in --into (with --db: saved as its "
            "next version).",
        ),
    ] = False,
    db: DbOpt = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="With --db: the organisation (id or name) that owns them."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate a file and add its initiatives to your registry file or, with --db, to the
    shared registry in the database (all or nothing)."""
    from regioplan.errors import InputError
    from regioplan.initiatives.registry import merge_registries
    from regioplan.initiatives.registry_files import bundled_registry, read_registry_file, to_json

    if db is not None:
        if into is not None:
            raise InputError("give either --into FILE or --db URL, not both")
        from regioplan.initiatives.db.cli import import_db

        return import_db(db, read_registry_file(source), org, replace, as_json)
    if into is None:
        raise InputError("give --into FILE (your registry file) or --db URL (the database)")
    if into.suffix.lower() != ".json":
        raise InputError(f"--into {into}: your registry file is JSON; give a name ending .json")
    incoming = read_registry_file(source)
    existing = read_registry_file(into) if into.exists() else ()
    if replace:
        new_ids = {r.id for r in incoming}
        existing = tuple(r for r in existing if r.id not in new_ids)
    merged = merge_registries((str(into), existing), (str(source), incoming))
    merge_registries(("the bundled registry", bundled_registry()), (str(into), merged))
    text = to_json(merged)
    try:
        into.parent.mkdir(parents=True, exist_ok=True)
        tmp = into.with_name(f".{into.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(into)
    except OSError as exc:
        raise InputError(f"--into {into}: cannot write there: {exc.strerror}") from exc
    if as_json:
        emit_json(
            {
                "imported": len(incoming),
                "total": len(merged),
                "file": str(into),
                "ids": [r.id for r in incoming],
            }
        )
    else:
        stderr.print(
            f"imported {len(incoming)} initiative(s) from {source} into {into} "
            f"({len(merged)} in total)"
        )


@registry_app.command("export")
def registry_export(
    file: FileOpt = None,
    bundled: BundledOpt = True,
    fmt: Annotated[
        str | None, typer.Option("--format", help="json or csv (default: from --out, else json).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: stdout).")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the registry (bundled and/or your file, or with --db the database's) as JSON or
    CSV."""
    from regioplan.errors import InputError
    from regioplan.initiatives.registry_files import file_format, render

    kind = file_format(out, fmt) if out is not None else (fmt or "json")
    if as_json and out is None and kind != "json":
        raise InputError("--json without --out prints the registry as JSON; drop --format csv")
    if db is not None:
        from regioplan.initiatives.db.cli import export_db

        return export_db(db, kind, out, as_json)
    text = render(registry_records(file, bundled=bundled), kind)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write there: {exc.strerror}") from exc
    if as_json:
        emit_json({"file": str(out), "format": kind, "bytes": len(text.encode())})
    else:
        stderr.print(f"wrote {out} ({kind})")


def _mount_database_commands() -> None:
    """``registry add|history|publish|seed``: commands of the shared registry in a database
    (:mod:`regioplan.initiatives.db.cli`)."""
    from regioplan.initiatives.db import cli as db_cli

    registry_app.command("add")(db_cli.add)
    registry_app.command("history")(db_cli.history)
    registry_app.command("publish")(db_cli.publish)
    registry_app.command("seed")(db_cli.seed)


_mount_database_commands()


def _catalogue_names() -> tuple[str, ...]:
    from regioplan.initiatives.catalogue import initiatives

    return tuple(initiatives())


__all__ = ["DbOpt", "FileOpt", "JsonOpt", "app", "registry_app", "result_value"]
