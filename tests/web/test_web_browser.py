"""Browser test: Debian's Chromium opens the report and the dashboard, checks that maps and charts
render, hovers, switches profession, year and language, and saves screenshots.

The screenshots go to a temporary folder, or to docs/img/ (the pictures docs/report.md shows)
when ``REGIOPLAN_UPDATE_SCREENSHOTS=1``, so a test run never changes tracked files:

    REGIOPLAN_UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/web/test_web_browser.py

Skipped when /usr/bin/chromium or Playwright is absent. Run alone with ``pytest -m browser``.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regioplan.regiobeeld import build_regiobeeld
from regioplan.regions import select_region
from regioplan.report import render_html
from regioplan.web import RegiobeeldCache, create_app

CHROMIUM = Path("/usr/bin/chromium")
IMG = (
    Path(__file__).resolve().parents[2] / "docs" / "img"
    if os.environ.get("REGIOPLAN_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "regioplan-screenshots"
)
REGION = "ZK24"
SEED = 7

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason="Debian's Chromium (/usr/bin/chromium) is absent"
    ),
]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


BROWSER_TIMEOUT_MS = 180_000
"""Waits for pages and elements: generous, so that a busy machine only makes the tests slower."""


def _page(browser: object, viewport: dict[str, int]) -> Any:
    """A new page whose waits allow for a busy machine."""
    page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
    return page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    cache = RegiobeeldCache(seed=SEED)
    cache.get(REGION)
    for profession in ("gp", "so", "avg"):  # the year switch's accessibility, every year once
        cache.access_year(REGION, profession, 2030)
    port = _free_port()
    config = uvicorn.Config(
        create_app(cache),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="none",
        lifespan="off",
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _box_ok(locator: object) -> bool:
    box = locator.bounding_box()  # type: ignore[attr-defined]
    return box is not None and box["width"] > 10 and box["height"] > 10


def _assert_drawn(page: object) -> None:
    """Maps and charts are on screen with real size, not only in the markup."""
    for selector in (
        "svg.map path.area",
        "svg.chart.band polyline.median",
        "svg.chart.band polygon.band",
        "svg.chart.hbar rect.bar",
    ):
        loc = page.locator(selector).last  # type: ignore[attr-defined]
        loc.scroll_into_view_if_needed()
        assert _box_ok(loc), selector


def _show(page: object, selector: str) -> None:
    """Scroll the dashboard so `selector` starts just below the sticky control bar."""
    page.eval_on_selector(  # type: ignore[attr-defined]
        selector,
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY"
        " - document.getElementById('controls').offsetHeight - 8)",
    )


def _hover_shows_tip(page: object, selector: str) -> str:
    target = page.locator(selector).first  # type: ignore[attr-defined]
    target.scroll_into_view_if_needed()
    target.hover()
    tip = page.locator("#tip")  # type: ignore[attr-defined]
    tip.wait_for(state="visible")
    text = str(tip.text_content())
    assert any(ch.isdigit() for ch in text), text
    return text


def test_report_renders_maps_charts_and_tooltips(browser: object, tmp_path: Path) -> None:
    rb = build_regiobeeld(select_region(REGION), seed=SEED)
    IMG.mkdir(parents=True, exist_ok=True)
    for lang in ("nl", "en"):
        path = tmp_path / f"report_{lang}.html"
        path.write_text(render_html(rb, lang), encoding="utf-8")
        page = _page(browser, {"width": 1200, "height": 900})
        page.goto(path.as_uri())
        assert page.get_attribute("html", "lang") == lang
        _assert_drawn(page)
        tip = _hover_shows_tip(page, "#access svg.map path.area")
        assert ("fte per 10.000" in tip) if lang == "nl" else ("FTE per 10,000" in tip)
        _hover_shows_tip(page, "svg.chart.band rect.hit")
        page.mouse.move(1, 1)  # hide the tooltip before the screenshots
        if lang == "nl":
            page.locator("header.top").screenshot(path=str(IMG / "report_header_nl.png"))
            page.locator("#summary").screenshot(path=str(IMG / "report_summary_nl.png"))
            page.locator("#region figure").screenshot(path=str(IMG / "report_map_nl.png"))
            page.locator('#workforce .profession[data-profession="so"]').screenshot(
                path=str(IMG / "report_workforce_so_nl.png")
            )
            page.locator('#access .profession[data-profession="gp"]').screenshot(
                path=str(IMG / "report_access_gp_nl.png")
            )
            page.locator('#access .profession[data-profession="so"] .access-projection').screenshot(
                path=str(IMG / "report_access_so_horizon_nl.png")
            )
            page.locator("#distance").screenshot(path=str(IMG / "report_distance_nl.png"))
            page.locator("#ooh").screenshot(path=str(IMG / "report_ooh_nl.png"))
        else:
            page.locator("#summary").screenshot(path=str(IMG / "report_summary_en.png"))
        page.close()


def test_dashboard_switches_profession_year_and_language(browser: object, server: str) -> None:
    page = _page(browser, {"width": 1280, "height": 900})
    page.goto(f"{server}/?region={REGION}&lang=nl&profession=gp")
    _assert_drawn(page)
    _hover_shows_tip(page, "#access svg.map path.area")
    assert page.locator('#workforce .profession[data-profession="gp"]').count() == 1
    page.screenshot(path=str(IMG / "dashboard_gp_nl.png"))

    page.click('#profession button[data-profession="so"]')
    page.wait_for_selector('#panel[data-profession="so"]')
    assert page.locator('#workforce .profession[data-profession="so"]').count() == 1
    assert page.locator('#workforce .profession[data-profession="gp"]').count() == 0
    _assert_drawn(page)

    page.eval_on_selector(
        "#year",
        "el => { el.value = '2030'; el.dispatchEvent(new Event('input'));"
        " el.dispatchEvent(new Event('change')); }",
    )
    page.wait_for_selector('#panel[data-year="2030"]')
    demand = page.locator("#workforce .kpi").filter(has_text="Vraag 2030")
    assert demand.count() == 1
    assert page.locator("svg.chart.band line.marker").count() == 1
    assert page.locator("#yearval").text_content() == "2030"
    # the year switch moves the accessibility: the projected map of 2030 is drawn and hovers
    projected = page.locator('#access .access-projection[data-year="2030"]')
    assert projected.count() == 1
    area = projected.locator("svg.map path.area").first
    area.scroll_into_view_if_needed()
    assert _box_ok(area)
    tip = _hover_shows_tip(page, '#access .access-projection[data-year="2030"] svg.map path.area')
    assert "(2030, schatting)" in tip
    page.mouse.move(1, 1)
    _show(page, "#access .access-projection")
    page.screenshot(path=str(IMG / "dashboard_access_so_2030_nl.png"))
    _show(page, '#workforce .profession[data-profession="so"]')
    page.screenshot(path=str(IMG / "dashboard_so_2030_nl.png"))

    page.click('#lang button[data-lang="en"]')
    page.wait_for_selector('html[lang="en"]')
    assert "Physicians: supply, demand and gap" in str(page.locator("#workforce h2").text_content())
    assert 'data-profession="so"' in page.content()
    _assert_drawn(page)
    _hover_shows_tip(page, "svg.chart.band rect.hit")
    page.mouse.move(1, 1)
    _show(page, "#summary")
    page.screenshot(path=str(IMG / "dashboard_so_en.png"))

    page.select_option("#region", "GM0599")
    page.wait_for_selector('#panel[data-region="GM0599"]')
    assert "Rotterdam" in str(page.locator("#heading").text_content())
    assert page.get_attribute("html", "lang") == "en"
    _assert_drawn(page)
    page.close()


def test_report_prints_to_pdf(tmp_path: Path) -> None:
    """`--pdf` prints the HTML with headless Chromium."""
    from regioplan.report import write_pdf

    html = tmp_path / "r.html"
    html.write_text(
        render_html(build_regiobeeld(select_region("GM0599"), seed=SEED), "nl"), encoding="utf-8"
    )
    pdf = tmp_path / "r.pdf"
    write_pdf(html, pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 50_000


def test_printed_report_fits_an_a4_page_width(browser: object, tmp_path: Path) -> None:
    """Printed on A4 portrait (about 720 CSS px between the margins) nothing is wider than the
    page: the municipality table's eight columns ran to 950 px, so the PDF lost the AVG ones."""
    rb = build_regiobeeld(select_region(REGION), seed=SEED)
    path = tmp_path / "report_print.html"
    path.write_text(render_html(rb, "nl"), encoding="utf-8")
    page = _page(browser, {"width": 720, "height": 1000})
    page.emulate_media(media="print")
    page.goto(path.as_uri())
    wide = page.evaluate(
        "() => [...document.querySelectorAll('main > section > *, main table')]"
        ".filter(el => el.getBoundingClientRect().right > 721)"
        ".map(el => el.tagName + '.' + el.className)"
    )
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 720
    page.close()


