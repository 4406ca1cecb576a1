"""Import speed of `regioplan data import` against a no-validation peer (pandas read_csv + to_sql).

Run: .venv/bin/python benchmarks/store/bench_import.py [ROWS]   (default 5000)

Generates a CSV of ROWS GP practices spread over all PC4 areas, then on SQLite (temporary file)
and PostgreSQL (a temporary schema in postgresql+psycopg://postgres@127.0.0.1:5432/test, skipped
when unreachable) times: the validated import (read, validate, resolve locations, one
transaction), reading it back with `Store.providers()`, and the peer: `pandas.read_csv` +
`DataFrame.to_sql` of the same file without any validation. Best of 3 runs each.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from regioplan.data import pc4_areas
from regioplan.store import open_store

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def make_file(path: Path, rows: int) -> None:
    codes = list(pc4_areas().index)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["kind", "name", "pc4", "gp_headcount", "gp_fte", "np_headcount", "np_fte"])
        for i in range(rows):
            writer.writerow(["gp_practice", f"practice {i}", codes[i % len(codes)], 3, 2.4, 1, 0.8])


def run(label: str, url: str, path: Path, rows: int) -> None:
    store = open_store(url)
    _ = store.reference  # load the bundled tables outside the timing
    t_import = best(lambda: store.import_file(path, name="bench", replace=True))
    t_read = best(lambda: store.providers("bench"))
    engine = sa.create_engine(url)
    t_peer = best(
        lambda: pd.read_csv(path).to_sql("peer", engine, if_exists="replace", index=False)
    )
    engine.dispose()
    store.close()
    print(
        f"| {label} | {rows} | {t_import:.2f} | {t_read:.2f} | {t_peer:.2f} | "
        f"{t_import / t_peer:.1f} |"
    )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "providers.csv"
    make_file(path, rows)
    print("| backend | rows | import s | read back s | peer read_csv+to_sql s | ratio |")
    print("|---|---|---|---|---|---|")
    run("SQLite", f"sqlite:///{tmp / 'bench.sqlite'}", path, rows)
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL skipped: {str(exc).splitlines()[0]}")
        return
    try:
        run("PostgreSQL", f"{PG}?options=-csearch_path%3D{schema}", path, rows)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
