"""One executor interface: in-process, local processes, or a Dask cluster.

Scenario sweeps, Monte Carlo draws and simulation replications all go through it. An
:class:`Executor` maps a picklable function over a list of tasks and returns the results in task
order, calling ``on_done(n_finished)`` as tasks finish (the CLI draws a progress bar from it).
The result never depends on the executor as long as each task carries its own seed, derived from
the caller's seed with :meth:`numpy.random.SeedSequence.spawn` (as
:func:`regioplan.scenarios.sweep` does), so a run on a Dask cluster equals the same run in local
processes, bit for bit.

>>> with SerialExecutor() as ex:
...     ex.map(abs, [-1, 2, -3])
[1, 2, 3]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from regioplan.errors import InputError

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int], None]


class Executor(Protocol):
    """Maps `fn` over `tasks`; results in task order."""

    name: str

    def map(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, on_done: Progress | None = None
    ) -> list[R]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class _Base:
    name = "base"

    def close(self) -> None:
        return None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SerialExecutor(_Base):
    """Runs every task in this process, one after the other (tests, one core, debugging)."""

    name = "serial"

    def map(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, on_done: Progress | None = None
    ) -> list[R]:
        out = []
        for i, task in enumerate(tasks):
            out.append(fn(task))
            if on_done is not None:
                on_done(i + 1)
        return out


class LocalExecutor(_Base):
    """Local worker processes (:class:`concurrent.futures.ProcessPoolExecutor`)."""

    name = "local processes"

    def __init__(self, *, workers: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise InputError(f"workers = {workers} must be at least 1")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, on_done: Progress | None = None
    ) -> list[R]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        futures = {self._pool.submit(fn, t): i for i, t in enumerate(tasks)}
        out: list[Any] = [None] * len(tasks)
        for done, fut in enumerate(as_completed(futures), start=1):
            out[futures[fut]] = fut.result()
            if on_done is not None:
                on_done(done)
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskExecutor(_Base):
    """A Dask distributed cluster, by scheduler address or an existing ``Client``."""

    name = "dask"

    def __init__(self, address: str | None = None, *, client: Any = None) -> None:
        from distributed import Client

        if client is None and not address:
            raise InputError("a Dask executor needs a scheduler address or a client")
        self._own = client is None
        try:
            self.client = (
                Client(address, timeout="10s")  # type: ignore[no-untyped-call]
                if client is None
                else client
            )
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from exc
        except ValueError as exc:  # distributed's address parser: no port, unknown protocol
            raise InputError(
                f"scheduler address {address!r} is not valid ({exc}); "
                "expected e.g. tcp://10.0.0.5:8786"
            ) from exc
        self.name = f"dask ({address or 'given client'})"

    def map(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, on_done: Progress | None = None
    ) -> list[R]:
        from distributed import as_completed as dask_completed

        futures = self.client.map(fn, list(tasks), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        out: list[Any] = [None] * len(tasks)
        for done, fut in enumerate(dask_completed(futures), start=1):  # type: ignore[no-untyped-call]
            out[index[fut.key]] = fut.result()
            if on_done is not None:
                on_done(done)
        return out

    def close(self) -> None:
        if self._own:
            self.client.close()


def make_executor(scheduler: str | None = None, *, workers: int | None = None) -> Executor:
    """The executor of a run: Dask if `scheduler` (or the setting ``scheduler``) is set.

    ``workers=1`` without a scheduler runs in this process.
    """
    from regioplan import settings

    address = scheduler if scheduler is not None else settings.current().scheduler
    if address:
        return DaskExecutor(str(address))
    if workers == 1:
        return SerialExecutor()
    return LocalExecutor(workers=workers)


__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "Progress",
    "SerialExecutor",
    "make_executor",
]
