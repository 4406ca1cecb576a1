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
"""

from __future__ import annotations

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


class ForbiddenError(RegioplanError):
    """The user is known but may not do this (role, organisation or region)."""

    exit_code = 2
    http_status = 403


class ConflictError(RegioplanError):
    """The change clashes with the current state: the bed is held by another request, the
    request moved on, or the transition is not allowed from the request's state."""

    exit_code = 1
    http_status = 409


__all__ = [
    "AuthenticationError",
    "ConflictError",
    "ForbiddenError",
    "NotFoundError",
    "RateLimitedError",
]
