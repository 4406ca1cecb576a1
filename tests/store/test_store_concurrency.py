"""Concurrent clients on both backends: imports racing for one dataset name, readers next to a
writer, a writer that waits for another. Real threads, each with its own connections, against the
local servers; bounded in count (a few clients) and time (joins time out)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from regioplan.errors import InputError, StorageError, ValidationError
from regioplan.store import Database, ImportReport, Store, open_store

CLIENTS = 6
REGIOPLAN = str(Path(sys.executable).with_name("regioplan"))  # the CLI of this environment
JOIN_S = 60


def race(work: Callable[[int], object], clients: int = CLIENTS) -> list[object]:
    """Run `work(i)` in `clients` threads released together by a barrier; each result or error."""
    barrier = threading.Barrier(clients, timeout=JOIN_S)
    results: list[object] = [None] * clients

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:  # collected and asserted on by the caller
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_S)
    assert not any(t.is_alive() for t in threads), "a client hung"
    return results


@contextmanager
def clients(url: str, count: int = CLIENTS) -> Iterator[list[Store]]:
    """`count` stores on `url`, each with its own connections, opened (and migrated) before the
    race so that only the imports race."""
    stores = [open_store(url) for _ in range(count)]
    try:
        yield stores
    finally:
        for store in stores:
            store.close()


def files(tmp_path: Path, clients: int = CLIENTS) -> list[Path]:
    """One file per client, told apart by the practice's name."""
    paths = []
    for i in range(clients):
        path = tmp_path / f"client{i}.csv"
        path.write_text(f"kind,name,pc4\ngp_practice,client {i},3311\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_concurrent_fresh_imports_of_one_name_let_exactly_one_win(
    db_url: str, tmp_path: Path
) -> None:
    """Issue #21: on PostgreSQL racing imports of one new name failed with 'duplicate key value
    violates unique constraint' (exit 1). Now one wins and the others find the name taken."""
    paths = files(tmp_path)
    with clients(db_url) as stores:
        results = race(lambda i: stores[i].import_file(paths[i], name="rr"))
    won = [r for r in results if isinstance(r, ImportReport)]
    lost = [r for r in results if not isinstance(r, ImportReport)]
    assert len(won) == 1
    assert all(isinstance(e, InputError) and "exists already" in str(e) for e in lost), lost
    with open_store(db_url) as store:
        assert store.providers("rr")["name"].tolist() == [f"client {results.index(won[0])}"]


def test_concurrent_replaces_of_one_name_all_succeed_and_the_last_wins(
    db_url: str, tmp_path: Path
) -> None:
    """Issue #21: racing `--replace` imports failed on the unique constraint on PostgreSQL. Now
    they queue: the first creates the dataset, each later one replaces the one before, and the
    dataset is one whole file, never a mix."""
    paths = files(tmp_path)
    with clients(db_url) as stores:
        results = race(lambda i: stores[i].import_file(paths[i], name="rr", replace=True))
    assert all(isinstance(r, ImportReport) for r in results), results
    reports = [r for r in results if isinstance(r, ImportReport)]
    assert sorted(r.replaced for r in reports) == [False] + [True] * (CLIENTS - 1)
    with open_store(db_url) as store:
        (info,) = store.datasets()
        names = store.providers("rr")["name"].tolist()
    (last,) = [i for i, r in enumerate(reports) if r.dataset.imported_at == info.imported_at]
    assert names == [f"client {last}"]


