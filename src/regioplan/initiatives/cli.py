"""`regioplan initiatives list|show` (the catalogue), `regioplan initiatives registry
list|show|import|export` (the registry of regional initiatives), and the top-level commands
`regioplan scan` and `regioplan vision`.

The Typer app :data:`app` is mounted by :mod:`regioplan.cli`, which also loads :func:`scan` and
:func:`vision` as top-level commands; engines and data are loaded inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from regioplan.cli_support import emit_json, number, seed_option, stderr, stdout

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


def _records(file: Path | None, bundled: bool = True) -> tuple[InitiativeRecord, ...]:
    from regioplan.initiatives.registry import merge_registries
    from regioplan.initiatives.registry_files import bundled_registry, read_registry_file

    parts: list[tuple[str, tuple[InitiativeRecord, ...]]] = []
    if bundled:
        parts.append(("the bundled registry", bundled_registry()))
    if file is not None:
        parts.append((str(file), read_registry_file(file)))
    return merge_registries(*parts)


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
        _records(file, bundled),
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
        r = get_record(_records(file), record_id)
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
            f"Result: {x.indicator} = {_value(x.value, x.unit)} ({x.date}; {x.source})",
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
    text = render(_records(file, bundled), kind)
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


# -- `regioplan scan` and `regioplan vision` -------------------------------------------------------
RegionArg = Annotated[
    str,
    typer.Argument(
        help="Region code or name at any level (ZK27, Zeeland, GM0599, gemeente:Rotterdam); a "
        "name that several regions share needs its code or --level."
    ),
]
LevelOpt = Annotated[
    str | None,
    typer.Option(help="Level to resolve an ambiguous name: zorgkantoor, ggd, provincie, ..."),
]
OwnDataOpt = Annotated[
    bool,
    typer.Option(
        "--own-data/--no-own-data",
        help="Use the region's imported care-provider data (`regioplan data import`) where "
        "present.",
    ),
]
HorizonOpt = Annotated[int, typer.Option(help="Last projected year.")]
DrawsOpt = Annotated[int, typer.Option(help="Monte Carlo draws (regiobeeld and scenarios).")]


def _scan(
    region: str,
    level: str | None,
    own_data: bool,
    file: Path | None,
    horizon: int,
    seed: int | None,
    draws: int,
    db: str | None = None,
    *,
    whole_regiobeeld: bool = False,
) -> Any:
    """The regional scan of `region`; with `whole_regiobeeld` its regiobeeld has every part
    (the vision shows it), else only those the scan reads (faster)."""
    from regioplan import settings
    from regioplan.cli_support import with_own_data
    from regioplan.errors import ParameterError
    from regioplan.regiobeeld.scan import SCAN_LEAVES_OUT, scan_region
    from regioplan.regions import select_region

    if not 1 <= draws <= 100_000:
        raise ParameterError(f"--draws {draws} out of range; allowed: 1..100000")
    if db is None:
        records = _records(file)  # a bad registry file fails before the long work
    else:  # the shared registry's public entries (plus your file's)
        from regioplan.initiatives.db.cli import scan_records
        from regioplan.initiatives.registry import merge_registries

        records = merge_registries((db, scan_records(db)), (str(file), _records(file, False)))
    chosen = select_region(region, level=level)
    if own_data:
        chosen = with_own_data(chosen)
    seed_value = seed if seed is not None else settings.current().seed
    return scan_region(
        chosen,
        registry=records,
        horizon=horizon,
        seed=seed_value,
        draws=draws,
        leave_out=frozenset() if whole_regiobeeld else SCAN_LEAVES_OUT,
    )


def _band(b: Any) -> str:
    return f"{number(b.p50, 1)}\n{number(b.p10, 1)}…{number(b.p90, 1)}"


def _band_inline(b: Any) -> str:
    return f"{number(b.p50, 1)} [{number(b.p10, 1)} to {number(b.p90, 1)}]"


def _value(value: float | str, unit: str) -> str:
    text = number(value, 0 if value.is_integer() else 1) if isinstance(value, float) else value
    return f"{text} {unit}".rstrip()


def scan(
    region: RegionArg,
    level: LevelOpt = None,
    file: FileOpt = None,
    horizon: HorizonOpt = 2040,
    seed: Annotated[
        int | None, seed_option("Seed of the Monte Carlo draws (setting `seed`).")
    ] = None,
    draws: DrawsOpt = 1000,
    top: Annotated[int, typer.Option(help="Initiative types shown with examples elsewhere.")] = 5,
    own_data: OwnDataOpt = True,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Read the registered initiatives from the shared registry in this database "
            "(its public entries) instead of the bundled registry.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Scan a region: its gaps and bottlenecks, the initiative types ranked by estimated effect,
    what similar regions do, and the region's own initiatives against the expectation."""
    result = _scan(region, level, own_data, file, horizon, seed, draws, db)
    if as_json:
        emit_json(result.to_dict())
        return
    doc = result.to_dict()
    out = stdout.print
    out(
        f"[bold]Regional scan: {escape(result.name)}[/] ({result.code}, {result.level}), horizon "
        f"{result.horizon}, seed {result.seed}, {result.draws} draws",
        highlight=False,
    )
    gaps = Table(title="Gaps (regiobeeld)", box=box.SIMPLE_HEAD)
    gaps.add_column("profession", no_wrap=True, min_width=10)
    for col in (
        "gap now FTE",
        "share",
        f"gap {result.horizon} FTE",
        "share",
        "access vs NL",
        "km to training",
    ):
        gaps.add_column(col, justify="right")
    for prof, g in doc["gaps"].items():
        if prof == "region":
            continue
        gaps.add_row(
            prof,
            number(g["gap_now_fte"], 1),
            _pct(g["gap_now_share"]),
            number(g["gap_horizon_fte"], 1),
            _pct(g["gap_horizon_share"]),
            _pct(
                -g["access_shortfall"] if g["access_shortfall"] is not None else None, signed=True
            ),
            number(g["training_km"]),
        )
    out(gaps)
    reg = doc["gaps"]["region"]
    out(
        f"Out-of-hours pressure {number(reg['ooh_pressure'], 2)} x the national rate; 75+ "
        f"population {_pct(reg['ageing_75'], signed=True)} to {result.horizon}."
    )
    out(
        "Bottlenecks: "
        + (
            ", ".join(
                b["kind"] + (f" ({b['profession']})" if b["profession"] else "")
                for b in doc["bottlenecks"]
            )
            or "none found"
        ),
        highlight=False,
        markup=False,
    )
    out(
        "Most similar zorgkantoor regions: "
        + ", ".join(
            f"{s['name']} ({s['code']}, {number(s['similarity'], 2)})"
            for s in doc["similar_regions"]
        ),
        highlight=False,
        markup=False,
    )
    ranking = Table(
        title=f"Initiative types by estimated effect in {result.horizon}: share of the gaps "
        "closed, and FTE of gap closed (P50, P10…P90)",
        box=box.SIMPLE_HEAD,
        show_lines=True,
    )
    width = max(len(e.type) for e in result.ranking)
    ranking.add_column("type", no_wrap=True, min_width=width)
    ranking.add_column("share", justify="right", no_wrap=True)
    for prof in ("gp", "so", "avg"):
        ranking.add_column(prof, justify="right", no_wrap=True)
    for e in result.ranking:
        ranking.add_row(
            e.type,
            _pct(e.key),
            *(_band(e.closed[p]) if p in e.closed else "–" for p in ("gp", "so", "avg")),
        )
    out(ranking)
    for e in result.ranking[: max(top, 0)]:
        items = result.elsewhere.get(e.type, [])
        fits = f"; fits {', '.join(e.fits)}" if e.fits else ""
        out(f"\n[bold]{e.type}[/] elsewhere: {len(items)} registered{fits}", highlight=False)
        for x in items:
            r = x.record
            since = f" since {r.since}" if r.since else ""
            out(
                f"  - {r.name} [{r.stage.value}{since}] in {x.region_name} "
                f"(similarity {number(x.similarity, 2)}) {r.id}",
                highlight=False,
                markup=False,
            )
            for b in r.bottlenecks:
                solved = b.how_solved or "not known from the sources"
                out(
                    f"      bottleneck {b.code.value}: {b.what_happened} Solved: {solved}",
                    highlight=False,
                    markup=False,
                )
            for res in r.results:
                out(
                    f"      result: {res.indicator} = {_value(res.value, res.unit)} ({res.date})",
                    highlight=False,
                    markup=False,
                )
    out(f"\n[bold]Own running initiatives[/]: {len(result.own)}")
    for o in result.own:
        r = o.record
        out(f"  - {r.name} ({r.type}, {r.stage.value}) {r.id}", highlight=False, markup=False)
        if o.expected is not None:
            out(
                "      expected gap closed in "
                f"{o.expected.year}: "
                + "; ".join(f"{p} {_band_inline(b)}" for p, b in o.expected.closed.items()),
                highlight=False,
                markup=False,
            )
        for c in o.checks:
            out(
                f"      result: {c.indicator} = {_value(c.value, c.unit)} ({c.date}): {c.verdict}",
                highlight=False,
                markup=False,
            )
        if not o.checks:
            out("      no measured results registered", highlight=False, markup=False)
    stderr.print(
        "Estimates (scenario engine, catalogue parameter ranges); registry entries "
        f"from {result.registry_size} registered initiatives with their sources. "
        f"{result.timings and sum(result.timings.values()):.1f} s."
    )


