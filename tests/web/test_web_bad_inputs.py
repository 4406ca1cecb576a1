"""Bad requests get the one error shape, never a 500, and never look at the server's files.

Issue #21 items 3 and 9: a region code longer than a file name may be (255 bytes) answered 500
(`OSError: File name too long` from a file check in the cache); a file named like a region in the
server's working directory turned the region into a 404; a 405 lost its `Allow` header; `level`
of `/api/regions` was a free string in the OpenAPI schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from fastapi.testclient import TestClient

from regioplan.data import LEVELS
from regioplan.web.regiobeeld import RegionLevel

REGION = "GM0599"  # the region the session's cache holds (conftest)
LONG = "A" * 300
ROUTES = [
    "/api/regions/{code}",
    "/api/regions/{code}/regiobeeld",
    "/api/regions/{code}/population",
    "/api/regions/{code}/workforce",
    "/api/regions/{code}/access",
    "/api/regions/{code}/distance",
    "/api/regions/{code}/ooh",
    "/?region={code}",
    "/fragment/{code}",
    "/report/{code}.html",
]


@pytest.mark.parametrize("route", ROUTES)
def test_a_region_code_longer_than_a_file_name_is_an_unknown_region(
    client: TestClient, route: str
) -> None:
    r = client.get(route.format(code=LONG))
    assert r.status_code == 404
    if route.startswith("/api/"):
        error = r.json()["error"]
        assert error["type"] == "UnknownRegionError"
        assert error["details"]["query"] == LONG
    else:  # a dashboard page: the error page, naming the (shortened) region
        assert r.headers["content-type"].startswith("text/html")
        assert 'data-type="UnknownRegionError"' in r.text
        assert f"Er is geen regio ‘{'A' * 79}…’." in r.text


def test_a_long_near_miss_is_an_unknown_region(client: TestClient) -> None:
    r = client.get("/api/regions/Rotterdam" + "m" * 300)
    assert r.status_code == 404
    assert r.json()["error"]["type"] == "UnknownRegionError"


def test_a_file_named_like_a_region_in_the_working_directory_is_ignored(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`touch GM0599` next to the server must not turn the region into a 404 (or read it)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / REGION).write_text("Utrecht\n", encoding="utf-8")
    r = client.get(f"/api/regions/{REGION}/population")
    assert r.status_code == 200
    assert r.json()["total"] > 0


def test_a_path_to_a_region_file_is_not_read(client: TestClient, tmp_path: Path) -> None:
    regions = tmp_path / "mine.txt"
    regions.write_text("Utrecht\n", encoding="utf-8")
    r = client.get("/", params={"region": str(regions)})
    assert r.status_code == 404


def test_a_405_keeps_its_allow_header(client: TestClient) -> None:
    r = client.post(f"/api/regions/{REGION}")
    assert r.status_code == 405
    assert r.headers["allow"] == "GET"
    assert r.json()["error"]["type"] == "HTTPError"


def test_the_level_of_the_region_list_is_an_enum_in_the_schema(client: TestClient) -> None:
    assert get_args(RegionLevel) == LEVELS
    spec = client.get("/openapi.json").json()
    (level,) = [
        p for p in spec["paths"]["/api/regions"]["get"]["parameters"] if p["name"] == "level"
    ]
    assert level["schema"]["enum"] == list(LEVELS)
    r = client.get("/api/regions", params={"level": "street"})
    assert r.status_code == 422
    assert r.json()["error"]["problems"][0]["field"] == "query.level"
