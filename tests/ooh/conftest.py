"""Shared fixtures of the out-of-hours tests: ZK24 and a small test configuration (not real)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from regioplan.ooh import OohConfig, load_config, prepare
from regioplan.ooh.model import OohModel
from regioplan.regions import Region, select_region

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))  # giesen_setting


def simpy_reference() -> ModuleType:
    """benchmarks/ooh/simpy_reference.py, the SimPy implementation of the same model."""
    path = REPO / "benchmarks" / "ooh" / "simpy_reference.py"
    spec = importlib.util.spec_from_file_location("ooh_simpy_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def zk24() -> Region:
    return select_region("ZK24")


@pytest.fixture(scope="session")
def small_config() -> OohConfig:
    return load_config(FIXTURES / "zk24_small.toml")


@pytest.fixture(scope="session")
def small_model(zk24: Region, small_config: OohConfig) -> OohModel:
    return prepare(zk24, small_config, year=2025)
