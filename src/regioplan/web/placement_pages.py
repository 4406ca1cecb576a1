"""The placement pages: server-rendered HTML per role on top of the same service the API calls.

- Sign-in makes a page session (:meth:`PlacementService.start_session`): an HttpOnly,
  SameSite=Lax cookie; every form carries the session's CSRF token, checked before the service
  is asked anything. Sign-out revokes the session.
- A referrer submits a request (needs from the fixed checklist, an own reference, no personal
  data), sees the beds that match it ranked by fit and travel time, holds one, and follows
  their own requests; a coordinator does the same for every request of the region; a bed
  manager reports their organisation's capacity (stale figures flagged and listed last) and
  accepts, declines (with a reason), admits and discharges holds on their beds; the audit page
  shows what the user may read; the monitoring page shows time to placement, the share placed
  within 24 hours, requests not placed by reason, occupancy and staleness, with a CSV download.
- Live: each page opens ``/placement/live``, a server-sent-events stream of the database's
  change feed (:class:`regioplan.web.placement_live.LiveHub`: one waiter per process, so a
  change made through another server process arrives too); on a change the page fetches
  itself and swaps its ``data-live`` parts. Without JavaScript the pages work as plain forms.
- Dutch by default, English by a switch (cookie ``regioplan_lang``); every error of the service
  is told in the page's language (:func:`regioplan.web.placement_texts.error_text`).
- Nothing is loaded from elsewhere: the CSS and the script are served by this router, and the
  Content-Security-Policy allows only this origin.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated parameters
import datetime as dt
from collections.abc import Callable
from functools import cache
from inspect import signature
from typing import Annotated, Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import anyio
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from regioplan.data import municipalities
from regioplan.errors import ParameterError, Problem, RegioplanError, ValidationError
from regioplan.placement import (
    CLOSE_REASONS,
    DECLINE_REASONS,
    NEEDS,
    RELEASE_REASONS,
    URGENCIES,
    AuthenticationError,
    PlacementService,
    RequestInput,
    RequestState,
    User,
)
from regioplan.placement.auth import CSRF_FIELD, SESSION_COOKIE, check_csrf, csrf_token
from regioplan.report.render import environment
from regioplan.web.login_csrf import check_login_csrf, login_nonce, set_login_cookie
from regioplan.web.placement_api import client_address
from regioplan.web.placement_live import LiveHub
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
AUDIT_SHOWN = 200
"""Audit rows the audit page shows (the latest)."""
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


def _int_field(lang: str, name: str, raw: str) -> int:
    from regioplan.errors import Problem, ValidationError

    text = raw.strip()
    if not text.isdigit() or len(text) > 6:
        raise ValidationError(
            [Problem("capacity", None, name, f"{raw!r} must be a whole number >= 0")],
            summary=f"{name}: {raw!r} must be a whole number >= 0",
        )
    return int(text)


def _date_param(name: str, raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ParameterError(f"{name} {raw!r} is not a date (YYYY-MM-DD)") from exc


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

    def requests_page(
        self,
        request: Request,
        user: User,
        *,
        error: RegioplanError | None = None,
        form: dict[str, Any] | None = None,
    ) -> HTMLResponse:
        items = self.service.list_requests(user, limit=200)
        own_municipality = next(
            (o.municipality for o in self.service.organisations() if o.id == user.organisation_id),
            "",
        )
        values = form or {
            "reference": "",
            "care_type": "elv_high" if "elv_high" in self.service.config.bed_types else "",
            "urgency": "same_day",
            "municipality": own_municipality,
            "needs": [],
        }
        return self.render(
            request,
            "requests.html",
            user,
            self_path=f"{PREFIX}/requests",
            status=self.error_status(error) if error else 200,
            error=error,
            items=items,
            form=values,
            bed_types=self.service.config.bed_types,
            urgencies=URGENCIES,
            needs=NEEDS,
            municipalities=region_municipalities(user.region),
            may_submit=user.role in ("referrer", "coordinator"),
        )

    def request_page(
        self, request: Request, user: User, request_id: int, *, error: RegioplanError | None = None
    ) -> HTMLResponse:
        item = self.service.get_request(user, request_id)
        matches = (
            self.service.match(user, request_id, limit=10)
            if item.state is RequestState.OPEN and user.role in ("referrer", "coordinator")
            else []
        )
        names = dict(region_municipalities(item.region))
        return self.render(
            request,
            "request.html",
            user,
            self_path=f"{PREFIX}/requests/{request_id}",
            status=self.error_status(error) if error else 200,
            error=error,
            item=item,
            request_id=request_id,
            matches=matches,
            municipality_name=names.get(item.municipality, item.municipality),
            release_reasons=RELEASE_REASONS,
            close_reasons=CLOSE_REASONS,
            request_side=user.role in ("referrer", "coordinator"),
        )

    def beds_page(
        self, request: Request, user: User, *, error: RegioplanError | None = None
    ) -> HTMLResponse:
        figures = self.service.availability(user, organisation_id=user.organisation_id)
        incoming = self.service.list_requests(user, limit=200)
        return self.render(
            request,
            "beds.html",
            user,
            self_path=f"{PREFIX}/beds",
            status=self.error_status(error) if error else 200,
            error=error,
            figures=figures,
            incoming=[r for r in incoming if r.hold is not None],
            locations=self.service.locations(organisation_id=user.organisation_id),
            bed_types=self.service.config.bed_types,
            decline_reasons=DECLINE_REASONS,
        )

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

    def availability_page(self, request: Request, user: User) -> HTMLResponse:
        region = None if user.role == "administrator" else user.region
        figures = self.service.availability(user, region=region)
        return self.render(
            request,
            "availability.html",
            user,
            self_path=f"{PREFIX}/availability",
            figures=figures,
        )

    def audit_page(self, request: Request, user: User) -> HTMLResponse:
        if "newest_first" in signature(self.service.audit_log).parameters:
            # one query however long the audit is
            rows: list[Any] = self.service.audit_log(
                user,
                limit=AUDIT_SHOWN,
                newest_first=True,  # type: ignore[call-arg,unused-ignore]
            )
        else:  # a service without newest_first: page forward, keep the latest
            rows = []
            after = 0
            for _ in range(50):  # at most 50,000 rows are read
                batch = self.service.audit_log(user, after_id=after, limit=1000)
                if not batch:
                    break
                rows = (rows + batch)[-AUDIT_SHOWN:]
                after = batch[-1].id
                if len(batch) < 1000:
                    break
            rows.reverse()
        return self.render(
            request,
            "audit.html",
            user,
            self_path=f"{PREFIX}/audit",
            rows=rows,
            shown=AUDIT_SHOWN,
            summary=audit_summary,
        )

    def monitoring_page(
        self,
        request: Request,
        user: User,
        start: str | None,
        end: str | None,
    ) -> HTMLResponse:
        error: RegioplanError | None = None
        report = None
        try:
            first, last = _date_param("start", start), _date_param("end", end)
            if first is not None and last is not None and last < first:
                raise ParameterError(f"end {last} lies before start {first}")
            region = None if user.role == "administrator" else user.region
            report = self.service.monitoring(user, start=first, end=last, region=region)
        except ParameterError as exc:
            error = exc
        query = urlencode({k: v for k, v in (("start", start), ("end", end)) if v})
        return self.render(
            request,
            "monitoring.html",
            user,
            self_path=f"{PREFIX}/monitoring" + (f"?{query}" if query else ""),
            status=422 if error else 200,
            error=error,
            report=report,
            start=start or "",
            end=end or "",
            csv_url=f"{PREFIX}/monitoring.csv" + (f"?{query}" if query else ""),
        )


def audit_summary(entry: Any, lang: str) -> str:
    """What changed in an audit row, in a few words (states, counts, reasons)."""
    parts: list[str] = []
    after = entry.after or {}
    before = entry.before or {}
    if "state" in after:
        old = before.get("state")
        parts.append((f"{term(lang, old)} → " if old else "") + term(lang, str(after["state"])))
    if "bed_type" in after and "staffed" in after:
        t = translator(lang)
        parts.append(
            f"{term(lang, str(after['bed_type']))}: {t('cap.physical').lower()} "
            f"{after.get('physical')}, {t('cap.staffed').lower()} {after.get('staffed')}, "
            f"{t('cap.occupied').lower()} {after.get('occupied')}"
        )
    for key in ("reason", "close_reason"):
        if after.get(key):
            parts.append(term(lang, str(after[key])))
    if "bed_unit" in after:
        parts.append(str(after["bed_unit"]))
    return "; ".join(parts)


def router(service: PlacementService) -> APIRouter:
    """The placement pages on `service` (added to the app of ``regioplan placement serve``)."""
    pages = Pages(service)
    hub = LiveHub(service)
    r = APIRouter(include_in_schema=False)

    def act(
        request: Request,
        csrf: str,
        do: Callable[[User], str],
        back: Callable[[User, RegioplanError], Response],
    ) -> Response:
        """Check the session and its CSRF token, run `do` (which returns where to go next);
        on an error show `back` with the error told in the page's language."""
        user = pages.user_of(request)
        if user is None:
            return pages.to_login(request)
        if must_change(user):
            return _redirect(f"{PREFIX}/password")
        try:
            check_csrf(request.cookies.get(SESSION_COOKIE, ""), csrf)
            target = do(user)
        except RegioplanError as exc:
            return back(user, exc)
        return _redirect(target)

    def page(request: Request, build: Callable[[User], Response]) -> Response:
        user = pages.user_of(request)
        if user is None:
            return pages.to_login(request)
        if must_change(user):
            return _redirect(f"{PREFIX}/password")
        try:
            return build(user)
        except RegioplanError as exc:
            return pages.render(
                request,
                "error.html",
                user,
                self_path=request.url.path,
                status=pages.error_status(exc),
                error=exc,
                back=_home(user),
            )

    Csrf = Annotated[str, Form(alias=CSRF_FIELD, max_length=200)]
    Id = Annotated[int, Path(ge=1, le=2**31 - 1)]

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

    # ------------------------------------------------------------------ requests

    @r.get(f"{PREFIX}/requests")
    def requests_list(request: Request) -> Response:
        return page(request, lambda user: pages.requests_page(request, user))

    @r.post(f"{PREFIX}/requests")
    def submit(
        request: Request,
        csrf: Csrf,
        reference: Annotated[str, Form(max_length=200)] = "",
        care_type: Annotated[str, Form(max_length=40)] = "",
        urgency: Annotated[str, Form(max_length=40)] = "",
        municipality: Annotated[str, Form(max_length=10)] = "",
        needs: Annotated[list[str] | None, Form(max_length=20)] = None,
    ) -> Response:
        value = RequestInput(
            reference=reference.strip(),
            care_type=care_type,
            urgency=urgency,
            municipality=municipality,
            needs=tuple(needs or ()),
        )

        def do(user: User) -> str:
            created = service.submit_request(user, value)
            return f"{PREFIX}/requests/{created.id}?msg=submitted"

        form = {
            "reference": reference,
            "care_type": care_type,
            "urgency": urgency,
            "municipality": municipality,
            "needs": list(needs or ()),
        }
        return act(
            request,
            csrf,
            do,
            lambda user, exc: pages.requests_page(request, user, error=exc, form=form),
        )

    @r.get(f"{PREFIX}/requests/{{request_id}}")
    def request_detail(request: Request, request_id: Id) -> Response:
        return page(request, lambda user: pages.request_page(request, user, request_id))

    def back_to_request(
        request: Request, request_id: int
    ) -> Callable[[User, RegioplanError], Response]:
        def back(user: User, exc: RegioplanError) -> Response:
            try:
                return pages.request_page(request, user, request_id, error=exc)
            except RegioplanError as second:
                return pages.render(
                    request,
                    "error.html",
                    user,
                    self_path=f"{PREFIX}/requests",
                    status=pages.error_status(exc),
                    error=second if isinstance(exc, AuthenticationError) else exc,
                    back=_home(user),
                )

        return back

    @r.post(f"{PREFIX}/requests/{{request_id}}/hold")
    def hold(
        request: Request,
        request_id: Id,
        csrf: Csrf,
        bed_unit_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    ) -> Response:
        def do(user: User) -> str:
            service.place_hold(user, request_id, bed_unit_id)
            return f"{PREFIX}/requests/{request_id}?msg=held"

        return act(request, csrf, do, back_to_request(request, request_id))

    @r.post(f"{PREFIX}/requests/{{request_id}}/release")
    def release(
        request: Request,
        request_id: Id,
        csrf: Csrf,
        reason: Annotated[str, Form(max_length=30)] = "",
    ) -> Response:
        def do(user: User) -> str:
            service.release_hold(user, request_id, reason)
            return f"{PREFIX}/requests/{request_id}?msg=released"

        return act(request, csrf, do, back_to_request(request, request_id))

    @r.post(f"{PREFIX}/requests/{{request_id}}/close")
    def close(
        request: Request,
        request_id: Id,
        csrf: Csrf,
        reason: Annotated[str, Form(max_length=30)] = "",
    ) -> Response:
        def do(user: User) -> str:
            service.close_request(user, request_id, reason)
            return f"{PREFIX}/requests/{request_id}?msg=closed"

        return act(request, csrf, do, back_to_request(request, request_id))

    # ------------------------------------------------------------------ beds

    @r.get(f"{PREFIX}/beds")
    def beds(request: Request) -> Response:
        def build(user: User) -> Response:
            if user.role != "bed_manager":
                return _redirect(_home(user))
            return pages.beds_page(request, user)

        return page(request, build)

    def back_to_beds(request: Request) -> Callable[[User, RegioplanError], Response]:
        return lambda user, exc: pages.beds_page(request, user, error=exc)

    @r.post(f"{PREFIX}/beds/capacity")
    def set_capacity(
        request: Request,
        csrf: Csrf,
        location_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
        bed_type: Annotated[str, Form(max_length=40)],
        physical: Annotated[str, Form(max_length=20)] = "",
        staffed: Annotated[str, Form(max_length=20)] = "",
        occupied: Annotated[str, Form(max_length=20)] = "",
    ) -> Response:
        lang = _lang(request)

        def do(user: User) -> str:
            service.set_capacity(
                user,
                location_id=location_id,
                bed_type=bed_type,
                physical=_int_field(lang, "physical", physical),
                staffed=_int_field(lang, "staffed", staffed),
                occupied=_int_field(lang, "occupied", occupied),
            )
            return f"{PREFIX}/beds?msg=capacity"

        return act(request, csrf, do, back_to_beds(request))

    @r.post(f"{PREFIX}/beds/confirm")
    def confirm(
        request: Request,
        csrf: Csrf,
        location_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
        bed_type: Annotated[str, Form(max_length=40)],
    ) -> Response:
        def do(user: User) -> str:
            service.confirm_capacity(user, location_id=location_id, bed_type=bed_type)
            return f"{PREFIX}/beds?msg=confirmed"

        return act(request, csrf, do, back_to_beds(request))

    @r.post(f"{PREFIX}/holds/{{hold_id}}/{{step}}")
    def decide(
        request: Request,
        hold_id: Id,
        step: str,
        csrf: Csrf,
        reason: Annotated[str, Form(max_length=30)] = "",
    ) -> Response:
        steps: dict[str, tuple[Callable[[User], Any], str]] = {
            "accept": (lambda u: service.accept_hold(u, hold_id), "accepted"),
            "decline": (lambda u: service.decline_hold(u, hold_id, reason), "declined"),
            "admit": (lambda u: service.admit(u, hold_id), "admitted"),
            "discharge": (lambda u: service.discharge(u, hold_id), "discharged"),
        }
        if step not in steps:
            return PlainTextResponse("not found", status_code=404)
        call, message = steps[step]

        def do(user: User) -> str:
            call(user)
            return f"{PREFIX}/beds?msg={message}"

        return act(request, csrf, do, back_to_beds(request))

    # ------------------------------------------------------------------ overview pages

    @r.get(f"{PREFIX}/availability")
    def availability(request: Request) -> Response:
        return page(request, lambda user: pages.availability_page(request, user))

    @r.get(f"{PREFIX}/audit")
    def audit(request: Request) -> Response:
        return page(request, lambda user: pages.audit_page(request, user))

    @r.get(f"{PREFIX}/monitoring")
    def monitoring(
        request: Request,
        start: Annotated[str | None, Query(max_length=20)] = None,
        end: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        return page(request, lambda user: pages.monitoring_page(request, user, start, end))

    @r.get(f"{PREFIX}/monitoring.csv")
    def monitoring_csv(
        request: Request,
        start: Annotated[str | None, Query(max_length=20)] = None,
        end: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        def build(user: User) -> Response:
            first, last = _date_param("start", start), _date_param("end", end)
            if first is not None and last is not None and last < first:
                raise ParameterError(f"end {last} lies before start {first}")
            region = None if user.role == "administrator" else user.region
            text = service.monitoring_csv(user, start=first, end=last, region=region)
            name = f"plaatsing-monitoring-{region or 'NL'}.csv"
            return Response(
                text,
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )

        return page(request, build)

    # ------------------------------------------------------------------ live

    @r.get(f"{PREFIX}/live")
    async def live(
        request: Request,
        after: Annotated[int | None, Query(ge=0, le=2**63 - 1)] = None,
    ) -> Response:
        user = await anyio.to_thread.run_sync(pages.user_of, request)
        if user is None:
            return PlainTextResponse("not signed in", status_code=401)
        if must_change(user):
            return PlainTextResponse("change your one-time password first", status_code=403)
        header = request.headers.get("last-event-id", "")
        start_id = int(header) if header.isdigit() else after
        if start_id is None:
            start_id = await anyio.to_thread.run_sync(service.last_event_id)
        return StreamingResponse(
            hub.stream(request.cookies.get(SESSION_COOKIE, ""), user, start_id),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

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
