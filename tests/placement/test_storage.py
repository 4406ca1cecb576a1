"""The placement schema on SQLite and PostgreSQL: migration up and down, the tables equal the
migration, and the audit log is append-only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from conftest import World
from regioplan.errors import StorageError
from regioplan.placement.tables import TABLES, audit
from regioplan.store import Database, metadata, open_database
from regioplan.store.database import alembic_config

PLACEMENT = {t.name for t in TABLES}


def _head() -> str:
    """The head of the one history (later capabilities add revisions after placement's)."""
    from alembic.script import ScriptDirectory

    head: str = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return head


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_upgrade_and_downgrade_on_each_backend(db_url: str) -> None:
    with open_database(db_url) as db:
        assert db.revision() == _head()
        assert _tables(db) >= PLACEMENT
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
            indexes = {i["name"]: i for i in sa.inspect(conn).get_indexes("placement_holds")}
        assert indexes["uq_placement_holds_active_unit"]["unique"]
        assert indexes["uq_placement_holds_active_request"]["unique"]
        with db.engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0001")
        assert db.revision() == "0001"
        assert not (PLACEMENT & _tables(db))
        assert {"datasets", "providers"} <= _tables(db)
        db.migrate()
        assert db.revision() == _head() and _tables(db) >= PLACEMENT


def test_the_audit_log_is_append_only(world: World) -> None:
    """On each backend a trigger refuses UPDATE and DELETE of audit rows (PostgreSQL also
    TRUNCATE), whoever asks; inserting stays possible."""
    db = world.service.db
    count = len(world.service.audit_log(world.admin, limit=1000))
    assert count > 0
    for statement in (
        audit.update().values(action="tampered"),
        audit.delete(),
    ):
        with pytest.raises(StorageError, match="append-only"), db.transaction() as conn:
            conn.execute(statement)
    if db.dialect == "postgresql":
        with pytest.raises(StorageError, match="append-only"), db.transaction() as conn:
            conn.execute(sa.text("TRUNCATE placement_audit"))
    after = world.service.audit_log(world.admin, limit=1000)
    assert len(after) == count and all(e.action != "tampered" for e in after)


def test_every_write_has_its_audit_row_and_event_in_its_transaction(world: World) -> None:
    """A write that fails rolls back its audit row and event with it."""
    s = world.service
    before = (len(s.audit_log(world.admin, limit=1000)), s.last_event_id())
    rid = world.request()
    unit = world.unit()
    s.place_hold(world.gp, rid, unit)
    with pytest.raises(Exception):  # noqa: B017 - any refusal; nothing may be written
        s.place_hold(world.gp, world.request(reference="R-9"), unit)
    audit_rows = s.audit_log(world.admin, limit=1000)
    assert [e.action for e in audit_rows[before[0] :]] == [
        "request.submit",
        "request.hold",
        "request.submit",
    ]
    assert [e.kind for e in s.events_since(None, before[1])] == [
        "request.submit",
        "request.hold",
        "request.submit",
    ]
    ids = [e.id for e in s.events_since(None, 0, limit=1000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


@pytest.mark.parametrize("who", ["gp", "coordinator"])
def test_request_lists_read_the_newest_from_an_index(world: World, who: str) -> None:
    """A referrer's and a coordinator's list (newest first) come from an index in that order,
    with no sort of the organisation's or region's whole history (revision 0004)."""
    s = world.service
    for i in range(30):
        world.request(reference=f"R-{i}")
    sent: list[tuple[str, object]] = []

    def keep(
        _conn: object, _cursor: object, statement: str, parameters: object, *_: object
    ) -> None:
        if "ORDER BY placement_requests.created_at DESC" in statement:
            sent.append((statement, parameters))

    sa.event.listen(s.db.engine, "before_cursor_execute", keep)
    try:
        s.list_requests(getattr(world, who), limit=20)
    finally:
        sa.event.remove(s.db.engine, "before_cursor_execute", keep)
    statement, parameters = sent[0]
    with s.db.engine.connect() as conn:
        if s.db.dialect == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")  # a table this small is tiny
            plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars())
            assert "_newest" in plan and "Sort" not in plan, plan
        else:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            plan = "\n".join(str(r[-1]) for r in rows)
            assert "_newest" in plan and "TEMP B-TREE" not in plan, plan
