"""The registry's files: JSON and CSV in and out, with errors that name file, line and field.

JSON is one document ``{"schema": SCHEMA, "initiatives": [record, ...]}`` (a bare list of records
is accepted too). CSV has one row per initiative and the columns of :data:`CSV_COLUMNS`; a list
of plain texts (municipalities, organisations, domains, lessons) is one cell with the items
separated by ``;`` (a ``;`` or ``\\`` inside an item is written ``\\;`` or ``\\\\``), a list of
structured items (stage_history, bottlenecks, funding, results, sources) is one cell holding a
JSON array, and ``public`` / ``test_data`` are ``true`` or
``false``. Both formats carry the same records: ``parse_csv(to_csv(r)) == r`` and
``parse_json(to_json(r)) == r``.

>>> records = bundled_registry()
>>> parse_csv(to_csv(records), source="x.csv") == records
True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from regioplan.errors import InputError, Problem, ValidationError
from regioplan.initiatives.registry import (
    SCHEMA,
    InitiativeRecord,
    check_shippable,
    merge_registries,
    validate_records,
)

CSV_COLUMNS: tuple[str, ...] = tuple(InitiativeRecord.model_fields)
"""The CSV header: every field of a record, in order."""
TEXT_LISTS: frozenset[str] = frozenset({"municipalities", "organisations", "domains", "lessons"})
"""Columns holding a `;`-separated list of texts."""
JSON_LISTS: frozenset[str] = frozenset(
    {"stage_history", "bottlenecks", "funding", "results", "sources"}
)
"""Columns holding a JSON array of objects."""
BOOLEANS: frozenset[str] = frozenset({"public", "test_data"})
SEPARATOR = ";"


# -- JSON ----------------------------------------------------------------------------------------
def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _element_lines(text: str, items: list[Any]) -> list[int | None]:
    """The line on which each element of the records array starts (None when not found)."""
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    if stripped.startswith("["):
        start = text.index("[")
    else:
        key = text.find('"initiatives"')
        start = text.find("[", key) if key >= 0 else -1
    if start < 0:
        return [None] * len(items)
    lines: list[int | None] = []
    pos = start + 1
    try:
        for _ in items:
            while text[pos] in " \t\r\n,":
                pos += 1
            _value, end = decoder.raw_decode(text, pos)
            lines.append(_line(text, pos))
            pos = end
    except (ValueError, IndexError):
        return [None] * len(items)
    return lines


def parse_json(text: str, *, source: str) -> tuple[InitiativeRecord, ...]:
    """The records of a registry JSON document; a ValidationError names file, line and field."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            [Problem(source, exc.lineno, "-", f"not valid JSON: {exc.msg} (column {exc.colno})")]
        ) from exc
    if isinstance(doc, dict):
        schema = doc.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise ValidationError(
                [Problem(source, None, "schema", f"{schema!r} is not {SCHEMA!r}")]
            )
        unknown = sorted(set(doc) - {"schema", "initiatives", "note"})
        if unknown:
            raise ValidationError(
                [Problem(source, None, k, "unknown top-level key") for k in unknown]
            )
        items = doc.get("initiatives")
    else:
        items = doc
    if not isinstance(items, list):
        raise ValidationError(
            [Problem(source, None, "initiatives", "must be a list of initiatives")]
        )
    return validate_records(items, source=source, lines=_element_lines(text, items))


def to_json(records: Sequence[InitiativeRecord], *, note: str = "") -> str:
    """The registry JSON document of `records` (UTF-8 text, 2-space indent, newline at the end)."""
    doc: dict[str, Any] = {"schema": SCHEMA}
    if note:
        doc["note"] = note
    doc["initiatives"] = [r.to_dict() for r in records]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# -- CSV -----------------------------------------------------------------------------------------
def join_texts(items: Sequence[str]) -> str:
    """Items joined by ``;``, with ``\\`` and ``;`` inside an item escaped by a backslash."""
    return SEPARATOR.join(
        i.replace("\\", "\\\\").replace(SEPARATOR, "\\" + SEPARATOR) for i in items
    )


def split_texts(cell: str) -> list[str]:
    """The items of a :func:`join_texts` cell (stripped, empty items dropped)."""
    items: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [i.strip() for i in items if i.strip()]


def _cell(record: InitiativeRecord, column: str) -> str:
    value = record.to_dict()[column]
    if column in TEXT_LISTS:
        return join_texts(value)
    if column in JSON_LISTS:
        return json.dumps(value, ensure_ascii=False) if value else ""
    if column in BOOLEANS:
        return "true" if value else "false"
    return "" if value is None else str(value)


