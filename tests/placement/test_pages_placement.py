"""The placement pages through the app (no browser): sign-in, CSRF, each role's round, errors
in Dutch, the English switch, monitoring with CSV, no external loads, the live stream, the demo.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FAST, PASSWORD, World, clone_world

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

from regioplan.placement import PlacementService, RequestInput, RequestState
from regioplan.placement.auth import SESSION_COOKIE
from regioplan.store import FixedClock, open_database
from regioplan.web.placement_app import create_placement_app
from regioplan.web.placement_live import LiveHub, live_stream
from regioplan.web.placement_pages import static_text
from regioplan.web.placement_texts import ACTIONS, TERMS, TEXTS

T1 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(world_template: tuple[Path, dict[str, int]], tmp_path: Path) -> Iterator[World]:
    w = clone_world(world_template, tmp_path / "pages.sqlite", FixedClock(T1))
    yield w
    w.service.db.close()


@pytest.fixture
def app(world: World) -> object:
    return create_placement_app(world.service)


def client(app: object, username: str | None = None, lang: str | None = None) -> TestClient:
    c = TestClient(app)  # type: ignore[arg-type]
    if lang:
        c.cookies.set("regioplan_lang", lang)
    if username:
        r = login_post(
            c,
            data={"username": username, "password": PASSWORD},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    return c


def login_post(c: TestClient, data: dict[str, str], **options: Any) -> Any:
    """Sign in through the form: load it (its cookie and CSRF token), then post it."""
    token = csrf_of(c.get("/placement/login").text)
    return c.post("/placement/login", data={**data, "csrf": token}, **options)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def error_of(html: str) -> str:
    found = re.search(r'<div class="flash error" role="alert">(.*?)</div>', html, re.S)
    assert found, "no error on the page"
    return re.sub(r"<[^>]+>", " ", found.group(1))


def submit(c: TestClient, **fields: object) -> object:
    token = csrf_of(c.get("/placement/requests").text)
    data: dict[str, object] = {
        "csrf": token,
        "reference": "HA-2026-0042",
        "care_type": "elv_high",
        "urgency": "same_day",
        "municipality": "GM0505",
        "needs": ["dementia"],
    }
    data.update(fields)
    return c.post("/placement/requests", data=data, follow_redirects=False)


def test_pages_need_a_session_and_sign_in_sets_an_http_only_cookie(app: object) -> None:
    anonymous = TestClient(app)  # type: ignore[arg-type]
    r = anonymous.get("/placement/requests", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/placement/login")
    wrong = login_post(anonymous, data={"username": "gp1", "password": "not the password"})
    assert wrong.status_code == 401
    assert "Gebruikersnaam of wachtwoord onjuist" in error_of(wrong.text)

    c = TestClient(app)  # type: ignore[arg-type]
    r = login_post(
        c,
        data={"username": "gp1", "password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/placement/requests"
    cookie = r.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    page = c.get("/placement/requests")
    assert page.status_code == 200 and "Nieuwe aanvraag" in page.text

    out = c.post("/placement/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    session = r.cookies[SESSION_COOKIE]
    again = TestClient(app)  # type: ignore[arg-type]
    again.cookies.set(SESSION_COOKIE, session)
    assert again.get("/placement/requests", follow_redirects=False).status_code == 303


def test_a_form_without_the_sessions_csrf_token_changes_nothing(app: object, world: World) -> None:
    c = client(app, "gp1")
    r = submit(c, csrf="forged")
    assert r.status_code == 403  # type: ignore[attr-defined]
    assert "formulier is verlopen" in error_of(r.text)  # type: ignore[attr-defined]
    assert world.service.list_requests(world.gp) == []


def test_referrer_submits_sees_ranked_matches_and_holds(app: object, world: World) -> None:
    c = client(app, "gp1")
    refused = submit(c, reference="123456782")  # a BSN
    assert refused.status_code == 422  # type: ignore[attr-defined]
    text = error_of(refused.text)  # type: ignore[attr-defined]
    assert "Eigen kenmerk" in text and "burgerservicenummer" in text
    assert world.service.list_requests(world.gp) == []

    made = submit(c)
    assert made.status_code == 303  # type: ignore[attr-defined]
    location = made.headers["location"]  # type: ignore[attr-defined]
    request_id = int(re.search(r"/requests/(\d+)", location).group(1))  # type: ignore[union-attr]
    page = c.get(location).text
    assert f"Aanvraag {request_id} is ingediend" in page
    shown = [int(x) for x in re.findall(r'data-bed-unit="(\d+)"', page)]
    expected = [m.bed_unit_id for m in world.service.match(world.gp, request_id)]
    assert shown == expected and shown  # the service's ranking, in order

    r = c.post(
        f"/placement/requests/{request_id}/hold",
        data={"csrf": csrf_of(page), "bed_unit_id": shown[0]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert world.service.get_request(world.gp, request_id).state is RequestState.HELD
    listing = c.get("/placement/requests").text
    assert f'id="req-{request_id}" data-state="held"' in listing

    other = client(app, "gp2")  # another practice may not see it
    hidden = other.get(f"/placement/requests/{request_id}")
    assert hidden.status_code == 403 and "Dit mag u niet" in error_of(hidden.text)


def test_a_taken_bed_is_told_in_dutch_and_nothing_changes(app: object, world: World) -> None:
    first = world.request()
    second = world.request(reference="HA-2026-0043")
    unit = world.unit()
    world.service.place_hold(world.coordinator, first, unit)
    c = client(app, "coord")
    page = c.get(f"/placement/requests/{second}").text
    r = c.post(
        f"/placement/requests/{second}/hold",
        data={"csrf": csrf_of(page), "bed_unit_id": unit},
    )
    assert r.status_code == 409
    assert "Kies een ander bed" in error_of(r.text)
    assert world.service.get_request(world.coordinator, second).state is RequestState.OPEN


def test_bed_manager_reports_capacity_and_decides_holds(app: object, world: World) -> None:
    c = client(app, "manager")
    page = c.get("/placement/beds").text
    token = csrf_of(page)
    bad = c.post(
        "/placement/beds/capacity",
        data={
            "csrf": token,
            "location_id": world.location,
            "bed_type": "elv_high",
            "physical": "5",
            "staffed": "9",
            "occupied": "1",
        },
    )
    assert bad.status_code == 422
    assert "Bemand: is meer dan het aantal fysieke bedden" in error_of(bad.text)
    letters = c.post(
        "/placement/beds/capacity",
        data={
            "csrf": token,
            "location_id": world.location,
            "bed_type": "elv_high",
            "physical": "tien",
            "staffed": "8",
            "occupied": "6",
        },
    )
    assert letters.status_code == 422 and "Fysiek: moet een heel getal" in error_of(letters.text)
    ok = c.post(
        "/placement/beds/capacity",
        data={
            "csrf": token,
            "location_id": world.location,
            "bed_type": "palliative",
            "physical": "3",
            "staffed": "2",
            "occupied": "1",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    figures = world.service.availability(world.manager, organisation_id=world.care_org)
    assert any(a.bed_type == "palliative" and a.available == 1 for a in figures)
    other_org = c.post(
        "/placement/beds/capacity",
        data={
            "csrf": token,
            "location_id": world.other_location,
            "bed_type": "elv_high",
            "physical": "6",
            "staffed": "6",
            "occupied": "0",
        },
    )
    assert other_org.status_code == 403

    request_id = world.request()
    hold = world.service.place_hold(world.coordinator, request_id, world.unit())
    page = c.get("/placement/beds").text
    assert f'id="hold-{hold.id}" data-status="held"' in page
    r = c.post(
        f"/placement/holds/{hold.id}/decline",
        data={"csrf": token, "reason": "no_staff"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert world.service.get_request(world.coordinator, request_id).state is RequestState.OPEN
    audit = client(app, "coord").get("/placement/audit").text
    assert 'data-action="request.decline"' in audit and "geen personeel" in audit
    ids = [
        int(x)
        for x in re.findall(r'<tr data-action="[^"]+" data-object="[^"]+">\s*<td>(\d+)</td>', audit)
    ]
    assert ids and ids == sorted(ids, reverse=True)  # newest first


def test_stale_figures_are_flagged_and_listed_last(app: object, world: World) -> None:
    world.clock.advance(dt.timedelta(hours=13))
    world.service.confirm_capacity(world.manager, location_id=world.location2, bed_type="elv_high")
    page = client(app, "gp1").get("/placement/availability").text
    rows = re.findall(r'<tr class="(stale)?" id="avail-(\d+)-elv_high"', page)
    assert int(rows[0][1]) == world.location2 and rows[0][0] == ""
    assert all(flag == "stale" for flag, _ in rows[1:]) and len(rows) == 3
    assert page.count("⚠ verouderd") == 2


def test_every_text_exists_in_both_languages_and_the_switch_works(app: object) -> None:
    assert TEXTS["nl"].keys() == TEXTS["en"].keys()
    assert TERMS["nl"].keys() == TERMS["en"].keys()
    assert ACTIONS["nl"].keys() == ACTIONS["en"].keys()
    c = client(app, "coord")
    r = c.get("/placement/lang/en?next=/placement/monitoring", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/placement/monitoring"
    c.cookies.set("regioplan_lang", "en")
    for path, words in (
        ("/placement/requests", "New request"),
        ("/placement/availability", "Availability in the region"),
        ("/placement/monitoring", "Time to placement"),
        ("/placement/audit", "Every change"),
    ):
        page = c.get(path)
        assert page.status_code == 200 and words in page.text, path
        assert '<html lang="en">' in page.text
    evil = c.get("/placement/lang/en?next=https://example.org/", follow_redirects=False)
    assert evil.headers["location"] == "/placement"  # no open redirect


def test_monitoring_page_and_csv_for_the_coordinator_only(app: object, world: World) -> None:
    request_id = world.request()
    hold = world.service.place_hold(world.coordinator, request_id, world.unit())
    world.service.accept_hold(world.manager, hold.id)
    world.clock.advance(dt.timedelta(hours=5))
    world.service.admit(world.manager, hold.id)
    c = client(app, "coord")
    page = c.get("/placement/monitoring").text
    assert "Huisartsenpraktijk Example" in page and "5.0" in page
    assert "Bezetting nu" in page and "Verouderd over de periode" in page
    # the period of the occupancy: from the first capacity report (09:00) to now
    now = world.clock.now().strftime("%Y-%m-%d %H:%M")
    assert f"van 2026-03-02 09:00 tot {now} (UTC)" in page
    csv = c.get("/placement/monitoring.csv?start=2026-03-01&end=2026-03-09")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    assert csv.text.splitlines()[0].startswith("period_start,period_end,level")
    assert "occupancy_now" in csv.text.splitlines()[0].split(",")
    assert "occupancy_period" in csv.text.splitlines()[0].split(",")
    wrong = c.get("/placement/monitoring?start=2026-03-09&end=2026-03-01")
    assert wrong.status_code == 422
    assert "ligt vóór" in error_of(wrong.text) or "Technische melding" in wrong.text
    gp = client(app, "gp1").get("/placement/monitoring")
    assert gp.status_code == 403 and "verwijzer" in error_of(gp.text)


def test_pages_load_nothing_from_elsewhere(app: object, world: World) -> None:
    c = client(app, "coord")
    request_id = world.request()
    for path in (
        "/placement/login",
        "/placement/requests",
        f"/placement/requests/{request_id}",
        "/placement/availability",
        "/placement/audit",
        "/placement/monitoring",
    ):
        r = c.get(path)
        assert r.status_code == 200, path
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert not re.search(r'(src|href|action)="(https?:)?//', r.text), path
        assert "<script>" not in r.text and "<style" not in r.text  # no inline code
    for name in ("placement.css", "placement.js"):
        assert c.get(f"/placement/static/{name}").status_code == 200
        assert "http" not in static_text(name).replace("https://", "").split("//")[0]
    assert c.get("/placement/static/other.js").status_code == 404


def test_live_stream_sends_changes_made_through_another_process(
    world: World, tmp_path: Path
) -> None:
    """A change written through a second database connection (as another server process
    would) arrives on the stream; a change of another region only moves the position."""
    start = world.service.last_event_id()
    session = world.service.start_session("gp1", PASSWORD).token
    stream = live_stream(world.service, session, world.gp, start, seconds=5, wait=2)
    assert next(stream).startswith("retry:")
    other = PlacementService(open_database(tmp_path / "pages.sqlite", clock=world.clock), FAST)
    try:
        made = other.submit_request(
            world.coordinator,
            RequestInput("RCP-0001", "elv_high", "acute", "GM0505", ()),
        )
        message = next(stream)
        assert message.startswith("id: ") and "event: change" in message
        data = json.loads(message.split("data: ", 1)[1])
        assert data[-1]["object_id"] == made.id and data[-1]["kind"]
        far = other.submit_request(
            world.far_coordinator,
            RequestInput("FR-0001", "elv_high", "acute", "GM0080", ()),
        )
        quiet = next(stream)
        assert quiet.startswith("id: ") and "event: change" not in quiet, far
    finally:
        other.db.close()
    world.service.revoke(session)
    assert next(stream, None) in (None, ": keep-alive\n\n")


def test_closing_without_a_reason_is_refused_by_field_then_closes_with_one(
    app: object, world: World
) -> None:
    request_id = world.request()
    c = client(app, "gp1")
    token = csrf_of(c.get(f"/placement/requests/{request_id}").text)
    r = c.post(f"/placement/requests/{request_id}/close", data={"csrf": token, "reason": ""})
    assert r.status_code == 422 and "Reden: is geen toegestane keuze" in error_of(r.text)
    done = c.post(
        f"/placement/requests/{request_id}/close",
        data={"csrf": token, "reason": "no_longer_needed"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    item = world.service.get_request(world.gp, request_id)
    assert item.state is RequestState.CLOSED and item.close_reason == "no_longer_needed"


def test_example_data_is_said_on_every_page_of_a_region_that_has_it(
    app: object, world: World
) -> None:
    c = client(app, "coord")
    assert "example-banner" not in c.get("/placement/availability").text
    world.service.add_organisation(
        None,
        name="Voorbeeld-zorggroep Z",
        kind="care_org",
        region="ZK24",
        municipality="GM0505",
        example=True,
    )
    for path in ("/placement/availability", "/placement/requests", "/placement/monitoring"):
        assert "Voorbeeldgegevens" in c.get(path).text, path


def test_the_hub_wakes_every_open_page_with_one_waiter(world: World, tmp_path: Path) -> None:
    """Two pages' streams on one hub get a change written through a second connection (as
    another server process would); a stream behind the hub's memory reads the database."""
    import asyncio

    session = world.service.start_session("coord", PASSWORD).token
    hub = LiveHub(world.service, memory=3)
    before = world.service.last_event_id()

    async def scenario() -> list[str]:
        first = hub.stream(session, world.coordinator, before, seconds=20, keepalive=10)
        second = hub.stream(session, world.coordinator, before, seconds=20, keepalive=10)
        assert (await anext(first)).startswith("retry:")
        assert (await anext(second)).startswith("retry:")
        pending = [asyncio.ensure_future(anext(s)) for s in (first, second)]
        other = PlacementService(open_database(tmp_path / "pages.sqlite", clock=world.clock), FAST)
        try:
            await asyncio.to_thread(
                other.submit_request,
                world.gp,
                RequestInput("HA-2026-0099", "elv_high", "acute", "GM0505", ()),
            )
            got = await asyncio.wait_for(asyncio.gather(*pending), 15)
            for n in range(4):  # more changes than the hub remembers
                await asyncio.to_thread(
                    other.submit_request,
                    world.gp,
                    RequestInput(f"HA-2026-01{n}0", "elv_high", "acute", "GM0505", ()),
                )
            late = hub.stream(session, world.coordinator, before, seconds=20, keepalive=10)
            await anext(late)
            seen: list[int] = []
            while len(seen) < 5:
                text = await asyncio.wait_for(anext(late), 15)
                got.append(text)
                seen += [e["id"] for e in json.loads(text.split("data: ", 1)[1])]
        finally:
            other.db.close()
        for s in (first, second, late):
            await s.aclose()
        return got

    got = asyncio.run(scenario())
    assert all("event: change" in m for m in got)
    ids = [[e["id"] for e in json.loads(m.split("data: ", 1)[1])] for m in got]
    assert ids[0] == ids[1] == [before + 1]  # both pages, once each
    late = [i for batch in ids[2:] for i in batch]
    assert late == list(range(before + 1, before + 6))  # in order, none missed, none twice


