"""The database core: a URL, an engine, explicit transactions, one migration history, a clock.

An SQLite file ``regioplan.sqlite`` in the ``data_dir`` setting (else the user data directory) is
the embedded default; a path or an SQLAlchemy URL (setting ``database_url``, environment
``REGIOPLAN_DATABASE_URL``, e.g. ``postgresql+psycopg://user@host/db``) selects another database.

Every unit of work runs in one explicit transaction (:meth:`Database.transaction` for SQLAlchemy
Core, :meth:`Database.session` for the ORM). On SQLite the engine lets SQLAlchemy, not the sqlite3
module, begin transactions; a writing transaction starts with ``BEGIN IMMEDIATE`` so concurrent
writers (threads or processes) queue on the 30 s busy timeout instead of failing half-way (and
say so when they wait), foreign keys are enforced, and a file uses write-ahead logging so
readers never wait for a writer. On PostgreSQL migrations hold an advisory lock, so several server
processes may start at once.

>>> import datetime as dt
>>> from regioplan.store.clock import FixedClock
>>> db = open_database("sqlite://", clock=FixedClock(dt.datetime(2026, 1, 5, tzinfo=dt.UTC)))
>>> db.revision() is not None  # the head of the one history
True
>>> with db.transaction(write=False) as conn:
...     conn.execute(sa.text("SELECT count(*) FROM datasets")).scalar_one()
0
>>> db.clock.now().year
2026
>>> db.close()
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from regioplan.errors import InputError, StorageError
from regioplan.store.clock import Clock, SystemClock
from regioplan.store.registry import CAPABILITIES, Capability, tables

DEFAULT_FILENAME = "regioplan.sqlite"
BUSY_TIMEOUT_MS = 30_000
"""How long an SQLite writer waits for another writer's transaction to end."""
OVERFLOW = 16
"""Connections a server database opens beyond its `connections` when more threads need one at
once (long waits), closed again when returned."""
_CACHE_KIB = 32 * 1024  # SQLite page cache per connection (the default 2 MB spills big imports)

OnWait = Callable[[str], None] | None
"""Called with a message when a writer has to wait for another's lock (the CLI prints it)."""
_LOCK_KEY = 0x7265_6770  # PostgreSQL advisory lock that serialises migrations ("regp")


def default_database_path() -> Path:
    """``regioplan.sqlite`` in the ``data_dir`` setting or the platform's user data directory."""
    from regioplan import settings

    data_dir = settings.current().data_dir
    if not data_dir:
        import platformdirs

        data_dir = platformdirs.user_data_dir("regioplan")
    return Path(data_dir) / DEFAULT_FILENAME


def default_database_exists() -> bool:
    """Whether the default database exists (a configured URL counts as existing)."""
    from regioplan import settings

    return bool(settings.current().database_url) or default_database_path().is_file()


def resolve_url(url_or_path: str | os.PathLike[str] | None = None) -> str:
    """SQLAlchemy URL for a path, a URL, or (None) the configured default.

    The default SQLite file's directory is created; a given path's directory must exist.
    """
    if url_or_path is None:
        from regioplan import settings

        configured = settings.current().database_url
        if configured:
            return configured
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    text = os.fspath(url_or_path)
    if "://" in text:
        return text
    path = Path(text).expanduser()
    if not path.parent.is_dir():
        raise InputError(f"{path}: directory {path.parent} does not exist")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a database file")
    return f"sqlite:///{path.resolve()}"


