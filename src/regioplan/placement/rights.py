"""Who may do what: one function, :func:`may`, asked by every service call (and so by every
route of the API and of the pages, which only call the service).

The rules (own = the user's organisation; region = the user's organisation's region):

================== ======================================================================
role               may
================== ======================================================================
bed_manager        see availability; set and confirm capacity of own locations; see requests
                   held for own beds; accept, decline, admit and discharge holds on own beds;
                   read own organisation's audit
referrer           see availability; submit requests for own organisation; see, match, hold,
                   release and close own organisation's requests; read own audit
coordinator        see availability; submit requests; see, match, hold, release and close every
                   request of the region; read the region's audit; monitoring
analyst            see availability; monitoring and its export (aggregates only, no requests)
administrator      manage organisations, locations and users; read the whole audit;
                   monitoring; pseudonymise closed requests
programme_coach    nothing here (the national programme's coach edits every initiative of
                   the registry: :mod:`regioplan.registry.rights`)
================== ======================================================================

>>> from regioplan.placement.model import User
>>> gp = User(1, "gp", "referrer", 10, "Praktijk", "ZK24")
>>> may(gp, Action.HOLD, Target(organisation_id=10, region="ZK24"))
True
>>> may(gp, Action.HOLD, Target(organisation_id=11, region="ZK24"))
False
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from regioplan.placement.errors import ForbiddenError
from regioplan.placement.model import User


class Action(StrEnum):
    """Everything a user can ask of the service."""

    VIEW_AVAILABILITY = "view_availability"
    SET_CAPACITY = "set_capacity"
    SUBMIT_REQUEST = "submit_request"
    VIEW_REQUEST = "view_request"
    MATCH = "match"
    HOLD = "hold"
    RELEASE = "release"
    CLOSE_REQUEST = "close_request"
    DECIDE = "decide"
    ADMIT = "admit"
    DISCHARGE = "discharge"
    VIEW_AUDIT = "view_audit"
    VIEW_MONITORING = "view_monitoring"
    VIEW_EVENTS = "view_events"
    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_USERS = "manage_users"
    PSEUDONYMISE = "pseudonymise"


@dataclass(frozen=True)
class Target:
    """What an action is about: the organisation that owns it (the referrer of a request, the
    care organisation of a location or an audit row), its region, and for a request with a hold
    the organisation receiving it. None for an action on nothing in particular."""

    organisation_id: int | None = None
    region: str | None = None
    receiving_organisation_id: int | None = None


_EVERYONE = frozenset({"bed_manager", "referrer", "coordinator", "analyst", "administrator"})
_REQUEST_SIDE = frozenset({Action.MATCH, Action.HOLD, Action.RELEASE, Action.CLOSE_REQUEST})
_RECEIVING_SIDE = frozenset({Action.DECIDE, Action.ADMIT, Action.DISCHARGE})


def _own(user: User, target: Target | None) -> bool:
    return target is not None and target.organisation_id == user.organisation_id


def _in_region(user: User, target: Target | None) -> bool:
    return target is not None and target.region == user.region


def _receiving(user: User, target: Target | None) -> bool:
    return target is not None and target.receiving_organisation_id == user.organisation_id


def may(user: User | None, action: Action, target: Target | None = None) -> bool:
    """Whether `user` may do `action` on `target`. An inactive or absent user may nothing."""
    if user is None or not user.active:
        return False
    role = user.role
    if action in (Action.VIEW_AVAILABILITY, Action.VIEW_EVENTS):
        return role in _EVERYONE
    if action is Action.SET_CAPACITY:
        return role == "bed_manager" and _own(user, target)
    if action is Action.SUBMIT_REQUEST:
        return role in ("referrer", "coordinator") and _own(user, target)
    if action is Action.VIEW_REQUEST:
        return (
            (role == "referrer" and _own(user, target))
            or (role == "coordinator" and _in_region(user, target))
            or (role == "bed_manager" and _receiving(user, target))
        )
    if action in _REQUEST_SIDE:
        return (role == "referrer" and _own(user, target)) or (
            role == "coordinator" and _in_region(user, target)
        )
    if action in _RECEIVING_SIDE:
        return role == "bed_manager" and _receiving(user, target)
    if action is Action.VIEW_AUDIT:
        return (
            role == "administrator"
            or (role == "coordinator" and _in_region(user, target))
            or (role in ("bed_manager", "referrer") and _own(user, target))
        )
    if action is Action.VIEW_MONITORING:
        return role in ("coordinator", "analyst", "administrator")
    if action in (Action.MANAGE_ORGANISATIONS, Action.MANAGE_USERS, Action.PSEUDONYMISE):
        return role == "administrator"
    return False  # pragma: no cover - every action is named above


def require(user: User | None, action: Action, target: Target | None = None) -> None:
    """Raise ForbiddenError (403) unless :func:`may` allows it; the message says why."""
    if may(user, action, target):
        return
    who = "no user" if user is None else f"user {user.username!r} ({user.role})"
    raise ForbiddenError(f"{who} may not {action.value.replace('_', ' ')} here")


__all__ = ["Action", "Target", "may", "require"]
