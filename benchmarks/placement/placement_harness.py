"""What the placement benchmarks and reliability tests share: a database with a region in it,
bearer tokens without the argon2 cost of a login, and ``regioplan placement serve`` started on
127.0.0.1 in a process group of its own (so that ``kill -9`` reaches every worker), bounded in
time and always stopped.

Imported by ``benchmarks/placement/*.py`` and by ``tests/placement/test_reliability_*.py``
(which put this folder on ``sys.path``). It never imports Locust.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from regioplan.placement import PlacementConfig, PlacementService, RequestInput, User
from regioplan.placement.tables import audit, bed_units, holds, requests
from regioplan.store import Database, open_database

API = "/api/placement"
PG_BASE = "postgresql+psycopg://{user}@127.0.0.1:5432/test"
PG_USERS = ("postgres", "root")
PASSWORD = "correct horse battery"
SETUP_CONFIG = PlacementConfig(argon2_time_cost=1, argon2_memory_kib=8)
"""Cheap hashing for the users the harness adds; nobody logs in with a password (tokens)."""
ACTIVE = ("held", "accepted", "admitted")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_base_url() -> str | None:
    """The URL of the test database on 127.0.0.1:5432, or None when it is not reachable."""
    for user in PG_USERS:
        url = PG_BASE.format(user=user)
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return url
        except Exception:  # not usable with this user
            continue
        finally:
            engine.dispose()
    return None


@contextlib.contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A fresh schema in the PostgreSQL database `base`; its URL; dropped afterwards."""
    schema = f"rp_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@dataclass
class Region:
    """A region (ZK24) with a coordination desk, care organisations and a user of each role."""

    service: PlacementService
    desk: int
    practice: int
    care_orgs: list[int]
    locations: list[int]
    users: dict[str, User] = field(default_factory=dict)

    @property
    def db(self) -> Database:
        return self.service.db

    def token(self, username: str) -> str:
        return self.service.issue_api_token(self.service.user(username))

    def request(self, user: User, reference: str, care_type: str = "elv_high") -> int:
        value = RequestInput(
            reference=reference,
            care_type=care_type,
            urgency="same_day",
            municipality="GM0505",
            needs=("dementia",),
        )
        return self.service.submit_request(user, value).id

    def add_location(self, name: str, *, staffed: int, occupied: int, org: int = 0) -> int:
        """A location of care organisation `org` (index) with `staffed` elv_high beds of which
        `occupied` are occupied, reported by its bed manager."""
        loc = self.service.add_location(
            None,
            organisation_id=self.care_orgs[org],
            name=name,
            municipality="GM0505",
            features=("dementia",),
            example=True,
        ).id
        self.service.set_capacity(
            self.users[f"manager{org}"],
            location_id=loc,
            bed_type="elv_high",
            physical=staffed,
            staffed=staffed,
            occupied=occupied,
        )
        self.locations.append(loc)
        return loc

    def units(self, location: int) -> list[int]:
        with self.db.transaction(write=False) as conn:
            return list(
                conn.execute(
                    sa.select(bed_units.c.id)
                    .where(bed_units.c.location_id == location, bed_units.c.active.is_(True))
                    .order_by(bed_units.c.id)
                ).scalars()
            )


def build_region(db: Database, *, care_orgs: int = 2, referrers: int = 1) -> Region:
    """The region of the benchmarks (example organisations, labelled as such)."""
    s = PlacementService(db, SETUP_CONFIG)

    def org(name: str, kind: str) -> int:
        return s.add_organisation(
            None, name=name, kind=kind, region="ZK24", municipality="GM0505", example=True
        ).id

    desk = org("RCP Bench", "coordination_desk")
    practice = org("Praktijk Bench", "gp_practice")
    office = org("Beheer Bench", "other")
    cares = [org(f"Zorg Bench {i}", "care_org") for i in range(care_orgs)]
    region = Region(service=s, desk=desk, practice=practice, care_orgs=cares, locations=[])

    def user(name: str, role: str, organisation: int) -> None:
        region.users[name] = s.add_user(
            None, username=name, password=PASSWORD, role=role, organisation_id=organisation
        )

    user("coord", "coordinator", desk)
    user("admin", "administrator", office)
    user("analyst", "analyst", office)
    for i in range(referrers):
        user(f"gp{i}", "referrer", practice)
    for i, care in enumerate(cares):
        user(f"manager{i}", "bed_manager", care)
    return region


class Server:
    """``regioplan placement serve`` on 127.0.0.1 in its own process group.

    >>> with Server(url, workers=2) as server:   # doctest: +SKIP
    ...     httpx.get(server.base + "/api/placement/me")
    """

    def __init__(
        self,
        db_url: str,
        *,
        workers: int = 1,
        hold_minutes: int = 30,
        start_timeout: float = 60.0,
        log: Path | None = None,
    ) -> None:
        self.db_url = db_url
        self.workers = workers
        self.hold_minutes = hold_minutes
        self.start_timeout = start_timeout
        self.log = log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        command = [
            sys.executable,
            "-c",
            "from regioplan.cli import main; main()",
            "placement",
            "serve",
            "--db",
            self.db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--hold-minutes",
            str(self.hold_minutes),
        ]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            command, stdout=out, stderr=out, stdin=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + self.start_timeout
        # ready when every worker answers: ask a few times on fresh connections
        answered = 0
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"placement serve exited with {self.process.returncode}")
            try:
                httpx.get(self.base + API + "/me", timeout=2.0)
                answered += 1
                if answered >= 2 * self.workers:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"placement serve did not answer within {self.start_timeout} s")

    def kill9(self) -> None:
        """SIGKILL to the server's whole process group (the master and every worker)."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._reap()

    def stop(self) -> None:
        """SIGTERM to the group, SIGKILL after 10 s."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill9()
        self._reap()

    def _reap(self) -> None:
        # workers orphaned by a killed master still belong to the group: end them too
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def active_holds_per_unit(db: Database, units: list[int] | None = None) -> dict[int, int]:
    """Bed unit -> number of active holds (held, accepted, admitted) in the database."""
    query = (
        sa.select(holds.c.bed_unit_id, sa.func.count())
        .where(holds.c.status.in_(ACTIVE))
        .group_by(holds.c.bed_unit_id)
    )
    if units is not None:
        query = query.where(holds.c.bed_unit_id.in_(units))
    with db.transaction(write=False) as conn:
        return {int(u): int(n) for u, n in conn.execute(query).all()}


def counts(db: Database) -> dict[str, int]:
    """Rows of the tables the benchmarks write."""
    with db.transaction(write=False) as conn:
        return {
            t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
            for t in (requests, holds, audit)
        }


__all__ = [
    "API",
    "PASSWORD",
    "Region",
    "Server",
    "active_holds_per_unit",
    "build_region",
    "counts",
    "free_port",
    "open_database",
    "pg_base_url",
    "pg_schema",
]
