"""Browser test of the placement pages: Debian's Chromium, two server processes, one database.

Two ``regioplan placement serve`` processes on 127.0.0.1 share one SQLite file (and, when it is
reachable, one PostgreSQL schema). A referrer signs in on server A and submits a request; a
coordinator signed in on server B places a hold; the bed manager's page on server A shows the
hold without a reload (the change travelled through the database's change feed), the manager
accepts, the referrer's and the coordinator's open pages update live, and the coordinator's
audit page shows the hold and the acceptance. Then the administrator adds a user, whose one-time
password signs in on the other server and leads to the password change. Every request the
browser makes goes to 127.0.0.1 (no external loads). A second test refuses an open page's live
refreshes (503) until a change has happened, and the page still shows it: it tries again.

Screenshots go to a temporary folder, or to docs/img/ with ``REGIOPLAN_UPDATE_SCREENSHOTS=1``.
Skipped when /usr/bin/chromium or Playwright is absent; waits are bounded.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD, T0, build_world
from regioplan.store import FixedClock, open_database

CHROMIUM = Path("/usr/bin/chromium")
REGIOPLAN = str(Path(sys.executable).with_name("regioplan"))
"""The command line of the environment the tests run in."""
ROOT = Path(__file__).resolve().parents[2]
IMG = (
    ROOT / "docs" / "img"
    if os.environ.get("REGIOPLAN_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "regioplan-screenshots"
)
START_SECONDS = 90.0
"""Longest wait for a server process to accept connections (a busy machine is slow)."""
LIVE_MS = 30_000
"""Longest wait for a live update to reach an open page (it normally takes about a second)."""

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


def _spawn(url: str, log: Path) -> tuple[subprocess.Popen[str], int]:
    """Start a ``regioplan placement serve`` process on a free port."""
    port = _free_port()
    with log.open("w") as err:
        proc = subprocess.Popen(
            [REGIOPLAN, "placement", "serve", "--db", url, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            cwd=ROOT,
        )
    return proc, port


def _ready(proc: subprocess.Popen[str], port: int, log: Path) -> str:
    """The base address once `proc` accepts connections (it prints so); fails after
    :data:`START_SECONDS`."""
    assert proc.stdout is not None
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if "ready at" in line:
            return f"http://127.0.0.1:{port}"
        if proc.poll() is not None:
            break
    pytest.fail(f"placement server did not start: {log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen[str]) -> None:
    """Stop a server; a live stream may hold it a few seconds, then it is killed."""
    proc.terminate()
    try:
        proc.wait(timeout=8)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)
    if proc.stdout is not None:
        proc.stdout.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two server processes on one database holding the small test region."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'placement.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    clock = FixedClock(T0)
    with open_database(url, clock=clock) as db:
        build_world(db, clock)
    servers = [_spawn(url, tmp_path / f"server-{n}.log") for n in "ab"]
    try:
        base_a, base_b = (
            _ready(proc, port, tmp_path / f"server-{n}.log")
            for (proc, port), n in zip(servers, "ab", strict=True)
        )
    except BaseException:
        for proc, _ in servers:
            _stop(proc)
        raise
    try:
        yield base_a, base_b
    finally:
        for proc, _ in servers:
            _stop(proc)


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


def _page(browser: Any, base: str, outside: list[str]) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(60_000)

    def watch(req: Any) -> None:
        if not req.url.startswith(base) and not req.url.startswith("data:"):
            outside.append(req.url)

    page.on("request", watch)
    return page


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/placement/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_selector("header nav")
    page.wait_for_selector("body[data-live-state=connected]", timeout=LIVE_MS)


def _shot(page: Any, name: str) -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMG / name), full_page=True)


def test_referrer_coordinator_and_bed_manager_work_live_across_two_servers(
    browser: Any, two_servers: tuple[str, str]
) -> None:
    """The whole round in the browser; the other users' open pages follow without a reload."""
    base_a, base_b = two_servers
    outside_a: list[str] = []
    outside_b: list[str] = []
    gp = _page(browser, base_a, outside_a)
    manager = _page(browser, base_a, outside_a)
    coordinator = _page(browser, base_b, outside_b)

    _login(manager, base_a, "manager")
    assert manager.url.endswith("/placement/beds")
    assert "Binnenkomende reserveringen" in manager.content()  # Dutch by default

    _login(gp, base_a, "gp1")
    gp.fill("input[name=reference]", "12-03-1941")  # a date of birth is refused, in Dutch
    gp.click("#request-form button[type=submit]")
    assert "geboortedatum" in gp.locator(".flash.error").inner_text()
    gp.fill("input[name=reference]", "HA-2026-0042")
    gp.select_option("select[name=care_type]", "elv_high")
    gp.check("input[name=needs][value=dementia]")
    gp.click("#request-form button[type=submit]")
    gp.wait_for_selector("#request-state[data-state=open]")
    request_id = int(re.search(r"/requests/(\d+)", gp.url).group(1))  # type: ignore[union-attr]
    assert gp.locator("#matches tbody tr").count() >= 1  # ranked by fit and travel time
    _shot(gp, "placement-referrer.png")

    _login(coordinator, base_b, "coord")
    coordinator.goto(f"{base_b}/placement/requests/{request_id}")
    coordinator.wait_for_selector("body[data-live-state=connected]", timeout=LIVE_MS)
    coordinator.locator("#matches tbody tr").first.locator("button").click()
    coordinator.wait_for_selector("#request-state[data-state=held]")

    # server A's pages learn of server B's hold through the database
    manager.wait_for_selector("#incoming tr[data-status=held]", timeout=LIVE_MS)
    gp.wait_for_selector("#request-state[data-state=held]", timeout=LIVE_MS)
    _shot(manager, "placement-bed-manager.png")

    manager.locator("#incoming tr[data-status=held] button", has_text="Accepteren").click()
    manager.wait_for_selector("#incoming tr[data-status=accepted]")
    gp.wait_for_selector("#request-state[data-state=accepted]", timeout=LIVE_MS)
    coordinator.wait_for_selector("#request-state[data-state=accepted]", timeout=LIVE_MS)

    coordinator.goto(f"{base_b}/placement/audit")
    actions = coordinator.locator(f"#audit tr[data-object='request-{request_id}']")
    seen = {actions.nth(i).get_attribute("data-action") for i in range(actions.count())}
    assert {"request.submit", "request.hold", "request.accept"} <= seen
    assert "bed gereserveerd" in coordinator.locator("#audit").inner_text()

    coordinator.click("a.lang")  # the English switch
    assert "Audit" in coordinator.locator("h1").inner_text()
    assert "hold accepted" in coordinator.locator("#audit").inner_text()

    # the administrator adds a user; its one-time password signs in and asks for a change
    admin = _page(browser, base_a, outside_a)
    _login(admin, base_a, "admin")
    assert admin.url.endswith("/placement/admin")
    _shot(admin, "placement-admin.png")
    admin.fill("#user-form input[name=username]", "gp3")
    admin.select_option("#user-form select[name=role]", "referrer")
    admin.select_option(
        "#user-form select[name=organisation_id]", label="Huisartsenpraktijk Example (ZK24)"
    )
    admin.click("#user-form button[type=submit]")
    password = admin.locator("#one-time-password").inner_text()
    newcomer = _page(browser, base_b, outside_b)
    newcomer.goto(f"{base_b}/placement/login")
    newcomer.fill("input[name=username]", "gp3")
    newcomer.fill("input[name=password]", password)
    newcomer.click("#login button[type=submit]")
    newcomer.wait_for_selector("#one-time")  # the password page: choose your own first
    assert newcomer.url.endswith("/placement/password")

    assert outside_a == [] and outside_b == [], (outside_a, outside_b)
    for page in (gp, manager, coordinator, admin, newcomer):
        page.context.close()


