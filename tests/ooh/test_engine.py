"""The discrete-event engine: small stories with hand-checkable logs, Erlang C, invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import simpy_reference
from regioplan.errors import ParameterError
from regioplan.ooh.engine import AT_END, HANDED_OVER, NO_STAGE, SERVED, Jobs, Network, run
from regioplan.ooh.results import Estimate


def _jobs(
    arrival: list[float],
    service: list[float],
    priority: list[int] | None = None,
    location: list[int] | None = None,
    queue: list[int] | None = None,
) -> Jobs:
    n = len(arrival)
    return Jobs(
        arrival=np.array(arrival, float),
        queue=np.array(queue or [0] * n, np.int64)[:, None],
        priority=np.array(priority or [0] * n, np.int64)[:, None],
        service=np.array(service, float)[:, None],
        location=np.array(location or [-1] * n, np.int64)[:, None],
        release=np.full((n, 1), AT_END),
        delay=np.zeros((n, 1)),
    )


def _net(cap: list[int] | int, hours: int = 10, mobile: bool = False, travel=None) -> Network:
    capacity = np.array([cap if isinstance(cap, list) else [cap] * hours], np.int64)
    tm = np.zeros((1, 1)) if travel is None else np.asarray(travel, float)
    return Network(1, ((0,),), (mobile,), (0 if mobile else -1,), capacity, tm, tm.copy())


def test_one_server_serves_by_urgency_then_arrival() -> None:
    """Three calls arrive while the server is busy; the most urgent goes first, ties by time."""
    jobs = _jobs([0.0, 1.0, 2.0, 3.0], [10.0, 5.0, 5.0, 5.0], priority=[0, 3, 1, 1])
    trace = run(_net(1), jobs)
    log = sorted((float(trace.start[i, 0]), i) for i in range(4))
    assert log == [(0.0, 0), (10.0, 2), (15.0, 3), (20.0, 1)]


def test_compiled_and_plain_loop_agree_on_the_story() -> None:
    jobs = _jobs([0.0, 1.0, 2.0, 3.0], [10.0, 5.0, 5.0, 5.0], priority=[0, 3, 1, 1])
    a, b = run(_net(1), jobs), run(_net(1), jobs, compiled=False)
    assert np.array_equal(a.start, b.start) and a.events == b.events == 8


def test_a_server_stays_in_overtime_and_a_closed_queue_hands_over() -> None:
    """The shift ends at 60: the job in service finishes, the waiting one is still served
    (overtime); a call after the server left is handed over."""
    net = _net([1, 0, 0], hours=3)
    jobs = _jobs([50.0, 55.0, 100.0], [20.0, 10.0, 5.0])
    trace = run(net, jobs)
    assert trace.start[:, 0].tolist()[:2] == [50.0, 70.0]
    assert trace.status[:, 0].tolist() == [SERVED, SERVED, HANDED_OVER]


def test_a_server_coming_on_duty_takes_the_waiting_job() -> None:
    net = _net([1, 2], hours=2)
    jobs = _jobs([0.0, 10.0], [100.0, 5.0])
    assert run(net, jobs).start[:, 0].tolist() == [0.0, 60.0]


def test_the_nearest_free_car_goes_and_drives_from_its_last_visit() -> None:
    """Two cars at their post (location 0); a visit at 1 then one at 2: the car that was at 1
    drives from there when it takes the next job straight away."""
    travel = [[0, 10, 20], [10, 0, 5], [20, 5, 0]]
    net = Network(1, ((0,),), (True,), (0,), np.array([[1] * 5]), np.array(travel, float),
                  np.array(travel, float))  # fmt: skip
    jobs = _jobs([0.0, 1.0], [30.0, 10.0], location=[1, 2])
    trace = run(net, jobs)
    assert trace.travel[:, 0].tolist() == [10.0, 5.0]
    assert trace.start[:, 0].tolist() == [0.0, 40.0]
    assert trace.origin[:, 0].tolist() == [0, 1]
    assert trace.return_km[0] == 20.0  # the car drives home from location 2 at the end


def test_an_urgent_stage_is_released_during_the_call() -> None:
    """The triagist dispatches the car 2 minutes into an 8-minute call."""
    jobs = Jobs(
        arrival=np.array([0.0]),
        queue=np.array([[0, 1]]),
        priority=np.array([[0, 1]]),
        service=np.array([[8.0, 20.0]]),
        location=np.array([[-1, -1]]),
        release=np.array([[2.0, AT_END]]),
        delay=np.array([[0.0, 0.0]]),
    )
    net = Network(2, ((0,), (1,)), (False, False), (-1, -1), np.ones((2, 2), np.int64),
                  np.zeros((1, 1)), np.zeros((1, 1)))  # fmt: skip
    trace = run(net, jobs)
    assert trace.start[0].tolist() == [0.0, 2.0]


def test_bad_inputs_name_what_is_wrong() -> None:
    with pytest.raises(ParameterError, match="sorted"):
        _jobs([2.0, 1.0], [1.0, 1.0])
    with pytest.raises(ParameterError, match="served by no group"):
        run(Network(2, ((0,),), (False,), (-1,), np.ones((1, 2), np.int64), np.zeros((1, 1)),
                    np.zeros((1, 1))), _jobs([0.0], [1.0], queue=[1]))  # fmt: skip


def _erlang_c(lam: float, mu: float, c: int) -> tuple[float, float]:
    a = lam / mu
    head = sum(a**k / math.factorial(k) for k in range(c))
    top = a**c / math.factorial(c) / (1 - a / c)
    pw = top / (head + top)
    return pw, pw / (c * mu - lam)


@pytest.mark.parametrize(("lam", "mu", "c"), [(2.0, 0.5, 5), (0.8, 1.0, 1), (3.0, 0.4, 9)])
def test_mmc_reproduces_erlang_c(lam: float, mu: float, c: int) -> None:
    """Poisson arrivals, exponential service, no travel, one queue: P(wait) and the mean wait of
    Erlang C lie within the 95 % confidence interval over 20 replications."""
    hours = 1000
    net = _net(c, hours=hours)
    p_wait, w_mean = [], []
    for ss in np.random.SeedSequence(7).spawn(20):
        rng = np.random.default_rng(ss)
        n = rng.poisson(lam * 60 * hours)
        arrival = np.sort(rng.uniform(0, 60 * hours, n))
        trace = run(net, _jobs(arrival.tolist(), rng.exponential(1 / mu, n).tolist()))
        # drop the first 10 hours (empty start) and the last 20 (calls not served by the end)
        warm = (arrival > 600) & (arrival < 60 * (hours - 20))
        wait = (trace.start[:, 0] - trace.enter[:, 0])[warm & (trace.status[:, 0] == SERVED)]
        p_wait.append(float((wait > 1e-12).mean()))
        w_mean.append(float(wait.mean()))
    pw, wq = _erlang_c(lam / 1.0, mu, c)
    ep, ew = Estimate.of(p_wait), Estimate.of(w_mean)
    assert ep.low <= pw <= ep.high, (ep, pw)
    assert ew.low <= wq <= ew.high, (ew, wq)


@st.composite
def _networks(draw: st.DrawFn) -> tuple[Network, Jobs]:
    n_loc = draw(st.integers(1, 4))
    hours = draw(st.integers(1, 6))
    groups = draw(st.integers(1, 3))
    n_q = draw(st.integers(1, 3))
    serves = tuple(
        tuple(sorted(draw(st.sets(st.integers(0, n_q - 1), min_size=1, max_size=n_q))))
        for _ in range(groups)
    )
    for q in range(n_q):  # every queue served by someone
        if not any(q in s for s in serves):
            serves = ((*serves[0], q), *serves[1:])
    mobile = tuple(draw(st.booleans()) for _ in range(groups))
    home = tuple(draw(st.integers(0, n_loc - 1)) if m else -1 for m in mobile)
    cap = np.array(draw(st.lists(st.lists(st.integers(0, 2), min_size=hours, max_size=hours),
                                 min_size=groups, max_size=groups)), np.int64)  # fmt: skip
    tm = np.array(draw(st.lists(st.lists(st.floats(0, 30), min_size=n_loc, max_size=n_loc),
                                min_size=n_loc, max_size=n_loc)))  # fmt: skip
    net = Network(n_q, serves, mobile, home, cap, tm, tm / 2)
    n = draw(st.integers(1, 25))
    arrival = np.sort(np.array(draw(st.lists(st.floats(0, 60 * hours), min_size=n, max_size=n))))
    two = draw(st.booleans())
    s = 2 if two else 1
    queue = np.array(draw(st.lists(st.integers(0, n_q - 1), min_size=n * s, max_size=n * s)))
    queue = queue.reshape(n, s)
    if two:
        queue[:, 1] = np.where(np.arange(n) % 3 == 0, NO_STAGE, queue[:, 1])
    jobs = Jobs(
        arrival=arrival,
        queue=queue.astype(np.int64),
        priority=np.array(draw(st.lists(st.integers(0, 3), min_size=n * s, max_size=n * s)))
        .reshape(n, s)
        .astype(np.int64),
        service=np.array(draw(st.lists(st.floats(0.1, 50), min_size=n * s, max_size=n * s)))
        .reshape(n, s),
        location=np.array(
            draw(st.lists(st.integers(-1, n_loc - 1), min_size=n * s, max_size=n * s))
        ).reshape(n, s).astype(np.int64),
        release=np.array(
            draw(st.lists(st.sampled_from([AT_END, 0.0, 2.0]), min_size=n * s, max_size=n * s))
        ).reshape(n, s),
        delay=np.zeros((n, s)),
    )  # fmt: skip
    return net, jobs


@settings(max_examples=60, deadline=None)
@given(_networks())
def test_invariants_and_the_compiled_loop_equals_the_plain_one(case: tuple[Network, Jobs]) -> None:
    """On random networks: the compiled and the plain loop give the same trace; no stage starts
    before it joined its queue; a served stage has a group that serves its queue; a group never
    has more jobs in service at once than its largest head count."""
    net, jobs = case
    a = run(net, jobs)
    b = run(net, jobs, compiled=False)
    for name in ("enter", "start", "travel"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True)
    assert np.array_equal(a.status, b.status) and a.events == b.events
    served = a.status == SERVED
    assert np.all(a.start[served] >= a.enter[served])
    for c, s in zip(*np.nonzero(served), strict=True):
        assert jobs.queue[c, s] in net.serves[a.group[c, s]]
    end = a.start + a.travel + jobs.service
    for g in range(net.n_groups):
        sel = served & (a.group == g)
        starts, ends = a.start[sel], end[sel]
        for t in starts:
            assert int(((starts <= t) & (ends > t)).sum()) <= int(net.capacity[g].max())


def test_busy_time_past_the_end_of_the_run_is_left_out() -> None:
    """A job still in service long after the last hour (overtime) counts up to the end only."""
    from regioplan.ooh.results import _busy_by_hour

    busy = _busy_by_hour(np.array([50.0, 100.0]), np.array([30.0, 500.0]), np.array([0, 0]), 1, 2)
    assert busy.tolist() == [[10.0, 40.0]]


def test_a_job_started_at_a_shift_change_ends_before_the_next_arrival() -> None:
    """A second server comes on duty at 60 and serves the waiting call in one minute; the next
    call (at 62) finds that server free and starts at 62, never before it arrived."""
    jobs = _jobs([0.0, 10.0, 62.0], [200.0, 1.0, 5.0])
    trace = run(_net([1, 2, 2], hours=3), jobs)
    assert trace.start[:, 0].tolist() == [0.0, 60.0, 62.0]


def _pool() -> Network:
    """Two posts' cars share one queue: the first post's car is at location 0, the second's at 2."""
    travel = np.array([[0, 10, 20], [10, 0, 5], [20, 5, 0]], float)
    return Network(1, ((0,), (0,)), (True, True), (0, 2), np.ones((2, 5), np.int64), travel,
                   travel.copy())  # fmt: skip


