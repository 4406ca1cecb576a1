"""The registry's JSON API and pages on the placement app: anonymous readers see public entries,
tokens and page sessions write within their rights, stale versions are 409, bad input 422
naming the field, the pages' forms need the CSRF token, and the scan reads the database."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from registry_world import PASSWORD, T0, World, build_world, make_record

from regioplan.initiatives.registry_files import parse_csv, parse_json
from regioplan.registry import OPERATOR
from regioplan.store import FixedClock, open_database
from regioplan.web.placement_app import create_placement_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_placement_app(world.placement)) as c:
        yield c


def token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/placement/tokens", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def sign_in(client: TestClient, data: dict[str, str], **options: Any) -> Any:
    """Sign in through the registry's form: load it (its cookie and login CSRF token), post it."""
    form = client.get("/initiatieven/inloggen")
    return client.post("/initiatieven/inloggen", data={**data, "csrf": _csrf(form.text)}, **options)


def body(record_id: str, **changes: Any) -> dict[str, Any]:
    return make_record(record_id, **changes).to_dict()


def test_api_reads_and_writes_within_rights(world: World, client: TestClient) -> None:
    world.registry.seed()
    gp_a = token(client, "referrer-a")
    made = client.post("/api/registry/initiatives", json={"record": body("api-a")}, headers=gp_a)
    assert (
        made.status_code == 201 and made.json()["organisation"] == "Huisartsenpraktijk Voorbeeld A"
    )
    public = client.get("/api/registry/initiatives").json()
    assert "api-a" not in [i["id"] for i in public["initiatives"]]
    assert client.get("/api/registry/initiatives/api-a").status_code == 404
    mine = client.get("/api/registry/initiatives?q=api-", headers=gp_a).json()
    assert [i["id"] for i in mine["initiatives"]] == ["api-a"]
    changed = body("api-a", summary="v2")
    ok = client.put(
        "/api/registry/initiatives/api-a",
        json={"record": changed, "expected_version": 1},
        headers=gp_a,
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.put(
        "/api/registry/initiatives/api-a",
        json={"record": body("api-a", summary="v3"), "expected_version": 1},
        headers=gp_a,
    )
    assert stale.status_code == 409 and stale.json()["error"]["type"] == "ConflictError"
    published = client.post(
        "/api/registry/initiatives/api-a/publish", json={"public": True}, headers=gp_a
    )
    assert published.json()["record"]["public"] is True
    gp_b = token(client, "referrer-b")
    forbidden = client.put(
        "/api/registry/initiatives/api-a", json={"record": body("api-a")}, headers=gp_b
    )
    assert forbidden.status_code == 403
    coach = token(client, "programme-coach-b")
    assert (
        client.put(
            "/api/registry/initiatives/api-a",
            json={"record": body("api-a", public=True, lessons=["coach"])},
            headers=coach,
        ).status_code
        == 200
    )
    shown = client.get("/api/registry/initiatives/api-a").json()
    assert [(h["version"], h["action"], h["user"]) for h in shown["history"]] == [
        (1, "create", "referrer-a"),
        (2, "update", "referrer-a"),
        (3, "publish", "referrer-a"),
        (4, "update", "programme-coach-b"),
    ]
    first = client.get("/api/registry/initiatives/api-a/versions/1").json()
    assert first["record"]["summary"] == make_record("api-a").summary
    assert client.post("/api/registry/initiatives", json={"record": body("x-y")}).status_code == 401
    bad = client.post(
        "/api/registry/initiatives",
        json={"record": body("api-bad") | {"stage": "flying", "type": "magic"}},
        headers=gp_a,
    )
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["error"]["problems"]} == {"stage", "type"}
    assert client.get("/api/registry/initiatives?stage=flying").status_code == 422


