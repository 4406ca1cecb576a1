"""Import speed of `regioplan data import` against a no-validation peer (pandas read_csv + to_sql),
and a region's own data at scale.

Run: .venv/bin/python benchmarks/store/bench_import.py [ROWS]          (default 5000)
     .venv/bin/python benchmarks/store/bench_import.py --scale [ROWS] [--repeat N]
                                                                       (default 200000, 2)

Default: generates a CSV of ROWS GP practices spread over all PC4 areas, then on SQLite
(temporary file) and PostgreSQL (a temporary schema in postgresql+psycopg://postgres@127.0.0.1:5432/
test, skipped when unreachable) times: the validated import (read, validate, resolve locations,
one transaction), reading it back with `Store.providers()`, and the peer: `pandas.read_csv` +
`DataFrame.to_sql` of the same file without any validation. Best of 3 runs each.

--scale: the same kind of file with ROWS rows (SYNTHETIC: a benchmark fixture, not data; the
practice names say so). On each backend: `regioplan data import` in a subprocess (wall time and
peak RSS from resource.getrusage(RUSAGE_CHILDREN)); then the regiobeeld of ZK24 built with
`regioplan report ZK24` against an empty database and against the one holding the dataset
(REGIOPLAN_DATABASE_URL), alternately, best of 2 each (`--repeat N` for best of N), and their
ratio, by wall time and by the process's CPU time (user + system: on a shared, loaded machine
the steadier of the two); and `load_own_data(ZK24)` (the region's rows only) timed in this
process. Targets (issue #21): import under 20 s and 500 MB, report within 1.5 x its time
without the dataset.
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from regioplan.data import pc4_areas
from regioplan.store import open_store

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REGIOPLAN = str(Path(sys.executable).with_name("regioplan"))


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def make_file(path: Path, rows: int, *, synthetic: bool = False) -> None:
    codes = list(pc4_areas().index)
    label = "SYNTHETIC benchmark practice" if synthetic else "practice"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["kind", "name", "pc4", "gp_headcount", "gp_fte", "np_headcount", "np_fte"])
        for i in range(rows):
            writer.writerow(["gp_practice", f"{label} {i}", codes[i % len(codes)], 3, 2.4, 1, 0.8])


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


def child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of `regioplan ARGS` run
    alone in a fresh process (a forked measuring process, so RUSAGE_CHILDREN holds only that
    one run)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the measuring child
        os.close(read)
        start = time.perf_counter()
        done = subprocess.run([REGIOPLAN, *args], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
        os.write(write, f"{done.returncode} {wall} {peak} {cpu}".encode())
        if done.returncode:
            sys.stderr.write(done.stderr)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as fh:
        code, *figures = fh.read().split()
    os.waitpid(pid, 0)
    if code != "0":
        raise SystemExit(f"regioplan {' '.join(args)} exited {code}")
    wall_s, peak_mb, cpu_s = (float(x) for x in figures)
    return wall_s, peak_mb, cpu_s


def scale(
    label: str, url: str, empty_url: str, path: Path, rows: int, out: Path, repeat: int
) -> None:
    from regioplan.regions import select_region
    from regioplan.store import load_own_data

    open_store(url).close()
    open_store(empty_url).close()
    wall, peak, _ = child(["data", "import", str(path), "--name", "synthetic", "--db", url])
    report = ["report", "ZK24", "--out", str(out)]
    runs: dict[str, list[tuple[float, float, float]]] = {"without": [], "with": []}
    for _ in range(repeat):  # alternating, so a change of the machine's load hits both
        runs["without"].append(child(report, {**os.environ, "REGIOPLAN_DATABASE_URL": empty_url}))
        runs["with"].append(child(report, {**os.environ, "REGIOPLAN_DATABASE_URL": url}))
    without, with_ = (min(r[0] for r in runs[k]) for k in ("without", "with"))
    cpu_without, cpu_with = (min(r[2] for r in runs[k]) for k in ("without", "with"))
    region = select_region("ZK24")
    with open_store(url) as store:
        t_own = best(lambda: load_own_data(region, store))
        own = load_own_data(region, store)
        t_all = best(lambda: store.providers(), repeat=2)
    n_own = 0 if own is None else len(own.providers)
    print(
        f"| {label} | {rows} | {wall:.1f} | {peak:.0f} | {without:.1f} | {with_:.1f} | "
        f"{with_ / without:.2f} | {cpu_without:.1f} | {cpu_with:.1f} | "
        f"{cpu_with / cpu_without:.2f} | {t_own:.2f} ({n_own} rows) | {t_all:.1f} |"
    )


@contextmanager
def pg_schema() -> Iterator[str | None]:
    """URL of a temporary PostgreSQL schema (dropped afterwards), or None when unreachable."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL skipped: {str(exc).splitlines()[0]}")
        yield None
        return
    try:
        yield f"{PG}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main_scale(rows: int, repeat: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "synthetic_providers.csv"
    make_file(path, rows, synthetic=True)
    print(
        "| backend | rows | import s | import peak MB | report ZK24 s without | with | ratio | "
        "report CPU s without | with | CPU ratio | load_own_data(ZK24) s | "
        "providers() all rows s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    empty = f"sqlite:///{tmp / 'empty.sqlite'}"
    x = tmp / "x.html"
    scale("SQLite", f"sqlite:///{tmp / 'bench.sqlite'}", empty, path, rows, x, repeat)
    with pg_schema() as url, pg_schema() as empty_pg:
        if url is not None and empty_pg is not None:
            scale("PostgreSQL", url, empty_pg, path, rows, x, repeat)


def main() -> None:
    args = sys.argv[1:]
    if "--scale" in args:
        repeat = 2
        if "--repeat" in args:
            at = args.index("--repeat")
            repeat = int(args[at + 1])
            del args[at : at + 2]
        rest = [a for a in args if a != "--scale"]
        main_scale(int(rest[0]) if rest else 200_000, repeat)
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "providers.csv"
    make_file(path, rows)
    print("| backend | rows | import s | read back s | peer read_csv+to_sql s | ratio |")
    print("|---|---|---|---|---|---|")
    run("SQLite", f"sqlite:///{tmp / 'bench.sqlite'}", path, rows)
    with pg_schema() as url:
        if url is not None:
            run("PostgreSQL", url, path, rows)


if __name__ == "__main__":
    main()
