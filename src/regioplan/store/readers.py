"""Read a care-provider file (CSV or XLSX) into a :class:`RawTable` with line numbers.

CSV: UTF-8 (a BOM is allowed; Windows-1252 is accepted as a fallback), delimiter ``,``, ``;`` or
tab detected from the header; with ``;`` a decimal comma is accepted (Dutch Excel). Line numbers
count the header as line 1 and name the line where a record starts. XLSX: the sheet named
``providers`` if there is one, else the first sheet; row 1 is the header; line numbers are the
sheet's row numbers.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import hashlib
import io
import itertools
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from regioplan.errors import InputError, Problem, ValidationError
from regioplan.store.validate import RawTable

FORMATS: tuple[str, ...] = ("csv", "xlsx")
_BLOCK = 1 << 20


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


def _fingerprint(path: Path, *, text: bool = True) -> tuple[str, str]:
    """SHA-256 of the file's bytes and (for `text`) its encoding, ``utf-8-sig`` or ``cp1252``;
    read in blocks, so memory stays flat however long the file is."""
    digest = hashlib.sha256()
    encodings = ("utf-8-sig", "cp1252") if text else ()
    decoders = {e: codecs.getincrementaldecoder(e)() for e in encodings}
    failed: dict[str, UnicodeDecodeError] = {}
    try:
        with path.open("rb") as fh:
            while True:
                block = fh.read(_BLOCK)
                digest.update(block)
                for encoding, decoder in decoders.items():
                    if encoding not in failed:
                        try:
                            decoder.decode(block, final=not block)
                        except UnicodeDecodeError as exc:
                            failed[encoding] = exc
                if not block:
                    break
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory, expected a .csv or .xlsx file") from exc
    except OSError as exc:  # a name too long for the system, no permission ...
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    usable = [e for e in decoders if e not in failed]
    if not text:
        return digest.hexdigest(), ""
    if not usable:
        raise InputError(f"{path}: not UTF-8 or Windows-1252 text ({failed['cp1252']})")
    return digest.hexdigest(), usable[0]


class _Lines:
    """The physical lines of a CSV text, remembering the first line of the current record (to
    name the column where an unclosed quote opens)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.record_start = ""
        self.fresh = True

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if self.fresh:
            self.record_start, self.fresh = line, False
        return line


def _csv_problem(
    source: str, line: int, header: tuple[str, ...], first: str, delimiter: str, exc: csv.Error
) -> ValidationError:
    """The parse error of the record starting on `line` (its first physical line `first`)."""
    if "unexpected end of data" in str(exc):
        opened = next(csv.reader([first], delimiter=delimiter), [""])
        column = len(opened) - 1
        field = header[column] if 0 <= column < len(header) else "(row)"
        reason = (
            "unterminated quote: the quoted cell that opens on this line is never closed "
            '(add the closing " or remove the opening one)'
        )
    else:
        field, reason = "(row)", f"not valid CSV: {exc}"
    return ValidationError(
        [Problem(source, line, field, reason)], summary=f"{source}: not valid CSV"
    )


def _csv_table(lines: Iterator[str], source: str) -> RawTable:
    """A :class:`RawTable` whose rows are parsed lazily from `lines` (one pass, flat memory)."""
    skipped = 0
    for first in lines:  # blank lines before the header are skipped, as everywhere else
        if first.strip():
            break
        skipped += 1
    else:
        raise InputError(f"{source}: the file is empty; expected a header row")
    delimiter = max((",", ";", "\t"), key=first.split("\n", 1)[0].count)
    physical = _Lines(itertools.chain([first], lines))
    reader = csv.reader(physical, delimiter=delimiter, strict=True)
    header_line = skipped + 1
    try:
        header = _header(next(reader))
    except csv.Error as exc:
        raise _csv_problem(source, header_line, (), first, delimiter, exc) from exc

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        start = skipped + reader.line_num + 1
        physical.fresh = True
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_problem(
                    source, start, header, physical.record_start, delimiter, exc
                ) from exc
            if any(v.strip() for v in values):
                yield start, tuple(values)
            start = skipped + reader.line_num + 1
            physical.fresh = True

    return RawTable(source, header_line, header, rows(), decimal_comma=delimiter == ";")


def parse_csv(text: str, source: str) -> RawTable:
    """Parse CSV `text`; `source` names the file in problems. The rows are parsed as they are
    read (a parse error is raised then, as a :class:`~regioplan.errors.ValidationError`)."""
    return _csv_table(iter(io.StringIO(text, newline="")), source)


@contextmanager
def open_csv(path: Path, encoding: str | None = None) -> Iterator[RawTable]:
    """The table of CSV file `path`, read row by row while the block runs (flat memory)."""
    if encoding is None:
        _, encoding = _fingerprint(path)
    try:
        fh = path.open(encoding=encoding, newline="")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    with fh:
        yield _csv_table(iter(fh), str(path))


def read_csv(path: Path) -> RawTable:
    """Read a CSV import file (all rows in memory; :func:`open_csv` streams them)."""
    with open_csv(path) as table:
        return dataclasses.replace(table, rows=tuple(table.rows))


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


@contextmanager
def open_table(path: Path) -> Iterator[tuple[RawTable, str, str]]:
    """The table of `path` (CSV rows read as they are consumed), its format and the SHA-256 of
    its bytes, while the block runs."""
    fmt = file_format(path)
    digest, encoding = _fingerprint(path, text=fmt == "csv")
    if fmt == "xlsx":
        yield read_xlsx(path), fmt, digest
        return
    with open_csv(path, encoding) as table:
        yield table, fmt, digest


def read_table(path: Path) -> tuple[RawTable, str, str]:
    """The table of `path` (all rows in memory), its format and the SHA-256 of its bytes."""
    with open_table(path) as (table, fmt, digest):
        return dataclasses.replace(table, rows=tuple(table.rows)), fmt, digest


__all__ = [
    "FORMATS",
    "file_format",
    "open_csv",
    "open_table",
    "parse_csv",
    "read_csv",
    "read_table",
    "read_xlsx",
]