def test_side_by_side_scatter_text_is_legible_on_a_projector(
    browser: object, tmp_path: Path
) -> None:
    """The distance charts stand two in a row; their axis text was drawn at about 9 px."""
    rb = build_regiobeeld(select_region(REGION), seed=SEED)
    path = tmp_path / "report_scatter.html"
    path.write_text(render_html(rb, "nl"), encoding="utf-8")
    page = _page(browser, {"width": 1280, "height": 900})
    page.goto(path.as_uri())
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('#distance svg.scatter text')]"
        ".map(t => { const m = t.getScreenCTM(); "
        "return Number(t.getAttribute('font-size')) * Math.hypot(m.a, m.b); })"
    )
    assert sizes and min(sizes) >= 12.0, sizes
    page.close()


def test_a_wrong_region_shows_a_dutch_error_page_with_a_way_back(
    browser: object, server: str
) -> None:
    """Issue #16 item 11: `/?region=bogus` showed raw JSON in the browser."""
    page = _page(browser, {"width": 1280, "height": 900})
    answer = page.goto(f"{server}/?region=bogus")
    assert answer is not None and answer.status == 404
    assert page.get_attribute("html", "lang") == "nl"
    assert page.locator("h1").text_content() == "Regio niet gevonden"
    assert page.locator(".error-message").text_content() == "Er is geen regio ‘bogus’."
    assert '"error"' not in str(page.locator("body").text_content())
    page.click("#switch-lang")
    page.wait_for_selector('html[lang="en"]')
    assert page.locator("h1").text_content() == "Region not found"
    page.click("#home")
    page.wait_for_selector(f'#panel[data-region="{REGION}"]')
    assert page.get_attribute("html", "lang") == "en"
    page.close()


