"""When out-of-hours calls come: the hour-of-week profile, the calendar and the urgency mix.

The week's profile (:func:`week_profile`) is built from the three published time-of-week shares
(vzinfo.nl, acute zorg / gebruik HAP, Nivel 2017; bundled in the calibration table):

- weekdays (Monday to Friday) 18:00-19:59 hold 12.3 % of the week's contacts,
- the weekend (Saturday and Sunday) 10:00-11:59 10.1 %,
- the weekend 04:00-05:59 0.85 %.

These windows keep their published share exactly, spread evenly over their hours. Every other
out-of-hours hour follows an *assumed* daily shape (:data:`WEEKDAY_SHAPE`, :data:`WEEKEND_SHAPE`,
in per cent of the week per hour, chosen to run smoothly into the published windows: an evening
peak falling to a night floor at the level of the published weekend night, a weekend day peak in
the late morning), scaled so that the week sums to 100 %. The shape outside the published windows
is therefore an estimate and labelled as one. Office hours (Monday to Friday 08:00-16:59) have no
out-of-hours contacts; a public holiday (:func:`holiday_dates`) is treated as a Sunday: its office
hours open and every hour of it follows the Sunday profile.

Urgency mix (BMC Family Practice 2015, doi 10.1186/s12875-015-0376-9, table 1): U1 1.5 %, U2 11.1 %,
U3 38.0 %, U4 21.7 %, U5 26.3 %. These add up to 98.6 %; the remaining 1.4 % is counted as U0
(estimate: the source gives U1-U5 only). The split of telephone advice, consultation and home
visit *per urgency* is not published: :func:`type_by_urgency` estimates it by iterative
proportional fitting of an assumed seed (urgent calls lead more often to a visit, U5 mostly to
telephone advice) to the published margins (40/50/10 % by type, the urgency mix above).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import numpy.typing as npt

from regioplan.data import calibration
from regioplan.errors import DataError

FloatArray = npt.NDArray[np.float64]

URGENCIES: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5")
"""Simulated urgencies (U0 leaves for 112: counted, not simulated)."""
HOURS_PER_WEEK = 168
OFFICE_HOURS = (8, 17)
"""Monday-Friday [08:00, 17:00): the daytime practice, not the out-of-hours service."""

# Assumed shape, per cent of the week's contacts per hour, by hour of day (estimate; see module
# docstring). The published windows overwrite their hours.
WEEKDAY_SHAPE: tuple[float, ...] = (
    0.30, 0.25, 0.2125, 0.2125, 0.2125, 0.2125, 0.25, 0.35,  # 00-07 (the night before)
    0, 0, 0, 0, 0, 0, 0, 0, 0,                                # 08-16 office hours
    1.10, 1.23, 1.23, 1.00, 0.80, 0.60, 0.45,                 # 17-23
)  # fmt: skip
WEEKEND_SHAPE: tuple[float, ...] = (
    0.45, 0.35, 0.28, 0.24, 0.2125, 0.2125, 0.30, 0.60,       # 00-07
    1.40, 2.10, 2.525, 2.525, 2.20, 1.90, 1.90, 1.90, 1.90,  # 08-16
    1.90, 1.80, 1.60, 1.30, 1.00, 0.75, 0.55,                 # 17-23
)  # fmt: skip

_WINDOW_INDICATOR = "aandeel HAP-contacten op werkdagen 18:00-19:59"
_URGENCY_INDICATOR = "urgentieverdeling HAP U1/U2/U3/U4/U5"

# Assumed seed of P(type | urgency) before fitting to the published margins (estimate).
_TYPE_SEED = np.array(
    [
        [0.05, 0.35, 0.60],  # U1
        [0.10, 0.55, 0.35],  # U2
        [0.25, 0.60, 0.15],  # U3
        [0.45, 0.50, 0.05],  # U4
        [0.75, 0.23, 0.02],  # U5
    ]
)


def _indicator(name: str) -> tuple[str, str]:
    cal = calibration()
    rows = cal[cal["indicator"] == name]
    if rows.empty:
        raise DataError(f"calibration figures lack the indicator {name!r}")
    return str(rows["value"].iloc[0]), str(rows["note"].iloc[0])


@cache
def published_windows() -> dict[str, float]:
    """The three published time-of-week shares: weekday 18-20, weekend 10-12, weekend 04-06."""
    value, note = _indicator(_WINDOW_INDICATOR)
    out = {"weekday_18_20": float(value)}
    # the note reads "weekend 10:00-11:59: 0.101; weekend 04:00-05:59: 0.0085"
    for part in note.split(";"):
        label, _, number = part.rpartition(":")
        if "10:00" in label:
            out["weekend_10_12"] = float(number)
        elif "04:00" in label:
            out["weekend_04_06"] = float(number)
    if len(out) != 3:
        raise DataError(f"cannot read the weekend time-of-week shares from {note!r}")
    return out


def window_hours() -> dict[str, list[int]]:
    """The hours of the week (Monday 00:00 = 0) of each published window."""
    weekdays = range(5)
    weekend = (5, 6)
    return {
        "weekday_18_20": [24 * d + h for d in weekdays for h in (18, 19)],
        "weekend_10_12": [24 * d + h for d in weekend for h in (10, 11)],
        "weekend_04_06": [24 * d + h for d in weekend for h in (4, 5)],
    }


def is_office_hour(hour_of_week: int) -> bool:
    day, hour = divmod(hour_of_week, 24)
    return day < 5 and OFFICE_HOURS[0] <= hour < OFFICE_HOURS[1]


@cache
def week_profile() -> FloatArray:
    """Share of the week's out-of-hours contacts per hour of the week (168, sums to 1)."""
    raw = np.array(
        [(WEEKDAY_SHAPE if d < 5 else WEEKEND_SHAPE)[h] for d in range(7) for h in range(24)]
    )
    fixed = np.zeros(HOURS_PER_WEEK, dtype=bool)
    values = np.zeros(HOURS_PER_WEEK)
    shares = published_windows()
    for name, hours in window_hours().items():
        fixed[hours] = True
        values[hours] = shares[name] / len(hours)
    free = ~fixed & (raw > 0)
    values[free] = raw[free] * (1.0 - values[fixed].sum()) / raw[free].sum()
    values.flags.writeable = False
    return values


