"""Fixtures of the placement tests: a database on each backend with a small region in it.

PostgreSQL at 127.0.0.1:5432 (trust, database ``test``) in a schema of its own per test,
skipped with the reason when it is not reachable -- the pattern of ``tests/store``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa

from regioplan.placement import PlacementConfig, PlacementService, User
from regioplan.placement.validation import RequestInput
from regioplan.store import Database, FixedClock, open_database

PG_HOST = "127.0.0.1:5432"
PG_USERS = ("postgres", "root")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
FAST = PlacementConfig(argon2_time_cost=1, argon2_memory_kib=8)
"""Cheap password hashing: tests log in often; the production cost is the default."""


@cache
def pg_base_url() -> tuple[str | None, str]:
    """(URL of the test database, '') or (None, why it is unreachable)."""
    errors = []
    for user in PG_USERS:
        url = f"postgresql+psycopg://{user}@{PG_HOST}/test"
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return url, ""
        except Exception as exc:  # any failure means: not usable here
            errors.append(f"{user}: {str(exc).splitlines()[0]}")
        finally:
            engine.dispose()
    return None, f"PostgreSQL not reachable at {PG_HOST}/test ({'; '.join(errors)})"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL schema; dropped after the test."""
    base, why = pg_base_url()
    if base is None:
        pytest.skip(why)
    schema = f"rp_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'placement.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'placement.sqlite'}"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def db(db_url: str, clock: FixedClock) -> Iterator[Database]:
    database = open_database(db_url, clock=clock)
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
def world(db: Database, clock: FixedClock) -> World:
    return build_world(db, clock)


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
    import shutil

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
