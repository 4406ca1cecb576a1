"""Login CSRF on the registry's own sign-in form (``/initiatieven/inloggen``): a sign-in POST
without the form's cookie and token is refused (403, 'this form has expired' in Dutch or
English) before the password is looked at, so it signs nobody in and does not count towards
the login limit; through the loaded form it works."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest
from registry_world import PASSWORD, World

from regioplan.placement.auth import SESSION_COOKIE
from regioplan.web.login_csrf import LOGIN_COOKIE
from regioplan.web.placement_app import create_placement_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette announces a future httpx change on import
    from fastapi.testclient import TestClient

LOGIN = "/initiatieven/inloggen"


@pytest.fixture
def app(world: World) -> Any:
    return create_placement_app(world.placement)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the sign-in form"
    return found.group(1)


def _failed(html: str) -> str:
    found = re.search(r'id="login-failed">([^<]*)<', html)
    assert found, "no sign-in error on the page"
    return found.group(1)


def _signed_in(c: TestClient) -> bool:
    """Whether `c` may open the add form (else it is sent to the sign-in form)."""
    return c.get("/initiatieven/nieuw", follow_redirects=False).status_code == 200


def sign_in(c: TestClient, data: dict[str, str], query: str = "") -> Any:
    """Through the form: load it (cookie and token), then post it."""
    token = _csrf(c.get(LOGIN + query).text)
    return c.post(LOGIN + query, data={**data, "csrf": token}, follow_redirects=False)


def test_a_sign_in_without_the_forms_cookie_and_token_is_refused(app: Any) -> None:
    forged = TestClient(app)
    r = forged.post(
        LOGIN,
        data={"username": "referrer-a", "password": PASSWORD, "next": "/initiatieven/nieuw"},
        follow_redirects=False,
    )
    assert r.status_code == 403 and SESSION_COOKIE not in r.cookies
    assert "formulier is verlopen" in _failed(r.text)
    assert not _signed_in(forged)
    english = TestClient(app).post(
        LOGIN + "?lang=en",
        data={"username": "referrer-a", "password": PASSWORD},
        follow_redirects=False,
    )
    assert english.status_code == 403 and "form has expired" in _failed(english.text)
    # the form's cookie without its token, or with a wrong one (or another browser's): refused
    c = TestClient(app)
    assert LOGIN_COOKIE in c.get(LOGIN).cookies
    elsewhere = _csrf(TestClient(app).get(LOGIN).text)
    for token in ("", "0" * 64, elsewhere):
        r = c.post(
            LOGIN,
            data={"username": "referrer-a", "password": PASSWORD, "csrf": token},
            follow_redirects=False,
        )
        assert r.status_code == 403 and SESSION_COOKIE not in r.cookies, token
        assert "formulier is verlopen" in _failed(r.text)
    assert not _signed_in(c)
    # the refused page carries a fresh form: signing in from it works
    ok = c.post(
        LOGIN,
        data={"username": "referrer-a", "password": PASSWORD, "csrf": _csrf(r.text)},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and SESSION_COOKIE in ok.cookies
    assert _signed_in(c)


def test_through_the_form_sign_in_works_and_the_cookie_is_http_only_and_lax(app: Any) -> None:
    c = TestClient(app)
    form = c.get(f"{LOGIN}?next=/initiatieven/nieuw")
    cookie = form.headers["set-cookie"].lower()
    assert cookie.startswith(f"{LOGIN_COOKIE}=")
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/initiatieven" in cookie
    # loading the form again keeps the browser's cookie (two open tabs both work)
    again = c.get(LOGIN)
    assert "set-cookie" not in again.headers and _csrf(again.text) == _csrf(form.text)
    r = c.post(
        LOGIN,
        data={
            "username": "referrer-a",
            "password": PASSWORD,
            "next": "/initiatieven/nieuw",
            "csrf": _csrf(form.text),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/initiatieven/nieuw"
    assert _signed_in(c)


def test_forged_sign_ins_do_not_count_towards_the_login_limit(world: World, app: Any) -> None:
    attempts = world.placement.config.login_attempts
    forged = TestClient(app)
    for _ in range(attempts + 1):
        r = forged.post(
            LOGIN,
            data={"username": "referrer-a", "password": "wrong guess"},
            follow_redirects=False,
        )
        assert r.status_code == 403
    assert sign_in(
        TestClient(app), {"username": "referrer-a", "password": PASSWORD}
    ).status_code == (303)
    # the same number of wrong passwords through the form does count (the limit is real)
    c = TestClient(app)
    for _ in range(attempts):
        wrong = sign_in(c, {"username": "referrer-b", "password": "wrong guess"})
        assert wrong.status_code == 401 and "wachtwoord onjuist" in _failed(wrong.text)
    blocked = sign_in(c, {"username": "referrer-b", "password": PASSWORD}, "?lang=en")
    assert blocked.status_code == 429 and SESSION_COOKIE not in blocked.cookies
