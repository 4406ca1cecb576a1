"""The life of a placement request and of a hold on a bed unit: a typed state machine.

A request is ``open`` until a bed unit is held for it; the receiving organisation accepts or
declines the hold; an accepted hold becomes an admission, which closes the request as
``admitted``. A hold that is not decided in time lapses by itself: its expiry is a time, judged
with the clock whenever the hold is read or written (no background job needed), and the request
is then ``open`` again. A request closes unplaced with a reason (``closed``).

>>> next_state(RequestState.OPEN, RequestEvent.HOLD)
<RequestState.HELD: 'held'>
>>> next_state(RequestState.ADMITTED, RequestEvent.HOLD)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
regioplan.placement.errors.ConflictError: a request in state 'admitted' cannot hold: ...
>>> [e.value for e in allowed_events(RequestState.HELD)]
['expire', 'release', 'decline', 'accept', 'close']
"""

from __future__ import annotations

from enum import StrEnum

from regioplan.placement.errors import ConflictError


class RequestState(StrEnum):
    """Where a placement request stands."""

    OPEN = "open"
    """Submitted, looking for a bed (also after a hold lapsed, was declined or released)."""
    HELD = "held"
    """A bed unit is held for it until the hold expires."""
    ACCEPTED = "accepted"
    """The receiving organisation accepted the hold; waiting for admission."""
    ADMITTED = "admitted"
    """Placed: the patient was admitted (closed)."""
    CLOSED = "closed"
    """Closed without a placement through the service, with a reason."""

    @property
    def is_closed(self) -> bool:
        return self in (RequestState.ADMITTED, RequestState.CLOSED)


class RequestEvent(StrEnum):
    """What happens to a request; each is one audited transition."""

    HOLD = "hold"
    EXPIRE = "expire"
    RELEASE = "release"
    DECLINE = "decline"
    ACCEPT = "accept"
    ADMIT = "admit"
    CLOSE = "close"


class HoldStatus(StrEnum):
    """Where a hold on a bed unit stands; the first three claim the bed unit."""

    HELD = "held"
    ACCEPTED = "accepted"
    ADMITTED = "admitted"
    DISCHARGED = "discharged"
    DECLINED = "declined"
    EXPIRED = "expired"
    RELEASED = "released"

    @property
    def claims_unit(self) -> bool:
        """Whether the bed unit is taken while the hold has this status."""
        return self in ACTIVE_HOLD_STATUSES


ACTIVE_HOLD_STATUSES: tuple[HoldStatus, ...] = (
    HoldStatus.HELD,
    HoldStatus.ACCEPTED,
    HoldStatus.ADMITTED,
)
"""The statuses in which a hold claims its bed unit: at most one such hold per bed unit and per
request, enforced by partial unique indexes in the database."""

TRANSITIONS: dict[tuple[RequestState, RequestEvent], RequestState] = {
    (RequestState.OPEN, RequestEvent.HOLD): RequestState.HELD,
    (RequestState.OPEN, RequestEvent.CLOSE): RequestState.CLOSED,
    (RequestState.HELD, RequestEvent.EXPIRE): RequestState.OPEN,
    (RequestState.HELD, RequestEvent.RELEASE): RequestState.OPEN,
    (RequestState.HELD, RequestEvent.DECLINE): RequestState.OPEN,
    (RequestState.HELD, RequestEvent.ACCEPT): RequestState.ACCEPTED,
    (RequestState.HELD, RequestEvent.CLOSE): RequestState.CLOSED,
    (RequestState.ACCEPTED, RequestEvent.RELEASE): RequestState.OPEN,
    (RequestState.ACCEPTED, RequestEvent.ADMIT): RequestState.ADMITTED,
    (RequestState.ACCEPTED, RequestEvent.CLOSE): RequestState.CLOSED,
}
"""Every legal transition of a request; anything else is refused with a ConflictError."""

HOLD_AFTER: dict[RequestEvent, HoldStatus] = {
    RequestEvent.EXPIRE: HoldStatus.EXPIRED,
    RequestEvent.RELEASE: HoldStatus.RELEASED,
    RequestEvent.DECLINE: HoldStatus.DECLINED,
    RequestEvent.ACCEPT: HoldStatus.ACCEPTED,
    RequestEvent.ADMIT: HoldStatus.ADMITTED,
    RequestEvent.CLOSE: HoldStatus.RELEASED,
}
"""The status the request's active hold takes with each event (closing releases it)."""


def allowed_events(state: RequestState) -> tuple[RequestEvent, ...]:
    """The events a request in `state` may take, in the order of :class:`RequestEvent`."""
    return tuple(e for e in RequestEvent if (state, e) in TRANSITIONS)


def next_state(state: RequestState, event: RequestEvent) -> RequestState:
    """The state after `event`; a ConflictError (409) naming what is allowed otherwise."""
    after = TRANSITIONS.get((state, event))
    if after is None:
        allowed = ", ".join(allowed_events(state)) or "none (the request is closed)"
        raise ConflictError(
            f"a request in state {state.value!r} cannot {event.value}: allowed from "
            f"{state.value}: {allowed}",
            code="transition",
        )
    return after


__all__ = [
    "ACTIVE_HOLD_STATUSES",
    "HOLD_AFTER",
    "TRANSITIONS",
    "HoldStatus",
    "RequestEvent",
    "RequestState",
    "allowed_events",
    "next_state",
]
