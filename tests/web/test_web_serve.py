"""`regioplan serve` prints its address only when the first page can be served.

Issue #16 item 11: the address was printed before uvicorn started and before the start page's
region was computed, about 10 s before the first page came. These tests check the order, not the
time: the warm-up runs before the server listens, the address is not on stdout before the server
listens and is there once it does, and a GET of the printed address then succeeds at once.
"""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import uvicorn

from regioplan.errors import ParameterError
from regioplan.regiobeeld import sections
from regioplan.web import cli as web_cli
from regioplan.web.cli import serve, url_of

REGION = "GM0599"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=120) as r:  # a guard against a hang, not a limit
        return int(r.status), r.read().decode("utf-8")


def _address(out: str) -> str:
    (line,) = [line for line in out.splitlines() if "http://" in line]
    found = re.search(r"http://\S+", line)
    assert found is not None
    return found.group(0)


def _record(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[list[str], list[tuple[int, str]]]:
    """Run serve's real uvicorn startup on a real socket, recording the order of the warm-up,
    the socket listening and the address on stdout; the main loop GETs the printed address
    while the server answers, then lets the server stop."""
    events: list[str] = []
    answers: list[tuple[int, str]] = []
    printed: list[str] = []
    real_years = sections.access_years

    def years(region, profession, wanted, **kw):  # type: ignore[no-untyped-def]
        wanted = list(wanted)
        if len(wanted) > 1:
            events.append(f"warm {profession}")
        return real_years(region, profession, wanted, **kw)

    monkeypatch.setattr(sections, "access_years", years)
    real_startup = uvicorn.Server.startup

    async def startup(self, sockets=None):  # type: ignore[no-untyped-def]
        await real_startup(self, sockets=sockets)
        out = capsys.readouterr().out
        events.append("listening" + (" (address already printed)" if "http://" in out else ""))

    async def main_loop(self):  # type: ignore[no-untyped-def]
        out = capsys.readouterr().out
        printed.append(out)
        events.append("address printed" if "http://" in out else "no address")
        if "http://" in out:
            answers.append(await asyncio.to_thread(_get, _address(out)))
        self.should_exit = True

    monkeypatch.setattr(uvicorn.Server, "startup", startup)
    monkeypatch.setattr(uvicorn.Server, "main_loop", main_loop)
    return events, answers


def test_the_address_is_printed_after_the_warm_up_and_when_the_server_listens(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    events, answers = _record(monkeypatch, capsys)
    port = _free_port()
    serve(host="127.0.0.1", port=port, own_data=False, warm=REGION)
    assert sorted(events[:3]) == ["warm avg", "warm gp", "warm so"]
    assert events[3:] == ["listening", "address printed"]
    ((status, html),) = answers
    assert status == 200
    assert "Rotterdam" in html and 'data-region="GM0599"' in html


def test_without_warm_up_the_address_still_waits_for_the_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    events, _ = _record(monkeypatch, capsys)
    served: list[str] = []
    real_get = web_cli._status

    async def no_page(*args: object) -> int:  # the start page is not computed in-process
        served.append("page")
        return await real_get(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(web_cli, "_status", no_page)
    serve(host="127.0.0.1", port=_free_port(), own_data=False, no_warm=True)
    assert served == []
    assert events[:2] == ["listening", "address printed"]


def test_warm_and_no_warm_exclude_each_other() -> None:
    with pytest.raises(ParameterError, match="--warm and --no-warm"):
        serve(host="127.0.0.1", port=_free_port(), own_data=False, warm=REGION, no_warm=True)


def test_the_address_of_an_ipv6_host_has_brackets() -> None:
    assert url_of("::1", 8000) == "http://[::1]:8000/"
    assert url_of("127.0.0.1", 8000, "/?region=GM0599") == "http://127.0.0.1:8000/?region=GM0599"


REGIOPLAN = Path(sys.executable).parent / "regioplan"


@pytest.mark.skipif(not REGIOPLAN.is_file(), reason="the regioplan command is not installed")
def test_the_command_s_address_answers_as_soon_as_it_appears() -> None:
    """The real command in its own process: once the address line is on stdout (the progress
    is on stderr), the page it names is served."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(REGIOPLAN),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-own-data",
            "--warm",
            REGION,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until the server says it is ready
        assert f"http://127.0.0.1:{port}/?region={REGION}" in line, line
        status, html = _get(_address(line))
        assert status == 200 and 'data-region="GM0599"' in html
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    assert f"computing {REGION}" in err
    assert "http://" not in err
