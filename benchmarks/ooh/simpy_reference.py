"""The out-of-hours model of :mod:`regioplan.ooh.engine`, written the ordinary way with SimPy.

It is the reference the engine is checked against (tests/ooh/test_reference.py: statistical
agreement on a small configuration) and the peer of the speed benchmark (bench_ooh.py: events
per second on the same model). It reads the same inputs (a ``Network`` and ``Jobs``) and follows
the same rules, in SimPy's idiom:

- one process per contact walks through its stages: wait for the stage's release (and the
  patient's drive), ask the dispatcher for a server, hold it for travel plus service;
- one process per server group changes its head count at every hour boundary;
- the dispatcher keeps a priority queue per queue (urgency, then time joined, then contact) and
  hands a free server to the best waiting request; a new request takes the free server that
  reaches it soonest across all groups of its queue (a shared pool of cars or physicians).

Counting events as the engine does (a stage joining its queue, a server finishing) makes the
events per second of the two comparable.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from regioplan.ooh.engine import Jobs, Network, Trace


@dataclass
class _Slot:
    group: int
    index: int
    loc: int
    state: int = 0  # 0 off, 1 idle, 2 busy


@dataclass
class _World:
    env: simpy.Environment
    net: Network
    jobs: Jobs
    slots: list[list[_Slot]]
    queues: list[list[tuple[float, float, int, Any]]]
    served_by: list[list[int]]
    busy: list[int]
    trace: Trace
    events: int = 0
    return_km: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def cap(self, g: int, t: float) -> int:
        h = min(int(t // 60.0), self.net.hours - 1)
        return int(self.net.capacity[g, h])

    def start(self, slot: _Slot, c: int, s: int, ev: Any) -> None:
        slot.state = 2
        self.busy[slot.group] += 1
        ev.succeed(slot)

    def request(self, c: int, s: int) -> Any:
        """An event that fires with a server for stage `s` of contact `c` (or None: handed over)."""
        env, jobs = self.env, self.jobs
        ev = env.event()
        q = int(jobs.queue[c, s])
        target = int(jobs.location[c, s])
        # the free server that reaches the job soonest across every group of the queue (a
        # shared pool); no travel costs nothing; ties: earlier group, then lower slot
        best: _Slot | None = None
        best_key: tuple[float, int, int] | None = None
        for rank, g in enumerate(self.served_by[q]):
            for sl in self.slots[g]:
                if sl.state != 1:
                    continue
                cost = 0.0
                if self.net.mobile[g] and target >= 0:
                    cost = float(self.net.travel_min[sl.loc, target])
                key = (cost, rank, sl.index)
                if best_key is None or key < best_key:
                    best, best_key = sl, key
        if best is not None:
            self.start(best, c, s, ev)
            return ev
        h = min(int(env.now // 60.0), self.net.hours - 1)
        if any(self.net.capacity[g, h] > 0 or self.busy[g] > 0 for g in self.served_by[q]):
            heapq.heappush(self.queues[q], (float(jobs.priority[c, s]), env.now, c, (s, ev)))
        else:
            ev.succeed(None)
        return ev

    def free(self, slot: _Slot) -> None:
        """`slot` finished: it takes the best waiting job of its queues, idles or goes off."""
        g = slot.group
        self.busy[g] -= 1
        slot.state = 1
        cap = self.cap(g, self.env.now)
        best_q = -1
        if slot.index < cap or cap == 0:
            for q in self.net.serves[g]:
                if self.queues[q] and (
                    best_q < 0 or self.queues[q][0][:3] < self.queues[best_q][0][:3]
                ):
                    best_q = q
        if best_q >= 0:
            _, _, c, (s, ev) = heapq.heappop(self.queues[best_q])
            self.start(slot, c, s, ev)
            return
        home = self.net.home[g]
        if self.net.mobile[g] and slot.loc != home:
            self.return_km[g] += self.net.travel_km[slot.loc, home]
            slot.loc = home
        if slot.index >= cap:
            slot.state = 0

    def shifts(self, g: int) -> Any:
        """Process: the head count of group `g` at every hour boundary."""
        for hour in range(self.net.hours):
            if hour:
                yield self.env.timeout(60.0 * hour - self.env.now)
            cap = int(self.net.capacity[g, hour])
            for slot in self.slots[g]:
                if slot.index < cap and slot.state == 0:
                    slot.state = 1
                    slot.loc = self.net.home[g]
                    best_q = -1
                    for q in self.net.serves[g]:
                        if self.queues[q] and (
                            best_q < 0 or self.queues[q][0][:3] < self.queues[best_q][0][:3]
                        ):
                            best_q = q
                    if best_q >= 0:
                        _, _, c, (s, ev) = heapq.heappop(self.queues[best_q])
                        self.start(slot, c, s, ev)
                elif slot.index >= cap and slot.state == 1:
                    slot.state = 0

    def contact(self, c: int) -> Any:
        """Process: contact `c` through its stages."""
        env, jobs, tr = self.env, self.jobs, self.trace
        yield env.timeout(float(jobs.arrival[c]) - env.now)
        s = 0
        while True:
            self.events += 1
            tr.enter[c, s] = env.now
            slot = yield self.request(c, s)
            if slot is None:
                tr.status[c, s] = 1
                return
            target = int(jobs.location[c, s])
            drive = 0.0
            if self.net.mobile[slot.group] and target >= 0:
                drive = float(self.net.travel_min[slot.loc, target])
                tr.origin[c, s] = slot.loc
                slot.loc = target
            tr.start[c, s], tr.travel[c, s] = env.now, drive
            tr.group[c, s], tr.status[c, s] = slot.group, 0
            length = drive + float(jobs.service[c, s])
            nxt = s + 1 < jobs.stages and jobs.queue[c, s + 1] >= 0
            rel = float(jobs.release[c, s])
            if nxt and 0 <= rel < length:
                # the next stage is released while this one is still being served
                env.process(self._finish(slot, length))
                yield env.timeout(rel + float(jobs.delay[c, s + 1]))
            else:
                yield env.timeout(length)
                self.events += 1
                self.free(slot)
                if not nxt:
                    return
                yield env.timeout(float(jobs.delay[c, s + 1]))
            s += 1

    def _finish(self, slot: _Slot, length: float) -> Any:
        yield self.env.timeout(length)
        self.events += 1
        self.free(slot)


def run_simpy(network: Network, jobs: Jobs) -> Trace:
    """The engine's :func:`~regioplan.ooh.engine.run`, in SimPy."""
    n, s = jobs.n, jobs.stages
    trace = Trace(
        enter=np.full((n, s), np.nan),
        start=np.full((n, s), np.nan),
        travel=np.full((n, s), np.nan),
        group=np.full((n, s), -1, np.int64),
        origin=np.full((n, s), -1, np.int64),
        status=np.full((n, s), 2, np.int64),
        return_km=np.zeros(network.n_groups),
        events=0,
    )
    env = simpy.Environment()
    served_by: list[list[int]] = [[] for _ in range(network.n_queues)]
    for g, qs in enumerate(network.serves):
        for q in qs:
            served_by[q].append(g)
    slots = [
        [_Slot(g, i, network.home[g]) for i in range(int(network.capacity[g].max(initial=0)))]
        for g in range(network.n_groups)
    ]
    world = _World(
        env, network, jobs, slots, [[] for _ in range(network.n_queues)], served_by,
        [0] * network.n_groups, trace, return_km=trace.return_km,
    )  # fmt: skip
    for g in range(network.n_groups):
        env.process(world.shifts(g))
    t_end = 60.0 * network.hours
    for c in range(n):
        if jobs.arrival[c] < t_end:
            env.process(world.contact(c))
    env.run(until=t_end)
    return Trace(
        trace.enter, trace.start, trace.travel, trace.group, trace.origin, trace.status,
        trace.return_km, world.events,
    )  # fmt: skip
