"""Regional placement coordination: find and hold a staffed bed across organisations.

A multi-user service on the project's database core (an SQLite file or PostgreSQL). Care
organisations report capacity per location and bed type (physical, staffed, occupied; every
figure with who confirmed it and when); referrers submit requests without personal data; the
service ranks bed units by fit and travel time; a coordinator or the referrer holds one, which
lapses after a configured time unless the receiving organisation accepts it; admission closes
the request. Every change is audited and published on a change feed in its own transaction.

The one entry point is :class:`PlacementService`; the rights are :func:`may`. See
``docs/placement.md``.
"""

from regioplan.placement.auth import check_csrf, csrf_token
from regioplan.placement.config import (
    CLOSE_REASONS,
    DECLINE_REASONS,
    DEFAULT_BED_TYPES,
    NEEDS,
    ORG_KINDS,
    RELEASE_REASONS,
    ROLES,
    URGENCIES,
    PlacementConfig,
)
from regioplan.placement.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
)
from regioplan.placement.model import (
    AuditEntry,
    Availability,
    FeedEvent,
    Hold,
    Location,
    Match,
    Organisation,
    PlacementRequest,
    SessionTicket,
    User,
    as_dict,
)
from regioplan.placement.rights import Action, Target, may, require
from regioplan.placement.service import PlacementService
from regioplan.placement.states import (
    TRANSITIONS,
    HoldStatus,
    RequestEvent,
    RequestState,
    next_state,
)
from regioplan.placement.validation import RequestInput

__all__ = [
    "CLOSE_REASONS",
    "DECLINE_REASONS",
    "DEFAULT_BED_TYPES",
    "NEEDS",
    "ORG_KINDS",
    "RELEASE_REASONS",
    "ROLES",
    "TRANSITIONS",
    "URGENCIES",
    "Action",
    "AuditEntry",
    "AuthenticationError",
    "Availability",
    "ConflictError",
    "FeedEvent",
    "ForbiddenError",
    "Hold",
    "HoldStatus",
    "Location",
    "Match",
    "NotFoundError",
    "Organisation",
    "PlacementConfig",
    "PlacementRequest",
    "PlacementService",
    "RateLimitedError",
    "RequestEvent",
    "RequestInput",
    "RequestState",
    "SessionTicket",
    "Target",
    "User",
    "as_dict",
    "check_csrf",
    "csrf_token",
    "may",
    "next_state",
    "require",
]
