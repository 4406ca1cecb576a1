"""A browser request that fails gets an HTML page in the dashboard's language; the API keeps JSON.

Issue #16 item 11: ``/?region=bogus`` showed raw JSON in the browser and ``year=1999`` silently
became 2025. The route decides the answer (a dashboard page or ``/api/``), not the headers; the
status is the API's (404 unknown region or page, 422 bad parameter); the page names the wrong
value and what is allowed, and links back to the start page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from regioplan.web import RegiobeeldCache, create_app
from regioplan.web.errorpage import TEXTS, is_api

REGION = "GM0599"  # the region the session's cache holds (conftest)


def _page(r: Any, status: int, lang: str = "nl") -> str:
    """The error page's text; it is HTML in `lang` with `status` and a link to the start page."""
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    html = str(r.text)
    assert f'<html lang="{lang}">' in html
    assert f'data-status="{status}"' in html
    home = "/" if lang == "nl" else f"/?lang={lang}"
    assert f'<a id="home" href="{home}">{TEXTS[lang]["back"]}</a>' in html
    assert '"error":' not in html  # no JSON
    return html


def _messages(html: str) -> list[str]:
    return re.findall(r'<p class="error-message">(.*?)</p>', html)


def test_an_unknown_region_is_a_dutch_404_page(client: TestClient) -> None:
    html = _page(client.get("/", params={"region": "bogus"}), 404)
    assert "<h1>Regio niet gevonden</h1>" in html
    assert _messages(html) == ["Er is geen regio ‘bogus’."]
    assert 'data-type="UnknownRegionError"' in html


def test_the_error_page_follows_the_language_switch(client: TestClient) -> None:
    html = _page(client.get("/", params={"region": "Rotterdm", "lang": "en"}), 404, "en")
    assert "<h1>Region not found</h1>" in html
    assert _messages(html) == ["There is no region ‘Rotterdm’."]
    # the closest regions, as links to their dashboard in the same language
    assert '<a href="/?region=ZK20&amp;lang=en">Rotterdam (ZK20)</a>' in html
    # the page's own language switch leads back to Dutch, keeping the request
    assert 'href="/?region=Rotterdm&amp;lang=nl"' in html


@pytest.mark.parametrize(
    ("route", "status"),
    [
        ("/fragment/bogus", 404),
        ("/report/bogus.html", 404),
        ("/nope", 404),
        ("/fragment", 404),
    ],
)
def test_every_page_route_answers_with_a_page(client: TestClient, route: str, status: int) -> None:
    html = _page(client.get(route), status)
    assert _messages(html)


def test_an_unknown_page_names_its_address(client: TestClient) -> None:
    html = _page(client.get("/dashbord"), 404)
    assert "<h1>Pagina niet gevonden</h1>" in html
    assert _messages(html) == ["Het adres ‘/dashbord’ bestaat niet in dit dashboard."]


@pytest.mark.parametrize("year", [1999, 2023, 2041, 3000])
def test_a_year_outside_the_dashboard_s_years_is_rejected_on_the_page(
    client: TestClient, year: int
) -> None:
    """It was clamped silently (1999 showed 2025); now 422 naming the year and the range."""
    for route in ("/", f"/fragment/{REGION}"):
        html = _page(client.get(route, params={"region": REGION, "year": year}), 422)
        assert _messages(html) == [
            f"Het jaar {year} valt buiten het bereik van het dashboard: kies een jaar van 2024 "
            "tot en met 2040."
        ]
    html = _page(client.get("/", params={"region": REGION, "year": year, "lang": "en"}), 422, "en")
    assert _messages(html) == [
        f"The year {year} is outside the dashboard&#39;s range: choose a year from 2024 to 2040."
    ]


@pytest.mark.parametrize("year", [2024, 2040])
def test_the_ends_of_the_range_are_served(client: TestClient, year: int) -> None:
    r = client.get(f"/fragment/{REGION}", params={"year": year, "profession": "so"})
    assert r.status_code == 200
    assert f'class="access-projection" data-year="{year}"' in r.text


