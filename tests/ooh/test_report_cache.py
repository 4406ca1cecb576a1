"""The report's simulated section is kept in the cache directory, keyed on everything it depends
on (region, configuration, year, replications, seed, code), and read back identically."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from regioplan.ooh import posts
from regioplan.regions import Region


def _same(a: posts.OohResult, b: posts.OohResult) -> bool:
    return all(
        x.scalars.keys() == y.scalars.keys()
        and np.array_equal(list(x.scalars.values()), list(y.scalars.values()), equal_nan=True)
        and np.array_equal(x.area_u12, y.area_u12)
        for x, y in zip(a.measures, b.measures, strict=True)
    )


def test_a_second_report_reads_the_cached_simulation(
    zk24: Region, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path))
    first = posts.simulate_today(zk24, year=2025, replications=1, seed=4)
    assert first is not None
    assert posts.cache_dir() == tmp_path / "cache" / "ooh"
    assert len(list(posts.cache_dir().glob("ZK24-*.pickle"))) == 1

    def no_simulation(*args: object, **kwargs: object) -> None:
        raise AssertionError("simulated again")

    real = posts.simulate
    monkeypatch.setattr(posts, "simulate", no_simulation)
    again = posts.simulate_today(zk24, year=2025, replications=1, seed=4)
    assert again is not None and _same(first[1], again[1])
    # another seed, or other code, is another key: simulated, not read
    with pytest.raises(AssertionError, match="simulated again"):
        posts.simulate_today(zk24, year=2025, replications=1, seed=5)
    monkeypatch.setattr(posts, "_code_stamp", lambda: "other code")
    with pytest.raises(AssertionError, match="simulated again"):
        posts.simulate_today(zk24, year=2025, replications=1, seed=4)
    # a damaged entry is simulated again (and rewritten), as is a call without the cache
    monkeypatch.undo()
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path))
    (entry,) = posts.cache_dir().glob("ZK24-*.pickle")
    entry.write_bytes(b"not a pickle")
    fresh = posts.simulate_today(zk24, year=2025, replications=1, seed=4)
    assert fresh is not None and _same(first[1], fresh[1])
    assert entry.read_bytes() != b"not a pickle"
    assert posts.simulate is real


def test_the_key_follows_the_demand(zk24: Region, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another population projection or contact rate (the same code and configuration) gives
    another key: the expected demand is part of it."""
    import dataclasses

    config = posts.estimated_config(zk24, year=2025)
    key = posts.result_key(zk24, config, year=2025, replications=10, seed=1)
    assert key == posts.result_key(zk24, config, year=2025, replications=10, seed=1)
    real = posts.demand

    def more(*args: object, **kwargs: object) -> object:
        d = real(*args, **kwargs)  # type: ignore[arg-type]
        return dataclasses.replace(d, per_year=d.per_year * 1.01)

    monkeypatch.setattr(posts, "demand", more)
    assert posts.result_key(zk24, config, year=2025, replications=10, seed=1) != key
