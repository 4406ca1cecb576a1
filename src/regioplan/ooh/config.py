"""The typed configuration of an out-of-hours simulation: posts, organisations, staffing, variant.

A configuration is read from TOML by :func:`load_config` (schema in docs/ooh.md) or built from a
dict with ``OohConfig.model_validate``. Every problem, of form (pydantic) or of meaning (an unknown
post, an open hour without a triagist), is reported as a :class:`regioplan.errors.ValidationError`
whose problems name the file, the key path (``staffing[3].count``) and what is wrong.

>>> cfg = OohConfig.model_validate({
...     "posts": [{"id": "a", "name": "Post A", "pc4": "3311"}],
...     "staffing": [{"post": "a", "role": "triagist", "days": "mon-sun", "hours": "0-24",
...                   "count": 1}]})
>>> int(cfg.staffing_table().get("a", "triagist").sum())
168
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from regioplan.errors import Problem, ValidationError
from regioplan.ooh.profile import HOURS_PER_WEEK, is_office_hour

IntArray = npt.NDArray[np.int64]

ROLES: tuple[str, ...] = (
    "triagist",
    "post_gp",
    "car",
    "supervising_gp",
    "np",
    "social_worker",
    "so",
)
"""Staff roles: triagist, GP at the post, visiting GP with car and driver, supervising GP, nurse
practitioner, social-domain worker, SO/AVG on call (per organisation)."""
Role = Literal["triagist", "post_gp", "car", "supervising_gp", "np", "social_worker", "so"]
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_days(text: str) -> list[int]:
    """Day indices (Monday 0) of ``mon-fri``, ``sat,sun``, ``mon`` or ``mon-sun``."""
    out: list[int] = []
    for part in text.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"{text!r} is not a day or range of days (mon..sun, e.g. 'mon-fri')")
        a = DAYS.index(first)
        b = DAYS.index(last) if last else a
        out.extend((a + i) % 7 for i in range((b - a) % 7 + 1))
    return sorted(set(out))


def parse_hours(text: str) -> tuple[int, int]:
    """``17-24`` -> (17, 24); ``23-08`` (past midnight) -> (23, 32)."""
    first, sep, last = text.replace(" ", "").partition("-")
    try:
        a, b = int(first), int(last)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a range of whole hours such as '17-24'") from exc
    if not sep or not (0 <= a <= 23 and 0 <= b <= 24) or a == b:
        raise ValueError(f"{text!r} is not a range of whole hours such as '17-24' or '23-08'")
    return (a, b) if b > a else (a, b + 24)


def week_mask(days: str, hours: str) -> npt.NDArray[np.bool_]:
    """The hours of the week (168) that a ``days`` + ``hours`` pattern covers."""
    mask = np.zeros(HOURS_PER_WEEK, dtype=bool)
    a, b = parse_hours(hours)
    for d in parse_days(days):
        for h in range(a, b):
            mask[(24 * d + h) % HOURS_PER_WEEK] = True
    return mask


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Meta(_Model):
    name: str = ""
    estimated: bool = False
    note: str = ""


class Post(_Model):
    """A GP out-of-hours post; `estimated` marks a location that is an estimate."""

    id: str = Field(min_length=1)
    name: str = ""
    pc4: str = Field(pattern=r"^\d{4}$")
    lat: float | None = None
    lon: float | None = None
    estimated: bool = False
    open: list[str] | None = None
    """``"mon-fri 17-08"``-style patterns; default: every out-of-hours hour."""

    def open_mask(self) -> npt.NDArray[np.bool_]:
        if self.open is None:
            return np.array([not is_office_hour(h) for h in range(HOURS_PER_WEEK)])
        mask = np.zeros(HOURS_PER_WEEK, dtype=bool)
        for pattern in self.open:
            days, _, hours = pattern.strip().partition(" ")
            mask |= week_mask(days, hours)
        return mask


class Organisation(_Model):
    """A care organisation whose SO/AVG on call serves its nursing homes."""

    id: str = Field(min_length=1)
    name: str = ""
    municipalities: list[str] = Field(min_length=1)
    places: float | None = Field(default=None, ge=0)


class StaffingRow(_Model):
    """Head count of one role on duty at a post (or organisation, role ``so``) in some hours."""

    post: str | None = None
    organisation: str | None = None
    role: Role
    days: str
    hours: str
    count: int = Field(ge=0)

    @property
    def unit(self) -> str:
        return self.post if self.post is not None else str(self.organisation)


class Merge(_Model):
    into: str
    posts: list[str] = Field(min_length=1)


class Variant(_Model):
    """An organisation variant (defaults: today's organisation, each post its own area)."""

    triage: Literal["per_post", "regional"] = "per_post"
    cars: Literal["per_post", "shared"] = "per_post"
    night_post: str | None = None
    night_hours: str = "23-08"
    merge: list[Merge] = Field(default_factory=list)
    nurse_practitioner: bool = False
    social_worker_share: float = Field(default=0.0, ge=0.0, le=1.0)
    so_on_call: Literal["per_organisation", "shared"] = "per_organisation"


class Params(_Model):
    """Model parameters; defaults are sources or labelled assumptions (docs/ooh.md)."""

    triage_mean_min: float = Field(default=7.78, gt=0)
    triage_sd_min: float = Field(default=4.77, ge=0)
    dispatch_u1_min: float = Field(default=2.0, ge=0)
    dispatch_u2_min: float = Field(default=5.0, ge=0)
    supervision_mean_min: float = Field(default=2.0, gt=0)
    consult_mean_min: float = Field(default=10.0, gt=0)
    consult_sd_min: float = Field(default=5.0, ge=0)
    visit_mean_min: float = Field(default=20.0, gt=0)
    visit_sd_min: float = Field(default=10.0, ge=0)
    social_mean_min: float = Field(default=20.0, gt=0)
    so_phone_mean_min: float = Field(default=10.0, gt=0)
    so_visit_mean_min: float = Field(default=30.0, gt=0)
    so_calls_per_place: float = Field(default=1.0, ge=0)
    so_visit_share: float = Field(default=0.3, ge=0, le=1)
    max_travel_min: float = Field(default=120.0, gt=0)
    urgent_line: bool = True
    """U1 callers choose the urgent option of the phone menu and are answered first."""


@dataclass(frozen=True)
class Staffing:
    """Head counts per (unit, role) and hour of the week (Monday 00:00 = hour 0).

    A unit is a post id (an organisation id for role ``so``). Public holidays use Sunday's hours.

    >>> s = Staffing.from_rows([StaffingRow(post="a", role="car", days="sat", hours="8-10",
    ...                                     count=2)])
    >>> s.get("a", "car")[24 * 5 + 8 : 24 * 5 + 11].tolist()
    [2, 2, 0]
    """

    counts: Mapping[tuple[str, str], IntArray] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[StaffingRow]) -> Staffing:
        counts: dict[tuple[str, str], IntArray] = {}
        for row in rows:
            key = (row.unit, row.role)
            arr = counts.setdefault(key, np.zeros(HOURS_PER_WEEK, np.int64))
            arr += week_mask(row.days, row.hours).astype(np.int64) * row.count
        return cls(counts)

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> Staffing:
        """From a long table with columns unit, role, hour (0..167), count."""
        counts: dict[tuple[str, str], IntArray] = {}
        for (unit, role), grp in table.groupby(["unit", "role"], sort=True):
            arr = np.zeros(HOURS_PER_WEEK, np.int64)
            np.add.at(arr, grp["hour"].to_numpy(int), grp["count"].to_numpy(int))
            counts[(str(unit), str(role))] = arr
        return cls(counts)

    def get(self, unit: str, role: str) -> IntArray:
        found = self.counts.get((unit, role))
        return found.copy() if found is not None else np.zeros(HOURS_PER_WEEK, np.int64)

    def units(self) -> list[str]:
        return sorted({u for u, _ in self.counts})

    def table(self) -> pd.DataFrame:
        """Long table: unit, role, hour, count (hours with a count > 0)."""
        rows = [
            (u, r, h, int(c))
            for (u, r), arr in sorted(self.counts.items())
            for h, c in enumerate(arr)
            if c > 0
        ]
        return pd.DataFrame(rows, columns=["unit", "role", "hour", "count"])

    def rows(self) -> list[StaffingRow]:
        """One row per unit, role and hour with a count (for :meth:`OohConfig.with_staffing`)."""
        out = []
        for (unit, role), arr in sorted(self.counts.items()):
            for h, c in enumerate(arr):
                if c > 0:
                    d, hh = divmod(h, 24)
                    key = {"organisation": unit} if role == "so" else {"post": unit}
                    out.append(
                        StaffingRow.model_validate(
                            {
                                **key,
                                "role": role,
                                "days": DAYS[d],
                                "hours": f"{hh}-{hh + 1}",
                                "count": int(c),
                            }
                        )
                    )
        return out


