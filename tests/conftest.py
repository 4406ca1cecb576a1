"""Suite-wide isolation (no test reads or writes the user's own regioplan database or settings),
and the shared regiobeeld fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from regioplan.regiobeeld import Regiobeeld, build_regiobeeld
from regioplan.regions import Region, select_region


@pytest.fixture(autouse=True)
def _isolated_user_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point the data directory at an empty temporary folder and drop user settings.

    Tests that need a database or settings set them explicitly (their own fixtures run after
    this one and may override these variables).
    """
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path_factory.mktemp("regioplan-data")))
    for var in ("REGIOPLAN_DATABASE_URL", "REGIOPLAN_CONFIG", "REGIOPLAN_LANG", "REGIOPLAN_SEED"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    yield


# One regiobeeld of a small region, built once per session with a fixed seed (shared by the
# regiobeeld and report tests).
REGIOBEELD_REGION = "ZK24"
REGIOBEELD_SEED = 7
REGIOBEELD_HORIZON = 2040


@pytest.fixture(scope="session")
def region() -> Region:
    return select_region(REGIOBEELD_REGION)


@pytest.fixture(scope="session")
def rb(region: Region) -> Regiobeeld:
    return build_regiobeeld(region, horizon=REGIOBEELD_HORIZON, seed=REGIOBEELD_SEED)