def _make_engine(
    url: str, *, wal: bool | None, busy_timeout: float, on_wait: OnWait, connections: int | None
) -> Engine:
    pool: dict[str, int] = {}
    if connections is not None and not url.startswith("sqlite"):
        # kept open: a pool smaller than the threads that use it opens and closes a connection
        # for every request beyond it (SQLAlchemy's default keeps 5 and closes up to 10 more)
        pool = {"pool_size": connections, "max_overflow": OVERFLOW}
    try:
        engine = sa.create_engine(url, **pool)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise InputError(f"invalid database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _sqlite_discipline(engine, wal=wal, busy_timeout=busy_timeout, on_wait=on_wait)
    return engine


def _is_file(engine: Engine) -> bool:
    database = engine.url.database
    return bool(database) and database != ":memory:" and not str(database).startswith("file:")


def _sqlite_discipline(
    engine: Engine, *, wal: bool | None, busy_timeout: float, on_wait: OnWait
) -> None:
    """Explicit BEGIN by SQLAlchemy (IMMEDIATE for writers, announced when it has to wait),
    foreign keys, busy timeout, write-ahead logging for a file unless `wal` is False."""
    timeout_ms = round(busy_timeout * 1000)
    use_wal = _is_file(engine) if wal is None else wal
    where = engine.url.database or "(memory)"

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the sqlite3 module begins nothing itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cursor.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        if use_wal:
            # a writer in rollback mode may hold the file; WAL then comes with the next open
            with suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if not conn.get_execution_options().get("regioplan_write", False):
            conn.exec_driver_sql("BEGIN")
            return
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        _begin_immediate(dbapi, where=where, timeout_ms=timeout_ms, on_wait=on_wait)


def _begin_immediate(dbapi: Any, *, where: str, timeout_ms: int, on_wait: OnWait) -> None:
    """``BEGIN IMMEDIATE``: at once if the write lock is free; else say so through `on_wait`,
    wait up to `timeout_ms`, and then fail with a StorageError that says who holds the lock."""
    try:
        dbapi.execute("PRAGMA busy_timeout = 0")
        try:
            dbapi.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        if on_wait is not None:
            on_wait(
                f"waiting for the write lock of {where}: another import or writer holds it "
                f"(waiting up to {timeout_ms / 1000:g} s)"
            )
        dbapi.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        try:
            dbapi.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise StorageError(
                f"database {where}: another import or writer has held the write lock for more "
                f"than {timeout_ms / 1000:g} s; nothing was changed, try again when it has "
                "finished"
            ) from exc
    finally:
        dbapi.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def alembic_config(
    capabilities: Sequence[Capability] = CAPABILITIES, *, connection: Connection | None = None
) -> Any:
    """The Alembic ``Config`` of the one history: the shared ``env.py``, every capability's
    revisions, the metadata of their tables; `connection` is the one the migrations run on.

    Developers use it to write a revision (see ``docs/database.md``)."""
    from alembic.config import Config

    def escaped(path: object) -> str:  # configparser interpolates "%"
        return str(path).replace("%", "%%")

    config = Config()
    config.set_main_option(
        "script_location", escaped(resources.files("regioplan.store").joinpath("migrations"))
    )
    config.set_main_option("path_separator", "os")
    config.set_main_option(
        "version_locations",
        # several capabilities may keep their revisions in one directory: list it once
        os.pathsep.join(dict.fromkeys(escaped(c.versions_dir()) for c in capabilities)),
    )
    config.attributes["target_metadata"] = tables(capabilities)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


class Database:
    """One database: its engine, transactions, migrations and clock.

    >>> Database("sqlite://")
    Database('sqlite://')

    `clock` (default :class:`~regioplan.store.clock.SystemClock`) is where capabilities read the
    time. An SQLite file uses write-ahead logging (readers never wait for a writer; copy the file
    only after ``PRAGMA wal_checkpoint(TRUNCATE)`` or with ``sqlite3 FILE ".backup COPY"``);
    `wal=False` keeps SQLite's rollback journal (one file, for a network drive). A writer waits
    up to `busy_timeout` seconds for another writer's lock, calling `on_wait` with a message
    when it has to wait, and then fails with a StorageError saying that another writer holds
    the lock. `capabilities` defaults to every capability of this regioplan; tests pass their
    own. `connections` (PostgreSQL) is how many connections the process keeps open (a server
    passes its threads); None keeps SQLAlchemy's default (5, and up to 10 more opened and closed
    as needed), enough for a command.
    """

    def __init__(
        self,
        url: str,
        *,
        clock: Clock | None = None,
        wal: bool | None = None,
        busy_timeout: float = BUSY_TIMEOUT_MS / 1000,
        on_wait: OnWait = None,
        capabilities: Sequence[Capability] = CAPABILITIES,
        connections: int | None = None,
    ) -> None:
        self.engine: Engine = _make_engine(
            url, wal=wal, busy_timeout=busy_timeout, on_wait=on_wait, connections=connections
        )
        self.clock: Clock = SystemClock() if clock is None else clock
        self.capabilities = tuple(capabilities)
        self.on_wait = on_wait

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return str(self.engine.dialect.name)

    def __repr__(self) -> str:
        return f"Database({self.url!r})"

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Connection]:
        """One explicit transaction: committed when the block ends, rolled back on any error.

        Readers pass ``write=False`` (on SQLite a deferred BEGIN, so they do not queue behind
        writers; on PostgreSQL REPEATABLE READ, so that every statement of the transaction sees
        the same snapshot, as on SQLite). A database error becomes
        :class:`~regioplan.errors.StorageError` with the driver's words.
        """
        options: dict[str, Any] = {"regioplan_write": write}
        if not write and self.dialect == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"  # one snapshot, as on SQLite
        try:
            with self.engine.connect().execution_options(**options) as conn, conn.begin():
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            detail = str(getattr(exc, "orig", None) or exc).strip()
            raise StorageError(f"database {self.url}: {detail}") from exc

    @contextmanager
    def single_read(self) -> Iterator[Connection]:
        """A connection for ONE reading statement. On PostgreSQL it runs in autocommit: a
        single statement is its own snapshot, so the BEGIN and COMMIT round trips of
        :meth:`transaction` buy nothing (the placement service checks every API call's token
        this way). Elsewhere it is ``transaction(write=False)``. Errors as there."""
        if self.dialect != "postgresql":
            with self.transaction(write=False) as conn:
                yield conn
            return
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            detail = str(getattr(exc, "orig", None) or exc).strip()
            raise StorageError(f"database {self.url}: {detail}") from exc

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """An ORM session inside one :meth:`transaction`; flushed and committed at the end."""
        with self.transaction(write=write) as conn, Session(bind=conn) as session:
            yield session
            session.flush()

    def revision(self) -> str | None:
        """The database's current revision (None before the first migration)."""
        from alembic.migration import MigrationContext

        with self.transaction(write=False) as conn:
            current: str | None = MigrationContext.configure(conn).get_current_revision()
            return current

    def migrate(self, to: str = "head") -> None:
        """Bring the schema to revision `to` (default: the head of the one history), in one
        transaction. A database at a revision this regioplan does not know is refused.

        A database already at the head is only read, so opening it never waits for a writer."""
        from alembic import command
        from alembic.script import ScriptDirectory
        from alembic.util.exc import CommandError

        if to == "head":
            heads = ScriptDirectory.from_config(alembic_config(self.capabilities)).get_heads()
            if [self.revision()] == list(heads):
                return
        with self.transaction(write=True) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            config = alembic_config(self.capabilities, connection=conn)
            try:
                command.upgrade(config, to)
            except CommandError as exc:
                raise StorageError(
                    f"database {self.url} has a schema this regioplan does not know ({exc}); "
                    "upgrade regioplan"
                ) from exc


def open_database(
    url_or_path: str | os.PathLike[str] | None = None,
    *,
    clock: Clock | None = None,
    wal: bool | None = None,
    on_wait: OnWait = None,
    capabilities: Sequence[Capability] = CAPABILITIES,
    connections: int | None = None,
) -> Database:
    """The database at `url_or_path` (file path or SQLAlchemy URL; None: the configured default),
    migrated to the head revision. Creates the SQLite file if needed. See :class:`Database`."""
    database = Database(
        resolve_url(url_or_path),
        clock=clock,
        wal=wal,
        on_wait=on_wait,
        capabilities=capabilities,
        connections=connections,
    )
    try:
        database.migrate()
    except BaseException:
        database.close()
        raise
    return database


__all__ = [
    "BUSY_TIMEOUT_MS",
    "DEFAULT_FILENAME",
    "Database",
    "OnWait",
    "alembic_config",
    "default_database_exists",
    "default_database_path",
    "open_database",
    "resolve_url",
]
