"""`regioplan placement`: serve the placement service, and administer it from the command line.

The command line acts as the operator of the database (audited as the system, user None):
``orgs add``, ``locations add``, ``users add`` (a one-time password is generated and printed
when none is given), ``token`` (an API token for a user), ``export`` (the monitoring as CSV),
``pseudonymise`` and ``expire`` (housekeeping). ``serve`` runs the API with uvicorn, on one or
several worker processes that share the database.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from regioplan.cli_support import emit_json, stderr, stdout
from regioplan.errors import ParameterError
from regioplan.placement.config import ROLES

if TYPE_CHECKING:
    from regioplan.placement.config import PlacementConfig
    from regioplan.placement.service import PlacementService

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Regional placement coordination: serve the service, manage organisations and users.",
)
orgs_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Organisations.")
locations_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Locations.")
users_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Users.")
app.add_typer(orgs_app, name="orgs")
app.add_typer(locations_app, name="locations")
app.add_typer(users_app, name="users")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database file (SQLite) or SQLAlchemy URL, e.g. "
        "postgresql+psycopg://user@127.0.0.1:5432/regioplan. Default: REGIOPLAN_DATABASE_URL, "
        "else regioplan.sqlite in the user data directory.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print only JSON on stdout.")]
HoldOption = Annotated[
    int, typer.Option("--hold-minutes", help="Minutes a hold lasts unless accepted.")
]
StaleOption = Annotated[
    int,
    typer.Option("--stale-hours", help="Hours after which an availability figure is stale."),
]


def _config(**fields: Any) -> PlacementConfig:
    from regioplan.placement.config import PlacementConfig

    return PlacementConfig(**fields)


def _service(db: str | None, config: PlacementConfig | None = None) -> PlacementService:
    from regioplan.placement.service import PlacementService
    from regioplan.store import open_database

    return PlacementService(open_database(db), config)


def _close(service: PlacementService) -> None:
    service.db.close()


def _organisation_id(service: PlacementService, value: str) -> int:
    if value.isdigit():
        return int(value)
    for org in service.organisations():
        if org.name == value:
            return org.id
    raise ParameterError(f"organisation {value!r}: no organisation has this id or name")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (1..65535).")] = 8100,
    workers: Annotated[
        int, typer.Option(help="Server processes (each with its own connections).")
    ] = 1,
    hold_minutes: HoldOption = 30,
    stale_hours: StaleOption = 12,
    bed_types: Annotated[
        str | None,
        typer.Option(
            "--bed-types",
            help="The bed types, comma separated (default: elv_low, elv_high, palliative, "
            "crisis_respite, grz, long_term).",
        ),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option(
            help="Request threads per process (1..256; default 6). Few threads answer more "
            "under load: see docs/placement.md, 'Reliability and benchmarks'.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the placement API (and pages) with uvicorn; several --workers share the database.

    Prints the address when the server accepts connections (stdout); logs go to stderr."""
    _serve(
        db,
        host,
        port,
        workers,
        hold_minutes,
        stale_hours,
        bed_types,
        ready_to_stderr=False,
        threads=threads,
    )


