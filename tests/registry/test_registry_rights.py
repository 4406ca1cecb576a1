"""Rights: every role x own/other organisation x public/private x action, through may() and
through the service (which must agree), and anonymous readers."""

from __future__ import annotations

import itertools

import pytest
from registry_world import World, make_record

from regioplan.placement import ROLES, ForbiddenError, NotFoundError, User
from regioplan.registry import OPERATOR, Action, Entry, Filters, may

EDITORS = {"bed_manager", "referrer", "coordinator", "administrator"}


def expected(role: str | None, action: Action, own: bool, public: bool) -> bool:
    """The rules of docs/initiatives.md, written out independently of rights.py."""
    if role is None:
        return action is Action.VIEW and public
    if role == "programme_coach":
        return True
    if action is Action.VIEW:
        return public or own or role == "administrator"
    return own and role in EDITORS


CASES = list(itertools.product([None, *ROLES], Action, [True, False], [True, False]))


@pytest.mark.parametrize(("role", "action", "own", "public"), CASES)
def test_may_follows_the_table(role: str | None, action: Action, own: bool, public: bool) -> None:
    user = None if role is None else User(1, "u", role, 10, "Org", "ZK24")
    entry = Entry(organisation_id=10 if own else 11, public=public)
    assert may(user, action, entry) is expected(role, action, own, public)


def test_programme_entries_only_for_the_coach() -> None:
    """An entry of the national programme (no organisation) is edited by a coach only."""
    entry = Entry(organisation_id=None, public=True)
    for role in ROLES:
        user = User(1, "u", role, 10, "Org", "ZK24")
        assert may(user, Action.EDIT, entry) is (role == "programme_coach")
    assert may(OPERATOR, Action.EDIT, entry)
    blocked = User(1, "u", "programme_coach", 10, "Org", "ZK24", active=False)
    assert not may(blocked, Action.EDIT, entry) and may(blocked, Action.VIEW, entry)


def test_the_service_asks_may_for_every_call(world: World) -> None:
    """For each role of organisation A: view, edit and publish an entry of A and one of B,
    each private and public; the service allows exactly what the table says."""
    reg = world.registry
    owners = {True: world.org_a, False: world.org_b}
    for own, public in itertools.product([True, False], [True, False]):
        rid = f"entry-{'own' if own else 'other'}-{'pub' if public else 'priv'}"
        reg.create(OPERATOR, make_record(rid, public=public), organisation_id=owners[own])
    for role, user in world.users_a.items():
        for own, public in itertools.product([True, False], [True, False]):
            rid = f"entry-{'own' if own else 'other'}-{'pub' if public else 'priv'}"
            if expected(role, Action.VIEW, own, public):
                assert reg.get(user, rid).id == rid
            else:
                with pytest.raises(NotFoundError):
                    reg.get(user, rid)
                continue
            current = reg.get(OPERATOR, rid)
            changed = current.record.model_copy(update={"summary": f"edited by {role}"})
            if expected(role, Action.EDIT, own, public):
                reg.update(user, rid, changed, expected_version=current.version)
                assert reg.get(OPERATOR, rid).record.summary == f"edited by {role}"
            else:
                with pytest.raises(ForbiddenError):
                    reg.update(user, rid, changed)
                assert reg.get(OPERATOR, rid).version == current.version
            if expected(role, Action.PUBLISH, own, public):
                reg.set_public(user, rid, public)  # no change: writes nothing
            else:
                with pytest.raises(ForbiddenError):
                    reg.set_public(user, rid, not public)


def test_lists_show_only_what_the_reader_may_see(world: World) -> None:
    reg = world.registry
    reg.create(OPERATOR, make_record("a-private"), organisation_id=world.org_a)
    reg.create(OPERATOR, make_record("a-public", public=True), organisation_id=world.org_a)
    reg.create(OPERATOR, make_record("b-private"), organisation_id=world.org_b)
    ids = lambda actor: sorted(s.id for s in reg.entries(actor))  # noqa: E731
    assert ids(None) == ["a-public"]
    assert ids(world.users_a["referrer"]) == ["a-private", "a-public"]
    assert ids(world.users_a["analyst"]) == ["a-private", "a-public"]
    assert ids(world.users_b["referrer"]) == ["a-public", "b-private"]
    assert ids(world.users_b["programme_coach"]) == ["a-private", "a-public", "b-private"]
    assert ids(world.users_a["administrator"]) == ["a-private", "a-public", "b-private"]
    assert ids(OPERATOR) == ["a-private", "a-public", "b-private"]
    # the filters narrow within what is visible
    assert [s.id for s in reg.entries(None, Filters(municipalities=("GM0080",)))] == []
    assert [s.id for s in reg.entries(None, Filters(municipalities=("GM0505",)))] == ["a-public"]


def test_users_create_for_their_own_organisation_only(world: World) -> None:
    reg = world.registry
    gp = world.users_a["referrer"]
    made = reg.create(gp, make_record("mine"))
    assert made.organisation_id == world.org_a and made.version == 1
    with pytest.raises(ForbiddenError):
        reg.create(gp, make_record("theirs"), organisation_id=world.org_b)
    with pytest.raises(ForbiddenError):
        reg.create(world.users_a["analyst"], make_record("read-only"))
    with pytest.raises(ForbiddenError):
        reg.create(None, make_record("anonymous", public=True))
    coach = world.users_b["programme_coach"]
    assert reg.create(coach, make_record("programme")).organisation_id is None
    assert reg.create(coach, make_record("for-a"), organisation_id=world.org_a).organisation == (
        "Huisartsenpraktijk Voorbeeld A"
    )


def test_a_programme_coach_has_no_placement_rights() -> None:
    """The role added for the registry gives nothing in placement coordination, not even on
    its own organisation's objects."""
    from regioplan.placement import Action as PlacementAction
    from regioplan.placement import Target
    from regioplan.placement import may as placement_may

    coach = User(1, "coach", "programme_coach", 10, "Programma", "ZK24")
    own = Target(organisation_id=10, region="ZK24", receiving_organisation_id=10)
    for action in PlacementAction:
        assert not placement_may(coach, action, own), action
        assert not placement_may(coach, action, None), action
