"""The initiative registry: what regions actually do, as typed, validated records.

An :class:`InitiativeRecord` is one regional initiative as it runs somewhere in the country: where
(municipality codes), who (organisations), what (a catalogue type of :mod:`.catalogue`, or
``other``), which domains it crosses, its stage with dates, the programme's bottlenecks it met
(each with what happened and how it was solved), funding, measured results, lessons, a contact,
public source links and whether it is public. The bundled records (``registry_data/``) are real
initiatives with public sources; what a source does not say stays empty, and
``known_facts_note`` says what is missing. Records marked ``test_data`` never ship
(:func:`bundled_registry` refuses them).

Reading and writing CSV and JSON, and the bundled registry, live in :mod:`.registry_files`; this
module is the model and the checks that need no file.

>>> from regioplan.initiatives.registry_files import bundled_registry
>>> all(r.sources for r in bundled_registry())
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from regioplan.data import municipalities
from regioplan.errors import Problem, ValidationError
from regioplan.initiatives.catalogue import initiatives
from regioplan.initiatives.vocabulary import Bottleneck

SCHEMA = "regioplan.initiatives.registry/1"
"""The JSON document's ``schema`` value."""
OTHER = "other"
"""The type of an initiative that is none of the catalogue's types."""

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
_GM = re.compile(r"^GM\d{4}$")


class Domain(StrEnum):
    """A domain an initiative crosses."""

    GP_CARE = "gp_care"
    ELDERLY_CARE = "elderly_care"
    DISABILITY_CARE = "disability_care"
    ACUTE_CARE = "acute_care"
    SOCIAL_DOMAIN = "social_domain"


class Stage(StrEnum):
    """Where an initiative stands."""

    IDEA = "idea"
    PREPARATION = "preparation"
    PILOT = "pilot"
    RUNNING = "running"
    SCALED_UP = "scaled_up"
    STOPPED = "stopped"


ACTIVE_STAGES: frozenset[Stage] = frozenset({Stage.PILOT, Stage.RUNNING, Stage.SCALED_UP})
"""Stages in which an initiative is at work (the scan's "running" initiatives)."""


def check_partial_date(value: str) -> str:
    """`value` if it is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and a real date; else ValueError.

    Sources often give only a year or a month; the registry keeps what the source says.
    """
    found = _PARTIAL_DATE.match(value)
    if found is None:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 1 for g in found.groups())
    try:
        date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from exc
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


Text = Annotated[str, Field(min_length=1)]


class StageStep(_Model):
    """The initiative reached `stage` at `since` (a partial date; empty when unknown)."""

    stage: Stage
    since: str = ""
    note: str = ""

    @field_validator("since")
    @classmethod
    def _since(cls, value: str) -> str:
        return check_partial_date(value) if value else value


class BottleneckMet(_Model):
    """One of the programme's bottlenecks the initiative met: what happened, how it was solved
    (empty: the sources do not say, or it was not solved)."""

    code: Bottleneck
    what_happened: Text
    how_solved: str = ""


class Funding(_Model):
    """Who pays, how much (euro, when a source gives it) and for which period."""

    funder: Text
    amount_eur: float | None = Field(default=None, ge=0)
    period: str = ""
    note: str = ""


class Result(_Model):
    """A measured result: indicator, value (a number, or text where the source gives a range or
    words), unit, the date it refers to and its source URL. With ``unit = "fte"`` and a
    `profession`, the scan sets it against the scenario engine's expected gap closed."""

    indicator: Text
    value: float | str
    unit: str = ""
    date: str
    source: Text
    profession: str = ""

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        return check_partial_date(value)

    @field_validator("source")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("profession")
    @classmethod
    def _profession(cls, value: str) -> str:
        from regioplan.data import PROFESSIONS

        if value and value not in PROFESSIONS:
            raise ValueError(f"{value!r} is no profession; allowed: {', '.join(PROFESSIONS)}")
        return value


class SourceLink(_Model):
    """A public source: URL, title, publisher, its publication date (if known) and the date the
    registry's entry was made from it."""

    url: Text
    title: Text
    publisher: str = ""
    published: str = ""
    retrieved: date

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("published")
    @classmethod
    def _published(cls, value: str) -> str:
        return check_partial_date(value) if value else value


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


@cache
def _known_municipalities() -> frozenset[str]:
    return frozenset(str(c) for c in municipalities().index)


