"""Dates and clock times for rosters: Dutch public holidays and 'HH:MM' parsing."""

from __future__ import annotations

from datetime import date, timedelta

from regioplan.errors import InputError


def dutch_holidays(start: date, horizon: int) -> dict[int, str]:
    """Dutch public holidays in the horizon, as day index -> English name.

    Taken from the `holidays` library (country NL), which keeps the calendar current (King's Day
    moving to the 26th when the 27th is a Sunday, Liberation Day in lustrum years, Good Friday).
    """
    import holidays

    end = start + timedelta(days=horizon - 1)
    years = range(start.year, end.year + 1)
    calendar = holidays.country_holidays("NL", years=years, language="en_US")
    return {
        (day - start).days: str(name)
        for day, name in sorted(calendar.items())
        if start <= day <= end
    }


def parse_clock(text: str, where: str) -> int:
    """Minutes after midnight of 'HH:MM' (24:00 allowed as the end of a day)."""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
    except ValueError as exc:
        raise InputError(f"{where}: {text!r} is not a time HH:MM") from exc
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        raise InputError(f"{where}: {text!r} is not a time HH:MM")
    return hours * 60 + minutes


__all__ = ["dutch_holidays", "parse_clock"]