class OohConfig(_Model):
    """Posts, organisations, staffing, variant and parameters of one simulated organisation."""

    meta: Meta = Field(default_factory=Meta)
    posts: list[Post] = Field(min_length=1)
    organisations: list[Organisation] = Field(default_factory=list)
    staffing: list[StaffingRow] = Field(default_factory=list)
    variant: Variant = Field(default_factory=Variant)
    params: Params = Field(default_factory=Params)

    def staffing_table(self) -> Staffing:
        return Staffing.from_rows(self.staffing)

    def with_staffing(self, staffing: Staffing, source: str | None = None) -> OohConfig:
        """This configuration with its staffing replaced (e.g. read from a roster), checked as
        :func:`load_config` checks a file: a negative head count, an unknown post, organisation
        or role and an open hour without a triagist raise :class:`ValidationError` naming
        `source` (default: the configuration's name), the unit and role, and what is wrong."""
        src = source or f"{self.meta.name or 'configuration'} (staffing)"
        problems: list[Problem] = []
        rows: list[dict[str, Any]] = []
        for (unit, role), arr in sorted(staffing.counts.items()):
            where = f"staffing ({'organisation' if role == 'so' else 'post'} {unit!r}, role {role})"
            counts = np.asarray(arr)
            if counts.shape != (HOURS_PER_WEEK,):
                problems.append(Problem(src, None, where, "needs one count per hour of the week"))
                continue
            low = np.flatnonzero(counts < 0)
            if low.size:
                problems.append(
                    Problem(
                        src,
                        None,
                        where,
                        f"negative head count {int(counts[low[0]])} at {_hour_name(int(low[0]))}"
                        f" ({low.size} hour(s))",
                    )
                )
                continue
            for h in np.flatnonzero(counts > 0):
                d, hh = divmod(int(h), 24)
                key = {"organisation": unit} if role == "so" else {"post": unit}
                rows.append(
                    {**key, "role": role, "days": DAYS[d], "hours": f"{hh}-{hh + 1}",
                     "count": int(counts[h])}
                )  # fmt: skip
        if problems:
            raise ValidationError(problems, summary=f"{src}: invalid staffing")
        data = self.model_dump(exclude_none=True)
        data["staffing"] = rows
        return parse_config(data, src)

    def with_variant(self, variant: Variant) -> OohConfig:
        return self.model_copy(update={"variant": variant})

    def post_ids(self) -> list[str]:
        return [p.id for p in self.posts]


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_meaning(config: OohConfig, source: str) -> list[Problem]:
    """Problems of meaning: unknown or duplicate ids, staff without a unit, an open hour without
    a triagist, variants naming unknown posts."""
    problems: list[Problem] = []
    posts = config.post_ids()
    orgs = [o.id for o in config.organisations]

    def bad(key: str, reason: str) -> None:
        problems.append(Problem(source, None, key, reason))

    for kind, ids in (("posts", posts), ("organisations", orgs)):
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                bad(f"{kind}[{i}].id", f"duplicate id {x!r}")
            seen.add(x)
    for i, row in enumerate(config.staffing):
        key = f"staffing[{i}]"
        if (row.post is None) == (row.organisation is None):
            bad(key, "give exactly one of post or organisation")
        elif row.role == "so" and row.organisation is None:
            bad(f"{key}.role", "role 'so' is staffed per organisation: give organisation")
        elif row.role != "so" and row.post is None:
            bad(f"{key}.organisation", f"role {row.role!r} is staffed per post: give post")
        elif row.post is not None and row.post not in posts:
            bad(f"{key}.post", f"unknown post {row.post!r}; known: {', '.join(posts)}")
        elif row.organisation is not None and row.organisation not in orgs:
            bad(f"{key}.organisation", f"unknown organisation {row.organisation!r}")
        for name, parse in (("days", parse_days), ("hours", parse_hours)):
            try:
                parse(getattr(row, name))
            except ValueError as exc:
                bad(f"{key}.{name}", str(exc))
    for i, post in enumerate(config.posts):
        for j, pattern in enumerate(post.open or []):
            days, _, hours = pattern.strip().partition(" ")
            try:
                week_mask(days, hours)
            except ValueError as exc:
                bad(f"posts[{i}].open[{j}]", f"{exc} (pattern 'mon-fri 17-08')")
    v = config.variant
    if v.night_post is not None and v.night_post not in posts:
        bad("variant.night_post", f"unknown post {v.night_post!r}; known: {', '.join(posts)}")
    try:
        parse_hours(v.night_hours)
    except ValueError as exc:
        bad("variant.night_hours", str(exc))
    merged: set[str] = set()
    for i, m in enumerate(v.merge):
        for key, pid in [(f"variant.merge[{i}].into", m.into)] + [
            (f"variant.merge[{i}].posts[{j}]", p) for j, p in enumerate(m.posts)
        ]:
            if pid not in posts:
                bad(key, f"unknown post {pid!r}; known: {', '.join(posts)}")
        for j, p in enumerate(m.posts):
            if p in merged or p == m.into:
                bad(f"variant.merge[{i}].posts[{j}]", f"post {p!r} is merged twice or into itself")
            merged.add(p)
    if not problems:
        problems.extend(_check_phone(config, source))
    return problems