def test_a_shared_pool_sends_the_car_that_reaches_the_call_soonest() -> None:
    """A visit at 2 goes to the second post's car (already there), not to the first group's car
    20 minutes away; the next visit, at 1, gets the first post's car; a call that waits is taken
    by the first car to come free by urgency, whichever post it belongs to. The plain loop and
    the SimPy reference do the same."""
    jobs = _jobs([0.0, 1.0, 2.0, 3.0], [30.0, 60.0, 10.0, 10.0], priority=[1, 1, 3, 0],
                 location=[2, 1, 0, 0])  # fmt: skip
    net = _pool()
    trace = run(net, jobs)
    assert trace.group[:, 0].tolist() == [1, 0, 1, 1]
    # the second car frees at 30 and takes the urgent call (3) before the earlier one (2), which
    # it serves at 60 from where it is then (location 0: no drive)
    assert trace.start[:, 0].tolist() == [0.0, 1.0, 60.0, 30.0]
    assert trace.travel[:, 0].tolist() == [0.0, 10.0, 0.0, 20.0]
    plain = run(net, jobs, compiled=False)
    ref = simpy_reference().run_simpy(net, jobs)
    for other in (plain, ref):
        assert np.array_equal(other.group, trace.group)
        assert np.allclose(other.start, trace.start, equal_nan=True)
        assert np.allclose(other.travel, trace.travel, equal_nan=True)
