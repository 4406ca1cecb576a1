"""The regional scan: a region's measured gaps matched to what regions elsewhere do (issue #19).

:func:`scan_region` builds the region's regiobeeld, names its bottlenecks (the typed codes of
:mod:`.findings`) and matches them with :func:`regioplan.regiobeeld.elsewhere.match_region`: the
catalogue's initiative types ranked by the scenario engine's estimate of their effect in this
region (P10/P50/P90 of the gap closed), the registry's initiatives of those types elsewhere with
the regions most similar to this one first, and the region's own running initiatives with their
measured results against the scenario's expectation.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from regioplan.initiatives.registry import InitiativeRecord
from regioplan.initiatives.scan import Elsewhere, GapProfile, TypeEffect
from regioplan.regiobeeld import sections
from regioplan.regiobeeld.build import build_regiobeeld
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
    bottlenecks: tuple[RegionBottleneck, ...]
    profile: GapProfile
    similar: tuple[tuple[str, str, float], ...]
    ranking: tuple[TypeEffect, ...]
    elsewhere: dict[str, list[Elsewhere]]
    own: tuple[OwnInitiative, ...]
    registry_size: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)

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
) -> RegionalScan:
    """Scan `region` against `registry` (default: the bundled registry); see the module
    docstring. A prebuilt `regiobeeld` of the same region, horizon, seed and draws is reused."""
    started = time.perf_counter()
    rb = regiobeeld or build_regiobeeld(region, horizon=horizon, seed=seed, draws=draws)
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


__all__ = [
    "METHOD",
    "RAMP_YEARS",
    "START_YEAR",
    "OwnInitiative",
    "RegionalScan",
    "ResultCheck",
    "scan_region",
]
