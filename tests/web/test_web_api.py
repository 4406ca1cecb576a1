"""The JSON API: the same numbers as the report, one error shape, OpenAPI docs."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from regioplan.access import region_access
from regioplan.errors import UnknownRegionError
from regioplan.ooh import ooh_contacts, ooh_rates
from regioplan.regiobeeld import build_regiobeeld
from regioplan.regions import country, select_region, usage_weights
from regioplan.web import RegiobeeldCache, create_app

REGION = "GM0599"


def assert_error_shape(body: dict[str, Any], status: int, kind: str) -> None:
    """The one error shape of the whole API (and of the CLI's --json errors)."""
    assert set(body) == {"error"}
    assert set(body["error"]) == {"type", "message", "exit_code", "status", "problems", "details"}
    assert body["error"]["status"] == status
    assert body["error"]["exit_code"] == (2 if status < 500 else 1)
    assert isinstance(body["error"]["problems"], list)
    assert body["error"]["type"] == kind
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)


def test_regions_lists_a_level(client: TestClient) -> None:
    rows = client.get("/api/regions", params={"level": "zorgkantoor"}).json()
    assert len(rows) == 31 and {"code", "name", "population"} <= set(rows[0])


def test_region_overview_has_the_summary(client: TestClient) -> None:
    """The overview's figures are the bundled data's; its sentences the report's."""
    from regioplan.report import summary

    body = client.get(f"/api/regions/{REGION}", params={"lang": "en"}).json()
    region = select_region(REGION)
    assert body["population"] == region.population
    assert [m["code"] for m in body["municipalities"]] == list(region.municipality_codes)
    assert body["summary"] == summary(build_regiobeeld(region, seed=11), "en")


def test_access_answers_are_the_access_engine_s(client: TestClient) -> None:
    """The API's scores equal the access engine called directly on the same region."""
    body = client.get(f"/api/regions/{REGION}/access", params={"profession": "so", "level": "pc4"})
    assert body.status_code == 200
    got = {a["code"]: a["value"] for a in body.json()["areas"]}
    engine = region_access(select_region(REGION), "so", level="pc4")
    assert got == pytest.approx(engine.scores.to_dict())


def test_population_and_ooh_are_the_engines(client: TestClient) -> None:
    region = select_region(REGION)
    assert client.get(f"/api/regions/{REGION}/population").json()["total"] == region.population
    rates = ooh_rates(country().population_by_age(), usage_weights("gp"))
    expected = ooh_contacts(region.population_by_age(), rates)
    ooh = client.get(f"/api/regions/{REGION}/ooh").json()
    assert ooh["contacts"] == pytest.approx(expected)


def test_unknown_region_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get("/api/regions/Rotterdm")
    assert r.status_code == 404
    assert_error_shape(r.json(), 404, "UnknownRegionError")
    assert any(s.startswith("Rotterdam (") for s in r.json()["error"]["details"]["suggestions"])


def test_invalid_parameter_is_422_in_the_same_shape(client: TestClient) -> None:
    r = client.get(f"/api/regions/{REGION}/workforce", params={"profession": "dentist"})
    assert r.status_code == 422
    assert_error_shape(r.json(), 422, "InputError")
    assert r.json()["error"]["problems"][0]["field"] == "query.profession"
    r = client.get("/api/regions", params={"level": "street"})
    assert_error_shape(r.json(), 422, "InputError")


def test_unknown_path_is_404_in_the_same_shape(client: TestClient) -> None:
    r = client.get("/api/nothing")
    assert_error_shape(r.json(), 404, "HTTPError")


def test_an_internal_error_is_500_in_the_same_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug answered a plain-text 'Internal Server Error'; it is the one JSON shape, without
    the exception's text (which may name server paths)."""
    import regioplan.web.regiobeeld as web_regiobeeld

    def broken(*args: object, **kwargs: object) -> list[dict[str, Any]]:
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(web_regiobeeld, "region_row", broken)
    with TestClient(create_app(RegiobeeldCache()), raise_server_exceptions=False) as c:
        r = c.get("/api/regions", params={"level": "ggd"})
    assert r.status_code == 500
    assert_error_shape(r.json(), 500, "InternalError")
    assert "/srv/secret" not in r.text


def test_fragment_rejects_a_year_outside_the_dashboard_s_years(client: TestClient) -> None:
    """/fragment?year=1900 labelled the horizon's population and out-of-hours figures '1900';
    then it was clamped silently; now it is a 422 page naming the year and the range."""
    for year in (1900, 2100):
        r = client.get(f"/fragment/{REGION}", params={"year": year, "profession": "so"})
        assert r.status_code == 422
        assert f"Het jaar {year} valt buiten het bereik van het dashboard" in r.text
        assert "kies een jaar van 2024 tot en met 2040" in r.text


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/regions/{code}/workforce" in spec["paths"]
    assert "ErrorBody" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_dashboard_and_fragment_render(client: TestClient) -> None:
    page = client.get("/", params={"region": REGION, "lang": "en", "profession": "avg"})
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert 'data-profession="avg" aria-pressed="true"' in page.text
    frag = client.get(f"/fragment/{REGION}", params={"profession": "so", "lang": "nl"})
    assert 'data-profession="so"' in frag.text and 'data-profession="gp"' not in frag.text
    report = client.get(f"/report/{REGION}.html", params={"lang": "en"})
    assert report.headers["content-disposition"].endswith('-en.html"')


def test_dashboard_cache_uses_own_data_like_the_report(tmp_path: object) -> None:
    """With a providers source the API shows the same labelled own data as the report."""
    from pathlib import Path

    from regioplan.store import load_own_data, open_store

    db = Path(str(tmp_path)) / "own.sqlite"
    fixture = Path(__file__).parents[1] / "report" / "fixtures" / "providers_waardenland.csv"
    with open_store(db) as store:
        store.import_file(fixture)
    own = RegiobeeldCache(own_data=lambda region: load_own_data(region, db))
    with TestClient(create_app(own)) as c:
        body = c.get("/api/regions/GM0505/workforce", params={"profession": "gp"}).json()
    assert body["supply_provenance"] == "own data"


def test_the_api_never_reads_a_file_named_as_region(client: TestClient, tmp_path: object) -> None:
    """A region query that is a path on the server is an unknown region, not a file to read."""
    from pathlib import Path

    secret = Path(str(tmp_path)) / "regions.txt"
    secret.write_text("GM0599\nsecret-line\n", encoding="utf-8")
    r = client.get(f"/api/regions/{secret}")
    assert r.status_code in (404, 422)
    assert "secret-line" not in r.text
    from urllib.parse import quote

    r = client.get("/api/regions/" + quote(str(secret), safe=""))
    assert r.status_code == 404
    assert "secret-line" not in r.text
    with pytest.raises(UnknownRegionError):
        RegiobeeldCache().region(str(secret))