def test_racing_imports_through_the_cli_exit_0_or_2(db_url: str, tmp_path: Path) -> None:
    """The command line: four processes, one name. Without --replace one exits 0 and the
    others 2 ('exists already'); with --replace all exit 0."""
    open_store(db_url).close()
    paths = files(tmp_path, 4)

    def run(replace: bool) -> list[tuple[int, str]]:
        cmd = [REGIOPLAN, "data", "import", "--db", db_url, "--name", "rr"]
        procs = [
            subprocess.Popen(
                [*cmd, *(["--replace"] if replace else []), str(p)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for p in paths
        ]
        errors = [p.communicate(timeout=JOIN_S)[1] for p in procs]
        return [(p.returncode, err) for p, err in zip(procs, errors, strict=True)]

    fresh = run(replace=False)
    assert sorted(code for code, _ in fresh) == [0, 2, 2, 2], fresh
    assert all("exists already" in err for code, err in fresh if code == 2)
    replaced = run(replace=True)
    assert [code for code, _ in replaced] == [0, 0, 0, 0], replaced


def test_readers_do_not_wait_for_a_writer_on_sqlite(tmp_path: Path) -> None:
    """Issue #21: while an import held the write lock, `data list` failed after 30 s with
    'database is locked' (opening migrated in a write transaction, and the rollback journal
    locks readers out). Now opening reads only and the file is in WAL mode."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    open_store(url).close()
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with Database(url) as db, db.transaction() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO datasets (name, source, format, sha256, "
                    "imported_at, rows, columns) VALUES ('w', 'w.csv', 'csv', '', "
                    "'2026-01-01 00:00:00', 0, '')"
                )
            )
            holding.set()
            release.wait(JOIN_S)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        assert holding.wait(JOIN_S)
        with open_store(url) as store:
            assert store.datasets() == []  # the writer's row is not committed yet
        done = subprocess.run(
            [REGIOPLAN, "data", "list", "--db", url],
            capture_output=True,
            text=True,
            timeout=JOIN_S,
        )
        assert done.returncode == 0, done.stderr  # before: 'database is locked' after 30 s
    finally:
        release.set()
        thread.join(JOIN_S)


def test_a_waiting_writer_says_so_and_gives_up_with_a_clear_error(tmp_path: Path) -> None:
    """A writer that finds the lock taken tells `on_wait`, and after the busy timeout fails with
    an error naming the other writer, not 'database is locked'."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    open_store(url).close()
    messages: list[str] = []
    with (
        Database(url) as holder,
        holder.transaction(),
        Database(url, busy_timeout=0.3, on_wait=messages.append) as db,
        pytest.raises(StorageError, match="another import or writer has held the write lock"),
        db.transaction(),
    ):
        pass
    assert len(messages) == 1 and messages[0].startswith("waiting for the write lock of ")
    with Database(url, on_wait=messages.append) as db, db.transaction():
        pass  # free again: no message
    assert len(messages) == 1


def test_the_cli_import_says_when_it_waits_for_another_import(tmp_path: Path) -> None:
    """`regioplan data import` prints a note on stderr while another writer holds the lock, and
    goes on when the lock is free."""
    db = tmp_path / "shared.sqlite"
    open_store(db).close()
    path = files(tmp_path, 1)[0]
    with Database(f"sqlite:///{db}") as holder, holder.transaction():
        proc = subprocess.Popen(
            [REGIOPLAN, "data", "import", "--db", str(db), str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        first = proc.stderr.readline()  # blocks until the note (or the child's end)
    _, rest = proc.communicate(timeout=JOIN_S)
    assert "waiting for the write lock" in first, first + rest
    assert proc.returncode == 0, first + rest


def test_a_bad_row_after_the_first_chunk_changes_nothing(
    db_url: str, tmp_path: Path, snapshot: type
) -> None:
    """An import inserts chunk by chunk in one transaction: a bad row late in the file rolls
    back the chunks already inserted, and the old dataset of that name stays."""
    from regioplan.store.validate import CHUNK_ROWS

    with open_store(db_url) as store:
        store.import_file(files(tmp_path, 1)[0], name="rr")
        before = snapshot(store)
        rows = [f"gp_practice,P{i},3311" for i in range(CHUNK_ROWS + 10)] + ["gp_practice,X,99"]
        path = tmp_path / "long.csv"
        path.write_text("kind,name,pc4\n" + "\n".join(rows) + "\n", encoding="utf-8")
        with pytest.raises(ValidationError) as caught:
            store.import_file(path, name="rr", replace=True)
        assert [(p.line, p.field) for p in caught.value.problems] == [(CHUNK_ROWS + 12, "pc4")]
        assert snapshot(store) == before


def test_a_nul_byte_is_refused_alike_on_both_backends(
    db_url: str, tmp_path: Path, snapshot: type
) -> None:
    """Issue #21: SQLite stored a NUL, PostgreSQL failed with exit 1 and no line. Both now
    refuse it in validation, with line and field, and store nothing."""
    path = tmp_path / "nul.csv"
    path.write_bytes(b"kind,name,pc4\ngp_practice,A\x00,3311\n")
    with open_store(db_url) as store:
        before = snapshot(store)
        with pytest.raises(ValidationError) as caught:
            store.import_file(path)
        assert [(p.line, p.field) for p in caught.value.problems] == [(2, "name")]
        assert snapshot(store) == before
