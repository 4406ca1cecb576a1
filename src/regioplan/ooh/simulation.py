"""Running replications: :func:`simulate` one configuration, :func:`compare` several.

Each replication gets its own seed, a child of ``SeedSequence(seed)`` (:meth:`spawn`), so its
result does not depend on which process or Dask worker runs it, nor on how replications are
batched: the same seed gives the same :class:`OohResult` locally and on a cluster. Replications go
through a :class:`regioplan.executors.Executor` in batches (one task per batch keeps the model's
transfer to workers small); without an executor they run in this process.

In :func:`compare` every configuration runs on the same replication seeds and the sampling
draws all random numbers from the demand alone (:func:`regioplan.ooh.model.sample`): the calls,
their urgencies and service times are identical across variants (common random numbers), and
differences are paired over replications.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from regioplan.access.costs import TravelCostProvider
from regioplan.errors import InputError
from regioplan.executors import Executor, SerialExecutor
from regioplan.ooh.config import OohConfig
from regioplan.ooh.demand import demand
from regioplan.ooh.engine import run
from regioplan.ooh.model import OohModel, build_model, sample
from regioplan.ooh.results import Comparison, Measures, OohResult, area_km, measure
from regioplan.regions import Region

Progress = Callable[[int], None]
BATCH = 10
"""Replications per executor task."""


def replicate(model: OohModel, seeds: Sequence[np.random.SeedSequence]) -> list[Measures]:
    """The measures of one replication per seed (a picklable task for the executors)."""
    out = []
    for ss in seeds:
        smp = sample(model, np.random.default_rng(ss))
        out.append(measure(model, smp, run(model.network, smp.jobs)))
    return out


def _task(args: tuple[OohModel, list[np.random.SeedSequence]]) -> list[Measures]:
    return replicate(*args)


def _check(replications: int, seed: int) -> None:
    if replications < 1:
        raise InputError(f"replications = {replications} must be at least 1")
    if seed < 0:
        raise InputError(f"seed = {seed} must be 0 or more")


def _run_models(
    models: Sequence[OohModel],
    replications: int,
    seed: int,
    executor: Executor | None,
    progress: Progress | None,
) -> list[list[Measures]]:
    seeds = np.random.SeedSequence(seed).spawn(replications)
    batches = [seeds[i : i + BATCH] for i in range(0, replications, BATCH)]
    tasks = [(m, b) for m in models for b in batches]
    total = replications * len(models)

    def on_done(n: int) -> None:  # replications done, as far as finished tasks tell
        if progress is not None:
            progress(total * n // len(tasks))

    ex = executor or SerialExecutor()
    out = ex.map(_task, tasks, on_done=on_done if progress is not None else None)
    per_model: list[list[Measures]] = []
    nb = len(batches)
    for k in range(len(models)):
        per_model.append([m for batch in out[k * nb : (k + 1) * nb] for m in batch])
    return per_model


def prepare(
    region: Region,
    config: OohConfig,
    *,
    year: int,
    provider: TravelCostProvider | None = None,
) -> OohModel:
    """The simulation model of `config` in `region` and `year` (demand, travel, routing)."""
    return build_model(config, demand(region, config, year=year), provider=provider)


def _result(model: OohModel, measures: list[Measures], seed: int) -> OohResult:
    d = model.demand
    cfg = model.config
    provenance = dict(d.method)
    provenance["travel"] = (
        "travel times from the travel-cost provider; road km as great-circle x 1.3 (estimate)"
    )
    provenance["posts"] = "; ".join(
        f"{p.id}: PC4 {p.pc4}" + (" (location estimated)" if p.estimated else "") for p in cfg.posts
    )
    provenance["service_times"] = (
        f"triage call {cfg.params.triage_mean_min:g} min (SD {cfg.params.triage_sd_min:g}; UK, "
        "Mohammed et al. 2012, an assumption for the Netherlands); consultation, visit, "
        "supervision, social-domain and SO times are assumptions (docs/ooh.md)"
    )
    if cfg.meta.estimated:
        provenance["configuration"] = (
            f"estimate: {cfg.meta.note or 'the configuration is an estimate'}"
        )
    return OohResult(
        name=cfg.meta.name or "configuration",
        year=d.year,
        replications=len(measures),
        seed=seed,
        measures=tuple(measures),
        groups=tuple(g.name for g in model.groups),
        areas=tuple(str(a) for a in d.areas.index),
        area_km=tuple(float(x) for x in area_km(model)),
        contacts=d.contacts(),
        provenance=provenance,
    )


def simulate(
    region: Region,
    config: OohConfig,
    *,
    year: int,
    replications: int,
    seed: int,
    executor: Executor | None = None,
    progress: Progress | None = None,
    provider: TravelCostProvider | None = None,
) -> OohResult:
    """Simulates one year of `region`'s out-of-hours care under `config`, `replications` times."""
    _check(replications, seed)
    model = prepare(region, config, year=year, provider=provider)
    (measures,) = _run_models([model], replications, seed, executor, progress)
    return _result(model, measures, seed)


def compare(
    region: Region,
    configs: Sequence[OohConfig],
    *,
    year: int,
    replications: int,
    seed: int,
    executor: Executor | None = None,
    progress: Progress | None = None,
    provider: TravelCostProvider | None = None,
) -> Comparison:
    """Simulates each configuration on common random numbers; differences are vs the first."""
    _check(replications, seed)
    if len(configs) < 2:
        raise InputError("compare needs at least two configurations")
    models = [prepare(region, c, year=year, provider=provider) for c in configs]
    per_model = _run_models(models, replications, seed, executor, progress)
    return Comparison(tuple(_result(m, ms, seed) for m, ms in zip(models, per_model, strict=True)))


__all__ = ["BATCH", "compare", "prepare", "replicate", "simulate"]
