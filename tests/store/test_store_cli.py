"""`regioplan data import|list|remove`: exit codes, every problem on stderr, JSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.store.cli import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "providers_waardenland.csv"
BAD = "kind,name,pc4\nhospital,A,3311\ngp_practice,B,3311\ngp_practice,,99\n"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_list_remove(db_url: str) -> None:
    code, out, _ = run("import", str(EXAMPLE), "--name", "waardenland-voorbeeld", "--db", db_url)
    assert code == 0
    assert out.startswith(
        "Imported dataset waardenland-voorbeeld: 21 providers in 9 municipalities"
    )
    code, out, _ = run("list", "--db", db_url)
    assert code == 0 and "waardenland-voorbeeld" in out
    code, out, _ = run("remove", "waardenland-voorbeeld", "--db", db_url)
    assert (code, out) == (0, "Removed dataset waardenland-voorbeeld (21 providers).\n")
    code, out, _ = run("list", "--db", db_url)
    assert "No datasets" in out


def test_json_reports(db_url: str) -> None:
    code, out, _ = run("import", str(EXAMPLE), "--db", db_url, "--json")
    report = json.loads(out)
    assert code == 0 and report["replaced"] is False and report["database"].startswith(db_url[:8])
    assert report["dataset"]["name"] == "providers_waardenland"
    assert report["dataset"]["rows"] == 21 and len(report["dataset"]["municipalities"]) == 9
    code, out, _ = run("import", str(EXAMPLE), "--db", db_url, "--json", "--replace")
    assert json.loads(out)["replaced"] is True
    listing = json.loads(run("list", "--db", db_url, "--json")[1])
    assert [d["name"] for d in listing["datasets"]] == ["providers_waardenland"]
    assert set(listing["datasets"][0]) == {
        "name", "source", "format", "sha256", "imported_at", "rows", "columns", "municipalities"
    }  # fmt: skip
    removed = json.loads(run("remove", "providers_waardenland", "--db", db_url, "--json")[1])
    assert removed["removed"]["rows"] == 21


def test_bad_file_exits_2_with_every_problem(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    code, out, err = run("import", str(path), "--db", db_url)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"error: {path}: 2 bad row(s)"
    assert lines[1].startswith(f"{path}:2: kind: unknown kind 'hospital'; allowed: gp_practice")
    assert lines[2:] == [
        f"{path}:4: name: missing",
        f"{path}:4: pc4: expected a 4-digit postcode like 3311, got '99'",
    ]
    assert json.loads(run("list", "--db", db_url, "--json")[1])["datasets"] == []


def test_bad_file_json_error_shape(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    code, out, err = run("import", str(path), "--db", db_url, "--json")
    error = json.loads(out)["error"]
    assert code == 2 and error["type"] == "ValidationError" and error["exit_code"] == 2
    assert error["message"] == f"{path}: 2 bad row(s)"
    assert [(p["line"], p["field"]) for p in error["problems"]] == [
        (2, "kind"),
        (4, "name"),
        (4, "pc4"),
    ]
    assert error["problems"][1] == {
        "source": str(path),
        "line": 4,
        "field": "name",
        "reason": "missing",
    }
    assert "4: name: missing" in err


def test_reimport_without_replace_is_refused(db_url: str) -> None:
    assert run("import", str(EXAMPLE), "--db", db_url)[0] == 0
    code, out, err = run("import", str(EXAMPLE), "--db", db_url, "--json")
    assert code == 2 and "exists already; use --replace" in err
    assert json.loads(out)["error"]["type"] == "InputError"


def test_remove_unknown_dataset(db_url: str) -> None:
    code, _, err = run("remove", "nope", "--db", db_url)
    assert code == 2 and "unknown dataset 'nope'" in err


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "none.csv"), "--db", str(tmp_path / "x.sqlite"))
    assert code == 2 and "none.csv: file not found" in err


def test_default_database_lives_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --db and without a database URL, regioplan.sqlite in `data_dir` is used."""
    monkeypatch.delenv("REGIOPLAN_DATABASE_URL", raising=False)
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path / "data"))
    assert run("import", str(EXAMPLE))[0] == 0
    assert (tmp_path / "data" / "regioplan.sqlite").is_file()


def test_database_url_setting_selects_the_database(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGIOPLAN_DATABASE_URL", db_url)
    monkeypatch.setenv("REGIOPLAN_DATA_DIR", str(tmp_path / "unused"))
    assert run("import", str(EXAMPLE), "--name", "via-url")[0] == 0
    listing = json.loads(run("list", "--json", "--db", db_url)[1])
    assert [d["name"] for d in listing["datasets"]] == ["via-url"]
    assert not (tmp_path / "unused").exists()


def test_db_in_a_missing_directory(tmp_path: Path) -> None:
    code, _, err = run("list", "--db", str(tmp_path / "no" / "such.sqlite"))
    assert code == 2 and "does not exist" in err


def test_the_installed_command_exits_2_on_bad_input(tmp_path: Path) -> None:
    """Through the root `regioplan` entry point, not only this sub-app."""
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", "from regioplan.cli import main; main()", "data", "import",
         str(path), "--db", str(tmp_path / "db.sqlite")],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert f"{path}:4: name: missing" in proc.stderr.splitlines()


def test_one_provider_is_singular(tmp_path: Path) -> None:
    """`1 provider in 1 municipality`, not `1 providers in 1 municipalities`."""
    path = tmp_path / "one.csv"
    path.write_text("kind,name,pc4\ngp_practice,A,3311\n", encoding="utf-8")
    code, out, _ = run("import", str(path), "--db", str(tmp_path / "t.sqlite"))
    assert code == 0
    assert out.startswith("Imported dataset one: 1 provider in 1 municipality (GM0505), from")


def test_importing_the_same_places_twice_is_noted_on_stderr(tmp_path: Path) -> None:
    db = str(tmp_path / "t.sqlite")
    assert run("import", str(EXAMPLE), "--db", db)[0] == 0
    code, out, err = run("import", str(EXAMPLE), "--name", "copy", "--db", db, "--json")
    assert code == 0 and json.loads(out)["overlaps"]["providers_waardenland"][0] == "GM0482"
    assert "note: dataset providers_waardenland also covers 9 municipalities" in " ".join(
        err.split()
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"bad\n", "required column is missing"), (None, "file not found"), (b"\xff\xfe\x00x", "")],
)
def test_a_file_that_fails_before_its_rows_creates_no_database(
    tmp_path: Path, content: bytes | None, said: str
) -> None:
    """A wrong, missing or unreadable file left an empty SQLite file behind (issue #21: bad
    input changes nothing); its header is now read before the database is opened."""
    file = tmp_path / "providers.csv"
    if content is not None:
        file.write_bytes(content)
    db = tmp_path / "new.sqlite"
    result = runner.invoke(app, ["import", str(file), "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert not db.exists() and not list(tmp_path.glob("new.sqlite*"))
