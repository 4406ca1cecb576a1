"""The database on SQLite and PostgreSQL: migrations, import, replace, remove, read back."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from regioplan.errors import InputError, StorageError, ValidationError
from regioplan.store import PROVIDER_COLUMNS, Store, open_store
from regioplan.store import providers as store_module
from regioplan.store.database import alembic_config, open_database
from regioplan.store.tables import metadata

GOOD = "kind,name,pc4,gp_headcount,gp_fte\ngp_practice,A,3311,3,2.4\ngp_practice,B,3351,2,1.5\n"


def write(tmp_path: Path, text: str, name: str = "providers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_migration_from_empty_creates_the_schema(db_url: str) -> None:
    """Upgrading an empty database reaches head, and the schema equals the table definitions."""
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn)
            head = ScriptDirectory.from_config(alembic_config()).get_current_head()
            assert context.get_current_revision() == head
            # the provider import's own tables; later capabilities prefix theirs (placement_...)
            names = {
                n
                for n in sa.inspect(conn).get_table_names()
                if "_" not in n or n == "alembic_version"
            }
            assert names == {"alembic_version", "datasets", "providers"}
            assert compare_metadata(context, metadata) == []
    finally:
        store.close()


def test_opening_twice_is_a_no_op(db_url: str, tmp_path: Path, snapshot: type) -> None:
    """Opening runs the migrations only once: a second open changes nothing."""
    first = open_store(db_url)
    first.import_file(write(tmp_path, GOOD), name="a")
    before = snapshot(first)
    first.close()
    second = open_store(db_url)
    try:
        assert snapshot(second) == before
    finally:
        second.close()


def test_a_good_file_round_trips(store: Store, tmp_path: Path) -> None:
    report = store.import_file(write(tmp_path, GOOD))
    assert (report.dataset.name, report.dataset.rows, report.replaced) == ("providers", 2, False)
    assert report.dataset.municipalities == ("GM0505", "GM0590")
    frame = store.providers("providers")
    assert list(frame.columns) == list(PROVIDER_COLUMNS)
    assert frame[["name", "pc4", "gp_headcount", "gp_fte", "so_fte"]].to_dict("list") == {
        "name": ["A", "B"],
        "pc4": [3311, 3351],
        "gp_headcount": [3, 2],
        "gp_fte": [2.4, 1.5],
        "so_fte": [0.0, 0.0],
    }
    assert frame["pc4"].dtype == "Int64" and frame["gp_female"].isna().all()


def test_unreported_staff_is_0_or_na_on_request(store: Store, tmp_path: Path) -> None:
    """By default a blank headcount reads as 0; fill_zero=False keeps it apart from a real 0."""
    text = "kind,name,pc4,so_headcount,so_fte\nnursing_home,A,3311,,\nnursing_home,B,3311,0,0\n"
    store.import_file(write(tmp_path, text), name="n")
    filled, raw = store.providers("n"), store.providers("n", fill_zero=False)
    assert filled["so_headcount"].tolist() == [0, 0] and filled["so_fte"].tolist() == [0.0, 0.0]
    assert raw["so_headcount"].isna().tolist() == [True, False]
    assert raw["so_fte"].isna().tolist() == [True, False]
    assert (raw.dtypes["so_headcount"], raw.dtypes["so_fte"]) == ("Int64", "Float64")
    assert raw["gp_headcount"].isna().all()


def test_providers_of_an_empty_store_has_the_columns_and_types(store: Store) -> None:
    frame = store.providers()
    assert frame.empty and list(frame.columns) == list(PROVIDER_COLUMNS)
    assert frame.dtypes["pc4"] == "Int64" and frame.dtypes["gp_headcount"] == "int64"


def test_datasets_lists_provenance(store: Store, tmp_path: Path) -> None:
    store.import_file(write(tmp_path, GOOD), name="z")
    store.import_file(write(tmp_path, GOOD), name="a")
    infos = store.datasets()
    assert [i.name for i in infos] == ["a", "z"]
    assert infos[0].source == "providers.csv" and infos[0].format == "csv"
    assert len(infos[0].sha256) == 64 and infos[0].imported_at.tzinfo is not None
    assert infos[0].columns == ("kind", "name", "pc4", "gp_headcount", "gp_fte")
    assert infos[0].to_dict()["municipalities"] == ["GM0505", "GM0590"]


def test_reimport_is_refused_without_replace(store: Store, tmp_path: Path, snapshot: type) -> None:
    store.import_file(write(tmp_path, GOOD), name="w")
    before = snapshot(store)
    with pytest.raises(InputError, match="dataset 'w' exists already; use --replace"):
        store.import_file(write(tmp_path, GOOD), name="w")
    assert snapshot(store) == before


def test_replace_swaps_the_dataset(store: Store, tmp_path: Path) -> None:
    store.import_file(write(tmp_path, GOOD), name="w")
    store.import_file(write(tmp_path, GOOD), name="other")
    new = "kind,name,municipality\ncare_org,C,GM0512\n"
    report = store.import_file(write(tmp_path, new), name="w", replace=True)
    assert report.replaced
    assert store.providers("w")["name"].tolist() == ["C"]
    assert store.providers("other")["name"].tolist() == ["A", "B"]


def test_a_failed_replace_keeps_the_old_data(
    store: Store, tmp_path: Path, snapshot: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing the new rows fails after the old ones were deleted, nothing is lost."""
    store.import_file(write(tmp_path, GOOD), name="w")
    before = snapshot(store)

    def broken(*_args: object) -> None:
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(store_module, "_insert_providers", broken)
    with pytest.raises(StorageError, match="disk full"):
        store.import_file(
            write(tmp_path, "kind,name,pc4\ncare_org,C,3311\n"), name="w", replace=True
        )
    assert snapshot(store) == before