def _hour_name(h: int) -> str:
    d, hh = divmod(h, 24)
    return f"{DAYS[d]} {hh:02d}:00"


def _check_phone(config: OohConfig, source: str) -> list[Problem]:
    """Every open hour needs someone to answer the phone: per post, or in the region."""
    staffing = config.staffing_table()
    open_any = np.zeros(HOURS_PER_WEEK, dtype=bool)
    triage = np.zeros(HOURS_PER_WEEK, np.int64)
    problems: list[Problem] = []
    for post in config.posts:
        mask = post.open_mask()
        open_any |= mask
        tri = staffing.get(post.id, "triagist")
        triage += tri
        if config.variant.triage == "per_post" and not config.variant.merge:
            missing = [h for h in range(HOURS_PER_WEEK) if mask[h] and tri[h] == 0]
            if missing and config.variant.night_post is None:
                problems.append(
                    Problem(
                        source,
                        None,
                        f"staffing (post {post.id!r}, role triagist)",
                        f"nobody answers the phone at {len(missing)} open hour(s), first "
                        f"{_hour_name(missing[0])}",
                    )
                )
    missing = [h for h in range(HOURS_PER_WEEK) if open_any[h] and triage[h] == 0]
    if missing and not problems:
        problems.append(
            Problem(
                source,
                None,
                "staffing (role triagist)",
                f"nobody answers the phone at {len(missing)} open hour(s), first "
                f"{_hour_name(missing[0])}",
            )
        )
    return problems


