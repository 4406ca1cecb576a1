"""What a regiobeeld's numbers point to, as typed findings (no language).

:func:`bottlenecks` detects a region's bottlenecks as :class:`RegionBottleneck` codes, most
pressing first; :func:`largest_gap`, :func:`where_profession`, :func:`worst_areas` and
:func:`worse_with_distance` are the selections the plain-language summary is made from. The
report (:mod:`regioplan.report.summary`) turns these into sentences; the regional scan can match
the codes to initiatives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from regioplan.data import PROFESSIONS
from regioplan.regiobeeld.model import (
    PEAK_MARGIN,
    AccessAndGap,
    AccessKind,
    AccessYear,
    Direction,
    DistanceTest,
    Regiobeeld,
    Workforce,
    WorkforceYear,
)

SIGNIFICANCE = 0.05
"""Permutation p-value below which a distance pattern counts as shown."""
AGEING_85_GROWTH = 0.5
"""Growth of the 85+ population to the horizon above which ageing is named a bottleneck."""
OOH_EXCESS = 1.05
"""Out-of-hours contacts per inhabitant above the national mean by this factor: a bottleneck."""
INEQUALITY_GINI = 0.1
"""Gini coefficient of access over PC4 areas above which access counts as unequal."""
STEADY = 0.01
"""A relative change below this (1 %) counts as no change in a direction."""


class BottleneckKind(StrEnum):
    """The kinds of bottleneck a regiobeeld can show."""

    WORKFORCE_GAP = "workforce_gap"
    """A profession has a gap at the horizon."""
    UNEQUAL_ACCESS = "unequal_access"
    """Access is unequal over the region's areas or some areas are short of care."""
    DISTANCE_TO_TRAINING = "distance_to_training"
    """Access is demonstrably worse farther from the training centres."""
    AGEING = "ageing"
    """Strong growth of the 85+ population to the horizon."""
    OOH_PRESSURE = "ooh_pressure"
    """Out-of-hours contacts per inhabitant above the national mean."""


AreaKind = Literal["municipality", "pc4"]


@dataclass(frozen=True)
class WorstAreas:
    """The worst-served areas of a profession: municipalities, or PC4 areas in a region of one
    municipality."""

    kind: AreaKind
    codes: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class RegionBottleneck:
    """One bottleneck of a region: its kind, the profession it concerns, where it is worst."""

    kind: BottleneckKind
    profession: str | None = None
    areas: WorstAreas | None = None


def relative_gap(w: Workforce, year: int) -> float:
    """The gap in `year` as a share of demand (0 when there is no demand)."""
    row = w.at(year)
    return row.gap_fte / row.demand_fte if row.demand_fte > 0 else 0.0


def _with_gap(rb: Regiobeeld) -> list[Workforce]:
    return [w for w in rb.workforce.values() if w.at(rb.horizon).gap_fte > 0]


def peak(w: Workforce, horizon: int) -> WorkforceYear | None:
    """The year of the largest gap when it lies before `horizon` and exceeds the horizon's gap
    by more than :data:`PEAK_MARGIN` (:meth:`Workforce.peak`)."""
    return w.peak(horizon, PEAK_MARGIN)


def _direction(change: float) -> Direction:
    if math.isnan(change) or abs(change) < STEADY:
        return 0
    return 1 if change > 0 else -1


def access_kind(access_change: float, coverage_change: float, gap: Direction) -> AccessKind:
    """How a change of access relates to the model's coverage (supply / demand) and gap.

    ``steady``: access hardly changes; ``border``: access and coverage move in opposite
    directions; ``scale``: access follows coverage but the gap in FTE moves the other way
    (demand and supply both grow or both fall); ``agree`` otherwise.
    """
    access, coverage = _direction(access_change), _direction(coverage_change)
    if access == 0:
        return "steady"
    if coverage != 0 and access != coverage:
        return "border"
    if gap != 0 and gap == access:
        return "scale"
    return "agree"


def access_and_gap(w: Workforce, py: AccessYear) -> AccessAndGap:
    """Compare the projected accessibility of `py` with the gap of `w` over the same years."""
    a, b = w.at(py.first), w.at(py.year)
    cover = (
        (b.supply_fte / b.demand_fte) / (a.supply_fte / a.demand_fte) - 1.0
        if a.demand_fte > 0 and b.demand_fte > 0 and a.supply_fte > 0
        else float("nan")
    )
    gap = _direction((b.gap_fte - a.gap_fte) / max(abs(a.gap_fte), 1.0))
    kind = access_kind(py.change, cover, gap)
    return AccessAndGap(
        w.profession, py.first, py.year, py.change, cover, a.gap_fte, b.gap_fte, gap, kind
    )


