"""One convention in the CLI's tables: English headers above English numbers.

The command line is English (docs/cli.md, "Numbers and language"): its headers, messages and
numbers (decimal point, thousands comma), whatever the `lang` setting, which chooses the language
of the report and the dashboard. Every table-printing command is run on the bundled data with
``lang = nl`` (the default, under which the tables once printed "7,52" below "per 10,000") and
each table is read back from Rich's box drawing: no cell and no line may be in Dutch notation, and
each command's tables show English numbers that the check recognises. ``--json`` is unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.cli_support import CLI_LANG, number

runner = CliRunner()
WIDE = {"COLUMNS": "250"}  # no cell wraps, so each row is one line
EXAMPLES = Path(__file__).parents[2] / "examples"
SCENARIOS = EXAMPLES / "scenarios"
INSTANCE = Path(__file__).parents[1] / "roster" / "fixtures" / "Instance1.txt"

# a cell that is one number (with a sign, a percent sign or a unit of a few letters after it)
SIGN, UNIT = r"[+\-−]?", r"(?:%|\s?[a-zA-Z/²]{1,6})?"
ENGLISH = re.compile(rf"{SIGN}(?:0|[1-9]\d{{0,2}}(?:,\d{{3}})*)(?:\.\d+)?{UNIT}")
DUTCH = re.compile(rf"{SIGN}(?:0|[1-9]\d{{0,2}}(?:\.\d{{3}})*)(?:,\d+)?{UNIT}")
# Dutch notation anywhere in a line: a decimal comma (1 or 2 digits, or after a 0), or thousands
# points in a number that also has a decimal comma or more than one group
DUTCH_IN_TEXT = re.compile(
    r"(?<![\d.,:])(?:\d+,\d{1,2}(?![\d,])|0,\d+|\d{1,3}(?:\.\d{3}){2,}(?!\d)|\d{1,3}\.\d{3},\d)"
)
# English notation anywhere in a line, the mirror image
ENGLISH_IN_TEXT = re.compile(
    r"(?<![\d.,:])(?:\d+\.\d{1,2}(?![\d.])|0\.\d+|\d{1,3}(?:,\d{3}){2,}(?!\d)|\d{1,3},\d{3}\.\d)"
)
DUTCH_HEADER_NUMBER = re.compile(r"(?<![\d.])\d{1,3}\.\d{3}(?!\d)")  # "per 10.000"
DUTCH_HEADER_WORDS = {
    "aanbod", "aandeel", "aantal", "bevolking", "beroep", "gemeente", "gemeenten", "inwoners",
    "instroom", "jaar", "naam", "personen", "regio", "tekort", "vraag",
}  # fmt: skip


@dataclass
class Table:
    """A table read back from Rich's output: header cells and the rows of cells."""

    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def read_tables(text: str) -> list[Table]:
    """Every Rich table in `text` (heavy-head boxes, and headerless square boxes)."""
    tables: list[Table] = []
    current: Table | None = None
    for line in text.splitlines():
        mark = line[:1]
        if mark in ("┏", "┌"):
            current = Table()
            tables.append(current)
        elif current is not None and mark == "┃":
            current.headers += [c.strip() for c in line.strip("┃").split("┃")]
        elif current is not None and mark == "│":
            current.rows.append([c.strip() for c in line.strip("│").split("│")])
        elif mark in ("└", "┗"):
            current = None
    return tables


def notation(cell: str) -> str | None:
    """``en`` or ``nl`` where `cell` is a number written in only one of them; else None
    (text, or a number both would write alike, as 607 or 3.526)."""
    english = ENGLISH.fullmatch(cell) is not None
    dutch = DUTCH.fullmatch(cell) is not None
    if english != dutch:
        return "en" if english else "nl"
    return None


def test_the_reader_tells_the_notations_apart() -> None:
    """The check is not blind: the two notations of the issue's examples are told apart."""
    assert [notation(c) for c in ("7,52", "−11,28", "1.442.759", "12.345,7")] == ["nl"] * 4
    assert [notation(c) for c in ("7.52", "−11.28", "1,442,759", "0.58", "5.3%")] == ["en"] * 5
    # a number both would write alike: 3.526 is 3,526 in Dutch and 3526 in English notation
    assert [notation(c) for c in ("607", "3.526", "13,492", "gp", "2042", "–")] == [None] * 6
    assert DUTCH_IN_TEXT.search("population 1.442.759 (5,3%)")
    assert ENGLISH_IN_TEXT.search("population 1,442,759 (5.3%)")
    english = "10 / 442,759 inhabitants (13.3%) in 2 areas, 1-1-2024"
    assert not DUTCH_IN_TEXT.search(english) and ENGLISH_IN_TEXT.search(english)
    drawn = "┏━━━┳━━━┓\n┃ a ┃ b ┃\n┡━━━╇━━━┩\n│ x │ 7,52 │\n└───┴───┘\n"
    assert read_tables(drawn) == [Table(["a", "b"], [["x", "7,52"]])]