def to_csv(records: Sequence[InitiativeRecord]) -> str:
    """The records as CSV (header :data:`CSV_COLUMNS`, one row per initiative)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_cell(record, c) for c in CSV_COLUMNS])
    return out.getvalue()


def _raw_from_row(
    row: dict[str, str], source: str, line: int
) -> tuple[dict[str, Any], list[Problem]]:
    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, text in row.items():
        text = (text or "").strip()
        if column in TEXT_LISTS:
            raw[column] = split_texts(text)
        elif column in JSON_LISTS:
            if not text:
                raw[column] = []
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(Problem(source, line, column, f"not a JSON array ({exc.msg})"))
                continue
            if not isinstance(value, list):
                problems.append(Problem(source, line, column, "must be a JSON array"))
                continue
            raw[column] = value
        elif column in BOOLEANS:
            if text.lower() not in ("true", "false", ""):
                problems.append(Problem(source, line, column, f"{text!r} is not true or false"))
                continue
            if text:
                raw[column] = text.lower() == "true"
        elif text or column in ("id", "name", "type", "stage"):
            raw[column] = text
    return raw, problems


def parse_csv(text: str, *, source: str) -> tuple[InitiativeRecord, ...]:
    """The records of a registry CSV; a ValidationError names file, line and column."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in ("id", "name", "type", "domains", "stage") if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        problems = [Problem(source, 1, c, "required column missing") for c in missing]
        problems += [Problem(source, 1, c, "unknown column") for c in unknown]
        raise ValidationError(problems, summary=f"{source}: the header is wrong")
    raws: list[dict[str, Any]] = []
    lines: list[int | None] = []
    problems = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if None in row:
                problems.append(Problem(source, start, "-", "more cells than columns"))
            clean = {k: v for k, v in row.items() if k is not None}
            raw, probs = _raw_from_row(clean, source, start)
            problems.extend(probs)
            raws.append(raw)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ValidationError([Problem(source, reader.line_num, "-", f"bad CSV: {exc}")]) from exc
    if problems:
        raise ValidationError(problems, summary=f"{source}: {len(problems)} problem(s) found")
    return validate_records(raws, source=source, lines=lines, prefix="")


@cache
def bundled_registry() -> tuple[InitiativeRecord, ...]:
    """The registry shipped with regioplan (``registry_data/initiatives.json``), real entries
    only: an entry marked ``test_data`` is a :class:`ValidationError`."""
    from importlib import resources

    name = "registry_data/initiatives.json"
    text = (resources.files("regioplan.initiatives") / name).read_text(encoding="utf-8")
    return check_shippable(parse_json(text, source=name), source=name)


# -- files ---------------------------------------------------------------------------------------
FORMATS: tuple[str, ...] = ("json", "csv")


def file_format(path: Path, given: str | None = None) -> str:
    """`given`, or the format named by the file's suffix (``.json`` / ``.csv``)."""
    fmt = given or path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r}; "
            f"use .json or .csv (or give the format: {', '.join(FORMATS)})"
        )
    return fmt


def read_registry_file(path: Path, *, fmt: str | None = None) -> tuple[InitiativeRecord, ...]:
    """The records of a user's registry file (JSON or CSV by suffix or `fmt`)."""
    kind = file_format(path, fmt)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    name = str(path)
    return parse_json(text, source=name) if kind == "json" else parse_csv(text, source=name)


def render(records: Sequence[InitiativeRecord], fmt: str) -> str:
    """`records` as text in `fmt` (json or csv)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    return to_json(records) if fmt == "json" else to_csv(records)


def registry_records(file: Path | None, *, bundled: bool = True) -> tuple[InitiativeRecord, ...]:
    """The bundled registry (unless `bundled` is False) followed by the records of `file` (a
    JSON or CSV registry file), merged: an id that repeats is an error naming both sources."""
    parts: list[tuple[str, tuple[InitiativeRecord, ...]]] = []
    if bundled:
        parts.append(("the bundled registry", bundled_registry()))
    if file is not None:
        parts.append((str(file), read_registry_file(file)))
    return merge_registries(*parts)


__all__ = [
    "BOOLEANS",
    "CSV_COLUMNS",
    "FORMATS",
    "JSON_LISTS",
    "TEXT_LISTS",
    "bundled_registry",
    "file_format",
    "join_texts",
    "parse_csv",
    "parse_json",
    "read_registry_file",
    "registry_records",
    "render",
    "split_texts",
    "to_csv",
    "to_json",
]
