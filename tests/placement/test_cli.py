"""`regioplan placement` on the command line: admin commands, token, export, JSON and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()


def _run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["placement", *args], input=input)
    return result.exit_code, result.stdout


def test_admin_commands_build_a_service_that_signs_in(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite")
    code, out = _run(
        "orgs", "add", "Zorg A", "--kind", "care_org", "--region", "ZK24",
        "--municipality", "GM0505", "--db", db, "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["id"] == 1
    code, out = _run(
        "locations", "add", "Zorg A", "Huis", "--municipality", "GM0505",
        "--features", "dementia,oxygen", "--db", db, "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["features"] == ["dementia", "oxygen"]
    code, out = _run(
        "users", "add", "bm1", "--role", "bed_manager", "--org", "1", "--db", db, "--json"
    )
    created = json.loads(out)
    assert code == 0 and len(created["password"]) >= 12
    assert created["user"]["must_change_password"] is True  # a generated one-time password
    code, out = _run(
        "users", "add", "bm2", "--role", "bed_manager", "--org", "Zorg A",
        "--password-stdin", "--db", db, "--json",
    input="a long passphrase\n")  # fmt: skip
    assert code == 0 and json.loads(out)["password"] is None
    assert json.loads(out)["user"]["must_change_password"] is False  # chosen by its user
    code, out = _run("token", "bm1", "--db", db, "--json")
    token = json.loads(out)["token"]

    from regioplan.placement import PlacementService
    from regioplan.store import open_database

    with open_database(db) as database:
        service = PlacementService(database)
        assert service.authenticate(token).username == "bm1"
        assert service.login("bm1", created["password"]).role == "bed_manager"
    code, out = _run("users", "list", "--db", db, "--json")
    assert [u["username"] for u in json.loads(out)["users"]] == ["bm1", "bm2"]
    code, out = _run("orgs", "list", "--db", db, "--json")
    assert json.loads(out)["count"] == 1


def test_export_and_housekeeping(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite")
    out_file = tmp_path / "m.csv"
    code, _ = _run("export", "--db", db, "--out", str(out_file))
    assert code == 0 and out_file.read_text().startswith("period_start,")
    code, out = _run("export", "--db", db, "--json", "--start", "2026-01-01")
    assert code == 0 and json.loads(out)["rows"] == []
    assert json.loads(_run("pseudonymise", "--db", db, "--json")[1]) == {
        "pseudonymised": 0,
        "retention_days": 90,
    }
    assert json.loads(_run("expire", "--db", db, "--json")[1]) == {"expired": 0}


def test_bad_input_exits_2_with_the_field_named(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite")
    code, out = _run(
        "orgs", "add", "X", "--kind", "spa", "--region", "ZK24", "--municipality", "GM0505",
        "--db", db, "--json",
    )  # fmt: skip
    assert code == 2 and json.loads(out)["error"]["problems"][0]["field"] == "kind"
    code, out = _run("export", "--db", db, "--start", "2026-13-01", "--json")
    assert code == 2 and "--start" in json.loads(out)["error"]["message"]
    code, out = _run("serve", "--db", db, "--port", "0", "--json")
    assert code == 2
    code, out = _run("token", "nobody", "--db", db, "--json")
    assert code == 2 and json.loads(out)["error"]["status"] == 404


def test_serve_answers_on_127_0_0_1_until_stopped(tmp_path: Path) -> None:
    """`placement serve` prints its address when it accepts connections; the API answers."""
    import socket
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = str(tmp_path / "p.sqlite")
    executable = str(Path(sys.executable).parent / "regioplan")
    command = [executable, "placement", "serve", "--db", db]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--bed-types", "elv_high,palliative"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/api/placement" in line
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/placement/me", timeout=10)
            raise AssertionError("a request without a token must be refused")
        except urllib.error.HTTPError as exc:
            assert exc.code == 401
            assert json.loads(exc.read())["error"]["type"] == "AuthenticationError"
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout is not None:
            server.stdout.close()
    code, _out = _run("serve", "--db", db, "--bed-types", "Bad Type")
    assert code == 2  # a bad bed type is refused before anything starts
    for threads in ("0", "257"):
        code, _out = _run("serve", "--db", db, "--threads", threads)
        assert code == 2  # out of 1..256, refused before anything starts


def test_demo_json_while_serving_keeps_stdout_for_the_json_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import regioplan.web.placement_demo as demo_module
    from regioplan.placement import PlacementConfig
    from regioplan.web.cli import ReadyServer

    real = demo_module.create_demo
    cheap = PlacementConfig(argon2_time_cost=1, argon2_memory_kib=8)
    monkeypatch.setattr(
        demo_module,
        "create_demo",
        lambda url, region, seed=1: real(url, region, seed=seed, config=cheap),
    )

    def run(self: ReadyServer, sockets: object = None) -> None:
        self.on_ready(8123)  # as if the server had started; nothing listens

    monkeypatch.setattr(ReadyServer, "run", run)
    db = str(tmp_path / "demo.sqlite")
    result = runner.invoke(
        app, ["placement", "demo", "ZK24", "--db", db, "--port", "8123", "--json"]
    )
    assert result.exit_code == 0, result.output
    made = json.loads(result.stdout)  # nothing but the JSON
    assert made["url"] == "http://127.0.0.1:8123/placement"
    assert "ready at http://127.0.0.1:8123/api/placement" in result.stderr


def test_users_add_help_names_every_role() -> None:
    from regioplan.placement import ROLES

    result = runner.invoke(app, ["placement", "users", "add", "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    assert all(role in text for role in ROLES), text
