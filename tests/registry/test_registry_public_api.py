"""The public API of regioplan.registry is exactly the intended names, and its doctests run."""

from __future__ import annotations

import doctest

import pytest

import regioplan.registry
from regioplan.registry import rights, service


def test_exported_names_are_exactly_the_intended_ones() -> None:
    assert sorted(regioplan.registry.__all__) == sorted(
        [
            "OPERATOR", "Action", "Actor", "Entry", "Filters", "ImportResult", "Operator",
            "RegistryService", "StoredInitiative", "Version", "diff", "may", "parse_record",
            "require",
        ]
    )  # fmt: skip
    for name in regioplan.registry.__all__:
        assert hasattr(regioplan.registry, name)


@pytest.mark.parametrize("module", [rights, service])
def test_docstring_examples(module: object) -> None:
    failed, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert failed == 0 and tried > 0