def parse_config(data: Mapping[str, Any], source: str = "<config>") -> OohConfig:
    """A validated configuration from a dict; :class:`ValidationError` names every problem."""
    try:
        config = OohConfig.model_validate(dict(data))
    except PydanticError as exc:
        problems = [
            Problem(source, None, _loc(tuple(e["loc"])) or "(top)", e["msg"]) for e in exc.errors()
        ]
        raise ValidationError(problems, summary=f"{source}: invalid configuration") from exc
    problems = check_meaning(config, source)
    if problems:
        raise ValidationError(problems, summary=f"{source}: invalid configuration")
    return config


def load_config(path: Path | str) -> OohConfig:
    """Reads and checks a TOML configuration (schema in docs/ooh.md)."""
    p = Path(path)
    source = str(p)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(
            [Problem(source, None, "(file)", f"cannot read the file: {exc.strerror or exc}")],
            summary=f"{source}: cannot read the configuration",
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise ValidationError(
            [Problem(source, line, "(toml)", str(exc))],
            summary=f"{source}: not valid TOML",
        ) from exc
    return parse_config(data, source)


__all__ = [
    "DAYS",
    "ROLES",
    "Merge",
    "Meta",
    "OohConfig",
    "Organisation",
    "Params",
    "Post",
    "Staffing",
    "StaffingRow",
    "Variant",
    "check_meaning",
    "load_config",
    "parse_config",
    "parse_days",
    "parse_hours",
    "week_mask",
]
