"""Fixtures: a fresh, migrated database per test on SQLite (always) and PostgreSQL (when reachable).

PostgreSQL runs at 127.0.0.1:5432 with trust authentication, database ``test``; we try the users
``postgres`` then ``root``. Each test gets its own schema (``rp_test_<random>``, selected through
``search_path``), dropped afterwards, so tests never see each other's data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from pg_support import fresh_schema
from regioplan.store import Store, open_store

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL schema; the schema is dropped after the test."""
    yield from fresh_schema("rp_test_")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'regioplan.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated store on each backend, closed after the test."""
    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: the database's whole content."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        names = sorted(sa.inspect(conn).get_table_names())
        meta = sa.MetaData()
        meta.reflect(conn, only=names)
        for name in names:
            table = meta.tables[name]
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            out[name] = [tuple(r) for r in rows]
    return out


def sqlite_bytes(store: Store) -> bytes | None:
    """The SQLite file's bytes after a checkpoint (None for other backends).

    The file is in write-ahead-logging mode: committed pages wait in ``-wal`` until a checkpoint
    copies them into the file (as closing the last connection does), and only then do the
    file's bytes hold everything committed. A rolled-back transaction is never copied."""
    database = store.engine.url.database
    if store.engine.dialect.name != "sqlite" or not database:
        return None
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(database).read_bytes()


class Snapshot:
    """The content of a store (and, on SQLite, its file bytes), to compare before and after."""

    def __init__(self, store: Store) -> None:
        self.content = dump(store)
        self.file = sqlite_bytes(store)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Snapshot)
            and self.content == other.content
            and self.file == other.file
        )

    def __repr__(self) -> str:
        rows = {k: len(v) for k, v in self.content.items()}
        return f"Snapshot(rows={rows}, file_bytes={None if self.file is None else len(self.file)})"


@pytest.fixture
def snapshot() -> type[Snapshot]:
    """`snapshot(store)` captures a store's whole content for before/after comparisons."""
    return Snapshot
