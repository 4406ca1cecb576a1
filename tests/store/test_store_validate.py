"""Validation of import files: every bad row is named with its line, field and reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from regioplan.errors import InputError, ValidationError
from regioplan.store.readers import parse_csv, read_csv
from regioplan.store.validate import RawTable, Reference, validate, validate_chunks

REF = Reference.bundled()


def problems(text: str) -> list[str]:
    """The problems of CSV `text` as 'file:line: field: reason' strings ([] when valid)."""
    try:
        validate(parse_csv(text, "f.csv"), REF)
    except ValidationError as exc:
        return [str(p) for p in exc.problems]
    return []


def records(text: str) -> list[dict[str, object]]:
    return validate(parse_csv(text, "f.csv"), REF)


def test_a_valid_row_resolves_pc4_to_point_and_municipality() -> None:
    """A PC4 gives the row the PC4's point and municipality, and says so."""
    (rec,) = records("kind,name,pc4,gp_headcount,gp_fte\ngp_practice,A,3311,3,2.4\n")
    assert rec["municipality"] == "GM0505"
    assert (rec["lat"], rec["lon"]) == (REF.pc4.at[3311, "lat"], REF.pc4.at[3311, "lon"])
    assert (rec["location_source"], rec["municipality_source"]) == ("pc4", "pc4")
    assert (rec["gp_headcount"], rec["gp_fte"], rec["so_headcount"], rec["so_fte"]) == (
        3,
        2.4,
        None,
        None,
    )
    assert rec["gp_female"] is None and rec["beds_nursing"] is None


def test_municipality_only_uses_its_centre() -> None:
    (rec,) = records("kind,name,municipality\ncare_org,B,GM0512\n")
    centre = REF.municipalities.loc["GM0512"]
    assert (rec["lat"], rec["lon"]) == (centre["lat"], centre["lon"])
    assert (rec["location_source"], rec["municipality_source"]) == ("municipality", "given")


def test_lat_lon_only_takes_the_municipality_of_the_nearest_pc4_point() -> None:
    """A point next to PC4 3311's point (Dordrecht) lies in Dordrecht."""
    lat, lon = REF.pc4.at[3311, "lat"] + 0.0005, REF.pc4.at[3311, "lon"]
    (rec,) = records(f"kind,name,lat,lon\nooh_post,C,{lat},{lon}\n")
    assert (rec["lat"], rec["lon"], rec["municipality"]) == (lat, lon, "GM0505")
    assert (rec["location_source"], rec["municipality_source"]) == ("given", "nearest_pc4")


def test_municipality_codes_ignore_case() -> None:
    (rec,) = records("kind,name,municipality\ncare_org,B,gm0512\n")
    assert rec["municipality"] == "GM0512"


