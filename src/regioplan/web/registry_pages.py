"""The pages of the shared initiative registry under ``/initiatieven`` (``regioplan placement
serve``): browse and filter with a map by type and stage, an initiative with its history, add
and edit forms (CSRF), publish, sign in and out, and the regional scan on the registry.

Dutch by default, English with ``?lang=en`` (the links and forms keep it). The pages call the
same :class:`~regioplan.registry.RegistryService` methods as the JSON API, so the rights are the
same; they work without JavaScript. Sign-in is the placement service's page session (cookie
``regioplan_session``); every form that writes carries the session's CSRF token, and the sign-in
form carries a login CSRF token tied to the sign-in cookie (:mod:`regioplan.web.login_csrf`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from regioplan.data import PROFESSIONS
from regioplan.errors import Problem, RegioplanError, ValidationError
from regioplan.initiatives.registry import OTHER, Domain, InitiativeRecord, Stage
from regioplan.placement import AuthenticationError, PlacementService, User
from regioplan.placement.auth import CSRF_FIELD, SESSION_COOKIE, check_csrf, csrf_token
from regioplan.registry import (
    OPERATOR,
    Action,
    Entry,
    RegistryService,
    may,
    require,
)
from regioplan.report.render import asset, environment
from regioplan.web.login_csrf import check_login_csrf, login_nonce, set_login_cookie
from regioplan.web.placement_texts import error_text
from regioplan.web.registry_api import filters, run_scan
from regioplan.web.registry_form import (
    FORM_TEXT,
    LISTS,
    check_form,
    field_label,
    problem_lines,
    rows_from_form,
    rows_of,
    shown_value,
    with_blank_rows,
)
from regioplan.web.registry_map import initiative_map
from regioplan.web.registry_texts import (
    ACTION_NAMES,
    BOTTLENECK_NAMES,
    DOMAIN_NAMES,
    STAGE_NAMES,
    TEXT,
)

BASE = "/initiatieven"
PASSWORD = "/placement/password"
"""The change-password form of the placement pages (one sign-in for both)."""
SCAN_DRAWS = 300
"""Monte Carlo draws of the scan page unless asked otherwise (the page answers in seconds)."""


def shown_changes(changes: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(field, "before → after") per changed field; the values only when both are short
    scalars (a list or a long text shows the field's name only; the version holds it whole).

    >>> shown_changes({"public": {"before": False, "after": True}, "lessons": {"before": [],
    ...                "after": ["x"]}})
    [('public', 'False → True'), ('lessons', '')]
    """
    out = []
    for key, change in changes.items():
        before, after = change.get("before"), change.get("after")
        short = all(
            isinstance(v, str | int | float | bool) and len(str(v)) <= 80 for v in (before, after)
        )
        out.append((key, f"{before} → {after}" if short else ""))
    return out


def page_lang(request: Request) -> str:
    """``en`` when asked for (query or form), else ``nl``."""
    return "en" if request.query_params.get("lang") == "en" else "nl"


def _types() -> tuple[str, ...]:
    from regioplan.initiatives import initiatives

    return (*initiatives(), OTHER)


def type_label(lang: str) -> Callable[[str], str]:
    from regioplan.initiatives import initiatives

    catalogue = initiatives()

    def label(name: str) -> str:
        if name in catalogue:
            return catalogue[name].title_nl if lang == "nl" else catalogue[name].title
        return "overig" if lang == "nl" else "other"

    return label


