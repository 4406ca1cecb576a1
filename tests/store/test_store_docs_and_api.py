"""The public API is what we mean it to be, and docs/import.md agrees with the code."""

from __future__ import annotations

import csv
import doctest
import re
from pathlib import Path

import regioplan.regions.owndata
import regioplan.store
import regioplan.store.clock
import regioplan.store.database
import regioplan.store.owndata
import regioplan.store.providers
import regioplan.store.registry
from regioplan.data import municipalities
from regioplan.store import COLUMNS, PROVIDER_COLUMNS, open_store
from regioplan.store.cli import app

ROOT = Path(__file__).parents[2]
DOC = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "examples" / "providers_waardenland.csv"
MUNICIPALITIES = municipalities()


def section(title: str) -> str:
    start = DOC.index(f"\n{title}\n")
    end = DOC.find("\n#", start + len(title) + 2)
    return DOC[start : end if end > 0 else None]


def test_exported_names() -> None:
    """The database core, the provider import and the own-data loader; nothing else."""
    assert sorted(regioplan.store.__all__) == sorted(
        [
            # database core
            "CAPABILITIES",
            "Base",
            "Capability",
            "Clock",
            "Database",
            "FixedClock",
            "SystemClock",
            "default_database_exists",
            "default_database_path",
            "metadata",
            "open_database",
            # the provider import
            "COLUMNS",
            "KINDS",
            "PROVIDER_COLUMNS",
            "STAFF",
            "ColumnSpec",
            "DatasetInfo",
            "ImportReport",
            "Store",
            "open_store",
            # a region's own data
            "OwnData",
            "OwnDataset",
            "load_own_data",
        ]
    )


def test_the_database_core_is_documented() -> None:
    """docs/database.md names every public name of the core and of Database."""
    text = (ROOT / "docs" / "database.md").read_text(encoding="utf-8")
    core = ["CAPABILITIES", "Base", "Capability", "Clock", "Database", "FixedClock"]
    core += ["SystemClock", "default_database_exists", "default_database_path", "metadata"]
    core += ["open_database", "alembic_config", "BUSY_TIMEOUT_MS", "NAMING_CONVENTION"]
    methods = [m for m in vars(regioplan.store.Database) if not m.startswith("_")]
    missing = [n for n in core + [f"Database.{m}" for m in methods] if f"{n}" not in text]
    assert missing == []


def test_docstring_examples_run() -> None:
    for module in (
        regioplan.store,
        regioplan.store.clock,
        regioplan.store.database,
        regioplan.store.owndata,
        regioplan.store.providers,
        regioplan.store.registry,
        regioplan.regions.owndata,
    ):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_every_import_column_is_documented_and_nothing_else() -> None:
    """The Columns table lists exactly the columns of the schema registry."""
    table = section("### Columns")
    documented = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            documented |= set(re.findall(r"`([a-z0-9_]+)`", first_cell))
    assert documented == {c.name for c in COLUMNS}


def test_documented_provider_columns_match_the_api() -> None:
    api = section("## API for other packages")
    order = re.search(r"The column order is `(.*?)`,\s+then `(.*?)`", api, re.S)
    assert order is not None
    listed = [c.strip() for part in order.groups() for c in part.replace("\n", " ").split(",")]
    assert listed == list(PROVIDER_COLUMNS[: len(listed)])
    assert len(listed) == 20
    for col in PROVIDER_COLUMNS:
        if not col.startswith(("so_", "avg_", "np_", "pa_", "gp_")) or col.endswith(("_fte",)):
            continue
        assert col in api or re.sub(r"^(gp|so|avg|np|pa)_", "<p>_", col) in api, col


def test_documented_commands_exist() -> None:
    names = {cmd.name for cmd in app.registered_commands}
    assert names == {"import", "list", "remove"}
    for name in names:
        assert f"regioplan data {name}" in DOC


def test_the_example_is_marked_as_example_and_valid() -> None:
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 21 and all(r["name"].startswith("Voorbeeld ") for r in rows)
    assert "**example, not real data**" in DOC
    zk24 = set(MUNICIPALITIES.index[MUNICIPALITIES["zorgkantoor_code"] == "ZK24"])
    with open_store("sqlite://") as store:
        report = store.import_file(EXAMPLE)
    assert report.dataset.rows == 21 and set(report.dataset.municipalities) <= zk24
