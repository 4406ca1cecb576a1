"""The JSON API of placement coordination under ``/api/placement`` (``regioplan placement serve``).

Every route authenticates the caller -- a bearer token (``Authorization: Bearer TOKEN``, from
``POST /api/placement/tokens``) or the pages' session cookie, whose writes must carry the CSRF
token in the ``X-CSRF-Token`` header -- and then calls one method of
:class:`~regioplan.placement.PlacementService`, which asks :func:`regioplan.placement.may` and
writes the audit in the same transaction. Errors answer in the one shape of
:mod:`regioplan.web.errors`: 401 not signed in, 403 not allowed, 404 unknown object, 409 a
conflict (the bed was taken, the request moved on), 422 bad input naming the field, 429 too
many failed logins (with ``Retry-After``). A 409 carries its kind in ``details.code``
(:data:`regioplan.placement.errors.CONFLICT_CODES`). A user with a one-time password may only
read ``/me``, change the password (``POST /me/password``) and sign out; every other route
answers 403 with ``details.code`` ``password_change_required``.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated dependencies
import datetime as dt
from functools import partial
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from regioplan.errors import ParameterError
from regioplan.placement import (
    CLOSE_REASONS,
    DECLINE_REASONS,
    NEEDS,
    ORG_KINDS,
    RELEASE_REASONS,
    ROLES,
    URGENCIES,
    AuthenticationError,
    ForbiddenError,
    PlacementService,
    RequestInput,
    RequestState,
    User,
    as_dict,
)
from regioplan.placement.auth import CSRF_HEADER, SESSION_COOKIE, check_csrf
from regioplan.placement.live import MAX_WAIT, wait_for_events
from regioplan.web.errors import ErrorBody
from regioplan.web.placement_threads import run_long_wait

PREFIX = "/api/placement"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Not signed in, or the token expired"},
    403: {"model": ErrorBody, "description": "Not allowed for this role or organisation"},
    404: {"model": ErrorBody, "description": "No such object"},
    409: {"model": ErrorBody, "description": "Conflict: the bed is taken or the state moved on"},
    422: {"model": ErrorBody, "description": "Invalid input; `problems` names each field"},
    500: {"model": ErrorBody, "description": "Internal error (a bug; see the server log)"},
    503: {"model": ErrorBody, "description": "The database is unavailable"},
}
"""The error answers every placement route documents."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Credentials(_Body):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class PasswordChangeBody(_Body):
    old_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class RequestBody(_Body):
    reference: str = Field(
        min_length=1,
        max_length=40,
        description="Your own reference code; no names, BSN or dates of birth",
    )
    care_type: str = Field(min_length=1, max_length=40, description="A bed type")
    urgency: Literal["acute", "same_day", "within_3_days", "planned"]
    municipality: str = Field(min_length=1, max_length=6, description="GMxxxx")
    needs: list[str] = Field(default_factory=list, max_length=len(NEEDS))


class CapacityBody(_Body):
    physical: int = Field(ge=0, le=10_000)
    staffed: int = Field(ge=0, le=10_000)
    occupied: int = Field(ge=0, le=10_000)


class HoldBody(_Body):
    bed_unit_id: int = Field(ge=1, le=2**31 - 1)


class ReasonBody(_Body):
    reason: str = Field(min_length=1, max_length=30)


class OrganisationBody(_Body):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["care_org", "gp_practice", "ooh_post", "hospital", "coordination_desk", "other"]
    region: str = Field(min_length=1, max_length=10)
    municipality: str = Field(min_length=1, max_length=6)
    example: bool = False


class LocationBody(_Body):
    organisation_id: int = Field(ge=1, le=2**31 - 1)
    name: str = Field(min_length=1, max_length=200)
    municipality: str = Field(min_length=1, max_length=6)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    features: list[str] = Field(default_factory=list, max_length=len(NEEDS))
    example: bool = False


class UserBody(_Body):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)
    role: Literal[
        "bed_manager", "referrer", "coordinator", "analyst", "administrator", "programme_coach"
    ]  # = ROLES (a test keeps them equal)
    organisation_id: int = Field(ge=1, le=2**31 - 1)
    one_time: bool = Field(
        default=False, description="The user must change this password before anything else"
    )