def test_dashboard_computes_what_works_elsewhere_only_when_it_comes_into_view(
    browser: object, server: str
) -> None:
    """Issue #19: the dashboard's "Wat werkt elders" is not part of the first page; its place
    asks for it when scrolled into view, then shows the report's section with its sources, and
    the next page of the region has it at once (cached). Zeeland: no other test opens it."""
    page = _page(browser, {"width": 1280, "height": 900})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/elsewhere" in r.url else None)
    page.goto(f"{server}/?region=ZK27&lang=nl")
    assert page.get_attribute("#elsewhere-slot", "data-state") == "pending"
    assert asked == []  # the first page did not ask for it
    slot = page.locator("#elsewhere-slot")
    slot.scroll_into_view_if_needed()
    page.wait_for_selector('#elsewhere-slot[data-state="loaded"]')
    assert [u.split("?")[0].rsplit("/", 2)[-2:] for u in asked] == [["ZK27", "elsewhere"]]
    section = page.locator("#elsewhere")
    assert section.locator("h2").text_content() == "Wat werkt elders"
    assert section.locator("table.elsewhere tbody tr").count() == 3
    sources = section.locator("ul.elsewhere li a[href^='http']")
    assert sources.count() >= 1
    assert "openbare bron" in str(section.locator("p.registry-note").text_content())
    _show(page, "#elsewhere")
    page.screenshot(path=str(IMG / "dashboard_elsewhere_nl.png"))
    page.click('#lang button[data-lang="en"]')
    page.wait_for_selector('html[lang="en"]')
    assert page.get_attribute("#elsewhere-slot", "data-state") == "loaded"  # no second wait
    assert page.locator("#elsewhere h2").text_content() == "What works elsewhere"
    assert len(asked) == 1
    page.close()


