"""The administrator's pages: organisations, their locations and users in the browser.

- ``/placement/admin`` lists every organisation (kind, region, seat, example flag) with its
  locations and users, and every user (role, organisation, active or blocked, whether a
  one-time password is still to be changed) -- never a password hash or a token. It has the
  forms to add an organisation, a location (municipality code, optional coordinates, what it
  can offer from the fixed checklist, example flag) and a user, and to block or unblock a user.
- Every form carries the session's CSRF token, checked before the service is asked anything;
  then one method of :class:`~regioplan.placement.PlacementService` does the work, which asks
  :func:`regioplan.placement.may` and writes the audit -- this module writes no table. A user
  of another role gets 403 on the page and on every form.
- A new user gets a one-time password made here (:func:`one_time_password`) and shown once, in
  the answer to the form: not stored (the service keeps its argon2 hash), never in a URL, the
  page not cached. The service flags the account, so the first sign-in leads to the password
  change and nothing else is allowed before it.
- Bad input is told in the page's language naming the field
  (:func:`regioplan.web.placement_admin_texts.admin_error_text`); nothing is saved, and the
  form keeps what was typed.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated parameters
import secrets
from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from regioplan.data import municipalities
from regioplan.errors import Problem, RegioplanError, ValidationError
from regioplan.placement import (
    NEEDS,
    ORG_KINDS,
    ROLES,
    ForbiddenError,
    PlacementService,
    User,
)
from regioplan.placement.auth import CSRF_FIELD, SESSION_COOKIE, check_csrf
from regioplan.web.placement_admin_texts import (
    NO_ORGANISATION,
    NOT_A_NUMBER,
    admin_error_text,
    admin_translator,
)
from regioplan.web.placement_pages import PREFIX, Pages, _home, _lang, _redirect, must_change

ADMIN = f"{PREFIX}/admin"
MESSAGES = frozenset({"organisation", "location", "blocked", "unblocked"})
"""The success messages of this page (``?msg=``, with ``&id=`` of the object)."""
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters and digits that cannot be mistaken for one another when read out (no i, l, o, 0, 1)."""

FormText = Annotated[str, Form(max_length=200)]
Csrf = Annotated[str, Form(alias=CSRF_FIELD, max_length=200)]


