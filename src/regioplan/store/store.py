"""The regioplan database: open (and migrate) it, import, list and remove datasets, read providers.

An SQLite file ``regioplan.sqlite`` in the user data directory is the default; a path or an
SQLAlchemy URL (``REGIOPLAN_DATABASE_URL``, e.g. ``postgresql+psycopg://user@host/db``) selects
another database. Every write runs in one explicit transaction; on SQLite it starts with
``BEGIN IMMEDIATE`` so concurrent writers queue (30 s busy timeout) instead of failing half-way.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from regioplan.errors import InputError, StorageError
from regioplan.store import tables
from regioplan.store.readers import read_table
from regioplan.store.schema import COLUMNS, OPTIONAL_COUNT_COLUMNS, STAFF_COLUMNS
from regioplan.store.validate import RawTable, Record, Reference, validate

DEFAULT_FILENAME = "regioplan.sqlite"
_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")
_LOCK_KEY = 0x7265_6770  # PostgreSQL advisory lock that serialises migrations ("regp")

PROVIDER_COLUMNS: tuple[str, ...] = (
    "dataset",
    "kind",
    "name",
    "municipality",
    "pc4",
    "lat",
    "lon",
    "location_source",
    "municipality_source",
    "line",
    *STAFF_COLUMNS,
    *OPTIONAL_COUNT_COLUMNS,
)
"""Columns of :meth:`Store.providers`, in order."""


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
    """SQLAlchemy URL for a path, a URL, or (None) the configured default."""
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


@dataclass(frozen=True)
class DatasetInfo:
    """One imported dataset: its name and provenance (file, format, SHA-256, import time)."""

    name: str
    source: str
    format: str
    sha256: str
    imported_at: dt.datetime
    rows: int
    columns: tuple[str, ...]
    municipalities: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "name": self.name,
            "source": self.source,
            "format": self.format,
            "sha256": self.sha256,
            "imported_at": self.imported_at.isoformat(),
            "rows": self.rows,
            "columns": list(self.columns),
            "municipalities": list(self.municipalities),
        }


@dataclass(frozen=True)
class ImportReport:
    """What an import stored: the dataset, whether it replaced an older one of that name, and
    the other datasets that cover some of its municipalities (their providers are added up, so
    the same practices imported twice count twice)."""

    dataset: DatasetInfo
    replaced: bool
    overlaps: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset.to_dict(),
            "replaced": self.replaced,
            "overlaps": {name: list(codes) for name, codes in self.overlaps.items()},
        }


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _make_engine(url: str) -> Engine:
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise InputError(f"invalid database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _sqlite_transactions(engine)
    return engine


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, start transactions (explicit BEGIN)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("regioplan_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _migrations_dir() -> str:
    return str(resources.files("regioplan.store").joinpath("migrations"))


class Store:
    """The regioplan database. Use :func:`open_store` to get one (it migrates the schema).

    >>> store = open_store("sqlite://")  # in memory
    >>> store.datasets()
    []
    """

    def __init__(self, engine: Engine, *, reference: Reference | None = None) -> None:
        self.engine = engine
        self._reference = reference

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    @property
    def reference(self) -> Reference:
        """Reference tables used to validate imports (bundled PC4 areas and municipalities)."""
        if self._reference is None:
            self._reference = Reference.bundled()
        return self._reference

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Connection]:
        try:
            with (
                self.engine.connect().execution_options(regioplan_write=write) as conn,
                conn.begin(),
            ):
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            detail = str(getattr(exc, "orig", None) or exc).strip()  # the driver's words
            raise StorageError(f"database {self.url}: {detail}") from exc

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic), in one transaction."""
        from alembic import command
        from alembic.config import Config
        from alembic.util.exc import CommandError

        config = Config()
        config.set_main_option("script_location", _migrations_dir())
        with self._transaction(write=True) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            config.attributes["connection"] = conn
            try:
                command.upgrade(config, "head")
            except CommandError as exc:
                raise StorageError(
                    f"database {self.url} has a schema this regioplan does not know ({exc}); "
                    "upgrade regioplan"
                ) from exc

    # -- import ---------------------------------------------------------------------------------

    def import_file(
        self, path: str | os.PathLike[str], *, name: str | None = None, replace: bool = False
    ) -> ImportReport:
        """Validate and store a CSV or XLSX file of care providers as dataset `name`.

        `name` defaults to the file name without suffix. Nothing is stored when any row is bad
        (ValidationError lists every problem) or when a dataset of that name exists and
        `replace` is false (InputError). Replacing happens in the same single transaction.
        """
        file = Path(path)
        table, fmt, digest = read_table(file)
        return self.import_table(
            table,
            name=file.stem if name is None else name,
            source=file.name,
            format=fmt,
            sha256=digest,
            replace=replace,
        )

    def import_table(
        self,
        table: RawTable,
        *,
        name: str,
        source: str,
        format: str,
        sha256: str,
        replace: bool = False,
    ) -> ImportReport:
        """Validate and store an already read table (see :meth:`import_file`)."""
        name = name.strip()
        if not _NAME_RE.match(name):
            raise InputError(
                f"dataset name {name!r} must be 1-100 characters without control codes"
            )
        records = validate(table, self.reference)
        given = tuple(c.name for c in COLUMNS if c.name in table.header)
        now = dt.datetime.now(dt.UTC)
        with self._transaction(write=True) as conn:
            old = conn.execute(
                sa.select(tables.datasets.c.id).where(tables.datasets.c.name == name)
            ).scalar_one_or_none()
            if old is not None and not replace:
                raise InputError(
                    f"dataset {name!r} exists already; use --replace to replace it or --name to "
                    "import under another name"
                )
            if old is not None:
                conn.execute(tables.providers.delete().where(tables.providers.c.dataset_id == old))
                conn.execute(tables.datasets.delete().where(tables.datasets.c.id == old))
            dataset_id = conn.execute(
                tables.datasets.insert().returning(tables.datasets.c.id),
                {
                    "name": name,
                    "source": source[:255],
                    "format": format,
                    "sha256": sha256,
                    "imported_at": now,
                    "rows": len(records),
                    "columns": ",".join(given),
                },
            ).scalar_one()
            _insert_providers(conn, dataset_id, records)
        info = DatasetInfo(
            name=name,
            source=source[:255],
            format=format,
            sha256=sha256,
            imported_at=now,
            rows=len(records),
            columns=given,
            municipalities=tuple(sorted({str(r["municipality"]) for r in records})),
        )
        mine = set(info.municipalities)
        overlaps = {
            other.name: tuple(c for c in other.municipalities if c in mine)
            for other in self.datasets()
            if other.name != name and mine & set(other.municipalities)
        }
        return ImportReport(dataset=info, replaced=old is not None, overlaps=overlaps)

    # -- read and remove ------------------------------------------------------------------------

    def datasets(self) -> list[DatasetInfo]:
        """Every dataset, sorted by name, with the municipalities its providers lie in."""
        d, p = tables.datasets, tables.providers
        with self._transaction(write=False) as conn:
            rows = conn.execute(sa.select(d).order_by(d.c.name)).mappings().all()
            pairs = conn.execute(
                sa.select(p.c.dataset_id, p.c.municipality)
                .distinct()
                .order_by(p.c.dataset_id, p.c.municipality)
            ).all()
        by_id: dict[int, list[str]] = {}
        for dataset_id, municipality in pairs:
            by_id.setdefault(dataset_id, []).append(municipality)
        return [
            DatasetInfo(
                name=r["name"],
                source=r["source"],
                format=r["format"],
                sha256=r["sha256"],
                imported_at=_utc(r["imported_at"]),
                rows=r["rows"],
                columns=tuple(c for c in r["columns"].split(",") if c),
                municipalities=tuple(by_id.get(r["id"], [])),
            )
            for r in rows
        ]

    def _known(self, name: str) -> InputError:
        names = [d.name for d in self.datasets()]
        known = ", ".join(repr(n) for n in names) if names else "none"
        return InputError(f"unknown dataset {name!r}; datasets in {self.url}: {known}")

    def remove(self, name: str) -> DatasetInfo:
        """Delete dataset `name` and its providers (one transaction); return what was removed."""
        infos = {d.name: d for d in self.datasets()}
        if name not in infos:
            raise self._known(name)
        d = tables.datasets
        with self._transaction(write=True) as conn:
            dataset_id = conn.execute(
                sa.select(d.c.id).where(d.c.name == name)
            ).scalar_one_or_none()
            if dataset_id is None:  # removed by someone else in the meantime
                raise self._known(name)
            conn.execute(
                tables.providers.delete().where(tables.providers.c.dataset_id == dataset_id)
            )
            conn.execute(d.delete().where(d.c.id == dataset_id))
        return infos[name]

    def providers(self, dataset: str | None = None, *, fill_zero: bool = True) -> pd.DataFrame:
        """Providers of one dataset (or all), one row per location, in file order.

        Columns: :data:`PROVIDER_COLUMNS`. ``pc4`` and the optional counts (age and sex split,
        beds) are nullable ``Int64``. Headcounts are ``int64`` and FTEs ``float64``, 0 where the
        file gave none; with ``fill_zero=False`` they are nullable (``Int64``, ``Float64``) and
        ``<NA>`` where the file gave none, which tells "not reported" from "none".
        """
        d, p = tables.datasets, tables.providers
        cols = [d.c.name.label("dataset"), *(p.c[c] for c in PROVIDER_COLUMNS[1:])]
        query = sa.select(*cols).join(d, d.c.id == p.c.dataset_id).order_by(d.c.name, p.c.line)
        if dataset is not None:
            query = query.where(d.c.name == dataset)
        with self._transaction(write=False) as conn:
            rows = conn.execute(query).all()
        if dataset is not None and not rows and dataset not in {i.name for i in self.datasets()}:
            raise self._known(dataset)
        frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(PROVIDER_COLUMNS))
        return _typed(frame, fill_zero=fill_zero)


