"""The regiobeeld's section on regional placement coordination (issue #18): the monitoring of
the region's placement service -- time from request to placement, the share placed within 24
hours, requests not placed by reason, occupancy and stale availability (now, and over the
period since the region's first capacity report) -- when the given database holds placement
data for the region.

The figures are the service's own (:meth:`regioplan.placement.PlacementService.monitoring`),
read as the operator (no user); no Dutch baseline for time to placement is published, so the
section gives the region's own figures without a norm. When any organisation of the region is
marked as example data (``regioplan placement demo``) the section says so.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from regioplan.regiobeeld.model import PlacementFigures, PlacementSection
from regioplan.store import Database, open_database

if TYPE_CHECKING:
    from regioplan.placement.monitoring import MonitoringRow


def _figures(row: MonitoringRow) -> PlacementFigures:
    return PlacementFigures(
        level=str(row.level),
        name=str(row.name),
        requests=int(row.requests),
        placed=int(row.placed),
        open=int(row.open),
        hours_median=row.hours_to_placement_median,
        hours_p90=row.hours_to_placement_p90,
        share_within_24h=row.share_within_24h,
        not_placed=dict(row.not_placed),
        occupancy_now=row.occupancy_now,
        share_stale_now=row.share_stale_now,
        occupancy_period=row.occupancy_period,
        share_stale_period=row.share_stale_period,
    )


def _minute(at: dt.datetime | None) -> str | None:
    return None if at is None else at.strftime("%Y-%m-%d %H:%M")


def placement_section(
    region_code: str, source: Database | str | os.PathLike[str]
) -> PlacementSection | None:
    """The placement section of care-office region `region_code` from the placement database
    `source` (an open :class:`Database`, a file or a URL), or None when the region has no
    requests and no capacity figures there (or is not a care-office region)."""
    from regioplan.placement import PlacementService
    from regioplan.placement.geography import region_codes
    from regioplan.placement.tables import requests

    if region_code not in region_codes():
        return None
    db = source if isinstance(source, Database) else open_database(source)
    try:
        service = PlacementService(db)
        report = service.monitoring(None, region=region_code)
        rows = [r for r in report.rows if r.requests or r.figures_now or r.figure_hours]
        region_rows = [r for r in rows if r.level == "region" and r.key == region_code]
        if not region_rows:
            return None
        import sqlalchemy as sa

        with db.transaction(write=False) as conn:
            first = conn.execute(
                sa.select(sa.func.min(requests.c.created_at)).where(
                    requests.c.region == region_code
                )
            ).scalar_one()
        example = any(o.example for o in service.organisations() if o.region == region_code)
    finally:
        if not isinstance(source, Database):
            db.close()
    first_day = None
    if isinstance(first, dt.datetime):
        first_day = first.date().isoformat()
    elif first is not None:
        first_day = str(first)[:10]
    return PlacementSection(
        region=_figures(region_rows[0]),
        organisations=tuple(_figures(r) for r in rows if r.level != "region"),
        first_request=first_day,
        generated_at=report.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        example=example,
        capacity_from=_minute(report.capacity_from),
        capacity_to=_minute(report.capacity_to),
    )


__all__ = ["placement_section"]
