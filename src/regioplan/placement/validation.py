"""Checks of what users type, each problem naming its field (data minimisation included).

A request carries no names, citizen service numbers (BSN), dates of birth or free-text medical
data: the referrer's own reference is a short code without spaces that identifies the patient
outside the system; 8- or 9-digit numbers (a BSN has 9 digits, older ones 8) and anything that
reads as a date are refused, and needs come from the fixed checklist.

>>> reference_problem("HA-2026-0042") is None
True
>>> reference_problem("123456782")
'looks like a citizen service number (BSN: 8 or 9 digits in a row); use your own reference code'
>>> reference_problem("pat-12-03-1941")
'contains a date (12-03-1941); a reference must not hold a date of birth'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regioplan.errors import Problem, ValidationError
from regioplan.placement.config import NEEDS, URGENCIES

REFERENCE_MAX = 40
_REFERENCE_CHARS = re.compile(r"^[A-Za-z0-9._/#:-]+$")
_LONG_NUMBER = re.compile(r"(?<!\d)\d{8,9}(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_SIX = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})(?!\d)")


def _is_date(day: int, month: int, year: int) -> bool:
    try:
        dt.date(year if year >= 100 else 1900 + year, month, day)
    except ValueError:
        return False
    return True


def reference_problem(reference: str) -> str | None:
    """Why `reference` is not acceptable as a referrer's own reference, or None."""
    if not reference:
        return "is empty; give your own reference code (e.g. HA-2026-0042)"
    if len(reference) > REFERENCE_MAX:
        return f"has {len(reference)} characters; at most {REFERENCE_MAX}"
    if not _REFERENCE_CHARS.match(reference):
        return (
            "may hold only letters, digits and . _ / # : - (no spaces: a reference is a code, "
            "not a name)"
        )
    if not any(c.isdigit() for c in reference):
        return "needs at least one digit (a reference is a code, not a name)"
    if _LONG_NUMBER.search(reference):
        return (
            "looks like a citizen service number (BSN: 8 or 9 digits in a row); use your own "
            "reference code"
        )
    for match in _DMY.finditer(reference):
        d, m, y = (int(g) for g in match.groups())
        if _is_date(d, m, y):
            return f"contains a date ({match.group(0)}); a reference must not hold a date of birth"
    for match in _YMD.finditer(reference):
        y, m, d = (int(g) for g in match.groups())
        if _is_date(d, m, y):
            return f"contains a date ({match.group(0)}); a reference must not hold a date of birth"
    for match in _SIX.finditer(reference):
        d, m, y = (int(g) for g in match.groups())
        if _is_date(d, m, y):
            return (
                f"contains a date ({match.group(0)} as day-month-year); a reference must not "
                "hold a date of birth"
            )
    return None


@dataclass(frozen=True)
class RequestInput:
    """What a referrer submits: no personal data, only a code and checklist items."""

    reference: str
    care_type: str
    urgency: str
    municipality: str
    needs: tuple[str, ...] = ()


def _choice(field: str, value: str, allowed: Sequence[str]) -> Problem | None:
    if value in allowed:
        return None
    return Problem("request", None, field, f"{value!r} is not one of: {', '.join(allowed)}")


def municipality_problem(code: str) -> str | None:
    """Why `code` is not a municipality code of the bundled data (GMxxxx), or None."""
    from regioplan.placement.geography import municipality_point

    if municipality_point(code) is None:
        return f"{code!r} is not a municipality code (GM followed by four digits, e.g. GM0363)"
    return None


def needs_problems(needs: Iterable[str], field: str = "needs") -> list[Problem]:
    """A problem for every item not on the fixed checklist, and for repeated items."""
    problems = []
    seen: set[str] = set()
    for item in needs:
        if item not in NEEDS:
            problems.append(
                Problem(
                    "request", None, field, f"{item!r} is not on the checklist: {', '.join(NEEDS)}"
                )
            )
        elif item in seen:
            problems.append(Problem("request", None, field, f"{item!r} is given twice"))
        seen.add(item)
    return problems


def validate_request(value: RequestInput, bed_types: Sequence[str]) -> RequestInput:
    """`value` with needs in checklist order, or a ValidationError listing every problem."""
    problems: list[Problem] = []
    why = reference_problem(value.reference)
    if why:
        problems.append(Problem("request", None, "reference", why))
    for problem in (
        _choice("care_type", value.care_type, bed_types),
        _choice("urgency", value.urgency, URGENCIES),
    ):
        if problem:
            problems.append(problem)
    why = municipality_problem(value.municipality)
    if why:
        problems.append(Problem("request", None, "municipality", why))
    problems.extend(needs_problems(value.needs))
    if problems:
        raise ValidationError(
            problems,
            summary="the request is not valid: "
            + "; ".join(f"{p.field}: {p.reason}" for p in problems),
        )
    return RequestInput(
        reference=value.reference,
        care_type=value.care_type,
        urgency=value.urgency,
        municipality=value.municipality,
        needs=tuple(n for n in NEEDS if n in value.needs),
    )


def count_problems(physical: int, staffed: int, occupied: int) -> list[Problem]:
    """Problems of a capacity figure: whole numbers >= 0, staffed and occupied <= physical."""
    problems = []
    for name, number in (("physical", physical), ("staffed", staffed), ("occupied", occupied)):
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            problems.append(
                Problem("capacity", None, name, f"{number!r} must be a whole number >= 0")
            )
    if not problems:
        if staffed > physical:
            problems.append(
                Problem(
                    "capacity", None, "staffed", f"{staffed} exceeds physical beds ({physical})"
                )
            )
        if occupied > physical:
            problems.append(
                Problem(
                    "capacity", None, "occupied", f"{occupied} exceeds physical beds ({physical})"
                )
            )
        if physical > 10_000:
            problems.append(
                Problem("capacity", None, "physical", f"{physical} beds: at most 10000")
            )
    return problems


def is_plain_text(value: str) -> bool:
    """Whether `value` has no control characters and is valid UTF-8 (no lone surrogates):
    what a name may be, and what the database can store on every backend."""
    if any(unicodedata.category(c) == "Cc" for c in value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def name_problem(value: str, most: int = 200) -> str | None:
    """Why `value` is not acceptable as the name of an organisation or location, or None."""
    if not 1 <= len(value.strip()) <= most:
        return f"must have 1..{most} characters"
    if not is_plain_text(value):
        return "must not contain control characters"
    return None


def region_problem(code: str) -> str | None:
    """Why `code` is not a care-office region code (ZK01..ZK31), or None."""
    from regioplan.placement.geography import region_codes

    if code not in region_codes():
        return f"{code!r} is not a care-office region code (ZK01..ZK31)"
    return None


def fail(source: str, field: str, reason: str) -> ValidationError:
    """A ValidationError with one problem of `field`."""
    return ValidationError([Problem(source, None, field, reason)], summary=f"{field}: {reason}")


__all__ = [
    "REFERENCE_MAX",
    "RequestInput",
    "count_problems",
    "fail",
    "is_plain_text",
    "municipality_problem",
    "name_problem",
    "needs_problems",
    "reference_problem",
    "region_problem",
    "validate_request",
]
