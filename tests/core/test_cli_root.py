"""The root command: every mounted subcommand loads and answers --help; root help stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import _COMMANDS, _SUBAPPS, app
from regioplan.output import format_number

runner = CliRunner()
NAMES = sorted([*(s[0] for s in _SUBAPPS), *(c[0] for c in _COMMANDS)])


def test_root_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in NAMES:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_each_command_loads_and_has_help(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout


def test_root_help_imports_no_engine() -> None:
    """Listing commands must not import pandas, SQLAlchemy, FastAPI or OR-Tools."""
    code = (
        "import sys; from regioplan.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('pandas', 'sqlalchemy', 'fastapi', 'ortools')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_unknown_command_is_a_usage_error() -> None:
    result = runner.invoke(app, ["nothing"])
    assert result.exit_code == 2


def test_json_errors_go_to_stdout_as_json() -> None:
    result = runner.invoke(app, ["regions", "show", "Rotterdm", "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["error"]["type"] == "UnknownRegionError"
    assert doc["error"]["exit_code"] == 2
    assert "Rotterdam" in doc["error"]["message"]


def test_format_number_follows_language() -> None:
    assert format_number(1234567.891, "nl", 1) == "1.234.567,9"
    assert format_number(1234567.891, "en", 1) == "1,234,567.9"
    assert format_number(None, "nl") == "–"


REGIOPLAN = str(Path(sys.executable).with_name("regioplan"))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["data", "import", "--json"], "Missing argument"),
        (["workforce", "project", "--json", "--draws", "abc"], "Invalid value for '--draws'"),
        (["access", "compute", "ZK24", "--json", "--bogus"], "No such option: --bogus"),
    ],
)
def test_a_usage_error_with_json_is_json_on_stdout(args: list[str], said: str) -> None:
    """A missing argument or a bad option value printed only Click's usage text: with --json,
    stdout was empty (issue #21). The installed command answers in the one error shape too."""
    done = subprocess.run([REGIOPLAN, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["type"] == "UsageError" and said in error["message"]
    assert error["exit_code"] == 2 and "Usage: regioplan" in done.stderr


def test_without_json_a_usage_error_stays_text_only() -> None:
    done = subprocess.run(
        [REGIOPLAN, "data", "import"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "Missing argument" in done.stderr
