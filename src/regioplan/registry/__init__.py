"""The shared registry of regional initiatives: stored in the database, every change kept.

The records are :class:`regioplan.initiatives.registry.InitiativeRecord` (the file-based
registry's model and checks); this package stores them on the project's database next to the
placement service's organisations and users, whose sign-in, audit log and roles it shares:
an organisation's users edit their own organisation's entries, a programme coach
(``programme_coach``) edits every entry, entries can be made public, and anonymous readers see
only public ones (:func:`may`). Every change is a new kept version (who, when, which action,
the whole record and the fields changed). :meth:`RegistryService.seed` loads the bundled real
initiatives. See ``docs/initiatives.md`` ("The registry service").
"""

from regioplan.registry.records import (
    Filters,
    ImportResult,
    StoredInitiative,
    Version,
    diff,
    parse_record,
)
from regioplan.registry.rights import OPERATOR, Action, Actor, Entry, Operator, may, require
from regioplan.registry.service import RegistryService

__all__ = [
    "OPERATOR",
    "Action",
    "Actor",
    "Entry",
    "Filters",
    "ImportResult",
    "Operator",
    "RegistryService",
    "StoredInitiative",
    "Version",
    "diff",
    "may",
    "parse_record",
    "require",
]
