"""Hypothesis drives the service with random referrers, coordinators and bed managers and a
moving clock; after every step the invariants hold:

- at most one hold claims a bed unit, and a request, at any time (expiry judged by the clock);
- a request's state agrees with its holds (held <-> a live 'held' hold, accepted <-> an
  'accepted' one, admitted <-> an admitted or discharged one);
- held beds never exceed the available ones of a location, offerable is never negative;
- every transition in the audit log is one of TRANSITIONS, from the state the last one left.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from conftest import T0, World, clone_world
from regioplan.errors import ValidationError
from regioplan.placement import (
    TRANSITIONS,
    ConflictError,
    RequestEvent,
    RequestInput,
    RequestState,
)
from regioplan.placement.tables import bed_units, holds, locations, requests
from regioplan.store import FixedClock

REFUSED = (ConflictError, ValidationError)
DECISIONS = ("accept", "decline", "admit", "accept_and_admit")
SEEN: set[str] = set()
"""Audit actions seen over all examples: the run must have exercised every transition."""


class PlacementMachine(RuleBasedStateMachine):
    template: tuple[Path, dict[str, int]]
    request_ids = Bundle("requests")

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.clock = FixedClock(T0)
        self.world: World = clone_world(self.template, Path(self.dir.name) / "w.sqlite", self.clock)
        with self.world.service.db.transaction(write=False) as conn:
            self.units = list(
                conn.execute(
                    sa.select(bed_units.c.id).where(bed_units.c.bed_type == "elv_high")
                ).scalars()
            )
        self.managers = {
            self.world.care_org: self.world.manager,
            self.world.other_care_org: self.world.other_manager,
        }
        self.count = 0

    def teardown(self) -> None:
        for e in self.world.service.audit_log(self.world.admin, limit=1000):
            SEEN.add(e.action)
        self.world.service.db.close()
        self.dir.cleanup()

    @rule(
        target=request_ids,
        own=st.booleans(),
        care=st.sampled_from(["elv_high", "elv_high", "elv_high", "palliative"]),
    )
    def submit(self, own: bool, care: str) -> int:
        self.count += 1
        user = self.world.gp if own else self.world.other_gp
        created = self.world.service.submit_request(
            user,
            RequestInput(
                reference=f"R-{self.count}",
                care_type=care,
                urgency="same_day",
                municipality="GM0505",
                needs=("dementia",),
            ),
        )
        return created.id

    @rule(request=request_ids, pick=st.integers(min_value=0, max_value=100))
    def hold(self, request: int, pick: int) -> None:
        unit = self.units[pick % len(self.units)]
        with contextlib.suppress(REFUSED):
            self.world.service.place_hold(self.world.coordinator, request, unit)

    def _live_holds(self, statuses: tuple[str, ...]) -> list[tuple[int, int]]:
        """(hold id, receiving organisation) of the holds in `statuses`, oldest first."""
        with self.world.service.db.transaction(write=False) as conn:
            rows = conn.execute(
                sa.select(holds.c.id, locations.c.organisation_id)
                .join(bed_units, bed_units.c.id == holds.c.bed_unit_id)
                .join(locations, locations.c.id == bed_units.c.location_id)
                .where(holds.c.status.in_(statuses))
                .order_by(holds.c.id)
            ).all()
        return [(r.id, r.organisation_id) for r in rows]

    @rule(pick=st.integers(min_value=0, max_value=100), decision=st.sampled_from(DECISIONS))
    def decide(self, pick: int, decision: str) -> None:
        """The receiving bed manager decides on a hold (possibly one that has lapsed)."""
        found = self._live_holds(("held", "accepted"))
        if not found:
            return
        hold_id, org = found[pick % len(found)]
        manager = self.managers[org]
        s = self.world.service
        try:
            if decision == "accept":
                s.accept_hold(manager, hold_id)
            elif decision == "decline":
                s.decline_hold(manager, hold_id, "no_staff")
            elif decision == "admit":
                s.admit(manager, hold_id)
            else:
                s.accept_hold(manager, hold_id)
                s.admit(manager, hold_id)
        except REFUSED:
            pass

    @rule(pick=st.integers(min_value=0, max_value=100))
    def discharge(self, pick: int) -> None:
        found = self._live_holds(("admitted",))
        if found:
            hold_id, org = found[pick % len(found)]
            self.world.service.discharge(self.managers[org], hold_id)

    @rule(request=request_ids, close=st.booleans())
    def release_or_close(self, request: int, close: bool) -> None:
        s = self.world.service
        try:
            if close:
                s.close_request(self.world.gp, request, "no_longer_needed")
            else:
                s.release_hold(self.world.coordinator, request, "other")
        except REFUSED:
            pass
        except Exception as exc:  # a referrer of another practice may not close: fine
            assert type(exc).__name__ == "ForbiddenError"

    @rule(minutes=st.integers(min_value=1, max_value=45))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(dt.timedelta(minutes=minutes))

    @precondition(lambda self: self.count > 0)
    @invariant()
    def one_claim_per_unit_and_request(self) -> None:
        now = self.clock.now()
        with self.world.service.db.transaction(write=False) as conn:
            rows = conn.execute(
                sa.select(
                    holds.c.bed_unit_id, holds.c.request_id, holds.c.status, holds.c.expires_at
                )
            ).all()
            states = dict(conn.execute(sa.select(requests.c.id, requests.c.state)).all())
        live = [
            r
            for r in rows
            if r.status in ("accepted", "admitted")
            or (r.status == "held" and r.expires_at.replace(tzinfo=dt.UTC) > now)
        ]
        units = [r.bed_unit_id for r in live]
        reqs = [r.request_id for r in live]
        assert len(units) == len(set(units))
        assert len(reqs) == len(set(reqs))
        s = self.world.service
        for rid in states:
            view = s.get_request(self.world.coordinator, rid)
            statuses = {r.status for r in live if r.request_id == rid}
            expected = {
                RequestState.OPEN: set(),
                RequestState.HELD: {"held"},
                RequestState.ACCEPTED: {"accepted"},
                RequestState.CLOSED: set(),
            }
            if view.state is RequestState.ADMITTED:
                assert statuses <= {"admitted"}
                assert any(
                    r.request_id == rid and r.status in ("admitted", "discharged") for r in rows
                )
            else:
                assert statuses == expected[view.state], (rid, view.state, statuses)
        for figure in s.availability(self.world.coordinator):
            assert 0 <= figure.offerable <= figure.available
            assert figure.held <= figure.available

    def check_audit(self) -> None:
        entries = self.world.service.audit_log(self.world.admin, object_type="request", limit=1000)
        last: dict[int, RequestState] = {}
        for e in entries:
            event = e.action.removeprefix("request.")
            if event in ("submit", "pseudonymise"):
                last[e.object_id or 0] = RequestState.OPEN
                continue
            assert e.before is not None and e.after is not None
            before = RequestState(e.before["state"])
            assert last[e.object_id or 0] is before, e
            after = TRANSITIONS[(before, RequestEvent(event))]
            assert after.value == e.after["state"]
            last[e.object_id or 0] = after

    @invariant()
    def audit_transitions_are_legal(self) -> None:
        self.check_audit()


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_the_invariants_hold_under_random_use(
    world_template: tuple[Path, dict[str, int]],
) -> None:
    PlacementMachine.template = world_template
    run_state_machine_as_test(
        PlacementMachine,
        settings=settings(
            max_examples=15,
            derandomize=True,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    wanted = {f"request.{e.value}" for e in RequestEvent} | {"hold.discharge"}
    assert wanted <= SEEN, (sorted(wanted - SEEN), sorted(SEEN))
