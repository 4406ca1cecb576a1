"""Fixtures of the placement tests: a database on each backend with a small region in it.

PostgreSQL at 127.0.0.1:5432 (trust, database ``test``) in a schema of its own per test,
skipped with the reason when it is not reachable -- the pattern of ``tests/store``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from pg_support import fresh_schema, pg_base_url
from regioplan.placement import PlacementConfig, PlacementService, User
from regioplan.placement.validation import RequestInput
from regioplan.store import Database, FixedClock, open_database

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
FAST = PlacementConfig(argon2_time_cost=1, argon2_memory_kib=8)
"""Cheap password hashing: tests log in often; the production cost is the default."""


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL schema; dropped after the test."""
    yield from fresh_schema("rp_test_")


@pytest.fixture(scope="session")
def pg_migrated_schema() -> Iterator[tuple[str, str]]:
    """(URL, schema) of one PostgreSQL schema migrated to the head revision, for this test
    process; :func:`pg_migrated_url` empties it before each test that uses it."""
    base, why = pg_base_url()
    if base is None:
        pytest.skip(why)
    schema = f"rp_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}?options=-csearch_path%3D{schema}"
    try:
        open_database(url).close()
        yield url, schema
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def pg_migrated_url(pg_migrated_schema: tuple[str, str]) -> str:
    """URL of a PostgreSQL schema at the head revision with no rows:
    the session's migrated schema, its rows deleted and its id sequences restarted -- a migration
    per test would cost most of a placement test's time (tests of the migrations themselves
    take :func:`pg_url`)."""
    url, schema = pg_migrated_schema
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL lock_timeout = '10s'"))
            names = [
                f'"{schema}"."{name}"'
                for name in conn.execute(
                    sa.text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = :s "
                        "AND tablename <> 'alembic_version'"
                    ),
                    {"s": schema},
                ).scalars()
            ]
            superuser = conn.execute(
                sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar_one()
            if superuser:
                # DELETE is much faster than TRUNCATE on tables this small; the replica role
                # skips the foreign-key and append-only triggers, in this transaction only
                conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
                for name in names:
                    conn.execute(sa.text(f"DELETE FROM {name}"))
                for seq in conn.execute(
                    sa.text("SELECT sequencename FROM pg_sequences WHERE schemaname = :s"),
                    {"s": schema},
                ).scalars():
                    conn.execute(sa.text(f'ALTER SEQUENCE "{schema}"."{seq}" RESTART'))
            else:
                # append-only tables (the audit, the registry's versions) refuse TRUNCATE by
                # trigger: their triggers are off inside this transaction only
                for name in names:
                    conn.execute(sa.text(f"ALTER TABLE {name} DISABLE TRIGGER USER"))
                conn.execute(sa.text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
                for name in names:
                    conn.execute(sa.text(f"ALTER TABLE {name} ENABLE TRIGGER USER"))
    finally:
        engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'placement.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to the head revision once; tests copy it."""
    path = tmp_path_factory.mktemp("placement-schema") / "schema.sqlite"
    open_database(path, wal=False).close()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The backend of :func:`db` and :func:`world`: each test runs on both."""
    param: str = request.param
    return param


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'placement.sqlite'}"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def db(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock
) -> Iterator[Database]:
    """An empty database at the head revision on each backend: a copy of the migrated SQLite
    template, or the emptied PostgreSQL schema of :func:`pg_migrated_url`."""
    if backend == "sqlite":
        target = tmp_path / "placement.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        url = f"sqlite:///{target}"
    else:
        url = request.getfixturevalue("pg_migrated_url")
    database = open_database(url, clock=clock)
    try:
        yield database
    finally:
        database.close()


@dataclass
class World:
    """A small region (ZK24) with one user of every role, and one outside it (ZK08)."""

    service: PlacementService
    clock: FixedClock
    admin: User
    coordinator: User
    analyst: User
    gp: User
    other_gp: User
    manager: User
    other_manager: User
    far_coordinator: User
    care_org: int
    other_care_org: int
    location: int
    location2: int
    other_location: int

    def request(self, user: User | None = None, **kw: object) -> int:
        values: dict[str, object] = {
            "reference": "HA-2026-0042",
            "care_type": "elv_high",
            "urgency": "same_day",
            "municipality": "GM0505",
            "needs": ("dementia",),
        }
        values.update(kw)
        created = self.service.submit_request(user or self.gp, RequestInput(**values))  # type: ignore[arg-type]
        return created.id

    def unit(self, location: int | None = None, bed_type: str = "elv_high") -> int:
        """A free bed unit of `location` (default: the first care location)."""
        import sqlalchemy as sa

        from regioplan.placement.tables import bed_units, holds

        with self.service.db.transaction(write=False) as conn:
            claimed = sa.select(holds.c.bed_unit_id).where(
                holds.c.status.in_(("held", "accepted", "admitted"))
            )
            return int(
                conn.execute(
                    sa.select(bed_units.c.id)
                    .where(
                        bed_units.c.location_id == (location or self.location),
                        bed_units.c.bed_type == bed_type,
                        bed_units.c.active.is_(True),
                        bed_units.c.id.not_in(claimed),
                    )
                    .order_by(bed_units.c.id)
                )
                .scalars()
                .first()
            )


def build_world(db: Database, clock: FixedClock, config: PlacementConfig = FAST) -> World:
    s = PlacementService(db, config)

    def org(name: str, kind: str, region: str, municipality: str) -> int:
        return s.add_organisation(
            None, name=name, kind=kind, region=region, municipality=municipality
        ).id

    desk = org("RCP Zuid-Holland Zuid", "coordination_desk", "ZK24", "GM0505")
    far_desk = org("RCP Friesland", "coordination_desk", "ZK08", "GM0080")
    care = org("Zorggroep Example A", "care_org", "ZK24", "GM0505")
    other_care = org("Zorggroep Example B", "care_org", "ZK24", "GM0512")
    gp_practice = org("Huisartsenpraktijk Example", "gp_practice", "ZK24", "GM0590")
    other_practice = org("Huisartsenpraktijk Other", "gp_practice", "ZK24", "GM0642")
    office = org("Beheer", "other", "ZK24", "GM0505")

    def user(name: str, role: str, organisation: int) -> User:
        return s.add_user(
            None, username=name, password=PASSWORD, role=role, organisation_id=organisation
        )

    loc = s.add_location(
        None,
        organisation_id=care,
        name="Locatie Dordrecht",
        municipality="GM0505",
        features=("dementia", "oxygen"),
    ).id
    loc2 = s.add_location(
        None,
        organisation_id=care,
        name="Locatie Zwijndrecht",
        municipality="GM0642",
        features=("isolation",),
    ).id
    other_loc = s.add_location(
        None,
        organisation_id=other_care,
        name="Locatie Gorinchem",
        municipality="GM0512",
        features=("dementia",),
    ).id
    w = World(
        service=s,
        clock=clock,
        admin=user("admin", "administrator", office),
        coordinator=user("coord", "coordinator", desk),
        analyst=user("analyst", "analyst", office),
        gp=user("gp1", "referrer", gp_practice),
        other_gp=user("gp2", "referrer", other_practice),
        manager=user("manager", "bed_manager", care),
        other_manager=user("manager2", "bed_manager", other_care),
        far_coordinator=user("coord-fr", "coordinator", far_desk),
        care_org=care,
        other_care_org=other_care,
        location=loc,
        location2=loc2,
        other_location=other_loc,
    )
    s.set_capacity(
        w.manager, location_id=loc, bed_type="elv_high", physical=10, staffed=8, occupied=6
    )
    s.set_capacity(
        w.manager, location_id=loc2, bed_type="elv_high", physical=4, staffed=4, occupied=3
    )
    s.set_capacity(
        w.other_manager,
        location_id=other_loc,
        bed_type="elv_high",
        physical=6,
        staffed=5,
        occupied=4,
    )
    return w


@pytest.fixture
def world(backend: str, request: pytest.FixtureRequest, clock: FixedClock) -> Iterator[World]:
    """The small region on each backend: on SQLite a copy of :func:`world_template` (unless
    the test also takes :func:`db`, whose database it then fills), on PostgreSQL built in the
    emptied migrated schema."""
    if backend == "sqlite" and "db" not in request.fixturenames:
        tmp_path: Path = request.getfixturevalue("tmp_path")
        w = clone_world(request.getfixturevalue("world_template"), tmp_path / "w.sqlite", clock)
        try:
            yield w
        finally:
            w.service.db.close()
        return
    yield build_world(request.getfixturevalue("db"), clock)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """An SQLite file with the small region built once, and the ids of its objects; tests that
    need many fresh regions copy it (:func:`clone_world`) instead of building each."""
    path = tmp_path_factory.mktemp("placement-template") / "world.sqlite"
    clock = FixedClock(T0)
    with open_database(path, clock=clock, wal=False) as db:
        w = build_world(db, clock)
        ids = {
            "care_org": w.care_org,
            "other_care_org": w.other_care_org,
            "location": w.location,
            "location2": w.location2,
            "other_location": w.other_location,
        }
    return path, ids


def clone_world(template: tuple[Path, dict[str, int]], target: Path, clock: FixedClock) -> World:
    """A fresh copy of the template region in the SQLite file `target`, on `clock` (which must
    stand at T0 or later)."""
    source, ids = template
    shutil.copyfile(source, target)
    db = open_database(target, clock=clock)
    s = PlacementService(db, FAST)
    return World(
        service=s,
        clock=clock,
        admin=s.user("admin"),
        coordinator=s.user("coord"),
        analyst=s.user("analyst"),
        gp=s.user("gp1"),
        other_gp=s.user("gp2"),
        manager=s.user("manager"),
        other_manager=s.user("manager2"),
        far_coordinator=s.user("coord-fr"),
        **ids,
    )


_SELF = sys.modules[__name__]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> None:
    """The placement tests import their helpers with ``from conftest import ...``; when
    tests/registry is collected in the same run, its conftest was imported last under the same
    name ``conftest``, so point the name back at this one before each placement module is
    imported."""
    sys.modules["conftest"] = _SELF