def test_numbers_are_english() -> None:
    assert CLI_LANG == "en"
    assert (number(12345.678, 1), number(-11.28, 2), number(0.58, 2)) == (
        "12,345.7",
        "−11.28",
        "0.58",
    )


@pytest.fixture
def dutch_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `lang` setting at its default, Dutch: it must not reach the CLI's tables."""
    monkeypatch.setenv("REGIOPLAN_LANG", "nl")


def _roster_args(tmp_path: Path) -> list[str]:
    return ["roster", "solve", str(INSTANCE), "--time-limit", "10", "--workers", "1"]


def _data_args(tmp_path: Path) -> list[str]:
    db = f"sqlite:///{tmp_path / 'own.sqlite'}"
    csv = str(EXAMPLES / "providers_waardenland.csv")
    imported = runner.invoke(app, ["data", "import", csv, "--db", db])
    assert imported.exit_code == 0, imported.output
    return ["data", "list", "--db", db]


COMMANDS: dict[str, list[str]] = {
    "regions list": ["regions", "list"],
    "regions list provincie": ["regions", "list", "--level", "provincie"],
    "regions show": ["regions", "show", "ZK24"],
    "regions show NL": ["regions", "show", "NL"],
    "access compute": ["access", "compute", "ZK24", "--level", "municipality"],
    "access compute so pc4": ["access", "compute", "ZK24", "--profession", "so"],
    "workforce national": ["workforce", "project", "--profession", "gp"],
    "workforce regional": [
        "workforce", "project", "--profession", "so", "--region", "ZK24", "--draws", "20",
    ],
    "demography": ["demography", "project", "--region", "ZK24", "--end-year", "2027"],
    "demography NL": ["demography", "project", "--end-year", "2025"],
    "scenario run": [
        "scenario", "run", "ZK24", str(SCENARIOS / "anw_and_triage.toml"), "--draws", "50",
    ],
    "scenario compare": [
        "scenario", "compare", "ZK24", str(SCENARIOS / "status_quo.toml"),
        str(SCENARIOS / "substitution_and_training.toml"), "--draws", "50",
    ],
    "initiatives list": ["initiatives", "list"],
    "initiatives show": ["initiatives", "show", "regional_triage"],
    "workforce fragility": ["workforce", "fragility", "ZK24", "--draws", "50"],
    "national compare": ["national", "compare", "--profession", "avg", "--draws", "50"],
    "national pattern": ["national", "pattern", "--draws", "50", "--permutations", "99"],
}  # fmt: skip
BUILT = {"roster solve": _roster_args, "data list": _data_args}
# commands whose tables hold words and codes only (no number the check could recognise)
WITHOUT_NUMBERS = {"initiatives list", "roster solve", "data list"}


@pytest.mark.parametrize("name", [*COMMANDS, *BUILT])
@pytest.mark.usefixtures("dutch_setting")
def test_tables_write_numbers_in_the_language_of_their_headers(name: str, tmp_path: Path) -> None:
    args = COMMANDS[name] if name in COMMANDS else BUILT[name](tmp_path)
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    tables = read_tables(result.stdout)
    seen = 0  # numbers only English notation writes so (many are alike in both: 607, 3.526)
    for table in tables:
        for header in table.headers:
            assert not DUTCH_HEADER_NUMBER.search(header), f"{name}: Dutch header {header!r}"
            assert not set(header.lower().split()) & DUTCH_HEADER_WORDS, f"{name}: {header!r}"
        for row in table.rows:
            for cell in row:
                assert notation(cell) != "nl", f"{name}: {cell!r} under English headers"
                assert not DUTCH_IN_TEXT.search(cell), f"{name}: {cell!r} under English headers"
                seen += notation(cell) == "en" or bool(ENGLISH_IN_TEXT.search(cell))
    for line in result.stdout.splitlines():  # the lines around the tables too
        assert not DUTCH_IN_TEXT.search(line), f"{name}: Dutch notation in {line!r}"
        seen += bool(ENGLISH_IN_TEXT.search(line))
    if name not in WITHOUT_NUMBERS:
        assert tables, f"{name} printed no table"
        assert seen, f"{name}: no number in English notation recognised"


def test_the_lang_setting_does_not_change_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """`lang` chooses the report's language; the terminal's text is the same in both."""
    outputs = []
    for lang in ("nl", "en"):
        monkeypatch.setenv("REGIOPLAN_LANG", lang)
        result = runner.invoke(app, ["regions", "show", "ZK24"], env=WIDE)
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert "442,759" in outputs[0] and "7.50" in outputs[0]


@pytest.mark.parametrize(
    "args",
    [
        ["regions", "show", "ZK24", "--json"],
        ["demography", "project", "--region", "ZK24", "--end-year", "2025", "--json"],
    ],
)
def test_json_is_numbers_not_text(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``--json`` holds numbers, not formatted text, and does not depend on `lang`."""
    docs = []
    for lang in ("nl", "en"):
        monkeypatch.setenv("REGIOPLAN_LANG", lang)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        docs.append(json.loads(result.stdout))
    assert docs[0] == docs[1]
    population = docs[0]["population"]
    assert isinstance(population["total"] if isinstance(population, dict) else population[0], int)
