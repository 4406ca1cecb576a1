"""XLSX import (openpyxl): the same rows as CSV, sheet row numbers in problems.

``examples/providers_waardenland.xlsx`` is generated from the CSV example by :func:`csv_to_xlsx`;
run ``python tests/store/test_store_xlsx.py`` to regenerate it after editing the CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from regioplan.errors import InputError, ValidationError
from regioplan.store import Store

EXAMPLES = Path(__file__).parents[2] / "examples"


def _cell(text: str) -> Any:
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d*", text):
        return float(text)
    return text or None


def csv_to_xlsx(source: Path, target: Path, *, sheet: str = "providers") -> None:
    """Write the rows of CSV `source` to sheet `sheet` of `target`, numbers as numbers."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    with source.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            ws.append(row if i == 0 else [_cell(v) for v in row])
    ws.freeze_panes = "A2"
    ws.column_dimensions["B"].width = 48
    book.properties.creator = "regioplan (example data, not real)"
    book.properties.created = dt.datetime(2026, 1, 1)
    book.save(target)


def sheet(path: Path, rows: list[list[Any]], *, title: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for number, row in enumerate(rows, 1):
        for col, value in enumerate(row, 1):
            if value is not None:
                ws.cell(number, col, value)
    book.save(path)
    return path


def test_the_example_xlsx_holds_the_same_rows_as_the_csv(store: Store, tmp_path: Path) -> None:
    """The committed workbook is the CSV example, cell for cell after import."""
    store.import_file(EXAMPLES / "providers_waardenland.csv", name="csv")
    report = store.import_file(EXAMPLES / "providers_waardenland.xlsx", name="xlsx")
    assert report.dataset.format == "xlsx" and report.dataset.rows == 21
    from_csv = store.providers("csv").drop(columns="dataset")
    from_xlsx = store.providers("xlsx").drop(columns="dataset")
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def test_regenerated_xlsx_matches_the_committed_one(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.xlsx"
    csv_to_xlsx(EXAMPLES / "providers_waardenland.csv", fresh)
    old = openpyxl.load_workbook(EXAMPLES / "providers_waardenland.xlsx")["providers"]
    new = openpyxl.load_workbook(fresh)["providers"]
    assert list(old.values) == list(new.values)


def test_problems_carry_sheet_row_numbers(store: Store, tmp_path: Path) -> None:
    """Empty rows are skipped but counted: problems name the row Excel shows."""
    path = sheet(
        tmp_path / "p.xlsx",
        [
            ["kind", "name", "pc4", "gp_headcount", "gp_fte"],
            ["gp_practice", "A", 3311, 3, 2.4],
            [None],
            ["gp_practice", "B", "33xx", 2, 1.5],
            ["gp_practice", "C", 3311, "drie", 1],
            ["gp_practice", "D", 3311, dt.datetime(2024, 1, 1), None],
        ],
    )
    with pytest.raises(ValidationError) as info:
        store.import_file(path)
    assert [str(p).split(":", 1)[1] for p in info.value.problems] == [
        "4: pc4: expected a 4-digit postcode like 3311, got '33xx'",
        "5: gp_headcount: expected a number, got 'drie'",
        "6: gp_headcount: expected a number, got datetime.datetime(2024, 1, 1, 0, 0)",
    ]
    assert store.datasets() == []


def test_numbers_typed_as_numbers_or_text_are_the_same(store: Store, tmp_path: Path) -> None:
    header = ["kind", "name", "pc4", "lat", "lon", "gp_headcount", "gp_fte"]
    typed = sheet(tmp_path / "t.xlsx", [header, ["gp_practice", "A", 3311, None, None, 3, 2.5]])
    text = sheet(
        tmp_path / "s.xlsx", [header, ["gp_practice", "A", "3311", None, None, "3", "2.5"]]
    )
    store.import_file(typed, name="typed")
    store.import_file(text, name="text")
    a, b = store.providers("typed"), store.providers("text")
    pd.testing.assert_frame_equal(a.drop(columns="dataset"), b.drop(columns="dataset"))


def test_a_sheet_named_providers_is_preferred(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "notes"
    book.active.append(["read me first"])
    ws = book.create_sheet("providers")
    ws.append(["kind", "name", "municipality"])
    ws.append(["care_org", "X", "GM0505"])
    book.save(path)
    assert store.import_file(path).dataset.rows == 1


def test_a_broken_workbook_is_bad_input(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(InputError, match=r"broken.xlsx: not a readable .xlsx workbook"):
        store.import_file(path)


def test_other_file_types_are_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "p.ods"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"unsupported file type '.ods'; allowed: .csv, .xlsx"):
        store.import_file(path)


if __name__ == "__main__":
    csv_to_xlsx(EXAMPLES / "providers_waardenland.csv", EXAMPLES / "providers_waardenland.xlsx")
