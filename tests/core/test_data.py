"""The bundled open data: complete, consistent and attributed."""

from __future__ import annotations

import pytest

from regioplan import data


def test_municipalities_complete_and_consistent() -> None:
    m = data.municipalities()
    assert len(m) == 342
    assert int(m["population_2024"].sum()) == 17_942_942
    assert (m[list(data.AGE_GROUPS)].sum(axis=1) == m["population_2024"]).all()
    assert m[["lat", "lon"]].notna().all().all()
    assert m["zorgkantoor_code"].nunique() == 31
    assert m["ggd_code"].nunique() == 25
    assert m["province_code"].nunique() == 12
    assert m["corop_code"].nunique() == 40


def test_eight_municipalities_have_an_approximated_age_structure() -> None:
    m = data.municipalities()
    flagged = set(m.index[m["age_approximated"] == 1])
    assert len(flagged) == 8
    assert {"GM0213", "GM0173"} <= flagged  # Brummen and Oldenzaal, the extremes


def test_pc4_areas() -> None:
    p = data.pc4_areas()
    assert len(p) == 4067
    assert set(p["municipality"]) <= set(data.municipalities().index)
    assert p["lat"].between(50.7, 53.6).all()
    assert p["lon"].between(3.3, 7.3).all()


def test_training_centres_per_profession() -> None:
    tc = data.training_centres()
    counts = tc.groupby("profession").size().to_dict()
    assert counts == {"avg": 1, "gp": 8, "so": 5}


def test_geometries_have_codes_for_every_region() -> None:
    m = data.municipalities()
    for level, column in (
        ("gemeente", None),
        ("zorgkantoor", "zorgkantoor_code"),
        ("ggd", "ggd_code"),
        ("provincie", "province_code"),
    ):
        codes = {f["properties"]["code"] for f in data.geometry(level)["features"]}
        expected = set(m.index) if column is None else set(m[column])
        assert codes == expected, level


def test_notice_credits_cbs_and_pdok() -> None:
    text = data.notice()
    assert "CBS" in text and "PDOK" in text and "CC BY 4.0" in text
    assert "Bron: CBS" in data.ATTRIBUTION


def test_calibration_rows_all_have_a_source() -> None:
    cal = data.calibration()
    assert cal["source_url_or_path"].notna().all()


def test_attribution_in_both_languages() -> None:
    assert data.attribution("nl") == data.ATTRIBUTION
    assert "Source: CBS" in data.attribution("en") and "CC BY 4.0" in data.attribution("en")


# Published national figures (CBS; see docs/data.md, "Population by age: an estimate for 2024").
# The 2021 figures equal the sums of the bundled 1-1-2021 PC4 age table to within CBS rounding.
AGED_70_74_2021 = 971_036
AGED_75_79_2021 = 644_060
AGED_65_PLUS_2022 = 3_525_453
AGED_65_PLUS_2025 = 3_760_000  # "about 3.76 million", rounded
AGED_80_PLUS_2025 = 900_000  # "about 0.9 million", rounded


def _national(lower: int, upper: int | None = None) -> int:
    m = data.municipalities()
    cols = [
        g
        for g, lo in zip(data.AGE_GROUPS, data.AGE_LOWER, strict=True)
        if lo >= lower and (upper is None or lo < upper)
    ]
    return int(m[cols].to_numpy().sum())


def test_2024_ages_carry_the_2021_cohorts_three_years_on() -> None:
    """The 2021 ages are aged to 2024 before scaling: the 1946-1948 birth cohorts (70-74 in 2021)
    are 75-79 in 2024. Shares of 2021 applied to 2024 gave 659,830 aged 75-79 (0.68 x the 2021
    70-74). Aged three years, 75-79 holds the survivors of those aged 72-76 in 2021: 3/5 of the
    70-74 and 2/5 of the 75-79 (an even spread within each group), less about 7 % deaths."""
    aged_75_79 = _national(75, 80)
    assert aged_75_79 > 0.75 * AGED_70_74_2021
    assert aged_75_79 > 0.90 * (0.6 * AGED_70_74_2021 + 0.4 * AGED_75_79_2021)
    assert aged_75_79 > 1.15 * AGED_75_79_2021


def test_2024_older_population_agrees_with_the_published_figures() -> None:
    """65+ on 1-1-2024 lies within 2 % of the figure interpolated between 1-1-2022 and 1-1-2025
    (3.68 million); 80+ within 5 % of 'about 0.9 million' (docs/data.md has the table)."""
    interpolated = AGED_65_PLUS_2022 + (AGED_65_PLUS_2025 - AGED_65_PLUS_2022) * 2 / 3
    assert _national(65) == pytest.approx(interpolated, rel=0.02)
    assert AGED_65_PLUS_2022 < _national(65) < AGED_65_PLUS_2025
    assert _national(80) == pytest.approx(AGED_80_PLUS_2025, rel=0.05)


def test_age_structure_is_labelled_an_estimate_with_its_method() -> None:
    text = data.SOURCES["age_structure"]
    assert "estimate" in text and "aged to 1-1-2024" in text
    assert "aged three years" in data.notice()
