"""The dashboard's out-of-hours page and ``/api/ooh``: the engine's numbers, Dutch by default with
an English switch, variants on common random numbers, errors in the one shape."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    # starlette announces a future httpx change when its TestClient is imported (tests/web)
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from regioplan.ooh import compare
from regioplan.ooh.posts import estimated_config, variant_configs
from regioplan.output import format_number
from regioplan.regions import select_region
from regioplan.web import RegiobeeldCache, create_app

SEED = 5


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(RegiobeeldCache(seed=SEED)))


def test_api_is_the_engine(client: TestClient) -> None:
    response = client.get("/api/ooh/ZK24", params={"variant": "shared_cars", "replications": 2})
    assert response.status_code == 200, response.text
    body = response.json()
    region = select_region("ZK24")
    today = estimated_config(region, year=2025)
    cmp = compare(
        region,
        [today, variant_configs(today)["shared_cars"]],
        year=2025,
        replications=2,
        seed=SEED,
    )
    assert body["region"] == "ZK24" and body["variant"] == "shared_cars"
    expected = cmp.to_dict()["differences_vs_first"][0]["differences"]["km_driven"]["mean"]
    got = body["differences_vs_first"][0]["differences"]["km_driven"]["mean"]
    assert got == pytest.approx(expected)


def test_page_in_dutch_and_english(client: TestClient) -> None:
    nl = client.get("/ooh", params={"region": "ZK24", "variant": "shared_cars", "replications": 2})
    assert nl.status_code == 200
    assert "Huisartsenpost: op tijd bij urgente patiënten?" in nl.text
    assert "Gedeelde visiteauto" in nl.text and "binnen 15 minuten" in nl.text
    assert "schatting" in nl.text
    en = client.get(
        "/ooh",
        params={"region": "ZK24", "variant": "shared_cars", "replications": 2, "lang": "en"},
    )
    assert "Shared visiting cars" in en.text and "within 15 minutes" in en.text
    # the same simulation (cached): the km of today in each language's notation
    km = client.get("/api/ooh/ZK24", params={"variant": "shared_cars", "replications": 2}).json()[
        "results"
    ][0]["km_driven"]["mean"]
    assert format_number(km, "nl") in nl.text and format_number(km, "en") in en.text


def test_today_differs_from_itself_by_nothing(client: TestClient) -> None:
    body = client.get("/api/ooh/ZK24", params={"variant": "today", "replications": 2}).json()
    diffs = body["differences_vs_first"][0]["differences"]
    assert diffs["U1_all_within_norm"]["mean"] == 0.0 and diffs["km_driven"]["mean"] == 0.0


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/ooh/ZK24", {"variant": "teleport"}, 422),
        ("/api/ooh/ZK24", {"replications": 1}, 422),
        ("/api/ooh/Nergenshuizen", {}, 404),
        ("/api/ooh/Zuid-Holland", {}, 422),
    ],
)
def test_bad_requests_in_the_one_shape(
    client: TestClient, path: str, params: dict[str, object], status: int
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert set(response.json()["error"]) >= {"type", "message", "status"}


def test_the_dashboard_links_to_the_page(client: TestClient) -> None:
    """The main dashboard links to /ooh for its zorgkantoor region, in its language; the link
    opens the page."""
    nl = client.get("/", params={"region": "ZK24"}).text
    en = client.get("/", params={"region": "ZK24", "lang": "en"}).text
    assert (
        '<a id="ooh-link" href="/ooh?region=ZK24&amp;lang=nl">Avond-, nacht- en weekendzorg' in nl
    )
    assert '<a id="ooh-link" href="/ooh?region=ZK24&amp;lang=en">Out-of-hours care</a>' in en
    page = client.get("/ooh?region=ZK24&lang=en&replications=2")
    assert page.status_code == 200 and 'id="to-dashboard"' in page.text


def test_the_page_maps_u1_u2_within_the_norm_per_pc4(client: TestClient) -> None:
    """A dot per PC4 area with U1/U2 visits, shaded by its share within the norm (the pooled
    per-area result of today's simulation), over the region's municipalities, with a legend."""
    from regioplan.ooh.posts import simulate_today
    from regioplan.web.ooh import share_map

    region = select_region("ZK24")
    found = simulate_today(region, year=2025, replications=2, seed=SEED, cache=False)
    assert found is not None
    per = found[1].per_area()
    drawn, legend = share_map(region, found[1], "en")
    with_visits = per[per["visits_u12_per_year"] > 0]
    assert drawn.count('class="area"') == len(region.municipalities)
    assert drawn.count("<title>PC4 ") == len(with_visits)
    code, row = next(iter(with_visits.iterrows()))
    share = format_number(100 * row["within_norm"], "en", 0)
    assert f"PC4 {code}: {share}% of" in drawn
    assert "≥ 95%" in legend and "&lt; 50%" in legend
    nl = client.get("/ooh", params={"region": "ZK24", "variant": "shared_cars", "replications": 2})
    assert 'id="ooh-map"' in nl.text and "U1/U2-visites binnen de norm per PC4-gebied" in nl.text