def test_a_bad_parameter_names_the_value_and_the_choices(client: TestClient) -> None:
    r = client.get("/", params={"region": REGION, "profession": "huisarts", "lang": "fr"})
    html = _page(r, 422)  # an unknown language: the page is Dutch
    assert "<h1>Ongeldige invoer</h1>" in html
    assert _messages(html) == [
        "‘fr’ is geen taal van het dashboard: kies uit nl (Nederlands), en (English).",
        "‘huisarts’ is geen beroepsgroep van het dashboard: kies uit gp (huisarts), so "
        "(specialist ouderengeneeskunde), avg (arts verstandelijk gehandicapten).",
    ]
    html = _page(client.get("/", params={"year": "twintig", "lang": "en"}), 422, "en")
    assert _messages(html) == ["‘twintig’ is not a year: choose a year from 2024 to 2040."]


def test_a_wrong_method_on_a_page_keeps_its_allow_header(client: TestClient) -> None:
    r = client.post("/")
    html = _page(r, 405)
    assert r.headers["allow"] == "GET"
    assert _messages(html) == ["POST is niet mogelijk op ‘/’; toegestaan: GET."]


def test_the_wrong_value_is_escaped_and_shortened(client: TestClient) -> None:
    html = _page(client.get("/", params={"region": "<script>alert(1)</script>" + "x" * 200}), 404)
    assert "<script>alert" not in html
    (message,) = _messages(html)
    assert message.startswith("Er is geen regio ‘&lt;script&gt;alert(1)&lt;/script&gt;xxx")
    assert message.endswith("x…’.")


def test_an_internal_error_on_a_page_is_a_page_without_the_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import regioplan.web.pages as pages

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(pages, "dashboard_page", broken)
    store = RegiobeeldCache(seed=11)
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        r = c.get("/", params={"region": REGION})
    html = _page(r, 500)
    assert "<h1>Er ging iets mis</h1>" in html
    assert "/srv/secret" not in html


@pytest.mark.parametrize(
    "accept", ["text/html,application/xhtml+xml,*/*;q=0.8", "application/json", "*/*"]
)
def test_the_route_decides_not_the_accept_header(client: TestClient, accept: str) -> None:
    headers = {"accept": accept}
    api = client.get("/api/regions/bogus", headers=headers)
    assert api.status_code == 404 and api.json()["error"]["type"] == "UnknownRegionError"
    api = client.get("/api/nope", headers=headers)
    assert api.status_code == 404 and api.json()["error"]["type"] == "HTTPError"
    page = client.get("/", params={"region": "bogus"}, headers=headers)
    _page(page, 404)


def test_the_api_rejects_a_year_outside_the_range_in_the_one_shape(client: TestClient) -> None:
    for year in (1999, 2041):
        r = client.get(f"/api/regions/{REGION}/access", params={"year": year})
        assert r.status_code == 422
        error = r.json()["error"]
        assert set(error) == {"type", "message", "exit_code", "status", "problems", "details"}
        assert (error["type"], error["status"], error["exit_code"]) == ("InputError", 422, 2)
        assert error["message"] == (
            f"query.year: {year} is outside the dashboard's years; allowed: 2024..2040"
        )
        assert error["problems"] == [
            {
                "source": "request",
                "line": None,
                "field": "query.year",
                "reason": f"{year} is outside the dashboard's years; allowed: 2024..2040",
            }
        ]
    # inside the range a year before the GP projection still shows its first year, labelled
    body = client.get(f"/api/regions/{REGION}/access", params={"year": 2024}).json()
    assert (body["projected"]["year"], body["projected"]["requested"]) == (2025, 2024)


def test_the_openapi_schema_gives_the_year_range(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    (year,) = [
        p
        for p in spec["paths"]["/api/regions/{code}/access"]["get"]["parameters"]
        if p["name"] == "year"
    ]
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (2024, 2040)


def test_the_two_languages_have_the_same_texts() -> None:
    assert set(TEXTS["nl"]) == set(TEXTS["en"])
    for key, text in TEXTS["nl"].items():
        assert re.findall(r"{(\w+)}", text) == re.findall(r"{(\w+)}", TEXTS["en"][key]), key


def test_which_paths_are_the_api() -> None:
    assert is_api("/api/regions") and is_api("/api") and is_api("/openapi.json")
    assert not is_api("/") and not is_api("/fragment/ZK24") and not is_api("/apiary")
