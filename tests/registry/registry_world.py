"""The registry tests' small world: two organisations with a user of every role, and test
records (marked test data: they never ship)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from regioplan.initiatives.registry import InitiativeRecord
from regioplan.placement import ROLES, PlacementConfig, PlacementService, User
from regioplan.registry import RegistryService
from regioplan.store import Database, FixedClock

T0 = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
FAST = PlacementConfig(argon2_time_cost=1, argon2_memory_kib=8)


@dataclass
class World:
    """Two organisations (A in ZK24, B in ZK08) with a user of every role each."""

    registry: RegistryService
    placement: PlacementService
    clock: FixedClock
    org_a: int
    org_b: int
    users_a: dict[str, User]
    users_b: dict[str, User]


def build_world(db: Database, clock: FixedClock) -> World:
    p = PlacementService(db, FAST)
    a = p.add_organisation(
        None, name="Huisartsenpraktijk Voorbeeld A", kind="gp_practice", region="ZK24",
        municipality="GM0505",
    ).id  # fmt: skip
    b = p.add_organisation(
        None, name="Zorggroep Voorbeeld B", kind="care_org", region="ZK08", municipality="GM0080"
    ).id

    def people(org: int, suffix: str) -> dict[str, User]:
        return {
            role: p.add_user(
                None,
                username=f"{role.replace('_', '-')}-{suffix}",
                password=PASSWORD,
                role=role,
                organisation_id=org,
            )
            for role in ROLES
        }

    return World(RegistryService(db), p, clock, a, b, people(a, "a"), people(b, "b"))


def make_record(record_id: str = "test-pilot", **changes: Any) -> InitiativeRecord:
    """A record for tests: clearly test data (never ships), in Dordrecht (GM0505)."""
    values: dict[str, Any] = {
        "id": record_id,
        "name": f"Test entry {record_id} (test data)",
        "summary": "An entry made by the tests; not a real initiative.",
        "municipalities": ["GM0505"],
        "type": "task_reallocation",
        "domains": ["gp_care"],
        "stage": "pilot",
        "stage_history": [{"stage": "pilot", "since": "2026-01"}],
        "public": False,
        "test_data": True,
    }
    values.update(changes)
    return InitiativeRecord.model_validate(values)
