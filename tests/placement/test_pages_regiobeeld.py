"""The regiobeeld's placement section: present when the placement database holds data of the
region, the service's own monitoring figures, example data said as such, in both languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from conftest import FAST
from regioplan.placement import PlacementService
from regioplan.regiobeeld import Regiobeeld
from regioplan.regiobeeld.placement import placement_section
from regioplan.report import render_sections
from regioplan.store import FixedClock, open_database
from regioplan.web.placement_demo import build_demo

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def test_section_carries_the_services_monitoring_only_where_there_is_data(
    tmp_path: Path, rb: Regiobeeld
) -> None:
    empty = tmp_path / "empty.sqlite"
    open_database(empty).close()
    assert placement_section("ZK24", empty) is None

    clock = FixedClock(NOW)
    db = open_database(tmp_path / "demo.sqlite", clock=clock)
    try:
        build_demo(db, clock, "ZK24", config=FAST)
        section = placement_section("ZK24", db)
        assert section is not None and section.example
        assert placement_section("ZK08", db) is None  # no data of that region
        assert placement_section("GM0505", db) is None  # not a care-office region
        row = next(
            r
            for r in PlacementService(db, FAST).monitoring(None, region="ZK24").rows
            if r.level == "region"
        )
        assert (section.region.requests, section.region.placed) == (row.requests, row.placed)
        assert section.region.hours_median == row.hours_to_placement_median
        assert section.region.not_placed == row.not_placed
        # occupancy and staleness now and over the period since the first capacity report
        assert (section.region.occupancy_now, section.region.occupancy_period) == (
            row.occupancy_now,
            row.occupancy_period,
        )
        assert section.region.share_stale_period == row.share_stale_period
        assert section.region.occupancy_period is not None and section.capacity_to is not None
        assert {o.name for o in section.organisations} >= {"Albert Schweitzer Ziekenhuis"}
    finally:
        db.close()

    shown = dataclasses.replace(rb, placement=section)
    nl = render_sections(shown, "nl", profession="gp")
    assert 'id="placement"' in nl and "Plaatsingscoördinatie" in nl
    assert "Voorbeeldgegevens" in nl and "Niet geplaatst, naar reden" in nl
    assert "Bezetting nu" in nl and "Bezetting over de periode" in nl
    assert f"De periode loopt van de eerste capaciteitsmelding ({section.capacity_from})" in nl
    en = render_sections(shown, "en", profession="gp")
    assert "Placement coordination" in en and "Example data" in en
    assert "Occupancy now" in en and "Stale over the period" in en
    assert 'id="placement"' not in render_sections(rb, "nl", profession="gp")


def test_report_lists_the_section_and_refuses_a_missing_database(
    tmp_path: Path, rb: Regiobeeld
) -> None:
    from typer.testing import CliRunner

    from regioplan.cli import app
    from regioplan.regiobeeld.model import PlacementFigures, PlacementSection
    from regioplan.report import render_html

    figures = PlacementFigures("region", "ZK24", 3, 2, 1, 5.0, 9.0, 1.0, {}, 0.9, 0.0)
    shown = dataclasses.replace(
        rb, placement=PlacementSection(figures, (), "2026-11-19", "2026-12-03 09:00 UTC", False)
    )
    html = render_html(shown, "nl")
    assert 'href="#placement"' in html and 'id="placement"' in html
    assert "Voorbeeldgegevens" not in html.split('id="placement"', 1)[1].split("</section>")[0]

    missing = tmp_path / "none.sqlite"
    result = CliRunner().invoke(
        app, ["report", "ZK24", "--placement-db", str(missing), "--out", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 2 and "--placement-db" in result.output
    assert not missing.exists()
