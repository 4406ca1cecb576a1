"""Validate a care-provider table and resolve every row to a municipality and a point.

Pure: takes the parsed cells and the reference tables (PC4 areas, municipalities) and returns typed
records, or raises :class:`~regioplan.errors.ValidationError` listing every problem of every row.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from regioplan.errors import Problem, ValidationError
from regioplan.store.schema import (
    AGE_BANDS,
    BED_KINDS,
    BED_TYPES,
    COLUMN_BY_NAME,
    COLUMNS,
    FTE_PER_PERSON_MAX,
    KINDS,
    LAT_RANGE,
    LOCATION_COLUMNS,
    LON_RANGE,
    STAFF,
)

Cell = str | int | float | None
Record = dict[str, Any]

_MUNICIPALITY_RE = re.compile(r"^GM[0-9]{4}$")
_PC4_RE = re.compile(r"^[0-9]{4}$")
_POSTCODE_RE = re.compile(r"^[0-9]{4} ?[A-Za-z]{2}$")  # a full Dutch postcode, 3311 AB
_NAME_MAX = 200
_NUL = "\x00"  # no database stores it in text (PostgreSQL refuses it), so no row may hold it


@dataclass(frozen=True)
class RawTable:
    """Cells of an import file as read: header with its line, rows with their lines.

    `rows` may be a one-pass iterator that reads the file as it goes (a read error is then
    raised while iterating, as :class:`~regioplan.errors.ValidationError`)."""

    source: str
    header_line: int
    header: tuple[str, ...]
    rows: Iterable[tuple[int, tuple[Any, ...]]]
    decimal_comma: bool = False


@dataclass(frozen=True)
class Reference:
    """The bundled reference tables validation needs (PC4 points, municipality centres)."""

    pc4: pd.DataFrame
    municipalities: pd.DataFrame

    @cached_property
    def pc4_points(self) -> dict[int, tuple[float, float, str]]:
        """PC4 -> (lat, lon, municipality), for fast row-by-row lookups."""
        frame = self.pc4
        return {
            int(code): (float(lat), float(lon), str(municipality))
            for code, lat, lon, municipality in zip(
                frame.index, frame["lat"], frame["lon"], frame["municipality"], strict=True
            )
        }

    @cached_property
    def centres(self) -> dict[str, tuple[float, float]]:
        """Municipality code -> (lat, lon) of its population-weighted centre."""
        frame = self.municipalities
        return {
            str(code): (float(lat), float(lon))
            for code, lat, lon in zip(frame.index, frame["lat"], frame["lon"], strict=True)
        }

    @classmethod
    def bundled(cls) -> Reference:
        """Reference tables from :mod:`regioplan.data`."""
        from regioplan import data

        return cls(pc4=data.pc4_areas(), municipalities=data.municipalities())


class _Row:
    """Collects the problems of one row while its cells are parsed."""

    def __init__(self, table: RawTable, line: int, cells: dict[str, Any]) -> None:
        self.table = table
        self.line = line
        self.cells = cells
        self.problems: list[Problem] = []
        self.record: Record = {"line": line}

    def bad(self, field: str, reason: str) -> None:
        self.problems.append(Problem(self.table.source, self.line, field, reason))

    def text(self, field: str) -> str | None:
        value = self.cells.get(field)
        if value is None:
            return None
        if type(value) is str:  # a CSV cell: the common case first
            return value.strip() or None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.bad(field, f"expected text, got {value!r}")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def number(self, field: str) -> float | None:
        value = self.cells.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if type(value) is str and not self.table.decimal_comma:  # a CSV cell: the common case
            try:
                number = float(value)
            except ValueError:
                self.bad(field, f"expected a number, got {value!r}")
                return None
            if not math.isfinite(number):
                self.bad(field, f"expected a finite number, got {value!r}")
                return None
            return number
        if isinstance(value, bool):
            self.bad(field, f"expected a number, got {value!r}")
            return None
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            text = value.strip()
            if self.table.decimal_comma:
                text = text.replace(",", ".")
            try:
                number = float(text)
            except ValueError:
                self.bad(field, f"expected a number, got {value!r}")
                return None
        else:
            self.bad(field, f"expected a number, got {value!r}")
            return None
        if not math.isfinite(number):
            self.bad(field, f"expected a finite number, got {value!r}")
            return None
        return number

    def count(self, field: str) -> int | None:
        number = self.number(field)
        if number is None:
            return None
        if not number.is_integer():
            self.bad(field, f"expected a whole number, got {self.cells[field]!r}")
            return None
        if number < 0:
            self.bad(field, f"must be 0 or more, got {self.cells[field]!r}")
            return None
        return int(number)

    def fte(self, field: str) -> float | None:
        number = self.number(field)
        if number is not None and number < 0:
            self.bad(field, f"must be 0 or more, got {self.cells[field]!r}")
            return None
        return number


_ALLOWED = ", ".join(COLUMN_BY_NAME)


_SYNONYMS: dict[str, str] = {
    "naam": "name",
    "soort": "kind",
    "type": "kind",
    "postcode": "pc4",
    "gemeente": "municipality",
    "gemeentecode": "municipality",
    "latitude": "lat",
    "longitude": "lon",
    "breedtegraad": "lat",
    "lengtegraad": "lon",
}
"""Column names a Dutch or English user may write for ours (a hint only; never accepted)."""


def _did_you_mean(column: str) -> str:
    """`` did you mean gp_headcount?`` for a near miss (typo, space for underscore, a Dutch
    name such as gemeente), else ``""``."""
    guess = _SYNONYMS.get(column)
    if guess is None:
        close = difflib.get_close_matches(column.replace(" ", "_"), list(COLUMN_BY_NAME), n=1)
        guess = close[0] if close else None
    return f" did you mean {guess}?" if guess else ""


def check_header(table: RawTable) -> list[Problem]:
    """Problems of the header: unknown, duplicate or missing columns."""
    problems: list[Problem] = []

    def bad(field: str, reason: str) -> None:
        problems.append(Problem(table.source, table.header_line, field, reason))

    seen: set[str] = set()
    for col in table.header:
        if _NUL in col:
            bad(col.replace(_NUL, "\\x00"), "contains a NUL character (byte 0x00); remove it")
        elif col in seen:
            bad(col, "column appears more than once")
        elif col not in COLUMN_BY_NAME:
            bad(col or "(empty)", f"unknown column;{_did_you_mean(col)} allowed: {_ALLOWED}")
        seen.add(col)
    for spec in COLUMNS:
        if spec.required and spec.name not in seen:
            bad(spec.name, "required column is missing")
    if not seen & set(LOCATION_COLUMNS):
        bad("pc4", "no location column; give pc4, lat and lon, or municipality")
    if ("lat" in seen) != ("lon" in seen):
        bad("lat" if "lon" in seen else "lon", "lat and lon must be given together")
    return problems


def _location(row: _Row, ref: Reference, record: Record) -> None:
    pc4_text = row.text("pc4")
    pc4: int | None = None
    if pc4_text is not None:
        if _POSTCODE_RE.match(pc4_text):
            row.bad(
                "pc4", f"give the 4 digits of the postcode only ({pc4_text[:4]}), got {pc4_text!r}"
            )
        elif not _PC4_RE.match(pc4_text):
            row.bad("pc4", f"expected a 4-digit postcode like 3311, got {pc4_text!r}")
        elif int(pc4_text) not in ref.pc4_points:
            row.bad("pc4", f"unknown PC4 area {pc4_text} (not among the 4,067 CBS PC4 areas)")
        else:
            pc4 = int(pc4_text)
    lat, lon = row.number("lat"), row.number("lon")
    if lat is not None and not LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
        row.bad("lat", f"{lat} lies outside the Netherlands ({LAT_RANGE[0]} to {LAT_RANGE[1]})")
        lat = math.nan
    if lon is not None and not LON_RANGE[0] <= lon <= LON_RANGE[1]:
        row.bad("lon", f"{lon} lies outside the Netherlands ({LON_RANGE[0]} to {LON_RANGE[1]})")
        lon = math.nan
    if (lat is None) != (lon is None):
        row.bad("lon" if lon is None else "lat", "lat and lon must be given together")
    given = row.text("municipality")
    municipality = None if given is None else given.upper()  # gm0505 is GM0505
    if given is not None and municipality is not None:
        if not _MUNICIPALITY_RE.match(municipality):
            row.bad("municipality", f"expected a CBS code like GM0505, got {given!r}")
        elif municipality not in ref.centres:
            row.bad("municipality", f"unknown municipality code {municipality} (2023 borders)")
    if pc4_text is None and lat is None and lon is None and municipality is None:
        row.bad("pc4", "no location; give pc4, lat and lon, or municipality")
    if row.problems:
        return
    _resolve(record, ref, pc4, lat, lon, municipality)


def _resolve(
    record: Record,
    ref: Reference,
    pc4: int | None,
    lat: float | None,
    lon: float | None,
    municipality: str | None,
) -> None:
    """Fill municipality, point and their sources from what the row gives."""
    record["pc4"] = pc4
    if lat is not None and lon is not None:
        record["lat"], record["lon"], record["location_source"] = lat, lon, "given"
    elif pc4 is not None:
        record["lat"], record["lon"], _ = ref.pc4_points[pc4]
        record["location_source"] = "pc4"
    else:
        record["lat"], record["lon"] = ref.centres[str(municipality)]
        record["location_source"] = "municipality"
    if municipality is not None:
        record["municipality"], record["municipality_source"] = municipality, "given"
    elif pc4 is not None:
        record["municipality"] = ref.pc4_points[pc4][2]
        record["municipality_source"] = "pc4"
    else:
        record["municipality"] = _nearest_municipality(ref, record["lat"], record["lon"])
        record["municipality_source"] = "nearest_pc4"


def _nearest_municipality(ref: Reference, lat: float, lon: float) -> str:
    """Municipality of the PC4 point nearest (lat, lon), on an equirectangular projection."""
    pts = ref.pc4
    dy = pts["lat"].to_numpy() - lat
    dx = (pts["lon"].to_numpy() - lon) * math.cos(math.radians(lat))
    return str(pts["municipality"].iloc[int(np.argmin(dx * dx + dy * dy))])


_PROFESSION_COLUMNS: dict[str, tuple[str, ...]] = {
    p: (f"{p}_headcount", f"{p}_fte", *(f"{p}_{b}" for b in AGE_BANDS), f"{p}_female")
    for p in STAFF
}


def _profession(row: _Row, record: Record, p: str) -> None:
    """Headcount, FTE and the optional age and sex split of profession `p`."""
    columns = _PROFESSION_COLUMNS[p]
    head_col, fte_col, *band_cols, female_col = columns
    cells = row.cells
    if all(cells.get(c) is None for c in columns):  # nothing given: the common case, fast
        record.update(dict.fromkeys(columns))
        return
    before = len(row.problems)
    head = row.count(head_col)
    known = len(row.problems) == before  # headcount given and valid, or absent (= 0)
    fte = row.fte(fte_col)
    record[head_col] = head
    record[fte_col] = fte
    if known and fte is not None and fte > FTE_PER_PERSON_MAX * (head or 0) + 1e-9:
        if head is None:
            row.bad(fte_col, f"{fte:g} FTE given without {head_col}")
        else:
            row.bad(fte_col, f"{fte:g} FTE exceeds {FTE_PER_PERSON_MAX} x headcount {head}")
    split = (*band_cols, female_col)
    if all(cells.get(c) is None for c in split):  # no age or sex split: nothing to compare
        record.update(dict.fromkeys(split))
        return
    before = len(row.problems)
    bands = {c: row.count(c) for c in band_cols}
    female = row.count(female_col)
    record.update(bands)
    record[female_col] = female
    if not known or len(row.problems) > before:
        return  # comparisons with a bad cell would only repeat its problem
    given = [c for c, v in bands.items() if v is not None]
    if given and len(given) < len(band_cols):
        missing = [c for c in band_cols if c not in given]
        row.bad(missing[0], f"age split incomplete: also give {', '.join(missing)}")
    elif given:
        total = sum(v for v in bands.values() if v is not None)
        if head is None and total > 0:
            row.bad(band_cols[0], f"age bands given without {head_col}")
        elif total != (head or 0):
            row.bad(band_cols[0], f"age bands sum to {total}, headcount is {head or 0}")
    if female is not None and female > (head or 0):
        if head is None:
            row.bad(female_col, f"{female} women given without {head_col}")
        else:
            row.bad(female_col, f"{female} women exceeds headcount {head}")


@lru_cache(maxsize=64)
def _absent(header: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, None]]:
    """The professions and bed types with a column in `header`, and None for every column of
    the others (no row can give them, so they need no check)."""
    given = set(header)
    professions = tuple(p for p in STAFF if given & set(_PROFESSION_COLUMNS[p]))
    beds = tuple(b for b in BED_TYPES if b in given)
    empty = dict.fromkeys(c for p in STAFF if p not in professions for c in _PROFESSION_COLUMNS[p])
    empty.update(dict.fromkeys(b for b in BED_TYPES if b not in beds))
    return professions, beds, empty


def _staff(row: _Row, record: Record, kind: str | None) -> None:
    professions, beds_given, empty = _absent(row.table.header)
    record.update(empty)
    for p in professions:
        _profession(row, record, p)
    for bed in beds_given:
        beds = row.count(bed)
        record[bed] = beds
        if beds is not None and beds > 0 and kind is not None and kind not in BED_KINDS:
            row.bad(bed, f"a {kind} has no beds; beds are for {', '.join(BED_KINDS)}")


def _row(table: RawTable, line: int, cells: dict[str, Any], ref: Reference) -> _Row:
    row = _Row(table, line, cells)
    record = row.record
    kind = row.text("kind")
    if kind is None:
        row.bad("kind", f"missing; allowed: {', '.join(KINDS)}")
    elif kind not in KINDS:
        row.bad("kind", f"unknown kind {kind!r}; allowed: {', '.join(KINDS)}")
        kind = None
    name = row.text("name")
    if name is None:
        row.bad("name", "missing")
    elif len(name) > _NAME_MAX:
        row.bad("name", f"longer than {_NAME_MAX} characters ({len(name)})")
    record["kind"], record["name"] = kind, name
    _location(row, ref, record)
    _staff(row, record, kind)
    return row


def _cells(table: RawTable, values: Sequence[Any]) -> tuple[dict[str, Any], bool, list[str]]:
    """Map a row's values to the header. Also says whether values overflow the header and
    which cells held a NUL character (removed here, so the rest of the row is still checked)."""
    cells: dict[str, Any] = {}
    nul: list[str] = []
    for col, value in zip(table.header, values, strict=False):
        if isinstance(value, str):
            if _NUL in value:
                nul.append(col)
                value = value.replace(_NUL, "")
            if not value.strip():
                value = None
        cells[col] = value
    extra = any(v is not None and str(v).strip() for v in values[len(table.header) :])
    return cells, extra, nul


CHUNK_ROWS = 2000
"""Rows validated (and, by an import, inserted) at a time."""


def validate_chunks(
    table: RawTable, ref: Reference, *, size: int = CHUNK_ROWS
) -> Iterator[list[Record]]:
    """The typed, resolved records of `table` in chunks of up to `size`, as its rows are read;
    at the end ValidationError listing every problem of every row, if there is any.

    Once a problem is found no further chunk is yielded, but every row is still checked. Memory
    stays flat in the number of rows but for the duplicate check (one key per good row). A
    caller that stores the chunks does so in one transaction that the error rolls back.
    """
    problems = check_header(table)
    if problems:
        raise ValidationError(problems, summary=f"{table.source}: bad header")
    seen: dict[tuple[Any, ...], int] = {}
    chunk: list[Record] = []
    count = 0
    try:
        for line, values in table.rows:
            count += 1
            record = _check(table, line, values, ref, seen, problems)
            if record is None or problems:
                continue
            chunk.append(record)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    except ValidationError as exc:  # the file cannot be read on: report it with the rest
        problems.extend(exc.problems)
    if not count and not problems:
        problems.append(Problem(table.source, table.header_line, "(file)", "no data rows"))
    if problems:
        bad_lines = len({p.line for p in problems})
        raise ValidationError(problems, summary=f"{table.source}: {bad_lines} bad row(s)")
    if chunk:
        yield chunk


def _check(
    table: RawTable,
    line: int,
    values: Sequence[Any],
    ref: Reference,
    seen: dict[tuple[Any, ...], int],
    problems: list[Problem],
) -> Record | None:
    """The record of one row, or None after adding its problems to `problems`."""
    cells, extra, nul = _cells(table, values)
    row = _row(table, line, cells, ref)
    for col in nul:
        row.bad(col, "contains a NUL character (byte 0x00), which no database stores; remove it")
    if extra:
        row.bad("(row)", f"more values than the {len(table.header)} header columns")
    record = row.record
    if not row.problems:
        key = (record["kind"], record["name"], sys.intern(record["municipality"]), record["lat"])
        first = seen.setdefault(key, line)
        if first != line:
            row.bad("name", f"duplicate of line {first} (same kind, name and location)")
    if row.problems:
        problems.extend(row.problems)
        return None
    return record


def validate(table: RawTable, ref: Reference) -> list[Record]:
    """Typed, resolved records of `table`, or ValidationError listing every bad row.

    Each record holds every column of :data:`~regioplan.store.schema.COLUMNS` (None where the file
    gives no value) plus ``line``, ``municipality_source`` and ``location_source``.
    """
    return [record for chunk in validate_chunks(table, ref) for record in chunk]


__all__ = [
    "CHUNK_ROWS",
    "RawTable",
    "Record",
    "Reference",
    "check_header",
    "validate",
    "validate_chunks",
]
