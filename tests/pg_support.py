"""PostgreSQL for the tests: the local server of the machine (127.0.0.1:5432, trust auth,
database `test`), found once per process, and a fresh schema per test. Tests that need it skip
with the reason when it is absent. Shared by the store, placement and registry tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import cache

import pytest
import sqlalchemy as sa

PG_HOST = "127.0.0.1:5432"
PG_DATABASE = "test"
PG_USERS = ("postgres", "root")


@cache
def pg_base_url() -> tuple[str | None, str]:
    """(URL of the test database, '') or (None, why it is unreachable)."""
    errors = []
    for user in PG_USERS:
        url = f"postgresql+psycopg://{user}@{PG_HOST}/{PG_DATABASE}"
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return url, ""
        except Exception as exc:  # any failure means: not usable here
            errors.append(f"{user}: {str(exc).splitlines()[0]}")
        finally:
            engine.dispose()
    return None, f"PostgreSQL not reachable at {PG_HOST}/{PG_DATABASE} ({'; '.join(errors)})"


def fresh_schema(prefix: str = "rp_test_") -> Iterator[str]:
    """Yield the URL of a fresh, empty schema (skip the test if PostgreSQL is absent); the
    schema is dropped afterwards. Use as a fixture body: ``yield from fresh_schema()``."""
    base, why = pg_base_url()
    if base is None:
        pytest.skip(why)
    schema = f"{prefix}{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