def test_api_import_and_export_round_trip(world: World, client: TestClient) -> None:
    world.registry.seed()
    coach = token(client, "programme-coach-a")
    csv_text = client.get("/api/registry/export?format=csv", headers=coach).text
    json_text = client.get("/api/registry/export", headers=coach).text
    exported = parse_csv(csv_text, source="export.csv")
    assert exported == world.registry.records(OPERATOR) == parse_json(json_text, source="e.json")
    again = client.post(
        "/api/registry/import", json={"format": "json", "text": json_text}, headers=coach
    )
    assert again.status_code == 422  # every id is registered already: nothing imported
    replaced = client.post(
        "/api/registry/import",
        json={"format": "csv", "text": csv_text, "replace": True},
        headers=coach,
    )
    assert replaced.status_code == 200
    assert replaced.json()["created"] == [] and replaced.json()["updated"] == []
    bad = client.post(
        "/api/registry/import",
        json={"format": "json", "text": '{"initiatives": [{"id": "x"}]}'},
        headers=coach,
    )
    assert bad.status_code == 422 and bad.json()["error"]["problems"][0]["source"] == "upload.json"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def test_pages_browse_sign_in_add_edit_and_history(world: World, client: TestClient) -> None:
    world.registry.seed()
    page = client.get("/initiatieven")
    assert page.status_code == 200 and 'lang="nl"' in page.text
    marks = page.text.count('class="mark"')
    public_with_area = [s for s in world.registry.entries(None) if s.record.municipalities]
    assert marks == len(public_with_area) > 0
    english = client.get("/initiatieven?lang=en&stage=running")
    assert "Initiatives" in english.text and 'lang="en"' in english.text
    assert client.get("/initiatieven/nieuw", follow_redirects=False).status_code == 303
    login = sign_in(
        client,
        {"username": "referrer-a", "password": PASSWORD, "next": "/initiatieven/nieuw"},
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == "/initiatieven/nieuw"
    form_page = client.get("/initiatieven/nieuw")
    form = {
        "csrf": _csrf(form_page.text),
        "id": "page-made",
        "name": "Made in the pages (test data)",
        "type": "regional_training",
        "stage": "pilot",
        "since": "2026-10",
        "domains": ["gp_care", "elderly_care"],
        "municipalities": "GM0080, Dordrecht",
        "test_data": "on",
    }
    assert client.post("/initiatieven/nieuw", data={**form, "csrf": "forged"}).status_code == 403
    bad = client.post("/initiatieven/nieuw", data={**form, "municipalities": "Atlantis"})
    assert bad.status_code == 422 and "Atlantis" in bad.text
    made = client.post("/initiatieven/nieuw", data=form, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/initiatieven/page-made"
    stored = world.registry.get(OPERATOR, "page-made")
    assert stored.organisation_id == world.org_a and set(stored.record.municipalities) == {
        "GM0080",
        "GM0505",
    }
    edit = client.get("/initiatieven/page-made/bewerken")
    changed = {
        **form,
        "csrf": _csrf(edit.text),
        "stage": "running",
        "since": "2026-12",
        "version": "1",
    }
    assert client.post("/initiatieven/page-made/bewerken", data=changed).status_code == 200
    shown = client.get("/initiatieven/page-made")
    assert 'data-version="2"' in shown.text and "referrer-a" in shown.text
    publish = client.post(
        "/initiatieven/page-made/publiceren",
        data={"csrf": _csrf(shown.text), "public": "1", "version": "2"},
    )
    assert publish.status_code == 200
    assert world.registry.get(None, "page-made").version == 3
    assert "False → True" in client.get("/initiatieven/page-made").text  # the history row
    steps = [s.stage.value for s in world.registry.get(None, "page-made").record.stage_history]
    assert steps == ["pilot", "running"]
    client.cookies.clear()
    assert client.get("/initiatieven/page-made/bewerken", follow_redirects=False).status_code == 303
    other = sign_in(
        client,
        {"username": "referrer-b", "password": PASSWORD, "next": "/initiatieven/page-made"},
    )
    assert 'id="edit"' not in other.text  # another organisation's entry: no edit button
    assert client.get("/initiatieven/page-made/bewerken").status_code == 403


def test_cookie_writes_to_the_api_need_the_csrf_header(world: World, client: TestClient) -> None:
    sign_in(client, {"username": "referrer-a", "password": PASSWORD}, follow_redirects=False)
    no_header = client.post("/api/registry/initiatives", json={"record": body("cookie-made")})
    assert no_header.status_code == 403


@pytest.fixture
def sqlite_client(tmp_path: Path) -> Iterator[TestClient]:
    """The app on SQLite only: the scan reads the registry through the same service on both
    backends (visibility on PostgreSQL is tested in test_registry_rights), and a scan is slow."""
    db = open_database(f"sqlite:///{tmp_path / 'scan.sqlite'}", clock=FixedClock(T0))
    world = build_world(db, FixedClock(T0))
    try:
        with TestClient(create_placement_app(world.placement)) as c:
            yield c
    finally:
        db.close()


def test_the_scan_reads_the_registry_in_the_database(sqlite_client: TestClient) -> None:
    """An entry of organisation B (Friesland) appears in the scan of Waardenland (ZK24), once
    it is public; the scan page shows it too."""
    client = sqlite_client
    gp_b = token(client, "referrer-b")
    record = body("scan-made", municipalities=["GM0080"], type="regional_training")
    client.post("/api/registry/initiatives", json={"record": record}, headers=gp_b)
    url = "/api/registry/scan/ZK24?draws=20&horizon=2035"
    hidden = client.get(url).json()
    assert "scan-made" not in [e["id"] for e in hidden["elsewhere"]["regional_training"]]
    own_view = client.get(url, headers=gp_b).json()  # its own organisation sees it
    assert "scan-made" in [e["id"] for e in own_view["elsewhere"]["regional_training"]]
    client.post("/api/registry/initiatives/scan-made/publish", json={"public": True}, headers=gp_b)
    shown = client.get(url).json()
    assert [e["id"] for e in shown["elsewhere"]["regional_training"]] == ["scan-made"]
    page = client.get("/initiatieven/scan?region=ZK24&draws=20&horizon=2035")
    assert page.status_code == 200 and 'data-id="scan-made"' in page.text


def _row_fields(html: str, name: str) -> dict[str, str]:
    """The values of the form's inputs of list `name` (``name-ROW-FIELD``) as the page has them."""
    found = dict(re.findall(rf'name="({name}-\d+-[a-z_]+)"[^>]*? value="([^"]*)"', html))
    for key, text in re.findall(rf'<textarea name="({name}-\d+-[a-z_]+)"[^>]*>([^<]*)<', html):
        found[key] = text
    for key, chosen in re.findall(
        rf'<select name="({name}-\d+-[a-z_]+)".*?<option value="([^"]*)" selected', html
    ):
        found[key] = chosen
    return found


def test_pages_edit_bottlenecks_results_and_sources_as_rows(
    world: World, client: TestClient
) -> None:
    """An organisation's user edits, in the edit form, the bottlenecks met (what happened, how
    solved), the measured results and the source links: problems are named in the page's
    language by row and field and save nothing; "add a row" saves nothing; a save is a new
    version whose history names the lists changed; a ticked row is removed."""
    world.registry.create(world.users_a["referrer"], make_record("rows-page"))
    sign_in(client, {"username": "referrer-a", "password": PASSWORD}, follow_redirects=False)
    edit = client.get("/initiatieven/rows-page/bewerken")
    assert edit.status_code == 200
    for name in ("bottlenecks", "funding", "results", "sources"):
        assert f'id="e-{name}"' in edit.text and f'id="e-{name}-0-' in edit.text
    assert "Knelpunten waar het initiatief op stuitte" in edit.text  # Dutch by default
    base = {
        "csrf": _csrf(edit.text),
        "version": "1",
        "name": "Test entry rows-page (test data)",
        "summary": make_record("rows-page").summary,
        "type": "task_reallocation",
        "stage": "pilot",
        "since": "2026-01",
        "domains": ["gp_care"],
        "municipalities": "GM0505",
        "test_data": "on",
    }
    rows = {
        "bottlenecks-0-code": "room_in_rules",
        "bottlenecks-0-what_happened": "The tariff did not pay for the evening hours.",
        "bottlenecks-0-how_solved": "A regional agreement with the care office.",
        "results-0-indicator": "Physician assistants at work",
        "results-0-value": "3,5",
        "results-0-unit": "fte",
        "results-0-date": "2026-13",  # no such month
        "results-0-profession": "gp",
        "results-0-source": "https://example.org/results",
        "sources-0-url": "example.org/news",  # no scheme
        "sources-0-title": "Regional news",
    }
    bad = client.post("/initiatieven/rows-page/bewerken", data={**base, **rows})
    assert bad.status_code == 422
    problems = bad.text[bad.text.index('id="problems"') : bad.text.index("</ul>")]
    assert "Resultaat 1: datum" in problems and "2026-13 is geen bestaande datum" in problems
    assert "Bron 1: URL" in problems and "example.org/news is geen http(s)-adres" in problems
    kept = _row_fields(bad.text, "results")
    assert kept["results-0-date"] == "2026-13" and kept["results-0-value"] == "3,5"
    assert 'name="results-0-date" id="e-results-0-date" value="2026-13" aria-invalid="true"' in (
        bad.text
    )
    assert world.registry.get(OPERATOR, "rows-page").version == 1  # nothing saved
    english = client.post("/initiatieven/rows-page/bewerken?lang=en", data={**base, **rows})
    assert english.status_code == 422 and "Result 1: date" in english.text
    assert "2026-13 is not a real date" in english.text
    more = client.post("/initiatieven/rows-page/bewerken", data={**base, **rows, "more": "results"})
    assert more.status_code == 200 and 'id="problems"' not in more.text
    assert 'id="e-results-2-indicator"' in more.text  # the filled row and two blank ones
    assert world.registry.get(OPERATOR, "rows-page").version == 1
    assert (
        client.post(
            "/initiatieven/rows-page/bewerken",
            data={**base, **rows, "csrf": "forged", "results-0-date": "2026-03"},
        ).status_code
        == 403
    )
    fixed = {**rows, "results-0-date": "2026-03", "sources-0-url": "https://example.org/news"}
    saved = client.post(
        "/initiatieven/rows-page/bewerken", data={**base, **fixed}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text[:2000]
    stored = world.registry.get(OPERATOR, "rows-page")
    assert stored.version == 2
    (met,) = stored.record.bottlenecks
    assert (met.code.value, met.how_solved) == (
        "room_in_rules",
        "A regional agreement with the care office.",
    )
    (result,) = stored.record.results
    assert (result.value, result.unit, result.date, result.profession) == (
        3.5,
        "fte",
        "2026-03",
        "gp",
    )
    assert [(s.url, s.title, s.retrieved.isoformat()) for s in stored.record.sources] == [
        ("https://example.org/news", "Regional news", T0.date().isoformat())
    ]
    (latest,) = [v for v in world.registry.history(OPERATOR, "rows-page") if v.version == 2]
    assert set(latest.changes) == {"bottlenecks", "results", "sources"}
    shown = client.get("/initiatieven/rows-page")
    assert "ruimte in regels" in shown.text and "Physician assistants at work" in shown.text
    assert 'href="https://example.org/news"' in shown.text
    # the edit form shows the saved rows; ticking a row's remove box drops it in version 3
    again = client.get("/initiatieven/rows-page/bewerken")
    assert _row_fields(again.text, "bottlenecks")["bottlenecks-0-code"] == "room_in_rules"
    assert _row_fields(again.text, "results")["results-0-value"] == "3.5"
    removed = client.post(
        "/initiatieven/rows-page/bewerken",
        data={**base, **fixed, "version": "2", "bottlenecks-0-remove": "on"},
        follow_redirects=False,
    )
    assert removed.status_code == 303
    after = world.registry.get(OPERATOR, "rows-page")
    assert after.version == 3 and after.record.bottlenecks == () and after.record.results
    # another organisation's user may not use the form, not even to add a row
    client.cookies.clear()
    sign_in(client, {"username": "referrer-b", "password": PASSWORD}, follow_redirects=False)
    other = client.get("/initiatieven")
    assert (
        client.post(
            "/initiatieven/rows-page/bewerken",
            data={**base, "csrf": _csrf(other.text), "more": "results"},
        ).status_code
        == 404  # not public: another organisation does not see it at all
    )