class ActiveBody(_Body):
    active: bool = Field(
        description="false blocks the user (their tokens and sessions are revoked); true unblocks"
    )


Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def bearer(request: Request) -> str | None:
    """The bearer token of `request`, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def service_of(request: Request) -> PlacementService:
    """The app's :class:`PlacementService` (``app.state.placement_service``)."""
    service: PlacementService = request.app.state.placement_service
    return service


async def current_user(request: Request) -> User:
    """The signed-in user: by bearer token, else by the session cookie (a write with the
    cookie must carry the session's CSRF token in the ``X-CSRF-Token`` header); 401 otherwise.
    A dependency for the API and the pages alike. A token the process keeps is answered on the
    event loop; any other is checked in a request thread (the database is asked)."""
    token = bearer(request)
    if token is not None:
        return await _user_of(request, token, "api")
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        user = await _user_of(request, session, "session")
        if request.method not in _SAFE:
            check_csrf(session, request.headers.get(CSRF_HEADER))
        return user
    raise AuthenticationError("not signed in: send 'Authorization: Bearer TOKEN'")


async def _user_of(request: Request, secret: str, kind: str) -> User:
    service = service_of(request)
    kept = service.kept_user(secret, kind=kind)
    if kept is not None:
        return kept
    return await to_thread.run_sync(partial(service.authenticate, secret, kind=kind))


def client_address(request: Request) -> str:
    """The client's address, the login limit's second key."""
    return request.client.host if request.client else "unknown"


async def active_user(request: Request) -> User:
    """:func:`current_user`, refused (403, ``details.code`` ``password_change_required``)
    while the user must still change a one-time password."""
    user = await current_user(request)
    if user.must_change_password:
        raise ForbiddenError(
            "change your one-time password first: POST /api/placement/me/password",
            code="password_change_required",
        )
    return user


SignedIn = Annotated[User, Depends(current_user)]
"""The signed-in user, also one who must still change a one-time password."""
Me = Annotated[User, Depends(active_user)]
"""The signed-in user who may use the API (no pending one-time password)."""


