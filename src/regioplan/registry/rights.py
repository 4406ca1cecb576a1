"""Who may do what in the registry: one function, :func:`may`, asked by every method of
:class:`~regioplan.registry.RegistryService` (and so by every route of the API and the pages,
and by the command line).

The rules (own = the entry belongs to the user's organisation):

=================== ==================================================================
who                 may
=================== ==================================================================
anyone (no sign-in) view public entries
every signed-in     view public entries and their own organisation's entries
user
analyst             no more (read-only, as in placement)
other roles         create entries for their own organisation; edit, publish and
                    withdraw their own organisation's entries
administrator       also view every entry (it administers the service), edit as above
programme_coach     view, create, edit, publish and withdraw every entry, including the
                    national programme's (no organisation: the bundled real entries)
the command line    everything (:data:`OPERATOR`, the operator of the database)
=================== ==================================================================

>>> from regioplan.placement.model import User
>>> gp = User(1, "gp", "referrer", 10, "Praktijk", "ZK24")
>>> may(gp, Action.EDIT, Entry(organisation_id=10, public=False))
True
>>> may(gp, Action.EDIT, Entry(organisation_id=11, public=True))
False
>>> may(None, Action.VIEW, Entry(organisation_id=11, public=True))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, TypeAlias

from regioplan.placement.errors import ForbiddenError
from regioplan.placement.model import User


class Action(StrEnum):
    """Everything one can ask of the registry."""

    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    PUBLISH = "publish"


@dataclass(frozen=True)
class Entry:
    """What an action is about: the organisation that owns the entry (None: the national
    programme) and whether it is public. For CREATE, the organisation it would belong to."""

    organisation_id: int | None
    public: bool = False


class Operator:
    """The command line: the operator of the database, who may do everything (audited as the
    system, with no user)."""

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR: Final = Operator()
"""The one operator (see :class:`Operator`)."""

Actor: TypeAlias = User | Operator | None
"""Who acts: a signed-in user, the operator, or None (anonymous, reading only)."""

COACH = "programme_coach"
"""The role that edits every entry."""
READ_ONLY_ROLES: frozenset[str] = frozenset({"analyst"})
"""Roles that see their organisation's entries but change nothing."""
SEE_ALL_ROLES: frozenset[str] = frozenset({COACH, "administrator"})
"""Roles that see every entry, public or not."""


def may(actor: Actor, action: Action, entry: Entry) -> bool:
    """Whether `actor` may do `action` on `entry` (see the module docstring)."""
    if isinstance(actor, Operator):
        return True
    if actor is None or not actor.active:
        return action is Action.VIEW and entry.public
    if actor.role == COACH:
        return True
    own = entry.organisation_id is not None and entry.organisation_id == actor.organisation_id
    if action is Action.VIEW:
        return entry.public or own or actor.role in SEE_ALL_ROLES
    return own and actor.role not in READ_ONLY_ROLES


def require(actor: Actor, action: Action, entry: Entry) -> None:
    """Raise ForbiddenError (403) unless :func:`may` allows it; the message says why."""
    if may(actor, action, entry):
        return
    if actor is None:
        raise ForbiddenError(f"sign in to {action.value} initiatives that are not public")
    assert isinstance(actor, User)
    whose = (
        "the national programme's entries (a programme coach's)"
        if entry.organisation_id is None
        else "another organisation's entries"
        if entry.organisation_id != actor.organisation_id
        else "entries (read-only role)"
    )
    raise ForbiddenError(f"user {actor.username!r} ({actor.role}) may not {action.value} {whose}")


__all__ = [
    "COACH",
    "OPERATOR",
    "READ_ONLY_ROLES",
    "SEE_ALL_ROLES",
    "Action",
    "Actor",
    "Entry",
    "Operator",
    "may",
    "require",
]
