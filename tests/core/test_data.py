"""The bundled open data: complete, consistent and attributed."""

from __future__ import annotations

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
