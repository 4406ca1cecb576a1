"""`in_threads` (roster/threads.py): a task in several threads, its first error raised."""

from __future__ import annotations

import threading

import pytest

from regioplan.roster.threads import in_threads


def test_every_thread_runs_the_task_and_this_thread_is_one_of_them() -> None:
    seen: list[int] = []
    lock = threading.Lock()
    together = threading.Barrier(3)  # all three at once, so no thread's id is reused

    def task() -> None:
        with lock:
            seen.append(threading.get_ident())
        together.wait(timeout=30)

    errors: list[BaseException] = []
    in_threads(task, 3, errors)
    assert len(seen) == 3 and len(set(seen)) == 3
    assert threading.get_ident() in seen
    assert errors == []


def test_an_error_in_another_thread_is_raised_after_all_have_ended() -> None:
    ended: list[str] = []
    calls = [0]
    lock = threading.Lock()

    def task() -> None:
        with lock:
            calls[0] += 1
            mine = calls[0]
        if mine == 2:
            raise ValueError("second thread failed")
        ended.append("ok")

    errors: list[BaseException] = []
    with pytest.raises(ValueError, match="second thread failed"):
        in_threads(task, 2, errors)
    assert ended == ["ok"]  # the other thread ended before the error was raised
    assert len(errors) == 1
