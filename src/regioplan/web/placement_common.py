"""What every placement page shares: the session, the language, rendering and the wrappers.

- :class:`Pages` finds the signed-in user of the session cookie (HttpOnly, SameSite=Lax; made by
  :meth:`PlacementService.start_session`) and renders a template of ``templates/placement`` with
  what every page needs: the language and its texts, the role's navigation (:func:`nav_items`),
  the session's CSRF token for the forms, the success message of ``?msg=`` (:data:`MESSAGES`),
  an error of the service told in the page's language
  (:func:`regioplan.web.placement_texts.error_text`) and the headers (:data:`CSP`: nothing is
  loaded from elsewhere; not cached).
- :meth:`Pages.page` wraps a page (signed in, one-time password changed, an error shown on an
  error page) and :meth:`Pages.act` a form (the same, and the CSRF token checked before the
  service is asked anything); the route groups (:mod:`regioplan.web.placement_requests`,
  :mod:`regioplan.web.placement_beds`, :mod:`regioplan.web.placement_overview`) and the
  sign-in routes of :mod:`regioplan.web.placement_pages` build on them.
- Dutch by default, English by a switch (cookie :data:`LANG_COOKIE`); times are shown in Dutch
  local time (:func:`local`).
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated parameters
import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from regioplan.data import municipalities
from regioplan.errors import RegioplanError
from regioplan.placement import AuthenticationError, PlacementService, User
from regioplan.placement.auth import CSRF_FIELD, SESSION_COOKIE, check_csrf, csrf_token
from regioplan.report.render import environment
from regioplan.web.login_csrf import login_nonce, set_login_cookie
from regioplan.web.placement_texts import (
    LANGS,
    action_text,
    error_text,
    pick_lang,
    term,
    translator,
)

PREFIX = "/placement"
LANG_COOKIE = "regioplan_lang"
CSP = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "img-src 'self' data:"
)
MESSAGES = frozenset(
    {
        "submitted",
        "held",
        "released",
        "closed",
        "accepted",
        "declined",
        "admitted",
        "discharged",
        "capacity",
        "confirmed",
        "signed_out",
        "password",
    }
)
"""The success messages a page shows after a form (``?msg=``)."""
STATIC = {"placement.css": "text/css", "placement.js": "text/javascript"}


@cache
def _zone() -> dt.tzinfo:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # pragma: no cover - system without a time-zone database
        return dt.UTC


def local(value: dt.datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """`value` in Dutch local time (the people using the pages are in the Netherlands)."""
    return "" if value is None else value.astimezone(_zone()).strftime(fmt)


def age_text(lang: str, minutes: int) -> str:
    """An age in minutes as '35 min', '14 uur' or '3 dagen' in `lang`."""
    t = translator(lang)
    if minutes < 120:
        return t("age.minutes", n=minutes)
    if minutes < 48 * 60:
        return t("age.hours", n=minutes // 60)
    return t("age.days", n=minutes // (24 * 60))


@cache
def region_municipalities(region: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the municipalities of care-office region `region`, by name."""
    table = municipalities()
    rows = table[table["zorgkantoor_code"] == region]
    return tuple(sorted(((str(c), str(n)) for c, n in rows["name"].items()), key=lambda x: x[1]))


def static_text(name: str) -> str:
    """A file of ``templates/placement`` (the pages' CSS and script)."""
    env = environment("regioplan.web")
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, f"placement/{name}")
    return source


