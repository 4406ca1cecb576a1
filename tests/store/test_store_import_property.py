"""Property tests: an import either stores every row exactly or changes nothing at all.

Files are generated from a pool of good rows and a catalogue of ways to spoil a row; the error must
name exactly the spoiled lines (header = line 1), and the database must be unchanged (every row of
every table, and on SQLite the file's bytes).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regioplan.data import municipalities, pc4_areas
from regioplan.errors import ValidationError
from regioplan.store import Store
from regioplan.store.schema import AGE_BANDS, BED_KINDS, BED_TYPES, COLUMNS, KINDS, STAFF

HEADER = [c.name for c in COLUMNS]
PC4 = pc4_areas()
MUNICIPALITIES = municipalities()
ZK24 = sorted(MUNICIPALITIES.index[MUNICIPALITIES["zorgkantoor_code"] == "ZK24"])
ZK24_PC4 = sorted(int(p) for p in PC4.index[PC4["municipality"].isin(ZK24)])
MISSING_PC4 = [p for p in range(1000, 10000) if p not in PC4.index][:50]
Row = dict[str, str]
DB_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def good_rows(draw: st.DrawFn, index: int) -> Row:
    """A valid row; `index` makes its name unique within a file."""
    kind = draw(st.sampled_from(KINDS))
    suffix = draw(st.text(alphabet="abcé ,'\"-", max_size=12)).strip()
    row: Row = {"kind": kind, "name": f"P{index} {suffix}".strip()}
    where = draw(st.sampled_from(["pc4", "latlon", "municipality", "pc4+municipality", "all"]))
    if "pc4" in where or where == "all":
        row["pc4"] = str(draw(st.sampled_from(ZK24_PC4)))
    if where in ("latlon", "all"):
        row["lat"] = repr(draw(st.floats(51.70, 52.00)))
        row["lon"] = repr(draw(st.floats(4.50, 5.10)))
    if "municipality" in where or where == "all":
        row["municipality"] = draw(st.sampled_from(ZK24))
    for p in draw(st.sets(st.sampled_from(STAFF))):
        head = draw(st.integers(0, 25))
        row[f"{p}_headcount"] = str(head)
        row[f"{p}_fte"] = str(round(draw(st.floats(0, 1)) * 1.2 * head, 2))
        if head and draw(st.booleans()):
            a = draw(st.integers(0, head))
            b = draw(st.integers(0, head - a))
            row.update(
                {f"{p}_{AGE_BANDS[0]}": str(a), f"{p}_{AGE_BANDS[1]}": str(b)}
                | {f"{p}_{AGE_BANDS[2]}": str(head - a - b)}
            )
        if draw(st.booleans()):
            row[f"{p}_female"] = str(draw(st.integers(0, head)))
    if kind in BED_KINDS:
        for bed in draw(st.sets(st.sampled_from(list(BED_TYPES)))):
            row[bed] = str(draw(st.integers(0, 200)))
    return row


def _set(**cells: str) -> Callable[[Row], Row]:
    return lambda row: {**row, **cells}


def _drop_location(row: Row) -> Row:
    return {k: v for k, v in row.items() if k not in ("pc4", "lat", "lon", "municipality")}


def _lat_only(row: Row) -> Row:
    return {**_drop_location(row), "lat": "51.8"}


SPOILERS: dict[str, Callable[[Row], Row]] = {
    "unknown kind": _set(kind="hospital"),
    "no name": _set(name=""),
    "malformed pc4": _set(pc4="33111"),
    "unknown pc4": _set(pc4=str(MISSING_PC4[7])),
    "lat outside NL": _set(lat="49.9", lon="4.7"),
    "lat without lon": _lat_only,
    "unknown municipality": _set(municipality="GM9999"),
    "no location": _drop_location,
    "negative headcount": _set(gp_headcount="-2"),
    "fractional headcount": _set(so_headcount="1.5"),
    "text headcount": _set(avg_headcount="veel"),
    "fte above 1.2 x headcount": _set(np_headcount="1", np_fte="1.5"),
    "fte without headcount": lambda r: {**r, "pa_headcount": "", "pa_fte": "0.8"},
    "age bands do not add up": _set(
        gp_headcount="4", gp_fte="3", gp_age_under_45="1", gp_age_45_59="1", gp_age_60_plus="1"
    ),
    "more women than persons": _set(so_headcount="2", so_fte="1", so_female="3"),
    "beds at a GP practice": _set(kind="gp_practice", beds_elv="3"),
    "not a number": _set(gp_headcount="2", gp_fte="n/a"),
}


@st.composite
def files(draw: st.DrawFn, *, min_bad: int) -> tuple[list[Row], set[int]]:
    """Rows of a file and the line numbers of the spoiled ones (header is line 1)."""
    n = draw(st.integers(max(1, min_bad), 12))
    bad = draw(st.sets(st.integers(0, n - 1), min_size=min_bad, max_size=n))
    rows = []
    for i in range(n):
        row = draw(good_rows(i))
        if i in bad:
            row = SPOILERS[draw(st.sampled_from(sorted(SPOILERS)))](row)
        rows.append(row)
    return rows, {i + 2 for i in bad}


def to_csv(rows: list[Row], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    return out.getvalue()


_counter = itertools.count()


@given(data=files(min_bad=1))
@DB_SETTINGS
def test_bad_rows_are_all_reported_and_nothing_changes(
    store: Store, tmp_path: Path, snapshot: type, data: tuple[list[Row], set[int]]
) -> None:
    rows, bad_lines = data
    if not store.datasets():
        store.import_file(Path(__file__).parents[2] / "examples" / "providers_waardenland.csv")
    path = tmp_path / f"spoiled{next(_counter)}.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    before = snapshot(store)
    try:
        store.import_file(path, name="providers_waardenland", replace=True)
    except ValidationError as exc:
        assert {p.line for p in exc.problems} == bad_lines
        assert all(p.source == str(path) for p in exc.problems)
    else:
        raise AssertionError(f"lines {sorted(bad_lines)} are bad but the import succeeded")
    assert snapshot(store) == before


def expected_frame(rows: list[Row], header: list[str]) -> pd.DataFrame:
    """What reading the rows back must give for the columns of the file (an independent oracle)."""
    counts = [c.name for c in COLUMNS if c.type == "count"]
    out: list[dict[str, Any]] = []
    for row in rows:
        cells = {c: row.get(c, "") for c in header}
        rec: dict[str, Any] = {"kind": cells["kind"], "name": cells["name"]}
        pc4 = int(cells["pc4"]) if cells.get("pc4") else None
        rec["pc4"] = pd.NA if pc4 is None else pc4
        if cells.get("lat"):
            rec["lat"], rec["lon"] = float(cells["lat"]), float(cells["lon"])
        elif pc4 is not None:
            rec["lat"], rec["lon"] = PC4.at[pc4, "lat"], PC4.at[pc4, "lon"]
        else:
            place = MUNICIPALITIES.loc[cells["municipality"]]
            rec["lat"], rec["lon"] = place["lat"], place["lon"]
        if cells.get("municipality"):
            rec["municipality"] = cells["municipality"]
        elif pc4 is not None:
            rec["municipality"] = PC4.at[pc4, "municipality"]
        else:  # the municipality of the nearest PC4 point: checked in test_store_validate
            rec["municipality"] = None
        for col in counts:
            value = int(cells[col]) if cells.get(col) else None
            rec[col] = (value or 0) if col.endswith("_headcount") else value
        for p in STAFF:
            rec[f"{p}_fte"] = float(cells[f"{p}_fte"]) if cells.get(f"{p}_fte") else 0.0
        out.append(rec)
    return pd.DataFrame(out)


@given(
    rows=st.integers(1, 10).flatmap(lambda n: st.tuples(*(good_rows(i) for i in range(n)))),
    extra=st.sets(st.sampled_from([c.name for c in COLUMNS if not c.required])),
)
@DB_SETTINGS
def test_a_good_file_round_trips_exactly(
    store: Store, tmp_path: Path, rows: tuple[Row, ...], extra: set[str]
) -> None:
    """Import then read back gives the file's values (0 for absent staff, NA for absent splits)."""
    used = {c for row in rows for c, v in row.items() if v}
    if extra & {"lat", "lon"}:
        extra = extra | {"lat", "lon"}  # a header has both or neither
    header = [c.name for c in COLUMNS if c.required or c.name in used | extra]
    path = tmp_path / f"good{next(_counter)}.csv"
    path.write_text(to_csv(list(rows), header), encoding="utf-8")
    report = store.import_file(path, name="roundtrip", replace=True)
    assert report.dataset.rows == len(rows)
    got = store.providers("roundtrip")
    want = expected_frame(list(rows), header)
    for col in want.columns:
        pairs = [
            (None if pd.isna(g) else g, None if pd.isna(w) else w)
            for g, w in zip(got[col], want[col], strict=True)
            if not (col == "municipality" and pd.isna(w))
        ]
        assert [g for g, _ in pairs] == [w for _, w in pairs], col
    assert got["line"].tolist() == list(range(2, len(rows) + 2))
    raw = store.providers("roundtrip", fill_zero=False)
    for p in STAFF:
        for col, kind in ((f"{p}_headcount", int), (f"{p}_fte", float)):
            cells = [kind(row[col]) if row.get(col) else None for row in rows]
            assert [None if pd.isna(v) else v for v in raw[col]] == cells, col
