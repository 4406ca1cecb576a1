"""A region's own data: one loader in the store, carried by the region."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regioplan.errors import InputError
from regioplan.regions import select_region
from regioplan.store import (
    PROVIDER_COLUMNS,
    FixedClock,
    OwnData,
    OwnDataset,
    Store,
    load_own_data,
    open_store,
)

T0 = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
# GM0505 Dordrecht and GM0590 Papendrecht lie in ZK24 (Waardenland), 1011 is Amsterdam.
WAARDENLAND = "kind,name,pc4,gp_headcount\ngp_practice,A,3311,3\ngp_practice,B,3351,2\n"
AMSTERDAM = "kind,name,pc4,gp_headcount\ngp_practice,C,1011,4\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def filled(db_url: str, tmp_path: Path) -> Store:
    """A store with one Waardenland and one Amsterdam dataset, imported at T0."""
    store = open_store(db_url, clock=FixedClock(T0))
    store.import_file(write(tmp_path, "waardenland", WAARDENLAND))
    store.import_file(write(tmp_path, "amsterdam", AMSTERDAM))
    return store


def test_rows_are_filtered_to_the_region(filled: Store) -> None:
    """The region gets its own municipalities' providers and the provenance of their dataset."""
    with filled:
        own = load_own_data(select_region("ZK24"), filled)
    assert own is not None
    assert list(own.providers.columns) == list(PROVIDER_COLUMNS)
    assert own.providers["name"].tolist() == ["A", "B"]
    assert set(own.providers["municipality"]) == {"GM0505", "GM0590"}
    assert own.datasets == (OwnDataset("waardenland", T0, own.datasets[0].sha256),)
    assert own.dataset_names == ("waardenland",)
    assert own.imported_at == {"waardenland": T0}
    assert own.provenance.startswith("own data: waardenland (imported 2026-03-01 08:30 UTC")


def test_the_country_gets_every_dataset(filled: Store) -> None:
    with filled:
        own = load_own_data(select_region("NL"), filled)
    assert own is not None and own.dataset_names == ("amsterdam", "waardenland")
    assert len(own.providers) == 3


def test_a_region_without_rows_gets_none(filled: Store) -> None:
    with filled:
        assert load_own_data(select_region("Zeeland", level="zorgkantoor"), filled) is None


def test_no_default_database_gives_none_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REGIOPLAN_DATABASE_URL", raising=False)
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path / "data"))
    assert load_own_data(select_region("ZK24")) is None
    assert not (tmp_path / "data").exists()


def test_the_default_database_is_read_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REGIOPLAN_DATABASE_URL", raising=False)
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path / "data"))
    with open_store() as store:
        store.import_file(write(tmp_path, "waardenland", WAARDENLAND))
    own = load_own_data(select_region("ZK24"))
    assert own is not None and own.dataset_names == ("waardenland",)


def test_a_given_file_or_url(tmp_path: Path) -> None:
    """A given database file must exist; a URL is opened as it is."""
    with pytest.raises(InputError, match=r"missing\.sqlite: database file not found"):
        load_own_data(select_region("ZK24"), tmp_path / "missing.sqlite")
    path = tmp_path / "own.sqlite"
    with open_store(path) as store:
        store.import_file(write(tmp_path, "waardenland", WAARDENLAND))
    by_path = load_own_data(select_region("ZK24"), path)
    by_url = load_own_data(select_region("ZK24"), f"sqlite:///{path}")
    assert by_path is not None and by_path == by_url
    assert by_path.providers.equals(by_url.providers)


def test_the_region_carries_its_own_data(filled: Store) -> None:
    """with_own_data returns a copy; equality and hash stay those of the region itself."""
    region = select_region("ZK24")
    with filled:
        own = load_own_data(region, filled)
    assert isinstance(own, OwnData)
    carried = region.with_own_data(own)
    assert carried.own_data is own and region.own_data is None
    assert carried == region and hash(carried) == hash(region)
    assert {region: 1}[carried] == 1  # still usable as a cache key
    assert carried.with_own_data(None).own_data is None
    assert "own_data" not in repr(carried)
