"""Login CSRF for the sign-in forms (``/placement/login`` and ``/initiatieven/inloggen``).

Loading a sign-in form sets the HttpOnly, SameSite=Lax cookie :data:`LOGIN_COOKIE` with a
random value; the form carries the CSRF token derived from it
(:func:`regioplan.placement.auth.csrf_token`). A sign-in POST must bring both (a signed double
submit: a site elsewhere can neither read the cookie nor forge the token), so nobody can sign a
browser in to an account of theirs. The check comes before the password: a forged sign-in
neither signs in nor counts as a failed attempt.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response

from regioplan.placement.auth import check_csrf
from regioplan.placement.errors import ForbiddenError

LOGIN_COOKIE = "regioplan_login"
"""A random value set with the sign-in form; the form carries its CSRF token."""
LOGIN_COOKIE_SECONDS = 12 * 3600
"""How long a loaded sign-in form stays usable."""


def login_nonce(request: Request) -> str:
    """The sign-in form's cookie value: the browser's, if well formed, else a new one."""
    value = request.cookies.get(LOGIN_COOKIE, "")
    if 32 <= len(value) <= 100 and value.replace("-", "").replace("_", "").isalnum():
        return value
    return secrets.token_urlsafe(32)


def set_login_cookie(request: Request, response: Response, nonce: str, *, path: str) -> None:
    """Give the browser the sign-in cookie `nonce` (scoped to `path`) with the form that
    `response` carries (whose token is ``csrf_token(nonce)``), unless it has it already."""
    if request.cookies.get(LOGIN_COOKIE) != nonce:
        response.set_cookie(
            LOGIN_COOKIE,
            nonce,
            max_age=LOGIN_COOKIE_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path=path,
        )


def check_login_csrf(request: Request, submitted: str | None) -> None:
    """Raise ForbiddenError (403, code ``csrf``) unless the sign-in POST brings the sign-in
    cookie and the form's token that belongs to it."""
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if len(nonce) < 32:  # no sign-in form of ours was loaded in this browser
        raise ForbiddenError(
            "sign-in without the sign-in form's cookie; reload the page", code="csrf"
        )
    check_csrf(nonce, submitted)


__all__ = ["LOGIN_COOKIE", "check_login_csrf", "login_nonce", "set_login_cookie"]
