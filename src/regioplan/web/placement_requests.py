"""The request pages of referrers and coordinators: submit, match, hold, release, close.

- ``/placement/requests`` lists the requests the user may see (a referrer their own, a
  coordinator every request of the region) with the form to submit one: needs from the fixed
  checklist, an own reference, no personal data.
- ``/placement/requests/{id}`` shows one request with, while it is open, the beds that match it
  ranked by fit and travel time; the request side holds one, releases a hold (with a reason)
  or closes the request (with a reason).
- Every form goes through :meth:`regioplan.web.placement_common.Pages.act`: the session's CSRF
  token is checked before the service is asked anything, and an error is shown on the page it
  came from, in the page's language.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated parameters
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from regioplan.errors import RegioplanError
from regioplan.placement import (
    CLOSE_REASONS,
    NEEDS,
    RELEASE_REASONS,
    URGENCIES,
    AuthenticationError,
    RequestInput,
    RequestState,
    User,
)
from regioplan.web.placement_common import PREFIX, Csrf, Id, Pages, _home, region_municipalities


def requests_page(
    pages: Pages,
    request: Request,
    user: User,
    *,
    error: RegioplanError | None = None,
    form: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The requests `user` may see, with the form to submit one (`form`: what was typed)."""
    items = pages.service.list_requests(user, limit=200)
    own_municipality = next(
        (o.municipality for o in pages.service.organisations() if o.id == user.organisation_id),
        "",
    )
    values = form or {
        "reference": "",
        "care_type": "elv_high" if "elv_high" in pages.service.config.bed_types else "",
        "urgency": "same_day",
        "municipality": own_municipality,
        "needs": [],
    }
    return pages.render(
        request,
        "requests.html",
        user,
        self_path=f"{PREFIX}/requests",
        status=pages.error_status(error) if error else 200,
        error=error,
        items=items,
        form=values,
        bed_types=pages.service.config.bed_types,
        urgencies=URGENCIES,
        needs=NEEDS,
        municipalities=region_municipalities(user.region),
        may_submit=user.role in ("referrer", "coordinator"),
    )


def request_page(
    pages: Pages,
    request: Request,
    user: User,
    request_id: int,
    *,
    error: RegioplanError | None = None,
) -> HTMLResponse:
    """Request `request_id` with, while it is open, the beds that match it."""
    item = pages.service.get_request(user, request_id)
    matches = (
        pages.service.match(user, request_id, limit=10)
        if item.state is RequestState.OPEN and user.role in ("referrer", "coordinator")
        else []
    )
    names = dict(region_municipalities(item.region))
    return pages.render(
        request,
        "request.html",
        user,
        self_path=f"{PREFIX}/requests/{request_id}",
        status=pages.error_status(error) if error else 200,
        error=error,
        item=item,
        request_id=request_id,
        matches=matches,
        municipality_name=names.get(item.municipality, item.municipality),
        release_reasons=RELEASE_REASONS,
        close_reasons=CLOSE_REASONS,
        request_side=user.role in ("referrer", "coordinator"),
    )


def add_routes(r: APIRouter, pages: Pages) -> None:
    """Add the request pages and their forms to `r`."""
    service = pages.service

    @r.get(f"{PREFIX}/requests")
    def requests_list(request: Request) -> Response:
        return pages.page(request, lambda user: requests_page(pages, request, user))

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
        return pages.act(
            request,
            csrf,
            do,
            lambda user, exc: requests_page(pages, request, user, error=exc, form=form),
        )

    @r.get(f"{PREFIX}/requests/{{request_id}}")
    def request_detail(request: Request, request_id: Id) -> Response:
        return pages.page(request, lambda user: request_page(pages, request, user, request_id))

    def back_to_request(
        request: Request, request_id: int
    ) -> Callable[[User, RegioplanError], Response]:
        def back(user: User, exc: RegioplanError) -> Response:
            try:
                return request_page(pages, request, user, request_id, error=exc)
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

        return pages.act(request, csrf, do, back_to_request(request, request_id))

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

        return pages.act(request, csrf, do, back_to_request(request, request_id))

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

        return pages.act(request, csrf, do, back_to_request(request, request_id))


__all__ = ["add_routes", "request_page", "requests_page"]
