"""The dashboard's "Wat werkt elders" (issue #19): not computed for the first page, computed once
on its first request (the page's script or, without script, the link with ``elsewhere=1``) and
cached; the report's own section, in Dutch or English, saying its entries come from the registry
with their sources; the same numbers as JSON."""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from regioplan.output import jsonable
from regioplan.regiobeeld import bottlenecks, sections
from regioplan.regiobeeld.elsewhere import elsewhere_section
from regioplan.report.render import render_elsewhere
from regioplan.web import RegiobeeldCache, create_app
from regioplan.web import cache as cache_module

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

REGION = "GM0599"
SEED = 11  # as tests/web/conftest.py, so the regiobeeld's engines are cached already


@pytest.fixture(scope="module")
def own_cache() -> RegiobeeldCache:
    """A cache of this module's own (the shared one must not gain the section)."""
    store = RegiobeeldCache(seed=SEED)
    store.get(REGION)
    return store


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every computation of the section, by region code."""
    made: list[str] = []

    def counted(region: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(region.code)
        return elsewhere_section(region, *args, **kwargs)

    monkeypatch.setattr(cache_module, "elsewhere_section", counted)
    return made


@pytest.fixture
def client(own_cache: RegiobeeldCache) -> Iterator[TestClient]:
    with TestClient(create_app(own_cache)) as c:
        yield c


def _slot(html: str) -> str:
    start = html.index('id="elsewhere-slot"')
    return html[start : html.index("</div>", start)]


def test_the_first_page_holds_its_place_without_computing_it(calls: list[str]) -> None:
    fresh = RegiobeeldCache(seed=SEED)  # its own: whatever ran before, nothing is computed
    fresh.get(REGION)
    with TestClient(create_app(fresh)) as client:
        page = client.get(f"/?region={REGION}")
        english = client.get(f"/?region={REGION}&lang=en")
    assert page.status_code == 200 and calls == []
    slot = _slot(page.text)
    assert 'data-state="pending"' in slot and "<h2>Wat werkt elders</h2>" in slot
    assert "wordt pas berekend als u het opent" in slot
    link = re.search(r'id="elsewhere-load" href="([^"]+)"', slot)
    assert link and "elsewhere=1" in link.group(1) and f"region={REGION}" in link.group(1)
    assert "<h2>What works elsewhere</h2>" in _slot(english.text) and calls == []
    assert not fresh.has_elsewhere(fresh.get(REGION))


def test_the_fragment_is_the_report_s_section_computed_once(
    own_cache: RegiobeeldCache, client: TestClient, calls: list[str]
) -> None:
    rb = own_cache.get(REGION)
    expected_section = elsewhere_section(
        own_cache.region(REGION),
        bottlenecks(rb),
        horizon=rb.horizon,
        seed=rb.seed,
        draws=sections.DRAWS,
    )
    was_cached = own_cache.has_elsewhere(own_cache.get(REGION))
    nl = client.get(f"/fragment/{REGION}/elsewhere")
    again = client.get(f"/fragment/{REGION}/elsewhere")
    en = client.get(f"/fragment/{REGION}/elsewhere?lang=en")
    assert calls == ([] if was_cached else [REGION])  # once, whatever the language
    assert own_cache.elsewhere(REGION) == expected_section
    full = dataclasses.replace(rb, elsewhere=expected_section)
    assert nl.text == again.text == render_elsewhere(full, "nl")
    assert en.text == render_elsewhere(full, "en")
    assert '<section id="elsewhere">' in nl.text and "<h2>Wat werkt elders</h2>" in nl.text
    assert "het register van regionale initiatieven dat regioplan meelevert" in nl.text
    assert "elk met de openbare bron waarop het steunt" in nl.text
    assert "What works elsewhere" in en.text and "each with the public source" in en.text
    assert expected_section.examples
    for example in expected_section.examples:  # every entry with its source
        assert example.name in nl.text and f'href="{example.source}"' in nl.text
    for kind in expected_section.types:
        assert kind.title_nl in nl.text and kind.title in en.text


def test_once_computed_the_page_shows_it_and_without_script_the_link_computes_it(
    own_cache: RegiobeeldCache, client: TestClient, calls: list[str]
) -> None:
    """``elsewhere=1`` (the link a browser without script follows) computes it for the page;
    afterwards every first page of the region has it at once."""
    was_cached = own_cache.has_elsewhere(own_cache.get(REGION))
    linked = client.get(f"/?region={REGION}&elsewhere=1")
    assert linked.status_code == 200
    assert 'data-state="loaded"' in _slot(linked.text)
    assert '<section id="elsewhere">' in linked.text and 'id="elsewhere-load"' not in linked.text
    plain = client.get(f"/?region={REGION}&lang=en")
    assert 'data-state="loaded"' in _slot(plain.text) and "What works elsewhere" in plain.text
    assert calls == ([] if was_cached else [REGION])


def test_the_api_gives_the_section_s_numbers(
    own_cache: RegiobeeldCache, client: TestClient
) -> None:
    answer = client.get(f"/api/regions/{REGION}/elsewhere")
    assert answer.status_code == 200
    body = answer.json()
    assert body == jsonable(dataclasses.asdict(own_cache.elsewhere(REGION)))
    assert body["registry"] == "bundled" and body["registry_size"] > 0
    assert len(body["types"]) == 3 and all(x["source"].startswith("http") for x in body["examples"])
    assert "/api/regions/{code}/elsewhere" in client.get("/openapi.json").json()["paths"]


def test_an_unknown_region_is_a_404_page_and_json(client: TestClient, calls: list[str]) -> None:
    page = client.get("/fragment/Atlantis/elsewhere?lang=en")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "Atlantis" in page.text
    api = client.get("/api/regions/Atlantis/elsewhere")
    assert api.status_code == 404 and api.json()["error"]["type"] == "UnknownRegionError"
    assert calls == []