def test_given_municipality_wins_over_pc4() -> None:
    """The file's municipality is authoritative (PC4 areas can cross municipal borders)."""
    (rec,) = records("kind,name,pc4,municipality\ngp_practice,D,3311,GM0642\n")
    assert rec["municipality"] == "GM0642" and rec["location_source"] == "pc4"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "hospital,X,3311,,,,1,1",
            "f.csv:2: kind: unknown kind 'hospital'; allowed: gp_practice, "
            "care_org, disability_org, ooh_post, nursing_home",
        ),
        (
            ",X,3311,,,,1,1",
            "f.csv:2: kind: missing; allowed: gp_practice, care_org, "
            "disability_org, ooh_post, nursing_home",
        ),
        ("gp_practice,,3311,,,,1,1", "f.csv:2: name: missing"),
        (
            "gp_practice,X,331,,,,1,1",
            "f.csv:2: pc4: expected a 4-digit postcode like 3311, got '331'",
        ),
        (
            "gp_practice,X,1000,,,,1,1",
            "f.csv:2: pc4: unknown PC4 area 1000 (not among the 4,067 CBS PC4 areas)",
        ),
        (
            "gp_practice,X,,49.5,4.6,,1,1",
            "f.csv:2: lat: 49.5 lies outside the Netherlands (50.7 to 53.7)",
        ),
        (
            "gp_practice,X,,51.8,8.1,,1,1",
            "f.csv:2: lon: 8.1 lies outside the Netherlands (3.2 to 7.3)",
        ),
        ("gp_practice,X,,51.8,,,1,1", "f.csv:2: lon: lat and lon must be given together"),
        (
            "gp_practice,X,,,,GM9999,1,1",
            "f.csv:2: municipality: unknown municipality code GM9999 (2023 borders)",
        ),
        (
            "gp_practice,X,,,,Dordrecht,1,1",
            "f.csv:2: municipality: expected a CBS code like GM0505, got 'Dordrecht'",
        ),
        (
            "gp_practice,X,,,,,1,1",
            "f.csv:2: pc4: no location; give pc4, lat and lon, or municipality",
        ),
        ("gp_practice,X,3311,,,,-1,0", "f.csv:2: gp_headcount: must be 0 or more, got '-1'"),
        (
            "gp_practice,X,3311,,,,2.5,1",
            "f.csv:2: gp_headcount: expected a whole number, got '2.5'",
        ),
        ("gp_practice,X,3311,,,,two,1", "f.csv:2: gp_headcount: expected a number, got 'two'"),
        ("gp_practice,X,3311,,,,2,-0.5", "f.csv:2: gp_fte: must be 0 or more, got '-0.5'"),
        ("gp_practice,X,3311,,,,2,2.5", "f.csv:2: gp_fte: 2.5 FTE exceeds 1.2 x headcount 2"),
        ("gp_practice,X,3311,,,,,0.5", "f.csv:2: gp_fte: 0.5 FTE given without gp_headcount"),
        ("gp_practice,X,3311,,,,2,nan", "f.csv:2: gp_fte: expected a finite number, got 'nan'"),
    ],
)
def test_each_kind_of_bad_cell_is_named(row: str, expected: str) -> None:
    header = "kind,name,pc4,lat,lon,municipality,gp_headcount,gp_fte"
    assert problems(f"{header}\n{row}\n") == [expected]


def test_fte_of_exactly_1_2_per_person_is_allowed() -> None:
    """1.2 x 3 is 3.5999999999999996 in floating point; 3.6 FTE must still pass."""
    assert problems("kind,name,pc4,gp_headcount,gp_fte\ngp_practice,A,3311,3,3.6\n") == []


def test_age_and_sex_split_must_fit_the_headcount() -> None:
    header = "kind,name,pc4,gp_headcount,gp_age_under_45,gp_age_45_59,gp_age_60_plus,gp_female"
    text = (
        f"{header}\n"
        "gp_practice,A,3311,4,1,2,1,4\n"  # fine
        "gp_practice,B,3311,4,1,2,2,1\n"  # sums to 5
        "gp_practice,C,3311,4,1,,,1\n"  # incomplete
        "gp_practice,D,3311,4,,,,5\n"  # more women than GPs
    )
    assert problems(text) == [
        "f.csv:3: gp_age_under_45: age bands sum to 5, headcount is 4",
        "f.csv:4: gp_age_45_59: age split incomplete: also give gp_age_45_59, gp_age_60_plus",
        "f.csv:5: gp_female: 5 women exceeds headcount 4",
    ]


def test_splits_without_a_headcount_say_so() -> None:
    """An age or sex split with the headcount cell left empty names the missing headcount
    instead of comparing with a headcount of 0."""
    header = "kind,name,pc4,so_headcount,so_age_under_45,so_age_45_59,so_age_60_plus,so_female"
    text = f"{header}\ncare_org,A,3311,,1,2,0,2\ncare_org,B,3311,,0,0,0,0\n"
    assert problems(text) == [
        "f.csv:2: so_age_under_45: age bands given without so_headcount",
        "f.csv:2: so_female: 2 women given without so_headcount",
    ]


def test_beds_only_for_kinds_that_have_beds() -> None:
    text = (
        "kind,name,pc4,beds_nursing,beds_elv\n"
        "nursing_home,A,3311,80,6\n"
        "gp_practice,B,3311,,2\n"
        "ooh_post,C,3311,0,\n"  # zero beds is not an error
    )
    assert problems(text) == [
        "f.csv:3: beds_elv: a gp_practice has no beds; beds are for nursing_home, care_org, "
        "disability_org"
    ]


