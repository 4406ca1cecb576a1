"""The roster problem: a horizon of days, shift types, coverage, physicians, requests and rules.

Everything here is plain, frozen data plus validation. The same model carries both the regional
out-of-hours (ANW) roster and the Curtois & Qu benchmark instances, so one engine solves both::

    >>> night = ShiftType("N", start=23 * 60, duration=9 * 60, qualification="so")
    >>> doc = Physician("p1", organisation="org-a", qualifications=frozenset({"so"}))
    >>> problem = Problem(
    ...     horizon=2, shifts=(night,), physicians=(doc,),
    ...     cover=(Cover(0, "N", 1, under_weight=100), Cover(1, "N", 1, under_weight=100)),
    ... )
    >>> problem.eligible(doc, night)
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import floor, isfinite
from types import MappingProxyType

from regioplan.errors import Problem as ValidationProblem
from regioplan.errors import ValidationError

MINUTES_PER_DAY = 24 * 60

_EMPTY: Mapping[str, int] = MappingProxyType({})
_EMPTY_FLOAT: Mapping[str, float] = MappingProxyType({})


@dataclass(frozen=True)
class ShiftType:
    """A kind of duty: starts `start` minutes after midnight and lasts `duration` minutes.

    `qualification` and `area` restrict who may take it (None: anyone). `night` marks night duties
    for the night rules and night fairness. `forbidden_after` names shift types that may not be
    worked on the next day after this one (on top of the minimum-rest rule).
    """

    id: str
    start: int
    duration: int
    qualification: str | None = None
    area: str | None = None
    night: bool = False
    forbidden_after: frozenset[str] = frozenset()
    label: str = ""

    @property
    def end(self) -> int:
        """End in minutes after midnight of the shift's own day (may exceed 1440)."""
        return self.start + self.duration


@dataclass(frozen=True)
class Cover:
    """Wanted number of physicians on `shift` on `day`.

    Each physician short costs `under_weight`, each one too many `over_weight`. Fewer than
    `hard_minimum` is not allowed at all.
    """

    day: int
    shift: str
    requirement: int
    under_weight: int = 100
    over_weight: int = 1
    hard_minimum: int = 0


@dataclass(frozen=True)
class Request:
    """A wish of a physician, kept or broken at a cost of `weight`.

    `want=True`: the physician wants to work `shift` on `day` (any shift when `shift` is None).
    `want=False`: the physician does not want to work it.
    """

    physician: str
    day: int
    shift: str | None
    weight: int
    want: bool


@dataclass(frozen=True)
class Fixed:
    """A pinned assignment: `physician` works `shift` on `day`; `shift=None` pins a day off."""

    physician: str
    day: int
    shift: str | None


@dataclass(frozen=True, order=True)
class Assignment:
    """`physician` works `shift` on day index `day`: one line of a roster."""

    physician: str
    day: int
    shift: str


@dataclass(frozen=True)
class Physician:
    """A physician (or other staff member) with contract limits over the whole horizon.

    `fte` is the contract size used by the fairness terms. Counting limits that are None are
    unbounded. `min_consecutive` and `min_consecutive_off` only bind runs that lie strictly inside
    the horizon (a run touching the first or last day may continue outside it), unless that edge
    of the horizon is closed (`Problem.closed`).
    """

    id: str
    organisation: str = ""
    qualifications: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    fte: float = 1.0
    min_shifts: int = 0
    max_shifts: int | None = None
    max_shifts_per_type: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    min_minutes: int = 0
    max_minutes: int | None = None
    max_consecutive: int | None = None
    min_consecutive: int = 1
    min_consecutive_off: int = 1
    max_weekends: int | None = None
    max_nights: int | None = None
    unavailable: frozenset[int] = frozenset()
    free_day_after_weekend: bool = False
    name: str = ""


@dataclass(frozen=True)
class Rules:
    """Rules for every physician: minimum rest between shifts and the night rule."""

    min_rest_minutes: int = 0
    no_day_shift_after_night: bool = False


@dataclass(frozen=True)
class Fairness:
    """Weights of the fairness penalties; a weight of 0 switches the term off.

    Per physician, nights, weekend-like duties (Saturday, Sunday, public holiday) and holiday
    duties are compared with a target in proportion to the physician's `fte`; per organisation,
    all duties are compared with a target in proportion to `organisation_key`. Every duty outside
    the interval [floor(target), ceil(target)] costs the weight once.
    """

    nights: int = 0
    weekends: int = 0
    holidays: int = 0
    organisations: int = 0
    organisation_key: Mapping[str, float] = field(default_factory=lambda: _EMPTY_FLOAT)