def router(placement: PlacementService) -> APIRouter:
    """The registry's pages on the placement service's database and sign-in."""
    registry = RegistryService(placement.db)
    env = environment("regioplan.web")

    def password_first(request: Request) -> None:
        """A user who must still change a one-time password is sent to the placement pages'
        change-password form (signing out stays possible)."""
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie or request.url.path == f"{BASE}/uitloggen":
            return
        try:
            user = placement.authenticate(cookie, kind="session")
        except AuthenticationError:
            return
        if user.must_change_password:
            raise HTTPException(303, "change your one-time password first", {"Location": PASSWORD})

    pages = APIRouter(prefix=BASE, include_in_schema=False, dependencies=[Depends(password_first)])

    def session(request: Request) -> tuple[User | None, str | None]:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None, None
        try:
            return placement.authenticate(cookie, kind="session"), cookie
        except AuthenticationError:
            return None, None

    def render(request: Request, template: str, status: int = 200, **values: Any) -> Response:
        lang = page_lang(request)
        user, cookie = session(request)
        words = {**TEXT[lang], **FORM_TEXT[lang]}

        def url(path: str, **query: Any) -> str:
            query = {k: v for k, v in query.items() if v not in (None, "")}
            if lang == "en":
                query["lang"] = "en"
            return path + ("?" + urlencode(query) if query else "")

        other = dict(request.query_params)
        if lang == "en":
            other.pop("lang", None)
        else:
            other["lang"] = "en"
        html = env.get_template(template).render(
            lang=lang,
            t=lambda key, **v: words[key].format(**v),
            url=url,
            base=BASE,
            user=user,
            csrf=csrf_token(cookie) if cookie else "",
            csrf_field=CSRF_FIELD,
            switch=request.url.path + ("?" + urlencode(other) if other else ""),
            stage_name=lambda s: STAGE_NAMES[lang][str(getattr(s, "value", s))],
            action_name=lambda a: ACTION_NAMES[lang].get(a, a),
            domain_name=lambda d: DOMAIN_NAMES[lang][str(getattr(d, "value", d))],
            bottleneck_name=lambda b: BOTTLENECK_NAMES[lang][str(getattr(b, "value", b))],
            value_text=lambda v: shown_value(v, lang),
            field_label=lambda f: field_label(lang, f),
            type_name=type_label(lang),
            css=asset("style.css"),
            **values,
        )
        return HTMLResponse(html, status_code=status)

    def login_redirect(request: Request) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        query = {"next": target}
        if page_lang(request) == "en":
            query["lang"] = "en"
        return RedirectResponse(f"{BASE}/inloggen?{urlencode(query)}", status_code=303)

    async def writer(request: Request) -> tuple[User, dict[str, str], list[str]] | None:
        """The signed-in user and the form of a write, CSRF checked; None: not signed in."""
        user, cookie = session(request)
        form = await request.form()
        if user is None or cookie is None:
            return None
        check_csrf(cookie, str(form.get(CSRF_FIELD, "")))
        values = {k: str(v) for k, v in form.items()}
        return user, values, [str(v) for v in form.getlist("domains")]

    # ------------------------------------------------------------------ browse

    @pages.get("", response_class=HTMLResponse)
    def browse(
        request: Request,
        type: str | None = None,
        stage: str | None = None,
        region: str | None = None,
        q: str | None = None,
    ) -> Response:
        user, _ = session(request)
        chosen = filters(type or None, stage or None, region or None, None, q or None)
        found = registry.entries(user, chosen)
        lang = page_lang(request)
        label = type_label(lang)
        svg = initiative_map(
            [s.record for s in found],
            types=_types(),
            href=lambda r: f"{BASE}/{r.id}" + ("?lang=en" if lang == "en" else ""),
            tip=lambda r: f"{r.name} — {label(r.type)}, {STAGE_NAMES[lang][r.stage.value]}",
            type_label=label,
            stage_label=lambda s: STAGE_NAMES[lang][s.value],
            title=TEXT[lang]["map"],
        )
        return render(
            request,
            "registry_list.html",
            found=found,
            svg=svg,
            types=_types(),
            stages=[s.value for s in Stage],
            chosen={"type": type or "", "stage": stage or "", "region": region or "", "q": q or ""},
        )

    # ------------------------------------------------------------------ sign in and out

    def login_page(request: Request, target: str, failed: str = "", status: int = 200) -> Response:
        """The sign-in form with its login CSRF token (and the sign-in cookie it belongs to)."""
        nonce = login_nonce(request)
        page = render(
            request,
            "registry_login.html",
            status=status,
            next=target,
            failed=failed,
            login_csrf=csrf_token(nonce),
        )
        set_login_cookie(request, page, nonce, path=BASE)
        return page

    @pages.get("/inloggen", response_class=HTMLResponse)
    def login_form(request: Request, next: str = BASE) -> Response:
        return login_page(request, _safe_next(next))

    @pages.post("/inloggen")
    async def login(request: Request) -> Response:
        form = await request.form()
        target = _safe_next(str(form.get("next", BASE)))
        try:
            # the form's token must match the sign-in cookie (login CSRF); checked before the
            # password, so a forged sign-in neither signs in nor counts as a failed attempt
            check_login_csrf(request, str(form.get(CSRF_FIELD, "")))
            ticket = await run_in_threadpool(
                placement.start_session,
                str(form.get("username", "")),
                str(form.get("password", "")),
                source=request.client.host if request.client else "unknown",
            )
        except RegioplanError as exc:
            failed, _ = error_text(page_lang(request), exc)
            return login_page(request, target, failed, status=exc.http_status)
        answer = RedirectResponse(target, status_code=303)
        seconds = max(60, int((ticket.expires_at - placement.now()).total_seconds()))
        answer.set_cookie(
            SESSION_COOKIE, ticket.token, max_age=seconds, httponly=True, samesite="lax"
        )
        return answer

    @pages.post("/uitloggen")
    async def logout(request: Request) -> Response:
        found = await writer(request)
        _, cookie = session(request)
        if found is not None and cookie is not None:
            await run_in_threadpool(placement.revoke, cookie)
        answer = RedirectResponse(BASE + ("?lang=en" if page_lang(request) == "en" else ""), 303)
        answer.delete_cookie(SESSION_COOKIE)
        return answer

    # ------------------------------------------------------------------ the scan

    @pages.get("/scan", response_class=HTMLResponse)
    def scan(
        request: Request, region: str | None = None, draws: int = SCAN_DRAWS, horizon: int = 2040
    ) -> Response:
        user, _ = session(request)
        result = None
        if region:
            if not 10 <= draws <= 1000 or not 2025 <= horizon <= 2050:
                from regioplan.errors import ParameterError

                raise ParameterError("draws must lie in 10..1000 and horizon in 2025..2050")
            result = run_scan(registry, user, region, horizon=horizon, draws=draws)
        return render(
            request, "registry_scan.html", region=region or "", result=result, draws=draws
        )

    # ------------------------------------------------------------------ add and edit

    def form_page(
        request: Request,
        *,
        current: InitiativeRecord | None,
        values: Mapping[str, Any],
        domains: list[str],
        version: int | None,
        rows: Mapping[str, list[dict[str, str]]],
        problems: Sequence[Problem] = (),
        origin: Mapping[str, Sequence[int]] | None = None,
        more: str = "",
        status: int = 200,
    ) -> Response:
        """The add or edit form: the simple fields, the lists as rows (a blank row at the end
        of each, two in the list `more`), and `problems` named in the page's language."""
        shown = problem_lines(page_lang(request), problems, origin or {})
        return render(
            request,
            "registry_form.html",
            status=status,
            current=current,
            values=values,
            domains=domains,
            all_domains=[d.value for d in Domain],
            problems=shown,
            invalid={p.input for p in shown if p.input},
            types=_types(),
            stages=[s.value for s in Stage],
            version=version,
            rows=with_blank_rows(rows, more),
            lists=LISTS,
            bottleneck_codes=list(BOTTLENECK_NAMES["en"]),
            professions=PROFESSIONS,
        )

    def values_of(record: InitiativeRecord) -> dict[str, Any]:
        body = record.to_dict()
        return {
            **{k: v for k, v in body.items() if isinstance(v, str)},
            "since": record.since,
            "municipalities": ", ".join(record.municipalities),
            "organisations": "\n".join(record.organisations),
            "lessons": "\n".join(record.lessons),
            "public": record.public,
            "test_data": record.test_data,
            "stage": record.stage.value,
        }

    async def save_form(request: Request, slug: str | None) -> Response:
        """Check a posted add (`slug` None) or edit form and save it (a new version in the
        history); the form again with its problems (422, nothing saved), or with one more row
        when its "more rows" button was pressed (nothing saved)."""
        found = await writer(request)
        if found is None:
            return login_redirect(request)
        user, form, domains = found
        current = None
        version = int(form["version"]) if form.get("version", "").isdigit() else None
        if slug is not None:
            stored = await run_in_threadpool(registry.get, user, slug)
            require(user, Action.EDIT, Entry(stored.organisation_id, stored.record.public))
            current = stored.record
        again: dict[str, Any] = {
            "current": current,
            "values": {**form, "public": form.get("public") == "on"},
            "domains": domains,
            "version": version,
            "rows": rows_from_form(form),
        }
        if form.get("more") in LISTS:
            return form_page(request, **again, more=form["more"])
        record, problems, lists = check_form(form, domains, current, placement.now().date())
        try:
            if record is None:
                raise ValidationError(problems)
            saved = record
            if current is None:
                await run_in_threadpool(registry.create, user, saved)
            else:
                await run_in_threadpool(
                    lambda: registry.update(user, saved.id, saved, expected_version=version)
                )
        except ValidationError as exc:
            return form_page(request, **again, problems=exc.problems, origin=lists.rows, status=422)
        lang = "?lang=en" if page_lang(request) == "en" else ""
        return RedirectResponse(f"{BASE}/{record.id}{lang}", status_code=303)

    @pages.get("/nieuw", response_class=HTMLResponse)
    def new_form(request: Request) -> Response:
        user, _ = session(request)
        if user is None:
            return login_redirect(request)
        return form_page(
            request, current=None, values={}, domains=[], version=None, rows=rows_of(None)
        )

    @pages.post("/nieuw")
    async def create(request: Request) -> Response:
        return await save_form(request, None)

    @pages.get("/{slug}/bewerken", response_class=HTMLResponse)
    def edit_form(request: Request, slug: str) -> Response:
        user, _ = session(request)
        if user is None:
            return login_redirect(request)
        stored = registry.get(user, slug)
        require(user, Action.EDIT, Entry(stored.organisation_id, stored.record.public))
        return form_page(
            request,
            current=stored.record,
            values=values_of(stored.record),
            domains=[d.value for d in stored.record.domains],
            version=stored.version,
            rows=rows_of(stored.record),
        )

    @pages.post("/{slug}/bewerken")
    async def edit(request: Request, slug: str) -> Response:
        return await save_form(request, slug)

    @pages.post("/{slug}/publiceren")
    async def publish(request: Request, slug: str) -> Response:
        found = await writer(request)
        if found is None:
            return login_redirect(request)
        user, form, _ = found
        expected = int(form["version"]) if form.get("version", "").isdigit() else None
        await run_in_threadpool(
            lambda: registry.set_public(
                user, slug, form.get("public") == "1", expected_version=expected
            )
        )
        lang = "?lang=en" if page_lang(request) == "en" else ""
        return RedirectResponse(f"{BASE}/{slug}{lang}", status_code=303)

    # ------------------------------------------------------------------ one initiative

    @pages.get("/{slug}", response_class=HTMLResponse)
    def show(request: Request, slug: str) -> Response:
        user, _ = session(request)
        stored = registry.get(user, slug)
        entry = Entry(stored.organisation_id, stored.record.public)
        return render(
            request,
            "registry_show.html",
            stored=stored,
            r=stored.record,
            history=registry.history(user, slug),
            shown_changes=shown_changes,
            may_edit=user is not None and may(user, Action.EDIT, entry),
            may_publish=user is not None and may(user, Action.PUBLISH, entry),
            operator=OPERATOR,
        )

    return pages


def _safe_next(target: str) -> str:
    """Only a path of this site after signing in (never another site)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target:
        return target
    return BASE


__all__ = ["BASE", "TEXT", "page_lang", "router"]
