"""The database core on SQLite and PostgreSQL: one linear history, capabilities, clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from regioplan.errors import StorageError
from regioplan.store import (
    CAPABILITIES,
    Base,
    Capability,
    Database,
    FixedClock,
    SystemClock,
    metadata,
    open_database,
    open_store,
)
from regioplan.store.database import BUSY_TIMEOUT_MS, alembic_config

GOOD = "kind,name,pc4,gp_headcount\ngp_practice,A,3311,3\ngp_practice,B,3351,2\n"
T0 = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)

# A capability that exists only in this test: one table on the shared metadata and one revision
# after the current head, in a versions directory of its own.
NOTE_REVISION = '''"""Test-only capability: notes.

Revision ID: t001
Revises: HEAD
"""

import sqlalchemy as sa
from alembic import op

revision = "t001"
down_revision = "HEAD"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "test_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.String(50), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_test_notes"),
    )


def downgrade() -> None:
    op.drop_table("test_notes")
'''


@pytest.fixture
def notes(tmp_path: Path) -> Iterator[tuple[sa.Table, tuple[Capability, ...]]]:
    """The test capability's table (removed from the shared metadata afterwards) and the
    capabilities of this regioplan plus it."""
    versions = tmp_path / "notes_versions"
    versions.mkdir()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    # the test revision follows this regioplan's head, whichever capability added it last
    (versions / "t001_notes.py").write_text(NOTE_REVISION.replace("HEAD", head), encoding="utf-8")
    table = sa.Table(
        "test_notes",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.String(50), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    )
    try:
        yield table, (*CAPABILITIES, Capability("notes", tables=None, versions=versions))
    finally:
        metadata.remove(table)


def write(tmp_path: Path, text: str = GOOD) -> Path:
    path = tmp_path / "providers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_history_is_one_line() -> None:
    """Every capability's revisions form one history: one base, one head, no branches."""
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    assert [r.revision for r in revisions][-1] == "0001"  # existing databases still upgrade
    assert len(script.get_bases()) == 1 and len(script.get_heads()) == 1
    assert all(not r.branch_labels and not r.is_merge_point for r in revisions)


def test_empty_to_head_matches_the_tables(db_url: str) -> None:
    """On each backend an empty database migrates to the head, whose schema is the metadata."""
    with open_database(db_url) as db:
        assert db.revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_a_capability_adds_its_table_and_revision(
    db_url: str, tmp_path: Path, notes: tuple[sa.Table, tuple[Capability, ...]]
) -> None:
    """A database at 0001 with data upgrades through the test capability's revision on each
    backend: its table appears, the providers stay, and the schema equals the shared metadata."""
    table, capabilities = notes
    with Database(db_url) as db:
        db.migrate("0001")
    with open_store(db_url) as store:
        store.import_file(write(tmp_path), name="kept")
    with Database(db_url, capabilities=capabilities, clock=FixedClock(T0)) as db:
        db.migrate()
        assert db.revision() == "t001"
        with db.transaction() as conn:
            conn.execute(table.insert(), {"text": "hello", "written_at": db.clock.now()})
        with db.session(write=False) as session:
            assert session.execute(sa.select(table.c.text)).scalars().all() == ["hello"]
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    with pytest.raises(StorageError, match="schema this regioplan does not know"):
        open_store(db_url)  # a regioplan without the capability refuses the newer schema


def test_base_puts_orm_tables_on_the_shared_metadata() -> None:
    assert Base.metadata is metadata
    assert metadata.naming_convention["pk"] == "pk_%(table_name)s"


def test_the_injected_clock_stamps_imports(db_url: str, tmp_path: Path) -> None:
    """Import times come from the database's clock, not from the wall clock."""
    clock = FixedClock(T0)
    with open_store(db_url, clock=clock) as store:
        report = store.import_file(write(tmp_path), name="a")
        clock.advance(dt.timedelta(hours=2))
        store.import_file(write(tmp_path), name="b")
        assert report.dataset.imported_at == T0
        assert [(d.name, d.imported_at) for d in store.datasets()] == [
            ("a", T0),
            ("b", T0 + dt.timedelta(hours=2)),
        ]


def test_a_failed_transaction_writes_nothing(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        store.import_file(write(tmp_path), name="a")
        with pytest.raises(StorageError, match="nowhere"), store.database.transaction() as conn:
            conn.execute(sa.text("DELETE FROM providers"))
            conn.execute(sa.text("INSERT INTO nowhere VALUES (1)"))
        assert len(store.providers()) == 2


def test_sqlite_connections_enforce_foreign_keys_and_wait(tmp_path: Path) -> None:
    """A file is in write-ahead-logging mode unless wal=False; both modes wait for writers."""
    with Database(f"sqlite:///{tmp_path / 'a.sqlite'}") as db, db.transaction() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    with Database(f"sqlite:///{tmp_path / 'b.sqlite'}", wal=False) as db, db.transaction() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "delete"
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == BUSY_TIMEOUT_MS


def test_clocks() -> None:
    clock = FixedClock(T0)
    assert clock.set(T0 + dt.timedelta(days=1)) == clock.now() == T0 + dt.timedelta(days=1)
    with pytest.raises(ValueError, match="must not be negative"):
        clock.advance(dt.timedelta(seconds=-1))
    with pytest.raises(ValueError, match="must be timezone-aware"):
        FixedClock(dt.datetime(2026, 1, 1))
    assert SystemClock().now().tzinfo is dt.UTC
    with Database("sqlite://") as db:
        assert db.clock == SystemClock()
