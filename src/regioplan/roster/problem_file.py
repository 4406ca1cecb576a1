"""Reading a roster problem: the TOML problem file and the CSV imports of physicians and wishes.

This is the edge: it parses text into a :class:`~regioplan.roster.model.Problem`. Every error
names the file, the line (for CSV) or the key path (for TOML), and the offending value. The format
is documented in docs/roster.md; ``examples/roster/region.toml`` is a complete example.

Every number read is bounded (docs/roster.md, "Bounds"): finite, and within the ``MAX_*``
limits below, so that no value can overflow a date or the solver's 64-bit integers, and the
horizon is short enough that building the model never eats up a short time limit.
"""

from __future__ import annotations

import csv
import io
import math
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from regioplan.errors import InputError, ValidationError
from regioplan.errors import Problem as Issue
from regioplan.roster.calendar import dutch_holidays, parse_clock
from regioplan.roster.model import (
    Cover,
    Fairness,
    Fixed,
    Physician,
    Problem,
    Request,
    Rules,
    ShiftType,
)

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: the longest horizon: 53 weeks, a year's roster from any weekday (Curtois' longest is 52 weeks);
#: the model grows with the horizon, and two years of the example region take 12 s to build
MAX_HORIZON_DAYS = 371
#: physicians wanted on one duty on one day
MAX_COUNT = 1_000
#: a physician's limits count duties, days, nights or weekends, at most one duty a day
MAX_LIMIT = MAX_HORIZON_DAYS
#: every penalty weight (cover, wishes, fairness)
MAX_WEIGHT = 1_000_000
#: contract size; 1.0 is full time
MAX_FTE = 2.0
#: more rest than two days forbids every succession of duties
MAX_REST_HOURS = 48.0
#: one organisation's share in the agreed key (e.g. its number of clients)
MAX_KEY = 1e9

