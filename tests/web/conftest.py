"""Fixtures: a test client over the app with a shared, warmed regiobeeld cache."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():
    # starlette announces a future httpx change when its TestClient is imported
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from regioplan.web import RegiobeeldCache, create_app

REGION = "GM0599"


@pytest.fixture(scope="session")
def cache() -> RegiobeeldCache:
    store = RegiobeeldCache(seed=11)
    store.get(REGION)
    return store


@pytest.fixture(scope="session")
def client(cache: RegiobeeldCache) -> Iterator[TestClient]:
    with TestClient(create_app(cache)) as c:
        yield c
