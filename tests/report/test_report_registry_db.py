"""`regioplan report --registry-db`: "Wat werkt elders" from the public entries of a shared
registry database (as `regioplan scan --db`), not the bundled registry; a database that cannot be
one is refused with exit 2 before the long work, and no empty database is created."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.initiatives.registry import InitiativeRecord
from regioplan.registry import OPERATOR, RegistryService
from regioplan.store import open_database

runner = CliRunner()


def _entry(record_id: str, *, public: bool) -> InitiativeRecord:
    """A test entry (never ships) of regional training in Friesland (GM0080), outside ZK24."""
    return InitiativeRecord.model_validate(
        {
            "id": record_id,
            "name": f"Shared registry entry {record_id} (test data)",
            "municipalities": ["GM0080"],
            "type": "regional_training",
            "domains": ["gp_care"],
            "stage": "running",
            "stage_history": [{"stage": "running", "since": "2025-09"}],
            "results": [
                {
                    "indicator": "GP trainees placed",
                    "value": 6.0,
                    "unit": "fte",
                    "date": "2026",
                    "source": "https://example.org/registry-db-result",
                    "profession": "gp",
                }
            ],
            "sources": [
                {
                    "url": f"https://example.org/{record_id}",
                    "title": "Test source",
                    "retrieved": "2026-12-01",
                }
            ],
            "public": public,
            "test_data": True,
        }
    )


def _invoke(*args: str) -> Any:
    return runner.invoke(app, ["report", *args])


def test_the_section_comes_from_the_database_s_public_entries(tmp_path: Path) -> None:
    """Without --elsewhere too (the option implies it): the database's one public entry is the
    registry, its private one is not shown, and the section says where its entries come from."""
    db_path = tmp_path / "registry.sqlite"
    database = open_database(db_path)
    try:
        registry = RegistryService(database)
        registry.create(OPERATOR, _entry("shared-public", public=True))
        registry.create(OPERATOR, _entry("shared-private", public=False))
    finally:
        database.close()
    out = tmp_path / "r.html"
    result = _invoke(
        "ZK24", "--registry-db", str(db_path), "--out", str(out), "--json",
        "--ooh-replications", "0", "--no-own-data",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    section = json.loads(result.stdout)["elsewhere"]
    assert section["registry"] == "database" and section["registry_size"] == 1
    assert [x["id"] for x in section["examples"]] == ["shared-public"]
    example = section["examples"][0]
    assert example["region"] == "ZK08" and example["source"] == "https://example.org/shared-public"
    html = out.read_text(encoding="utf-8")
    assert 'id="elsewhere"' in html and 'href="#elsewhere"' in html
    assert "de openbare initiatieven van het gedeelde register (in totaal 1)" in html
    assert "Shared registry entry shared-public" in html
    assert "shared-private" not in html
    assert "Regionaal opleiden van huisartsen in de Kop" not in html  # nothing bundled


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("missing.sqlite", "--registry-db missing.sqlite: no such database file"),
        ("sqlite:///{tmp}/missing.sqlite", "no such database file"),
        ("nosuch://somewhere/x", "--registry-db: invalid database URL 'nosuch://somewhere/x'"),
        ("postgresql+psycopg://u@127.0.0.1:notaport/x", "--registry-db postgresql+psycopg"),
        ("sqlite://", "an in-memory database holds no data"),
    ],
)
def test_a_bad_database_is_refused_with_exit_2_before_the_work(
    tmp_path: Path, value: str, says: str
) -> None:
    value = value.format(tmp=tmp_path)
    out = tmp_path / "r.html"
    result = _invoke("ZK24", "--registry-db", value, "--out", str(out))
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split())
    assert not out.exists() and not (tmp_path / "missing.sqlite").exists()
    assert not Path("missing.sqlite").exists()  # no empty database made in the working folder
    as_json = _invoke("ZK24", "--registry-db", value, "--out", str(out), "--json")
    error = json.loads(as_json.stdout)["error"]
    assert error["exit_code"] == 2 and error["type"] == "InputError"


def test_the_option_says_what_it_does() -> None:
    import click
    import typer

    root = typer.main.get_command(app)
    command = root.get_command(click.Context(root), "report")  # type: ignore[attr-defined]
    (option,) = [p for p in command.params if "--registry-db" in p.opts]
    assert "public entries" in option.help and "implies --elsewhere" in option.help
