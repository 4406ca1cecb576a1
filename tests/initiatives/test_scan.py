"""The regional scan: similarity on the gap profile against a naive reference, the ranking of the
initiative types by the scenario engine, registry matches elsewhere and the region's own
initiatives with their results against the expectation."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.errors import ValidationError
from regioplan.initiatives import initiatives
from regioplan.initiatives.registry import InitiativeRecord, validate_records
from regioplan.initiatives.registry_files import bundled_registry
from regioplan.initiatives.scan import (
    PROFILE_FEATURES,
    Band,
    GapProfile,
    TypeEffect,
    initiatives_elsewhere,
    most_similar,
    parse_choice,
    profile_distance,
    profile_scale,
    rank_types,
    similarity,
)
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.elsewhere import (
    region_of_municipality,
    region_profile,
    zorgkantoor_profiles,
)
from regioplan.regiobeeld.scan import RegionalScan, scan_region
from regioplan.regions import Region, select_region

# the horizon and seed of the shared `rb` fixture (tests/conftest.py), so its caches are reused
REGIOBEELD_HORIZON = 2040
REGIOBEELD_SEED = 7


# -- similarity, against a naive reference -------------------------------------------------------
def naive_distance(a: dict[str, float], b: dict[str, float], rows: list[dict[str, float]]) -> float:
    """Standardise with numpy-free sample SDs, average squared differences, square root."""
    total, count = 0.0, 0
    for f in PROFILE_FEATURES:
        col = [r[f] for r in rows if f in r]
        if len(col) < 2:
            continue
        mean = sum(col) / len(col)
        sd = (sum((x - mean) ** 2 for x in col) / (len(col) - 1)) ** 0.5
        if sd == 0 or f not in a or f not in b:
            continue
        total += ((a[f] - b[f]) / sd) ** 2
        count += 1
    return (total / count) ** 0.5 if count else math.nan


_values = st.dictionaries(
    st.sampled_from(PROFILE_FEATURES), st.floats(-5, 5, allow_nan=False), min_size=1
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_values, min_size=3, max_size=6))
def test_distance_matches_the_naive_reference_and_is_a_symmetric_dissimilarity(
    rows: list[dict[str, float]],
) -> None:
    profiles = [GapProfile(f"R{i}", f"R{i}", v) for i, v in enumerate(rows)]
    scale = profile_scale(profiles)
    a, b = profiles[0], profiles[1]
    d = profile_distance(a, b, scale)
    ref = naive_distance(rows[0], rows[1], rows)
    assert (math.isnan(d) and math.isnan(ref)) or d == pytest.approx(ref, rel=1e-9, abs=1e-12)
    assert profile_distance(b, a, scale) == pytest.approx(d, nan_ok=True)
    self_d = profile_distance(a, a, scale)
    assert math.isnan(self_d) or self_d == 0.0
    s = similarity(d)
    assert 0.0 <= s <= 1.0


def test_most_similar_orders_by_similarity_and_leaves_the_target_out() -> None:
    near = GapProfile("N", "near", {"ageing_75": 0.31})
    far = GapProfile("F", "far", {"ageing_75": 0.9})
    target = GapProfile("T", "target", {"ageing_75": 0.3})
    scale = profile_scale([near, far, target])
    ranked = most_similar(target, [far, target, near], scale)
    assert [p.code for p, _ in ranked] == ["N", "F"]
    assert ranked[0][1] > ranked[1][1]


# -- ranking ---------------------------------------------------------------------------------------
def effect(name: str, closed: dict[str, float], gaps: dict[str, float]) -> TypeEffect:
    return TypeEffect(name, name, name, 2040, {p: Band(v, v, v) for p, v in closed.items()}, gaps)


def test_the_ranking_key_is_the_mean_share_of_gaps_closed_capped_at_one() -> None:
    a = effect("a", {"gp": 5.0, "so": 20.0}, {"gp": 10.0, "so": 10.0, "avg": -3.0})
    b = effect("b", {"gp": 8.0, "so": -2.0}, {"gp": 10.0, "so": 10.0})
    assert a.key == pytest.approx((0.5 + 1.0) / 2)  # avg has no gap: not counted
    assert b.key == pytest.approx((0.8 - 0.2) / 2)  # a widened gap counts negative
    assert [e.type for e in rank_types([b, a])] == ["a", "b"]
    assert effect("c", {"gp": 1.0}, {"gp": -1.0}).key == 0.0


# -- registry matches ------------------------------------------------------------------------------
def record(rid: str, codes: list[str], kind: str = "shared_anw_service") -> InitiativeRecord:
    raw = {
        "id": rid,
        "name": f"{rid} (test data)",
        "municipalities": codes,
        "type": kind,
        "domains": ["gp_care"],
        "stage": "running",
        "test_data": True,
    }
    return validate_records([raw], source="test")[0]


def test_initiatives_elsewhere_puts_the_most_similar_region_first_and_skips_own() -> None:
    profiles = {
        "A": GapProfile("A", "A", {"ageing_75": 0.30}),
        "B": GapProfile("B", "B", {"ageing_75": 0.32}),
        "C": GapProfile("C", "C", {"ageing_75": 0.80}),
    }
    region_of = {"GM0363": "A", "GM0599": "B", "GM0014": "C"}
    records = [
        record("in-c", ["GM0014"]),
        record("in-b", ["GM0599"]),
        record("in-a", ["GM0363"]),
        record("other-type", ["GM0599"], kind="regional_training"),
    ]
    found = initiatives_elsewhere(
        records,
        types=["shared_anw_service"],
        own_municipalities=["GM0363"],
        region_of=region_of,
        target=profiles["A"],
        profiles=profiles,
        scale=profile_scale(profiles.values()),
    )
    assert [e.record.id for e in found["shared_anw_service"]] == ["in-b", "in-c"]
    assert found["shared_anw_service"][0].region == "B"


def test_a_choice_file_names_line_and_problem() -> None:
    assert parse_choice("# ours\nregional_training\n", source="c.txt") == ("regional_training",)
    with pytest.raises(ValidationError) as info:
        parse_choice("regional_training\nmagic\nregional_training\n", source="c.txt")
    assert [(p.line, p.reason.split(";")[0]) for p in info.value.problems] == [
        (2, "'magic' unknown"),
        (3, "'regional_training' is chosen twice"),
    ]
    with pytest.raises(ValidationError, match="chooses no initiative"):
        parse_choice("# nothing\n", source="c.txt")


# -- the whole scan on the shared regiobeeld -------------------------------------------------------
@pytest.fixture(scope="module")
def scanned(region: Region, rb: Regiobeeld) -> RegionalScan:
    return scan_region(
        region, horizon=REGIOBEELD_HORIZON, seed=REGIOBEELD_SEED, draws=1000, regiobeeld=rb
    )


def test_the_scan_ranks_every_catalogue_type_with_ordered_bands(scanned: RegionalScan) -> None:
    assert {e.type for e in scanned.ranking} == set(initiatives())
    keys = [e.key for e in scanned.ranking]
    assert keys == sorted(keys, reverse=True)
    for e in scanned.ranking:
        for band in e.closed.values():
            assert band.p10 <= band.p50 <= band.p90
    assert scanned.bottlenecks == tuple(scanned.bottlenecks)  # typed codes of the regiobeeld
    assert all(b.kind.value for b in scanned.bottlenecks)


def test_the_scan_is_reproducible_with_its_seed(
    scanned: RegionalScan, region: Region, rb: Regiobeeld
) -> None:
    again = scan_region(
        region, horizon=REGIOBEELD_HORIZON, seed=REGIOBEELD_SEED, draws=1000, regiobeeld=rb
    )
    assert [e.to_dict() for e in again.ranking] == [e.to_dict() for e in scanned.ranking]


def test_similar_regions_exclude_the_region_and_are_ordered(scanned: RegionalScan) -> None:
    codes = [c for c, _, _ in scanned.similar]
    assert scanned.code not in codes
    sims = [s for _, _, s in scanned.similar]
    assert sims == sorted(sims, reverse=True)


def test_elsewhere_never_lists_an_own_initiative(scanned: RegionalScan, region: Region) -> None:
    own = set(region.municipality_codes)
    for items in scanned.elsewhere.values():
        for e in items:
            assert own.isdisjoint(e.record.municipalities)
    assert scanned.registry_size == len(bundled_registry())


def test_a_test_initiative_added_elsewhere_appears_in_the_scan(
    region: Region, rb: Regiobeeld
) -> None:
    """An organisation registers an initiative in Zeeland; Waardenland's scan lists it."""
    extra = record("zeeland-example-test", ["GM0687"], kind="regional_outpatient_clinic")
    result = scan_region(
        region,
        registry=(*bundled_registry(), extra),
        horizon=REGIOBEELD_HORIZON,
        seed=REGIOBEELD_SEED,
        draws=1000,
        regiobeeld=rb,
    )
    listed = [e.record.id for e in result.elsewhere["regional_outpatient_clinic"]]
    assert "zeeland-example-test" in listed


