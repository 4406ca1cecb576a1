"""The public API of regioplan.initiatives is exactly the intended names, and its doctests run."""

from __future__ import annotations

import doctest

import pytest

import regioplan.initiatives
from regioplan.initiatives import catalogue, vocabulary


def test_exported_names_are_exactly_the_intended_ones() -> None:
    assert sorted(regioplan.initiatives.__all__) == sorted(
        [
            "LEVERS", "LEVER_KINDS", "Bottleneck", "Effect", "Initiative", "ParameterSpec",
            "get_initiative", "initiatives", "parse_initiative",
        ]
    )  # fmt: skip
    for name in regioplan.initiatives.__all__:
        assert hasattr(regioplan.initiatives, name)


@pytest.mark.parametrize("module", [regioplan.initiatives, catalogue, vocabulary])
def test_docstring_examples(module: object) -> None:
    failed, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert failed == 0 and tried > 0


def test_initiatives_know_nothing_of_the_engines() -> None:
    """scenarios depends on initiatives, never the reverse: loading the catalogue imports no
    engine (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys, regioplan.initiatives, regioplan.initiatives.cli;"
        "regioplan.initiatives.initiatives();"
        "bad = [m for m in sys.modules if m.startswith(('regioplan.scenarios', "
        "'regioplan.workforce', 'regioplan.access', 'regioplan.regiobeeld'))];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
