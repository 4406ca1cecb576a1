"""How much a profession's supply hangs on one physician, without and with a scenario.

The dependency-on-one-physician view of a scenario run (issue #22 item 3): persons per year from
the FTE the scenario's retention and intake levers add, one physician's share of supply, and the
probability over the run's draws that supply falls below a floor. :func:`dependency` builds a
:class:`Dependency` per profession for :func:`regioplan.scenarios.runner.run_scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from regioplan.data import PROFESSIONS, national_figure
from regioplan.errors import ParameterError
from regioplan.national.fragility import FLAG_SHARE, FLOOR_SHARE
from regioplan.scenarios.baseline import Array, ProfessionBaseline
from regioplan.scenarios.engine import Outcome, rows


def _round(a: Array, digits: int = 2) -> list[float | None]:
    return [None if not np.isfinite(x) else round(float(x), digits) for x in a]


def _share_of_one(persons: Array) -> Array:
    """One person's share of supply (1 / persons), at most the whole supply (1)."""
    p = np.asarray(persons, dtype=float)
    out: Array = np.divide(1.0, p, out=np.ones_like(p), where=p > 1.0)
    return out


@dataclass(frozen=True)
class Dependency:
    """How much a profession's supply hangs on one physician, without and with the scenario
    (issue #22 item 3); arrays have one value per year.

    The scenario engine moves FTE, not people: persons with the scenario are the FTE its
    retention and intake levers add to the baseline, divided by the baseline's FTE per person of
    that year (``fte_per_person``), so physicians kept longer or trained count as people of the
    baseline's average FTE; the ``ooh`` and ``travel`` levers make the same people go further
    and add nobody (they do lower ``p_below``, which is about FTE). One physician's share of
    supply is 1 / persons (at most 1). ``p_below`` is the share of the run's draws with supply
    below ``floor_fte`` (``floor_share`` x the baseline's supply in its first year); without
    baseline uncertainty the baseline is one projection, so its probability is 0 or 1 and the
    scenario's spread comes from the initiatives' parameters only.
    """

    years: tuple[int, ...]
    fte_per_person: Array
    baseline_persons: Array
    likely_persons: Array
    persons_by_initiative: dict[str, Array]
    floor_share: float
    floor_fte: float
    flag_share: float
    baseline_p_below: Array
    p_below: Array
    p_below_by_initiative: dict[str, Array]
    persons_source: str
    method: str

    def at(self, year: int) -> list[dict[str, Any]]:
        """Rows for `year`: the baseline, each initiative alone (likely values) and the whole
        scenario (likely values); probabilities over the run's draws."""
        if year not in self.years:
            raise ParameterError(
                f"year {year} outside the projection; allowed: {self.years[0]}..{self.years[-1]}"
            )
        i = self.years.index(year)
        entries: list[tuple[str | None, str, float, float]] = [
            (None, "baseline", float(self.baseline_persons[i]), float(self.baseline_p_below[i]))
        ]
        for label, persons in self.persons_by_initiative.items():
            p = float(self.p_below_by_initiative[label][i])
            entries.append((label, "initiative", float(persons[i]), p))
        entries.append((None, "scenario", float(self.likely_persons[i]), float(self.p_below[i])))
        base_share = float(_share_of_one(self.baseline_persons[i : i + 1])[0])
        out = []
        for name, kind, heads, p in entries:
            share = float(_share_of_one(np.array([heads]))[0])
            out.append(
                {
                    "kind": kind,
                    "initiative": name,
                    "year": year,
                    "persons": heads,
                    "one_leaves_share": share,
                    "one_leaves_change": share - base_share,
                    "p_below": p,
                    "flag": share > self.flag_share,
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        by_initiative = self.persons_by_initiative
        return {
            "years": list(self.years),
            "fte_per_person": _round(self.fte_per_person, 4),
            "baseline_persons": _round(self.baseline_persons),
            "likely_persons": _round(self.likely_persons),
            "persons_by_initiative_likely": {k: _round(v) for k, v in by_initiative.items()},
            "baseline_one_leaves_share": _round(_share_of_one(self.baseline_persons), 4),
            "likely_one_leaves_share": _round(_share_of_one(self.likely_persons), 4),
            "one_leaves_share_by_initiative_likely": {
                k: _round(_share_of_one(v), 4) for k, v in by_initiative.items()
            },
            "floor_share": self.floor_share,
            "floor_fte": round(self.floor_fte, 2),
            "flag_share": self.flag_share,
            "baseline_p_below": _round(self.baseline_p_below, 4),
            "p_below": _round(self.p_below, 4),
            "p_below_by_initiative": {
                k: _round(v, 4) for k, v in self.p_below_by_initiative.items()
            },
            "persons_source": self.persons_source,
            "method": self.method,
        }


def _fte_per_person(base: ProfessionBaseline) -> tuple[Array, str]:
    """The baseline's FTE per person per year, and where it comes from."""
    n = len(base.years)
    if base.supply_persons is not None:
        persons = np.asarray(base.supply_persons, dtype=float)
        if (persons > 0).all():
            fpp: Array = rows(base.supply_fte)[0] / persons
            return fpp, "persons of the regional projection (the set's headcount, split)"
    if base.profession in PROFESSIONS:
        value = float(national_figure(base.profession).fte_per_person)
        return np.full(n, value), "national FTE per person (the baseline has no persons)"
    return np.ones(n), "1 FTE per person (the baseline has no persons; assumption)"


def _people_fte(base: ProfessionBaseline, outcome: Outcome) -> Array:
    """FTE of the people in the region under `outcome` (one row): the baseline's supply plus
    what retention and intake add; the ooh and travel gains add no one."""
    added = outcome.added_fte
    out: Array = (
        rows(outcome.supply_fte)[0] if added is None else rows(base.supply_fte)[0] + rows(added)[0]
    )
    return out


def dependency(
    base: ProfessionBaseline,
    drawn: ProfessionBaseline,
    likely_supply: Array,
    alone_supply: dict[str, Array],
    draws_supply: Array,
    alone_draws_supply: dict[str, Array],
    *,
    floor_share: float = FLOOR_SHARE,
    flag_share: float = FLAG_SHARE,
    baseline_uncertainty: bool = False,
) -> Dependency:
    """The dependency on one physician of one profession (see :class:`Dependency`).

    `base` is the single projection; `likely_supply` and `alone_supply` (label -> FTE) are the
    FTE of the people in the region per year at likely values (the baseline's plus what
    retention and intake add; :func:`_people_fte`); `draws_supply` and `alone_draws_supply`
    (draws, years) the Monte Carlo supply of the whole scenario and of each initiative alone on
    the same draws; `drawn` the baseline of those draws (`base` without baseline uncertainty).
    """
    fpp, source = _fte_per_person(base)
    floor = floor_share * float(rows(base.supply_fte)[0, 0])

    def below(supply: Array) -> Array:
        out: Array = np.mean(rows(supply) < floor, axis=0)
        return out

    basis = (
        "the workforce Monte Carlo paired draw by draw with the initiatives' parameters"
        if baseline_uncertainty
        else "the single projection with the initiatives' parameter draws (the baseline's "
        "probability is 0 or 1; run with baseline uncertainty for the projection's own spread)"
    )
    method = (
        f"persons = (baseline FTE + FTE added by retention and intake) / the baseline's FTE per "
        f"person of the year ({source}); out-of-hours and travel gains add no one; one "
        f"physician's share = 1 / persons (at most 1); flag above {flag_share:g}; probability "
        f"below {floor_share:g} x the baseline's supply in {base.years[0]} ({floor:.2f} FTE) "
        f"over {basis} (estimate)"
    )
    return Dependency(
        years=base.years,
        fte_per_person=fpp,
        baseline_persons=rows(base.supply_fte)[0] / fpp,
        likely_persons=likely_supply / fpp,
        persons_by_initiative={k: v / fpp for k, v in alone_supply.items()},
        floor_share=floor_share,
        floor_fte=floor,
        flag_share=flag_share,
        baseline_p_below=below(drawn.supply_fte),
        p_below=below(draws_supply),
        p_below_by_initiative={k: below(v) for k, v in alone_draws_supply.items()},
        persons_source=source,
        method=method,
    )


__all__ = ["Dependency", "dependency"]
