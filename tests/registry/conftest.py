"""Fixtures of the registry tests: a database on each backend with two organisations and a
user of every role, and test records (marked test data: they never ship).

PostgreSQL at 127.0.0.1:5432 (trust, database ``test``) in a schema of its own per test,
skipped with the reason when it is not reachable -- the pattern of ``tests/placement``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from registry_world import T0, World, build_world

from regioplan.store import Database, FixedClock, open_database

PG_HOST = "127.0.0.1:5432"


@cache
def pg_base_url() -> tuple[str | None, str]:
    """(URL of the test database, '') or (None, why it is unreachable)."""
    errors = []
    for user in ("postgres", "root"):
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
    base, why = pg_base_url()
    if base is None:
        pytest.skip(why)
    schema = f"rp_reg_{uuid.uuid4().hex[:12]}"
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
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url


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


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return build_world(db, clock)
