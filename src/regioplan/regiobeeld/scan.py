"""The regional scan: a region's measured gaps matched to what regions elsewhere do (issue #19).

:func:`scan_region` builds the region's regiobeeld, names its bottlenecks (the typed codes of
:mod:`.findings`) and matches them with :func:`regioplan.regiobeeld.elsewhere.match_region`: the
catalogue's initiative types ranked by the scenario engine's estimate of their effect in this
region (P10/P50/P90 of the gap closed), the registry's initiatives of those types elsewhere with
the regions most similar to this one first, and the region's own running initiatives with their
measured results against the scenario's expectation.

The scan reads only part of the regiobeeld (the workforce, today's accessibility, the distance
tests of access, the population and the out-of-hours contacts: what :func:`bottlenecks` and the
gaps of :meth:`RegionalScan.to_dict` use), so by default it leaves out the parts it does not read
(:data:`SCAN_LEAVES_OUT`); a caller that shows the regiobeeld itself, such as the draft vision,
asks for the whole one with ``leave_out=frozenset()``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from regioplan.errors import InputError
from regioplan.initiatives.registry import InitiativeRecord
from regioplan.initiatives.scan import Elsewhere, GapProfile, TypeEffect
from regioplan.regiobeeld import sections
from regioplan.regiobeeld.build import Part, build_regiobeeld, parts_left_out
from regioplan.regiobeeld.elsewhere import (
    METHOD,
    RAMP_YEARS,
    START_YEAR,
    OwnInitiative,
    ResultCheck,
    match_region,
)
from regioplan.regiobeeld.findings import RegionBottleneck, bottlenecks
from regioplan.regiobeeld.model import Regiobeeld
from regioplan.regions import Region
from regioplan.settings import DEFAULT_SEED

SCAN_LEAVES_OUT: frozenset[Part] = frozenset(Part)
"""The parts of the regiobeeld the scan does not read (all of :class:`Part`): its output is the
same with or without them."""


@dataclass(frozen=True)
class RegionalScan:
    """Everything `regioplan scan` reports for one region (see the module docstring)."""

    code: str
    name: str
    level: str
    horizon: int
    seed: int
    draws: int
    regiobeeld: Regiobeeld = field(repr=False)
    """The region's regiobeeld, without the parts in :attr:`left_out`."""
    bottlenecks: tuple[RegionBottleneck, ...]
    profile: GapProfile
    similar: tuple[tuple[str, str, float], ...]
    ranking: tuple[TypeEffect, ...]
    elsewhere: dict[str, list[Elsewhere]]
    own: tuple[OwnInitiative, ...]
    registry_size: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def left_out(self) -> frozenset[Part]:
        """The parts :attr:`regiobeeld` lacks (:func:`~regioplan.regiobeeld.build.parts_left_out`):
        a caller that shows them needs a scan with ``leave_out=frozenset()``."""
        return parts_left_out(self.regiobeeld)

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": {"code": self.code, "name": self.name, "level": self.level},
            "horizon": self.horizon,
            "seed": self.seed,
            "draws": self.draws,
            "gaps": _gaps(self.regiobeeld, self.profile),
            "bottlenecks": [
                {
                    "kind": b.kind.value,
                    "profession": b.profession,
                    "areas": list(b.areas.names) if b.areas else [],
                }
                for b in self.bottlenecks
            ],
            "profile": self.profile.to_dict(),
            "similar_regions": [
                {"code": c, "name": n, "similarity": round(s, 4)} for c, n, s in self.similar
            ],
            "ranking": [e.to_dict() for e in self.ranking],
            "elsewhere": {t: [e.to_dict() for e in items] for t, items in self.elsewhere.items()},
            "own": [o.to_dict() for o in self.own],
            "registry_size": self.registry_size,
            "method": METHOD,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def _gaps(rb: Regiobeeld, profile: GapProfile) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for prof, w in rb.workforce.items():
        first, last = w.years[0], w.at(rb.horizon)
        out[prof] = {
            "first_year": first.year,
            "gap_now_fte": first.gap_fte,
            "gap_horizon_fte": last.gap_fte,
            "gap_now_share": first.gap_fte / first.demand_fte if first.demand_fte else None,
            "gap_horizon_share": last.gap_fte / last.demand_fte if last.demand_fte else None,
            "access_shortfall": _finite(profile.get(f"access_shortfall:{prof}")),
            "training_km": _finite(profile.get(f"training_km:{prof}")),
        }
    out["region"] = {
        "ooh_pressure": _finite(profile.get("ooh_pressure")),
        "ageing_75": _finite(profile.get("ageing_75")),
    }
    return out


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def scan_region(
    region: Region,
    *,
    registry: Sequence[InitiativeRecord] | None = None,
    horizon: int = 2040,
    seed: int = DEFAULT_SEED,
    draws: int = sections.DRAWS,
    regiobeeld: Regiobeeld | None = None,
    leave_out: Set[Part] = SCAN_LEAVES_OUT,
) -> RegionalScan:
    """Scan `region` against `registry` (default: the bundled registry); see the module
    docstring. A prebuilt `regiobeeld` of the same region, horizon, seed and draws is reused
    (another raises :class:`InputError`); else the region's regiobeeld is built without the parts
    `leave_out` (default: those the scan does not read; ``frozenset()`` builds it whole)."""
    started = time.perf_counter()
    if regiobeeld is None:
        rb = build_regiobeeld(region, horizon=horizon, seed=seed, draws=draws, leave_out=leave_out)
    else:
        _check_prebuilt(regiobeeld, region, horizon, seed, draws)
        rb = regiobeeld
    found = bottlenecks(rb)
    built = time.perf_counter() - started
    matches = match_region(
        region, found, registry=registry, horizon=horizon, seed=seed, draws=draws
    )
    return RegionalScan(
        code=region.code,
        name=region.name,
        level=region.level,
        horizon=horizon,
        seed=seed,
        draws=draws,
        regiobeeld=rb,
        bottlenecks=found,
        profile=matches.profile,
        similar=matches.similar,
        ranking=matches.ranking,
        elsewhere=matches.elsewhere,
        own=matches.own,
        registry_size=matches.registry_size,
        timings={"regiobeeld": built, **matches.timings},
    )


def _check_prebuilt(rb: Regiobeeld, region: Region, horizon: int, seed: int, draws: int) -> None:
    """Raise :class:`InputError` when a prebuilt regiobeeld is not of the scan's region, horizon,
    seed and draws (its numbers would not be the scan's)."""
    drawn = sorted({w.draws for w in rb.workforce.values()})
    pairs: list[tuple[str, Sequence[object], object]] = [
        ("region", [rb.code], region.code),
        ("horizon", [rb.horizon], horizon),
        ("seed", [rb.seed], seed),
        ("draws", drawn or [draws], draws),
    ]
    wrong = [
        f"{name} {', '.join(map(str, have))} (scan: {want})"
        for name, have, want in pairs
        if have != [want]
    ]
    if wrong:
        raise InputError(f"the prebuilt regiobeeld does not fit the scan: {'; '.join(wrong)}")


__all__ = [
    "METHOD",
    "RAMP_YEARS",
    "SCAN_LEAVES_OUT",
    "START_YEAR",
    "OwnInitiative",
    "Part",
    "RegionalScan",
    "ResultCheck",
    "scan_region",
]
