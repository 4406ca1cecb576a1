"""Writers racing on one entry: of several saves of the same version exactly one lands, the
others get 409, and the history has no gap or duplicate -- on SQLite and PostgreSQL, with real
concurrent threads on separate connections."""

from __future__ import annotations

import threading

from registry_world import World, make_record

from regioplan.placement import ConflictError
from regioplan.registry import OPERATOR, RegistryService

WRITERS = 6


def test_one_of_many_saves_of_a_version_lands(world: World) -> None:
    world.registry.create(OPERATOR, make_record("raced"))
    start = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def save(i: int) -> None:
        service = RegistryService(world.registry.db)
        record = make_record("raced", summary=f"writer {i}")
        start.wait()
        try:
            service.update(OPERATOR, "raced", record, expected_version=1)
            result = "saved"
        except ConflictError:
            result = "conflict"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["conflict"] * (WRITERS - 1) + ["saved"]
    history = world.registry.history(OPERATOR, "raced")
    assert [v.version for v in history] == [1, 2]
    assert world.registry.get(OPERATOR, "raced").record.summary == history[-1].record.summary
