"""The public API of regioplan.access is exactly the intended names, and its doctests run."""

from __future__ import annotations

import doctest

import pytest

import regioplan.access
from regioplan.access import costs, engine, inequality, weights


def test_exported_names() -> None:
    assert sorted(regioplan.access.__all__) == sorted(
        [
            "DEFAULT_WEIGHTS", "METHODS", "UNIT", "AccessSummary", "Flat", "Gaussian", "Gravity",
            "MatrixCostProvider", "RegionAccess", "RoadTimeProvider", "Sources", "Step",
            "TravelCostProvider", "area_table", "compute", "demand_table", "gini",
            "national_median", "parse_weights", "read_cost_matrix", "region_access",
            "region_access_years", "summarise", "supply_points", "theil", "year_range",
        ]
    )  # fmt: skip
    for name in regioplan.access.__all__:
        assert hasattr(regioplan.access, name)


@pytest.mark.parametrize("module", [regioplan.access, costs, engine, inequality, weights])
def test_docstring_examples(module: object) -> None:
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failed == 0