def test_a_bad_replace_keeps_the_old_data(store: Store, tmp_path: Path, snapshot: type) -> None:
    store.import_file(write(tmp_path, GOOD), name="w")
    before = snapshot(store)
    with pytest.raises(ValidationError):
        store.import_file(
            write(tmp_path, "kind,name,pc4\ncare_org,C,0000\n"), name="w", replace=True
        )
    assert snapshot(store) == before


def test_remove(store: Store, tmp_path: Path) -> None:
    store.import_file(write(tmp_path, GOOD), name="a")
    store.import_file(write(tmp_path, GOOD), name="b")
    removed = store.remove("a")
    assert (removed.name, removed.rows) == ("a", 2)
    assert [i.name for i in store.datasets()] == ["b"]
    assert store.providers()["dataset"].unique().tolist() == ["b"]
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM providers")).scalar_one() == 2


def test_unknown_dataset_names_the_known_ones(store: Store, tmp_path: Path) -> None:
    store.import_file(write(tmp_path, GOOD), name="a")
    with pytest.raises(InputError, match=r"unknown dataset 'x'; datasets in .*: 'a'"):
        store.remove("x")
    with pytest.raises(InputError, match="unknown dataset 'x'"):
        store.providers("x")


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 101])
def test_bad_dataset_names(store: Store, tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="must be 1-100 characters"):
        store.import_file(write(tmp_path, GOOD), name=name)


def test_database_constraints_back_up_validation(store: Store, tmp_path: Path) -> None:
    """Even a write that bypasses validation cannot store an unknown kind or a negative count."""
    store.import_file(write(tmp_path, GOOD), name="a")
    row = store.providers("a").iloc[0].to_dict()
    with store.engine.connect() as conn:
        dataset_id = conn.execute(sa.text("SELECT id FROM datasets")).scalar_one()
    values = {k: (None if pd.isna(v) else v) for k, v in row.items() if k != "dataset"}
    values = {**values, "dataset_id": dataset_id, "pc4": int(row["pc4"]), "kind": "hospital"}
    from regioplan.store.tables import providers

    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(providers.insert(), values)
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(providers.insert(), {**values, "kind": "care_org", "gp_headcount": -1})


