"""The provider import, the first capability on the database core.

A :class:`Store` imports a region's own care-provider data (CSV or XLSX, validated as a whole)
as named datasets, lists and removes them, and reads providers back. It owns the tables in
:mod:`regioplan.store.tables` and the revisions in ``migrations/versions``, and reaches the
database only through :class:`~regioplan.store.database.Database`: one explicit transaction per
write, import times from the database's clock.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from regioplan.errors import InputError, ValidationError
from regioplan.store import tables
from regioplan.store.clock import Clock
from regioplan.store.database import Database, OnWait, open_database
from regioplan.store.readers import open_table
from regioplan.store.schema import COLUMNS, OPTIONAL_COUNT_COLUMNS, STAFF_COLUMNS
from regioplan.store.validate import RawTable, Record, Reference, check_header, validate_chunks

_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")
_IMPORT_LOCK_SPACE = 0x7270_6473  # first key of the advisory lock on a dataset name ("rpds")

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


class Store:
    """A region's own care-provider data in the regioplan database.

    Use :func:`open_store` to get one (it migrates the schema); ``Store(database)`` wraps an open
    :class:`~regioplan.store.database.Database`, whose clock stamps the import times.

    >>> store = open_store("sqlite://")  # in memory
    >>> store.datasets()
    []
    """

    def __init__(self, database: Database, *, reference: Reference | None = None) -> None:
        self.database = database
        self._reference = reference

    @property
    def engine(self) -> Engine:
        """The database's SQLAlchemy engine."""
        return self.database.engine

    @property
    def clock(self) -> Clock:
        """The database's clock: the time an import is stamped with."""
        return self.database.clock

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.database.url

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
        self.database.close()

    @property
    def reference(self) -> Reference:
        """Reference tables used to validate imports (bundled PC4 areas and municipalities)."""
        if self._reference is None:
            self._reference = Reference.bundled()
        return self._reference

    def _transaction(self, *, write: bool) -> AbstractContextManager[Connection]:
        return self.database.transaction(write=write)

    def migrate(self) -> None:
        """Bring the schema to the newest revision (see :meth:`Database.migrate`)."""
        self.database.migrate()

    # -- import ---------------------------------------------------------------------------------

    def import_file(
        self, path: str | os.PathLike[str], *, name: str | None = None, replace: bool = False
    ) -> ImportReport:
        """Validate and store a CSV or XLSX file of care providers as dataset `name`.

        `name` defaults to the file name without suffix. Nothing is stored when any row is bad
        (ValidationError lists every problem) or when a dataset of that name exists and
        `replace` is false (InputError). Replacing happens in the same single transaction. A CSV
        file is read, checked and inserted in chunks, so memory stays flat in its length.
        """
        file = Path(path)
        with open_table(file) as (table, fmt, digest):
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
        """Validate and store an already read table (see :meth:`import_file`).

        The rows are checked and inserted chunk by chunk inside one write transaction; any
        problem rolls it back, so a failed import changes nothing. Concurrent imports of one
        name are serialised (on PostgreSQL by an advisory lock on the name, on SQLite by the
        write lock): without `replace` one wins and the others find the name taken; with
        `replace` each replaces the one before.
        """
        name = name.strip()
        if not _NAME_RE.match(name):
            raise InputError(
                f"dataset name {name!r} must be 1-100 characters without control codes"
            )
        problems = check_header(table)
        if problems:
            raise ValidationError(problems, summary=f"{table.source}: bad header")
        reference = self.reference
        given = tuple(c.name for c in COLUMNS if c.name in table.header)
        now = _utc(self.clock.now())
        d = tables.datasets
        rows = 0
        municipalities: set[str] = set()
        with self._transaction(write=True) as conn:
            _lock_name(conn, name, self.database.on_wait)
            old = conn.execute(sa.select(d.c.id).where(d.c.name == name)).scalar_one_or_none()
            if old is not None and not replace:
                raise _exists(name)
            if old is not None:
                conn.execute(tables.providers.delete().where(tables.providers.c.dataset_id == old))
                conn.execute(d.delete().where(d.c.id == old))
            values = {
                "name": name,
                "source": source[:255],
                "format": format,
                "sha256": sha256,
                "imported_at": now,
                "rows": 0,
                "columns": ",".join(given),
            }
            dataset_id = conn.execute(d.insert().returning(d.c.id), values).scalar_one()
            columns = _insert_columns(table.header)
            for chunk in validate_chunks(table, reference):
                _insert_providers(conn, dataset_id, chunk, columns)
                rows += len(chunk)
                municipalities.update(str(r["municipality"]) for r in chunk)
            conn.execute(d.update().where(d.c.id == dataset_id).values(rows=rows))
        info = DatasetInfo(
            name=name,
            source=source[:255],
            format=format,
            sha256=sha256,
            imported_at=now,
            rows=rows,
            columns=given,
            municipalities=tuple(sorted(municipalities)),
        )
        overlaps = {
            other.name: tuple(c for c in other.municipalities if c in municipalities)
            for other in self.datasets()
            if other.name != name and municipalities & set(other.municipalities)
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

    def providers(
        self,
        dataset: str | None = None,
        *,
        fill_zero: bool = True,
        municipalities: Collection[str] | None = None,
    ) -> pd.DataFrame:
        """Providers of one dataset (or all), one row per location, in file order.

        `municipalities` (codes such as ``GM0505``) keeps only the providers that lie in them.

        Columns: :data:`PROVIDER_COLUMNS`. ``pc4`` and the optional counts (age and sex split,
        beds) are nullable ``Int64``. Headcounts are ``int64`` and FTEs ``float64``, 0 where the
        file gave none; with ``fill_zero=False`` they are nullable (``Int64``, ``Float64``) and
        ``<NA>`` where the file gave none, which tells "not reported" from "none".
        """
        frame, _ = self._read(dataset, fill_zero=fill_zero, municipalities=municipalities)
        return frame

    def _read(
        self,
        dataset: str | None = None,
        *,
        fill_zero: bool = True,
        municipalities: Collection[str] | None = None,
    ) -> tuple[pd.DataFrame, list[tuple[str, dt.datetime, str]]]:
        """:meth:`providers` and, read in the same transaction (one snapshot), the (name, import
        time, sha256) of the datasets they came from, sorted by name."""
        d, p = tables.datasets, tables.providers
        cols = [d.c.name.label("dataset"), *(p.c[c] for c in PROVIDER_COLUMNS[1:])]
        query = sa.select(*cols).join(d, d.c.id == p.c.dataset_id).order_by(d.c.name, p.c.line)
        if dataset is not None:
            query = query.where(d.c.name == dataset)
        if municipalities is not None:
            query = query.where(p.c.municipality.in_(sorted(set(municipalities))))
        with self._transaction(write=False) as conn:
            rows = conn.execute(query).all()
            stamps = {
                name: (name, _utc(at), digest)
                for name, at, digest in conn.execute(
                    sa.select(d.c.name, d.c.imported_at, d.c.sha256)
                )
            }
        if dataset is not None and not rows and dataset not in stamps:
            raise self._known(dataset)
        frame = pd.DataFrame.from_records(rows, columns=list(PROVIDER_COLUMNS))
        present = set(frame["dataset"].unique()) if len(frame) else set()
        return _typed(frame, fill_zero=fill_zero), sorted(stamps[n] for n in present)


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


_ALWAYS = (
    "line",
    "kind",
    "name",
    "municipality",
    "municipality_source",
    "pc4",
    "lat",
    "lon",
    "location_source",
)
"""Columns every stored row fills, whatever columns its file has."""


def _insert_columns(header: Collection[str]) -> tuple[str, ...]:
    """The provider columns an import of a file with `header` fills; the others stay NULL."""
    return (*_ALWAYS, *(c for c in (*STAFF_COLUMNS, *OPTIONAL_COUNT_COLUMNS) if c in header))


def _insert_providers(
    conn: Connection, dataset_id: int, records: Sequence[Record], columns: Sequence[str]
) -> None:
    """Insert validated records of one dataset (inside the caller's transaction).

    One driver-level ``executemany`` of plain tuples of the file's `columns` only: SQLAlchemy's
    per-row parameter processing and binding 60 mostly empty columns cost more than validating.
    """
    rows = [(dataset_id, *map(r.get, columns)) for r in records]
    if conn.dialect.name == "postgresql":
        _copy_providers(conn, rows, columns)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO providers (dataset_id, {', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * (len(columns) + 1))})"
    )
    conn.exec_driver_sql(sql, rows)


def _copy_providers(conn: Connection, rows: list[tuple[Any, ...]], columns: Sequence[str]) -> None:
    """PostgreSQL: the rows by ``COPY ... FROM STDIN`` (psycopg 3) on the transaction's own
    connection; executemany sends one statement per row and took 28 s for 200,000 rows."""
    dbapi: Any = conn.connection.dbapi_connection
    try:
        with (
            dbapi.cursor() as cursor,
            cursor.copy(f"COPY providers (dataset_id, {', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    except conn.dialect.loaded_dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(
            "COPY providers", None, exc, conn.dialect.loaded_dbapi.Error
        ) from exc


def _exists(name: str) -> InputError:
    return InputError(
        f"dataset {name!r} exists already; use --replace to replace it or --name to import "
        "under another name"
    )


def _lock_name(conn: Connection, name: str, on_wait: OnWait) -> None:
    """Serialise the imports of dataset `name` until the transaction ends.

    On PostgreSQL (READ COMMITTED) two imports could both find the name free and one would then
    fail on the unique constraint; the advisory lock makes the second wait (telling `on_wait`)
    and then see the first's commit. SQLite's write transaction (BEGIN IMMEDIATE) serialises
    them already.
    """
    if conn.dialect.name != "postgresql":
        return
    key = {"space": _IMPORT_LOCK_SPACE, "name": name}
    free = conn.execute(
        sa.text("SELECT pg_try_advisory_xact_lock(CAST(:space AS integer), hashtext(:name))"), key
    ).scalar_one()
    if free:
        return
    if on_wait is not None:
        on_wait(f"waiting for another import of dataset {name!r} to finish")
    conn.execute(
        sa.text("SELECT pg_advisory_xact_lock(CAST(:space AS integer), hashtext(:name))"), key
    )


def open_store(
    url_or_path: str | os.PathLike[str] | None = None,
    *,
    reference: Reference | None = None,
    clock: Clock | None = None,
    on_wait: OnWait = None,
) -> Store:
    """Open the database at `url_or_path` (a file path or SQLAlchemy URL; None: the default).

    Creates the SQLite file if needed and brings the schema up to date with Alembic
    (:func:`~regioplan.store.database.open_database`). `clock` stamps the import times (default:
    the system clock); `on_wait` is told when a write has to wait for another writer.
    """
    return Store(open_database(url_or_path, clock=clock, on_wait=on_wait), reference=reference)


__all__ = ["PROVIDER_COLUMNS", "DatasetInfo", "ImportReport", "Store", "open_store"]