def one_time_password(groups: int = 4, size: int = 4) -> str:
    """A password to hand over by telephone: `groups` groups of `size` characters of
    :data:`PASSWORD_ALPHABET` (4 × 4: about 79 bits), e.g. ``k7mp-q2xa-9hwe-t4rn``."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(size)) for _ in range(groups)
    )


@cache
def municipality_names() -> tuple[tuple[str, str], ...]:
    """(code, name) of every municipality, by name (the list the code fields offer)."""
    table = municipalities()
    pairs = ((str(c), str(n)) for c, n in table["name"].items())
    return tuple(sorted(pairs, key=lambda x: x[1]))


@cache
def region_names() -> tuple[tuple[str, str], ...]:
    """(code, name) of every care-office region (ZKxx), by code."""
    table = municipalities()
    codes, names = table["zorgkantoor_code"], table["zorgkantoor"]
    pairs = {str(c): str(n) for c, n in zip(codes, names, strict=True)}
    return tuple(sorted(pairs.items()))


def _coordinate(field: str, raw: str) -> tuple[float | None, Problem | None]:
    """A latitude or longitude from a form (decimal point or comma; empty: None)."""
    text = raw.strip().replace(",", ".")
    if not text:
        return None, None
    try:
        return float(text), None
    except ValueError:
        return None, Problem("location", None, field, f"{raw!r} {NOT_A_NUMBER}")


def _organisation_id(source: str, raw: str) -> tuple[int, Problem | None]:
    text = raw.strip()
    if not text.isdigit() or len(text) > 9 or int(text) < 1:
        return 0, Problem(source, None, "organisation_id", NO_ORGANISATION)
    return int(text), None


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(
            problems, summary="; ".join(f"{p.field}: {p.reason}" for p in problems)
        )


def blank_forms(user: User) -> dict[str, dict[str, Any]]:
    """The empty add forms (the organisation's region preset to the administrator's own)."""
    return {
        "org": {
            "name": "",
            "kind": "care_org",
            "region": user.region,
            "municipality": "",
            "example": False,
        },
        "loc": {
            "organisation_id": "",
            "name": "",
            "municipality": "",
            "lat": "",
            "lon": "",
            "features": [],
            "example": False,
        },
        "user": {"username": "", "role": "referrer", "organisation_id": ""},
    }


class AdminPages:
    """Renders the administrator's pages of one service (the router's routes call it)."""

    def __init__(self, service: PlacementService, pages: Pages) -> None:
        self.service = service
        self.pages = pages

    def refused(self, request: Request, user: User, error: RegioplanError) -> HTMLResponse:
        """The error page for an error no form of this page can show (a role that may not)."""
        return self.pages.render(
            request,
            "error.html",
            user,
            self_path=request.url.path,
            status=self.pages.error_status(error),
            error=error,
            back=_home(user),
        )

    def overview(
        self,
        request: Request,
        user: User,
        *,
        error: RegioplanError | None = None,
        forms: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> HTMLResponse:
        """The administration page; with `error`, the form that caused it keeps its values."""
        try:
            people = self.service.users(user)  # asks may(): administrators only
        except ForbiddenError as refusal:
            # another role: 403 whatever was wrong with the form, unless the CSRF check failed
            return self.refused(
                request, user, error if isinstance(error, ForbiddenError) else refusal
            )
        organisations = sorted(self.service.organisations(), key=lambda o: (o.region, o.name))
        places = self.service.locations()
        lang = _lang(request)
        a = admin_translator(lang)
        by_org: dict[int, list[Any]] = {}
        for place in places:
            by_org.setdefault(place.organisation_id, []).append(place)
        users_of: dict[int, list[User]] = {}
        for person in people:
            users_of.setdefault(person.organisation_id, []).append(person)
        example_orgs = {o.id for o in organisations if o.example}
        message = None
        done, done_id = request.query_params.get("msg"), request.query_params.get("id", "")
        if error is None and done in MESSAGES and done_id.isdigit():
            names = {
                "organisation": {o.id: o.name for o in organisations},
                "location": {x.id: x.name for x in places},
            }.get(done, {u.id: u.username for u in people})
            if int(done_id) in names:
                message = a(f"msg.{done}", name=names[int(done_id)])
        admin_error = None
        invalid: set[str] = set()
        if isinstance(error, ValidationError):
            invalid = {p.field for p in error.problems}
        if error is not None:
            text, lines = admin_error_text(lang, error, user.role)
            admin_error = {"message": text, "lines": lines, "detail": str(error)}
        names_of = dict(municipality_names())
        return self.pages.render(
            request,
            "admin.html",
            user,
            self_path=ADMIN,
            status=self.pages.error_status(error) if error else 200,
            a=a,
            admin=ADMIN,
            admin_message=message,
            admin_error=admin_error,
            organisations=organisations,
            locations_of=by_org,
            users=people,
            users_of=users_of,
            example_orgs=example_orgs,
            any_example=bool(example_orgs) or any(x.example for x in places),
            forms={**blank_forms(user), **(forms or {})},
            invalid={name: invalid for name in forms or {}},
            kinds=ORG_KINDS,
            roles=ROLES,
            needs=NEEDS,
            regions=region_names(),
            region_name=dict(region_names()),
            municipalities=municipality_names(),
            place=lambda code: f"{names_of.get(code, code)} ({code})",
        )

    def created(self, request: Request, user: User, new: User, password: str) -> HTMLResponse:
        """The answer to the user form: the one-time password, shown this once."""
        example = new.organisation_id in {o.id for o in self.service.organisations() if o.example}
        return self.pages.render(
            request,
            "admin_user.html",
            user,
            self_path=ADMIN,  # the live script and the language switch go back to the list
            a=admin_translator(_lang(request)),
            admin=ADMIN,
            new=new,
            new_example=example,
            password=password,
        )


def router(service: PlacementService) -> APIRouter:
    """The administrator's pages on `service` (added to the app of ``placement serve``)."""
    pages = Pages(service)
    admin = AdminPages(service, pages)
    r = APIRouter(include_in_schema=False)

    def act(
        request: Request,
        csrf: str,
        do: Callable[[User], Response],
        form: tuple[str, dict[str, Any]],
    ) -> Response:
        """Check the session and its CSRF token, then run `do`; on an error show the page
        again with the error told by field and the form (name, values) as it was sent."""
        user = pages.user_of(request)
        if user is None:
            return pages.to_login(request)
        if must_change(user):
            return _redirect(f"{PREFIX}/password")
        try:
            check_csrf(request.cookies.get(SESSION_COOKIE, ""), csrf)
            return do(user)
        except RegioplanError as exc:
            return admin.overview(request, user, error=exc, forms={form[0]: form[1]})

    @r.get(ADMIN)
    def overview(request: Request) -> Response:
        user = pages.user_of(request)
        if user is None:
            return pages.to_login(request)
        if must_change(user):
            return _redirect(f"{PREFIX}/password")
        try:
            return admin.overview(request, user)
        except RegioplanError as exc:
            return admin.refused(request, user, exc)

    @r.post(f"{ADMIN}/organisations")
    def add_organisation(
        request: Request,
        csrf: Csrf = "",
        name: FormText = "",
        kind: FormText = "",
        region: FormText = "",
        municipality: FormText = "",
        example: FormText = "",
    ) -> Response:
        values = {
            "name": name,
            "kind": kind,
            "region": region,
            "municipality": municipality,
            "example": example == "1",
        }

        def do(user: User) -> Response:
            made = service.add_organisation(
                user,
                name=name,
                kind=kind,
                region=region,
                municipality=municipality.strip().upper(),
                example=example == "1",
            )
            return _redirect(f"{ADMIN}?msg=organisation&id={made.id}#org-{made.id}")

        return act(request, csrf, do, ("org", values))

    @r.post(f"{ADMIN}/locations")
    def add_location(
        request: Request,
        csrf: Csrf = "",
        organisation_id: FormText = "",
        name: FormText = "",
        municipality: FormText = "",
        lat: FormText = "",
        lon: FormText = "",
        features: Annotated[list[str] | None, Form(max_length=len(NEEDS) + 5)] = None,
        example: FormText = "",
    ) -> Response:
        values = {
            "organisation_id": organisation_id,
            "name": name,
            "municipality": municipality,
            "lat": lat,
            "lon": lon,
            "features": list(features or ()),
            "example": example == "1",
        }

        def do(user: User) -> Response:
            org_id, org_problem = _organisation_id("location", organisation_id)
            latitude, lat_problem = _coordinate("lat", lat)
            longitude, lon_problem = _coordinate("lon", lon)
            _refuse([p for p in (org_problem, lat_problem, lon_problem) if p is not None])
            made = service.add_location(
                user,
                organisation_id=org_id,
                name=name,
                municipality=municipality.strip().upper(),
                lat=latitude,
                lon=longitude,
                features=tuple(features or ()),
                example=example == "1",
            )
            return _redirect(f"{ADMIN}?msg=location&id={made.id}#loc-{made.id}")

        return act(request, csrf, do, ("loc", values))

    @r.post(f"{ADMIN}/users")
    def add_user(
        request: Request,
        csrf: Csrf = "",
        username: FormText = "",
        role: FormText = "",
        organisation_id: FormText = "",
    ) -> Response:
        values = {"username": username, "role": role, "organisation_id": organisation_id}

        def do(user: User) -> Response:
            org_id, problem = _organisation_id("user", organisation_id)
            _refuse([problem] if problem else [])
            password = one_time_password()
            made = service.add_user(
                user,
                username=username.strip(),
                password=password,
                role=role,
                organisation_id=org_id,
                one_time=True,
            )
            return admin.created(request, user, made, password)

        return act(request, csrf, do, ("user", values))

    @r.post(f"{ADMIN}/users/{{user_id}}/{{step}}")
    def block(
        request: Request,
        user_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        step: str,
        csrf: Csrf = "",
    ) -> Response:
        if step not in ("block", "unblock"):
            return HTMLResponse("not found", status_code=404)

        def do(user: User) -> Response:
            service.set_user_active(user, user_id, step == "unblock")
            done = "unblocked" if step == "unblock" else "blocked"
            return _redirect(f"{ADMIN}?msg={done}&id={user_id}#user-{user_id}")

        return act(request, csrf, do, ("block", {}))

    return r


__all__ = [
    "ADMIN",
    "PASSWORD_ALPHABET",
    "AdminPages",
    "municipality_names",
    "one_time_password",
    "region_names",
    "router",
]
