"""The token cache: a serving process keeps checked tokens only while it hears every revocation.

The cache's rules on their own (a fake monotonic clock), then two services on one PostgreSQL
database -- two server processes as far as the cache can tell -- where a revocation, a block
or a password change through one must end the other's kept token.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from conftest import FAST, PASSWORD, World
from regioplan.placement import AuthenticationError, PlacementService, User
from regioplan.placement.token_cache import TokenCache
from regioplan.store import open_database
from regioplan.web.placement_app import create_placement_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

ON_POSTGRES = pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgres)]
)
"""Notifications are PostgreSQL's: these run there only (skipped with the reason when absent)."""
ON_SQLITE = pytest.mark.parametrize("backend", ["sqlite"])

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(hours=1)
GP = User(7, "gp1", "referrer", 3, "Huisartsenpraktijk Example", "ZK24", True, False)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def listening_cache(seconds: float = 60.0, size: int = 100) -> tuple[TokenCache, Ticks]:
    ticks = Ticks()
    cache = TokenCache(seconds, size=size, clock=ticks)
    cache._set_listening(True)  # as the listener does once LISTEN holds
    return cache, ticks


def test_nothing_is_kept_while_not_listening() -> None:
    cache = TokenCache()
    cache.put("api", "d1", GP, LATER, cache.generation)
    assert cache.get("api", "d1", NOW) is None and len(cache) == 0


def test_a_kept_token_is_given_until_it_expires_or_is_kept_too_long() -> None:
    cache, ticks = listening_cache(seconds=60)
    cache.put("api", "d1", GP, LATER, cache.generation)
    assert cache.get("api", "d1", NOW) == GP
    assert cache.get("session", "d1", NOW) is None  # an API token is not a session
    assert cache.get("api", "d1", LATER) is None  # expired by the service's clock
    ticks.t += 61
    assert cache.get("api", "d1", NOW) is None  # kept longer than the cache's seconds


def test_an_answer_read_before_a_forgetting_is_not_kept() -> None:
    """A check that read the database before a revocation committed keeps nothing."""
    cache, _ = listening_cache()
    before = cache.generation
    cache.forget()  # the revocation's notification came while the check was reading
    cache.put("api", "d1", GP, LATER, before)
    assert cache.get("api", "d1", NOW) is None


def test_stopping_forgets_and_keeps_nothing_more() -> None:
    cache, _ = listening_cache()
    cache.put("api", "d1", GP, LATER, cache.generation)
    cache.stop()
    assert not cache.listening and len(cache) == 0
    cache.put("api", "d2", GP, LATER, cache.generation)
    assert cache.get("api", "d2", NOW) is None


def test_the_oldest_goes_first_when_full_and_zero_seconds_keeps_nothing() -> None:
    cache, _ = listening_cache(size=2)
    for digest in ("d1", "d2", "d3"):
        cache.put("api", digest, GP, LATER, cache.generation)
    assert len(cache) == 2 and cache.get("api", "d1", NOW) is None
    assert cache.get("api", "d3", NOW) == GP
    off, _ = listening_cache(seconds=0)
    off.put("api", "d1", GP, LATER, off.generation)
    assert len(off) == 0


@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("check"), st.sampled_from(["a", "b", "c"]), st.booleans()),
            st.tuples(st.just("forget"), st.just(""), st.just(False)),
        ),
        max_size=40,
    )
)
def test_no_token_is_given_out_that_was_read_before_the_last_forgetting(
    steps: list[tuple[str, str, bool]],
) -> None:
    """Checks (each reading the 'database' at some point, possibly before a forgetting that
    lands while it reads) and forgettings in any order: whatever the cache gives was read
    after the last forgetting."""
    cache, _ = listening_cache()
    read_in_epoch: dict[str, int] = {}
    epoch = 0
    pending: list[tuple[str, int, int]] = []  # (digest, generation noted, epoch read in)
    for kind, digest, lands_later in steps:
        if kind == "forget":
            cache.forget()
            epoch += 1
        else:
            pending.append((digest, cache.generation, epoch))
            if not lands_later:
                for d, generation, read in pending:
                    cache.put("api", d, GP, LATER, generation)
                    if cache.get("api", d, NOW) is not None:
                        read_in_epoch[d] = read
                pending.clear()
        for d in ("a", "b", "c"):
            if cache.get("api", d, NOW) is not None:
                assert read_in_epoch[d] == epoch


# ---------------------------------------------------------------------- two processes, one database


