"""The pure parts of the regional scan: gap profiles, their similarity, and the registry's
initiatives matched to a region.

A :class:`GapProfile` is a region's measured gaps as numbers with fixed names
(:data:`PROFILE_FEATURES`): per profession the relative gap now and at the horizon, the
accessibility shortfall against the country and the distance to training, and for the region its
out-of-hours pressure and ageing. Two regions are similar when their profiles are close after
each feature is standardised over a reference set of regions (all zorgkantoor regions):

    d(a, b) = sqrt( mean_f ((a_f - b_f) / sd_f)^2 )      over the features known in both
    similarity(a, b) = 1 / (1 + d(a, b))                 1 = the same profile, -> 0 far apart

so every feature weighs the same whatever its unit, and a feature that does not vary over the
reference set (sd 0) is left out. :func:`initiatives_elsewhere` lists the registry's initiatives of
given types that run outside the region, most similar region first. The scan itself (regiobeeld,
scenario engine) is :mod:`regioplan.regiobeeld.scan`; this module needs no engine.

>>> a = GapProfile("A", "A", {"ageing_75": 0.5, "ooh_pressure": 1.0})
>>> b = GapProfile("B", "B", {"ageing_75": 0.7, "ooh_pressure": 1.2})
>>> scale = profile_scale([a, b])
>>> round(profile_distance(a, a, scale), 6), round(similarity(profile_distance(a, b, scale)), 3)
(0.0, 0.414)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from regioplan.data import PROFESSIONS
from regioplan.initiatives.registry import InitiativeRecord

PER_PROFESSION: tuple[str, ...] = ("gap_now", "gap_horizon", "access_shortfall", "training_km")
"""Features measured per profession (``<feature>:<profession>``)."""
REGIONAL: tuple[str, ...] = ("ooh_pressure", "ageing_75")
"""Features of the region as a whole."""
PROFILE_FEATURES: tuple[str, ...] = (
    *(f"{f}:{p}" for p in PROFESSIONS for f in PER_PROFESSION),
    *REGIONAL,
)
"""Every feature of a gap profile, in order."""
FEATURE_TEXT: dict[str, str] = {
    "gap_now": "relative gap (demand - supply) / demand in the first projected year (P50)",
    "gap_horizon": "relative gap in the horizon year (P50)",
    "access_shortfall": "1 - accessibility / national accessibility (0 = as the country)",
    "training_km": "population-weighted road km to the nearest training centre (estimate)",
    "ooh_pressure": "expected out-of-hours contacts per inhabitant / the national rate",
    "ageing_75": "relative growth of the 75+ population to the horizon",
}
"""What each feature means (per-profession features without the profession)."""


@dataclass(frozen=True)
class GapProfile:
    """A region's measured gaps as named numbers (NaN or absent: unknown)."""

    code: str
    name: str
    values: Mapping[str, float]

    def get(self, feature: str) -> float:
        value = self.values.get(feature, math.nan)
        return float(value)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "values": dict(self.values)}


def profile_scale(profiles: Iterable[GapProfile]) -> dict[str, float]:
    """The standard deviation of every feature over `profiles` (features known in fewer than two
    profiles, or not varying, get 0 and are left out of distances)."""
    items = list(profiles)
    out: dict[str, float] = {}
    for feature in PROFILE_FEATURES:
        values = [p.get(feature) for p in items]
        known = [v for v in values if math.isfinite(v)]
        if len(known) < 2:
            out[feature] = 0.0
            continue
        mean = sum(known) / len(known)
        out[feature] = math.sqrt(sum((v - mean) ** 2 for v in known) / (len(known) - 1))
    return out


def profile_distance(a: GapProfile, b: GapProfile, scale: Mapping[str, float]) -> float:
    """Root mean square of the standardised differences over features known in both (NaN when
    no feature is)."""
    terms = []
    for feature in PROFILE_FEATURES:
        sd = scale.get(feature, 0.0)
        x, y = a.get(feature), b.get(feature)
        if sd > 0 and math.isfinite(x) and math.isfinite(y):
            terms.append(((x - y) / sd) ** 2)
    return math.sqrt(sum(terms) / len(terms)) if terms else math.nan


def similarity(distance: float) -> float:
    """1 / (1 + distance): 1 for the same profile, towards 0 far apart (0 when unknown)."""
    return 1.0 / (1.0 + distance) if math.isfinite(distance) else 0.0


def most_similar(
    target: GapProfile, others: Iterable[GapProfile], scale: Mapping[str, float]
) -> list[tuple[GapProfile, float]]:
    """`others` (the target itself left out) with their similarity to `target`, most similar
    first; ties by code."""
    scored = [
        (p, similarity(profile_distance(target, p, scale))) for p in others if p.code != target.code
    ]
    return sorted(scored, key=lambda item: (-item[1], item[0].code))


@dataclass(frozen=True)
class Elsewhere:
    """A registered initiative running outside the region: the comparison regions it runs in,
    the most similar of them and that region's similarity to the scanned region."""

    record: InitiativeRecord
    regions: tuple[str, ...]
    region: str
    region_name: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        return {
            "id": r.id,
            "name": r.name,
            "type": r.type,
            "stage": r.stage.value,
            "since": r.since,
            "regions": list(self.regions),
            "most_similar_region": {
                "code": self.region,
                "name": self.region_name,
                "similarity": round(self.similarity, 4),
            },
            "bottlenecks": [b.model_dump(mode="json") for b in r.bottlenecks],
            "results": [x.model_dump(mode="json") for x in r.results],
            "sources": [s.url for s in r.sources],
        }


