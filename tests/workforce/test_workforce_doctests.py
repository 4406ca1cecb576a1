"""The examples in the docstrings run and give the numbers they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "regioplan.workforce",
    "regioplan.workforce.parameters",
    "regioplan.workforce.national",
    "regioplan.workforce.regional",
    "regioplan.demography",
    "regioplan.demography.projection",
    "regioplan.demography.rates",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
