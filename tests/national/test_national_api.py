"""The public API of regioplan.national is exactly the intended names."""

from __future__ import annotations

import regioplan.national


def test_exported_names() -> None:
    assert sorted(regioplan.national.__all__) == sorted(
        [
            "Band3", "DistancePattern", "Fragility", "NationalComparison", "PatternBasis",
            "RegionStanding", "basis_sentence", "compare_regions", "distance_pattern",
            "fragility", "pattern_sentence",
        ]
    )  # fmt: skip
    for name in regioplan.national.__all__:
        assert hasattr(regioplan.national, name)
