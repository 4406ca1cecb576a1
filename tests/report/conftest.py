"""Fixtures: one regiobeeld of a small region, built once per session with a fixed seed."""

from __future__ import annotations

import pytest

from regioplan.regions import Region, select_region
from regioplan.report import Regiobeeld, build_regiobeeld

REGION = "ZK24"
SEED = 7
HORIZON = 2040


@pytest.fixture(scope="session")
def region() -> Region:
    return select_region(REGION)


@pytest.fixture(scope="session")
def rb(region: Region) -> Regiobeeld:
    return build_regiobeeld(region, horizon=HORIZON, seed=SEED)