def test_a_one_time_password_must_be_changed_before_anything_else(
    app: object, world: World
) -> None:
    import inspect

    if "one_time" not in inspect.signature(world.service.add_user).parameters:
        pytest.skip("the service has no one-time passwords")
    world.service.add_user(
        None,
        username="new.gp",
        password="printed-once-42",
        role="referrer",
        organisation_id=world.gp.organisation_id,
        one_time=True,
    )
    c = TestClient(app)  # type: ignore[arg-type]
    r = login_post(
        c,
        data={"username": "new.gp", "password": "printed-once-42"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/placement/password"
    assert c.get("/placement/requests", follow_redirects=False).headers["location"] == (
        "/placement/password"
    )
    page = c.get("/placement/password").text
    assert "eenmalig wachtwoord" in page
    token = csrf_of(page)
    differ = c.post(
        "/placement/password",
        data={"csrf": token, "old": "printed-once-42", "new": "my own sentence", "repeat": "x"},
    )
    assert differ.status_code == 422 and "niet gelijk" in error_of(differ.text)
    done = c.post(
        "/placement/password",
        data={
            "csrf": token,
            "old": "printed-once-42",
            "new": "my own sentence",
            "repeat": "my own sentence",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("msg=password")
    assert c.get("/placement/requests").status_code == 200
    assert world.service.login("new.gp", "my own sentence").role == "referrer"


def test_a_one_time_password_also_closes_the_live_stream_and_the_registry(
    app: object, world: World
) -> None:
    world.service.add_user(
        None,
        username="new.gp",
        password="printed-once-42",
        role="referrer",
        organisation_id=world.gp.organisation_id,
        one_time=True,
    )
    c = TestClient(app)  # type: ignore[arg-type]
    login_post(
        c,
        data={"username": "new.gp", "password": "printed-once-42"},
        follow_redirects=False,
    )
    assert c.get("/placement/live").status_code == 403
    api = c.get("/api/registry/initiatives")
    assert api.status_code == 403
    assert api.json()["error"]["details"]["code"] == "password_change_required"
    for path in ("/initiatieven", "/initiatieven/nieuw", "/initiatieven/scan"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/placement/password", path
    # anonymous readers still read the registry
    assert TestClient(app).get("/initiatieven").status_code == 200  # type: ignore[arg-type]


def test_a_programme_coach_lands_on_the_registry_and_has_a_name_in_both_languages(
    app: object, world: World
) -> None:
    from regioplan.web.placement_texts import term

    assert term("nl", "programme_coach") == "programmacoach"
    assert term("en", "programme_coach") == "programme coach"
    world.service.add_user(
        None,
        username="coach",
        password=PASSWORD,
        role="programme_coach",
        organisation_id=world.admin.organisation_id,
    )
    c = client(app)
    r = login_post(
        c,
        data={"username": "coach", "password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/initiatieven"
    assert c.get("/placement", follow_redirects=False).headers["location"] == "/initiatieven"
    assert c.get("/initiatieven").status_code == 200


def test_a_sign_in_without_the_forms_token_is_refused(app: object) -> None:
    # login CSRF: a page elsewhere posting the sign-in form (with its own account) signs in
    # nobody; the refusal says so in the page's language
    forged = TestClient(app)  # type: ignore[arg-type]
    r = forged.post(
        "/placement/login",
        data={"username": "gp1", "password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 403 and SESSION_COOKIE not in r.cookies
    assert "formulier is verlopen" in error_of(r.text)
    # with the form's cookie but without (or with a wrong) token: refused as well
    c = TestClient(app)  # type: ignore[arg-type]
    c.cookies.set("regioplan_lang", "en")
    form = c.get("/placement/login")
    assert "regioplan_login" in form.cookies
    for token in ("", "0" * 64):
        r = c.post(
            "/placement/login",
            data={"username": "gp1", "password": PASSWORD, "csrf": token},
            follow_redirects=False,
        )
        assert r.status_code == 403 and SESSION_COOKIE not in r.cookies
        assert "form has expired" in error_of(r.text)
    ok = login_post(c, {"username": "gp1", "password": PASSWORD}, follow_redirects=False)
    assert ok.status_code == 303 and SESSION_COOKIE in ok.cookies