@dataclass(frozen=True)
class Problem:
    """A complete roster problem over days 0 .. horizon-1.

    `start` dates day 0 (a Monday by default; the Curtois instances all start on a Monday).
    `weekend_days` and `holidays` (day index -> name) default to Saturday/Sunday from `start`
    and no holidays; :func:`regioplan.roster.dutch_holidays` fills the latter.

    `closed` says for the first and the last day whether the horizon is closed there: then a
    run of work or days off touching that day must keep the minimum run lengths too, as if
    nothing could continue it outside the horizon. Open (the default) suits a roster that
    follows and precedes other periods; the windows of a long horizon close their inner edges,
    so that their plans can be put together (:mod:`regioplan.roster.windows`).
    """

    horizon: int
    shifts: tuple[ShiftType, ...]
    physicians: tuple[Physician, ...]
    cover: tuple[Cover, ...] = ()
    requests: tuple[Request, ...] = ()
    fixed: tuple[Fixed, ...] = ()
    rules: Rules = Rules()
    fairness: Fairness = Fairness()
    start: date = date(2024, 1, 1)
    holidays: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    name: str = "roster"
    closed: tuple[bool, bool] = (False, False)

    def __post_init__(self) -> None:
        problems = _validate(self)
        if problems:
            raise ValidationError(problems, summary=f"roster problem {self.name!r} is invalid")

    # -- lookups -------------------------------------------------------------------------------

    def shift(self, shift_id: str) -> ShiftType:
        """The shift type with id `shift_id`."""
        for s in self.shifts:
            if s.id == shift_id:
                return s
        raise KeyError(shift_id)

    def physician(self, physician_id: str) -> Physician:
        """The physician with id `physician_id`."""
        for p in self.physicians:
            if p.id == physician_id:
                return p
        raise KeyError(physician_id)

    def date_of(self, day: int) -> date:
        """Calendar date of day index `day`."""
        return self.start + timedelta(days=day)

    def is_weekend(self, day: int) -> bool:
        """Saturday or Sunday."""
        return self.date_of(day).weekday() >= 5

    def is_weekend_like(self, day: int) -> bool:
        """Saturday, Sunday or a public holiday: counts as a weekend duty for fairness."""
        return self.is_weekend(day) or day in self.holidays

    def weekends(self) -> list[tuple[int, ...]]:
        """The weekends as tuples of day indexes (Saturday, Sunday) that lie in the horizon."""
        result: list[tuple[int, ...]] = []
        for d in range(self.horizon):
            weekday = self.date_of(d).weekday()
            if weekday == 5:
                result.append((d, d + 1) if d + 1 < self.horizon else (d,))
            elif weekday == 6 and d == 0:
                result.append((d,))
        return result

    def eligible(self, physician: Physician, shift: ShiftType) -> bool:
        """Whether `physician` may take `shift` at all (qualification, area, contract)."""
        if shift.qualification is not None and shift.qualification not in physician.qualifications:
            return False
        if shift.area is not None and physician.areas and shift.area not in physician.areas:
            return False
        return physician.max_shifts_per_type.get(shift.id, 1) != 0

    def forbidden_successions(self) -> frozenset[tuple[str, str]]:
        """Pairs (s, t): shift t may not be worked the day after shift s."""
        pairs: set[tuple[str, str]] = set()
        for s in self.shifts:
            for t in self.shifts:
                rest = MINUTES_PER_DAY + t.start - s.end
                if (
                    t.id in s.forbidden_after
                    or rest < self.rules.min_rest_minutes
                    or (self.rules.no_day_shift_after_night and s.night and not t.night)
                ):
                    pairs.add((s.id, t.id))
        return frozenset(pairs)

    def fairness_targets(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Per fairness term, each physician's (or organisation's) allowed interval of duties.

        Every wanted duty of the term is shared among the physicians who may take it and are
        available that day, in proportion to their `fte`; a physician's target is the sum of
        those shares, and the allowed interval is [floor(target), ceil(target)]. Organisations
        share all duties by `fairness.organisation_key`.
        """
        terms: dict[str, Callable[[Cover], bool]] = {
            "nights": lambda c: self.shift(c.shift).night,
            "weekends": lambda c: self.is_weekend_like(c.day),
            "holidays": lambda c: c.day in self.holidays,
        }
        pools: dict[str, list[Physician]] = {
            s.id: [p for p in self.physicians if self.eligible(p, s) and p.fte > 0]
            for s in self.shifts
        }
        result: dict[str, dict[str, tuple[int, int]]] = {}
        for term, counts in terms.items():
            target: dict[str, float] = {}
            for c in self.cover:
                pool = [p for p in pools[c.shift] if c.day not in p.unavailable]
                fte = sum(p.fte for p in pool)
                if counts(c) and fte > 0:
                    for p in pool:
                        target[p.id] = target.get(p.id, 0.0) + c.requirement * p.fte / fte
            result[term] = {pid: _interval(t) for pid, t in target.items()}
        key = self.fairness.organisation_key
        key_total = sum(key.values())
        grand = sum(c.requirement for c in self.cover)
        result["organisations"] = (
            {o: _interval(grand * k / key_total) for o, k in key.items()} if key_total > 0 else {}
        )
        return result


def _interval(target: float) -> tuple[int, int]:
    low = floor(target + 1e-6)
    return (low, low if abs(target - low) < 1e-6 else low + 1)


def _validate(p: Problem) -> list[ValidationProblem]:
    out: list[ValidationProblem] = []

    def bad(where: str, reason: str) -> None:
        out.append(ValidationProblem(p.name, None, where, reason))

    if p.horizon < 1:
        bad("horizon", f"must be at least 1 day, got {p.horizon}")
    shift_ids = [s.id for s in p.shifts]
    phys_ids = [x.id for x in p.physicians]
    for kind, ids in (("shift", shift_ids), ("physician", phys_ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            bad(kind, f"duplicate id(s) {', '.join(dupes)}")
    known_shifts, known_phys = set(shift_ids), set(phys_ids)
    for s in p.shifts:
        if s.duration <= 0 or not 0 <= s.start < MINUTES_PER_DAY:
            bad(f"shift {s.id}", f"start {s.start} / duration {s.duration} out of range")
        for t in s.forbidden_after - known_shifts:
            bad(f"shift {s.id}.forbidden_after", f"unknown shift {t!r}")
    for c in p.cover:
        if c.shift not in known_shifts:
            bad(f"cover day {c.day}", f"unknown shift {c.shift!r}")
        if not 0 <= c.day < p.horizon:
            bad(f"cover shift {c.shift}", f"day {c.day} outside the horizon 0..{p.horizon - 1}")
        if c.requirement < 0 or not 0 <= c.hard_minimum <= c.requirement:
            bad(f"cover day {c.day} shift {c.shift}", "need 0 <= hard_minimum <= requirement")
        if c.under_weight < 0 or c.over_weight < 0:
            bad(f"cover day {c.day} shift {c.shift}", "weights must be >= 0")
    for x in p.physicians:
        for sid in set(x.max_shifts_per_type) - known_shifts:
            bad(f"physician {x.id}.max_shifts_per_type", f"unknown shift {sid!r}")
        if x.max_shifts is not None and x.max_shifts < x.min_shifts:
            bad(f"physician {x.id}", f"max_shifts {x.max_shifts} < min_shifts {x.min_shifts}")
        if x.max_minutes is not None and x.max_minutes < x.min_minutes:
            bad(f"physician {x.id}", f"max_minutes {x.max_minutes} < min_minutes {x.min_minutes}")
        if not (isfinite(x.fte) and x.fte >= 0):
            bad(f"physician {x.id}.fte", f"must be a finite number >= 0, got {x.fte}")
        if x.min_consecutive < 1 or x.min_consecutive_off < 1:
            bad(f"physician {x.id}", "min_consecutive and min_consecutive_off must be >= 1")
        if x.max_consecutive is not None and x.max_consecutive < 1:
            bad(f"physician {x.id}.max_consecutive", f"must be >= 1, got {x.max_consecutive}")
        for d in sorted(x.unavailable):
            if not 0 <= d < p.horizon:
                bad(f"physician {x.id}.unavailable", f"day {d} outside the horizon")
    for r in p.requests:
        if r.physician not in known_phys:
            bad(f"request day {r.day}", f"unknown physician {r.physician!r}")
        if r.shift is not None and r.shift not in known_shifts:
            bad(f"request {r.physician} day {r.day}", f"unknown shift {r.shift!r}")
        if not 0 <= r.day < p.horizon or r.weight < 0:
            bad(f"request {r.physician} day {r.day}", "day outside horizon or negative weight")
    for f in p.fixed:
        if f.physician not in known_phys:
            bad(f"fixed day {f.day}", f"unknown physician {f.physician!r}")
            continue
        if f.shift is not None and f.shift not in known_shifts:
            bad(f"fixed {f.physician} day {f.day}", f"unknown shift {f.shift!r}")
            continue
        if not 0 <= f.day < p.horizon:
            bad(f"fixed {f.physician}", f"day {f.day} outside the horizon")
        doc = next(x for x in p.physicians if x.id == f.physician)
        if f.shift is not None and f.day in doc.unavailable:
            bad(f"fixed {f.physician} day {f.day}", "pinned to a shift on an unavailable day")
        if f.shift is not None and not p.eligible(
            doc, next(s for s in p.shifts if s.id == f.shift)
        ):
            bad(f"fixed {f.physician} day {f.day}", f"not qualified for shift {f.shift!r}")
    for org in p.fairness.organisation_key:
        if org not in {x.organisation for x in p.physicians}:
            bad("fairness.organisation_key", f"organisation {org!r} has no physicians")
    for org, share in p.fairness.organisation_key.items():
        if not (isfinite(share) and share >= 0):
            bad(f"fairness.organisation_key.{org}", f"must be a finite number >= 0, got {share}")
    return out


__all__ = [
    "MINUTES_PER_DAY",
    "Assignment",
    "Cover",
    "Fairness",
    "Fixed",
    "Physician",
    "Problem",
    "Request",
    "Rules",
    "ShiftType",
]
