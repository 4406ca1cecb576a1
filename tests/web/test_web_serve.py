"""`regioplan serve` prints its address only when the first page can be served.

Issue #16 item 11: the address was printed before uvicorn started and before the start page's
region was computed, about 10 s before the first page came. These tests check the order, not the
time: the warm-up runs before the server listens, the address is not on stdout before the server
listens and is there once it does, and a GET of the printed address then succeeds at once.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from regioplan.errors import ParameterError
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


CHILD = Path(__file__).with_name("serve_order_child.py")


def _record(*mode: str) -> dict[str, Any]:
    """The order of events of one `serve` run, recorded in a process of its own
    (`serve_order_child.py`: it starts uvicorn, which configures the process's logging)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.json"
        done = subprocess.run(
            [sys.executable, str(CHILD), str(_free_port()), str(path), *mode],
            capture_output=True,
            text=True,
            timeout=600,  # a guard against a hang, not a limit
            cwd=Path(__file__).resolve().parents[2],
        )
        assert done.returncode == 0, done.stderr[-3000:]
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


def test_the_address_is_printed_after_the_warm_up_and_when_the_server_listens() -> None:
    record = _record("warm", REGION)
    events = record["events"]
    assert sorted(events[:3]) == ["warm avg", "warm gp", "warm so"]
    assert events[3:] == ["listening", "address printed"]
    ((status, html),) = record["answers"]
    assert status == 200
    assert "Rotterdam" in html and 'data-region="GM0599"' in html
    assert record["served"] == ["page"]  # the start page rendered once in-process, before


def test_without_warm_up_the_address_still_waits_for_the_server() -> None:
    record = _record("no-warm")
    assert record["served"] == []  # the start page is not computed in-process
    assert record["events"][:2] == ["listening", "address printed"]


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