def _typed(frame: pd.DataFrame, *, fill_zero: bool) -> pd.DataFrame:
    types: dict[str, str] = {
        "dataset": "object",
        "kind": "object",
        "name": "object",
        "municipality": "object",
        "pc4": "Int64",
        "lat": "float64",
        "lon": "float64",
        "location_source": "object",
        "municipality_source": "object",
        "line": "int64",
    }
    for col in STAFF_COLUMNS:
        count = col.endswith("_headcount")
        values = pd.to_numeric(frame[col]).astype("Int64" if count else "Float64")
        frame[col] = (
            values.fillna(0).astype("int64" if count else "float64") if fill_zero else values
        )
        types[col] = str(frame[col].dtype)
    for col in OPTIONAL_COUNT_COLUMNS:
        types[col] = "Int64"
    return frame.astype(types)


def _insert_providers(conn: Connection, dataset_id: int, records: Sequence[Record]) -> None:
    """Insert the validated records of one dataset (inside the caller's transaction)."""
    rows = [{**r, "dataset_id": dataset_id} for r in records]
    conn.execute(tables.providers.insert(), rows)


def open_store(
    url_or_path: str | os.PathLike[str] | None = None, *, reference: Reference | None = None
) -> Store:
    """Open the database at `url_or_path` (a file path or SQLAlchemy URL; None: the default).

    Creates the SQLite file if needed and brings the schema up to date with Alembic.
    """
    store = Store(_make_engine(resolve_url(url_or_path)), reference=reference)
    try:
        store.migrate()
    except BaseException:
        store.close()
        raise
    return store


__all__ = [
    "DEFAULT_FILENAME",
    "PROVIDER_COLUMNS",
    "DatasetInfo",
    "ImportReport",
    "Store",
    "default_database_exists",
    "default_database_path",
    "open_store",
    "resolve_url",
]