def _point_on(page: object, selector: str) -> tuple[float, float]:
    """A viewport point where `selector` (an SVG path) is the element on top: its bounding box
    scanned on a grid (the centre of a region may lie in another region)."""
    point = page.eval_on_selector(  # type: ignore[attr-defined]
        selector,
        """el => {
          const b = el.getBoundingClientRect();
          for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
            const x = b.left + b.width * i / 40, y = b.top + b.height * j / 40;
            const hit = document.elementFromPoint(x, y);
            if (hit === el || el.contains(hit)) { return [x, y]; }
          }
          return null;
        }""",
    )
    assert point is not None, selector
    return float(point[0]), float(point[1])


def test_national_page_recolours_on_a_switch_and_opens_a_regiobeeld(
    browser: object, server: str
) -> None:
    """Issue #22 item 1: the national map recolours when the profession (or year) switches,
    without a reload, and a click on a region (map or list) opens its regiobeeld."""
    import json
    import urllib.request

    from regioplan.report.national import gap_class
    from regioplan.report.svgbase import class_fill

    def expected(profession: str, when: str) -> dict[str, str]:
        url = f"{server}/api/national?level=zorgkantoor&profession={profession}"
        with urllib.request.urlopen(url) as answer:
            rows = json.load(answer)["rows"]
        band = "gap_now" if when == "now" else "gap_horizon"
        return {r["code"]: class_fill(gap_class(r[band]["p50"]), "nat") for r in rows}

    def fills() -> dict[str, str]:
        return dict(
            page.eval_on_selector_all(
                "#national-map path.area[data-code]",
                "els => els.map(e => [e.getAttribute('data-code'), e.getAttribute('fill')])",
            )
        )

    page = _page(browser, {"width": 1280, "height": 900})
    page.goto(f"{server}/national?lang=nl")
    page.wait_for_selector('#national[data-profession="gp"]')
    area = page.locator('#national-map path.area[data-code="ZK24"]')
    assert _box_ok(area)
    gp = fills()
    assert gp == expected("gp", "horizon")
    page.evaluate("window.notReloaded = true")

    page.click('#profession button[data-profession="so"]')
    page.wait_for_selector('#national[data-profession="so"]')
    so = fills()
    assert so == expected("so", "horizon")
    assert so != gp
    assert page.evaluate("window.notReloaded") is True  # recoloured in place, no reload
    assert "/national?level=zorgkantoor&profession=so" in page.url
    tip = _hover_shows_tip(page, '#national-map path.area[data-code="ZK24"]')
    assert tip.startswith("Waardenland: relatief tekort 2040")

    page.click('#when button[data-when="now"]')
    page.wait_for_selector('#national[data-when="now"]')
    assert fills() == expected("so", "now")
    assert page.evaluate("window.notReloaded") is True
    page.mouse.move(1, 1)
    page.screenshot(path=str(IMG / "national_so_now_nl.png"))

    # the list's link opens the regiobeeld ...
    page.click('#national-list a.region-link[href^="/?region=ZK24&"]')
    page.wait_for_selector(f'#panel[data-region="{REGION}"]')
    assert page.get_attribute("html", "lang") == "nl"
    page.go_back()
    page.wait_for_selector("#national-map path.area[data-code]")

    # ... and so does the map: a click on the region's own area
    page.click('#when button[data-when="horizon"]')
    page.wait_for_selector('#national[data-when="horizon"]')
    x, y = _point_on(page, '#national-map path.area[data-code="ZK24"]')
    page.mouse.click(x, y)
    page.wait_for_selector(f'#panel[data-region="{REGION}"]')
    assert "region=ZK24" in page.url
    page.close()
