"""`regioplan initiatives registry ...`, `regioplan scan` and `regioplan vision` from the command
line: JSON on stdout, errors naming file and line, exit codes, bad input changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.initiatives.registry_files import bundled_registry
from regioplan.report.render import find_chromium

runner = CliRunner()

EXAMPLE = {
    "id": "cli-example-test",
    "name": "CLI example (test data, not a real initiative)",
    "municipalities": ["GM0687"],
    "type": "regional_outpatient_clinic",
    "domains": ["disability_care"],
    "stage": "pilot",
    "test_data": True,
}


def write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(
        json.dumps({"schema": "regioplan.initiatives.registry/1", "initiatives": records}, indent=2)
    )
    return path


def test_registry_list_and_filters() -> None:
    result = runner.invoke(app, ["initiatives", "registry", "list", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["count"] == len(bundled_registry())
    zeeland = runner.invoke(
        app, ["initiatives", "registry", "list", "--region", "ZK27", "--type", "other", "--json"]
    )
    ids = {r["id"] for r in json.loads(zeeland.stdout)["initiatives"]}
    assert "zeeland-vakantiedokter" in ids and "zeeland-gp-training" not in ids
    bad = runner.invoke(app, ["initiatives", "registry", "list", "--stage", "done", "--json"])
    assert bad.exit_code == 2
    assert json.loads(bad.stdout)["error"]["type"] == "ParameterError"


def test_registry_show_text_and_json() -> None:
    shown = runner.invoke(app, ["initiatives", "registry", "show", "fryslan-gp-shortage-plan"])
    assert shown.exit_code == 0, shown.output
    assert "11huisartsen" in shown.stdout and "Source:" in shown.stdout
    # square brackets in the data are text, not Rich markup (they used to vanish)
    assert "[retrieved 2026-12-03]" in shown.stdout
    as_json = runner.invoke(
        app, ["initiatives", "registry", "show", "leudal-welzijn-op-recept", "--json"]
    )
    doc = json.loads(as_json.stdout)
    assert doc["bottlenecks"][0]["code"] == "room_in_rules"
    missing = runner.invoke(app, ["initiatives", "registry", "show", "nope", "--json"])
    assert missing.exit_code == 2


def test_import_validates_all_or_nothing(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    good = write(tmp_path / "good.json", [EXAMPLE])
    result = runner.invoke(
        app, ["initiatives", "registry", "import", str(good), "--into", str(mine), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 1
    before = mine.read_text()
    bad = write(
        tmp_path / "bad.json",
        [{**EXAMPLE, "id": "second-example-test"}, {**EXAMPLE, "id": "x-test", "stage": "soon"}],
    )
    failed = runner.invoke(
        app, ["initiatives", "registry", "import", str(bad), "--into", str(mine), "--json"]
    )
    assert failed.exit_code == 2
    error = json.loads(failed.stdout)["error"]
    [problem] = error["problems"]
    assert problem["source"].endswith("bad.json") and problem["field"] == "initiatives[1].stage"
    starts = [i for i, t in enumerate(bad.read_text().splitlines(), 1) if t == "    {"]
    assert problem["line"] == starts[1]  # where the second record begins
    assert mine.read_text() == before  # nothing changed
    again = runner.invoke(
        app, ["initiatives", "registry", "import", str(good), "--into", str(mine), "--json"]
    )
    message = json.loads(again.stdout)["error"]["message"]
    assert again.exit_code == 2 and "already in another registry: 'cli-example-test'" in message


def test_import_refuses_an_id_of_the_bundled_registry(tmp_path: Path) -> None:
    clash = write(tmp_path / "clash.json", [{**EXAMPLE, "id": "zeeland-gp-training"}])
    result = runner.invoke(
        app,
        ["initiatives", "registry", "import", str(clash), "--into", str(tmp_path / "m.json")],
    )
    assert result.exit_code == 2
    assert not (tmp_path / "m.json").exists()


def test_export_csv_and_json_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    result = runner.invoke(app, ["initiatives", "registry", "export", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == "csv"
    mine = tmp_path / "copy.json"
    imported = runner.invoke(
        app,
        ["initiatives", "registry", "import", str(out), "--into", str(mine), "--json"],
    )
    # the bundled ids are taken, so importing a copy of them is refused, naming the clash
    assert imported.exit_code == 2
    from regioplan.initiatives.registry_files import parse_csv

    assert parse_csv(out.read_text(), source=str(out)) == bundled_registry()
    to_stdout = runner.invoke(app, ["initiatives", "registry", "export"])
    assert json.loads(to_stdout.stdout)["initiatives"][0]["id"] == bundled_registry()[0].id


def test_a_user_file_joins_the_scan_and_list(tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.json", [EXAMPLE])
    listed = runner.invoke(app, ["initiatives", "registry", "list", "--file", str(mine), "--json"])
    assert json.loads(listed.stdout)["count"] == len(bundled_registry()) + 1


@pytest.fixture(scope="module")
def scan_doc() -> dict[str, object]:
    result = runner.invoke(app, ["scan", "ZK24", "--seed", "7", "--no-own-data", "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


def test_scan_json(scan_doc: dict[str, object]) -> None:
    assert scan_doc["region"] == {"code": "ZK24", "name": "Waardenland", "level": "zorgkantoor"}
    ranking = scan_doc["ranking"]
    assert isinstance(ranking, list) and len(ranking) == 12
    assert set(scan_doc) >= {"gaps", "bottlenecks", "similar_regions", "elsewhere", "own", "method"}


def test_scan_bad_input() -> None:
    unknown = runner.invoke(app, ["scan", "Atlantis", "--json"])
    assert unknown.exit_code == 2
    assert json.loads(unknown.stdout)["error"]["type"] == "UnknownRegionError"
    draws = runner.invoke(app, ["scan", "ZK24", "--draws", "0", "--json"])
    assert draws.exit_code == 2


def test_vision_html_from_a_choice_file(tmp_path: Path) -> None:
    choice = tmp_path / "choice.txt"
    choice.write_text("# onze keuze\nshared_anw_service\nregional_training\n")
    out = tmp_path / "visie.html"
    result = runner.invoke(
        app,
        [
            "vision",
            "ZK24",
            "--choose",
            str(choice),
            "--out",
            str(out),
            "--no-pdf",
            "--seed",
            "7",
            "--no-own-data",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["chosen"] == ["shared_anw_service", "regional_training"]
    html = out.read_text()
    for heading in (
        "Het huidige beeld",
        "De tekorten",
        "Gekozen initiatieven",
        "Verwachte effecten",
        "Knelpunten om te verwachten",
        "Indicatoren om te volgen",
    ):
        assert heading in html
    assert "Gedeelde ANW-dienst" in html and "Concept om mee te beginnen" in html


def test_vision_bad_choice_file_changes_nothing(tmp_path: Path) -> None:
    choice = tmp_path / "choice.txt"
    choice.write_text("regional_training\nmagic\n")
    out = tmp_path / "visie.html"
    result = runner.invoke(
        app, ["vision", "ZK24", "--choose", str(choice), "--out", str(out), "--json"]
    )
    assert result.exit_code == 2
    [problem] = json.loads(result.stdout)["error"]["problems"]
    assert problem["line"] == 2 and problem["source"] == str(choice)
    assert not out.exists()


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (PDF printing)")
def test_vision_pdf_is_a4_in_english(tmp_path: Path) -> None:
    out = tmp_path / "vision.html"
    result = runner.invoke(
        app, ["vision", "ZK24", "--lang", "en", "--out", str(out), "--seed", "7", "--no-own-data"]
    )
    assert result.exit_code == 0, result.output
    pdf = out.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    import re

    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)
    assert boxes and all(
        abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes
    )  # A4 in points
    assert "Expected effects, with uncertainty" in out.read_text()


def test_the_text_list_never_cuts_ids_or_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """On an 80-column terminal every id and type appears whole: `show` and `--type` need them."""
    from regioplan.cli_support import stdout

    monkeypatch.setattr(stdout, "_width", 80)
    listing = runner.invoke(app, ["initiatives", "registry", "list"])
    assert listing.exit_code == 0, listing.output
    for r in bundled_registry():
        assert f" {r.id} " in listing.stdout, r.id
        assert f" {r.type} " in listing.stdout, r.type


def test_vision_without_chromium_says_how_to_skip_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import regioplan.report.render as render

    monkeypatch.setattr(render, "find_chromium", lambda: None)
    out = tmp_path / "v.html"
    result = runner.invoke(app, ["vision", "ZK24", "--out", str(out), "--json"])
    assert result.exit_code == 1
    assert "--no-pdf" in json.loads(result.stdout)["error"]["message"]
    assert not out.exists()
