"""The pages' pure parts: a form becomes a record (stage history kept and extended, regions
expanded to municipalities, structured lists as JSON), sign-in only returns to this site, and
the map places a mark at the mean of an initiative's municipalities."""

from __future__ import annotations

import datetime as dt

import pytest
from registry_world import make_record

from regioplan.errors import ValidationError
from regioplan.regions import select_region
from regioplan.registry import parse_record
from regioplan.web.registry_map import STAGE_SHAPES, initiative_map, position
from regioplan.web.registry_pages import _safe_next, municipality_codes, record_from_form

TODAY = dt.date(2026, 12, 3)
FORM = {
    "id": "form-made",
    "name": "Form entry (test data)",
    "type": "care_at_a_distance",
    "stage": "pilot",
    "since": "2026-10",
    "municipalities": "GM0505, zorgkantoor:Zeeland",
    "organisations": "Org A\n\nOrg B\n",
    "lessons": "one lesson",
    "test_data": "on",
}


def test_a_form_becomes_a_record() -> None:
    raw = record_from_form(FORM, ["gp_care"], None, TODAY)
    record = parse_record(raw)
    zeeland = set(select_region("ZK27").municipality_codes)
    assert set(record.municipalities) == zeeland | {"GM0505"}
    assert record.organisations == ("Org A", "Org B")
    assert [(s.stage.value, s.since) for s in record.stage_history] == [("pilot", "2026-10")]
    assert record.public is False and record.test_data is True


def test_editing_appends_a_new_stage_and_keeps_the_rest() -> None:
    current = make_record("form-made", lessons=["kept"])
    raw = record_from_form(
        {**FORM, "stage": "running", "since": "2026-12", "lessons": "kept"},
        ["gp_care"],
        current,
        TODAY,
    )
    steps = [(s["stage"], s["since"]) for s in raw["stage_history"]]
    assert steps == [("pilot", "2026-01"), ("running", "2026-12")]
    same_stage = record_from_form({**FORM, "since": "2026-02"}, ["gp_care"], current, TODAY)
    assert [(s["stage"], s["since"]) for s in same_stage["stage_history"]] == [("pilot", "2026-02")]
    with_source = record_from_form(
        {**FORM, "source_url": "https://example.org/a", "source_title": "A"},
        ["gp_care"],
        current,
        TODAY,
    )
    assert with_source["sources"] == [
        {"url": "https://example.org/a", "title": "A", "retrieved": "2026-12-03"}
    ]


def test_bad_form_input_is_named() -> None:
    with pytest.raises(ValidationError) as err:
        record_from_form(
            {**FORM, "municipalities": "Atlantis", "structured": "[1]"}, [], None, TODAY
        )
    assert sorted(p.field for p in err.value.problems) == ["municipalities", "structured"]
    assert municipality_codes("gm0505; GM0505\nGM0512") == (["GM0505", "GM0512"], [])
    codes, unknown = municipality_codes("Zeeland")
    assert codes == [] and "ambiguous" in unknown[0] and "ZK27" in unknown[0]


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/initiatieven/nieuw", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("initiatieven", False),
    ],
)
def test_sign_in_returns_only_to_this_site(target: str, kept: bool) -> None:
    assert (_safe_next(target) == target) is kept


def test_the_map_marks_each_initiative_by_type_and_stage() -> None:
    a = make_record("map-a", municipalities=["GM0505", "GM0080"])
    b = make_record("map-b", municipalities=[], type="other")
    lon, lat = position(a) or (0.0, 0.0)
    assert 4.6 < lon < 5.8 and 51.8 < lat < 53.2  # between Dordrecht and Leeuwarden
    assert position(b) is None
    svg = initiative_map(
        [a, b],
        types=("task_reallocation", "other"),
        href=lambda r: f"/initiatieven/{r.id}",
        tip=lambda r: r.name,
        type_label=str,
        stage_label=lambda s: s.value,
        title="map",
    )
    assert svg.count('class="mark"') == 1 and 'data-id="map-a"' in svg
    assert svg.startswith("<svg") and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert len(STAGE_SHAPES) == 6


def test_docstring_examples() -> None:
    import doctest

    from regioplan.web import registry_map, registry_pages

    for module in (registry_pages, registry_map):
        failed, _tried = doctest.testmod(module)
        assert failed == 0
    assert doctest.testmod(registry_pages).attempted > 0
