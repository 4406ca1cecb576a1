"""Roster output: CSV, a Rich table per week, iCalendar per physician; and reading a roster back.

These functions turn data into text or bytes; writing files is the CLI's job.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from rich.table import Table

from regioplan.errors import InputError, ValidationError
from regioplan.errors import Problem as Issue
from regioplan.roster.model import Assignment, Problem

ROSTER_COLUMNS = (
    "date",
    "day",
    "weekday",
    "shift",
    "label",
    "start",
    "end",
    "physician",
    "name",
    "organisation",
)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def roster_csv(problem: Problem, roster: Iterable[Assignment]) -> str:
    """The roster as CSV, one row per duty, sorted by day, shift and physician."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROSTER_COLUMNS)
    order = {s.id: i for i, s in enumerate(problem.shifts)}
    for a in sorted(roster, key=lambda a: (a.day, order.get(a.shift, 0), a.physician)):
        shift, doc = problem.shift(a.shift), problem.physician(a.physician)
        when = problem.date_of(a.day)
        writer.writerow(
            [
                when.isoformat(),
                a.day,
                _WEEKDAYS[when.weekday()],
                a.shift,
                shift.label,
                _clock(shift.start),
                _clock(shift.end),
                a.physician,
                doc.name,
                doc.organisation,
            ]
        )
    return out.getvalue()


def read_roster(text: str, problem: Problem, *, source: str) -> list[Assignment]:
    """A roster from CSV (``date`` or ``day``, ``shift``, ``physician``) or from the benchmark
    JSON (``assignments`` with ``employee``, ``day``, ``shift``)."""
    if text.lstrip().startswith("{"):
        try:
            rows = json.loads(text)["assignments"]
            return [Assignment(str(r["employee"]), int(r["day"]), str(r["shift"])) for r in rows]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{source}: not a benchmark JSON roster: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    if "shift" not in fields or "physician" not in fields or not {"day", "date"} & set(fields):
        raise InputError(f"{source}: a roster CSV needs columns date (or day), shift, physician")
    out: list[Assignment] = []
    issues: list[Issue] = []
    for lineno, row in enumerate(reader, start=2):
        try:
            if row.get("date"):
                day = (datetime.fromisoformat(row["date"]).date() - problem.start).days
            else:
                day = int(row["day"])
            out.append(Assignment(row["physician"].strip(), day, row["shift"].strip()))
        except ValueError as exc:
            issues.append(Issue(source, lineno, "date/day", str(exc)))
    if issues:
        raise ValidationError(issues, summary=f"{source}: invalid roster rows")
    return out


def week_tables(problem: Problem, roster: Iterable[Assignment]) -> list[Table]:
    """One Rich table per week: shifts as rows, days as columns, physicians in the cells."""
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    for a in roster:
        cells[a.day, a.shift].append(a.physician)
    tables = []
    first = -problem.start.weekday()  # weeks run Monday to Sunday
    for week_start in range(first, problem.horizon, 7):
        days = [d for d in range(week_start, week_start + 7) if 0 <= d < problem.horizon]
        monday = problem.date_of(week_start)
        table = Table(title=f"Week {monday.isocalendar().week} (from {monday.isoformat()})")
        table.add_column("shift")
        for d in days:
            when = problem.date_of(d)
            mark = "*" if d in problem.holidays else ""  # public holiday
            table.add_column(f"{_WEEKDAYS[when.weekday()]}{mark} {when:%d-%m}")
        for shift in problem.shifts:
            row = [", ".join(sorted(cells.get((d, shift.id), []))) or "-" for d in days]
            if any(c != "-" for c in row):
                table.add_row(shift.id, *row)
        tables.append(table)
    return tables


def ical(problem: Problem, roster: Iterable[Assignment], physician: str) -> bytes:
    """An iCalendar file with the duties of `physician`."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//regioplan//roster//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{problem.name}: {physician}")
    midnight = datetime.combine(problem.start, datetime.min.time())
    stamp = midnight  # deterministic output: stamp with the roster start
    for a in sorted(r for r in roster if r.physician == physician):
        shift = problem.shift(a.shift)
        begin = midnight + timedelta(days=a.day, minutes=shift.start)
        event = Event()
        event.add("uid", f"{a.day}-{a.shift}-{physician}@regioplan")
        event.add("summary", f"{shift.label or shift.id} ({a.shift})")
        event.add("dtstart", begin)
        event.add("dtend", begin + timedelta(minutes=shift.duration))
        event.add("dtstamp", stamp)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


__all__ = ["ROSTER_COLUMNS", "ical", "read_roster", "roster_csv", "week_tables"]
