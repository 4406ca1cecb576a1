"""The curated public API of regioplan.placement, and the module examples."""

from __future__ import annotations

import doctest
import importlib

import pytest

import regioplan.placement

EXPECTED = {
    "CLOSE_REASONS", "DECLINE_REASONS", "DEFAULT_BED_TYPES", "NEEDS", "ORG_KINDS",
    "RELEASE_REASONS", "ROLES", "TRANSITIONS", "URGENCIES", "Action", "AuditEntry",
    "AuthenticationError", "Availability", "ConflictError", "FeedEvent", "ForbiddenError",
    "Hold", "HoldStatus", "Location", "Match", "NotFoundError", "Organisation",
    "PlacementConfig", "PlacementRequest", "PlacementService", "RateLimitedError",
    "RequestEvent", "RequestInput", "RequestState", "SessionTicket", "Target", "User",
    "as_dict", "check_csrf", "csrf_token", "may", "next_state", "require",
}  # fmt: skip


def test_the_exported_names_are_exactly_the_intended_ones() -> None:
    assert set(regioplan.placement.__all__) == EXPECTED
    assert all(hasattr(regioplan.placement, n) for n in EXPECTED)


@pytest.mark.parametrize(
    "module",
    [
        "auth",
        "config",
        "geography",
        "monitoring",
        "occupancy",
        "rights",
        "service",
        "states",
        "validation",
    ],
)
def test_the_module_examples_run(module: str) -> None:
    mod = importlib.import_module(f"regioplan.placement.{module}")
    failed, tried = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failed == 0


def test_the_state_machine_is_the_documented_one() -> None:
    from regioplan.placement import TRANSITIONS, RequestEvent, RequestState

    edges = {(a.value, e.value, b.value) for (a, e), b in TRANSITIONS.items()}
    assert edges == {
        ("open", "hold", "held"),
        ("open", "close", "closed"),
        ("held", "expire", "open"),
        ("held", "release", "open"),
        ("held", "decline", "open"),
        ("held", "accept", "accepted"),
        ("held", "close", "closed"),
        ("accepted", "release", "open"),
        ("accepted", "admit", "admitted"),
        ("accepted", "close", "closed"),
    }
    assert not any(a.is_closed for (a, _e) in TRANSITIONS)  # closed states are final
    assert {e for (_a, e) in TRANSITIONS} == set(RequestEvent)
    assert RequestState.ADMITTED.is_closed and RequestState.CLOSED.is_closed