def largest_gap(rb: Regiobeeld) -> Workforce | None:
    """The profession with the largest positive gap at the horizon relative to its demand."""
    return max(_with_gap(rb), key=lambda w: relative_gap(w, rb.horizon), default=None)


def largest_absolute_gap(rb: Regiobeeld) -> Workforce | None:
    """The profession with the largest positive gap at the horizon in FTE."""
    return max(_with_gap(rb), key=lambda w: w.at(rb.horizon).gap_fte, default=None)


def worst_areas(rb: Regiobeeld, profession: str, n: int = 3) -> WorstAreas | None:
    """The `n` worst-served municipalities of `profession`; in a region of one municipality its
    worst-served postcode areas (None when there is nothing to rank)."""
    acc = rb.access[profession]
    worst_first = not acc.higher_is_better
    if len(acc.municipalities) > 1:
        rows = sorted(acc.municipalities, key=lambda r: r.value, reverse=worst_first)[:n]
        return WorstAreas("municipality", tuple(r.code for r in rows), tuple(r.name for r in rows))
    if len(acc.pc4) > 1:
        rows = sorted(acc.pc4, key=lambda r: r.value, reverse=worst_first)[:n]
        return WorstAreas("pc4", tuple(r.code for r in rows), tuple(r.name for r in rows))
    return None


def where_profession(rb: Regiobeeld) -> str | None:
    """The profession whose worst-served areas the summary names: the one with the largest gap
    if its access is known, else the one with the most unequal access."""
    worst = largest_gap(rb)
    if worst is not None and worst.profession in rb.access:
        return worst.profession
    if not rb.access:
        return None
    return max(rb.access.values(), key=lambda a: a.gini).profession


def worse_with_distance(rb: Regiobeeld) -> list[DistanceTest]:
    """Tests showing access significantly worse farther from the training centres."""
    out = []
    for test in rb.distance:
        acc = rb.access.get(test.profession)
        if acc is None or test.measure != "access" or test.p_value >= SIGNIFICANCE:
            continue
        if (test.rho < 0) == acc.higher_is_better:
            out.append(test)
    return out


def bottlenecks(rb: Regiobeeld) -> tuple[RegionBottleneck, ...]:
    """The bottlenecks the figures point to, most pressing first.

    Workforce gaps (largest relative gap first), unequal access (with the worst-served areas of
    the summary's profession), distance to training, ageing, out-of-hours pressure.
    """
    out: list[RegionBottleneck] = [
        RegionBottleneck(BottleneckKind.WORKFORCE_GAP, w.profession)
        for w in sorted(_with_gap(rb), key=lambda w: -relative_gap(w, rb.horizon))
    ]
    unequal = [
        p
        for p in PROFESSIONS
        if p in rb.access and (rb.access[p].gini > INEQUALITY_GINI or rb.access[p].short_areas_pc4)
    ]
    if unequal:
        focus = where_profession(rb)
        profession = focus if focus in unequal else unequal[0]
        out.append(
            RegionBottleneck(BottleneckKind.UNEQUAL_ACCESS, profession, worst_areas(rb, profession))
        )
    if worse_with_distance(rb):
        out.append(RegionBottleneck(BottleneckKind.DISTANCE_TO_TRAINING))
    pop = rb.population
    if (
        pop.projection
        and pop.age_85_plus
        and pop.projection[-1].age_85_plus / pop.age_85_plus - 1 > AGEING_85_GROWTH
    ):
        out.append(RegionBottleneck(BottleneckKind.AGEING))
    o = rb.ooh
    if sum(o.per_1000.values()) > OOH_EXCESS * sum(o.national_per_1000.values()):
        out.append(RegionBottleneck(BottleneckKind.OOH_PRESSURE))
    return tuple(out)


__all__ = [
    "AGEING_85_GROWTH",
    "INEQUALITY_GINI",
    "OOH_EXCESS",
    "PEAK_MARGIN",
    "SIGNIFICANCE",
    "STEADY",
    "BottleneckKind",
    "RegionBottleneck",
    "WorstAreas",
    "access_and_gap",
    "access_kind",
    "bottlenecks",
    "largest_absolute_gap",
    "largest_gap",
    "peak",
    "relative_gap",
    "where_profession",
    "worse_with_distance",
    "worst_areas",
]