def _serve(
    db: str | None,
    host: str,
    port: int,
    workers: int,
    hold_minutes: int,
    stale_hours: int,
    bed_types: str | None,
    *,
    ready_to_stderr: bool,
    threads: int | None = None,
) -> None:
    """`serve`; the ready line on stderr when `ready_to_stderr` (``demo --json``: stdout holds
    only the JSON). `threads`: request threads per process (None: the default)."""
    import uvicorn

    from regioplan.store import open_database
    from regioplan.web.cli import ReadyServer, url_of
    from regioplan.web.placement_app import (
        ENV_CONFIG,
        ENV_DATABASE,
        ENV_THREADS,
        create_placement_app,
    )
    from regioplan.web.placement_threads import DEFAULT_THREADS, pool_connections

    if not 0 < port < 65536:
        raise ParameterError(f"--port {port} out of range; allowed: 1..65535")
    if not 1 <= workers <= 64:
        raise ParameterError(f"--workers {workers} out of range; allowed: 1..64")
    threads = DEFAULT_THREADS if threads is None else threads
    if not 1 <= threads <= 256:
        raise ParameterError(f"--threads {threads} out of range; allowed: 1..256")
    fields: dict[str, Any] = {"hold_minutes": hold_minutes, "stale_after_hours": stale_hours}
    if bed_types is not None:
        fields["bed_types"] = tuple(t.strip() for t in bed_types.split(",") if t.strip())
    config = _config(**fields)  # checked before anything starts
    # migrate once, before any worker starts; fails early
    database = open_database(db, connections=pool_connections(threads))
    url = database.engine.url.render_as_string(hide_password=False)
    os.environ[ENV_DATABASE] = url
    os.environ[ENV_CONFIG] = json.dumps({**fields, "bed_types": list(config.bed_types)})
    os.environ[ENV_THREADS] = str(threads)
    stderr.print(f"placement service on {database.url} ({workers} worker(s))")

    out = sys.stderr if ready_to_stderr else sys.stdout

    def ready(bound: int) -> None:
        line = f"regioplan placement ready at {url_of(host, bound, '/api/placement')}"
        print(line, file=out, flush=True)

    if workers == 1:
        from regioplan.placement.service import PlacementService

        app_ = create_placement_app(PlacementService(database, config), threads=threads)
        server = ReadyServer(
            uvicorn.Config(app_, host=host, port=port, log_level="warning"), on_ready=ready
        )
        try:
            server.run()
        finally:
            database.close()
        return
    database.close()
    line = f"regioplan placement starting at {url_of(host, port, '/api/placement')}"
    print(line, file=out, flush=True)
    uvicorn.run(
        "regioplan.web.placement_app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


@app.command()
def demo(
    region: Annotated[str, typer.Argument(help="Care-office region code, e.g. ZK24.")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="An empty database (file or URL); default: a new SQLite file in a "
            "temporary directory.",
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (1..65535).")] = 8100,
    seed: Annotated[int, typer.Option(help="Seed of the example figures.")] = 1,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Only create the demo; do not serve it.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Create a demo of the placement service for a region (its real hospitals as referrers,
    example nursing homes with example capacity and history, users with one-time passwords,
    printed once) and serve it (pages at /placement)."""
    import tempfile

    from regioplan.web.placement_demo import create_demo

    if not 0 < port < 65536:
        raise ParameterError(f"--port {port} out of range; allowed: 1..65535")
    from regioplan.placement.geography import region_codes

    if region.upper() not in region_codes():
        raise ParameterError(f"region {region!r} is not a care-office region code (ZK01..ZK31)")
    url = db or str(Path(tempfile.mkdtemp(prefix="regioplan-demo-")) / "placement-demo.sqlite")
    stderr.print(f"creating the demo of {region} in {url} ...")
    made = create_demo(url, region.upper(), seed=seed)
    if as_json:
        emit_json(
            {
                "region": made.region,
                "database": url,
                "hospitals": made.hospitals,
                "care_locations": made.care_locations,
                "figures": made.figures,
                "requests": made.requests,
                "users": [
                    {
                        "username": c.username,
                        "password": c.password,
                        "role": c.role,
                        "organisation": c.organisation,
                    }
                    for c in made.credentials
                ],
                "url": None if no_serve else f"http://{host}:{port}/placement",
            }
        )
    else:
        stdout.print(
            f"demo of {made.region} ({made.region_name}) in {url}: hospitals (real, from the "
            f"bundled Eurostat/GISCO list): {', '.join(made.hospitals) or 'none'}; "
            f"{made.care_locations} example nursing-home locations, {made.figures} example "
            f"capacity figures, {made.requests} example requests (EXAMPLE DATA, not real)."
        )
        stdout.print("one-time passwords (shown once):", markup=False)
        for c in made.credentials:
            stdout.print(
                f"  {c.username:<40} {c.password}  {c.role:<14} {c.organisation}", markup=False
            )
    if no_serve:
        return
    _serve(url, host, port, 1, 30, 12, None, ready_to_stderr=as_json)


@orgs_app.command("add")
def orgs_add(
    name: Annotated[str, typer.Argument(help="Name of the organisation.")],
    kind: Annotated[
        str,
        typer.Option(help="care_org, gp_practice, ooh_post, hospital, coordination_desk or other."),
    ],
    region: Annotated[str, typer.Option(help="Care-office region code, e.g. ZK24.")],
    municipality: Annotated[str, typer.Option(help="Municipality code of its seat (GMxxxx).")],
    example: Annotated[
        bool, typer.Option("--example", help="Mark it as example data (not a real one).")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add an organisation."""
    service = _service(db)
    try:
        org = service.add_organisation(
            None, name=name, kind=kind, region=region, municipality=municipality, example=example
        )
    finally:
        _close(service)
    if as_json:
        from regioplan.placement.model import as_dict

        emit_json(as_dict(org))
    else:
        stdout.print(f"organisation {org.id}: {org.name} ({org.kind}, {org.region})")


@orgs_app.command("list")
def orgs_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the organisations."""
    service = _service(db)
    try:
        items = service.organisations()
    finally:
        _close(service)
    if as_json:
        from regioplan.placement.model import as_dict

        emit_json({"count": len(items), "organisations": as_dict(items)})
        return
    for o in items:
        stdout.print(
            f"{o.id:>4}  {o.name}  ({o.kind}, {o.region}{', example' if o.example else ''})"
        )


@locations_app.command("add")
def locations_add(
    organisation: Annotated[str, typer.Argument(help="Organisation id or exact name.")],
    name: Annotated[str, typer.Argument(help="Name of the location.")],
    municipality: Annotated[str, typer.Option(help="Municipality code (GMxxxx).")],
    features: Annotated[
        str, typer.Option(help="Needs it can meet, comma separated (e.g. dementia,oxygen).")
    ] = "",
    lat: Annotated[float | None, typer.Option(help="Latitude (default: municipality).")] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude (default: municipality).")] = None,
    example: Annotated[bool, typer.Option("--example", help="Mark it as example data.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a location of a care organisation."""
    service = _service(db)
    try:
        loc = service.add_location(
            None,
            organisation_id=_organisation_id(service, organisation),
            name=name,
            municipality=municipality,
            lat=lat,
            lon=lon,
            features=tuple(f.strip() for f in features.split(",") if f.strip()),
            example=example,
        )
    finally:
        _close(service)
    if as_json:
        from regioplan.placement.model import as_dict

        emit_json(as_dict(loc))
    else:
        stdout.print(f"location {loc.id}: {loc.name} ({loc.organisation}, {loc.municipality})")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="User name (a-z 0-9 . _ @ -).")],
    role: Annotated[
        str,
        typer.Option(help=f"One of: {', '.join(ROLES)}."),
    ],
    organisation: Annotated[str, typer.Option("--org", help="Organisation id or exact name.")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from stdin; otherwise a one-time password is generated "
            "and printed once.",
        ),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a user; prints a generated one-time password unless --password-stdin is given.

    A generated password must be changed at first use (the API refuses everything else until
    ``POST /api/placement/me/password``)."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(12)
    service = _service(db)
    try:
        user = service.add_user(
            None,
            username=username,
            password=password,
            role=role,
            organisation_id=_organisation_id(service, organisation),
            one_time=not password_stdin,
        )
    finally:
        _close(service)
    shown = None if password_stdin else password
    if as_json:
        from regioplan.placement.model import as_dict

        emit_json({"user": as_dict(user), "password": shown})
    else:
        stdout.print(f"user {user.id}: {user.username} ({user.role}, {user.organisation})")
        if shown:
            stdout.print(f"one-time password (shown once): {shown}")


@users_app.command("list")
def users_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the users."""
    service = _service(db)
    try:
        items = service.users(None)
    finally:
        _close(service)
    if as_json:
        from regioplan.placement.model import as_dict

        emit_json({"count": len(items), "users": as_dict(items)})
        return
    for u in items:
        state = "" if u.active else ", blocked"
        stdout.print(f"{u.id:>4}  {u.username}  ({u.role}, {u.organisation}{state})")


@app.command()
def token(
    username: Annotated[str, typer.Argument(help="The user the token is for.")],
    days: Annotated[int, typer.Option(help="Days the token is valid (1..3650).")] = 90,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Issue an API bearer token for a user (printed once; only its hash is stored)."""
    if not 1 <= days <= 3650:
        raise ParameterError(f"--days {days} out of range; allowed: 1..3650")
    service = _service(db)
    try:
        secret = service.issue_api_token(service.user(username), days=days)
    finally:
        _close(service)
    if as_json:
        emit_json({"username": username, "token": secret, "days": days})
    else:
        stdout.print(secret)


@app.command()
def export(
    start: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD, UTC).")] = None,
    end: Annotated[str | None, typer.Option(help="Day after the last (YYYY-MM-DD).")] = None,
    region: Annotated[str | None, typer.Option(help="Only this region (e.g. ZK24).")] = None,
    out: Annotated[Path | None, typer.Option(help="CSV file to write (default: stdout).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export the monitoring (time to placement, share within 24 h, not placed by reason,
    occupancy, staleness) per region and organisation as CSV, or as JSON with --json."""
    import datetime as dt

    def day(name: str, value: str | None) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ParameterError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from exc

    first, last = day("start", start), day("end", end)
    if first is not None and last is not None and last < first:
        raise ParameterError(f"--end {last} lies before --start {first}")
    if out is not None and not out.parent.is_dir():
        raise ParameterError(f"--out {out}: directory {out.parent} does not exist")
    service = _service(db)
    try:
        report = service.monitoring(None, start=first, end=last, region=region)
    finally:
        _close(service)
    from regioplan.placement.model import as_dict
    from regioplan.placement.monitoring import to_csv

    if as_json:
        emit_json(as_dict(report))
        return
    text = to_csv(report)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        stderr.print(f"wrote {out} ({len(report.rows)} rows)")


@app.command()
def pseudonymise(
    retention_days: Annotated[
        int, typer.Option(help="Pseudonymise requests closed longer ago than this.")
    ] = 90,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pseudonymise closed requests after the retention period (reference removed)."""
    service = _service(db, _config(retention_days=retention_days))
    try:
        count = service.pseudonymise(None)
    finally:
        _close(service)
    if as_json:
        emit_json({"pseudonymised": count, "retention_days": retention_days})
    else:
        stdout.print(f"pseudonymised {count} closed request(s)")


@app.command()
def expire(hold_minutes: HoldOption = 30, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Record lapsed holds as expired (housekeeping: reads already treat them so)."""
    service = _service(db, _config(hold_minutes=hold_minutes))
    try:
        count = service.expire_due()
    finally:
        _close(service)
    if as_json:
        emit_json({"expired": count})
    else:
        stdout.print(f"{count} lapsed hold(s) recorded as expired")


__all__ = ["app"]
