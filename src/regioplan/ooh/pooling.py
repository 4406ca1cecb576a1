"""The physician hours a shared SO/AVG on-call pool saves at equal response, from the simulation.

The catalogue's ``shared_anw_service`` initiative (care organisations pool the on-call duty of
their elderly-care physicians and AVGs) assumes a range for ``pooling_saving``, the share of
on-call physician time saved. Where a region has a configuration of today's on-call duty per
organisation and of the shared pool, :func:`pooling_effect` takes the saving from the simulation:

- the on-call hours of role ``so`` over the simulated year (public holidays as Sundays) in both
  configurations; the saving is ``1 - shared / today``;
- today and each candidate shared pool run on common random numbers
  (:func:`regioplan.ooh.compare`); a candidate counts only at **equal response**: the paired
  difference of the SO/AVG's mean time to a nursing-home visit has its 95 % upper bound at
  most :data:`VISIT_TOLERANCE_MIN` minutes and that of the mean time to answer at most
  :data:`ANSWER_TOLERANCE_MIN` (no published response norm for the SO/AVG on call exists: these
  tolerances are assumptions). The effect is the largest saving among the
  candidates with equal response; with none, there is no simulated effect.

Scenario runs stay fast and deterministic: the effect of each region with such a configuration is
computed once by ``examples/ooh/make_pooling.py`` and bundled as ``pooling.json`` (with its
configurations, replications and seed); :func:`precomputed` reads it, and the scenario engine
(:mod:`regioplan.scenarios.ooh_effect`) uses it in place of the catalogue's assumption.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from regioplan.ooh.config import OohConfig
from regioplan.ooh.profile import year_hours
from regioplan.ooh.simulation import compare
from regioplan.regions import Region

VISIT_TOLERANCE_MIN = 5.0
"""Largest worsening of the mean time to a nursing-home visit that counts as equal (assumption)."""
ANSWER_TOLERANCE_MIN = 1.0
"""Largest worsening of the mean time to answer a nursing-home call that counts as equal."""


@dataclass(frozen=True)
class Candidate:
    """One configuration of a shared pool, simulated against today's duty."""

    name: str
    hours: float
    visit_diff_min: tuple[float, float, float]
    """Shared - today: mean time to a nursing-home visit (mean, low, high of the 95 % CI)."""
    answer_diff_min: tuple[float, float, float]
    equal: bool


@dataclass(frozen=True)
class PoolingEffect:
    """The simulated effect of a shared SO/AVG on-call pool in one region: the candidate with the
    largest saving among those with equal response (``saving`` None when none is equal)."""

    region: str
    today: str
    year: int
    replications: int
    seed: int
    hours_today: float
    candidates: tuple[Candidate, ...]
    chosen: str | None
    saving: float | None

    @property
    def source(self) -> str:
        if self.chosen is None:
            return (
                f"simulated (regioplan.ooh, {self.replications} replications, seed {self.seed}, "
                f"{self.year}): no shared pool of {len(self.candidates)} candidate(s) kept the "
                f"response within {VISIT_TOLERANCE_MIN:g} min; the catalogue's assumption applies"
            )
        c = next(c for c in self.candidates if c.name == self.chosen)
        return (
            f"simulated (regioplan.ooh, {self.replications} replications, seed {self.seed}, "
            f"{self.year}): on-call SO/AVG hours {self.hours_today:.0f} -> {c.hours:.0f} a year "
            f"({self.today} -> {c.name}), mean time to a nursing-home visit "
            f"{c.visit_diff_min[0]:+.1f} min (95 % CI {c.visit_diff_min[1]:+.1f} to "
            f"{c.visit_diff_min[2]:+.1f}); equal response: within {VISIT_TOLERANCE_MIN:g} min "
            "(an assumption: no published norm); the configurations are estimates"
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "source": self.source}


def on_call_hours(config: OohConfig, year: int) -> float:
    """Hours of SO/AVG on call (head count x hours) in `year` (holidays as Sundays)."""
    how, _ = year_hours(year)
    staffing = config.staffing_table()
    total = 0.0
    for org in config.organisations:
        total += float(staffing.get(org.id, "so")[how].sum())
    return total


def pooling_effect(
    region: Region,
    today: OohConfig,
    candidates: Sequence[tuple[str, OohConfig]],
    *,
    year: int,
    replications: int,
    seed: int,
    today_name: str = "today",
) -> PoolingEffect:
    """Simulate `today` (on call per organisation) and each candidate shared pool on common
    random numbers; the largest saving of on-call hours at equal response (module text)."""
    configs = [today, *(c for _, c in candidates)]
    cmp = compare(region, configs, year=year, replications=replications, seed=seed)
    hours_today = on_call_hours(today, year)
    found: list[Candidate] = []
    for i, (name, config) in enumerate(candidates, start=1):
        visit = cmp.difference("so_visit_mean_min", i)
        answer = cmp.difference("so_answer_mean_min", i)
        equal = bool(
            np.isfinite(visit.high)
            and visit.high <= VISIT_TOLERANCE_MIN
            and np.isfinite(answer.high)
            and answer.high <= ANSWER_TOLERANCE_MIN
        )
        found.append(
            Candidate(
                name,
                on_call_hours(config, year),
                (visit.mean, visit.low, visit.high),
                (answer.mean, answer.low, answer.high),
                equal,
            )
        )
    ok = [c for c in found if c.equal and hours_today > 0]
    best = min(ok, key=lambda c: c.hours) if ok else None
    return PoolingEffect(
        region=region.code,
        today=today_name,
        year=year,
        replications=replications,
        seed=seed,
        hours_today=hours_today,
        candidates=tuple(found),
        chosen=best.name if best else None,
        saving=1.0 - best.hours / hours_today if best else None,
    )


@cache
def precomputed() -> dict[str, dict[str, Any]]:
    """The bundled effects per region code (``pooling.json``, written by
    ``examples/ooh/make_pooling.py``)."""
    text = resources.files("regioplan.ooh").joinpath("pooling.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)["regions"]
    return data


__all__ = [
    "ANSWER_TOLERANCE_MIN",
    "VISIT_TOLERANCE_MIN",
    "Candidate",
    "PoolingEffect",
    "on_call_hours",
    "pooling_effect",
    "precomputed",
]
