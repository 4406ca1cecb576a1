"""A discrete-event engine for networks of priority queues served by time-varying server pools.

The model it runs is small and fixed, which is what makes it fast:

- A *contact* arrives at a known time and passes through up to ``S`` *stages* (triage, then
  advice, a consultation or a home visit, ...). Each stage names the queue it joins, its
  priority (lower first; ties by the time the stage joined its queue, then by contact number),
  its service time (drawn beforehand), the location it takes place at (``-1``: no travel) and
  when the next stage is released (at the end of service, or a fixed time after its start: a
  triagist can dispatch a car two minutes into an urgent call and stay on the line).
- A *group* is a pool of interchangeable servers (triagists of a post, the cars of the region).
  Its head count follows a timeline per hour; a server above the head count leaves when it
  finishes its job, except that when the head count is zero and work still waits it stays until
  the queue is empty (overtime). A job that joins a queue whose groups are all closed and empty
  is *handed over* (to daytime care) and not served.
- A group serves one or more queues; a server that becomes free takes the best job at the head
  of its queues (priority, then time joined). A job that joins a queue takes the free server
  that reaches it soonest across *all* groups serving the queue (a shared pool of cars or of
  SO/AVG physicians spans the groups of several posts or organisations): a *mobile* server
  costs its travel time from where it is, one that does not travel costs nothing; ties go to
  the earlier group in the queue's preference order.
- A mobile server travels from where it is (its post, or its last visit when it takes the next
  job straight away) to the job's location; the travel is part of its busy time and of the
  patient's response time. A mobile server that becomes idle is treated as back at its post
  (the return trip is counted in its kilometres but does not keep it busy).

Everything stochastic is drawn before the run (:mod:`regioplan.ooh.demand`), so the run itself
is a pure function of its arrays: the same arrays give the same trace, in any process. The event
loop is compiled by numba on first use and cached on disk; the same function also runs
uncompiled (``compiled=False``), which the tests use as a check on the compiled loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from regioplan.errors import ParameterError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NO_STAGE = -1
"""``queue`` of a stage that does not exist (a contact with fewer stages)."""
AT_END = -1.0
"""``release`` of a stage whose successor is released at the end of its service."""
SERVED, HANDED_OVER, NOT_REACHED = 0, 1, 2
"""Stage status: served; handed over (no server open); never released (run ended first)."""

_RELEASE, _END = 0, 1


@dataclass(frozen=True)
class Network:
    """Queues, server groups, their head counts over time and the travel between locations.

    `serves` lists, per group, the queues it takes jobs from; the preference of groups for a queue
    is the order of the groups. `capacity` has one row per group and one column per hour from the
    start of the run (the run ends after the last hour). `travel_min` and `travel_km` are dense
    (locations x locations); `home` is each group's home location (mobile groups) or -1.
    """

    n_queues: int
    serves: tuple[tuple[int, ...], ...]
    mobile: tuple[bool, ...]
    home: tuple[int, ...]
    capacity: IntArray
    travel_min: FloatArray
    travel_km: FloatArray

    def __post_init__(self) -> None:
        g = len(self.serves)
        if not (len(self.mobile) == len(self.home) == g == self.capacity.shape[0]):
            raise ParameterError("Network: serves, mobile, home and capacity rows must match")
        if (self.capacity < 0).any():
            raise ParameterError("Network: capacity must not be negative")
        for gi, qs in enumerate(self.serves):
            for q in qs:
                if not 0 <= q < self.n_queues:
                    raise ParameterError(f"Network: group {gi} serves unknown queue {q}")
            if self.mobile[gi] and not 0 <= self.home[gi] < self.travel_min.shape[0]:
                raise ParameterError(f"Network: mobile group {gi} has no home location")

    @property
    def n_groups(self) -> int:
        return len(self.serves)

    @property
    def hours(self) -> int:
        return int(self.capacity.shape[1])


@dataclass(frozen=True)
class Jobs:
    """Contacts and their stages (arrays; ``S`` = stages per contact).

    `arrival` (n,) sorted ascending, minutes from the start of the run; per stage (n, S):
    `queue` (NO_STAGE when absent), `priority`, `service` (minutes on site or on the phone),
    `location` (-1: no travel), `release` (minutes after the stage's start at which the next
    stage is released, or AT_END) and `delay` (minutes between a stage's release and its joining
    its queue, e.g. the patient's drive to the post; ignored for stage 0).
    """

    arrival: FloatArray
    queue: IntArray
    priority: IntArray
    service: FloatArray
    location: IntArray
    release: FloatArray
    delay: FloatArray

    def __post_init__(self) -> None:
        n = len(self.arrival)
        for name in ("queue", "priority", "service", "location", "release", "delay"):
            arr = getattr(self, name)
            if arr.ndim != 2 or arr.shape[0] != n or arr.shape[1] != self.queue.shape[1]:
                raise ParameterError(f"Jobs: {name} must have shape (n, S) = {self.queue.shape}")
        if n and np.any(np.diff(self.arrival) < 0):
            raise ParameterError("Jobs: arrival must be sorted ascending")

    @property
    def n(self) -> int:
        return len(self.arrival)

    @property
    def stages(self) -> int:
        return int(self.queue.shape[1])


@dataclass(frozen=True)
class Trace:
    """What happened to every stage: (n, S) arrays, NaN where a stage did not happen.

    `enter`: joined its queue; `start`: a server took it; `travel`: minutes driven to it;
    `group`: the server group (-1 if none); `origin`: where the server drove from (-1);
    `status`: SERVED, HANDED_OVER or NOT_REACHED (absent stages are NOT_REACHED with NaN times).
    `return_km` per group: kilometres of return trips to the post; `events`: events processed.
    """

    enter: FloatArray
    start: FloatArray
    travel: FloatArray
    group: IntArray
    origin: IntArray
    status: IntArray
    return_km: FloatArray
    events: int


def _heap_push(
    ht: FloatArray, hs: IntArray, hk: IntArray, ha: IntArray, hb: IntArray, size: int,
    t: float, seq: int, kind: int, a: int, b: int,
) -> int:  # fmt: skip
    i = size
    ht[i], hs[i], hk[i], ha[i], hb[i] = t, seq, kind, a, b
    while i > 0:
        p = (i - 1) // 2
        if ht[p] < ht[i] or (ht[p] == ht[i] and hs[p] < hs[i]):
            break
        ht[p], ht[i] = ht[i], ht[p]
        hs[p], hs[i] = hs[i], hs[p]
        hk[p], hk[i] = hk[i], hk[p]
        ha[p], ha[i] = ha[i], ha[p]
        hb[p], hb[i] = hb[i], hb[p]
        i = p
    return size + 1


def _heap_pop(
    ht: FloatArray, hs: IntArray, hk: IntArray, ha: IntArray, hb: IntArray, size: int
) -> int:
    """Removes the root (the caller read it); returns the new size."""
    size -= 1
    ht[0], hs[0], hk[0], ha[0], hb[0] = ht[size], hs[size], hk[size], ha[size], hb[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        c = left
        right = left + 1
        if right < size and (
            ht[right] < ht[left] or (ht[right] == ht[left] and hs[right] < hs[left])
        ):
            c = right
        if ht[i] < ht[c] or (ht[i] == ht[c] and hs[i] < hs[c]):
            break
        ht[c], ht[i] = ht[i], ht[c]
        hs[c], hs[i] = hs[i], hs[c]
        hk[c], hk[i] = hk[i], hk[c]
        ha[c], ha[i] = ha[i], ha[c]
        hb[c], hb[i] = hb[i], hb[c]
        i = c
    return size


def _q_less(k1: FloatArray, k2: FloatArray, ids: IntArray, i: int, j: int) -> bool:
    if k1[i] != k1[j]:
        return bool(k1[i] < k1[j])
    if k2[i] != k2[j]:
        return bool(k2[i] < k2[j])
    return bool(ids[i] < ids[j])


def _q_push(
    k1: FloatArray, k2: FloatArray, ids: IntArray, base: int, size: int,
    p: float, t: float, job: int,
) -> None:  # fmt: skip
    i = base + size
    k1[i], k2[i], ids[i] = p, t, job
    while i > base:
        par = base + (i - base - 1) // 2
        if not _q_less(k1, k2, ids, i, par):
            break
        k1[par], k1[i] = k1[i], k1[par]
        k2[par], k2[i] = k2[i], k2[par]
        ids[par], ids[i] = ids[i], ids[par]
        i = par


def _q_pop(k1: FloatArray, k2: FloatArray, ids: IntArray, base: int, size: int) -> int:
    """Removes and returns the best job of the queue at `base` of `size` (> 0) entries."""
    top = int(ids[base])
    last = base + size - 1
    k1[base], k2[base], ids[base] = k1[last], k2[last], ids[last]
    size -= 1
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        c = left
        if left + 1 < size and _q_less(k1, k2, ids, base + left + 1, base + left):
            c = left + 1
        if not _q_less(k1, k2, ids, base + c, base + i):
            break
        a, b = base + c, base + i
        k1[a], k1[b] = k1[b], k1[a]
        k2[a], k2[b] = k2[b], k2[a]
        ids[a], ids[b] = ids[b], ids[a]
        i = c
    return top


def _kernel(
    arrival: FloatArray, queue: IntArray, priority: IntArray, service: FloatArray,
    location: IntArray, release: FloatArray, delay: FloatArray,
    n_queues: int, q_base: IntArray, qg_ptr: IntArray, qg_idx: IntArray,
    gq_ptr: IntArray, gq_idx: IntArray, mobile: IntArray, home: IntArray, capacity: IntArray,
    slot_ptr: IntArray, travel_min: FloatArray, travel_km: FloatArray,
    enter: FloatArray, start: FloatArray, travel: FloatArray, group: IntArray,
    origin: IntArray, status: IntArray, return_km: FloatArray,
) -> int:  # fmt: skip
    n, n_stages = queue.shape
    n_groups = len(mobile)
    hours = capacity.shape[1]
    t_end = 60.0 * hours
    # event heap
    cap_events = n * n_stages + slot_ptr[n_groups] + 1
    ht = np.empty(cap_events)
    hs = np.empty(cap_events, np.int64)
    hk = np.empty(cap_events, np.int64)
    ha = np.empty(cap_events, np.int64)
    hb = np.empty(cap_events, np.int64)
    hsize = 0
    seq = 0
    # queues: job id = contact * S + stage
    total = q_base[n_queues]
    k1 = np.empty(total)
    k2 = np.empty(total)
    ids = np.empty(total, np.int64)
    qsize = np.zeros(n_queues, np.int64)
    # slots: 0 off, 1 idle, 2 busy
    n_slots = slot_ptr[n_groups]
    state = np.zeros(n_slots, np.int64)
    loc = np.full(n_slots, -1, np.int64)
    busy = np.zeros(n_groups, np.int64)
    events = 0
    nxt = 0  # next arrival
    hour = 0  # next hour boundary to process
    while True:
        t_arr = arrival[nxt] if nxt < n else np.inf
        t_evt = ht[0] if hsize > 0 else np.inf
        t_next = min(t_arr, t_evt)
        # an hour boundary at or before the next event: each group's head count changes; a
        # server coming on duty may start a job, whose end can come before the next event, so
        # the next event is looked up again after each boundary
        if hour < hours and 60.0 * hour <= t_next:
            t_b = 60.0 * hour
            for g in range(n_groups):
                cap = capacity[g, hour]
                for k in range(slot_ptr[g + 1] - slot_ptr[g]):
                    sl = slot_ptr[g] + k
                    if k < cap and state[sl] == 0:
                        state[sl] = 1
                        loc[sl] = home[g]
                        # the new server takes the best waiting job
                        best_q = -1
                        for p in range(gq_ptr[g], gq_ptr[g + 1]):
                            q = gq_idx[p]
                            if qsize[q] > 0 and (
                                best_q < 0 or _q_less(k1, k2, ids, q_base[q], q_base[best_q])
                            ):
                                best_q = q
                        if best_q >= 0:
                            job = _q_pop(k1, k2, ids, q_base[best_q], qsize[best_q])
                            qsize[best_q] -= 1
                            c, s = job // n_stages, job % n_stages
                            hsize, seq = _start(
                                c, s, g, sl, t_b, queue, service, location, release, delay,
                                priority, mobile, travel_min, start, travel, group, origin,
                                status, state, loc, busy, ht, hs, hk, ha, hb, hsize, seq,
                            )  # fmt: skip
                    elif k >= cap and state[sl] == 1:
                        state[sl] = 0
            hour += 1
            continue
        if t_next == np.inf or t_next >= t_end:
            break
        events += 1
        if t_arr <= t_evt:
            c, s, t = nxt, 0, t_arr
            nxt += 1
            kind = _RELEASE
        else:
            t, kind, a, b = ht[0], hk[0], ha[0], hb[0]
            hsize = _heap_pop(ht, hs, hk, ha, hb, hsize)
            c, s = a, b
        if kind == _RELEASE:
            q = queue[c, s]
            enter[c, s] = t
            # the free server that reaches the job soonest, across every group serving the
            # queue (a shared pool of cars or physicians); servers that do not travel reach it
            # at once, and ties go to the earlier group in the queue's preference order
            chosen_g, chosen_sl = -1, -1
            best_cost = np.inf
            for p in range(qg_ptr[q], qg_ptr[q + 1]):
                g = qg_idx[p]
                for sl in range(slot_ptr[g], slot_ptr[g + 1]):
                    if state[sl] == 1:
                        cost = 0.0
                        if mobile[g] and location[c, s] >= 0:
                            cost = travel_min[loc[sl], location[c, s]]
                        if cost < best_cost:
                            best_cost, chosen_sl, chosen_g = cost, sl, g
                        if not mobile[g]:
                            break
                if chosen_sl >= 0 and best_cost <= 0.0:
                    break
            if chosen_sl >= 0:
                hsize, seq = _start(
                    c, s, chosen_g, chosen_sl, t, queue, service, location, release, delay,
                    priority, mobile, travel_min, start, travel, group, origin, status,
                    state, loc, busy, ht, hs, hk, ha, hb, hsize, seq,
                )  # fmt: skip
            else:
                h = min(int(t // 60.0), hours - 1)
                open_or_busy = False
                for p in range(qg_ptr[q], qg_ptr[q + 1]):
                    g = qg_idx[p]
                    if capacity[g, h] > 0 or busy[g] > 0:
                        open_or_busy = True
                if open_or_busy:
                    _q_push(k1, k2, ids, q_base[q], qsize[q], float(priority[c, s]), t,
                            c * n_stages + s)  # fmt: skip
                    qsize[q] += 1
                else:
                    status[c, s] = 1  # handed over
        else:  # a server finished
            g, sl = a, b
            busy[g] -= 1
            state[sl] = 1
            h = min(int(t // 60.0), hours - 1)
            cap = capacity[g, h]
            k = sl - slot_ptr[g]
            best_q = -1
            if k < cap or cap == 0:
                for p in range(gq_ptr[g], gq_ptr[g + 1]):
                    q = gq_idx[p]
                    if qsize[q] > 0 and (
                        best_q < 0 or _q_less(k1, k2, ids, q_base[q], q_base[best_q])
                    ):
                        best_q = q
            if best_q >= 0:
                job = _q_pop(k1, k2, ids, q_base[best_q], qsize[best_q])
                qsize[best_q] -= 1
                hsize, seq = _start(
                    job // n_stages, job % n_stages, g, sl, t, queue, service, location,
                    release, delay, priority, mobile, travel_min, start, travel, group, origin,
                    status, state, loc, busy, ht, hs, hk, ha, hb, hsize, seq,
                )  # fmt: skip
            else:
                if mobile[g] and loc[sl] != home[g]:
                    return_km[g] += travel_km[loc[sl], home[g]]
                    loc[sl] = home[g]
                if k >= cap:
                    state[sl] = 0
    return events


def _start(
    c: int, s: int, g: int, sl: int, t: float, queue: IntArray, service: FloatArray,
    location: IntArray, release: FloatArray, delay: FloatArray, priority: IntArray,
    mobile: IntArray, travel_min: FloatArray, start: FloatArray, travel: FloatArray,
    group: IntArray, origin: IntArray, status: IntArray, state: IntArray, loc: IntArray,
    busy: IntArray, ht: FloatArray, hs: IntArray, hk: IntArray, ha: IntArray, hb: IntArray,
    hsize: int, seq: int,
) -> tuple[int, int]:  # fmt: skip
    """Server `sl` of group `g` starts stage `s` of contact `c` at `t`; schedules its end and
    the release of the next stage."""
    n_stages = queue.shape[1]
    drive = 0.0
    target = location[c, s]
    if mobile[g] and target >= 0:
        drive = travel_min[loc[sl], target]
        origin[c, s] = loc[sl]
        loc[sl] = target
    start[c, s] = t
    travel[c, s] = drive
    group[c, s] = g
    status[c, s] = 0
    state[sl] = 2
    busy[g] += 1
    done = t + drive + service[c, s]
    hsize = _heap_push(ht, hs, hk, ha, hb, hsize, done, seq, _END, g, sl)
    seq += 1
    if s + 1 < n_stages and queue[c, s + 1] >= 0:
        rel = release[c, s]
        at = (done if rel < 0 else t + rel) + delay[c, s + 1]
        hsize = _heap_push(ht, hs, hk, ha, hb, hsize, at, seq, _RELEASE, c, s + 1)
        seq += 1
    return hsize, seq


_COMPILED: Any = None


def _compiled() -> Any:
    """The event loop compiled by numba (imported here: importing the package stays light)."""
    global _COMPILED
    if _COMPILED is None:
        import numba

        jit = numba.njit(cache=True, nogil=True)
        g = globals()
        # the helpers are compiled first so that the loop calls compiled code
        for name in ("_heap_push", "_heap_pop", "_q_less", "_q_push", "_q_pop", "_start"):
            g[name] = jit(g[name])
        _COMPILED = jit(_kernel)
    return _COMPILED


def _csr(lists: list[list[int]], size: int) -> tuple[IntArray, IntArray]:
    ptr = np.zeros(size + 1, np.int64)
    for i, items in enumerate(lists):
        ptr[i + 1] = ptr[i] + len(items)
    idx = np.array([x for items in lists for x in items], dtype=np.int64)
    return ptr, idx


def run(network: Network, jobs: Jobs, *, compiled: bool = True) -> Trace:
    """Runs `jobs` through `network`; pure: the same inputs give the same :class:`Trace`."""
    n, s = jobs.n, jobs.stages
    if s < 1:
        raise ParameterError("Jobs: at least one stage per contact")
    q = jobs.queue
    present = q >= 0
    if present.any() and int(q[present].max()) >= network.n_queues:
        raise ParameterError(f"Jobs: queue {int(q[present].max())} is not in the network")
    if n and not present[:, 0].all():
        raise ParameterError("Jobs: every contact needs a first stage")
    served_by: list[list[int]] = [[] for _ in range(network.n_queues)]
    for g, qs in enumerate(network.serves):
        for qi in qs:
            served_by[qi].append(g)
    for qi in np.unique(q[present]):
        if not served_by[int(qi)]:
            raise ParameterError(f"Network: queue {int(qi)} is used by jobs but served by no group")
    counts = np.bincount(q[present], minlength=network.n_queues).astype(np.int64)
    q_base = np.zeros(network.n_queues + 1, np.int64)
    q_base[1:] = np.cumsum(counts)
    qg_ptr, qg_idx = _csr(served_by, network.n_queues)
    gq_ptr, gq_idx = _csr([list(x) for x in network.serves], network.n_groups)
    slots = network.capacity.max(axis=1) if network.hours else np.zeros(network.n_groups, int)
    slot_ptr = np.zeros(network.n_groups + 1, np.int64)
    slot_ptr[1:] = np.cumsum(slots)
    enter = np.full((n, s), np.nan)
    start = np.full((n, s), np.nan)
    travel = np.full((n, s), np.nan)
    group = np.full((n, s), -1, np.int64)
    origin = np.full((n, s), -1, np.int64)
    status = np.full((n, s), NOT_REACHED, np.int64)
    return_km = np.zeros(network.n_groups)
    fn = _compiled() if compiled else _kernel
    events = fn(
        np.ascontiguousarray(jobs.arrival, np.float64),
        np.ascontiguousarray(q, np.int64),
        np.ascontiguousarray(jobs.priority, np.int64),
        np.ascontiguousarray(jobs.service, np.float64),
        np.ascontiguousarray(jobs.location, np.int64),
        np.ascontiguousarray(jobs.release, np.float64),
        np.ascontiguousarray(jobs.delay, np.float64),
        network.n_queues, q_base, qg_ptr, qg_idx, gq_ptr, gq_idx,
        np.asarray(network.mobile, np.int64), np.asarray(network.home, np.int64),
        np.ascontiguousarray(network.capacity, np.int64), slot_ptr,
        np.ascontiguousarray(network.travel_min, np.float64),
        np.ascontiguousarray(network.travel_km, np.float64),
        enter, start, travel, group, origin, status, return_km,
    )  # fmt: skip
    return Trace(enter, start, travel, group, origin, status, return_km, int(events))


__all__ = ["AT_END", "HANDED_OVER", "NOT_REACHED", "NO_STAGE", "SERVED", "Jobs", "Network",
           "Trace", "run"]  # fmt: skip
