"""The placement service's errors: subclasses of the project's tree with their HTTP status.

::

    InputError (422)
    ├── AuthenticationError      401: no, an unknown or an expired credential
    ├── NotFoundError            404: no such object (or not one the user may see)
    └── RateLimitedError         429: too many failed logins; `retry_after` seconds
    RegioplanError
    ├── ForbiddenError           403: the user's role or organisation does not allow it
    └── ConflictError            409: the object changed or the bed is taken (try another)

The web edge answers each in the one error shape of :func:`regioplan.output.error_payload`.
A :class:`ConflictError` (and a :class:`ForbiddenError` that has one) carries a
machine-readable `code` there as ``details.code`` (:data:`CONFLICT_CODES`,
:data:`FORBIDDEN_CODES`), so that a client can tell the kinds apart without reading the
English message.
"""

from __future__ import annotations

from typing import Final

from regioplan.errors import InputError, RegioplanError


class AuthenticationError(InputError):
    """No valid credential: a wrong password, an unknown, expired or revoked token."""

    http_status = 401


class NotFoundError(InputError):
    """The object does not exist, or the user may not know that it exists."""

    http_status = 404


class RateLimitedError(InputError):
    """Too many failed logins for a user name or address; wait `retry_after` seconds."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


FORBIDDEN_CODES: Final = ("password_change_required", "csrf")
"""Codes of a ForbiddenError with a reason other than the role: the user signed in with a
one-time password and must change it (``POST /api/placement/me/password``) first; a write
with a page session lacks the session's CSRF token."""

CONFLICT_CODES: Final = (
    "bed_taken",
    "no_bed_left",
    "has_hold",
    "transition",
    "hold_state",
    "stale_version",
    "retry",
    "duplicate",
    "conflict",
)
"""Codes of a ConflictError: the bed unit is held or occupied for another request
(``bed_taken``); no bed of the type left to hold at the location (``no_bed_left``); the
request already has an active hold (``has_hold``); the request's state does not allow the
step (``transition``); the hold is not in the status the step needs, or there is none
(``hold_state``); the object changed between reading and writing (``stale_version``: reload);
another change came at the same moment and nothing was changed (``retry``: try again); a name
that must be unique is taken (``duplicate``); any other clash with the stored data
(``conflict``)."""


class ForbiddenError(RegioplanError):
    """The user is known but may not do this (role, organisation or region); `code` names
    a reason other than the role (:data:`FORBIDDEN_CODES`), None for the role."""

    exit_code = 2
    http_status = 403

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None and code not in FORBIDDEN_CODES:
            raise ValueError(f"unknown ForbiddenError code {code!r}")
        self.code = code


class ConflictError(RegioplanError):
    """The change clashes with the current state: the bed is held by another request, the
    request moved on, or the transition is not allowed from the request's state. `code` is
    one of :data:`CONFLICT_CODES`."""

    exit_code = 1
    http_status = 409

    def __init__(self, message: str, code: str = "conflict") -> None:
        super().__init__(message)
        if code not in CONFLICT_CODES:
            raise ValueError(f"unknown ConflictError code {code!r}")
        self.code = code


__all__ = [
    "CONFLICT_CODES",
    "FORBIDDEN_CODES",
    "AuthenticationError",
    "ConflictError",
    "ForbiddenError",
    "NotFoundError",
    "RateLimitedError",
]
