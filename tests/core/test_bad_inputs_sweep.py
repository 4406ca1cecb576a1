"""Every command meets bad input with a clear error: exit 2, a message, never a traceback.

Issue #21: each command's file and option inputs are fed non-UTF-8 bytes, NUL bytes, huge and
non-finite numbers and very long strings. Bad input fails before anything is computed, so the
whole sweep runs in-process in seconds; output files are never written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.cli_support import SEED_MAX

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "examples" / "scenarios" / "status_quo.toml"
ROSTER = ROOT / "examples" / "roster" / "region.toml"
LONG = "A" * 5000  # longer than any file name the system allows (255 bytes)
HUGE = str(10**30)

runner = CliRunner()

# name -> bytes of a file the user gives; the suffix decides what the command reads it as
FILES: dict[str, bytes] = {
    "latin1.txt": "Utrecht\nZürich\n".encode("latin-1"),
    "nul.txt": b"Utrecht\nUtr\0echt\n",
    "latin1.csv": "id,value\nZürich,1\n".encode("latin-1"),
    "nul.csv": b"id,value\n1\x00,1\n",
    "latin1.toml": '[scenario]\nname = "Zürich"\n'.encode("latin-1"),
    "nul.toml": b'[scenario]\nname = "a\x00b"\n',
    "name_array.toml": b'[scenario]\nname = "x"\n[[initiative]]\nname = ["a"]\nstart = 2026\n',
    "name_table.toml": b'[scenario]\nname = "x"\n[[initiative]]\nname = {a = 1}\nstart = 2026\n',
    "costs.csv": b"origin,destination,cost\n1,1,1\n",
    "supply.csv": b"id,value\n1,1\n",
}

# (id, argv with {name} for a bad file in the temporary directory and {tmp} for the directory)
CASES: list[tuple[str, list[str]]] = [
    # regions
    ("regions show latin-1 file", ["regions", "show", "{latin1.txt}"]),
    ("regions show NUL in file", ["regions", "show", "{nul.txt}"]),
    ("regions show long name", ["regions", "show", LONG]),
    ("regions show NUL in name", ["regions", "show", "Rotter\0dam"]),
    ("regions show undecodable name", ["regions", "show", "Z\udcfcrich"]),
    ("regions show long level", ["regions", "show", "ZK24", "--level", LONG]),
    ("regions list long level", ["regions", "list", "--level", LONG]),
    ("regions list NUL level", ["regions", "list", "--level", "gg\0d"]),
    # data import (the store's checks)
    ("data import latin-1 csv", ["data", "import", "{latin1.csv}", "--db", "{tmp}/d.sqlite"]),
    ("data import NUL csv", ["data", "import", "{nul.csv}", "--db", "{tmp}/d.sqlite"]),
    ("data import long file name", ["data", "import", LONG + ".csv", "--db", "{tmp}/d.sqlite"]),
    # workforce
    ("workforce latin-1 params", ["workforce", "project", "--params", "{latin1.toml}"]),
    ("workforce NUL params", ["workforce", "project", "--params", "{nul.toml}"]),
    ("workforce long params", ["workforce", "project", "--params", LONG]),
    ("workforce nan intake", ["workforce", "project", "--intake", "nan"]),
    ("workforce inf intake", ["workforce", "project", "--intake", "inf"]),
    ("workforce huge intake", ["workforce", "project", "--intake", "1e400"]),
    ("workforce huge draws", ["workforce", "project", "--draws", HUGE]),
    ("workforce negative seed", ["workforce", "project", "--draws", "10", "--seed", "-1"]),
    ("workforce huge seed", ["workforce", "project", "--draws", "10", "--seed", HUGE]),
    ("workforce huge balance year", ["workforce", "project", "--balance-year", HUGE]),
    ("workforce long region", ["workforce", "project", "--region", LONG]),
    ("workforce latin-1 region file", ["workforce", "project", "--region", "{latin1.txt}"]),
    # demography
    ("demography long region", ["demography", "project", "--region", LONG]),
    ("demography NUL region file", ["demography", "project", "--region", "{nul.txt}"]),
    ("demography huge end year", ["demography", "project", "--end-year", HUGE]),
    # access
    ("access compute long region", ["access", "compute", LONG]),
    ("access compute nan max-cost", ["access", "compute", "ZK24", "--max-cost", "nan"]),
    ("access compute negative max-cost", ["access", "compute", "ZK24", "--max-cost", "-inf"]),
    ("access compute nan threshold", ["access", "compute", "ZK24", "--threshold", "nan"]),
    ("access compute long weights", ["access", "compute", "ZK24", "--weights", LONG]),
    ("access compute nan weights", ["access", "compute", "ZK24", "--weights", "gaussian:nan"]),
    ("access compute huge year", ["access", "compute", "ZK24", "--year", HUGE]),
    (
        "access compute latin-1 demand",
        [
            "access",
            "compute",
            "--demand",
            "{latin1.csv}",
            "--supply",
            "{supply.csv}",
            "--costs",
            "{costs.csv}",
        ],
    ),
    (
        "access compute NUL demand",
        [
            "access",
            "compute",
            "--demand",
            "{nul.csv}",
            "--supply",
            "{supply.csv}",
            "--costs",
            "{costs.csv}",
        ],
    ),
    (
        "access compute inf per",
        [
            "access",
            "compute",
            "--demand",
            "{supply.csv}",
            "--supply",
            "{supply.csv}",
            "--costs",
            "{costs.csv}",
            "--per",
            "inf",
        ],
    ),
    (
        "access points long profession",
        ["access", "points", "--profession", LONG, "--out", "{tmp}/p.csv"],
    ),
    ("access points long level", ["access", "points", "--level", LONG, "--out", "{tmp}/p.csv"]),
    # initiatives
    ("initiatives show long name", ["initiatives", "show", LONG]),
    ("initiatives show NUL name", ["initiatives", "show", "regional\0triage"]),
    # scenarios
    ("scenario check latin-1", ["scenario", "check", "{latin1.toml}"]),
    ("scenario check NUL", ["scenario", "check", "{nul.toml}"]),
    ("scenario check name array", ["scenario", "check", "{name_array.toml}"]),
    ("scenario check name table", ["scenario", "check", "{name_table.toml}"]),
    ("scenario check long file name", ["scenario", "check", LONG + ".toml"]),
    ("scenario run latin-1", ["scenario", "run", "ZK24", "{latin1.toml}"]),
    ("scenario run negative seed", ["scenario", "run", "ZK24", str(SCENARIO), "--seed", "-1"]),
    ("scenario run huge seed", ["scenario", "run", "ZK24", str(SCENARIO), "--seed", HUGE]),
    ("scenario run huge draws", ["scenario", "run", "ZK24", str(SCENARIO), "--draws", HUGE]),
    ("scenario run long region", ["scenario", "run", LONG, str(SCENARIO)]),
    ("scenario compare NUL", ["scenario", "compare", "ZK24", str(SCENARIO), "{nul.toml}"]),
    (
        "scenario sweep negative seed",
        ["scenario", "sweep", str(SCENARIO), "--region", "ZK24", "--seed", "-1"],
    ),
    # report
    ("report negative seed", ["report", "ZK24", "--out", "{tmp}/r.html", "--seed", "-1"]),
    ("report huge seed", ["report", "ZK24", "--out", "{tmp}/r.html", "--seed", str(SEED_MAX + 1)]),
    ("report long region", ["report", LONG, "--out", "{tmp}/r.html"]),
    ("report latin-1 region file", ["report", "{latin1.txt}", "--out", "{tmp}/r.html"]),
    ("report long lang", ["report", "ZK24", "--out", "{tmp}/r.html", "--lang", LONG]),
    (
        "report latin-1 scenario",
        ["report", "ZK24", "--out", "{tmp}/r.html", "--scenario", "{latin1.toml}"],
    ),
    ("report long out", ["report", "ZK24", "--out", "{tmp}/" + LONG + ".html"]),
    # roster (bad problem files)
    ("roster solve latin-1", ["roster", "solve", "{latin1.toml}"]),
    ("roster solve NUL", ["roster", "solve", "{nul.toml}"]),
    ("roster solve long file name", ["roster", "solve", LONG + ".toml"]),
    ("roster check latin-1 roster", ["roster", "check", "{latin1.csv}", "--problem", str(ROSTER)]),
    ("roster check NUL roster", ["roster", "check", "{nul.csv}", "--problem", str(ROSTER)]),
    # serve: the port is checked before anything starts
    ("serve huge port", ["serve", "--port", HUGE]),
    ("serve negative port", ["serve", "--port", "-1"]),
]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, content in FILES.items():
        (folder / name).write_bytes(content)
    return folder


def _argv(template: list[str], folder: Path) -> list[str]:
    def fill(arg: str) -> str:
        if arg.startswith("{") and arg.endswith("}") and arg[1:-1] in FILES:
            return str(folder / arg[1:-1])
        return arg.replace("{tmp}", str(folder))

    return [fill(a) for a in template]


def _written(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} - set(FILES)


def _short(text: object) -> str:
    return str(text).replace(LONG, "A" * 20 + "...")[:2000]


def _datasets(folder: Path) -> list[Any]:
    """The datasets of the sweep's database (an import's database may exist, empty)."""
    db = folder / "d.sqlite"
    if not db.exists():
        return []
    listed = runner.invoke(app, ["data", "list", "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    return list(json.loads(listed.stdout)["datasets"])


@pytest.mark.parametrize(
    ("case", "template"),
    [pytest.param(*case, id=case[0]) for case in CASES],
)
def test_bad_input_exits_2_with_a_message(case: str, template: list[str], bad_files: Path) -> None:
    """Exit 2, an ``error:`` message on stderr, no traceback, and nothing written."""
    before = _written(bad_files) - {"d.sqlite"}
    result = runner.invoke(app, _argv(template, bad_files))
    assert result.exception is None or isinstance(result.exception, SystemExit), _short(
        f"{case}: {type(result.exception).__name__}: {result.exception}"
    )
    assert result.exit_code == 2, _short(result.output)
    assert "Traceback" not in result.output
    assert "error:" in result.stderr.lower(), _short(
        f"{case}: exit 2 without a message: {result.stderr}"
    )
    assert _written(bad_files) - {"d.sqlite"} == before, f"{case}: wrote a file"
    assert _datasets(bad_files) == [], f"{case}: stored a dataset"


@pytest.mark.parametrize(
    "template",
    [
        ["regions", "show", "{latin1.txt}"],
        ["scenario", "check", "{name_array.toml}"],
        ["scenario", "run", "ZK24", str(SCENARIO), "--seed", "-1"],
    ],
    ids=["region file", "scenario file", "seed"],
)
def test_bad_input_with_json_is_the_one_error_shape(template: list[str], bad_files: Path) -> None:
    result = runner.invoke(app, [*_argv(template, bad_files), "--json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and error["message"]


def test_a_latin1_region_file_names_file_line_and_encoding(bad_files: Path) -> None:
    result = runner.invoke(app, ["regions", "show", str(bad_files / "latin1.txt")])
    assert result.exit_code == 2
    assert f"{bad_files / 'latin1.txt'}:2: the region file is not UTF-8" in result.stderr


def test_a_scenario_initiative_name_must_be_a_string(bad_files: Path) -> None:
    result = runner.invoke(app, ["scenario", "check", str(bad_files / "name_table.toml")])
    assert result.exit_code == 2
    assert "name_table.toml:4: initiative[0].name: must be an initiative's name" in result.stderr


@pytest.mark.parametrize("seed", ["-1", str(SEED_MAX + 1)])
def test_every_seed_option_allows_0_to_2_32_minus_1(seed: str) -> None:
    result = runner.invoke(app, ["workforce", "project", "--draws", "10", "--seed", seed])
    assert result.exit_code == 2
    assert f"--seed {seed} out of range; allowed: 0..{SEED_MAX}" in result.stderr


def test_the_seed_setting_has_the_options_range(monkeypatch: pytest.MonkeyPatch) -> None:
    """REGIOPLAN_SEED=-1 is exit 2 through the CLI; SEED_MAX is the setting's maximum too."""
    from regioplan.settings import SETTINGS

    assert SETTINGS["seed"].parse("seed", SEED_MAX) == SEED_MAX
    monkeypatch.setenv("REGIOPLAN_SEED", "-1")
    result = runner.invoke(app, ["scenario", "run", "ZK24", str(SCENARIO), "--draws", "10"])
    assert result.exit_code == 2
    assert "REGIOPLAN_SEED" in result.stderr


def test_a_long_region_name_is_an_unknown_region_not_a_file_error() -> None:
    result = runner.invoke(app, ["regions", "show", "Rotterdamm" + "m" * 300, "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["type"] == "UnknownRegionError"


def test_check_seed_keeps_the_range_and_none() -> None:
    from regioplan.cli_support import check_seed

    assert [check_seed(None), check_seed(0), check_seed(SEED_MAX)] == [None, 0, SEED_MAX]
