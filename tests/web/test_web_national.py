"""The dashboard's national page (issue #22 items 1 and 4): every region of a level on a map of
the Netherlands coloured by its relative gap, a list sorted by rank with its bands, a click on a
region opens its regiobeeld; ``/api/national`` gives the engine's comparison as JSON.

The numbers are checked against the engine (:func:`regioplan.national.compare.compare_regions`)
called independently with the dashboard cache's horizon and seed and the regiobeeld's draws.
The browser test (switching recolours the map, a click opens the regiobeeld) is in
test_web_browser.py, beside the dashboard's.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from regioplan.data import LEVELS, PROFESSIONS
from regioplan.national import NationalComparison
from regioplan.national.compare import compare_regions
from regioplan.output import jsonable
from regioplan.regions import list_regions
from regioplan.report import svg
from regioplan.report.national import gap_class
from regioplan.web import RegiobeeldCache
from regioplan.web.errorpage import TEXTS as ERROR_TEXTS
from regioplan.web.national import DRAWS, LEVELS_SHOWN, TEXTS, regiobeeld_href

REGION = "GM0599"  # the region the session's cache holds (conftest)
MAP_LINK = re.compile(
    r'<a class="region-link" href="([^"]+)" aria-label="[^"]*"><path [^>]*\bdata-code="([^"]+)"'
)
LIST_LINK = re.compile(r'<tr data-code="([^"]+)".*?<a class="region-link" href="([^"]+)">', re.S)


def engine(cache: RegiobeeldCache, level: str, profession: Any) -> NationalComparison:
    return compare_regions(level, profession, horizon=cache.horizon, draws=DRAWS, seed=cache.seed)


def _map_links(page: str) -> dict[str, str]:
    return {code: htmllib.unescape(href) for href, code in MAP_LINK.findall(page)}


def _list_links(page: str) -> dict[str, str]:
    return {code: htmllib.unescape(href) for code, href in LIST_LINK.findall(page)}


@pytest.mark.parametrize(
    ("lang", "title", "heading"),
    [
        ("nl", "Landelijk beeld", "Huisarts: relatief tekort per regio in 2040"),
        ("en", "National picture", "General practitioner: relative gap per region in 2040"),
    ],
)
def test_the_page_renders_in_dutch_and_english(
    client: TestClient, lang: str, title: str, heading: str
) -> None:
    r = client.get(f"/national?lang={lang}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{title}</h1>" in page
    assert heading in page
    assert 'data-level="zorgkantoor" data-profession="gp" data-when="horizon"' in page
    assert "svg" in page and 'class="map national"' in page
    # the switches: every level, profession and both years, the other language
    for level in LEVELS_SHOWN:
        assert f'<option value="{level}"' in page
    for p in PROFESSIONS:
        assert f'data-profession="{p}"' in page
    assert 'data-when="now"' in page and 'data-when="horizon"' in page
    assert TEXTS[lang]["title"] in page


def test_levels_shown_are_the_engines_levels() -> None:
    assert set(LEVELS_SHOWN) == set(LEVELS)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("level", ["zorgkantoor", "gemeente"])
def test_each_region_on_the_map_and_in_the_list_links_to_its_regiobeeld(
    client: TestClient, level: str, lang: str
) -> None:
    page = client.get(f"/national?level={level}&profession=so&lang={lang}").text
    codes = {r.code for r in list_regions(level)}
    expected = {code: f"/?region={code}&lang={lang}" for code in codes}
    assert _map_links(page) == expected
    assert _list_links(page) == expected
    assert regiobeeld_href("ZK24", lang) == expected.get("ZK24", f"/?region=ZK24&lang={lang}")


def test_a_regions_link_opens_its_regiobeeld(client: TestClient) -> None:
    page = client.get("/national?level=gemeente&lang=en").text
    href = _map_links(page)[REGION]
    r = client.get(href)
    assert r.status_code == 200
    assert 'data-region="GM0599"' in r.text
    assert '<html lang="en">' in r.text


def test_the_api_equals_the_engine(client: TestClient, cache: RegiobeeldCache) -> None:
    for level, profession in [("zorgkantoor", "gp"), ("ggd", "so"), ("provincie", "avg")]:
        r = client.get(f"/api/national?level={level}&profession={profession}")
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/json"
        cmp = engine(cache, level, profession)
        assert r.json() == jsonable(cmp.to_dict())
        body = r.json()
        assert (body["level"], body["profession"], body["draws"], body["seed"]) == (
            level,
            profession,
            DRAWS,
            cache.seed,
        )
        assert [row["code"] for row in body["rows"]] == [row.code for row in cmp.rows]


def test_the_api_defaults_to_care_office_regions_and_gps(
    client: TestClient, cache: RegiobeeldCache
) -> None:
    assert client.get("/api/national").json() == jsonable(
        engine(cache, "zorgkantoor", "gp").to_dict()
    )


@pytest.mark.parametrize("when", ["now", "horizon"])
def test_the_maps_colours_and_tips_are_the_engines_gaps(
    client: TestClient, cache: RegiobeeldCache, when: str
) -> None:
    data = client.get(f"/national/fragment?level=zorgkantoor&profession=avg&when={when}").json()
    cmp = engine(cache, "zorgkantoor", "avg")
    year = cmp.first_year if when == "now" else cmp.horizon
    assert (data["level"], data["profession"], data["when"], data["year"]) == (
        "zorgkantoor",
        "avg",
        when,
        year,
    )
    assert data["map"] is None  # the geometry comes only when the level changes
    assert set(data["colours"]) == {row.code for row in cmp.rows}
    for row in cmp.rows:
        gap = row.gap_now if when == "now" else row.gap_horizon
        colour = data["colours"][row.code]
        assert colour["class"] == gap_class(gap.p50)
        assert colour["fill"] == svg.class_fill(gap_class(gap.p50), "nat")
        # Dutch notation with a real minus sign
        percent = f"{gap.p50 * 100:.1f}".replace(".", ",").replace("-", "\u2212") + "%"
        assert f"relatief tekort {year} {percent}" in colour["tip"]
        assert percent in data["list"]
    # the list is sorted by the year's median gap, at the horizon that is the rank order
    listed = [code for code, _ in _list_links(data["list"]).items()]
    by_gap = sorted(cmp.rows, key=lambda r: -(r.gap_now if when == "now" else r.gap_horizon).p50)
    assert listed == [r.code for r in by_gap]
    if when == "horizon":
        assert listed == [r.code for r in cmp.rows]


def test_the_pages_map_is_drawn_with_the_fragments_colours(client: TestClient) -> None:
    page = client.get("/national?level=provincie&profession=gp&when=now").text
    data = client.get("/national/fragment?level=provincie&profession=gp&when=now").json()
    fill = re.compile(r'<path [^>]*\bdata-code="([^"]+)"[^>]*\bfill="([^"]+)"')
    assert dict(fill.findall(page)) == {code: c["fill"] for code, c in data["colours"].items()}
    # a level switch brings the level's map (drawn once, for any profession), which the page
    # then recolours with `colours`
    other = client.get("/national/fragment?level=provincie&profession=so&map=1").json()
    assert set(dict(fill.findall(other["map"]))) == set(other["colours"])
    assert set(_map_links(other["map"])) == {r.code for r in list_regions("provincie")}


def test_switching_the_profession_changes_the_colours(client: TestClient) -> None:
    gp = client.get("/national/fragment?profession=gp").json()["colours"]
    so = client.get("/national/fragment?profession=so").json()["colours"]
    assert gp.keys() == so.keys()
    assert any(gp[c]["fill"] != so[c]["fill"] for c in gp)


def test_the_dashboard_links_to_the_national_page(client: TestClient) -> None:
    nl = client.get(f"/?region={REGION}").text
    en = client.get(f"/?region={REGION}&lang=en").text
    assert '<a id="national-link" href="/national?lang=nl">Landelijk beeld</a>' in nl
    assert '<a id="national-link" href="/national?lang=en">National picture</a>' in en


@pytest.mark.parametrize(
    ("query", "name", "allowed"),
    [
        ("level=wijk", "level", "'zorgkantoor', 'ggd', 'provincie', 'corop' or 'gemeente'"),
        ("profession=tandarts", "profession", "'gp', 'so' or 'avg'"),
    ],
)
def test_a_bad_level_or_profession_is_a_json_422_on_the_api(
    client: TestClient, query: str, name: str, allowed: str
) -> None:
    r = client.get(f"/api/national?{query}")
    assert r.status_code == 422
    error = r.json()["error"]
    assert set(error) == {"type", "message", "exit_code", "status", "problems", "details"}
    assert (error["type"], error["status"], error["exit_code"]) == ("InputError", 422, 2)
    assert error["problems"][0]["field"] == f"query.{name}"
    assert allowed in error["message"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", ["/national", "/national/fragment"])
def test_a_bad_level_or_profession_is_an_html_422_page(
    client: TestClient, path: str, lang: str
) -> None:
    r = client.get(f"{path}?level=wijk&lang={lang}")
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    page = htmllib.unescape(r.text)
    assert f'<html lang="{lang}">' in page
    assert ERROR_TEXTS[lang]["title.input"] in page
    assert "‘wijk’" in page and "'zorgkantoor', 'ggd', 'provincie', 'corop' or 'gemeente'" in page
    r = client.get(f"{path}?profession=tandarts&lang={lang}")
    assert r.status_code == 422
    page = r.text
    assert "‘tandarts’" in page
    assert "gp (huisarts)" in page or "gp (general practitioner)" in page
    assert '"error":' not in page


def test_own_data_of_the_dashboards_loader_is_split_by_region() -> None:
    """With an own-data loader (``regioplan serve --own-data``) each region of the level stands
    with its own data, as the engine gives it for that data split by region; the list marks it."""
    import numpy as np
    import pandas as pd

    from regioplan.national.compare import own_data_by_region
    from regioplan.regions import OwnData, Region, select_region
    from regioplan.web import create_app

    gm = select_region("ZK24").municipality_codes[:2]
    own = OwnData(
        pd.DataFrame(
            {
                "dataset": ["mine", "mine"],
                "municipality": list(gm),
                "lat": [np.nan, np.nan],
                "lon": [np.nan, np.nan],
                "kind": ["gp_practice", "gp_practice"],
                "gp_headcount": [5.0, 5.0],
                "gp_fte": [4.0, 4.0],
            }
        ),
        (),
    )

    asked: list[str] = []

    def loader(region: Region) -> OwnData | None:
        asked.append(region.code)
        return own if region.code == "NL" else None

    cache = RegiobeeldCache(seed=3, own_data=loader)
    with TestClient(create_app(cache)) as client:
        body = client.get("/api/national?level=zorgkantoor&profession=gp").json()
        page = client.get("/national?level=zorgkantoor&profession=gp").text
        for when in ("now", "horizon"):  # (the test's own data has GP columns only)
            assert client.get(f"/national/fragment?profession=gp&when={when}").status_code == 200
    assert asked == ["NL"]  # the country's own data read once, kept for the server's life
    cmp = compare_regions(
        "zorgkantoor",
        "gp",
        horizon=cache.horizon,
        draws=DRAWS,
        seed=3,
        own_data=own_data_by_region(own, "zorgkantoor"),
    )
    assert body == jsonable(cmp.to_dict())
    assert [r["code"] for r in body["rows"] if r["own_data"]] == ["ZK24"]
    assert "ZK24" in body["provenance"]["own_data"]
    row = re.search(r'<tr data-code="ZK24".*?</tr>', page, re.S)
    assert row is not None and "eigen data" in row.group(0)


def test_the_page_shows_the_regiobeelds_own_comparison(
    client: TestClient, cache: RegiobeeldCache
) -> None:
    """The regiobeeld of Rotterdam (GM0599) sets it among the care-office regions; the national
    page of that level has the same comparison, so every band on it is the regiobeeld's."""
    rb = cache.get(REGION)
    for profession, cmp in rb.national.items():
        assert cmp.level == "zorgkantoor"
        body = client.get(f"/api/national?level=zorgkantoor&profession={profession}").json()
        assert body == jsonable(cmp.to_dict())