_Weight = Annotated[int, Field(ge=0, le=MAX_WEIGHT)]
_Limit = Annotated[int, Field(ge=0, le=MAX_LIMIT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Meta(_Strict):
    name: str = "roster"
    start: date
    weeks: int | None = Field(default=None, ge=1, le=MAX_HORIZON_DAYS // 7)
    days: int | None = Field(default=None, ge=1, le=MAX_HORIZON_DAYS)
    holidays: bool = True
    physicians_csv: str | None = None
    availability_csv: str | None = None


class _Rules(_Strict):
    min_rest_hours: float = Field(default=0, ge=0, le=MAX_REST_HOURS, allow_inf_nan=False)
    no_day_shift_after_night: bool = False


class _Fairness(_Strict):
    nights: _Weight = 0
    weekends: _Weight = 0
    holidays: _Weight = 0
    organisations: _Weight = 0
    organisation_key: dict[str, Annotated[float, Field(ge=0, le=MAX_KEY, allow_inf_nan=False)]] = {}


class _Shift(_Strict):
    id: str
    label: str = ""
    start: str
    end: str
    qualification: str | None = None
    area: str | None = None
    night: bool | None = None
    forbidden_after: list[str] = []


class _Cover(_Strict):
    shift: str
    days: str | list[str] = "all"
    count: int = Field(ge=0, le=MAX_COUNT)
    hard: bool = True
    under_weight: _Weight = 1000
    over_weight: _Weight = 100


class _Physician(_Strict):
    id: str
    name: str = ""
    organisation: str = ""
    qualifications: list[str] = []
    areas: list[str] = []
    fte: float = Field(default=1.0, ge=0, le=MAX_FTE, allow_inf_nan=False)
    min_shifts: _Limit = 0
    max_shifts: _Limit | None = None
    max_consecutive: int | None = Field(default=None, ge=1, le=MAX_LIMIT)
    max_weekends: _Limit | None = None
    max_nights: _Limit | None = None
    free_day_after_weekend: bool = False
    unavailable: list[str] = []


class _Wish(_Strict):
    physician: str
    date: str
    shift: str | None = None
    weight: _Weight = 1
    want: bool = False


class _Fixed(_Strict):
    physician: str
    date: str
    shift: str


class _File(_Strict):
    problem: _Meta
    rules: _Rules = _Rules()
    fairness: _Fairness = _Fairness()
    shift: list[_Shift] = Field(min_length=1)
    cover: list[_Cover] = []
    physician: list[_Physician] = []
    request: list[_Wish] = []
    fixed: list[_Fixed] = []


@dataclass(frozen=True)
class _Calendar:
    start: date
    horizon: int
    holidays: dict[int, str]

    def day(self, text: str, where: str) -> int:
        try:
            d = (date.fromisoformat(text.strip()) - self.start).days
        except ValueError as exc:
            raise InputError(f"{where}: {text!r} is not a date (YYYY-MM-DD)") from exc
        if not 0 <= d < self.horizon:
            raise InputError(f"{where}: date {text} lies outside the roster horizon")
        return d

    def days(self, text: str, where: str) -> Iterator[int]:
        """One date, or a range 'YYYY-MM-DD..YYYY-MM-DD' (clipped to the horizon)."""
        if ".." not in text:
            yield self.day(text, where)
            return
        first, last = (part.strip() for part in text.split("..", 1))
        try:
            a, b = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError as exc:
            raise InputError(f"{where}: {text!r} is not a date range") from exc
        if b < a:
            raise InputError(f"{where}: date range {text!r} ends before it starts")
        # clipped by arithmetic: a range may span centuries, the horizon at most MAX_HORIZON_DAYS
        yield from range(
            max((a - self.start).days, 0), min((b - self.start).days + 1, self.horizon)
        )


def load_problem(path: Path) -> Problem:
    """Read a TOML problem file (and the CSV files it names, relative to it)."""
    text = read_text(path, "problem file")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc
    return problem_from_dict(raw, source=str(path), base=path.parent)


def problem_from_dict(raw: dict[str, Any], *, source: str, base: Path | None = None) -> Problem:
    """Build a :class:`Problem` from the parsed TOML document `raw`."""
    try:
        doc = _File.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise ValidationError(
            [
                Issue(
                    source,
                    None,
                    ".".join(str(p) for p in err["loc"]),
                    f"{err['msg']} (got {err.get('input')!r})",
                )
                for err in exc.errors()
            ],
            summary=f"{source}: invalid roster problem",
        ) from exc
    meta = doc.problem
    horizon = meta.days or 7 * (meta.weeks or 13)
    if meta.start > date.max - timedelta(days=horizon - 1):
        raise InputError(
            f"{source}: problem.start: {horizon} days from {meta.start} run past {date.max}"
        )
    holidays = dutch_holidays(meta.start, horizon) if meta.holidays else {}
    cal = _Calendar(meta.start, horizon, holidays)
    shifts = tuple(_shift(s, i, source) for i, s in enumerate(doc.shift))
    physicians = [
        _physician(p, cal, f"{source}: physician[{i}]") for i, p in enumerate(doc.physician)
    ]
    requests = [_request(r, cal, f"{source}: request[{i}]") for i, r in enumerate(doc.request)]
    if meta.physicians_csv:
        csv_path = (base or Path(".")) / meta.physicians_csv
        text = read_text(csv_path, "physicians_csv", bom=True)
        physicians += read_physicians_csv(text, cal, source=str(csv_path))
    if meta.availability_csv:
        csv_path = (base or Path(".")) / meta.availability_csv
        text = read_text(csv_path, "availability_csv", bom=True)
        unavailable, wishes = read_availability_csv(text, cal, source=str(csv_path))
        physicians = [_with_unavailable(p, unavailable.get(p.id, set())) for p in physicians]
        requests += wishes
    cover = tuple(c for i, spec in enumerate(doc.cover) for c in _cover(spec, cal, source, i))
    fixed = tuple(
        Fixed(
            f.physician,
            cal.day(f.date, f"{source}: fixed[{i}].date"),
            None if f.shift == "off" else f.shift,
        )
        for i, f in enumerate(doc.fixed)
    )
    return Problem(
        horizon=horizon,
        shifts=shifts,
        physicians=tuple(physicians),
        cover=cover,
        requests=tuple(requests),
        fixed=fixed,
        rules=Rules(
            min_rest_minutes=round(doc.rules.min_rest_hours * 60),
            no_day_shift_after_night=doc.rules.no_day_shift_after_night,
        ),
        fairness=Fairness(
            nights=doc.fairness.nights,
            weekends=doc.fairness.weekends,
            holidays=doc.fairness.holidays,
            organisations=doc.fairness.organisations,
            organisation_key=dict(doc.fairness.organisation_key),
        ),
        start=meta.start,
        holidays=holidays,
        name=meta.name,
    )


def read_text(path: Path, what: str, *, bom: bool = False) -> str:
    """The text of the UTF-8 file `path` (a `what`, e.g. "problem file"), without a leading byte
    order mark when `bom` allows one. A file that cannot be read or is not UTF-8 (Latin-1,
    binary) raises :class:`InputError` naming the file, line and byte offset."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: {what} is not UTF-8 text (byte {exc.start}: {exc.reason}); "
            "save it as UTF-8"
        ) from exc
    return text.removeprefix("\ufeff") if bom else text


def _shift(s: _Shift, i: int, source: str) -> ShiftType:
    where = f"{source}: shift[{i}] ({s.id})"
    start, end = parse_clock(s.start, f"{where}.start"), parse_clock(s.end, f"{where}.end")
    if end <= start:
        end += 24 * 60
    night = s.night if s.night is not None else (start <= 180 < end or start <= 1620 < end)
    return ShiftType(
        s.id,
        start=start,
        duration=end - start,
        qualification=s.qualification,
        area=s.area,
        night=night,
        forbidden_after=frozenset(s.forbidden_after),
        label=s.label,
    )


def _selected(selector: str, day: int, cal: _Calendar) -> bool:
    weekday = (cal.start + timedelta(days=day)).weekday()
    holiday = day in cal.holidays
    if selector == "all":
        return True
    if selector == "weekday":
        return weekday < 5 and not holiday
    if selector == "weekend":
        return weekday >= 5
    if selector == "holiday":
        return holiday
    if selector == "weekend-like":
        return weekday >= 5 or holiday
    if selector in DAY_NAMES:
        return weekday == DAY_NAMES.index(selector) and not holiday
    raise InputError(
        f"cover days {selector!r}: use all, weekday, weekend, holiday, weekend-like or mon..sun"
    )


def _cover(spec: _Cover, cal: _Calendar, source: str, i: int) -> Iterator[Cover]:
    selectors = [spec.days] if isinstance(spec.days, str) else spec.days
    for d in range(cal.horizon):
        try:
            hit = any(_selected(sel, d, cal) for sel in selectors)
        except InputError as exc:
            raise InputError(f"{source}: cover[{i}].days: {exc}") from exc
        if hit:
            yield Cover(
                d,
                spec.shift,
                spec.count,
                under_weight=spec.under_weight,
                over_weight=spec.over_weight,
                hard_minimum=spec.count if spec.hard else 0,
            )


def _physician(p: _Physician, cal: _Calendar, where: str) -> Physician:
    days = {d for text in p.unavailable for d in cal.days(text, f"{where}.unavailable")}
    return Physician(
        p.id,
        organisation=p.organisation,
        qualifications=frozenset(p.qualifications),
        areas=frozenset(p.areas),
        fte=p.fte,
        min_shifts=p.min_shifts,
        max_shifts=p.max_shifts,
        max_consecutive=p.max_consecutive,
        max_weekends=p.max_weekends,
        max_nights=p.max_nights,
        free_day_after_weekend=p.free_day_after_weekend,
        unavailable=frozenset(days),
        name=p.name,
    )


def _request(r: _Wish, cal: _Calendar, where: str) -> Request:
    return Request(r.physician, cal.day(r.date, f"{where}.date"), r.shift, r.weight, r.want)


def _with_unavailable(p: Physician, days: set[int]) -> Physician:
    if not days:
        return p
    from dataclasses import replace

    return replace(p, unavailable=p.unavailable | frozenset(days))


_PHYSICIAN_COLUMNS = ("id", "organisation", "qualifications")


class _CellError(ValueError):
    """A CSV cell that cannot be used; `column` names it."""

    def __init__(self, column: str, reason: str) -> None:
        self.column = column
        super().__init__(reason)


def _rows(text: str, source: str) -> list[dict[str, str]]:
    """The rows of CSV `text` by header; malformed CSV raises InputError naming its line."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        return list(reader)
    except csv.Error as exc:
        raise InputError(f"{source}:{reader.reader.line_num}: not valid CSV: {exc}") from exc


def read_physicians_csv(text: str, cal: _Calendar | None = None, *, source: str) -> list[Physician]:
    """Physicians from CSV: id, name, organisation, qualifications and areas (';'-separated), fte,
    min_shifts, max_shifts, max_consecutive, max_weekends, max_nights, free_day_after_weekend."""
    rows = _rows(text, source)
    missing = [c for c in _PHYSICIAN_COLUMNS if rows and c not in rows[0]]
    if missing or not rows:
        raise InputError(f"{source}: needs a header with columns {', '.join(_PHYSICIAN_COLUMNS)}")
    issues: list[Issue] = []
    out: list[Physician] = []
    for lineno, row in enumerate(rows, start=2):
        try:
            out.append(
                Physician(
                    (row["id"] or "").strip(),
                    name=(row.get("name") or "").strip(),
                    organisation=(row["organisation"] or "").strip(),
                    qualifications=_set(row["qualifications"] or ""),
                    areas=_set(row.get("areas") or ""),
                    fte=_number(row, "fte", 1.0, high=MAX_FTE),
                    min_shifts=_count(row, "min_shifts") or 0,
                    max_shifts=_count(row, "max_shifts"),
                    max_consecutive=_count(row, "max_consecutive", low=1),
                    max_weekends=_count(row, "max_weekends"),
                    max_nights=_count(row, "max_nights"),
                    free_day_after_weekend=(row.get("free_day_after_weekend") or "").strip().lower()
                    in ("1", "true", "yes", "ja"),
                )
            )
        except _CellError as exc:
            issues.append(Issue(source, lineno, exc.column, str(exc)))
    if issues:
        raise ValidationError(issues, summary=f"{source}: invalid physician rows")
    return out


Kind = Literal["unavailable", "wants", "avoids"]


def read_availability_csv(
    text: str, cal: _Calendar, *, source: str
) -> tuple[dict[str, set[int]], list[Request]]:
    """Availability and wishes from CSV: physician, date (or a 'from..to' range), kind
    (unavailable | wants | avoids), optional shift and weight."""
    unavailable: dict[str, set[int]] = {}
    wishes: list[Request] = []
    issues: list[Issue] = []
    for lineno, row in enumerate(_rows(text, source), start=2):
        try:
            who = (row.get("physician") or "").strip()
            kind = (row.get("kind") or "").strip()
            days = list(cal.days(row.get("date") or "", f"{source}:{lineno}: date"))
            if kind == "unavailable":
                unavailable.setdefault(who, set()).update(days)
            elif kind in ("wants", "avoids"):
                shift = (row.get("shift") or "").strip() or None
                weight = _count(row, "weight", high=MAX_WEIGHT)
                weight = 1 if weight is None else weight
                wishes += [Request(who, d, shift, weight, kind == "wants") for d in days]
            else:
                raise ValueError(f"kind {kind!r} must be unavailable, wants or avoids")
        except (ValueError, InputError) as exc:
            issues.append(Issue(source, lineno, getattr(exc, "column", "row"), str(exc)))
    if issues:
        raise ValidationError(issues, summary=f"{source}: invalid availability rows")
    return unavailable, wishes


def _set(text: str) -> frozenset[str]:
    return frozenset(x.strip() for x in text.split(";") if x.strip())


def _number(row: dict[str, str], column: str, default: float, *, high: float) -> float:
    """The finite number in [0, high] in `column` (`default` when the cell is empty)."""
    text = (row.get(column) or "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise _CellError(column, f"{_show(text)} is not a number") from None
    if not (math.isfinite(value) and 0 <= value <= high):
        raise _CellError(column, f"{_show(text)} must be a finite number in [0, {high:g}]")
    return value


def _count(row: dict[str, str], column: str, *, low: int = 0, high: int = MAX_LIMIT) -> int | None:
    """The whole number in [low, high] in `column`; None when the cell is empty."""
    text = (row.get(column) or "").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise _CellError(column, f"{_show(text)} is not a whole number") from None
    if not low <= value <= high:
        raise _CellError(column, f"{_show(text)} must be a whole number in [{low}, {high}]")
    return value


def _show(text: str) -> str:
    """`text` quoted, shortened when long (a cell may hold thousands of digits)."""
    return repr(text if len(text) <= 40 else f"{text[:37]}...")


__all__ = [
    "MAX_COUNT",
    "MAX_FTE",
    "MAX_HORIZON_DAYS",
    "MAX_KEY",
    "MAX_LIMIT",
    "MAX_REST_HOURS",
    "MAX_WEIGHT",
    "load_problem",
    "problem_from_dict",
    "read_availability_csv",
    "read_physicians_csv",
    "read_text",
]
