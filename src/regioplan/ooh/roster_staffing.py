"""Staffing read from a roster written by ``regioplan roster solve``: who is on duty, per hour.

A roster names physicians and shifts; the simulation needs head counts per post (or
organisation), role and hour of the week. A small **shift map** (TOML) says which post and role
each roster shift staffs::

    # problem = "../roster/regional_120/region.toml"   # needed for a roster in JSON form
    [[shift]]
    id = "EV-NOORD"          # the roster's shift id
    post = "dordrecht"       # a post of the configuration (organisation = "..." for role "so")
    role = "post_gp"         # post_gp | car | supervising_gp | np | so | triagist | social_worker

The roster is ``roster.csv`` of ``roster solve --out`` (columns ``date, shift, start, end, ...``)
or the JSON of ``roster solve --json`` (``assignments`` with ``physician, day, shift``; then the
map names the roster's problem file for its start date and shift times).

The roster's duties are laid on the calendar hour by hour (a shift past midnight runs into the
next day; an hour counts when a shift covers at least half of it). Every date must lie in the
simulated year. The simulation staffs a typical week, so each hour of the week gets the
**median** head count over the roster's weeks (halves rounded up), public holidays left out (the
simulation treats a holiday as a Sunday). The (unit, role) pairs the map names replace the
configuration's staffing; the others (triagists, say) stay as configured.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from regioplan.errors import Problem, ValidationError
from regioplan.ooh.config import ROLES, OohConfig, Staffing
from regioplan.ooh.profile import HOURS_PER_WEEK, holiday_dates


@dataclass(frozen=True)
class ShiftTarget:
    """What one roster shift staffs: a unit (post, or organisation for ``so``) and a role."""

    unit: str
    role: str


@dataclass(frozen=True)
class Duty:
    """One physician on one shift: absolute start and end in minutes from the roster's first
    day's midnight, with the row it came from."""

    day: dt.date
    shift: str
    start_min: int
    end_min: int
    physician: str
    line: int | None
    """The CSV line (None for a JSON roster)."""
    where: str
    """``row 5`` or ``assignments[3]``."""


@dataclass(frozen=True)
class ShiftMap:
    """Roster shift id -> :class:`ShiftTarget`; ``problem`` is the roster's problem file."""

    shifts: dict[str, ShiftTarget]
    problem: Path | None
    source: str


def _fail(source: str, line: int | None, key: str, reason: str, summary: str) -> ValidationError:
    return ValidationError([Problem(source, line, key, reason)], summary=f"{source}: {summary}")


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _fail(str(path), None, "(file)", f"cannot read: {exc.strerror or exc}", what) from exc


