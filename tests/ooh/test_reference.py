"""The engine against the SimPy implementation of the same model (benchmarks/ooh/)."""

from __future__ import annotations

import dataclasses

import numpy as np

from conftest import simpy_reference
from regioplan.ooh.engine import SERVED, Jobs, run
from regioplan.ooh.model import VISIT, OohModel, sample
from regioplan.ooh.results import Estimate

WEEKS = 2


def _short(model: OohModel, seed: np.random.SeedSequence) -> tuple[object, Jobs, np.ndarray]:
    """The first two weeks of one replication of the test configuration."""
    hours = WEEKS * 168
    net = dataclasses.replace(model.network, capacity=model.network.capacity[:, :hours])
    smp = sample(model, np.random.default_rng(seed))
    keep = smp.jobs.arrival < 60.0 * hours
    j = smp.jobs
    jobs = Jobs(*(getattr(j, f.name)[keep] for f in dataclasses.fields(j)))
    return net, jobs, smp.kind[keep]


def test_engine_and_simpy_agree_on_a_small_configuration(small_model: OohModel) -> None:
    """Five replications of two weeks: every stage starts at the same time in both (to rounding),
    and the mean answering time and mean visit response agree within their intervals."""
    ref = simpy_reference()
    ours: dict[str, list[float]] = {"answer": [], "visit": []}
    theirs: dict[str, list[float]] = {"answer": [], "visit": []}
    for ss in np.random.SeedSequence(11).spawn(5):
        net, jobs, kind = _short(small_model, ss)
        a, b = run(net, jobs), ref.run_simpy(net, jobs)
        assert a.events == b.events
        assert np.array_equal(a.status, b.status)
        assert np.allclose(a.start, b.start, equal_nan=True, atol=1e-6)
        for tr, out in ((a, ours), (b, theirs)):
            served = tr.status[:, 0] == SERVED
            out["answer"].append(float((tr.start[:, 0] - tr.enter[:, 0])[served].mean()))
            vis = (kind == VISIT) & (tr.status[:, 1] == SERVED)
            resp = tr.start[:, 1] + tr.travel[:, 1] - jobs.arrival
            out["visit"].append(float(resp[vis].mean()))
    for key in ours:
        e, r = Estimate.of(ours[key]), Estimate.of(theirs[key])
        assert e.low <= r.mean <= e.high and r.low <= e.mean <= r.high
