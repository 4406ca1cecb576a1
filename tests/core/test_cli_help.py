"""`--help` of every command: a flag shows as a flag (no value placeholder such as ``<bool>``),
and shell completion is offered at most by the root command, not by every subcommand.

The commands are found by walking the Typer app as Click sees it (the root's lazy subcommands
included), so a command added later is checked too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from regioplan.cli import app

runner = CliRunner()
COMPLETION = ("--install-completion", "--show-completion")
WIDE = {"COLUMNS": "240", "TERMINAL_WIDTH": "240"}  # one line per option: nothing wraps
# what a help line shows after an option that takes a value: <int>, <list[Path]>, INTEGER, ...
PLACEHOLDER = re.compile(r"<[^<>]+>|\b(?:BOOL|BOOLEAN|INTEGER|TEXT|FLOAT)\b")


def _walk(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """(path, command) of `command` and of every subcommand below it."""
    found = [(path, command)]
    ctx = typer.Context(command)
    if hasattr(command, "list_commands"):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{' '.join((*path, name))} does not load"
            found += _walk(sub, (*path, name))
    return found


COMMANDS = _walk(typer.main.get_command(app))
IDS = [" ".join(path) or "regioplan" for path, _ in COMMANDS]


def _options(command: Any) -> list[Any]:
    """The options of `command`, ``--help`` included."""
    return [
        p
        for p in command.get_params(typer.Context(command))
        if getattr(p, "param_type_name", "") == "option"
    ]


def _help(path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def _row(text: str, opt: str) -> str:
    """The help line of the option `opt`: the line that starts with it (after a panel border
    and the ``*`` of a required option)."""
    for line in text.splitlines():
        cells = line.strip(" │|").split()
        if cells and cells[0] == "*":
            cells = cells[1:]
        if cells and cells[0] == opt:
            return line
    raise AssertionError(f"{opt} has no line of its own in:\n{text}")


def test_every_command_is_walked() -> None:
    assert ("report",) in [path for path, _ in COMMANDS]
    assert ("serve",) in [path for path, _ in COMMANDS]
    assert ("access", "compute") in [path for path, _ in COMMANDS]
    assert len(COMMANDS) > 25


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_flags_show_no_value_placeholder(path: tuple[str, ...], command: Any) -> None:
    text = _help(path)
    for option in _options(command):
        if option.hidden:
            continue
        line = _row(text, option.opts[0])
        if option.is_flag and not option.count:
            assert not PLACEHOLDER.search(line), (
                f"flag {option.opts[0]} looks like it takes a value"
            )
        elif path:  # an option with a value names its type (the root's help has none)
            assert PLACEHOLDER.search(line), f"{option.opts[0]} shows no value: {line!r}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_completion_only_on_the_root(path: tuple[str, ...], command: Any) -> None:
    if not path:
        return
    names = {opt for option in _options(command) for opt in option.opts}
    assert not names & set(COMPLETION), f"{' '.join(path)} offers shell completion"
    text = _help(path)
    assert not any(opt in text for opt in COMPLETION)


def test_the_placeholder_check_sees_placeholders() -> None:
    """The check above is not blind: options with a value show one, and the flags of `report`
    show none where they used to show ``<bool>``."""
    text = _help(("report",))
    assert "<path>" in _row(text, "--out") and "<int>" in _row(text, "--horizon")
    for flag in ("--pdf", "--json", "--own-data", "--help"):
        assert "<bool>" not in _row(text, flag)


def test_flags_still_work_as_flags() -> None:
    assert runner.invoke(app, ["regions", "list", "--json"]).exit_code == 0
    wrong = runner.invoke(app, ["regions", "list", "--json=yes"])
    assert wrong.exit_code == 2 and "does not take a value" in wrong.output