def test_every_bad_row_is_listed_not_just_the_first() -> None:
    text = "kind,name,pc4\nx,A,3311\ngp_practice,B,3311\ngp_practice,,3311\ngp_practice,D,99\n"
    assert [p.split(":")[1] for p in problems(text)] == ["2", "4", "5"]


def test_duplicate_rows_name_the_first_line() -> None:
    text = "kind,name,pc4\ngp_practice,A,3311\ngp_practice,A,3312\ngp_practice,A,3311\n"
    assert problems(text) == ["f.csv:4: name: duplicate of line 2 (same kind, name and location)"]


def test_header_problems_are_reported_on_line_1() -> None:
    text = "kind,naam,gp_headcount,gp_headcount,lat\ngp_practice,A,1,1,52\n"
    found = problems(text)
    assert found[0].startswith(
        "f.csv:1: naam: unknown column; did you mean name? allowed: kind, name, pc4, lat"
    )
    assert found[1:] == [
        "f.csv:1: gp_headcount: column appears more than once",
        "f.csv:1: name: required column is missing",
        "f.csv:1: lon: lat and lon must be given together",
    ]


@pytest.mark.parametrize(
    ("column", "hint"),
    [("gp hedcount", "gp_headcount"), ("gemeente", "municipality"), ("Postcode", "pc4")],
)
def test_unknown_columns_suggest_the_intended_one(column: str, hint: str) -> None:
    """Typos and Dutch column names get a hint; they are still refused."""
    (found,) = problems(f"kind,name,pc4,{column}\ngp_practice,A,3311,1\n")
    assert found.startswith(f"f.csv:1: {column.lower()}: unknown column; did you mean {hint}?")


def test_unrelated_unknown_column_gets_no_guess() -> None:
    (found,) = problems("kind,name,pc4,remarks\ngp_practice,A,3311,x\n")
    assert found.startswith("f.csv:1: remarks: unknown column; allowed: kind, name")


def test_a_full_postcode_asks_for_its_four_digits() -> None:
    assert problems("kind,name,pc4\ngp_practice,A,3311 AB\ngp_practice,B,3311AB\n") == [
        "f.csv:2: pc4: give the 4 digits of the postcode only (3311), got '3311 AB'",
        "f.csv:3: pc4: give the 4 digits of the postcode only (3311), got '3311AB'",
    ]


def test_header_without_location_column() -> None:
    assert problems("kind,name\ngp_practice,A\n") == [
        "f.csv:1: pc4: no location column; give pc4, lat and lon, or municipality"
    ]


def test_lines_count_the_header_as_1_and_skip_blank_lines_and_multiline_cells() -> None:
    """A quoted name spanning two lines pushes the next record's line number by one."""
    text = 'kind,name,pc4\n\ngp_practice,"two\nlines",3311\nbad,C,3311\n'
    assert problems(text) == [
        "f.csv:5: kind: unknown kind 'bad'; allowed: gp_practice, care_org, disability_org, "
        "ooh_post, nursing_home"
    ]


def test_semicolon_files_accept_decimal_commas() -> None:
    """Dutch Excel writes ';' separated CSV with decimal commas."""
    (rec,) = records("kind;name;pc4;gp_headcount;gp_fte\ngp_practice;A, B;3311;3;2,4\n")
    assert (rec["name"], rec["gp_fte"]) == ("A, B", 2.4)


def test_trailing_delimiters_are_ignored() -> None:
    """Spreadsheet exports often end every line with a delimiter."""
    (rec,) = records("kind,name,pc4,\ngp_practice,A,3311,\n")
    assert rec["pc4"] == 3311


def test_header_names_ignore_case_and_spaces() -> None:
    (rec,) = records(" Kind ,NAME,Pc4\ngp_practice,A,3311\n")
    assert rec["name"] == "A"


def test_too_many_values_in_a_row() -> None:
    assert problems("kind,name,pc4\ngp_practice,A,3311,extra\n") == [
        "f.csv:2: (row): more values than the 3 header columns"
    ]


def test_a_file_without_rows_is_an_error() -> None:
    assert problems("kind,name,pc4\n") == ["f.csv:1: (file): no data rows"]


