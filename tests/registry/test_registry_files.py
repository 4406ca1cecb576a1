"""Import and export through the database: a round trip in JSON and CSV gives the same
records, an import is all or nothing, and bad input names the field."""

from __future__ import annotations

import pytest
from registry_world import World, make_record

from regioplan.errors import ValidationError
from regioplan.initiatives.registry_files import bundled_registry, parse_csv, parse_json, render
from regioplan.placement import ConflictError, ForbiddenError
from regioplan.registry import OPERATOR, RegistryService, parse_record


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_export_and_import_round_trip_through_the_database(world: World, kind: str) -> None:
    reg = world.registry
    reg.seed()
    reg.create(world.users_a["referrer"], make_record("own-one", lessons=["semi; colon"]))
    exported = reg.records(OPERATOR)
    text = render(exported, kind)
    again = (parse_json if kind == "json" else parse_csv)(text, source=f"export.{kind}")
    assert again == exported
    # into a fresh database: the same records, the same file
    from regioplan.store import open_database

    with open_database("sqlite://") as other:
        fresh = RegistryService(other)
        result = fresh.import_records(OPERATOR, again)
        assert len(result.created) == len(exported)
        assert fresh.records(OPERATOR) == exported
        assert render(fresh.records(OPERATOR), kind) == text


def test_an_import_is_all_or_nothing(world: World) -> None:
    reg = world.registry
    gp = world.users_a["referrer"]
    reg.create(gp, make_record("exists"))
    before = reg.records(OPERATOR)
    with pytest.raises(ValidationError) as err:
        reg.import_records(gp, [make_record("new-one"), make_record("exists")])
    assert err.value.problems[0].field == "initiatives[1].id"
    assert reg.records(OPERATOR) == before
    # replace: the existing entry gets a new version, the new one is created
    result = reg.import_records(
        gp, [make_record("new-one"), make_record("exists", summary="imported")], replace=True
    )
    assert result.created == ("new-one",) and result.updated == ("exists",)
    assert [v.action for v in reg.history(gp, "exists")] == ["create", "import"]
    # another organisation may not replace ours (a private one it cannot even see: 409, a
    # public one: 403); nothing of its import lands
    other = world.users_b["referrer"]
    with pytest.raises(ConflictError, match="cannot see"):
        reg.import_records(
            other, [make_record("b-new"), make_record("exists", summary="x")], replace=True
        )
    reg.set_public(gp, "new-one", True)
    with pytest.raises(ForbiddenError):
        reg.import_records(
            other, [make_record("b-new"), make_record("new-one", summary="x")], replace=True
        )
    assert "b-new" not in {s.id for s in reg.entries(OPERATOR)}
    assert reg.get(gp, "exists").record.summary == "imported"


def test_bad_input_names_every_field() -> None:
    raw = make_record("ok").to_dict() | {"stage": "flying", "municipalities": ["GM9999"]}
    raw["domains"] = []
    with pytest.raises(ValidationError) as err:
        parse_record(raw, source="form")
    fields = sorted(p.field for p in err.value.problems)
    assert fields == ["domains", "municipalities", "stage"]
    assert all(p.source == "form" for p in err.value.problems)
    real = bundled_registry()[0].to_dict() | {"sources": []}
    with pytest.raises(ValidationError, match="public source"):
        parse_record(real)
