"""`regioplan placement demo`: the region's real hospitals, example nursing homes and figures
labelled as examples, a history whose occupancy and staleness over the period are believable,
users who can sign in with the printed one-time passwords."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FAST
from regioplan.cli import app as cli_app
from regioplan.errors import ParameterError
from regioplan.placement import PlacementService, User
from regioplan.regions import select_region
from regioplan.regions.facilities import region_hospitals
from regioplan.store import FixedClock, open_database
from regioplan.web.placement_demo import BED_TYPE_PROFILES, build_demo

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def _demo(path: Path, seed: int = 1) -> tuple[PlacementService, object]:
    clock = FixedClock(NOW)
    db = open_database(path, clock=clock)
    made = build_demo(db, clock, "ZK24", seed=seed, config=FAST)
    assert clock.now() == NOW  # the clock is back at "now"
    return PlacementService(db, FAST), made


def test_demo_uses_the_real_hospitals_and_labels_everything_else_as_example(
    tmp_path: Path,
) -> None:
    service, made = _demo(tmp_path / "demo.sqlite")
    try:
        orgs = service.organisations()
        real = {o.name for o in orgs if not o.example}
        sources = set(region_hospitals(select_region("ZK24"))["hospital_name"].astype(str))
        assert real and real <= sources and real == {o.name for o in orgs if o.kind == "hospital"}
        assert all(o.example for o in orgs if o.kind != "hospital")
        locations = service.locations()
        assert locations and all(loc.example and "voorbeeld" in loc.name for loc in locations)

        admin = service.user("beheerder")
        figures = service.availability(admin, region="ZK24")
        assert len(figures) == made.figures  # type: ignore[attr-defined]
        assert sum(a.stale for a in figures) == 2 and all(a.stale for a in figures[-2:])
        assert all(0 <= a.occupied <= a.staffed <= a.physical for a in figures)

        report = service.monitoring(admin, region="ZK24")
        region_row = next(r for r in report.rows if r.level == "region")
        assert region_row.placed > 0 and region_row.hours_to_placement_median is not None
        # the history is believable over the period too: the occupancy over the 14 days is
        # about the occupancy now and the bed types' usual level, and figures were stale only
        # part of the time (the last hours of each night, a missed round)
        now, period = region_row.occupancy_now, region_row.occupancy_period
        assert now is not None and period is not None and abs(period - now) <= 0.1
        usual = sum(BED_TYPE_PROFILES[a.bed_type].occupancy * a.staffed for a in figures) / sum(
            a.staffed for a in figures
        )
        assert abs(period - usual) <= 0.08, (period, usual)
        stale_share = region_row.share_stale_period
        assert stale_share is not None and 0.05 <= stale_share <= 0.35, stale_share
        assert len(service.list_requests(service.user("coordinator"), states=None)) == (
            made.requests  # type: ignore[attr-defined]
        )

        for c in made.credentials:  # type: ignore[attr-defined]
            assert service.login(c.username, c.password).role == c.role
    finally:
        service.db.close()


def test_demo_is_seeded_and_refuses_a_database_in_use(tmp_path: Path) -> None:
    one, first = _demo(tmp_path / "one.sqlite", seed=3)
    two, second = _demo(tmp_path / "two.sqlite", seed=3)
    try:
        admin1, admin2 = one.user("beheerder"), two.user("beheerder")

        def beds(service: PlacementService, admin: User) -> list[tuple[str, str, int, int]]:
            return [
                (a.location, a.bed_type, a.staffed, a.occupied) for a in service.availability(admin)
            ]

        assert beds(one, admin1) == beds(two, admin2)
        assert one.monitoring(None) == two.monitoring(None)  # the whole history alike
        assert first.requests == second.requests  # type: ignore[attr-defined]
        clock = FixedClock(NOW)
        with pytest.raises(ParameterError, match="already holds organisations"):
            build_demo(one.db, clock, "ZK24", config=FAST)
    finally:
        one.db.close()
        two.db.close()


def test_demo_command_refuses_an_unknown_region_before_creating_anything(tmp_path: Path) -> None:
    target = tmp_path / "demo.sqlite"
    result = CliRunner().invoke(
        cli_app, ["placement", "demo", "ZK99", "--db", str(target), "--no-serve"]
    )
    assert result.exit_code == 2
    assert "ZK99" in result.output and not target.exists()
