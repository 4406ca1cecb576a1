"""One task run in several threads at once, whose first error is raised, not lost."""

from __future__ import annotations

import threading
from collections.abc import Callable


def in_threads(task: Callable[[], None], count: int, errors: list[BaseException]) -> None:
    """Run `task` in `count` threads, this one among them, and wait for all. An error in any
    of them is appended to `errors` (the tasks read it to stop early) and the first is raised
    once every thread has ended."""

    def run() -> None:
        try:
            task()
        except BaseException as exc:
            errors.append(exc)

    others = [threading.Thread(target=run, daemon=True) for _ in range(count - 1)]
    for thread in others:
        thread.start()
    run()
    for thread in others:
        thread.join()
    if errors:
        raise errors[0]


__all__ = ["in_threads"]
