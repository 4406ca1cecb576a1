"""Read a care-provider file (CSV or XLSX) into a :class:`RawTable` with line numbers.

CSV: UTF-8 (a BOM is allowed; Windows-1252 is accepted as a fallback), delimiter ``,``, ``;`` or
tab detected from the header; with ``;`` a decimal comma is accepted (Dutch Excel). Line numbers
count the header as line 1 and name the line where a record starts. XLSX: the sheet named
``providers`` if there is one, else the first sheet; row 1 is the header; line numbers are the
sheet's row numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import warnings
from pathlib import Path
from typing import Any

from regioplan.errors import InputError
from regioplan.store.validate import RawTable

FORMATS: tuple[str, ...] = ("csv", "xlsx")


def file_format(path: Path) -> str:
    """``csv`` or ``xlsx`` from the file suffix; InputError for anything else."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"{path}: unsupported file type {path.suffix!r}; allowed: .csv, .xlsx")
    return suffix


def _header(values: list[Any]) -> tuple[str, ...]:
    """Column names, lower case, without the empty cells at the end (trailing delimiters)."""
    names = ["" if v is None else str(v).strip().lower() for v in values]
    while names and names[-1] == "":
        names.pop()
    return tuple(names)


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 or Windows-1252 text ({exc})") from exc


def parse_csv(text: str, source: str) -> RawTable:
    """Parse CSV `text`; `source` names the file in problems."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    header_line = 1
    rows: list[tuple[int, tuple[Any, ...]]] = []
    start = 1
    try:
        for values in reader:
            if header is None:
                header, header_line = _header(list(values)), start
            elif any(v.strip() for v in values):
                rows.append((start, tuple(values)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{source}:{start}: not valid CSV: {exc}") from exc
    if header is None:
        raise InputError(f"{source}: the file is empty; expected a header row")
    return RawTable(source, header_line, header, tuple(rows), decimal_comma=delimiter == ";")


def read_csv(path: Path) -> RawTable:
    """Read a CSV import file."""
    return parse_csv(_decode(path, _read_bytes(path)), str(path))


def read_xlsx(path: Path) -> RawTable:
    """Read the providers sheet of an XLSX import file."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles of foreign workbooks
            book = openpyxl.load_workbook(path, data_only=True)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError ...
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    try:
        sheet = book["providers"] if "providers" in book.sheetnames else book.worksheets[0]
        lines = [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
        ]
    finally:
        book.close()
    if not lines:
        raise InputError(f"{path}: the sheet {sheet.title!r} is empty; expected a header row")
    header = _header(lines[0][1])
    rows = [
        (number, tuple(values))
        for number, values in lines[1:]
        if any(v is not None and str(v).strip() for v in values)
    ]
    return RawTable(f"{path}", 1, header, tuple(rows))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory, expected a .csv or .xlsx file") from exc


def read_table(path: Path) -> tuple[RawTable, str, str]:
    """The table of `path`, its format and the SHA-256 of its bytes."""
    fmt = file_format(path)
    digest = hashlib.sha256(_read_bytes(path)).hexdigest()
    table = read_csv(path) if fmt == "csv" else read_xlsx(path)
    return table, fmt, digest


__all__ = ["FORMATS", "file_format", "parse_csv", "read_csv", "read_table", "read_xlsx"]
