"""Passwords, tokens, sessions, CSRF and the login limit (which lives in the database)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from conftest import FAST, PASSWORD, World
from regioplan.errors import ValidationError
from regioplan.placement import AuthenticationError, ForbiddenError, RateLimitedError, auth
from regioplan.placement.tables import tokens, users


def test_passwords_are_argon2id_hashes_that_verify() -> None:
    hashed = auth.hash_password("a long passphrase", FAST)
    assert hashed.startswith("$argon2id$")
    assert auth.verify_password(hashed, "a long passphrase", FAST)
    assert not auth.verify_password(hashed, "a long passphrasE", FAST)
    assert not auth.verify_password("not a hash", "x", FAST)
    assert auth.hash_password("a long passphrase", FAST) != hashed  # salted
    assert auth.needs_rehash(hashed, auth.PlacementConfig()) is True
    assert auth.password_problem("short") is not None
    assert auth.password_problem("long enough!") is None


def test_the_production_hashing_cost_is_the_default() -> None:
    """The other tests hash cheaply (conftest.FAST); the default config hashes at the
    production cost (argon2id, 64 MiB, 3 passes), verifies, and needs no rehash."""
    production = auth.PlacementConfig()
    hashed = auth.hash_password("a long passphrase", production)
    assert hashed.startswith("$argon2id$") and "m=65536,t=3" in hashed
    assert auth.verify_password(hashed, "a long passphrase", production)
    assert auth.needs_rehash(hashed, production) is False
    assert auth.needs_rehash(hashed, FAST) is True


def test_the_database_keeps_only_hashes(world: World) -> None:
    s = world.service
    token = s.create_api_token("gp1", PASSWORD)
    with s.db.transaction(write=False) as conn:
        stored = conn.execute(sa.select(tokens.c.token_hash)).scalars().all()
        pw = conn.execute(
            sa.select(users.c.password_hash).where(users.c.username == "gp1")
        ).scalar_one()
    assert token not in stored and auth.token_hash(token) in stored
    assert PASSWORD not in pw
    assert all(token not in str(e.after) for e in s.audit_log(world.admin, limit=1000))


def test_tokens_authenticate_until_they_expire_or_are_revoked(world: World) -> None:
    s = world.service
    token = s.issue_api_token(world.gp, days=1)
    assert s.authenticate(token).username == "gp1"
    with pytest.raises(AuthenticationError):
        s.authenticate(token, kind="session")  # an API token is not a session
    world.clock.advance(dt.timedelta(days=1))
    with pytest.raises(AuthenticationError, match="expired"):
        s.authenticate(token)
    other = s.issue_api_token(world.gp)
    s.revoke(other)
    with pytest.raises(AuthenticationError, match="revoked"):
        s.authenticate(other)
    with pytest.raises(AuthenticationError):
        s.authenticate(None)


def test_blocking_a_user_revokes_its_tokens(world: World) -> None:
    s = world.service
    token = s.issue_api_token(world.gp)
    s.set_user_active(world.admin, world.gp.id, False)
    with pytest.raises(AuthenticationError):
        s.authenticate(token)
    with pytest.raises(AuthenticationError):
        s.login("gp1", PASSWORD)


def test_unblocking_lets_the_user_in_again_and_nobody_blocks_themselves(world: World) -> None:
    s = world.service
    s.set_user_active(world.admin, world.gp.id, False)
    again = s.set_user_active(world.admin, world.gp.id, True)
    assert again.active and s.login("gp1", PASSWORD).username == "gp1"
    rows = s.audit_log(world.admin, object_type="user", object_id=world.gp.id)
    assert [(e.action, e.before, e.after) for e in rows[1:]] == [
        ("user.block", {"active": True}, {"active": False}),
        ("user.activate", {"active": False}, {"active": True}),
    ]
    with pytest.raises(ValidationError) as refused:
        s.set_user_active(world.admin, world.admin.id, False)
    assert refused.value.problems[0].field == "user_id"
    assert s.login("admin", PASSWORD).active
    with pytest.raises(ForbiddenError):
        s.set_user_active(world.coordinator, world.gp.id, False)


def test_sessions_carry_a_csrf_token_every_process_can_check(world: World) -> None:
    ticket = world.service.start_session("coord", PASSWORD, source="127.0.0.1")
    assert world.service.authenticate(ticket.token, kind="session").role == "coordinator"
    auth.check_csrf(ticket.token, ticket.csrf)
    assert auth.csrf_token(ticket.token) == ticket.csrf  # derived: no shared memory needed
    other = world.service.start_session("coord", PASSWORD)
    for wrong in (None, "", other.csrf, ticket.csrf[:-1]):
        with pytest.raises(ForbiddenError, match="CSRF"):
            auth.check_csrf(ticket.token, wrong)
    world.service.revoke(ticket.token)
    with pytest.raises(AuthenticationError):
        world.service.authenticate(ticket.token, kind="session")


def test_failed_logins_are_limited_per_user_name(world: World) -> None:
    s = world.service
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            s.login("gp1", "wrong password", source="10.0.0.1")
    with pytest.raises(RateLimitedError) as refused:
        s.login("gp1", PASSWORD, source="10.0.0.2")  # even the right password
    assert refused.value.http_status == 429
    assert 1 <= refused.value.retry_after <= 15 * 60 + 1
    assert s.login("coord", PASSWORD, source="10.0.0.1").username == "coord"  # others may
    world.clock.advance(dt.timedelta(minutes=15, seconds=1))
    assert s.login("gp1", PASSWORD).username == "gp1"


def test_failed_logins_are_limited_per_address(world: World) -> None:
    s = world.service
    for i in range(20):
        with pytest.raises(AuthenticationError):
            s.login(f"nobody{i}", "wrong password", source="10.9.9.9")
    with pytest.raises(RateLimitedError, match="address"):
        s.login("gp1", PASSWORD, source="10.9.9.9")
    assert s.login("gp1", PASSWORD, source="10.9.9.10").username == "gp1"


def test_a_second_service_on_the_same_database_sees_the_limit(world: World) -> None:
    """The limit is in the database: another process (here another service object with its own
    engine) refuses too."""
    from regioplan.placement import PlacementService
    from regioplan.store import Database

    s = world.service
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            s.login("gp1", "wrong password")
    other = Database(s.db.engine.url.render_as_string(hide_password=False), clock=world.clock)
    try:
        with pytest.raises(RateLimitedError):
            PlacementService(other, FAST).login("gp1", PASSWORD)
    finally:
        other.close()


def test_a_weak_hash_is_renewed_at_login(world: World) -> None:
    from regioplan.placement import PlacementConfig, PlacementService

    stronger = PlacementConfig(argon2_time_cost=2, argon2_memory_kib=16)
    PlacementService(world.service.db, stronger).login("gp1", PASSWORD)
    with world.service.db.transaction(write=False) as conn:
        pw = conn.execute(
            sa.select(users.c.password_hash).where(users.c.username == "gp1")
        ).scalar_one()
    assert "m=16,t=2" in pw


def test_a_one_time_password_must_be_changed_and_the_change_revokes_other_tokens(
    world: World,
) -> None:
    s = world.service
    fresh = s.add_user(
        world.admin,
        username="newcomer",
        password="generated once 123",
        role="referrer",
        organisation_id=world.gp.organisation_id,
        one_time=True,
    )
    assert fresh.must_change_password and s.user("newcomer").must_change_password
    assert not world.gp.must_change_password
    kept, other = s.issue_api_token(fresh), s.issue_api_token(fresh)
    session = s.start_session("newcomer", "generated once 123")
    assert s.authenticate(kept).must_change_password
    gp_token = s.issue_api_token(world.gp)

    with pytest.raises(ValidationError) as same:
        s.change_password(fresh, "generated once 123", "generated once 123")
    assert [p.field for p in same.value.problems] == ["new_password"]
    with pytest.raises(ValidationError) as weak:
        s.change_password(fresh, "generated once 123", "short")
    assert [p.field for p in weak.value.problems] == ["new_password"]
    with pytest.raises(AuthenticationError):
        s.change_password(fresh, "wrong old one", "my own passphrase")
    assert s.user("newcomer").must_change_password  # nothing changed
    assert s.authenticate(other).username == "newcomer"

    changed = s.change_password(fresh, "generated once 123", "my own passphrase", keep=kept)
    assert not changed.must_change_password and not s.user("newcomer").must_change_password
    assert not s.authenticate(kept).must_change_password  # the caller's own token stays
    for revoked, kind in ((other, "api"), (session.token, "session")):
        with pytest.raises(AuthenticationError):
            s.authenticate(revoked, kind=kind)
    assert s.authenticate(gp_token).username == "gp1"  # other users keep theirs
    assert s.login("newcomer", "my own passphrase").username == "newcomer"
    with pytest.raises(AuthenticationError):
        s.login("newcomer", "generated once 123")
    entry = s.audit_log(world.admin, object_type="user", object_id=fresh.id)[-1]
    assert entry.action == "user.password" and entry.user == "newcomer"
    assert entry.before == {"must_change_password": True}
    assert entry.after == {"must_change_password": False, "revoked_tokens": 2}
    assert "hash" not in str(entry.before) + str(entry.after)


def test_a_wrong_current_password_counts_towards_the_login_limit(world: World) -> None:
    s = world.service
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            s.change_password(world.gp, "not my password", "a new passphrase")
    with pytest.raises(RateLimitedError):
        s.change_password(world.gp, PASSWORD, "a new passphrase")
