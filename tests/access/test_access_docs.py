"""docs/access.md documents every option of `regioplan access` and every method."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from regioplan.access import METHODS
from regioplan.access.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def options() -> list[tuple[str, str]]:
    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            found += [(name, opt) for opt in param.opts if opt.startswith("--")]
    return found


@pytest.mark.parametrize(("command", "option"), options())
def test_every_option_is_documented(command: str, option: str) -> None:
    assert option in DOCS.read_text(encoding="utf-8"), f"{command} {option} not in docs/access.md"


def test_every_method_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for method in METHODS:
        assert f"`{method}`" in text