def wait_until(condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Statements:
    """Counts the statements a service sends to its database."""

    def __init__(self, service: PlacementService) -> None:
        self.count = 0
        sa.event.listen(service.db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self.count += 1


@pytest.fixture
def pg_pair(world: World) -> Iterator[tuple[World, PlacementService]]:
    """The world's service (process A) and a second service on the same PostgreSQL database
    (process B), both listening."""
    a = world.service
    other = PlacementService(open_database(a.db.url, clock=world.clock), FAST)
    a.tokens.start(a.db)
    other.tokens.start(other.db)
    try:
        assert wait_until(lambda: a.tokens.listening and other.tokens.listening)
        yield world, other
    finally:
        a.tokens.stop()
        other.tokens.stop()
        other.db.close()


@ON_POSTGRES
def test_a_listening_process_answers_a_kept_token_without_the_database(
    pg_pair: tuple[World, PlacementService],
) -> None:
    world, b = pg_pair
    token = world.service.issue_api_token(world.gp)
    seen = Statements(b)
    assert b.authenticate(token).username == "gp1"
    first = seen.count
    assert first >= 1
    for _ in range(5):
        assert b.authenticate(token).username == "gp1"
        assert b.kept_user(token) is not None
    assert seen.count == first


@ON_POSTGRES
@pytest.mark.parametrize("how", ["revoke", "block", "password"])
def test_a_revocation_in_one_process_ends_the_token_kept_by_the_other(
    pg_pair: tuple[World, PlacementService], how: str
) -> None:
    world, b = pg_pair
    a = world.service
    token = a.issue_api_token(world.gp)
    assert b.authenticate(token).username == "gp1"
    assert b.kept_user(token) is not None
    if how == "revoke":
        a.revoke(token)
    elif how == "block":
        a.set_user_active(world.admin, world.gp.id, False)
    else:
        a.change_password(world.gp, PASSWORD, "an entirely new passphrase")
    assert a.kept_user(token) is None  # the writing process forgot at its commit
    assert wait_until(lambda: b.kept_user(token) is None)  # the other when notified
    with pytest.raises(AuthenticationError):
        b.authenticate(token)


@ON_POSTGRES
def test_a_password_change_keeps_the_callers_own_token_valid(
    pg_pair: tuple[World, PlacementService],
) -> None:
    world, b = pg_pair
    a = world.service
    mine, other = a.issue_api_token(world.gp), a.issue_api_token(world.gp)
    assert b.authenticate(other) and b.authenticate(mine)
    a.change_password(world.gp, PASSWORD, "an entirely new passphrase", keep=mine)
    assert wait_until(lambda: b.kept_user(other) is None)
    assert b.authenticate(mine).username == "gp1"
    with pytest.raises(AuthenticationError):
        b.authenticate(other)


@ON_POSTGRES
def test_a_stopped_cache_asks_the_database_every_time(
    pg_pair: tuple[World, PlacementService],
) -> None:
    world, b = pg_pair
    token = world.service.issue_api_token(world.gp)
    b.tokens.stop()
    seen = Statements(b)
    b.authenticate(token)
    b.authenticate(token)
    assert seen.count == 2 and b.kept_user(token) is None


@ON_SQLITE
def test_sqlite_keeps_nothing(world: World) -> None:
    s = world.service
    s.tokens.start(s.db)
    token = s.issue_api_token(world.gp)
    seen = Statements(s)
    s.authenticate(token)
    s.authenticate(token)
    assert not s.tokens.listening and seen.count >= 2 and s.kept_user(token) is None


def test_signing_out_on_one_server_ends_the_token_on_the_other(backend: str, world: World) -> None:
    """Two apps (server processes) on one database: a token one of them keeps is refused
    there (401) once it signed out on the other; on SQLite nothing is kept in the first place."""
    second = PlacementService(open_database(world.service.db.url, clock=world.clock), FAST)
    app_a, app_b = create_placement_app(world.service), create_placement_app(second)
    try:
        with TestClient(app_a) as a, TestClient(app_b) as b:
            if backend == "postgresql":
                assert wait_until(lambda: second.tokens.listening)
            answer = a.post("/api/placement/tokens", json={"username": "gp1", "password": PASSWORD})
            headers = {"Authorization": f"Bearer {answer.json()['token']}"}
            assert b.get("/api/placement/me", headers=headers).status_code == 200
            assert (len(second.tokens) == 1) is (backend == "postgresql")
            assert a.delete("/api/placement/tokens/current", headers=headers).status_code == 204
            assert wait_until(lambda: len(second.tokens) == 0)
            gone = b.get("/api/placement/availability", headers=headers)
            assert gone.status_code == 401 and gone.json()["error"]["status"] == 401
    finally:
        second.db.close()


@ON_POSTGRES
def test_a_lost_listener_keeps_nothing_until_it_listens_again(
    pg_pair: tuple[World, PlacementService],
) -> None:
    """The listener's connection is killed (as when the database restarts): the process forgets
    what it kept and asks the database, until it listens again by itself."""
    world, b = pg_pair
    token = world.service.issue_api_token(world.gp)
    b.authenticate(token)
    assert b.kept_user(token) is not None
    pid = b.tokens.backend_pid
    assert pid is not None
    with world.service.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    assert wait_until(lambda: not b.tokens.listening or b.tokens.backend_pid != pid)
    assert wait_until(lambda: b.tokens.listening and b.tokens.backend_pid not in (None, pid))
    assert b.kept_user(token) is None  # forgotten when the connection was lost
    assert b.authenticate(token).username == "gp1"
    assert b.kept_user(token) is not None  # kept again now that it listens
