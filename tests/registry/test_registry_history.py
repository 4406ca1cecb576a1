"""History: every change is a kept version (who, when, what), the versions are append-only,
writers cannot overwrite each other, and every write has its audit row."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from registry_world import World, make_record

from regioplan.errors import StorageError
from regioplan.placement import ConflictError
from regioplan.placement.tables import audit
from regioplan.registry import OPERATOR, diff
from regioplan.registry.tables import versions


def test_every_change_is_kept_with_who_when_and_what(world: World) -> None:
    reg = world.registry
    gp = world.users_a["referrer"]
    reg.create(gp, make_record("kept"))
    world.clock.advance(dt.timedelta(days=1))
    first = reg.get(gp, "kept")
    body = first.record.to_dict()
    body["stage"] = "running"
    body["stage_history"] = [*body["stage_history"], {"stage": "running", "since": "2026-11"}]
    running = type(first.record).model_validate(body)
    reg.update(gp, "kept", running, expected_version=1)
    world.clock.advance(dt.timedelta(hours=2))
    reg.set_public(world.users_a["coordinator"], "kept", True)
    world.clock.advance(dt.timedelta(hours=1))
    coach = world.users_b["programme_coach"]
    reg.update(coach, "kept", reg.get(coach, "kept").record.model_copy(update={"lessons": ("x",)}))
    history = reg.history(None, "kept")  # public now: anyone reads its history
    assert [(v.version, v.action, v.user) for v in history] == [
        (1, "create", "referrer-a"),
        (2, "update", "referrer-a"),
        (3, "publish", "coordinator-a"),
        (4, "update", "programme-coach-b"),
    ]
    assert [v.at - history[0].at for v in history] == [
        dt.timedelta(0),
        dt.timedelta(days=1),
        dt.timedelta(days=1, hours=2),
        dt.timedelta(days=1, hours=3),
    ]
    assert history[1].changes["stage"] == {"before": "pilot", "after": "running"}
    assert set(history[1].changes) == {"stage", "stage_history"}
    assert history[2].changes == {"public": {"before": False, "after": True}}
    assert history[3].organisation == "Zorggroep Voorbeeld B"
    assert history[0].record.stage.value == "pilot" and history[-1].record.lessons == ("x",)
    assert reg.get(None, "kept").version == 4
    with world.registry.db.transaction(write=False) as conn:
        actions = conn.execute(
            sa.select(audit.c.action, audit.c.user_id)
            .where(audit.c.object_type == "initiative")
            .order_by(audit.c.id)
        ).all()
    assert [a for a, _ in actions] == [
        "initiative.create",
        "initiative.update",
        "initiative.publish",
        "initiative.update",
    ]
    assert actions[0][1] == world.users_a["referrer"].id


def test_an_unchanged_save_writes_nothing(world: World) -> None:
    reg = world.registry
    made = reg.create(OPERATOR, make_record("same"))
    assert reg.update(OPERATOR, "same", made.record).version == 1
    assert len(reg.history(OPERATOR, "same")) == 1


def test_a_stale_version_is_refused_and_changes_nothing(world: World) -> None:
    reg = world.registry
    gp, colleague = world.users_a["referrer"], world.users_a["coordinator"]
    made = reg.create(gp, make_record("race"))
    reg.update(
        colleague, "race", made.record.model_copy(update={"summary": "first"}), expected_version=1
    )
    with pytest.raises(ConflictError, match="changed meanwhile"):
        reg.update(
            gp, "race", made.record.model_copy(update={"summary": "second"}), expected_version=1
        )
    assert reg.get(gp, "race").record.summary == "first"
    assert len(reg.history(gp, "race")) == 2


def test_the_id_cannot_change_and_a_taken_id_is_a_conflict(world: World) -> None:
    reg = world.registry
    made = reg.create(OPERATOR, make_record("fixed"))
    with pytest.raises(Exception, match="cannot change"):
        reg.update(OPERATOR, "fixed", made.record.model_copy(update={"id": "moved"}))
    with pytest.raises(ConflictError, match="exists"):
        reg.create(OPERATOR, make_record("fixed"))


def test_versions_are_append_only(world: World) -> None:
    reg = world.registry
    reg.create(OPERATOR, make_record("locked"))
    for statement in (versions.update().values(action="update"), versions.delete()):
        with pytest.raises(StorageError, match="append-only"), reg.db.transaction() as conn:
            conn.execute(statement)
    if reg.db.dialect == "postgresql":
        with pytest.raises(StorageError, match="append-only"), reg.db.transaction() as conn:
            conn.execute(sa.text("TRUNCATE registry_versions"))
    with pytest.raises(StorageError), reg.db.transaction() as conn:
        conn.execute(
            versions.insert().values(
                initiative_id=1,
                version=1,
                at=world.clock.now(),
                action="update",
                record={},
                changes={},
            )
        )  # the same version twice: the unique constraint
    assert len(reg.history(OPERATOR, "locked")) == 1


STAGES = ("idea", "preparation", "pilot", "running", "scaled_up", "stopped")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(STAGES), st.sampled_from(["", "a lesson", "another"])),
        min_size=1,
        max_size=6,
    )
)
def test_replaying_the_changes_rebuilds_every_version(
    world: World, steps: list[tuple[str, str]]
) -> None:
    """Whatever edits are made, the history has one version per effective change, each
    version's snapshot is the saved record, and applying the kept changes in order to nothing
    rebuilds every snapshot."""
    reg = world.registry
    rid = f"h-{abs(hash(tuple(steps))) % 10**9}"
    if rid in {s.id for s in reg.entries(OPERATOR)}:
        return
    saved = [reg.create(OPERATOR, make_record(rid)).record]
    for stage, lesson in steps:
        base = saved[-1].model_dump(mode="json")
        base.update(
            stage=stage, stage_history=[{"stage": stage}], lessons=[lesson] if lesson else []
        )
        record = type(saved[-1]).model_validate(base)
        reg.update(OPERATOR, rid, record)
        if diff(saved[-1].to_dict(), record.to_dict()):
            saved.append(record)
    history = reg.history(OPERATOR, rid)
    assert [v.record for v in history] == saved
    state: dict[str, object] = {}
    for v in history:
        for key, change in v.changes.items():
            state[key] = change["after"]
        assert state == v.record.to_dict()