PROFILE_METHOD = (
    "hour-of-week profile: the published shares of weekdays 18:00-19:59 (12.3 %), weekend "
    "10:00-11:59 (10.1 %) and weekend 04:00-05:59 (0.85 %) (vzinfo.nl / Nivel 2017) kept exactly; "
    "the other out-of-hours hours follow an assumed daily shape scaled to the rest of the week "
    "(estimate); public holidays follow the Sunday profile"
)


def holiday_dates(year: int) -> dict[dt.date, str]:
    """Dutch public holidays of `year` on which GP practices are closed (`holidays` library).

    Good Friday is left out (practices are open; the out-of-hours service is not in charge).
    """
    import holidays

    calendar = holidays.country_holidays("NL", years=[year], language="en_US")
    return {day: str(name) for day, name in sorted(calendar.items()) if name != "Good Friday"}


def year_hours(year: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """For every hour of `year`: the hour of the week whose profile and staffing apply (a
    holiday's hours map to the same hour of Sunday), and whether the hour is a holiday."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    holidays = holiday_dates(year)
    how = np.empty(days * 24, np.int64)
    is_holiday = np.zeros(days * 24, dtype=bool)
    for d in range(days):
        day = first + dt.timedelta(days=d)
        weekday = day.weekday()
        if day in holidays:
            weekday = 6
            is_holiday[24 * d : 24 * d + 24] = True
        how[24 * d : 24 * d + 24] = 24 * weekday + np.arange(24)
    return how, is_holiday


def year_profile(year: int) -> FloatArray:
    """Share of the year's contacts per hour of `year` (sums to 1)."""
    how, _ = year_hours(year)
    w = week_profile()[how]
    out: FloatArray = w / w.sum()
    return out


@cache
def urgency_mix() -> tuple[FloatArray, float]:
    """Published shares of U1..U5 (normalised to sum to 1) and the U0 share (the remainder)."""
    value, _ = _indicator(_URGENCY_INDICATOR)
    shares = np.array([float(x) for x in value.split("/")])
    if len(shares) != len(URGENCIES) or shares.sum() > 1.0:
        raise DataError(f"cannot read the urgency mix from {value!r}")
    u0 = float(1.0 - shares.sum())
    mix = shares / shares.sum()
    mix.flags.writeable = False
    return mix, u0


def type_by_urgency(type_shares: FloatArray, iterations: int = 200) -> FloatArray:
    """Joint shares (urgency x type, 5 x 3) fitted to the urgency mix and `type_shares` (IPF).

    Rows U1..U5, columns phone, consult, visit (as :data:`regioplan.ooh.OOH_TYPES`); the matrix
    sums to 1, its row sums are :func:`urgency_mix` and its column sums `type_shares`.
    """
    rows, _ = urgency_mix()
    cols = np.asarray(type_shares, float) / float(np.sum(type_shares))
    m = _TYPE_SEED * rows[:, None]
    for _ in range(iterations):
        m *= (rows / m.sum(axis=1))[:, None]
        m *= (cols / m.sum(axis=0))[None, :]
    out: FloatArray = m / m.sum()
    return out


TYPE_SPLIT_METHOD = (
    "telephone advice / consultation / home visit per urgency: iterative proportional fitting of "
    "an assumed seed (urgent calls lead more often to a visit) to the published margins "
    "(40/50/10 %, urgency U1-U5 1.5/11.1/38.0/21.7/26.3 %) (estimate)"
)

__all__ = [
    "HOURS_PER_WEEK",
    "PROFILE_METHOD",
    "TYPE_SPLIT_METHOD",
    "URGENCIES",
    "holiday_dates",
    "is_office_hour",
    "published_windows",
    "type_by_urgency",
    "urgency_mix",
    "week_profile",
    "window_hours",
    "year_hours",
    "year_profile",
]