def test_own_results_in_fte_are_set_against_the_expected_band(
    region: Region, rb: Regiobeeld
) -> None:
    mine = validate_records(
        [
            {
                "id": "waardenland-example-test",
                "name": "Example (test data)",
                "municipalities": [region.municipality_codes[0]],
                "type": "task_reallocation",
                "domains": ["gp_care"],
                "stage": "running",
                "stage_history": [{"stage": "running", "since": "2027"}],
                "results": [
                    {
                        "indicator": "GP FTE freed",
                        "value": 1000.0,
                        "unit": "fte",
                        "date": "2035",
                        "source": "https://example.org/x",
                        "profession": "gp",
                    },
                    {
                        "indicator": "GP FTE freed",
                        "value": 0.0,
                        "unit": "fte",
                        "date": "2035",
                        "source": "https://example.org/x",
                        "profession": "gp",
                    },
                    {
                        "indicator": "practices",
                        "value": 4.0,
                        "unit": "practices",
                        "date": "2035",
                        "source": "https://example.org/x",
                    },
                ],
                "test_data": True,
            }
        ],
        source="test",
    )
    result = scan_region(
        region,
        registry=mine,
        horizon=REGIOBEELD_HORIZON,
        seed=REGIOBEELD_SEED,
        draws=1000,
        regiobeeld=rb,
    )
    [own] = result.own
    assert [c.verdict.split(":")[0] for c in own.checks] == ["above", "below", "not comparable"]
    assert own.checks[0].expected is not None and own.checks[0].expected.p90 < 1000


def test_profiles_cover_every_zorgkantoor_region_and_a_municipality_takes_its_region() -> None:
    profiles = zorgkantoor_profiles(REGIOBEELD_HORIZON, REGIOBEELD_SEED, 1000)
    assert len(profiles) == 31
    for p in profiles.values():
        assert set(p.values) == set(PROFILE_FEATURES)
    gm = select_region("GM0599")  # Rotterdam lies in one zorgkantoor region
    zk = region_of_municipality()["GM0599"]
    assert region_profile(gm, profiles).values == pytest.approx(dict(profiles[zk].values))