def test_utf8_with_bom_and_windows_1252_files(tmp_path: Path) -> None:
    """Excel writes UTF-8 with a BOM or, in older versions, Windows-1252."""
    text = "kind;name;pc4\ncare_org;Zorgcentrum Één;3311\n"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.encode("utf-8-sig"))
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(text.encode("cp1252"))
    for path in (bom, legacy):
        (rec,) = validate(read_csv(path), REF)
        assert rec["name"] == "Zorgcentrum Één"


def test_blank_lines_before_the_header_are_skipped() -> None:
    """Issue #21: blank lines before the header made the first blank line the header ('kind:
    required column is missing'). Lines keep counting the file's lines, as an editor shows them."""
    text = "\n  \nkind,name,pc4\ngp_practice,A,3311\nbad,B,3311\n"
    assert problems(text) == [
        "f.csv:5: kind: unknown kind 'bad'; allowed: gp_practice, care_org, disability_org, "
        "ooh_post, nursing_home"
    ]
    assert problems("\n\nkind,name\ngp_practice,A\n") == [
        "f.csv:3: pc4: no location column; give pc4, lat and lon, or municipality"
    ]


def test_an_empty_file_says_so() -> None:
    with pytest.raises(InputError, match=r"f\.csv: the file is empty"):
        parse_csv("\n \n", "f.csv")


def test_an_unterminated_quote_is_named_with_its_line_and_column() -> None:
    """Issue #21: an opening quote without its closing one swallowed the rest of the file into
    one cell and was reported as 'pc4: no location'."""
    text = 'kind,name,pc4\ngp_practice,A,3311\ngp_practice,"B,3351\ngp_practice,C,3311\n'
    assert problems(text) == [
        "f.csv:3: name: unterminated quote: the quoted cell that opens on this line is never "
        'closed (add the closing " or remove the opening one)'
    ]


def test_problems_before_an_unterminated_quote_are_reported_too() -> None:
    text = 'kind,name,pc4\nbad,A,3311\ngp_practice,B,"3351\n'
    assert [p.split(":")[1] + ":" + p.split(":")[2] for p in problems(text)] == [
        "2: kind",
        "3: pc4",
    ]


def test_a_nul_byte_is_a_problem_with_line_and_field() -> None:
    """Issue #21: a NUL (0x00) in a cell was stored by SQLite and refused by PostgreSQL without
    line or field; now validation reports it and the rest of the row is still checked."""
    text = "kind,name,pc4\ngp_practice,A\x00B,3311\ngp_practice,C,33\x0051\nbad,D\x00,3311\n"
    assert problems(text) == [
        "f.csv:2: name: contains a NUL character (byte 0x00), which no database stores; remove it",
        "f.csv:3: pc4: contains a NUL character (byte 0x00), which no database stores; remove it",
        "f.csv:4: kind: unknown kind 'bad'; allowed: gp_practice, care_org, disability_org, "
        "ooh_post, nursing_home",
        "f.csv:4: name: contains a NUL character (byte 0x00), which no database stores; remove it",
    ]
    assert problems("kind,na\x00me,pc4\ngp_practice,A,3311\n")[0] == (
        "f.csv:1: na\\x00me: contains a NUL character (byte 0x00); remove it"
    )


def test_rows_are_validated_in_chunks_as_they_are_read() -> None:
    """Memory stays flat: a chunk is handed on before the next rows are read."""
    pulled = 0

    def rows() -> Iterator[tuple[int, tuple[str, ...]]]:
        nonlocal pulled
        for i in range(10):
            pulled += 1
            yield i + 2, ("gp_practice", f"P{i}", "3311")

    table = RawTable("f.csv", 1, ("kind", "name", "pc4"), rows())
    chunks = validate_chunks(table, REF, size=4)
    first = next(chunks)
    assert (len(first), pulled) == (4, 4)
    assert [len(c) for c in chunks] == [4, 2]


def test_a_file_name_too_long_for_the_system_is_bad_input(tmp_path: Path) -> None:
    """Issue #21 (CLI sweep): an OSError from the file check is an InputError naming the file."""
    from regioplan.store.readers import read_table

    with pytest.raises(InputError, match=r"cannot be read \(File name too long\)"):
        read_table(tmp_path / ("x" * 300 + ".csv"))
