"""Sweeps give the same numbers in process, in local processes and on a Dask cluster.

The executors themselves are tested in ``tests/core/test_executors.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scenarios_tiny import scenario, tiny_region, use

from regioplan.errors import ParameterError
from regioplan.executors import DaskExecutor, LocalExecutor, SerialExecutor, make_executor
from regioplan.scenarios.files import parse_scenario
from regioplan.scenarios.sweep import SweepResult, sweep, sweep_tasks

REGIONS = ["ZK91", "ZK92", "ZK93"]


def scenarios():  # type: ignore[no-untyped-def]
    """Two scenarios over the catalogue's ranges (so that draws differ)."""
    a = parse_scenario(
        '[scenario]\nname = "a"\n[[initiative]]\nname = "task_reallocation"\nstart = 2026\n',
        source="a.toml",
    )
    b = scenario(use("shared_anw_service"), use("regional_training"), name="b")
    return [a, b]


def _sample_sweep(executor, **kw):  # type: ignore[no-untyped-def]
    return sweep(
        REGIONS,
        scenarios(),
        draws=300,
        seed=11,
        executor=executor,
        baseline=tiny_region,
        sensitivity=True,
        **kw,
    )


def _same(a: SweepResult, b: SweepResult) -> None:
    assert len(a.results) == len(b.results) == 6
    for x, y in zip(a.results, b.results, strict=True):
        assert (x.region_code, x.scenario) == (y.region_code, y.scenario)
        for prof in x.professions:
            assert np.array_equal(
                x.professions[prof].gap_quantiles, y.professions[prof].gap_quantiles
            )
            assert np.array_equal(
                x.professions[prof].closed_quantiles, y.professions[prof].closed_quantiles
            )
        assert x.to_dict() == y.to_dict()


def test_tasks_have_distinct_deterministic_seeds_in_region_x_scenario_order() -> None:
    t1 = sweep_tasks(REGIONS, scenarios(), seed=3)
    t2 = sweep_tasks(REGIONS, scenarios(), seed=3)
    assert [(t.region, t.scenario.name) for t in t1][:3] == [
        ("ZK91", "a"),
        ("ZK91", "b"),
        ("ZK92", "a"),
    ]
    states = [tuple(t.seed.generate_state(2)) for t in t1]
    assert states == [tuple(t.seed.generate_state(2)) for t in t2]
    assert len(set(states)) == len(states)


def test_same_region_and_scenario_get_different_draws_in_different_tasks() -> None:
    res = _sample_sweep(SerialExecutor())
    a, b = res.get("ZK91", "a"), res.get("ZK92", "a")
    assert not np.array_equal(a.professions["gp"].gap_quantiles, b.professions["gp"].gap_quantiles)


def test_local_processes_equal_the_serial_run() -> None:
    serial = _sample_sweep(SerialExecutor())
    done: list[int] = []
    with LocalExecutor(workers=2) as ex:
        local = _sample_sweep(ex, on_done=done.append)
    _same(serial, local)
    assert sorted(done) == list(range(1, 7))


def test_a_dask_local_cluster_equals_the_local_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real 2-worker LocalCluster, reached by client and by address (the setting)."""
    from distributed import Client, LocalCluster

    with LocalExecutor(workers=2) as ex:
        local = _sample_sweep(ex)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        with DaskExecutor(client=client) as dask:
            on_dask = _sample_sweep(dask)
        _same(local, on_dask)
        assert on_dask.executor.startswith("dask")
        monkeypatch.setenv("REGIOPLAN_SCHEDULER", cluster.scheduler_address)
        with make_executor() as by_address:
            assert isinstance(by_address, DaskExecutor)
            _same(local, _sample_sweep(by_address))


def test_sweep_summary_rows_and_lookup() -> None:
    res = _sample_sweep(SerialExecutor())
    rows = res.summary()
    assert len(rows) == 3 * 2 * 3
    assert rows[0]["region"] == "ZK91" and rows[0]["year"] == 2029
    assert set(res.to_dict()) == {"seed", "draws", "executor", "units", "rows"}
    with pytest.raises(ParameterError, match="no result"):
        res.get("ZK00", "a")


def test_a_sweep_needs_regions_and_scenarios() -> None:
    with pytest.raises(ParameterError, match="at least one region"):
        sweep([], scenarios())
