"""The dashboard's year switch moves the accessibility: the engine's projection, cached."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from regioplan.access import national_median, region_access
from regioplan.output import format_number
from regioplan.regiobeeld import sections
from regioplan.regions import select_region
from regioplan.web import RegiobeeldCache, create_app

REGION = "GM0599"


def _cells(html: str, stat: str) -> list[str]:
    row = re.search(rf'<tr data-stat="{stat}">(.*?)</tr>', html)
    assert row is not None, stat
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_fragment_follows_the_year_and_matches_the_engine(client: TestClient) -> None:
    """2035 and 2025 show different accessibility, each the engine's projection of that year."""
    region = select_region(REGION)
    frags = {}
    for year in (2025, 2035):
        html = client.get(f"/fragment/{REGION}", params={"profession": "so", "year": year}).text
        frags[year] = html
        assert f'class="access-projection" data-year="{year}"' in html
        assert f"Bereikbaarheid in {year} (prognose, schatting)" in html
        limit = national_median("so", level="pc4") * sections.SHORT_FRACTION
        want = region_access(region, "so", level="pc4", year=year).summary(threshold=limit)
        mean = _cells(html, "mean")
        assert mean[2] == format_number(want.mean, "nl", 3)
        assert _cells(html, "gini")[2] == format_number(want.gini, "nl", 3)
        muni = region_access(region, "so", level="municipality", year=year)
        tip = re.search(r'data-tip="Rotterdam: ([0-9.,]+) fte', html.split("fig-access-year")[1])
        assert tip is not None
        shown = float(tip.group(1).replace(".", "").replace(",", "."))
        assert shown == pytest.approx(float(muni.scores.iloc[0]), abs=0.0005)
    assert _cells(frags[2025], "mean")[2] != _cells(frags[2035], "mean")[2]
    assert _cells(frags[2025], "mean")[1] == _cells(frags[2035], "mean")[1]  # today's


def test_api_gives_the_projected_year(client: TestClient) -> None:
    region = select_region(REGION)
    body = client.get(
        f"/api/regions/{REGION}/access", params={"profession": "gp", "year": 2035}
    ).json()
    proj = body["projected"]
    assert (proj["year"], proj["requested"]) == (2035, 2035)
    want = region_access(region, "gp", level="municipality", year=2035)
    assert {a["code"]: a["value"] for a in proj["municipalities"]} == pytest.approx(
        want.scores.to_dict()
    )


def test_a_year_outside_the_profession_s_range_is_clamped_with_a_note(
    client: TestClient,
) -> None:
    """GP projections start in 2025: the dashboard's 2024 shows 2025 and says so."""
    html = client.get(f"/fragment/{REGION}", params={"profession": "gp", "year": 2024}).text
    assert 'class="access-projection" data-year="2025" data-requested="2024"' in html
    assert "2024 valt buiten de prognose voor deze beroepsgroep (2025–2045" in html
    so = client.get(f"/fragment/{REGION}", params={"profession": "so", "year": 2024}).text
    assert 'class="note clamp"' not in so


def test_the_years_are_computed_once_per_region_and_profession(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, str]] = []
    real = sections.access_years

    def counted(region, profession, years, **kw):  # type: ignore[no-untyped-def]
        years = list(years)
        if len(years) > 1:  # not the regiobeeld's own horizon year
            calls.append((region.code, profession))
        return real(region, profession, years, **kw)

    monkeypatch.setattr(sections, "access_years", counted)
    store = RegiobeeldCache(seed=11)
    with TestClient(create_app(store)) as c:
        for year in (2026, 2030, 2040, 2031):
            r = c.get(f"/fragment/{REGION}", params={"profession": "avg", "year": year})
            assert r.status_code == 200 and f'data-year="{year}"' in r.text
    assert calls == [(REGION, "avg")]


def test_serve_warm_computes_the_years_before_serving(monkeypatch: pytest.MonkeyPatch) -> None:
    """`regioplan serve --warm R` fills the year cache, so the first year switch is fast."""
    from regioplan.web.cli import ReadyServer, serve

    served: list[object] = []
    monkeypatch.setattr(ReadyServer, "run", lambda self, **kw: served.append(self.config.app))
    calls: list[str] = []
    real = sections.access_years

    def counted(region, profession, years, **kw):  # type: ignore[no-untyped-def]
        years = list(years)
        if len(years) > 1:
            calls.append(profession)
        return real(region, profession, years, **kw)

    monkeypatch.setattr(sections, "access_years", counted)
    serve(host="127.0.0.1", port=8765, own_data=False, warm=REGION)
    assert sorted(calls) == ["avg", "gp", "so"]
    with TestClient(served[0]) as c:  # type: ignore[arg-type]
        r = c.get(f"/fragment/{REGION}", params={"profession": "gp", "year": 2031})
    assert 'data-year="2031"' in r.text
    assert sorted(calls) == ["avg", "gp", "so"]  # nothing computed again
