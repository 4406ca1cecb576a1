"""Browser test: Debian's Chromium signs in as an organisation's user, adds an initiative in the
registry's pages, makes it public, edits the bottleneck it met, a measured result and a source in
the form's rows (a wrong date is named in Dutch and saves nothing), and finds it in another
region's scan page; the map shows it and the English switch works.

Skipped when /usr/bin/chromium or Playwright is absent. Run alone with ``pytest -m browser``.
"""

from __future__ import annotations

import datetime as dt
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from registry_world import PASSWORD, build_world

from regioplan.store import FixedClock, open_database
from regioplan.web.placement_app import create_placement_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(tempfile.gettempdir()) / "regioplan-screenshots"
TIMEOUT_MS = 180_000
"""Waits for pages and elements: generous, so that a busy machine only makes the test slower."""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason="Debian's Chromium (/usr/bin/chromium) is absent"
    ),
]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The placement app (with the registry) on 127.0.0.1, a database with two organisations
    and the bundled real initiatives."""
    import uvicorn

    path = tmp_path_factory.mktemp("registry-browser") / "registry.sqlite"
    clock = FixedClock(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC))
    db = open_database(f"sqlite:///{path}", clock=clock)
    world = build_world(db, clock)
    world.registry.seed()
    port = _free_port()
    config = uvicorn.Config(
        create_placement_app(world.placement),
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
    db.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
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


def test_an_organisation_adds_an_initiative_and_another_regions_scan_shows_it(
    server: str, browser: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(server) else None,
    )
    page.goto(f"{server}/initiatieven")
    assert page.locator("svg.initiative-map a.mark").count() > 20
    box = page.locator("svg.initiative-map").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    # an organisation's user (Zorggroep Voorbeeld B, Friesland) signs in and adds an initiative
    page.click("#nav-new")
    page.fill("#l-user", "referrer-b")
    page.fill("#l-password", PASSWORD)
    page.click("#l-go")
    page.wait_for_selector("#e-id")
    page.fill("#e-id", "browser-test-training")
    page.fill("#e-name", "Browser test: regional training (test data)")
    page.fill("#e-summary", "Added by the browser test; not a real initiative.")
    page.select_option("#e-type", "regional_training")
    page.select_option("#e-stage", "pilot")
    page.fill("#e-since", "2026-09")
    page.check("#e-domain-gp_care")
    page.fill("#e-municipalities", "GM0080")
    page.check("#e-test-data")
    page.click("#e-save")
    page.wait_for_selector("#history")
    assert page.locator("#history tr[data-version]").count() == 1
    assert "referrer-b" in page.locator("#history").inner_text()
    page.click("#publish")
    page.wait_for_selector("#history tr[data-version='2']")
    # it edits the bottleneck it met, a measured result and a source link in the form's rows
    page.click("#edit")
    page.wait_for_selector("#e-bottlenecks-0-code")
    page.select_option("#e-bottlenecks-0-code", "scaling_up")
    page.fill("#e-bottlenecks-0-what_happened", "Only one practice could train (test data).")
    page.fill("#e-bottlenecks-0-how_solved", "Two practices share a trainer (test data).")
    page.fill("#e-results-0-indicator", "Trainees placed (test data)")
    page.fill("#e-results-0-value", "2")
    page.fill("#e-results-0-unit", "fte")
    page.fill("#e-results-0-date", "2026-14")  # a month that does not exist
    page.select_option("#e-results-0-profession", "gp")
    page.fill("#e-results-0-source", "https://example.org/browser-test-result")
    page.click("#e-more-sources")  # one more row; nothing is saved
    page.wait_for_selector("#e-sources-1-url")
    assert page.input_value("#e-results-0-date") == "2026-14"
    page.fill("#e-sources-1-url", "https://example.org/browser-test-source")
    page.fill("#e-sources-1-title", "Browser test source (test data)")
    page.click("#e-save")
    page.wait_for_selector("#problems")
    problems = page.locator("#problems").inner_text()
    assert "Resultaat 1: datum" in problems and "2026-14 is geen bestaande datum" in problems
    assert page.get_attribute("#e-results-0-date", "aria-invalid") == "true"
    page.locator("#problems").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "registry-form-problems.png"), full_page=True)
    page.fill("#e-results-0-date", "2026-11")
    page.click("#e-save")
    page.wait_for_selector("#history tr[data-version='3']")
    assert "opschaling" in page.locator("ul.bottlenecks").inner_text()
    assert "Trainees placed (test data): 2 fte" in page.locator("ul.results").inner_text()
    assert page.locator("ul.sources a[href='https://example.org/browser-test-source']").count()
    changed = page.locator("#history tr[data-version='3'] [data-field]")
    assert changed.all_inner_texts() == ["Knelpunten", "Resultaten", "Bronnen"]
    page.screenshot(path=str(SHOTS / "registry-initiative.png"), full_page=True)
    # the map and the list show it to everyone
    page.click("#signout")
    page.goto(f"{server}/initiatieven?type=regional_training")
    assert page.locator("svg.initiative-map a.mark[data-id='browser-test-training']").count() == 1
    page.screenshot(path=str(SHOTS / "registry-list.png"), full_page=True)
    # the scan of Waardenland (ZK24), another region, lists it under its type, for anyone
    page.goto(f"{server}/initiatieven/scan?draws=20")
    page.fill("#s-region", "ZK24")
    page.click("#s-go")
    found = page.locator(
        "tr[data-type='regional_training'] .elsewhere[data-id='browser-test-training']"
    )
    found.wait_for()
    assert "Friesland" in found.inner_text()
    page.screenshot(path=str(SHOTS / "registry-scan.png"), full_page=True)
    page.click("#switch-lang")
    page.wait_for_selector("html[lang='en']")
    assert "Regional scan" in page.locator("h1").inner_text()
    assert outside == []  # no external loads
    page.close()
