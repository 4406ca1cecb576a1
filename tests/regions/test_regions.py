"""Regions: selection at every level, custom files, totals that add up to the country."""

from __future__ import annotations

from pathlib import Path

import pytest

from regioplan.data import LEVELS
from regioplan.errors import InputError, UnknownRegionError, ValidationError
from regioplan.regions import (
    country,
    list_regions,
    region_from_file,
    select_region,
)

NATIONAL_2024 = 17_942_942


@pytest.mark.parametrize(
    ("query", "code", "level"),
    [
        ("ZK24", "ZK24", "zorgkantoor"),
        ("Waardenland", "ZK24", "zorgkantoor"),
        ("waardenland", "ZK24", "zorgkantoor"),
        ("GM0599", "GM0599", "gemeente"),
        ("gemeente:Rotterdam", "GM0599", "gemeente"),
        ("zorgkantoor:Rotterdam", "ZK20", "zorgkantoor"),
        ("ZK20", "ZK20", "zorgkantoor"),
        ("GGD Zeeland", "GG5006", "ggd"),
        ("Zuid-Holland", "PV28", "provincie"),
        ("PV28", "PV28", "provincie"),
        ("Den Haag", "GM0518", "gemeente"),
        ("Súdwest-Fryslân", "GM1900", "gemeente"),
        ("sudwest fryslan", "GM1900", "gemeente"),
        ("NL", "NL", "land"),
    ],
)
def test_select_by_code_or_name(query: str, code: str, level: str) -> None:
    region = select_region(query)
    assert (region.code, region.level) == (code, level)


def test_level_option_disambiguates() -> None:
    assert select_region("Utrecht", level="gemeente").code == "GM0344"
    assert select_region("Utrecht", level="provincie").code == "PV26"


UTRECHT = {
    ("ZK23", "zorgkantoor"),
    ("PV26", "provincie"),
    ("CR27", "corop"),
    ("GM0344", "gemeente"),
}


def test_an_ambiguous_name_lists_every_candidate_and_how_to_choose() -> None:
    """`regioplan report Utrecht` silently took ZK23 where the user may have meant the province
    (issue #16 item 13): a name several regions share is an input error (exit 2) that lists
    every region of that name with its code and level and says how to pick one."""
    with pytest.raises(InputError) as err:
        select_region("Utrecht")
    assert not isinstance(err.value, UnknownRegionError)
    assert err.value.exit_code == 2
    message = str(err.value)
    assert "\n" not in message  # the error shape keeps the first line only
    assert "ambiguous" in message
    for code, level in UTRECHT:
        assert f"Utrecht ({code}, {level})" in message
    assert "code" in message and "zorgkantoor:Utrecht" in message and "--level" in message
    # every way the message offers picks exactly one of them
    for code, level in UTRECHT:
        assert select_region(code).level == level
        assert select_region(f"{level}:Utrecht").code == code
        assert select_region("utrecht", level=level).code == code


def test_no_shared_name_is_resolved_silently() -> None:
    """Every name of the catalogue that more than one region carries is an error without a
    level, and exactly one region with it; codes always select their one region."""
    shared: dict[str, set[tuple[str, str]]] = {}
    regions = [r for level in LEVELS for r in list_regions(level)]
    for r in regions:
        shared.setdefault(r.name.lower(), set()).add((r.code, r.level))
    ambiguous = {name: found for name, found in shared.items() if len(found) > 1}
    assert {"utrecht", "rotterdam", "groningen", "zeeland"} <= set(ambiguous)
    for name, found in ambiguous.items():
        with pytest.raises(InputError, match="ambiguous"):
            select_region(name)
        for code, level in found:
            assert select_region(name, level=level).code == code
    for r in regions:
        assert select_region(r.code).code == r.code


def test_unknown_region_suggests_close_names() -> None:
    with pytest.raises(UnknownRegionError) as err:
        select_region("Rotterdm")
    assert any("Rotterdam" in s for s in err.value.suggestions)
    assert "Rotterdam" in str(err.value)
    assert err.value.exit_code == 2


@pytest.mark.parametrize(("level", "count"), [("zorgkantoor", 31), ("ggd", 25), ("provincie", 12)])
def test_levels_partition_the_country(level: str, count: int) -> None:
    regions = list_regions(level)
    assert len(regions) == count
    total = sum(r.population for r in regions)
    assert abs(total - NATIONAL_2024) / NATIONAL_2024 < 0.005
    codes = [c for r in regions for c in r.municipality_codes]
    assert len(codes) == len(set(codes)) == 342


def test_country_is_all_municipalities() -> None:
    nl = country()
    assert len(nl.municipality_codes) == 342
    assert nl.population == NATIONAL_2024
    assert len(nl.pc4) == 4067


def test_population_by_age_sums_to_total() -> None:
    region = select_region("ZK24")
    assert int(region.population_by_age().sum()) == region.population


def test_custom_region_from_text_and_csv(tmp_path: Path) -> None:
    txt = tmp_path / "drechtsteden.txt"
    txt.write_text("# Drechtsteden\nDordrecht\nGM0590\nsliedrecht\n", encoding="utf-8")
    region = region_from_file(txt)
    assert region.level == "custom"
    assert set(region.municipality_codes) == {"GM0505", "GM0590", "GM0610"}
    csv = tmp_path / "r.csv"
    csv.write_text("code,remark\nGM0505,x\nGM0590,y\n", encoding="utf-8")
    assert select_region(str(csv)).municipality_codes == ("GM0505", "GM0590")


def test_custom_region_reports_every_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("Dordrecht\nAtlantis\nGM9999\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        region_from_file(path)
    lines = [p.line for p in err.value.problems]
    assert lines == [2, 3]
    assert f"{path}:2: municipality: unknown municipality 'Atlantis'" in str(err.value)


@pytest.mark.parametrize("level", ["zorgkantoor", "gemeente"])
def test_grouped_rows_equal_rows_region_by_region(level: str) -> None:
    from regioplan.regions import region_row, region_rows

    assert region_rows(level) == [region_row(r) for r in list_regions(level)]


def test_nearest_training_centre_per_municipality() -> None:
    from regioplan.regions import nearest_training_centre, training_distance_km

    table = nearest_training_centre("avg")
    assert len(table) == 342
    assert set(table["centre"]) == {"Erasmus MC"}  # the single AVG training centre
    assert table.loc["GM0599", "road_km"] < 10  # Rotterdam itself
    assert (table["road_km"] == training_distance_km("avg")).all()
    gp = nearest_training_centre("gp")
    assert gp.loc["GM0014", "city"] == "Groningen"
