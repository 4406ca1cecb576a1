"""The pages' pure parts: a form becomes a record (stage history kept and extended, regions
expanded to municipalities, the lists of bottlenecks met, funding, results and sources as rows),
its problems are named in the page's language by list, row and field, sign-in only returns to
this site, and the map places a mark at the mean of an initiative's municipalities."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from registry_world import make_record

from regioplan.errors import ValidationError
from regioplan.initiatives.registry import InitiativeRecord
from regioplan.regions import select_region
from regioplan.registry import parse_record
from regioplan.web.registry_form import (
    _REASONS,
    FORM_TEXT,
    LISTS,
    check_form,
    municipality_codes,
    number,
    problem_lines,
    read_form,
    record_from_form,
    rows_from_form,
    rows_of,
    with_blank_rows,
)
from regioplan.web.registry_map import STAGE_SHAPES, initiative_map, position
from regioplan.web.registry_pages import _safe_next

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
LISTED: dict[str, Any] = {
    "bottlenecks": [
        {
            "code": "room_in_rules",
            "what_happened": "The tariff did not cover the night shift.",
            "how_solved": "The care office agreed a regional tariff.",
        },
        {"code": "scaling_up", "what_happened": "Only one practice took part."},
    ],
    "funding": [{"funder": "Zorgkantoor", "amount_eur": 250000.5, "period": "2025-2026"}],
    "results": [
        {
            "indicator": "GP trainees placed",
            "value": 4.0,
            "unit": "fte",
            "date": "2026-06",
            "source": "https://example.org/results",
            "profession": "gp",
        },
        {
            "indicator": "Patients reached",
            "value": "more than 600",
            "date": "2025",
            "source": "https://example.org/patients",
        },
    ],
    "sources": [
        {
            "url": "https://example.org/a",
            "title": "A",
            "publisher": "Example",
            "published": "2026-05",
            "retrieved": "2026-11-30",
        }
    ],
}


def as_form(rows: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    """Rows as the posted fields ``LIST-ROW-FIELD``."""
    return {f"{name}-{i}-{k}": v for name, items in rows.items() for i, row in enumerate(items)
            for k, v in row.items()}  # fmt: skip


def test_a_form_becomes_a_record() -> None:
    raw, _, problems = read_form(FORM, ["gp_care"], None, TODAY)
    record = parse_record(raw)
    assert problems == []
    zeeland = set(select_region("ZK27").municipality_codes)
    assert set(record.municipalities) == zeeland | {"GM0505"}
    assert record.organisations == ("Org A", "Org B")
    assert [(s.stage.value, s.since) for s in record.stage_history] == [("pilot", "2026-10")]
    assert record.public is False and record.test_data is True


def test_editing_appends_a_new_stage_and_keeps_the_rest() -> None:
    current = make_record("form-made", lessons=["kept"])
    raw, _, _ = read_form(
        {**FORM, "stage": "running", "since": "2026-12", "lessons": "kept"},
        ["gp_care"],
        current,
        TODAY,
    )
    steps = [(s["stage"], s["since"]) for s in raw["stage_history"]]
    assert steps == [("pilot", "2026-01"), ("running", "2026-12")]
    same_stage, _, _ = read_form({**FORM, "since": "2026-02"}, ["gp_care"], current, TODAY)
    assert [(s["stage"], s["since"]) for s in same_stage["stage_history"]] == [("pilot", "2026-02")]
    with_source, _, _ = read_form(
        {**FORM, "sources-0-url": "https://example.org/a", "sources-0-title": "A"},
        ["gp_care"],
        current,
        TODAY,
    )
    assert with_source["sources"] == [
        {"url": "https://example.org/a", "title": "A", "retrieved": "2026-12-03"}
    ]


def test_the_lists_come_back_from_their_rows() -> None:
    """An edit form that changes nothing gives the record it was made from: every list's rows,
    numbers (a value 4 shown as "4"), text values and empty optional fields."""
    record = make_record("rows-made", **LISTED)
    rows = rows_of(record)
    assert rows["results"][0]["value"] == "4" and rows["results"][1]["value"] == "more than 600"
    assert rows["funding"][0]["amount_eur"] == "250000.5"
    form = {**FORM, "since": "2026-01", "stage": "pilot", "municipalities": "GM0505",
            "lessons": "", "organisations": "", "known_facts_note": "", "test_data": "on",
            "name": record.name, "summary": record.summary, "type": record.type,
            **as_form(with_blank_rows(rows))}  # fmt: skip
    again = record_from_form(form, ["gp_care"], record, TODAY)
    assert again == record


def test_blank_and_removed_rows_are_no_items_and_numbers_are_read() -> None:
    rows = {
        "results": [
            dict.fromkeys(LISTS["results"], ""),
            {"indicator": "Inflow", "value": "4,5", "date": "2025", "source": "https://e.org/x"},
            {"indicator": "Gone", "value": "1", "date": "2024", "source": "https://e.org/y",
             "remove": "on"},
        ],
        "funding": [{"funder": "Province", "amount_eur": "2500,50"}],
    }  # fmt: skip
    raw, lists, problems = read_form({**FORM, **as_form(rows)}, ["gp_care"], None, TODAY)
    assert problems == []
    assert [(r["indicator"], r["value"]) for r in raw["results"]] == [("Inflow", 4.5)]
    assert raw["funding"] == [{"funder": "Province", "amount_eur": 2500.5}]
    assert lists.rows["results"] == [0]  # the blank row is gone; "Inflow" is the first row
    shown = rows_from_form(as_form(rows))["results"]
    assert [r["indicator"] for r in shown] == ["Inflow", "Gone"] and shown[1]["remove"] == "on"
    assert (number("12"), number(" 3,25 "), number("1.500.000"), number("3-4")) == (
        12.0,
        3.25,
        None,
        None,
    )


def test_bad_form_input_is_named_by_list_row_and_field() -> None:
    rows = {
        "bottlenecks": [{"code": "room_in_rules"}],
        "results": [
            {"indicator": "Inflow", "value": "4", "date": "2025", "source": "https://e.org/x"},
            {"indicator": "Inflow", "value": "5", "date": "2025-13", "source": "e.org/x"},
        ],
        "funding": [{"funder": "Province", "amount_eur": "1.500.000"}],
    }
    form = {**FORM, "municipalities": "Atlantis", **as_form(rows)}
    with pytest.raises(ValidationError) as err:
        record_from_form(form, [], None, TODAY)
    fields = sorted(p.field for p in err.value.problems)
    assert fields == [
        "bottlenecks[0].what_happened",
        "domains",
        "funding[0].amount_eur",
        "municipalities",
        "results[1].date",
        "results[1].source",
    ]
    record, problems, lists = check_form(form, [], None, TODAY)
    assert record is None
    nl = {p.field: p for p in problem_lines("nl", problems, lists.rows)}
    assert nl["results[1].date"].label == "Resultaat 2: datum"
    assert nl["results[1].date"].reason == "2025-13 is geen bestaande datum"
    assert nl["results[1].date"].input == "results-1-date"
    assert nl["results[1].source"].reason == "e.org/x is geen http(s)-adres"
    assert nl["bottlenecks[0].what_happened"].label == "Knelpunt 1: wat er gebeurde"
    assert nl["bottlenecks[0].what_happened"].reason == "moet worden ingevuld"
    assert nl["funding[0].amount_eur"].label == "Financiering 1: bedrag in euro"
    assert nl["funding[0].amount_eur"].reason.startswith("1.500.000 is geen bedrag")
    assert nl["municipalities"].label == "Gemeenten"
    assert nl["municipalities"].reason == "onbekende gemeentecode of regio: Atlantis"
    assert nl["domains"].reason == "kies er minstens één"
    en = {p.field: p for p in problem_lines("en", problems, lists.rows)}
    assert en["results[1].date"].label == "Result 2: date"
    assert en["results[1].date"].reason == "2025-13 is not a real date"
    assert municipality_codes("gm0505; GM0505\nGM0512") == (["GM0505", "GM0512"], [])
    codes, unknown = municipality_codes("Zeeland")
    assert codes == [] and "ambiguous" in unknown[0] and "ZK27" in unknown[0]


def test_a_row_after_a_blank_one_is_named_as_the_page_numbers_it() -> None:
    """The page shows the posted rows again without the blank ones, so the second posted row
    after a blank first one is row 1 on the page, and its inputs are named so."""
    rows = {"results": [dict.fromkeys(LISTS["results"], ""),
                        {"indicator": "X", "value": "1", "date": "2025-02-30",
                         "source": "https://e.org/x"}]}  # fmt: skip
    _, problems, lists = check_form({**FORM, **as_form(rows)}, ["gp_care"], None, TODAY)
    (line,) = problem_lines("nl", problems, lists.rows)
    assert (line.label, line.input) == ("Resultaat 1: datum", "results-0-date")


def test_a_real_entry_needs_a_source_said_in_dutch() -> None:
    _, problems, lists = check_form({**FORM, "test_data": ""}, ["gp_care"], None, TODAY)
    (line,) = problem_lines("nl", problems, lists.rows)
    assert line.label == "Openbare bronnen" and "minstens één openbare bron" in line.reason


def test_the_form_s_words_exist_in_both_languages() -> None:
    assert FORM_TEXT["nl"].keys() == FORM_TEXT["en"].keys()
    for lang in ("nl", "en"):
        words = FORM_TEXT[lang]
        assert all(key in words for _, key in _REASONS)
        for name, fields in LISTS.items():
            assert f"list.{name}" in words and f"row.{name}" in words
            assert all(f"{name}.{f}" in words for f in fields)
    placeholders = {k: set(re.findall(r"{(\w+)}", v)) for k, v in FORM_TEXT["nl"].items()}
    assert placeholders == {k: set(re.findall(r"{(\w+)}", v)) for k, v in FORM_TEXT["en"].items()}


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
_word = _text.map(str.strip).filter(bool)
_date = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.isoformat())


@settings(max_examples=40, deadline=None)
@given(
    bottlenecks=st.lists(
        st.fixed_dictionaries(
            {"code": st.sampled_from(["scaling_up", "room_in_rules"]), "what_happened": _word},
            optional={"how_solved": _word},
        ),
        max_size=3,
    ),
    results=st.lists(
        st.fixed_dictionaries(
            {
                "indicator": _word,
                "value": st.one_of(
                    st.integers(0, 10**6).map(float),
                    st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 3)),
                    _word.filter(lambda w: number(w) is None),
                ),
                "date": _date,
                "source": st.just("https://example.org/r"),
            },
            optional={"unit": _word, "profession": st.sampled_from(["gp", "so", "avg"])},
        ),
        max_size=3,
    ),
    funding=st.lists(
        st.fixed_dictionaries(
            {"funder": _word},
            optional={"amount_eur": st.integers(0, 10**9).map(float), "period": _word},
        ),
        max_size=2,
    ),
)
def test_any_record_s_lists_survive_the_form(
    bottlenecks: list[dict[str, Any]],
    results: list[dict[str, Any]],
    funding: list[dict[str, Any]],
) -> None:
    """Property: rows_of and the form's reading are inverse for any lists the record allows
    (texts are kept as stripped by the record)."""
    record = make_record(
        "prop-made", bottlenecks=bottlenecks, results=results, funding=funding, **{
            "sources": LISTED["sources"]})  # fmt: skip
    form: dict[str, str] = {
        **FORM,
        "since": "2026-01",
        "municipalities": "GM0505",
        "lessons": "",
        "organisations": "",
        "name": record.name,
        "summary": record.summary,
        "type": record.type,
        **as_form(with_blank_rows(rows_of(record))),
    }
    again: InitiativeRecord = record_from_form(form, ["gp_care"], record, TODAY)
    assert again.model_dump() == record.model_dump()


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

    from regioplan.web import registry_form, registry_map, registry_pages

    for module in (registry_pages, registry_map, registry_form):
        failed, _tried = doctest.testmod(module)
        assert failed == 0
    assert doctest.testmod(registry_pages).attempted > 0
    assert doctest.testmod(registry_form).attempted > 0
