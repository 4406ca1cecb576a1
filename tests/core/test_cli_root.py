"""The root command: every mounted subcommand loads and answers --help; root help stays light."""

from __future__ import annotations

import json
import subprocess
import sys

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