def test_an_open_page_tries_again_when_a_live_refresh_fails(
    browser: Any, two_servers: tuple[str, str]
) -> None:
    """A refresh the server cannot answer (a 503 while the database is busy) is tried again:
    the page still shows the change, although no further change comes to trigger it."""
    import httpx

    base_a, base_b = two_servers
    outside: list[str] = []
    manager = _page(browser, base_a, outside)
    _login(manager, base_a, "manager")
    refused: list[str] = []
    busy = [True]

    def refuse_while_busy(route: Any) -> None:
        if busy[0] and route.request.headers.get("x-live") == "1":
            refused.append(route.request.url)
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()

    manager.route("**/placement/beds*", refuse_while_busy)
    api = f"{base_b}/api/placement"
    with httpx.Client(timeout=30.0) as client:

        def token(username: str) -> dict[str, str]:
            answer = client.post(f"{api}/tokens", json={"username": username, "password": PASSWORD})
            return {"Authorization": f"Bearer {answer.raise_for_status().json()['token']}"}

        gp, coordinator = token("gp1"), token("coord")
        request = {
            "reference": "HA-2026-0043",
            "care_type": "elv_high",
            "urgency": "same_day",
            "municipality": "GM0505",
            "needs": [],
        }
        submitted = client.post(f"{api}/requests", json=request, headers=gp)
        rid = submitted.raise_for_status().json()["id"]
        best = client.get(f"{api}/requests/{rid}/matches", headers=coordinator)
        unit = best.raise_for_status().json()[0]["bed_unit_id"]
        client.post(
            f"{api}/requests/{rid}/hold", json={"bed_unit_id": unit}, headers=coordinator
        ).raise_for_status()
    deadline = time.monotonic() + LIVE_MS / 1000
    while not refused and time.monotonic() < deadline:
        manager.wait_for_timeout(100)
    assert refused, "the page never tried to refresh"
    busy[0] = False  # the database answers again; no change follows
    manager.wait_for_selector("#incoming tr[data-status=held]", timeout=LIVE_MS)
    assert outside == []
    manager.context.close()
