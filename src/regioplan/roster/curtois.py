"""The Curtois & Qu staff-scheduling benchmark format, mapped onto the roster model.

Sections (see the instance file headers): SECTION_HORIZON, SECTION_SHIFTS (id, minutes,
forbidden successors separated by ``|``), SECTION_STAFF (id, max shifts per type ``D=14|N=3``,
max / min total minutes, max / min consecutive shifts, min consecutive days off, max weekends),
SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS / SECTION_SHIFT_OFF_REQUESTS (employee, day, shift,
weight), SECTION_COVER (day, shift, requirement, weight under, weight over). Every instance starts
on a Monday. This module only parses text; reading the file is the caller's job.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from regioplan.errors import Problem as ValidationProblem
from regioplan.errors import ValidationError
from regioplan.roster.model import Cover, Physician, Problem, Request, ShiftType

_SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


def parse_curtois(text: str, *, name: str = "instance", source: str = "<text>") -> Problem:
    """Parse a Curtois & Qu instance into a :class:`Problem`."""
    rows: dict[str, list[tuple[int, list[str]]]] = {s: [] for s in _SECTIONS}
    section: str | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in rows:
                raise _error(source, lineno, "section", f"unknown section {line!r}")
            section = line
            continue
        if section is None:
            raise _error(source, lineno, "line", f"data before any section: {line!r}")
        rows[section].append((lineno, [f.strip() for f in line.split(",")]))
    try:
        return _build(rows, name)
    except (ValueError, IndexError) as exc:
        raise _error(source, None, "instance", f"malformed value: {exc}") from exc


def _build(rows: dict[str, list[tuple[int, list[str]]]], name: str) -> Problem:
    horizon = int(rows["SECTION_HORIZON"][0][1][0])
    shifts = tuple(
        ShiftType(
            f[0],
            start=0,
            duration=int(f[1]),
            forbidden_after=frozenset(x for x in f[2].split("|") if x)
            if len(f) > 2
            else frozenset(),
        )
        for _, f in rows["SECTION_SHIFTS"]
    )
    days_off = {f[0]: frozenset(int(d) for d in f[1:] if d) for _, f in rows["SECTION_DAYS_OFF"]}
    staff = []
    for _, f in rows["SECTION_STAFF"]:
        per_type = {k: int(v) for k, v in (item.split("=") for item in f[1].split("|") if item)}
        staff.append(
            Physician(
                f[0],
                max_shifts_per_type=per_type,
                max_minutes=int(f[2]),
                min_minutes=int(f[3]),
                max_consecutive=int(f[4]),
                min_consecutive=max(1, int(f[5])),
                min_consecutive_off=max(1, int(f[6])),
                max_weekends=int(f[7]),
                unavailable=days_off.get(f[0], frozenset()),
            )
        )
    requests = [
        Request(f[0], int(f[1]), f[2], int(f[3]), want=(section == "SECTION_SHIFT_ON_REQUESTS"))
        for section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS")
        for _, f in rows[section]
    ]
    cover = tuple(
        Cover(int(f[0]), f[1], int(f[2]), under_weight=int(f[3]), over_weight=int(f[4]))
        for _, f in rows["SECTION_COVER"]
    )
    return Problem(
        horizon=horizon,
        shifts=shifts,
        physicians=tuple(staff),
        cover=cover,
        requests=tuple(requests),
        start=date(2024, 1, 1),
        name=name,
    )


def _error(source: str, line: int | None, field: str, reason: str) -> ValidationError:
    return ValidationError([ValidationProblem(source, line, field, reason)])


def tile(text: str, weeks: int, staff: int) -> str:
    """A larger instance in the same format, tiled from `text`: the horizon repeated `weeks`
    times and the staff `staff` times (limits over the horizon multiplied, cover multiplied by
    the staff factor, requests and days off repeated). A valid instance of that size whose
    optimum is unknown; used to measure the engine at the size of Curtois 13-24, which are not
    bundled (benchmarks/roster/make_scaled.py)."""
    if weeks < 1 or staff < 1:
        raise ValueError(f"tiling factors must be >= 1, got {weeks}x{staff}")
    sections: dict[str, list[list[str]]] = defaultdict(list)
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            continue
        sections[current].append([f.strip() for f in line.split(",")])
    horizon = int(sections["SECTION_HORIZON"][0][0])
    out = [f"# {weeks}x horizon, {staff}x staff, tiled from an instance of {horizon} days"]
    out += ["SECTION_HORIZON", str(horizon * weeks), "", "SECTION_SHIFTS"]
    out += [",".join(f) for f in sections["SECTION_SHIFTS"]]
    out += ["", "SECTION_STAFF"]
    for c in range(staff):
        for f in sections["SECTION_STAFF"]:
            per_type = "|".join(
                f"{k}={int(v) * weeks}" for k, v in (i.split("=") for i in f[1].split("|") if i)
            )
            max_min, min_min = int(f[2]) * weeks, int(f[3]) * weeks
            out.append(
                ",".join([f"{f[0]}{c}", per_type, str(max_min), str(min_min), *f[4:7]])
                + f",{int(f[7]) * weeks}"
            )
    out += ["", "SECTION_DAYS_OFF"]
    for c in range(staff):
        for f in sections["SECTION_DAYS_OFF"]:
            days = [str(int(d) + t * horizon) for t in range(weeks) for d in f[1:] if d]
            out.append(",".join([f"{f[0]}{c}", *days]))
    for name in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        out += ["", name]
        for c in range(staff):
            for t in range(weeks):
                for f in sections[name]:
                    out.append(",".join([f"{f[0]}{c}", str(int(f[1]) + t * horizon), *f[2:]]))
    out += ["", "SECTION_COVER"]
    for t in range(weeks):
        for f in sections["SECTION_COVER"]:
            day, shift, need = int(f[0]) + t * horizon, f[1], int(f[2]) * staff
            out.append(",".join([str(day), shift, str(need), *f[3:]]))
    return "\n".join(out) + "\n"


__all__ = ["parse_curtois", "tile"]
