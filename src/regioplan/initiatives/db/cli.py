"""The registry in a database from the command line: ``regioplan initiatives registry ... --db``.

:mod:`regioplan.initiatives.cli` owns the ``registry`` group; its ``list``, ``show``, ``import``
and ``export`` work on files, and with ``--db URL`` on the database through the functions here.
The commands that only make sense on a database (``add``, ``history``, ``publish``, ``seed``)
are defined here and mounted in that group. The command line acts as the operator of the
database (:data:`regioplan.registry.OPERATOR`, audited as the system, as in
``regioplan placement``); ``--org`` names the organisation that owns what it adds. Everything of
:mod:`regioplan.registry` is loaded inside the commands.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from regioplan.cli_support import emit_json, stderr, stdout

if TYPE_CHECKING:
    from regioplan.initiatives.registry import InitiativeRecord
    from regioplan.registry import RegistryService, StoredInitiative

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Work on the shared registry in this database (SQLite file or SQLAlchemy URL, "
        "e.g. postgresql+psycopg://user@127.0.0.1:5432/regioplan) instead of files.",
    ),
]
DbRequired = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database of the shared registry (SQLite file or SQLAlchemy URL). Default: "
        "REGIOPLAN_DATABASE_URL, else regioplan.sqlite in the user data directory.",
    ),
]
OrgOpt = Annotated[
    str | None,
    typer.Option(
        "--org",
        help="Organisation (id or exact name, see `placement orgs list`) that owns the entries; "
        "default: none, the national programme's (edited by a programme coach).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]


@contextmanager
def service(db: str | None) -> Iterator[RegistryService]:
    """The registry on database `db` (migrated), closed afterwards."""
    from regioplan.registry import RegistryService
    from regioplan.store import open_database

    database = open_database(db)
    try:
        yield RegistryService(database)
    finally:
        database.close()


def organisation_id(reg: RegistryService, value: str | None) -> int | None:
    """The id of the organisation named (or numbered) `value`; None for None."""
    if value is None:
        return None
    from regioplan.errors import ParameterError
    from regioplan.placement.service import PlacementService

    orgs = PlacementService(reg.db).organisations()
    for org in orgs:
        if str(org.id) == value or org.name == value:
            return org.id
    known = ", ".join(f"{o.id} {o.name}" for o in orgs[:10]) or "none yet"
    raise ParameterError(f"--org {value!r}: no such organisation (known: {known})")


def _row(s: StoredInitiative) -> dict[str, Any]:
    r = s.record
    return {
        "id": r.id,
        "name": r.name,
        "type": r.type,
        "stage": r.stage.value,
        "since": r.since,
        "municipalities": len(r.municipalities),
        "organisation": s.organisation,
        "public": r.public,
        "test_data": r.test_data,
        "version": s.version,
        "updated_at": s.updated_at.isoformat(),
        "updated_by": s.updated_by,
    }


def list_db(
    db: str, type_: str | None, stage: str | None, area: list[str] | None, as_json: bool
) -> None:
    """``registry list --db``: every entry with owner, version and whether it is public."""
    from rich.table import Table

    from regioplan.initiatives.registry import Stage
    from regioplan.registry import OPERATOR, Filters

    with service(db) as reg:
        items = reg.entries(
            OPERATOR,
            Filters(
                type=type_,
                stage=Stage(stage) if stage else None,
                municipalities=tuple(area) if area is not None else None,
            ),
        )
    if as_json:
        emit_json({"count": len(items), "initiatives": [_row(s) for s in items]})
        return
    table = Table(title=f"{len(items)} initiatives in {db}", show_lines=True)
    width = max((len(s.id) for s in items), default=2)
    table.add_column("id / type / name", min_width=width, max_width=max(width, 40))
    table.add_column("stage", no_wrap=True)
    table.add_column("owner")
    table.add_column("version", justify="right")
    for s in items:
        table.add_row(
            f"{s.id}\n{s.record.type}\n{s.record.name}",
            s.record.stage.value,
            (s.organisation or "national programme")
            + ("\npublic" if s.record.public else "\nnot public"),
            f"{s.version}\n{s.updated_at:%Y-%m-%d %H:%M}",
        )
    stdout.print(table, markup=False)


def show_db(db: str, record_id: str, as_json: bool) -> InitiativeRecord | None:
    """``registry show --db``: with --json prints the entry and its history and returns None;
    otherwise returns the record for the file-based printer and prints the history."""
    from regioplan.registry import OPERATOR

    with service(db) as reg:
        stored = reg.get(OPERATOR, record_id)
        history = reg.history(OPERATOR, record_id)
    if as_json:
        emit_json({**stored.to_dict(), "history": [_version(v) for v in history]})
        return None
    owner = stored.organisation or "the national programme"
    stdout.print(
        f"Owner: {owner}. Version {stored.version}; "
        + ("public." if stored.record.public else "not public."),
        markup=False,
        highlight=False,
    )
    for v in history:
        who = v.user or "the command line"
        fields = ", ".join(v.changes) if v.action != "create" else "everything"
        stdout.print(
            f"  v{v.version} {v.at:%Y-%m-%d %H:%M} {v.action} by {who}: {fields}",
            markup=False,
            highlight=False,
        )
    return stored.record


def _version(v: Any) -> dict[str, Any]:
    out: dict[str, Any] = v.to_dict()
    out.pop("record")
    return out


def import_db(
    db: str, records: tuple[InitiativeRecord, ...], org: str | None, replace: bool, as_json: bool
) -> None:
    """``registry import FILE --db``: all or nothing; `replace` saves existing ids as new
    versions."""
    from regioplan.registry import OPERATOR

    with service(db) as reg:
        result = reg.import_records(
            OPERATOR, records, organisation_id=organisation_id(reg, org), replace=replace
        )
    if as_json:
        emit_json({"imported": len(records), **result.to_dict()})
    else:
        stderr.print(
            f"{len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged in {db}"
        )


def export_db(db: str, kind: str, out: Path | None, as_json: bool) -> None:
    """``registry export --db``: every entry as JSON or CSV (the file-based format)."""
    from regioplan.errors import InputError
    from regioplan.initiatives.registry_files import render
    from regioplan.registry import OPERATOR

    with service(db) as reg:
        text = render(reg.records(OPERATOR), kind)
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


def scan_records(db: str) -> tuple[InitiativeRecord, ...]:
    """The public entries of the registry in `db` (what a scan may show)."""
    with service(db) as reg:
        records = reg.records(None)
    if not records:
        stderr.print(
            f"the registry in {db} has no public initiatives; load the bundled ones with "
            "`regioplan initiatives registry seed --db ...`"
        )
    return records


# -- commands only a database has ---------------------------------------------------------------


def add(
    source: Annotated[
        Path | None,
        typer.Argument(help="A JSON file with one initiative (or use the options below)."),
    ] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="Id: 2-80 of a-z 0-9 -.")] = None,
    name: Annotated[str | None, typer.Option(help="Name as the source spells it.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="A catalogue type or 'other'.")
    ] = None,
    stage: Annotated[str | None, typer.Option(help="idea, preparation, pilot, ...")] = None,
    since: Annotated[str, typer.Option(help="Date the stage began: YYYY[-MM[-DD]].")] = "",
    domain: Annotated[
        list[str] | None, typer.Option("--domain", help="A domain it crosses (repeat).")
    ] = None,
    municipality: Annotated[
        list[str] | None, typer.Option("--municipality", help="GM code where it runs (repeat).")
    ] = None,
    organisation: Annotated[
        list[str] | None,
        typer.Option("--organisation", help="A participating organisation (repeat)."),
    ] = None,
    summary: Annotated[str, typer.Option(help="A short description.")] = "",
    source_url: Annotated[
        str | None, typer.Option("--source-url", help="A public source (URL).")
    ] = None,
    source_title: Annotated[str, typer.Option("--source-title", help="Its title.")] = "",
    public: Annotated[bool, typer.Option("--public/--private", help="Show it publicly.")] = False,
    test_data: Annotated[
        bool, typer.Option("--test-data", help="Mark it as test data (needs no source).")
    ] = False,
    org: OrgOpt = None,
    db: DbRequired = None,
    as_json: JsonOpt = False,
) -> None:
    """Add one initiative to the registry in the database (version 1, audited)."""
    import datetime as dt
    import json

    from regioplan.errors import InputError
    from regioplan.registry import OPERATOR, parse_record

    if source is not None:
        try:
            raw: Any = json.loads(source.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from exc
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{exc.lineno}: not JSON ({exc.msg})") from exc
        where = str(source)
    else:
        raw = {
            "id": record_id or "",
            "name": name or "",
            "summary": summary,
            "municipalities": municipality or [],
            "organisations": organisation or [],
            "type": type_ or "",
            "domains": domain or [],
            "stage": stage or "",
            "stage_history": [{"stage": stage, "since": since}] if since else [],
            "sources": [
                {
                    "url": source_url,
                    "title": source_title or source_url,
                    "retrieved": dt.date.today().isoformat(),
                }
            ]
            if source_url
            else [],
            "public": public,
            "test_data": test_data,
        }
        where = "options"
    record = parse_record(raw, source=where)
    with service(db) as reg:
        stored = reg.create(OPERATOR, record, organisation_id=organisation_id(reg, org))
    if as_json:
        emit_json(stored.to_dict())
    else:
        stderr.print(f"added {stored.id} (version 1, owner {stored.organisation or 'programme'})")


def history(
    record_id: Annotated[str, typer.Argument(help="Initiative id.")],
    db: DbRequired = None,
    as_json: JsonOpt = False,
) -> None:
    """Every version of an initiative: who, when, which action, the fields changed."""
    from regioplan.registry import OPERATOR

    with service(db) as reg:
        versions = reg.history(OPERATOR, record_id)
    if as_json:
        emit_json({"id": record_id, "versions": [v.to_dict() for v in versions]})
        return
    for v in versions:
        who = v.user or "the command line"
        stdout.print(
            f"v{v.version} {v.at:%Y-%m-%d %H:%M} {v.action} by {who}", markup=False, highlight=False
        )
        if v.action in ("create", "seed") and v.version == 1:
            continue
        for key, change in v.changes.items():
            stdout.print(
                f"    {key}: {change['before']!r} -> {change['after']!r}",
                markup=False,
                highlight=False,
            )


def publish(
    record_id: Annotated[str, typer.Argument(help="Initiative id.")],
    withdraw: Annotated[
        bool, typer.Option("--withdraw", help="Make it not public instead.")
    ] = False,
    db: DbRequired = None,
    as_json: JsonOpt = False,
) -> None:
    """Make an initiative public (or withdraw it): a new version."""
    from regioplan.registry import OPERATOR

    with service(db) as reg:
        stored = reg.set_public(OPERATOR, record_id, not withdraw)
    if as_json:
        emit_json({"id": stored.id, "public": stored.record.public, "version": stored.version})
    else:
        state = "public" if stored.record.public else "not public"
        stderr.print(f"{stored.id} is {state} (version {stored.version})")


def seed(db: DbRequired = None, as_json: JsonOpt = False) -> None:
    """Load the bundled real initiatives into the database (again: only what changed, and never
    over an entry edited in the database since)."""
    with service(db) as reg:
        result = reg.seed()
    if as_json:
        emit_json(result.to_dict())
    else:
        stderr.print(
            f"{len(result.created)} added, {len(result.updated)} brought up to date, "
            f"{len(result.unchanged)} unchanged, {len(result.kept)} kept as edited"
        )


__all__ = [
    "add",
    "export_db",
    "history",
    "import_db",
    "list_db",
    "organisation_id",
    "publish",
    "scan_records",
    "seed",
    "service",
    "show_db",
]