def load_shift_map(path: Path, config: OohConfig) -> ShiftMap:
    """The shift map at `path`, checked against `config`'s posts and organisations."""
    source = str(path)
    try:
        data = tomllib.loads(_read(path, "cannot read the shift map"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(source, None, "(toml)", str(exc), "not valid TOML") from exc
    rows = data.get("shift")
    if not isinstance(rows, list) or not rows:
        raise _fail(source, None, "shift", "no [[shift]] tables", "invalid shift map")
    posts, orgs = set(config.post_ids()), {o.id for o in config.organisations}
    problems: list[Problem] = []
    out: dict[str, ShiftTarget] = {}
    for i, row in enumerate(rows):
        key = f"shift[{i}]"
        if not isinstance(row, dict):
            problems.append(Problem(source, None, key, "not a table"))
            continue
        unknown = set(row) - {"id", "post", "organisation", "role"}
        if unknown:
            problems.append(Problem(source, None, key, f"unknown key(s) {', '.join(unknown)}"))
        sid, role = str(row.get("id", "")), str(row.get("role", ""))
        if not sid:
            problems.append(Problem(source, None, f"{key}.id", "missing"))
        elif sid in out:
            problems.append(Problem(source, None, f"{key}.id", f"shift {sid!r} mapped twice"))
        if role not in ROLES:
            problems.append(
                Problem(source, None, f"{key}.role", f"{role!r} is not one of {', '.join(ROLES)}")
            )
        if role == "so":
            unit = str(row.get("organisation", ""))
            if unit not in orgs:
                problems.append(
                    Problem(
                        source,
                        None,
                        f"{key}.organisation",
                        f"unknown organisation {unit!r}; known: {', '.join(sorted(orgs)) or '-'}",
                    )
                )
        else:
            unit = str(row.get("post", ""))
            if unit not in posts:
                problems.append(
                    Problem(
                        source,
                        None,
                        f"{key}.post",
                        f"unknown post {unit!r}; known: {', '.join(config.post_ids())}",
                    )
                )
        out[sid] = ShiftTarget(unit, role)
    problem = data.get("problem")
    if problem is not None and not isinstance(problem, str):
        problems.append(Problem(source, None, "problem", "must be a path (text)"))
    if problems:
        raise ValidationError(problems, summary=f"{source}: invalid shift map")
    return ShiftMap(out, (path.parent / problem) if isinstance(problem, str) else None, source)


def _clock(text: str, source: str, line: int, column: str) -> int:
    hh, sep, mm = text.strip().partition(":")
    try:
        h, m = int(hh), int(mm or 0)
    except ValueError:
        h, m = -1, 0
    if not sep or not (0 <= h <= 24 and 0 <= m < 60):
        raise _fail(
            source, line, column, f"{text!r} is not a time HH:MM", "invalid roster row"
        ) from None
    return 60 * h + m


def _csv_duties(text: str, source: str) -> list[Duty]:
    reader = csv.DictReader(io.StringIO(text))
    needed = {"date", "shift", "start", "end", "physician"}
    missing = needed - set(reader.fieldnames or [])
    if missing:
        raise _fail(
            source,
            1,
            "(header)",
            f"missing column(s) {', '.join(sorted(missing))}; expected roster.csv of "
            "`regioplan roster solve --out`",
            "not a roster",
        )
    out: list[Duty] = []
    for line, row in enumerate(reader, start=2):
        try:
            day = dt.date.fromisoformat(row["date"].strip())
        except ValueError:
            raise _fail(
                source, line, "date", f"{row['date']!r} is not a date YYYY-MM-DD", "invalid roster"
            ) from None
        start = _clock(row["start"], source, line, "start")
        end = _clock(row["end"], source, line, "end")
        if end <= start:
            end += 24 * 60
        out.append(
            Duty(
                day, row["shift"].strip(), start, end, row["physician"].strip(), line, f"row {line}"
            )
        )
    return out


@dataclass(frozen=True)
class RosterCalendar:
    """The roster problem's start date and each shift's (start, duration) in minutes: what a
    roster in JSON form (days and shift ids only) needs to be placed in time. The command line
    reads it from the roster's problem file (:mod:`regioplan.roster` sits above this package)."""

    start: dt.date
    shifts: dict[str, tuple[int, int]]
    source: str


def _json_duties(text: str, source: str, calendar: RosterCalendar | None) -> list[Duty]:
    if calendar is None:
        raise _fail(
            source,
            None,
            "(format)",
            "a roster in JSON form has no dates or times: name the roster's problem file in "
            'the shift map (problem = "region.toml") or use roster.csv',
            "cannot place the roster in time",
        )
    try:
        rows = json.loads(text)["assignments"]
    except (ValueError, KeyError, TypeError) as exc:
        raise _fail(
            source, None, "assignments", f"not a roster JSON: {exc}", "not a roster"
        ) from exc
    out: list[Duty] = []
    for i, r in enumerate(rows):
        try:
            sid, day, doc = str(r["shift"]), int(r["day"]), str(r["physician"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _fail(
                source, None, f"assignments[{i}]", f"needs physician, day, shift ({exc})", "invalid"
            ) from exc
        if sid not in calendar.shifts:
            raise _fail(
                source,
                None,
                f"assignments[{i}].shift",
                f"shift {sid!r} is not in the problem file {calendar.source}",
                "invalid roster row",
            )
        start, duration = calendar.shifts[sid]
        when = calendar.start + dt.timedelta(days=day)
        out.append(Duty(when, sid, start, start + duration, doc, None, f"assignments[{i}]"))
    return out


CalendarLoader = Callable[[Path], RosterCalendar]


def read_duties(
    path: Path, shift_map: ShiftMap, load_calendar: CalendarLoader | None = None
) -> list[Duty]:
    """The duties of the roster at `path` (roster.csv, or the JSON of ``roster solve --json``
    placed in time by the calendar of the shift map's problem file)."""
    source = str(path)
    text = _read(path, "cannot read the roster")
    if text.lstrip().startswith("{"):
        calendar = None
        if shift_map.problem is not None and load_calendar is not None:
            calendar = load_calendar(shift_map.problem)
        return _json_duties(text, source, calendar)
    return _csv_duties(text, source)


def roster_staffing(
    duties: Sequence[Duty], shift_map: ShiftMap, *, year: int, source: str
) -> Staffing:
    """Head counts per (unit, role) and hour of the typical week of `duties` in `year`."""
    if not duties:
        raise _fail(source, None, "(rows)", "the roster has no duties", "empty roster")
    for d in duties:
        where = d.where
        if d.shift not in shift_map.shifts:
            raise _fail(
                source,
                d.line,
                "shift",
                f"{where}: shift {d.shift!r} is not in the shift map {shift_map.source} "
                f"(known: {', '.join(sorted(shift_map.shifts))})",
                "unknown shift",
            )
        if d.day.year != year:
            raise _fail(
                source,
                d.line,
                "date",
                f"{where}: {d.day.isoformat()} lies outside the simulated year {year}; use a "
                f"roster of {year} or --year {d.day.year}",
                "roster for another period",
            )
    first = min(d.day for d in duties)
    last = max(d.day for d in duties)
    if (last - first).days + 1 < 7:
        raise _fail(
            source,
            None,
            "date",
            f"the roster covers {(last - first).days + 1} day(s) ({first} to {last}); at least "
            "one whole week is needed for a typical week",
            "roster too short",
        )
    n_hours = 24 * ((last - first).days + 2)
    keys = sorted({(t.unit, t.role) for t in shift_map.shifts.values()})
    index = {k: i for i, k in enumerate(keys)}
    grid = np.zeros((len(keys), n_hours))
    lo, hi = n_hours, 0
    for d in duties:
        t = shift_map.shifts[d.shift]
        base = 60 * 24 * (d.day - first).days
        a, b = base + d.start_min, base + d.end_min
        lo, hi = min(lo, a // 60), max(hi, -(-b // 60))
        for h in range(a // 60, min(-(-b // 60), n_hours)):
            covered = min(b, 60 * (h + 1)) - max(a, 60 * h)
            if covered >= 30:
                grid[index[(t.unit, t.role)], h] += 1
    holidays = set(holiday_dates(year))
    hours = np.arange(n_hours)
    dates = [first + dt.timedelta(days=int(h // 24)) for h in hours]
    how = np.array([24 * day.weekday() + int(h % 24) for day, h in zip(dates, hours, strict=True)])
    usable = (hours >= lo) & (hours < hi) & np.array([day not in holidays for day in dates])
    counts: dict[tuple[str, str], np.ndarray] = {}
    for k, key in enumerate(keys):
        week = np.zeros(HOURS_PER_WEEK, np.int64)
        for h in range(HOURS_PER_WEEK):
            values = grid[k, usable & (how == h)]
            if values.size:
                week[h] = int(np.ceil(np.median(values)))
        counts[key] = week
    return Staffing(counts)


def apply_roster(
    config: OohConfig,
    roster: Path,
    shift_map_path: Path,
    *,
    year: int,
    load_calendar: CalendarLoader | None = None,
) -> OohConfig:
    """`config` with the staffing of the (unit, role) pairs the shift map names taken from the
    roster at `roster` (checked again like a configuration file)."""
    shift_map = load_shift_map(shift_map_path, config)
    duties = read_duties(roster, shift_map, load_calendar)
    from_roster = roster_staffing(duties, shift_map, year=year, source=str(roster))
    counts = {
        k: v for k, v in config.staffing_table().counts.items() if k not in from_roster.counts
    }
    counts.update(from_roster.counts)
    return config.with_staffing(
        Staffing(counts), source=f"{config.meta.name or 'configuration'} + {roster}"
    )


__all__ = [
    "CalendarLoader",
    "Duty",
    "RosterCalendar",
    "ShiftMap",
    "ShiftTarget",
    "apply_roster",
    "load_shift_map",
    "read_duties",
    "roster_staffing",
]