def _pct(share: float | None, *, signed: bool = False) -> str:
    if share is None:
        return "–"
    text = number(share * 100, 1) + " %"
    return ("+" + text) if signed and share > 0 else text


def vision(
    region: RegionArg,
    choose: Annotated[
        Path | None,
        typer.Option(
            "--choose",
            help="Text file with the chosen initiative types, one per line (# comments); "
            "default: the scan's top --top types.",
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="Types taken from the scan without --choose.")] = 3,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "regiovisie.html"
    ),
    lang: Annotated[str | None, typer.Option(help="Language: nl or en (setting `lang`).")] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Also print an A4 PDF next to the HTML.")
    ] = True,
    level: LevelOpt = None,
    file: FileOpt = None,
    horizon: HorizonOpt = 2040,
    seed: Annotated[
        int | None, seed_option("Seed of the Monte Carlo draws (setting `seed`).")
    ] = None,
    draws: DrawsOpt = 1000,
    own_data: OwnDataOpt = True,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Read the registered initiatives from the shared registry in this database "
            "(its public entries) instead of the bundled registry.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write a draft regional vision (Dutch by default): the current picture, the gaps, the
    chosen initiatives with their expected effects, the bottlenecks to expect and how others
    met them, and the indicators to monitor (HTML and A4 PDF)."""
    from regioplan import settings
    from regioplan.errors import InputError, RegioplanError
    from regioplan.initiatives.scan import parse_choice
    from regioplan.report.i18n import check_lang
    from regioplan.report.render import write_pdf
    from regioplan.report.vision import render_vision

    language = check_lang(lang or settings.current().lang)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--out {out}: the vision is HTML; give a file name ending in .html")
    chosen: tuple[str, ...] | None = None
    if choose is not None:
        try:
            text = choose.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"--choose {choose}: cannot read ({exc.strerror})") from exc
        chosen = parse_choice(text, source=str(choose))
    if top < 1:
        raise InputError(f"--top {top}: choose at least 1 initiative type")
    from regioplan.report.render import find_chromium

    if pdf and find_chromium() is None:  # say so before the long work, with the way out
        raise RegioplanError(
            "the A4 PDF needs Chromium, which was not found (Debian: apt-get install chromium); "
            "give --no-pdf to write the HTML only"
        )
    result = _scan(region, level, own_data, file, horizon, seed, draws, db, whole_regiobeeld=True)
    picked = chosen or tuple(e.type for e in result.ranking[:top])
    from datetime import date

    html = render_vision(
        result, picked, language, chosen_from_file=chosen is not None, made_on=date.today()
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write there: {exc.strerror}") from exc
    pdf_path = out.with_suffix(".pdf")
    if pdf:
        write_pdf(out, pdf_path)
    if as_json:
        emit_json(
            {
                "region": {"code": result.code, "name": result.name},
                "chosen": list(picked),
                "chosen_from": str(choose) if choose else "scan",
                "html": str(out),
                "pdf": str(pdf_path) if pdf else None,
                "lang": language,
                "scan": result.to_dict(),
            }
        )
    else:
        stderr.print(
            f"wrote {out}"
            + (f" and {pdf_path}" if pdf else "")
            + f" ({language}) for {result.name}: {', '.join(picked)}"
        )


__all__ = ["app", "registry_app", "scan", "vision"]
