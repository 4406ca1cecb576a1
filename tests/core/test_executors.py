"""The executors map a function over tasks in task order, in process, in processes or on Dask."""

from __future__ import annotations

import pytest

from regioplan.errors import InputError
from regioplan.executors import DaskExecutor, LocalExecutor, SerialExecutor, make_executor

TASKS = list(range(-5, 7))


def square(x: int) -> int:
    """Top level, so that it pickles for worker processes."""
    return x * x


def test_serial_runs_in_task_order_and_reports_progress() -> None:
    done: list[int] = []
    with SerialExecutor() as ex:
        assert ex.map(square, TASKS, on_done=done.append) == [x * x for x in TASKS]
    assert done == list(range(1, len(TASKS) + 1))
    assert ex.name == "serial"


def test_local_processes_return_results_in_task_order() -> None:
    done: list[int] = []
    with LocalExecutor(workers=2) as ex:
        assert ex.map(square, TASKS, on_done=done.append) == [x * x for x in TASKS]
        assert ex.map(square, [3]) == [9]  # the pool is reused until close()
    assert sorted(done) == list(range(1, len(TASKS) + 1))


def test_a_dask_local_cluster_by_client_and_by_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real 2-worker LocalCluster, reached by client and by address (the setting)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        with DaskExecutor(client=client) as dask:
            done: list[int] = []
            assert dask.map(square, TASKS, on_done=done.append) == [x * x for x in TASKS]
            assert sorted(done) == list(range(1, len(TASKS) + 1))
            assert dask.name.startswith("dask")
        monkeypatch.setenv("REGIOPLAN_SCHEDULER", cluster.scheduler_address)
        with make_executor() as by_address:
            assert isinstance(by_address, DaskExecutor)
            assert by_address.map(square, TASKS) == [x * x for x in TASKS]


def test_make_executor_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIOPLAN_SCHEDULER", raising=False)
    assert isinstance(make_executor(workers=1), SerialExecutor)
    with make_executor(workers=2) as ex:
        assert isinstance(ex, LocalExecutor)
    with pytest.raises(InputError, match="at least 1"):
        LocalExecutor(workers=0)
    with pytest.raises(InputError, match="scheduler address"):
        DaskExecutor()
    # a malformed address was a ValueError traceback from distributed
    with pytest.raises(InputError, match=r"'foo bar' is not valid .* expected e\.g\. tcp://"):
        DaskExecutor("foo bar")


@pytest.mark.slow
def test_an_unreachable_scheduler_is_an_input_error() -> None:
    """Takes the 10 s connection timeout."""
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        DaskExecutor("tcp://127.0.0.1:1")
