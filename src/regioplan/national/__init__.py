"""The national picture: every region of a level side by side, the distance pattern across the
country, and the fragility of a small profession in a region (issue #22)."""

from regioplan.national.compare import compare_regions
from regioplan.national.fragility import fragility
from regioplan.national.model import (
    Band3,
    DistancePattern,
    Fragility,
    NationalComparison,
    PatternBasis,
    RegionStanding,
)
from regioplan.national.pattern import basis_sentence, distance_pattern, pattern_sentence

__all__ = [
    "Band3",
    "DistancePattern",
    "Fragility",
    "NationalComparison",
    "PatternBasis",
    "RegionStanding",
    "basis_sentence",
    "compare_regions",
    "distance_pattern",
    "fragility",
    "pattern_sentence",
]
