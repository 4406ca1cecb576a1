"""The registry schema on SQLite and PostgreSQL: migration up and down, the tables equal the
migration, the role programme_coach is stored, and the bundled real initiatives load once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from registry_world import FAST, PASSWORD, World

from regioplan.errors import StorageError
from regioplan.initiatives.registry_files import bundled_registry
from regioplan.placement import PlacementService
from regioplan.registry import OPERATOR, Filters, RegistryService
from regioplan.registry.tables import TABLES
from regioplan.store import Database, metadata, open_database
from regioplan.store.database import alembic_config

REGISTRY = {t.name for t in TABLES}


def _head() -> str:
    from alembic.script import ScriptDirectory

    head: str = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return head


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_upgrade_and_downgrade_on_each_backend(db_url: str) -> None:
    with open_database(db_url) as db:
        assert db.revision() == _head()
        assert _tables(db) >= REGISTRY
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        RegistryService(db).seed()
        with db.engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0002")
        assert db.revision() == "0002"
        assert not (REGISTRY & _tables(db))
        assert "placement_users" in _tables(db)
        db.migrate()
        assert db.revision() == _head() and _tables(db) >= REGISTRY
        assert RegistryService(db).seed().added == len(bundled_registry())


def test_the_role_check_takes_a_programme_coach_and_nothing_unknown(db_url: str) -> None:
    """Revision 0003 widens the users' role check on both backends (SQLite: in place, the
    foreign keys of the other placement tables untouched); a downgrade with a coach is
    refused and changes nothing."""
    with open_database(db_url) as db:
        p = PlacementService(db, FAST)
        org = p.add_organisation(
            None, name="Programma", kind="other", region="ZK24", municipality="GM0505"
        )
        coach = p.add_user(
            None,
            username="coach",
            password=PASSWORD,
            role="programme_coach",
            organisation_id=org.id,
        )
        assert p.login("coach", PASSWORD).role == "programme_coach"
        with pytest.raises(StorageError, match=r"(?i)check"), db.transaction() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO placement_users (username, organisation_id, role, "
                    "password_hash, active, created_at) VALUES ('x', :o, 'emperor', 'h', "
                    "true, CURRENT_TIMESTAMP)"
                ),
                {"o": org.id},
            )
        with pytest.raises(RuntimeError, match="programme_coach"), db.engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0002")
        assert db.revision() == _head()
        assert p.user("coach").id == coach.id
        if db.dialect == "sqlite":
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_seeding_is_idempotent_and_keeps_edits(world: World) -> None:
    reg = world.registry
    bundled = bundled_registry()
    first = reg.seed()
    assert len(first.created) == len(bundled) == len(reg.entries(OPERATOR))
    assert all(s.organisation_id is None for s in reg.entries(OPERATOR))
    assert {s.id for s in reg.entries(None)} == {r.id for r in bundled if r.public}
    again = reg.seed()
    assert again.created == () and len(again.unchanged) == len(bundled)
    # a coach edits one entry; a newer bundled version of another arrives
    coach = world.users_a["programme_coach"]
    edited, renewed = bundled[0], bundled[1]
    reg.update(coach, edited.id, edited.model_copy(update={"contact": "programme office"}))
    newer = [
        r.model_copy(update={"known_facts_note": r.known_facts_note + " Checked again."})
        if r.id in (edited.id, renewed.id)
        else r
        for r in bundled
    ]
    third = reg.seed(newer)
    assert third.kept == (edited.id,) and third.updated == (renewed.id,)
    assert reg.get(OPERATOR, edited.id).record.contact == "programme office"
    assert [v.action for v in reg.history(OPERATOR, renewed.id)] == ["seed", "seed"]


def test_filters_by_region_type_and_stage(world: World) -> None:
    reg = world.registry
    reg.seed()
    from regioplan.regions import select_region

    zeeland = select_region("ZK27").municipality_codes
    found = reg.entries(None, Filters(municipalities=tuple(zeeland)))
    assert found and all(set(s.record.municipalities) & set(zeeland) for s in found)
    expected = [r.id for r in bundled_registry() if set(r.municipalities) & set(zeeland)]
    assert sorted(s.id for s in found) == sorted(expected)
    pilots = reg.entries(None, Filters(stage=bundled_registry()[0].stage))
    assert {s.record.stage for s in pilots} == {bundled_registry()[0].stage}
