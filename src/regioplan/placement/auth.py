"""Passwords, tokens, sessions, CSRF and login rate limiting.

- Passwords are hashed with argon2id (argon2-cffi); a hash made with weaker parameters is
  replaced on the next successful login.
- An API token or a page session is a random secret (``secrets.token_urlsafe(32)``) shown once;
  the database keeps only its SHA-256, so a copy of the database gives no working credential.
- The CSRF token of a page session is derived from the session's secret
  (HMAC-SHA256 of the secret with the fixed label ``csrf``): every server process computes the
  same token without shared memory or a server key, and a page on another site cannot know it
  (it cannot read the HttpOnly session cookie). Forms send it in a hidden field ``csrf`` or the
  ``X-CSRF-Token`` header; :func:`check_csrf` compares in constant time.
- Failed logins are rows in the database (``placement_login_attempts``), so the limit holds
  across server processes: after `login_attempts` failures within the window for a user name
  or for a client address, further logins are refused with 429 until the window has passed.

>>> token = new_secret()
>>> len(token) >= 43 and token_hash(token) != token
True
>>> check_csrf(token, csrf_token(token))
>>> check_csrf(token, "forged")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
regioplan.placement.errors.ForbiddenError: CSRF token missing or wrong; ...
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from regioplan.placement.config import PlacementConfig
from regioplan.placement.errors import ForbiddenError

SESSION_COOKIE = "regioplan_session"
"""Name of the page session's cookie (HttpOnly, SameSite=Lax; Secure behind HTTPS)."""
CSRF_HEADER = "X-CSRF-Token"
"""Header that carries the CSRF token on a write made with the session cookie (fetch)."""
CSRF_FIELD = "csrf"
"""Form field that carries the CSRF token on a page's form."""

MIN_PASSWORD_LENGTH = 10
"""The shortest password accepted (NCSC advises long passphrases over complexity rules)."""

_DUMMY_HASHES: dict[tuple[int, int], str] = {}
HASHING_AT_ONCE = 4
"""At most this many argon2 computations run at once in one process: each takes
``argon2_memory_kib`` of memory (64 MiB by default), so a burst of logins on a server's 40
request threads must not take 2.5 GB."""
_HASHING = threading.BoundedSemaphore(HASHING_AT_ONCE)


def _bytes(text: str) -> bytes:
    """`text` as UTF-8; a lone surrogate (possible in JSON) is kept rather than refused."""
    return text.encode("utf-8", "surrogatepass")


def hasher(config: PlacementConfig) -> PasswordHasher:
    """The argon2id hasher with the configured cost."""
    return PasswordHasher(
        time_cost=config.argon2_time_cost, memory_cost=config.argon2_memory_kib, parallelism=1
    )


def hash_password(password: str, config: PlacementConfig) -> str:
    """The argon2id hash of `password` (salted; the encoded string carries its parameters)."""
    with _HASHING:
        return hasher(config).hash(_bytes(password))


def verify_password(stored_hash: str, password: str, config: PlacementConfig) -> bool:
    """Whether `password` matches `stored_hash` (False for a malformed hash, never raises)."""
    try:
        with _HASHING:
            return bool(hasher(config).verify(stored_hash, _bytes(password)))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, config: PlacementConfig) -> bool:
    """Whether `stored_hash` was made with other parameters than the configured ones."""
    try:
        return hasher(config).check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def burn_time(password: str, config: PlacementConfig) -> None:
    """Verify against a dummy hash, so an unknown user name costs as long as a known one."""
    key = (config.argon2_time_cost, config.argon2_memory_kib)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hash_password("regioplan-dummy-password", config)
    verify_password(_DUMMY_HASHES[key], password, config)


def password_problem(password: str) -> str | None:
    """Why `password` is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"must have at least {MIN_PASSWORD_LENGTH} characters (has {len(password)})"
    if len(password) > 1024:
        return "must have at most 1024 characters"
    return None


def new_secret() -> str:
    """A fresh random secret for a token or a session (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256 in hex."""
    return hashlib.sha256(_bytes(token)).hexdigest()


def csrf_token(session_token: str) -> str:
    """The CSRF token of the page session `session_token` (the same in every process)."""
    return hmac.new(_bytes(session_token), b"csrf", hashlib.sha256).hexdigest()


def check_csrf(session_token: str, submitted: str | None) -> None:
    """Raise ForbiddenError (403) unless `submitted` is the session's CSRF token."""
    if not submitted or not hmac.compare_digest(csrf_token(session_token), submitted):
        raise ForbiddenError(
            "CSRF token missing or wrong; reload the page and try again", code="csrf"
        )


__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "HASHING_AT_ONCE",
    "MIN_PASSWORD_LENGTH",
    "SESSION_COOKIE",
    "burn_time",
    "check_csrf",
    "csrf_token",
    "hash_password",
    "hasher",
    "needs_rehash",
    "new_secret",
    "password_problem",
    "token_hash",
    "verify_password",
]
