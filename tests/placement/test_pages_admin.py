"""The administrator's pages through the app (no browser): the list without secrets, the forms
through the service and its audit, 403 for every other role, CSRF, errors by field in Dutch and
English with nothing saved, and the one-time password of a new user from the form to the first
sign-in."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD, World, clone_world

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

from regioplan.errors import ValidationError
from regioplan.placement import ORG_KINDS, ROLES
from regioplan.placement.validation import municipality_problem, name_problem
from regioplan.store import FixedClock
from regioplan.web.placement_admin import PASSWORD_ALPHABET, one_time_password
from regioplan.web.placement_admin_texts import (
    ADMIN_TEXTS,
    admin_error_text,
    admin_reason,
    admin_translator,
)
from regioplan.web.placement_app import create_placement_app
from regioplan.web.placement_texts import LANGS, translator

T1 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
ADMIN = "/placement/admin"


@pytest.fixture
def world(world_template: tuple[Path, dict[str, int]], tmp_path: Path) -> Iterator[World]:
    w = clone_world(world_template, tmp_path / "admin.sqlite", FixedClock(T1))
    yield w
    w.service.db.close()


@pytest.fixture
def app(world: World) -> object:
    return create_placement_app(world.service)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def error_of(html: str) -> str:
    found = re.search(r'<div class="flash error" role="alert">(.*?)</div>', html, re.S)
    assert found, "no error on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def sign_in(app: object, username: str, password: str = PASSWORD) -> tuple[TestClient, str]:
    """A client signed in through the form, and where the sign-in led."""
    c = TestClient(app)  # type: ignore[arg-type]
    token = csrf_of(c.get("/placement/login").text)
    r = c.post(
        "/placement/login",
        data={"username": username, "password": password, "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return c, r.headers["location"]


def org_form(**fields: str) -> dict[str, str]:
    return {
        "name": "Hospice De Linde",
        "kind": "care_org",
        "region": "ZK24",
        "municipality": "GM0505",
        **fields,
    }


def audit_actions(world: World) -> list[tuple[str, str | None]]:
    rows = world.service.audit_log(world.admin, newest_first=True, limit=50)
    return [(e.action, e.user) for e in rows]


def test_the_administrator_lands_on_a_list_of_organisations_locations_and_users(
    app: object, world: World
) -> None:
    """Every organisation with kind, region and its locations; every user with role,
    organisation and status -- and no password hash, token or session secret anywhere."""
    c, landing = sign_in(app, "admin")
    assert landing == ADMIN
    page = c.get(ADMIN)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    assert f'href="{ADMIN}" class="here" aria-current="page">Beheer</a>' in html
    row = re.search(
        r'<tr id="org-\d+" data-example="no">\s*<td>Zorggroep Example A.*?</tr>', html, re.S
    )
    assert row, "the care organisation has no row"
    assert "zorgorganisatie" in row.group(0) and "ZK24" in row.group(0)
    assert "Locatie Dordrecht" in row.group(0) and "Locatie Zwijndrecht" in row.group(0)
    assert "dementie, zuurstof" in row.group(0)  # what the location offers, in Dutch
    assert "manager" in row.group(0)  # its user
    for u in world.service.users(world.admin):
        assert f'id="user-{u.id}" data-active="yes" data-must-change="no"' in html
    assert "beddenbeheerder" in html and "coördinator" in html
    assert "$argon2" not in html and c.cookies["regioplan_session"] not in html
    # the administrator cannot block themselves: no button on their own row
    own = re.search(rf'<tr id="user-{world.admin.id}".*?</tr>', html, re.S)
    assert own and "(u)" in own.group(0) and "Blokkeren" not in own.group(0)
    c.cookies.set("regioplan_lang", "en")
    english = c.get(ADMIN).text
    assert "Administration" in english and "care organisation" in english


def test_every_other_role_gets_403_on_the_page_and_on_every_form(app: object, world: World) -> None:
    def state() -> tuple[Any, ...]:
        s = world.service
        return s.organisations(), s.locations(), s.users(world.admin)

    before = state()
    for name in ("gp1", "coord", "manager", "analyst"):
        c, landing = sign_in(app, name)
        start = c.get(landing)
        assert "Beheer" not in re.search(r"<nav>.*?</nav>", start.text, re.S).group(0)
        token = csrf_of(start.text)
        page = c.get(ADMIN)
        assert page.status_code == 403, name
        assert "Dit mag u niet met uw rol" in error_of(page.text)
        for path, data in (
            ("/organisations", org_form(name=f"Van {name}")),
            (
                "/locations",
                {"organisation_id": str(world.care_org), "name": "X", "municipality": "GM0505"},
            ),
            ("/users", {"username": f"by-{name}", "role": "administrator", "organisation_id": "1"}),
            (f"/users/{world.gp.id}/block", {}),
            ("/locations", {"organisation_id": "", "lat": "noord"}),  # bad input: still 403
        ):
            r = c.post(ADMIN + path, data={"csrf": token, **data})
            assert r.status_code == 403, (name, path, r.text[:300])
            assert "Dit mag u niet met uw rol" in error_of(r.text), (name, path)
    assert state() == before


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(
    app: object, world: World
) -> None:
    c, _ = sign_in(app, "admin")
    before = (world.service.organisations(), world.service.users(world.admin))
    for token in (None, "", "forged"):
        data = {} if token is None else {"csrf": token}
        for path, fields in (
            ("/organisations", org_form()),
            ("/users", {"username": "sneaky", "role": "administrator", "organisation_id": "1"}),
            (f"/users/{world.gp.id}/block", {}),
        ):
            r = c.post(ADMIN + path, data={**data, **fields})
            assert r.status_code == 403, (token, path)
            assert "Dit formulier is verlopen" in error_of(r.text)
    assert (world.service.organisations(), world.service.users(world.admin)) == before


def test_a_bad_municipality_code_is_named_in_dutch_and_nothing_is_saved(
    app: object, world: World
) -> None:
    c, _ = sign_in(app, "admin")
    token = csrf_of(c.get(ADMIN).text)
    before = world.service.organisations()
    r = c.post(ADMIN + "/organisations", data={"csrf": token, **org_form(municipality="GM9999")})
    assert r.status_code == 422
    assert "De invoer klopt niet" in error_of(r.text)
    assert "Gemeentecode: is geen gemeentecode" in error_of(r.text)
    assert 'value="Hospice De Linde"' in r.text  # the form keeps what was typed
    # the field is marked, in that form only
    assert r.text.count('aria-invalid="true"') == 1
    assert 'name="municipality" value="GM9999" aria-invalid="true"' in r.text
    assert world.service.organisations() == before

    places = world.service.locations()
    r = c.post(
        ADMIN + "/locations",
        data={
            "csrf": token,
            "organisation_id": str(world.care_org),
            "name": "Locatie Sliedrecht",
            "municipality": "GM05O5",
            "lat": "noord",
            "lon": "9.5",
        },
    )
    told = error_of(r.text)
    assert r.status_code == 422 and "Breedtegraad: is geen getal" in told
    r = c.post(
        ADMIN + "/locations",
        data={
            "csrf": token,
            "organisation_id": str(world.care_org),
            "name": "Locatie Sliedrecht",
            "municipality": "GM05O5",
            "lon": "9,5",
            "features": ["dementia", "dementia"],
        },
    )
    told = error_of(r.text)
    assert r.status_code == 422
    assert "Gemeentecode: is geen gemeentecode" in told
    assert "Lengtegraad: ligt buiten Nederland" in told
    assert "Kan bieden: staat er twee keer in" in told
    assert world.service.locations() == places

    c.cookies.set("regioplan_lang", "en")
    english = c.post(
        ADMIN + "/organisations",
        data={"csrf": token, **org_form(municipality="GM9999", region="ZK99", name=" ")},
    )
    told = error_of(english.text)
    assert english.status_code == 422
    assert "Municipality code: is not a municipality code" in told
    assert "Region: is not a care-office region" in told
    assert "Name: must have 1 to 200 characters" in told
    assert world.service.organisations() == before


def test_organisations_and_locations_are_added_through_the_service_and_audited(
    app: object, world: World
) -> None:
    c, _ = sign_in(app, "admin")
    token = csrf_of(c.get(ADMIN).text)
    r = c.post(
        ADMIN + "/organisations",
        data={"csrf": token, **org_form(municipality="gm0512", example="1")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    made = next(o for o in world.service.organisations() if o.name == "Hospice De Linde")
    assert (made.kind, made.region, made.municipality, made.example) == (
        "care_org",
        "ZK24",
        "GM0512",
        True,
    )
    page = c.get(r.headers["location"])
    assert "Organisatie Hospice De Linde toegevoegd." in page.text
    row = re.search(rf'<tr id="org-{made.id}" data-example="yes">.*?</tr>', page.text, re.S)
    assert row and "voorbeeld" in row.group(0)

    r = c.post(
        ADMIN + "/locations",
        data={
            "csrf": token,
            "organisation_id": str(made.id),
            "name": "Hospice De Linde",
            "municipality": "GM0512",
            "lat": "51,8301",
            "lon": "4.9743",
            "features": ["oxygen", "dementia"],
            "example": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    (place,) = world.service.locations(organisation_id=made.id)
    assert (place.lat, place.lon, place.features, place.example) == (
        51.8301,
        4.9743,
        ("dementia", "oxygen"),
        True,
    )
    page = c.get(r.headers["location"]).text
    assert "Locatie Hospice De Linde toegevoegd." in page
    assert re.search(rf'id="loc-{place.id}" data-example="yes">Hospice De Linde', page)
    assert audit_actions(world)[:2] == [
        ("location.create", "admin"),
        ("organisation.create", "admin"),
    ]
    # a name taken is told as such, and nothing more is saved
    again = c.post(ADMIN + "/organisations", data={"csrf": token, **org_form()})
    assert again.status_code == 409 and "al in gebruik" in error_of(again.text)


def test_a_new_users_one_time_password_is_shown_once_and_must_be_changed_at_sign_in(
    app: object, world: World
) -> None:
    c, _ = sign_in(app, "admin")
    token = csrf_of(c.get(ADMIN).text)
    missing = c.post(ADMIN + "/users", data={"csrf": token, "username": "x", "role": "referrer"})
    told = error_of(missing.text)
    assert missing.status_code == 422
    assert "Organisatie: kies een organisatie" in told
    r = c.post(
        ADMIN + "/users",
        data={
            "csrf": token,
            "username": "new.gp",
            "role": "referrer",
            "organisation_id": str(world.gp.organisation_id),
        },
    )
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    found = re.search(r'id="one-time-password">([^<]+)</code>', r.text)
    assert found
    password = found.group(1)
    assert len(password) == 19 and set(password) <= set(PASSWORD_ALPHABET + "-")
    assert "buiten dit systeem" in r.text and "eerste aanmelding" in r.text
    new = world.service.user("new.gp")
    assert (new.role, new.organisation_id, new.must_change_password) == (
        "referrer",
        world.gp.organisation_id,
        True,
    )
    assert audit_actions(world)[0] == ("user.create", "admin")
    listing = c.get(ADMIN).text
    assert password not in listing  # shown once, on the answer to the form only
    assert f'id="user-{new.id}" data-active="yes" data-must-change="yes"' in listing

    newcomer, landing = sign_in(app, "new.gp", password)
    assert landing == "/placement/password"
    moved = newcomer.get("/placement/requests", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/placement/password"
    form = newcomer.get("/placement/password").text
    assert "eenmalig wachtwoord" in form
    done = newcomer.post(
        "/placement/password",
        data={
            "csrf": csrf_of(form),
            "old": password,
            "new": "my own good sentence",
            "repeat": "my own good sentence",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert newcomer.get("/placement/requests").status_code == 200
    assert 'data-must-change="no"' in re.search(
        rf'<tr id="user-{new.id}"[^>]*>', c.get(ADMIN).text
    ).group(0)

    taken = c.post(
        ADMIN + "/users",
        data={"csrf": token, "username": "new.gp", "role": "referrer", "organisation_id": "1"},
    )
    assert taken.status_code == 409 and "al in gebruik" in error_of(taken.text)
    assert 'id="one-time-password"' not in taken.text
    bad = c.post(
        ADMIN + "/users",
        data={"csrf": token, "username": "Jan Jansen", "role": "boss", "organisation_id": "1"},
    )
    told = error_of(bad.text)
    assert bad.status_code == 422
    assert "Gebruikersnaam: 3 tot 80 tekens" in told and "Rol: is geen toegestane keuze" in told


def test_blocking_signs_the_user_out_and_unblocking_lets_them_in_again(
    app: object, world: World
) -> None:
    gp, _ = sign_in(app, "gp1")
    c, _ = sign_in(app, "admin")
    token = csrf_of(c.get(ADMIN).text)
    r = c.post(f"{ADMIN}/users/{world.gp.id}/block", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "Gebruiker gp1 geblokkeerd" in page
    assert f'id="user-{world.gp.id}" data-active="no"' in page
    assert gp.get("/placement/requests", follow_redirects=False).status_code == 303  # signed out
    self_block = c.post(f"{ADMIN}/users/{world.admin.id}/block", data={"csrf": token})
    assert self_block.status_code == 422
    assert "u kunt uzelf niet blokkeren" in error_of(self_block.text)
    r = c.post(f"{ADMIN}/users/{world.gp.id}/unblock", data={"csrf": token}, follow_redirects=False)
    assert "Gebruiker gp1 gedeblokkeerd" in c.get(r.headers["location"]).text
    assert sign_in(app, "gp1")[1] == "/placement/requests"
    assert [a for a, _ in audit_actions(world) if a.startswith("user.")][:2] == [
        "user.activate",
        "user.block",
    ]
    assert c.post(f"{ADMIN}/users/{world.gp.id}/delete", data={"csrf": token}).status_code == 404


def test_admin_texts_exist_in_both_languages_and_every_refusal_is_told() -> None:
    assert ADMIN_TEXTS["nl"].keys() == ADMIN_TEXTS["en"].keys()
    for lang in LANGS:
        a = admin_translator(lang)
        for kind in ORG_KINDS:
            assert a(f"kind.{kind}")
        for key in ("msg.organisation", "msg.location", "msg.blocked", "msg.unblocked"):
            assert "Xyz" in a(key, name="Xyz")
        other = translator(lang)("why.other")
        # every reason the service or the forms give for these fields has its own words
        for field, reason in (
            ("name", name_problem("")),
            ("name", name_problem("a\x00b")),
            ("municipality", municipality_problem("GM9999")),
            ("region", "'ZK99' is not a care-office region code (ZK01..ZK31)"),
            ("lat", "60.0 lies outside the Netherlands"),
            ("lat", "'x' is not a number"),
            ("features", "'x' is not on the checklist: dementia"),
            ("features", "'oxygen' is given twice"),
            ("kind", "'x' is not one of: care_org"),
            ("role", f"'x' is not one of: {', '.join(ROLES)}"),
            ("username", "'X Y': 3..80 characters of a-z 0-9 . _ @ -, starting with a letter"),
            ("organisation_id", "choose an organisation"),
            ("user_id", "you cannot block yourself"),
        ):
            assert reason is not None
            assert admin_reason(lang, field, reason) != other, (lang, field, reason)
        message, lines = admin_error_text(lang, ValidationError([], summary="x"), "administrator")
        assert message == translator(lang)("error.invalid") and lines == []


def test_one_time_passwords_are_random_and_easy_to_read_out() -> None:
    many = {one_time_password() for _ in range(200)}
    assert len(many) == 200
    assert all(re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", p) for p in many)
    assert not set("ilo01") & set("".join(many))
