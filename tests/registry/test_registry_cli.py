"""`regioplan initiatives registry ... --db` and `regioplan scan --db`: the shared registry in a
database from the command line; the file-based commands keep working without --db."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.initiatives.registry_files import bundled_registry

runner = CliRunner()

ADD = [
    "--id", "cli-db-test", "--name", "CLI database entry (test data)", "--type",
    "task_reallocation", "--stage", "running", "--since", "2025-09", "--domain", "gp_care",
    "--municipality", "GM0080", "--test-data", "--public",
]  # fmt: skip


def run(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


def test_seed_add_list_show_history_publish_export_import(tmp_path: Path) -> None:
    db = str(tmp_path / "reg.sqlite")
    seeded = run("initiatives", "registry", "seed", "--db", db)
    assert len(seeded["created"]) == len(bundled_registry())  # type: ignore[arg-type]
    assert run("initiatives", "registry", "seed", "--db", db)["created"] == []
    added = run("initiatives", "registry", "add", *ADD, "--db", db)
    assert added["version"] == 1 and added["organisation"] is None
    listed = run("initiatives", "registry", "list", "--region", "ZK08", "--db", db)
    assert "cli-db-test" in [i["id"] for i in listed["initiatives"]]  # type: ignore[attr-defined]
    assert (
        run("initiatives", "registry", "publish", "cli-db-test", "--withdraw", "--db", db)["public"]
        is False
    )
    shown = run("initiatives", "registry", "show", "cli-db-test", "--db", db)
    assert [v["action"] for v in shown["history"]] == ["create", "unpublish"]  # type: ignore[attr-defined]
    hist = run("initiatives", "registry", "history", "cli-db-test", "--db", db)
    assert hist["versions"][1]["changes"] == {"public": {"before": True, "after": False}}  # type: ignore[index]
    out = tmp_path / "all.csv"
    run("initiatives", "registry", "export", "--db", db, "--out", str(out))
    other = str(tmp_path / "other.sqlite")
    imported = run("initiatives", "registry", "import", str(out), "--db", other)
    assert len(imported["created"]) == len(bundled_registry()) + 1  # type: ignore[arg-type]
    again = runner.invoke(app, ["initiatives", "registry", "import", str(out), "--db", other])
    assert again.exit_code == 2 and "already registered" in again.output
    replaced = run("initiatives", "registry", "import", str(out), "--db", other, "--replace")
    assert replaced["created"] == [] and replaced["updated"] == []


def test_bad_input_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "reg.sqlite")
    bad = runner.invoke(
        app,
        ["initiatives", "registry", "add", "--id", "x", "--type", "bogus", "--db", db, "--json"],
    )
    assert bad.exit_code == 2
    fields = [p["field"] for p in json.loads(bad.stdout)["error"]["problems"]]
    assert {"id", "type", "name", "domains", "stage"} <= set(fields)
    assert run("initiatives", "registry", "list", "--db", db)["count"] == 0
    unknown_org = runner.invoke(
        app, ["initiatives", "registry", "add", *ADD, "--org", "Nobody", "--db", db, "--json"]
    )
    assert unknown_org.exit_code == 2 and "no such organisation" in unknown_org.stdout
    neither = runner.invoke(app, ["initiatives", "registry", "import", str(tmp_path / "f.json")])
    assert neither.exit_code == 2


def test_the_file_commands_still_work_without_db() -> None:
    doc = run("initiatives", "registry", "list")
    assert doc["count"] == len(bundled_registry())


def _choice(tmp_path: Path) -> Path:
    path = tmp_path / "choice.txt"
    path.write_text("task_reallocation\n", encoding="utf-8")
    return path


def test_scan_reads_the_registry_in_the_database(tmp_path: Path) -> None:
    """An initiative added to the database shows in another region's scan, under its type, and
    in its vision draft."""
    db = str(tmp_path / "reg.sqlite")
    run("initiatives", "registry", "add", *ADD, "--db", db)  # runs in Friesland (ZK08)
    doc = run("scan", "ZK24", "--db", db, "--draws", "50", "--no-own-data", "--horizon", "2035")
    assert doc["registry_size"] == 1
    found = [e["id"] for e in doc["elsewhere"]["task_reallocation"]]  # type: ignore[index]
    assert found == ["cli-db-test"]
    vision = run(
        "vision", "ZK24", "--db", db, "--draws", "50", "--no-own-data", "--horizon", "2035",
        "--no-pdf", "--out", str(tmp_path / "visie.html"), "--choose", str(_choice(tmp_path)),
    )  # fmt: skip
    assert vision["scan"]["registry_size"] == 1  # type: ignore[index]
    assert "CLI database entry" in (tmp_path / "visie.html").read_text(encoding="utf-8")
    run("initiatives", "registry", "publish", "cli-db-test", "--withdraw", "--db", db)
    hidden = run("scan", "ZK24", "--db", db, "--draws", "50", "--no-own-data", "--horizon", "2035")
    assert hidden["registry_size"] == 0  # the scan shows public entries only