def _lang(request: Request) -> str:
    return pick_lang(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


def _safe_next(value: str | None) -> str:
    """Only a path of these pages (no open redirect)."""
    if value and value.startswith(PREFIX) and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def _redirect(url: str) -> Response:
    return _headers(RedirectResponse(url, status_code=303))


def must_change(user: User) -> bool:
    """Whether `user` signed in with a one-time password and must choose their own first."""
    return bool(getattr(user, "must_change_password", False))


def _home(user: User) -> str:
    if user.role == "programme_coach":  # no placement page: the coach works in the registry
        return "/initiatieven"
    if user.role in ("referrer", "coordinator"):
        return f"{PREFIX}/requests"
    if user.role == "bed_manager":
        return f"{PREFIX}/beds"
    if user.role == "analyst":
        return f"{PREFIX}/monitoring"
    if user.role == "administrator":
        return f"{PREFIX}/admin"  # regioplan.web.placement_admin
    return f"{PREFIX}/audit"


def nav_items(user: User) -> list[tuple[str, str]]:
    """(key of the label, path) of the pages `user`'s role has."""
    items: list[tuple[str, str]] = []
    if user.role == "administrator":
        items.append(("nav.admin", f"{PREFIX}/admin"))
    if user.role in ("referrer", "coordinator"):
        items.append(("nav.requests", f"{PREFIX}/requests"))
    if user.role == "bed_manager":
        items.append(("nav.beds", f"{PREFIX}/beds"))
    items.append(("nav.availability", f"{PREFIX}/availability"))
    if user.role in ("coordinator", "analyst", "administrator"):
        items.append(("nav.monitoring", f"{PREFIX}/monitoring"))
    if user.role != "analyst":
        items.append(("nav.audit", f"{PREFIX}/audit"))
    return items


Csrf = Annotated[str, Form(alias=CSRF_FIELD, max_length=200)]
"""A form's CSRF token field."""
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
"""A database id in a path."""


class Pages:
    """Renders the pages of one service (the router's routes call it)."""

    def __init__(self, service: PlacementService) -> None:
        self.service = service
        self.env = environment("regioplan.web")

    # ------------------------------------------------------------------ sessions

    def user_of(self, request: Request) -> User | None:
        """The signed-in user of the session cookie, or None."""
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        try:
            return self.service.authenticate(cookie, kind="session")
        except AuthenticationError:
            return None

    def to_login(self, request: Request) -> Response:
        fields = {"next": request.url.path}
        if request.cookies.get(SESSION_COOKIE):
            fields["expired"] = "1"
        query = urlencode(fields)
        return _redirect(f"{PREFIX}/login?{query}")

    # ------------------------------------------------------------------ rendering

    def render(
        self,
        request: Request,
        template: str,
        user: User | None,
        *,
        self_path: str,
        status: int = 200,
        error: RegioplanError | None = None,
        **ctx: Any,
    ) -> HTMLResponse:
        lang = _lang(request)
        t = translator(lang)
        message = request.query_params.get("msg")
        error_lines: list[str] = []
        error_message = None
        if error is not None:
            error_message, error_lines = error_text(lang, error, user.role if user else None)
        cookie = request.cookies.get(SESSION_COOKIE)
        html = self.env.get_template(f"placement/{template}").render(
            lang=lang,
            langs=LANGS,
            other_lang="en" if lang == "nl" else "nl",
            t=t,
            term=lambda word: term(lang, word),
            terms=lambda words: ", ".join(term(lang, w) for w in words),
            action_text=lambda action: action_text(lang, action),
            local=local,
            age=lambda minutes: age_text(lang, minutes),
            user=user,
            nav=nav_items(user) if user else [],
            csrf=csrf_token(cookie) if cookie and user else "",
            csrf_field=CSRF_FIELD,
            prefix=PREFIX,
            self_path=self_path,
            self_quoted=quote(self_path, safe=""),
            message=t(f"msg.{message}", id=ctx.get("request_id", ""))
            if message in MESSAGES
            else None,
            error_message=error_message,
            error_lines=error_lines,
            error_detail=str(error) if error is not None else None,
            last_event=self.service.last_event_id() if user else 0,
            example_data=user is not None
            and any(o.example and o.region == user.region for o in self.service.organisations()),
            stale_hours=self.service.config.stale_after_hours,
            **ctx,
        )
        response = HTMLResponse(html, status_code=status)
        _headers(response)
        return response

    def error_status(self, exc: RegioplanError) -> int:
        return int(getattr(exc, "http_status", 500))

    # ------------------------------------------------------------------ pages

    def login(
        self, request: Request, *, error: RegioplanError | None = None, status: int = 200
    ) -> HTMLResponse:
        expired = request.query_params.get("expired") == "1"
        nonce = login_nonce(request)
        page = self.render(
            request,
            "login.html",
            None,
            self_path=f"{PREFIX}/login",
            status=status,
            error=error,
            next=_safe_next(request.query_params.get("next")),
            expired=expired,
            login_csrf=csrf_token(nonce),
        )
        set_login_cookie(request, page, nonce, path=PREFIX)
        return page

    def password_page(
        self, request: Request, user: User, *, error: RegioplanError | None = None
    ) -> HTMLResponse:
        return self.render(
            request,
            "password.html",
            user,
            self_path=f"{PREFIX}/password",
            status=self.error_status(error) if error else 200,
            error=error,
            one_time=must_change(user),
        )

    # ------------------------------------------------------------------ wrappers

    def act(
        self,
        request: Request,
        csrf: str,
        do: Callable[[User], str],
        back: Callable[[User, RegioplanError], Response],
    ) -> Response:
        """Check the session and its CSRF token, run `do` (which returns where to go next);
        on an error show `back` with the error told in the page's language."""
        user = self.user_of(request)
        if user is None:
            return self.to_login(request)
        if must_change(user):
            return _redirect(f"{PREFIX}/password")
        try:
            check_csrf(request.cookies.get(SESSION_COOKIE, ""), csrf)
            target = do(user)
        except RegioplanError as exc:
            return back(user, exc)
        return _redirect(target)

    def page(self, request: Request, build: Callable[[User], Response]) -> Response:
        """Check the session, then the page `build` makes for its user; an error of the
        service is shown on an error page in the page's language."""
        user = self.user_of(request)
        if user is None:
            return self.to_login(request)
        if must_change(user):
            return _redirect(f"{PREFIX}/password")
        try:
            return build(user)
        except RegioplanError as exc:
            return self.render(
                request,
                "error.html",
                user,
                self_path=request.url.path,
                status=self.error_status(exc),
                error=exc,
                back=_home(user),
            )


__all__ = [
    "CSP",
    "LANG_COOKIE",
    "MESSAGES",
    "PREFIX",
    "STATIC",
    "Csrf",
    "Id",
    "Pages",
    "age_text",
    "local",
    "must_change",
    "nav_items",
    "region_municipalities",
    "static_text",
]