def is_own(record: InitiativeRecord, municipalities: Iterable[str]) -> bool:
    """True when the initiative runs in at least one of the region's municipalities."""
    return not set(record.municipalities).isdisjoint(municipalities)


def initiatives_elsewhere(
    records: Iterable[InitiativeRecord],
    *,
    types: Sequence[str],
    own_municipalities: Iterable[str],
    region_of: Mapping[str, str],
    target: GapProfile,
    profiles: Mapping[str, GapProfile],
    scale: Mapping[str, float],
) -> dict[str, list[Elsewhere]]:
    """Per type of `types`: the registry's initiatives of that type outside the region, the most
    similar region first (then the more advanced stage, then the id).

    `region_of` maps a municipality code to its comparison region (e.g. its zorgkantoor region);
    an initiative is placed in every comparison region holding one of its municipalities and
    scored by the most similar of them. Initiatives without municipalities are left out.
    """
    own = set(own_municipalities)
    wanted = set(types)
    stage_order = {s: i for i, s in enumerate(("scaled_up", "running", "pilot", "preparation"))}
    out: dict[str, list[Elsewhere]] = {t: [] for t in types}
    for record in records:
        if record.type not in wanted or not record.municipalities or is_own(record, own):
            continue
        regions = tuple(sorted({region_of[m] for m in record.municipalities if m in region_of}))
        scored = [
            (similarity(profile_distance(target, profiles[c], scale)), c)
            for c in regions
            if c in profiles
        ]
        if not scored:
            continue
        best, code = max(scored, key=lambda s: (s[0], s[1]))
        out[record.type].append(Elsewhere(record, regions, code, profiles[code].name, best))
    for items in out.values():
        items.sort(
            key=lambda e: (-e.similarity, stage_order.get(e.record.stage.value, 9), e.record.id)
        )
    return out


@dataclass(frozen=True)
class Band:
    """P10, P50 and P90 of an estimate."""

    p10: float
    p50: float
    p90: float

    def to_dict(self) -> dict[str, float]:
        return {"p10": self.p10, "p50": self.p50, "p90": self.p90}

    def position(self, value: float) -> str:
        """``below``, ``within`` or ``above`` the P10-P90 band."""
        if value < self.p10:
            return "below"
        return "above" if value > self.p90 else "within"


@dataclass(frozen=True)
class TypeEffect:
    """The scenario engine's estimate for one initiative type in the region: per profession the
    gap closed (FTE) in `year` with its P10-P90 band and the baseline gap, and the ranking key."""

    type: str
    title: str
    title_nl: str
    year: int
    closed: dict[str, Band]
    baseline_gap: dict[str, float]
    fits: tuple[str, ...] = ()
    closed_by_year: dict[str, dict[int, Band]] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> float:
        """Mean over the professions with a gap in `year` of (P50 gap closed / that gap): the
        share of the region's gaps the type closes at its P50, capped at 1 (closing more than the
        gap counts as closing it), a widened gap counting negative; 0 when no profession has a
        gap."""
        shares = [
            min(1.0, self.closed[p].p50 / gap)
            for p, gap in self.baseline_gap.items()
            if gap > 0 and p in self.closed
        ]
        return sum(shares) / len(shares) if shares else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "title": self.title,
            "title_nl": self.title_nl,
            "year": self.year,
            "key": round(self.key, 6),
            "fits": list(self.fits),
            "professions": {
                p: {"baseline_gap_fte": self.baseline_gap[p], "closed_fte": b.to_dict()}
                for p, b in self.closed.items()
            },
        }


def rank_types(effects: Iterable[TypeEffect]) -> list[TypeEffect]:
    """Types by :attr:`TypeEffect.key`, largest first; ties by name."""
    return sorted(effects, key=lambda e: (-e.key, e.type))


def parse_choice(text: str, *, source: str) -> tuple[str, ...]:
    """The initiative types a vision file chooses: one catalogue name per line, ``#`` starts a
    comment, blank lines are skipped; an unknown or repeated name is a ValidationError naming
    the file and line.

    >>> parse_choice("regional_training  # first\n\ntask_reallocation\n", source="c.txt")
    ('regional_training', 'task_reallocation')
    """
    from regioplan.errors import Problem, ValidationError
    from regioplan.initiatives.catalogue import initiatives

    known = initiatives()
    chosen: list[str] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), 1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if name not in known:
            problems.append(
                Problem(
                    source, number, "initiative", f"{name!r} unknown; allowed: {', '.join(known)}"
                )
            )
        elif name in chosen:
            problems.append(Problem(source, number, "initiative", f"{name!r} is chosen twice"))
        else:
            chosen.append(name)
    if not chosen and not problems:
        problems.append(Problem(source, None, "initiative", "the file chooses no initiative"))
    if problems:
        raise ValidationError(problems, summary=f"{source}: {len(problems)} problem(s) found")
    return tuple(chosen)


__all__ = [
    "FEATURE_TEXT",
    "PER_PROFESSION",
    "PROFILE_FEATURES",
    "REGIONAL",
    "Band",
    "Elsewhere",
    "GapProfile",
    "TypeEffect",
    "initiatives_elsewhere",
    "is_own",
    "most_similar",
    "parse_choice",
    "profile_distance",
    "profile_scale",
    "rank_types",
    "similarity",
]
