"""The initiative registry: the bundled entries are real and sourced, records are validated with
errors naming file, line and field, and CSV and JSON carry the same records."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regioplan.errors import InputError, ValidationError
from regioplan.initiatives import Bottleneck, initiatives
from regioplan.initiatives.registry import (
    OTHER,
    Domain,
    InitiativeRecord,
    Stage,
    check_partial_date,
    check_shippable,
    filter_records,
    get_record,
    merge_registries,
    validate_records,
)
from regioplan.initiatives.registry_files import (
    CSV_COLUMNS,
    bundled_registry,
    join_texts,
    parse_csv,
    parse_json,
    read_registry_file,
    split_texts,
    to_csv,
    to_json,
)


def example(**changes: Any) -> dict[str, Any]:
    """A raw record that is TEST DATA (an example, not a real initiative)."""
    raw: dict[str, Any] = {
        "id": "example-test-initiative",
        "name": "Example initiative (test data, not real)",
        "municipalities": ["GM0363"],
        "type": "shared_anw_service",
        "domains": ["gp_care"],
        "stage": "pilot",
        "stage_history": [{"stage": "pilot", "since": "2024-03"}],
        "test_data": True,
    }
    raw.update(changes)
    return raw


# -- the bundled entries -------------------------------------------------------------------------
def test_bundled_entries_are_real_sourced_and_unique() -> None:
    records = bundled_registry()
    assert len(records) >= 20
    assert len({r.id for r in records}) == len(records)
    for r in records:
        assert not r.test_data, r.id
        assert r.sources, r.id
        for s in r.sources:
            assert s.url.startswith("http") and s.retrieved <= date(2026, 12, 31)
        for result in r.results:
            # every figure carries the URL of one of the entry's own sources
            assert result.source in {s.url for s in r.sources}, (r.id, result.indicator)


def test_bundled_types_cover_the_catalogue_widely() -> None:
    types = {r.type for r in bundled_registry()}
    assert len(types - {OTHER}) >= 6
    assert types <= {*initiatives(), OTHER}


def test_test_data_never_ships() -> None:
    records = validate_records([example()], source="t.json")
    with pytest.raises(ValidationError, match="test data must not ship: example-test"):
        check_shippable(records, source="initiatives.json")


# -- validation ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2024", True),
        ("2024-02", True),
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2024-13", False),
        ("24-01-01", False),
        ("", False),
    ],
)
def test_partial_dates(text: str, ok: bool) -> None:
    if ok:
        assert check_partial_date(text) == text
    else:
        with pytest.raises(ValueError):
            check_partial_date(text)


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"type": "magic"}, "initiatives[0].type", "no initiative type"),
        ({"domains": []}, "initiatives[0].domains", "at least 1"),
        ({"stage": "finished"}, "initiatives[0].stage", "Input should be"),
        ({"municipalities": ["GM9999"]}, "initiatives[0].municipalities", "unknown municipality"),
        ({"municipalities": ["0363"]}, "initiatives[0].municipalities", "GM + 4 digits"),
        ({"stage": "running"}, "initiatives[0].stage", "differs from the last step"),
        ({"test_data": False}, "initiatives[0].sources", "at least one public source"),
        ({"colour": "red"}, "initiatives[0].colour", "unknown field"),
        ({"id": "Bad Id"}, "initiatives[0].id", "lowercase"),
        (
            {"bottlenecks": [{"code": "money", "what_happened": "x"}]},
            "initiatives[0].bottlenecks[0].code",
            "Input should be",
        ),
        (
            {"results": [{"indicator": "x", "value": 1, "date": "2024", "source": "nope"}]},
            "initiatives[0].results[0].source",
            "not an http(s) URL",
        ),
    ],
)
def test_a_bad_field_is_named_with_file_and_line(
    change: dict[str, Any], field: str, reason: str
) -> None:
    doc = {"schema": "regioplan.initiatives.registry/1", "initiatives": [example(**change)]}
    text = json.dumps(doc, indent=2)
    with pytest.raises(ValidationError) as info:
        parse_json(text, source="mine.json")
    problems = info.value.problems
    assert any(p.field == field and reason in p.reason for p in problems), problems
    assert all(p.source == "mine.json" and p.line == 4 for p in problems), problems


def test_json_lines_point_at_each_record_and_duplicates_are_named() -> None:
    one, two = example(), example(name="Second (test data)")
    text = json.dumps({"initiatives": [one, two]}, indent=2)
    with pytest.raises(ValidationError) as info:
        parse_json(text, source="dup.json")
    [problem] = info.value.problems
    first_line = text.splitlines().index("    {") + 1
    second_line = [i for i, t in enumerate(text.splitlines(), 1) if t == "    {"][1]
    assert problem.field == "initiatives[1].id"
    assert problem.line == second_line
    assert f"first at line {first_line}" in problem.reason


def test_broken_json_names_the_line() -> None:
    with pytest.raises(ValidationError) as info:
        parse_json('{\n  "initiatives": [\n    {"id": }\n  ]\n}', source="broken.json")
    assert info.value.problems[0].line == 3
    assert "not valid JSON" in info.value.problems[0].reason


def test_csv_errors_name_line_and_column() -> None:
    good = validate_records([example()], source="-")
    text = to_csv(good)
    bad_row = text.splitlines()[1].replace(",pilot,", ",someday,")
    rows = "\n".join(
        [
            text.splitlines()[0],
            text.splitlines()[1],
            bad_row.replace("example-test-initiative", "another-test-initiative"),
        ]
    )
    with pytest.raises(ValidationError) as info:
        parse_csv(rows + "\n", source="mine.csv")
    [problem] = info.value.problems
    assert (problem.source, problem.line, problem.field) == ("mine.csv", 3, "stage")
    assert "'idea', 'preparation'" in problem.reason


def test_csv_header_and_cells_are_checked() -> None:
    with pytest.raises(ValidationError, match="required column missing"):
        parse_csv("id,name\nx,y\n", source="h.csv")
    header = ",".join(CSV_COLUMNS)
    row = to_csv(validate_records([example()], source="-")).splitlines()[1]
    broken = row.replace("true", "maybe")
    with pytest.raises(ValidationError) as info:
        parse_csv(f"{header}\n{broken}\n", source="c.csv")
    assert any(p.line == 2 and p.field == "test_data" for p in info.value.problems)


@given(
    st.lists(st.text(alphabet=st.sampled_from("ab;\\ "), min_size=1).map(str.strip).filter(bool))
)
def test_text_lists_escape_the_separator(items: list[str]) -> None:
    assert split_texts(join_texts(items)) == items


def test_reading_a_missing_or_unknown_file(tmp_path: Any) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_registry_file(tmp_path / "none.json")
    with pytest.raises(InputError, match="cannot tell the format"):
        read_registry_file(tmp_path / "x.txt")


def test_merge_refuses_an_id_in_two_registries() -> None:
    mine = validate_records([example(id="zeeland-gp-training")], source="mine.json")
    with pytest.raises(ValidationError, match="already in bundled"):
        merge_registries(("bundled", bundled_registry()), ("mine.json", mine))


def test_filters_and_lookup() -> None:
    records = bundled_registry()
    zeeland = filter_records(records, municipalities=["GM0687"])  # Middelburg
    assert {r.id for r in zeeland} >= {"zeeland-gp-training", "zeeland-vakantiedokter"}
    assert all(
        r.type == "regional_training" for r in filter_records(records, type="regional_training")
    )
    assert filter_records(records, stage=Stage.STOPPED) == ()
    with pytest.raises(InputError, match="did you mean: zeeland-gp-training"):
        get_record(records, "zeeland-gp-trainin")


# -- the two formats carry the same records ------------------------------------------------------
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(";\\"),
    max_size=30,
).map(str.strip)
_codes = st.sampled_from(["GM0363", "GM0599", "GM0518", "GM0687", "GM0014"])


@st.composite
def records(draw: st.DrawFn) -> InitiativeRecord:
    stage = draw(st.sampled_from(list(Stage)))
    raw = example(
        id=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{2,20}", fullmatch=True)),
        name=draw(_text.filter(bool)),
        summary=draw(_text),
        municipalities=draw(st.lists(_codes, unique=True, max_size=3)),
        organisations=draw(st.lists(_text.filter(bool), max_size=3)),
        type=draw(st.sampled_from([*initiatives(), OTHER])),
        domains=draw(st.lists(st.sampled_from(list(Domain)), min_size=1, max_size=3, unique=True)),
        stage=stage,
        stage_history=[{"stage": stage, "since": draw(st.sampled_from(["", "2020", "2021-05"]))}],
        bottlenecks=[
            {"code": b, "what_happened": draw(_text.filter(bool)), "how_solved": draw(_text)}
            for b in draw(st.lists(st.sampled_from(list(Bottleneck)), max_size=2))
        ],
        funding=[{"funder": "F", "amount_eur": draw(st.none() | st.floats(0, 1e8))}],
        results=[
            {
                "indicator": draw(_text.filter(bool)),
                "value": draw(st.integers(0, 10**6).map(float) | _text),
                "date": "2023-04",
                "source": "https://example.org/a",
            }
        ],
        lessons=draw(st.lists(_text.filter(bool), max_size=2)),
        public=draw(st.booleans()),
    )
    return InitiativeRecord.model_validate(raw)


@settings(max_examples=40, deadline=None)
@given(st.lists(records(), max_size=4, unique_by=lambda r: r.id))
def test_csv_and_json_round_trip(items: list[InitiativeRecord]) -> None:
    records_ = tuple(items)
    assert parse_json(to_json(records_), source="r.json") == records_
    assert parse_csv(to_csv(records_), source="r.csv") == records_


def test_module_examples_run() -> None:
    import doctest

    import regioplan.initiatives.registry as registry
    import regioplan.initiatives.registry_files as files

    for module in (registry, files):
        failed, tried = doctest.testmod(module)
        assert tried > 0 and failed == 0, module.__name__
