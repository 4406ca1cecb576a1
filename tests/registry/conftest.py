"""Fixtures of the registry tests: a database on each backend with two organisations and a
user of every role, and test records (marked test data: they never ship).

PostgreSQL at 127.0.0.1:5432 (trust, database ``test``) in a schema of its own per test,
skipped with the reason when it is not reachable -- the pattern of ``tests/placement``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from registry_world import T0, World, build_world

from pg_support import fresh_schema
from regioplan.store import Database, FixedClock, open_database


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from fresh_schema("rp_reg_")


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
