"""The placement pages: server-rendered HTML per role on top of the same service the API calls.

:func:`router` is the one entry point (``placement_app`` includes it); it holds the sign-in,
sign-out, password, language and static routes and adds the route groups:

- :mod:`regioplan.web.placement_common`: what every page shares -- the page session (sign-in
  makes one with :meth:`PlacementService.start_session`: an HttpOnly, SameSite=Lax cookie;
  every form carries the session's CSRF token, checked before the service is asked anything;
  sign-out revokes the session), rendering, the language, the navigation per role;
- :mod:`regioplan.web.placement_requests`: a referrer submits a request (needs from the fixed
  checklist, an own reference, no personal data), sees the beds that match it ranked by fit
  and travel time, holds one, and follows their own requests; a coordinator does the same for
  every request of the region;
- :mod:`regioplan.web.placement_beds`: a bed manager reports their organisation's capacity
  (stale figures flagged and listed last) and accepts, declines (with a reason), admits and
  discharges holds on their beds;
- :mod:`regioplan.web.placement_overview`: availability; the audit page shows what the user
  may read; the monitoring page shows time to placement, the share placed within 24 hours,
  requests not placed by reason, occupancy and staleness, with a CSV download; and
  ``/placement/live``, a server-sent-events stream of the database's change feed
  (:class:`regioplan.web.placement_live.LiveHub`), on which a page fetches itself and swaps
  its ``data-live`` parts. Without JavaScript the pages work as plain forms.

Dutch by default, English by a switch (cookie ``regioplan_lang``); every error of the service
is told in the page's language (:func:`regioplan.web.placement_texts.error_text`). Nothing is
loaded from elsewhere: the CSS and the script are served by this router, and the
Content-Security-Policy allows only this origin. The administrator's pages are in
:mod:`regioplan.web.placement_admin`.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated parameters
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import PlainTextResponse, Response

from regioplan.errors import Problem, RegioplanError, ValidationError
from regioplan.placement import PlacementService
from regioplan.placement.auth import CSRF_FIELD, SESSION_COOKIE, check_csrf
from regioplan.web import placement_beds, placement_overview, placement_requests
from regioplan.web.login_csrf import check_login_csrf
from regioplan.web.placement_api import client_address
from regioplan.web.placement_common import (
    CSP,
    LANG_COOKIE,
    PREFIX,
    STATIC,
    Csrf,
    Pages,
    _safe_next,
    age_text,
    local,
    must_change,
    nav_items,
    region_municipalities,
    static_text,
)
from regioplan.web.placement_common import _home as _home
from regioplan.web.placement_common import _lang as _lang
from regioplan.web.placement_common import _redirect as _redirect
from regioplan.web.placement_overview import audit_summary
from regioplan.web.placement_texts import pick_lang


def router(service: PlacementService) -> APIRouter:
    """The placement pages on `service` (added to the app of ``regioplan placement serve``)."""
    pages = Pages(service)
    r = APIRouter(include_in_schema=False)

    @r.get("/")
    def root() -> Response:
        return _redirect(PREFIX)

    @r.get(PREFIX)
    def start(request: Request) -> Response:
        user = pages.user_of(request)
        return _redirect(_home(user) if user else f"{PREFIX}/login")

    @r.get(f"{PREFIX}/static/{{name}}")
    def static(name: str) -> Response:
        if name not in STATIC:
            return PlainTextResponse("not found", status_code=404)
        response = Response(static_text(name), media_type=STATIC[name])
        response.headers["Cache-Control"] = "max-age=300"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @r.get(f"{PREFIX}/lang/{{code}}")
    def switch_lang(
        code: str, next: Annotated[str | None, Query(max_length=500)] = None
    ) -> Response:
        response = _redirect(_safe_next(next))
        response.set_cookie(
            LANG_COOKIE, pick_lang(code), max_age=365 * 24 * 3600, samesite="lax", path="/"
        )
        return response

    @r.get(f"{PREFIX}/login")
    def login_form(request: Request) -> Response:
        return pages.login(request)

    @r.post(f"{PREFIX}/login")
    def login(
        request: Request,
        username: Annotated[str, Form(max_length=80)],
        password: Annotated[str, Form(max_length=1024)],
        next: Annotated[str, Form(max_length=500)] = PREFIX,
        csrf: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "",
    ) -> Response:
        try:
            # the form's token must match the sign-in cookie (login CSRF); checked before the
            # password, so a forged sign-in neither signs in nor counts as a failed attempt
            check_login_csrf(request, csrf)
            ticket = service.start_session(
                username.strip(), password, source=client_address(request)
            )
        except RegioplanError as exc:
            failed = pages.login(request, error=exc, status=pages.error_status(exc))
            retry = getattr(exc, "retry_after", None)
            if retry is not None:
                failed.headers["Retry-After"] = str(retry)
            return failed
        target = _safe_next(next)
        if must_change(ticket.user):
            target = f"{PREFIX}/password"
        response = _redirect(_home(ticket.user) if target == PREFIX else target)
        lifetime = int((ticket.expires_at - service.now()).total_seconds())
        response.set_cookie(
            SESSION_COOKIE,
            ticket.token,
            max_age=max(lifetime, 60),
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    @r.post(f"{PREFIX}/logout")
    def logout(request: Request, csrf: Csrf) -> Response:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            try:
                check_csrf(cookie, csrf)
            except RegioplanError:
                return pages.to_login(request)
            service.revoke(cookie)
        response = _redirect(f"{PREFIX}/login?msg=signed_out")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @r.get(f"{PREFIX}/password")
    def password_form(request: Request) -> Response:
        user = pages.user_of(request)
        if user is None:
            return pages.to_login(request)
        return pages.password_page(request, user)

    @r.post(f"{PREFIX}/password")
    def change_password(
        request: Request,
        csrf: Csrf,
        old: Annotated[str, Form(max_length=1024)] = "",
        new: Annotated[str, Form(max_length=1024)] = "",
        repeat: Annotated[str, Form(max_length=1024)] = "",
    ) -> Response:
        user = pages.user_of(request)
        if user is None:
            return pages.to_login(request)
        cookie = request.cookies.get(SESSION_COOKIE, "")
        try:
            check_csrf(cookie, csrf)
            if new != repeat:
                raise ValidationError(
                    [Problem("password", None, "new_password", "the two new passwords differ")],
                    summary="new_password: the two new passwords differ",
                )
            changed = service.change_password(
                user, old, new, keep=cookie, source=client_address(request)
            )
        except RegioplanError as exc:
            return pages.password_page(request, user, error=exc)
        return _redirect(f"{_home(changed)}?msg=password")

    placement_requests.add_routes(r, pages)
    placement_beds.add_routes(r, pages)
    placement_overview.add_routes(r, pages)
    return r


__all__ = [
    "CSP",
    "LANG_COOKIE",
    "PREFIX",
    "Pages",
    "age_text",
    "audit_summary",
    "local",
    "must_change",
    "nav_items",
    "region_municipalities",
    "router",
    "static_text",
]