def router(service: PlacementService) -> APIRouter:
    """The placement API on `service`."""
    api = APIRouter(prefix=PREFIX, tags=["placement"], responses=ERRORS)
    source = client_address

    @api.post("/tokens", status_code=201, summary="Sign in: a bearer token for the API")
    def create_token(body: Credentials, request: Request) -> dict[str, Any]:
        user = service.login(body.username, body.password, source=source(request))
        token = service.issue_api_token(user)
        return {"token": token, "token_type": "bearer", "user": as_dict(user)}

    @api.delete("/tokens/current", status_code=204, summary="Sign out: revoke this token")
    def revoke_token(request: Request, me: SignedIn) -> Response:
        token = bearer(request)
        if token is not None:
            service.revoke(token)
        return Response(status_code=204)

    @api.get("/me", summary="The signed-in user")
    def me(user: SignedIn) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(user)
        return result

    @api.post(
        "/me/password",
        summary="Change one's own password; revokes one's other tokens and sessions",
    )
    def change_password(
        body: PasswordChangeBody, request: Request, user: SignedIn
    ) -> dict[str, Any]:
        keep = bearer(request) or request.cookies.get(SESSION_COOKIE)
        result: dict[str, Any] = as_dict(
            service.change_password(
                user, body.old_password, body.new_password, keep=keep, source=source(request)
            )
        )
        return result

    @api.get("/vocabulary", summary="Bed types, needs, urgencies, reasons, roles")
    def vocabulary(user: Me) -> dict[str, Any]:
        return {
            "bed_types": list(service.config.bed_types),
            "needs": list(NEEDS),
            "urgencies": list(URGENCIES),
            "decline_reasons": list(DECLINE_REASONS),
            "close_reasons": list(CLOSE_REASONS),
            "release_reasons": list(RELEASE_REASONS),
            "roles": list(ROLES),
            "organisation_kinds": list(ORG_KINDS),
            "request_states": [s.value for s in RequestState],
            "hold_minutes": service.config.hold_minutes,
            "stale_after_hours": service.config.stale_after_hours,
        }

    @api.get("/organisations", summary="Every organisation")
    def list_organisations(user: Me) -> list[dict[str, Any]]:
        return [as_dict(o) for o in service.organisations()]

    @api.post("/organisations", status_code=201, summary="Add an organisation (administrator)")
    def add_organisation(body: OrganisationBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.add_organisation(user, **body.model_dump()))
        return result

    @api.get("/locations", summary="Active locations")
    def list_locations(
        user: Me, organisation_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None
    ) -> list[dict[str, Any]]:
        return [as_dict(x) for x in service.locations(organisation_id=organisation_id)]

    @api.post("/locations", status_code=201, summary="Add a location (administrator)")
    def add_location(body: LocationBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.add_location(user, **body.model_dump()))
        return result

    @api.get("/users", summary="Every user (administrator)")
    def list_users(user: Me) -> list[dict[str, Any]]:
        return [as_dict(u) for u in service.users(user)]

    @api.post("/users", status_code=201, summary="Add a user (administrator)")
    def add_user(body: UserBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.add_user(user, **body.model_dump()))
        return result

    @api.put("/users/{user_id}/active", summary="Block or unblock a user (administrator)")
    def set_user_active(user_id: Id, body: ActiveBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.set_user_active(user, user_id, body.active))
        return result

    @api.get("/availability", summary="Capacity per location and bed type; stale ones last")
    def availability(
        user: Me,
        region: Annotated[str | None, Query(max_length=10)] = None,
        bed_type: Annotated[str | None, Query(max_length=40)] = None,
        organisation_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    ) -> list[dict[str, Any]]:
        rows = service.availability(
            user, region=region, bed_type=bed_type, organisation_id=organisation_id
        )
        return [as_dict(a) for a in rows]

    @api.put(
        "/locations/{location_id}/capacity/{bed_type}",
        summary="Report the beds of a location and bed type (bed manager)",
    )
    def set_capacity(
        location_id: Id,
        bed_type: Annotated[str, Path(max_length=40)],
        body: CapacityBody,
        user: Me,
    ) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(
            service.set_capacity(
                user, location_id=location_id, bed_type=bed_type, **body.model_dump()
            )
        )
        return result

    @api.post(
        "/locations/{location_id}/capacity/{bed_type}/confirm",
        summary="Confirm that the last figure still holds (bed manager)",
    )
    def confirm_capacity(
        location_id: Id, bed_type: Annotated[str, Path(max_length=40)], user: Me
    ) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(
            service.confirm_capacity(user, location_id=location_id, bed_type=bed_type)
        )
        return result

    @api.get("/requests", summary="Requests the user may see, newest first")
    def list_requests(
        user: Me,
        state: Annotated[list[RequestState] | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> list[dict[str, Any]]:
        return [as_dict(r) for r in service.list_requests(user, states=state, limit=limit)]

    @api.post("/requests", status_code=201, summary="Submit a request (referrer, coordinator)")
    def submit_request(body: RequestBody, user: Me) -> dict[str, Any]:
        value = RequestInput(
            reference=body.reference,
            care_type=body.care_type,
            urgency=body.urgency,
            municipality=body.municipality,
            needs=tuple(body.needs),
        )
        result: dict[str, Any] = as_dict(service.submit_request(user, value))
        return result

    @api.get("/requests/{request_id}", summary="One request")
    def get_request(request_id: Id, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.get_request(user, request_id))
        return result

    @api.get("/requests/{request_id}/matches", summary="Bed units ranked for a request")
    def matches(
        request_id: Id, user: Me, limit: Annotated[int, Query(ge=1, le=100)] = 10
    ) -> list[dict[str, Any]]:
        return [as_dict(m) for m in service.match(user, request_id, limit=limit)]

    @api.post("/requests/{request_id}/hold", status_code=201, summary="Hold a bed unit")
    def hold(request_id: Id, body: HoldBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.place_hold(user, request_id, body.bed_unit_id))
        return result

    @api.post("/requests/{request_id}/release", summary="Give up the request's hold")
    def release(request_id: Id, body: ReasonBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.release_hold(user, request_id, body.reason))
        return result

    @api.post("/requests/{request_id}/close", summary="Close a request without placement")
    def close(request_id: Id, body: ReasonBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.close_request(user, request_id, body.reason))
        return result

    @api.post("/holds/{hold_id}/accept", summary="Accept a hold on own bed (bed manager)")
    def accept(hold_id: Id, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.accept_hold(user, hold_id))
        return result

    @api.post("/holds/{hold_id}/decline", summary="Decline a hold with a reason (bed manager)")
    def decline(hold_id: Id, body: ReasonBody, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.decline_hold(user, hold_id, body.reason))
        return result

    @api.post("/holds/{hold_id}/admit", summary="Admission: closes the request (bed manager)")
    def admit(hold_id: Id, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.admit(user, hold_id))
        return result

    @api.post("/holds/{hold_id}/discharge", summary="The bed is free again (bed manager)")
    def discharge(hold_id: Id, user: Me) -> dict[str, Any]:
        result: dict[str, Any] = as_dict(service.discharge(user, hold_id))
        return result

    @api.get("/audit", summary="Audit log the user may read, oldest first (or newest first)")
    def audit_log(
        user: Me,
        after_id: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        object_type: Annotated[str | None, Query(max_length=20)] = None,
        object_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
        newest_first: Annotated[
            bool, Query(description="The newest `limit` rows, newest first")
        ] = False,
        before_id: Annotated[
            int | None, Query(ge=1, le=2**63 - 1, description="Only rows before this id")
        ] = None,
    ) -> list[dict[str, Any]]:
        rows = service.audit_log(
            user,
            after_id=after_id,
            limit=limit,
            object_type=object_type,
            object_id=object_id,
            newest_first=newest_first,
            before_id=before_id,
        )
        return [as_dict(e) for e in rows]

    @api.get("/events", summary="Changes after an event id (for live pages)")
    async def feed(
        request: Request,
        user: Me,
        after_id: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        wait: Annotated[
            float,
            Query(ge=0, le=MAX_WAIT, description="Seconds to wait for a change (long poll)"),
        ] = 0.0,
        region: Annotated[
            str | None,
            Query(max_length=10, description="Only this region's events (and those of none)"),
        ] = None,
    ) -> dict[str, Any]:
        look = partial(
            wait_for_events, service, user, after_id, timeout=wait, limit=limit, region=region
        )
        # a long poll waits in a thread of its own limiter; a plain look in a request thread
        items = await (run_long_wait(request.app, look) if wait > 0 else to_thread.run_sync(look))
        last = items[-1].id if items else max(after_id, 0)
        return {"last_id": last, "events": [as_dict(e) for e in items]}

    @api.get(
        "/monitoring",
        summary="Time to placement, share within 24 h, occupancy and staleness now and over "
        "the period",
    )
    def monitoring(
        user: Me,
        start: dt.date | None = None,
        end: dt.date | None = None,
        region: Annotated[str | None, Query(max_length=10)] = None,
    ) -> dict[str, Any]:
        if start is not None and end is not None and end < start:
            raise ParameterError(f"end {end} lies before start {start}")
        result: dict[str, Any] = as_dict(
            service.monitoring(user, start=start, end=end, region=region)
        )
        return result

    @api.get(
        "/monitoring.csv",
        summary="Monitoring as CSV (one row per organisation and per region)",
        response_class=PlainTextResponse,
    )
    def monitoring_csv(
        user: Me,
        start: dt.date | None = None,
        end: dt.date | None = None,
        region: Annotated[str | None, Query(max_length=10)] = None,
    ) -> PlainTextResponse:
        if start is not None and end is not None and end < start:
            raise ParameterError(f"end {end} lies before start {start}")
        text = service.monitoring_csv(user, start=start, end=end, region=region)
        return PlainTextResponse(text, media_type="text/csv; charset=utf-8")

    return api


__all__ = [
    "ERRORS",
    "PREFIX",
    "Me",
    "SignedIn",
    "active_user",
    "bearer",
    "client_address",
    "current_user",
    "router",
    "service_of",
]
