"""`regioplan report --scenario`: the report gains a section comparing scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regioplan.cli import app
from regioplan.output import format_number
from regioplan.scenarios import compare_region

FIXTURES = Path(__file__).parent / "fixtures"
SCENARIOS = [FIXTURES / "anw_and_triage.toml", FIXTURES / "status_quo.toml"]
runner = CliRunner()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    out = tmp_path_factory.mktemp("report") / "rb.html"
    args = ["report", "ZK24", "--out", str(out), "--seed", "7", "--draws", "200", "--json"]
    for path in SCENARIOS:
        args += ["--scenario", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8"), json.loads(result.stdout)


def test_section_shows_the_engine_numbers(report: tuple[str, dict[str, object]]) -> None:
    html, doc = report
    assert '<section id="scenarios">' in html
    assert 'href="#scenarios"' in html
    comparison = compare_region("ZK24", SCENARIOS, draws=200, seed=7)
    rows = comparison.table(2040)  # the report's horizon, the year of its gap charts
    assert len(rows) == 2 * 3
    assert "tekort per beroep in 2040" in html
    for row in rows:
        assert f'<td class="num">{format_number(round(row["p50"], 1), "nl", 1)}</td>' in html
    assert doc["scenarios"] == json.loads(json.dumps(comparison.to_dict()))


def test_without_scenarios_there_is_no_section(tmp_path: Path) -> None:
    out = tmp_path / "rb.html"
    result = runner.invoke(app, ["report", "ZK24", "--out", str(out), "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert 'id="scenarios"' not in out.read_text(encoding="utf-8")


def test_bad_scenario_file_fails_before_the_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[scenario]\nname = "x"\n[[initiative]]\nname = "no_such_initiative"\n', encoding="utf-8"
    )
    out = tmp_path / "rb.html"
    result = runner.invoke(app, ["report", "ZK24", "--out", str(out), "--scenario", str(bad)])
    assert result.exit_code == 2
    assert "bad.toml" in result.output and "no_such_initiative" in result.output
    assert not out.exists()


def test_section_shows_the_dependency_on_one_physician(
    report: tuple[str, dict[str, object]],
) -> None:
    """The scenario results say which initiatives make a small profession less fragile; the
    report showed only the gap table (issue #22 item 3)."""
    from regioplan.scenarios import report_section

    html, _ = report
    section = html[html.index('<section id="scenarios">') :]
    section = section[: section.index("</section>")]
    comparison = compare_region("ZK24", SCENARIOS, draws=200, seed=7)
    dep = report_section(comparison, lang="nl", year=2040)["dependency"]
    assert dep["rows"] and 'class="data scenarios dependency"' in section
    assert f"<caption>{dep['title']}</caption>" in section
    for row in dep["rows"]:
        assert f'<td class="num">{format_number(row["persons_with"], "nl", 1)}</td>' in section
        assert f'<td class="num">{format_number(row["share_with"], "nl", 2)}</td>' in section