class InitiativeRecord(_Model):
    """One regional initiative of the registry (see the module docstring)."""

    id: Text
    name: Text
    summary: str = ""
    municipalities: tuple[str, ...] = ()
    area_note: str = ""
    organisations: tuple[str, ...] = ()
    type: Text
    domains: tuple[Domain, ...] = Field(min_length=1)
    stage: Stage
    stage_history: tuple[StageStep, ...] = ()
    bottlenecks: tuple[BottleneckMet, ...] = ()
    funding: tuple[Funding, ...] = ()
    results: tuple[Result, ...] = ()
    lessons: tuple[str, ...] = ()
    contact: str = ""
    sources: tuple[SourceLink, ...] = ()
    public: bool = True
    known_facts_note: str = ""
    test_data: bool = False

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"{value!r}: use 2-80 lowercase letters, digits and '-'")
        return value

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        allowed = (*initiatives(), OTHER)
        if value not in allowed:
            raise ValueError(f"{value!r} is no initiative type; allowed: {', '.join(allowed)}")
        return value

    @field_validator("municipalities")
    @classmethod
    def _municipalities(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in value if not _GM.match(c)]
        if bad:
            raise ValueError(f"not a municipality code (GM + 4 digits): {', '.join(bad)}")
        unknown = sorted(set(value) - _known_municipalities())
        if unknown:
            raise ValueError(f"unknown municipality code(s) (CBS 2024): {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("a municipality code is listed twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> InitiativeRecord:
        if self.stage_history:
            if self.stage_history[-1].stage != self.stage:
                raise ValueError(
                    f"stage: {self.stage.value!r} differs from the last step of stage_history "
                    f"({self.stage_history[-1].stage.value!r})"
                )
            dated = [s.since for s in self.stage_history if s.since]
            if dated != sorted(dated):
                raise ValueError("stage_history: the steps are not in date order")
        if not self.test_data and not self.sources:
            raise ValueError("sources: a real entry needs at least one public source")
        return self

    @property
    def active(self) -> bool:
        """True in the stages pilot, running and scaled up."""
        return self.stage in ACTIVE_STAGES

    @property
    def since(self) -> str:
        """The date the current stage began ('' when unknown)."""
        for step in reversed(self.stage_history):
            if step.stage == self.stage:
                return step.since
        return ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in field order; empty optional fields are kept (a file shows them)."""
        return self.model_dump(mode="json")


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def validate_record(
    raw: Any, *, source: str, line: int | None, prefix: str = ""
) -> tuple[InitiativeRecord | None, list[Problem]]:
    """Check one raw record; return it, or None with every problem (file, line, field, why)."""
    from pydantic import ValidationError as PydanticError

    if not isinstance(raw, dict):
        return None, [Problem(source, line, prefix or "-", "must be an object")]
    try:
        return InitiativeRecord.model_validate(raw), []
    except PydanticError as exc:
        problems = []
        for err in exc.errors():
            field = _where(tuple(err["loc"]))
            reason = str(err["msg"]).removeprefix("Value error, ")
            if not err["loc"] and ": " in reason:  # a check across fields names its field first
                field, reason = reason.split(": ", 1)
            if err["type"] == "extra_forbidden":
                reason = "unknown field"
            problems.append(Problem(source, line, f"{prefix}{field}", reason))
        return None, problems


def validate_records(
    raws: Sequence[Any],
    *,
    source: str,
    lines: Sequence[int | None] | None = None,
    prefix: str = "initiatives",
) -> tuple[InitiativeRecord, ...]:
    """Check every raw record and that ids are unique; raise :class:`ValidationError` with every
    problem found (nothing is returned half-checked). Fields are named ``prefix[i].field``, or
    just ``field`` when `prefix` is empty (CSV, where the line says which row)."""
    found: list[InitiativeRecord] = []
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    for i, raw in enumerate(raws):
        line = lines[i] if lines is not None else None
        at = f"{prefix}[{i}]." if prefix else ""
        record, probs = validate_record(raw, source=source, line=line, prefix=at)
        problems.extend(probs)
        if record is None:
            continue
        if record.id in seen:
            first = seen[record.id]
            where = f" (first at line {first})" if first is not None else ""
            problems.append(Problem(source, line, f"{at}id", f"duplicate id {record.id!r}{where}"))
            continue
        seen[record.id] = line
        found.append(record)
    if problems:
        raise ValidationError(problems, summary=f"{source}: {len(problems)} problem(s) found")
    return tuple(found)


def merge_registries(
    *parts: tuple[str, Iterable[InitiativeRecord]],
) -> tuple[InitiativeRecord, ...]:
    """Join registries (name, records) in order; an id in two of them is a ValidationError
    naming both."""
    out: list[InitiativeRecord] = []
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for name, records in parts:
        for record in records:
            if record.id in owner:
                problems.append(
                    Problem(name, None, "id", f"{record.id!r} is already in {owner[record.id]}")
                )
                continue
            owner[record.id] = name
            out.append(record)
    if problems:
        ids = ", ".join(p.reason.split(" is already in ")[0] for p in problems)
        raise ValidationError(problems, summary=f"id(s) already in another registry: {ids}")
    return tuple(out)


def check_shippable(
    records: tuple[InitiativeRecord, ...], *, source: str
) -> tuple[InitiativeRecord, ...]:
    """`records` if none is test data; else a ValidationError naming them."""
    test = [r.id for r in records if r.test_data]
    if test:
        raise ValidationError(
            [Problem(source, None, "test_data", f"test data must not ship: {', '.join(test)}")]
        )
    return records


def get_record(records: Iterable[InitiativeRecord], record_id: str) -> InitiativeRecord:
    """The record with `record_id`; unknown ids raise ParameterError with close matches."""
    import difflib

    from regioplan.errors import ParameterError

    items = {r.id: r for r in records}
    if record_id in items:
        return items[record_id]
    close = difflib.get_close_matches(record_id, list(items), n=3)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise ParameterError(f"unknown initiative id {record_id!r}{hint}")


def filter_records(
    records: Iterable[InitiativeRecord],
    *,
    type: str | None = None,
    stage: Stage | None = None,
    municipalities: Iterable[str] | None = None,
    public_only: bool = False,
) -> tuple[InitiativeRecord, ...]:
    """Records of a type, a stage, running in any of `municipalities`, public ones only."""
    area = set(municipalities) if municipalities is not None else None
    return tuple(
        r
        for r in records
        if (type is None or r.type == type)
        and (stage is None or r.stage == stage)
        and (area is None or not area.isdisjoint(r.municipalities))
        and (r.public or not public_only)
    )


__all__ = [
    "ACTIVE_STAGES",
    "OTHER",
    "SCHEMA",
    "BottleneckMet",
    "Domain",
    "Funding",
    "InitiativeRecord",
    "Result",
    "SourceLink",
    "Stage",
    "StageStep",
    "check_partial_date",
    "check_shippable",
    "filter_records",
    "get_record",
    "merge_registries",
    "validate_record",
    "validate_records",
]
