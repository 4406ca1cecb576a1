"""What the registry service (:mod:`regioplan.registry.service`) hands out and takes in: a
stored initiative, a kept version, the result of an import, a list's filters, the fields a
change made, and a record parsed from raw JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from regioplan.errors import ValidationError
from regioplan.initiatives.registry import InitiativeRecord, Stage, validate_record


@dataclass(frozen=True)
class StoredInitiative:
    """An initiative as the registry holds it: the record, who owns it, its current version."""

    record: InitiativeRecord
    organisation_id: int | None
    organisation: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by: str | None

    @property
    def id(self) -> str:
        return self.record.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.record.id,
            "version": self.version,
            "organisation_id": self.organisation_id,
            "organisation": self.organisation,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "updated_by": self.updated_by,
            "record": self.record.to_dict(),
        }


@dataclass(frozen=True)
class Version:
    """One kept version: who made it, when, how, what changed, and the whole record."""

    version: int
    at: dt.datetime
    user: str | None
    organisation: str | None
    action: str
    changes: dict[str, dict[str, Any]]
    record: InitiativeRecord

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "at": self.at.isoformat(),
            "user": self.user,
            "organisation": self.organisation,
            "action": self.action,
            "changes": self.changes,
            "record": self.record.to_dict(),
        }


@dataclass(frozen=True)
class ImportResult:
    """What an import or a seed did, by initiative id."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    """Seed only: entries edited in the database since they were seeded, left as they are."""

    @property
    def added(self) -> int:
        return len(self.created)

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": list(self.created),
            "updated": list(self.updated),
            "unchanged": list(self.unchanged),
            "kept": list(self.kept),
        }


@dataclass(frozen=True)
class Filters:
    """What a list asks for (every field optional)."""

    type: str | None = None
    stage: Stage | None = None
    municipalities: tuple[str, ...] | None = None
    organisation_id: int | None = None
    public: bool | None = None
    text: str | None = None


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields of `after` that differ from `before` (None: everything is new), with both
    values: ``{"stage": {"before": "pilot", "after": "running"}, ...}``.

    >>> diff({"a": 1, "b": 2}, {"a": 1, "b": 3})
    {'b': {'before': 2, 'after': 3}}
    """
    old = before or {}
    return {
        key: {"before": old.get(key), "after": value}
        for key, value in after.items()
        if before is None or old.get(key) != value
    }


def parse_record(raw: Any, *, source: str = "request") -> InitiativeRecord:
    """A record from raw JSON (the API, a form); a ValidationError (422) naming every field."""
    record, problems = validate_record(raw, source=source, line=None)
    if record is None:
        raise ValidationError(
            problems, summary="; ".join(f"{p.field}: {p.reason}" for p in problems)
        )
    return record


__all__ = ["Filters", "ImportResult", "StoredInitiative", "Version", "diff", "parse_record"]
