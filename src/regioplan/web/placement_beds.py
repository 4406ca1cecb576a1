"""The bed manager's page: their organisation's capacity and the holds on their beds.

- ``/placement/beds`` shows the figures of the organisation's locations per bed type (stale
  figures flagged and listed last), the form to report physical, staffed and occupied beds or
  to confirm a figure unchanged, and the requests that hold a bed of theirs.
- A hold is accepted, declined (with a reason), admitted and discharged here
  (``/placement/holds/{id}/{step}``); other roles are sent to their own start page.
- Every form goes through :meth:`regioplan.web.placement_common.Pages.act`: the session's CSRF
  token is checked before the service is asked anything, and an error is shown on this page
  in the page's language.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated parameters
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from regioplan.errors import Problem, RegioplanError, ValidationError
from regioplan.placement import DECLINE_REASONS, User
from regioplan.web.placement_common import PREFIX, Csrf, Id, Pages, _home, _lang, _redirect


def beds_page(
    pages: Pages, request: Request, user: User, *, error: RegioplanError | None = None
) -> HTMLResponse:
    """The capacity of `user`'s organisation and the holds on its beds."""
    figures = pages.service.availability(user, organisation_id=user.organisation_id)
    incoming = pages.service.list_requests(user, limit=200)
    return pages.render(
        request,
        "beds.html",
        user,
        self_path=f"{PREFIX}/beds",
        status=pages.error_status(error) if error else 200,
        error=error,
        figures=figures,
        incoming=[r for r in incoming if r.hold is not None],
        locations=pages.service.locations(organisation_id=user.organisation_id),
        bed_types=pages.service.config.bed_types,
        decline_reasons=DECLINE_REASONS,
    )


def _int_field(lang: str, name: str, raw: str) -> int:
    """`raw` of form field `name` as a whole number >= 0 (a clear error otherwise)."""
    text = raw.strip()
    if not text.isdigit() or len(text) > 6:
        raise ValidationError(
            [Problem("capacity", None, name, f"{raw!r} must be a whole number >= 0")],
            summary=f"{name}: {raw!r} must be a whole number >= 0",
        )
    return int(text)


def add_routes(r: APIRouter, pages: Pages) -> None:
    """Add the bed manager's page and its forms to `r`."""
    service = pages.service

    @r.get(f"{PREFIX}/beds")
    def beds(request: Request) -> Response:
        def build(user: User) -> Response:
            if user.role != "bed_manager":
                return _redirect(_home(user))
            return beds_page(pages, request, user)

        return pages.page(request, build)

    def back_to_beds(request: Request) -> Callable[[User, RegioplanError], Response]:
        return lambda user, exc: beds_page(pages, request, user, error=exc)

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

        return pages.act(request, csrf, do, back_to_beds(request))

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

        return pages.act(request, csrf, do, back_to_beds(request))

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

        return pages.act(request, csrf, do, back_to_beds(request))


__all__ = ["add_routes", "beds_page"]