def test_a_database_from_a_newer_regioplan_is_refused(db_url: str) -> None:
    store = open_store(db_url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff'"))
    store.close()
    with pytest.raises(
        StorageError, match=r"schema this regioplan does not know.*upgrade regioplan"
    ):
        open_store(db_url)


def test_unreachable_database_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match=r"database postgresql\+psycopg://nobody@127.0.0.1:1/x"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/x?connect_timeout=3")


def test_concurrent_writers_queue_on_sqlite(tmp_path: Path) -> None:
    """Writers in several threads (own connections) all succeed: BEGIN IMMEDIATE makes them wait."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    open_store(url).close()
    path = write(tmp_path, GOOD)
    failures: list[BaseException] = []

    def work(i: int) -> None:
        try:
            with open_store(url) as s:
                s.import_file(path, name=f"d{i}")
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with open_store(url) as s:
        assert [d.name for d in s.datasets()] == ["d0", "d1", "d2", "d3"]


def test_an_import_names_the_datasets_it_overlaps(store: Store, tmp_path: Path) -> None:
    """Providers of every dataset are added up per municipality: the report says which other
    datasets cover the same municipalities (a file imported twice would count twice)."""
    first = store.import_file(write(tmp_path, GOOD), name="a")
    assert first.overlaps == {}
    other = "kind,name,pc4\ngp_practice,C,3351\ngp_practice,D,1011\n"
    second = store.import_file(write(tmp_path, other, "other.csv"), name="b")
    assert second.overlaps == {"a": ("GM0590",)}
    assert second.to_dict()["overlaps"] == {"a": ["GM0590"]}
    again = store.import_file(write(tmp_path, GOOD), name="a", replace=True)
    assert again.overlaps == {"b": ("GM0590",)}


def test_single_read_reads_and_leaves_no_autocommit_behind(db_url: str) -> None:
    """`single_read` (one statement; autocommit on PostgreSQL) answers like a read transaction,
    and the pooled connection it used still rolls back a failed write transaction afterwards."""
    db = open_database(db_url)
    try:
        with db.transaction() as conn:
            conn.exec_driver_sql("CREATE TABLE probe (n INTEGER)")
            conn.exec_driver_sql("INSERT INTO probe VALUES (1)")
        for _ in range(3):  # every pooled connection has been through single_read
            with db.single_read() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM probe").scalar() == 1
        with pytest.raises(RuntimeError), db.transaction() as conn:
            conn.exec_driver_sql("INSERT INTO probe VALUES (2)")
            raise RuntimeError("abort the write")
        with db.single_read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM probe").scalar() == 1
        with pytest.raises(StorageError, match="probe_missing"), db.single_read() as conn:
            conn.exec_driver_sql("SELECT * FROM probe_missing")
    finally:
        db.close()


def test_a_server_keeps_as_many_connections_open_as_it_asks_for(db_url: str) -> None:
    """`connections` sizes a PostgreSQL pool (more threads than SQLAlchemy's default of 5 would
    otherwise open and close a connection per request); SQLite keeps its own pooling."""
    database = open_database(db_url, connections=9)
    try:
        held = [database.engine.connect() for _ in range(9)]
        for connection in held:
            connection.close()
        if database.dialect == "postgresql":
            pool = database.engine.pool
            assert isinstance(pool, sa.pool.QueuePool)
            assert pool.size() == 9 and pool.checkedin() == 9  # all nine kept open
        else:  # SQLAlchemy's default for a file
            assert isinstance(database.engine.pool, sa.pool.QueuePool)
            assert database.engine.pool.size() == 5
    finally:
        database.close()
