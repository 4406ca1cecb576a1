"""A regiobeeld built without parts its caller does not read: the parts left out are empty,
every other number is the whole regiobeeld's, and the regional scan says the same with either."""

from __future__ import annotations

import dataclasses

import pytest

from regioplan.errors import InputError
from regioplan.regiobeeld import Regiobeeld, build_regiobeeld
from regioplan.regiobeeld.build import Part, parts_left_out
from regioplan.regiobeeld.scan import SCAN_LEAVES_OUT, scan_region
from regioplan.regions import Region

REGIOBEELD_HORIZON = 2040  # the shared regiobeeld's (tests/conftest.py)
REGIOBEELD_SEED = 7


@pytest.fixture(scope="module")
def lean(region: Region) -> Regiobeeld:
    return build_regiobeeld(
        region, horizon=REGIOBEELD_HORIZON, seed=REGIOBEELD_SEED, leave_out=SCAN_LEAVES_OUT
    )


def test_the_parts_left_out_are_empty_and_the_rest_is_the_whole_regiobeelds(
    rb: Regiobeeld, lean: Regiobeeld
) -> None:
    assert parts_left_out(rb) == frozenset()
    assert parts_left_out(lean) == frozenset(Part)
    assert lean.access_projected == lean.access_gap == lean.national == lean.fragility == {}
    assert lean.patterns == {} and lean.national_own == ()
    assert all(w.gap_per_10000 == {} for w in lean.workforce.values())
    assert {p: dataclasses.replace(w, gap_per_10000={}) for p, w in rb.workforce.items()} == (
        lean.workforce
    )
    assert lean.distance == tuple(t for t in rb.distance if t.measure == "access")
    for name in ("municipalities", "centres", "population", "access", "ooh", "sources"):
        assert getattr(lean, name) == getattr(rb, name), name


def test_a_part_left_out_alone_leaves_the_others(region: Region, rb: Regiobeeld) -> None:
    only = build_regiobeeld(
        region,
        horizon=REGIOBEELD_HORIZON,
        seed=REGIOBEELD_SEED,
        leave_out={"fragility"},
    )
    assert parts_left_out(only) == {Part.FRAGILITY}
    assert only.national == rb.national and only.access_projected == rb.access_projected


def test_the_scan_says_the_same_with_the_whole_regiobeeld(
    region: Region, rb: Regiobeeld, lean: Regiobeeld
) -> None:
    whole = scan_region(
        region, horizon=REGIOBEELD_HORIZON, seed=REGIOBEELD_SEED, draws=1000, regiobeeld=rb
    )
    scanned = scan_region(
        region, horizon=REGIOBEELD_HORIZON, seed=REGIOBEELD_SEED, draws=1000, regiobeeld=lean
    )
    assert whole.left_out == frozenset() and scanned.left_out == frozenset(Part)
    mine, theirs = scanned.to_dict(), whole.to_dict()
    mine.pop("timings")
    theirs.pop("timings")
    assert mine == theirs


def test_an_unknown_part_is_named(region: Region) -> None:
    with pytest.raises(InputError, match="leave out: forecast; allowed: projected_access"):
        build_regiobeeld(region, horizon=REGIOBEELD_HORIZON, leave_out={"forecast"})


def test_a_prebuilt_regiobeeld_of_other_settings_is_refused(region: Region, rb: Regiobeeld) -> None:
    with pytest.raises(InputError, match=r"seed 7 \(scan: 8\)"):
        scan_region(region, horizon=REGIOBEELD_HORIZON, seed=8, draws=1000, regiobeeld=rb)
    with pytest.raises(InputError, match=r"horizon 2040 \(scan: 2035\); draws 1000 \(scan: 500\)"):
        scan_region(region, horizon=2035, seed=REGIOBEELD_SEED, draws=500, regiobeeld=rb)
