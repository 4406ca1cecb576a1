"""Monitoring of placement: time to placement, share placed within 24 hours, requests not placed
by reason, occupancy and staleness, per region and per organisation, for a period.

Pure: :func:`summarise` takes the facts the service read in one transaction. No Dutch baseline
for time to placement is published; these figures are the region's own, measured.

Definitions (for requests submitted in the period ``[start, end)``):

- *time to placement*: from submission to admission, in hours (median and 90th percentile of
  the placed requests, linear interpolation between order statistics);
- *share placed within 24 h*: placed within 24 hours of submission, divided by the requests
  whose outcome within 24 hours is known (placed, closed, or submitted at least 24 hours ago);
- *not placed by reason*: closed without placement, counted by reason; ``open`` counts those
  still open;
- *occupancy*: occupied / staffed beds of the current figures (not of the period: figures are
  kept as last confirmed), with the share of figures that are stale now.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DAY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class RequestFact:
    """What monitoring needs of one request (nothing that points to a patient)."""

    region: str
    organisation_id: int
    organisation: str
    created_at: dt.datetime
    state: str
    placed_at: dt.datetime | None
    close_reason: str | None


@dataclass(frozen=True)
class CapacityFact:
    """One current capacity figure."""

    region: str
    organisation_id: int
    organisation: str
    staffed: int
    occupied: int
    stale: bool


@dataclass(frozen=True)
class MonitoringRow:
    """The figures of one region or organisation for the period."""

    level: str
    key: str
    name: str
    requests: int
    placed: int
    open: int
    hours_to_placement_median: float | None
    hours_to_placement_p90: float | None
    placed_within_24h: int
    known_within_24h: int
    share_within_24h: float | None
    not_placed: dict[str, int]
    staffed_beds: int
    occupied_beds: int
    occupancy: float | None
    figures: int
    stale_figures: int
    share_stale: float | None


@dataclass(frozen=True)
class Monitoring:
    """Monitoring of a period: one row per region, then per organisation."""

    start: dt.datetime | None
    end: dt.datetime | None
    region: str | None
    generated_at: dt.datetime
    rows: list[MonitoringRow] = field(default_factory=list)


def quantile(values: Sequence[float], q: float) -> float | None:
    """The `q` quantile of `values` (linear between order statistics); None when empty.

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.5
    """
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _row(
    level: str,
    key: str,
    name: str,
    facts: Sequence[RequestFact],
    figures: Sequence[CapacityFact],
    now: dt.datetime,
) -> MonitoringRow:
    hours = [
        (f.placed_at - f.created_at).total_seconds() / 3600
        for f in facts
        if f.state == "admitted" and f.placed_at is not None
    ]
    within = sum(1 for h in hours if h <= 24)
    known = sum(1 for f in facts if f.state in ("admitted", "closed") or now - f.created_at >= DAY)
    not_placed: dict[str, int] = {}
    for f in facts:
        if f.state == "closed":
            reason = f.close_reason or "unknown"
            not_placed[reason] = not_placed.get(reason, 0) + 1
    staffed = sum(c.staffed for c in figures)
    occupied = sum(c.occupied for c in figures)
    stale = sum(1 for c in figures if c.stale)
    median = quantile(hours, 0.5)
    p90 = quantile(hours, 0.9)
    return MonitoringRow(
        level=level,
        key=key,
        name=name,
        requests=len(facts),
        placed=len(hours),
        open=sum(1 for f in facts if f.state not in ("admitted", "closed")),
        hours_to_placement_median=None if median is None else round(median, 2),
        hours_to_placement_p90=None if p90 is None else round(p90, 2),
        placed_within_24h=within,
        known_within_24h=known,
        share_within_24h=round(within / known, 4) if known else None,
        not_placed=dict(sorted(not_placed.items())),
        staffed_beds=staffed,
        occupied_beds=occupied,
        occupancy=round(occupied / staffed, 4) if staffed else None,
        figures=len(figures),
        stale_figures=stale,
        share_stale=round(stale / len(figures), 4) if figures else None,
    )


def summarise(
    facts: Iterable[RequestFact],
    figures: Iterable[CapacityFact],
    *,
    now: dt.datetime,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    region: str | None = None,
) -> Monitoring:
    """Monitoring rows per region and per organisation of the requests submitted in
    ``[start, end)`` (open ends: everything) and the current capacity figures."""
    chosen = [
        f
        for f in facts
        if (start is None or f.created_at >= start)
        and (end is None or f.created_at < end)
        and (region is None or f.region == region)
    ]
    current = [c for c in figures if region is None or c.region == region]
    rows: list[MonitoringRow] = []
    for code in sorted({f.region for f in chosen} | {c.region for c in current}):
        rows.append(
            _row(
                "region",
                code,
                code,
                [f for f in chosen if f.region == code],
                [c for c in current if c.region == code],
                now,
            )
        )
    names = {f.organisation_id: f.organisation for f in chosen}
    names.update({c.organisation_id: c.organisation for c in current})
    for org_id in sorted(names, key=lambda i: (names[i], i)):
        rows.append(
            _row(
                "organisation",
                str(org_id),
                names[org_id],
                [f for f in chosen if f.organisation_id == org_id],
                [c for c in current if c.organisation_id == org_id],
                now,
            )
        )
    return Monitoring(start=start, end=end, region=region, generated_at=now, rows=rows)


CSV_COLUMNS: tuple[str, ...] = (
    "period_start",
    "period_end",
    "level",
    "key",
    "name",
    "requests",
    "placed",
    "open",
    "hours_to_placement_median",
    "hours_to_placement_p90",
    "placed_within_24h",
    "known_within_24h",
    "share_within_24h",
    "not_placed",
    "staffed_beds",
    "occupied_beds",
    "occupancy",
    "figures",
    "stale_figures",
    "share_stale",
)
"""Columns of the CSV export, in order."""


def to_csv(report: Monitoring) -> str:
    """`report` as CSV (comma separated, decimal point, UTF-8); ``not_placed`` as
    ``reason=count`` pairs separated by ``;``; empty cells for figures that do not exist."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.rows:
        values = {
            "period_start": report.start.isoformat() if report.start else "",
            "period_end": report.end.isoformat() if report.end else "",
            "not_placed": ";".join(f"{k}={v}" for k, v in r.not_placed.items()),
        }
        row = []
        for column in CSV_COLUMNS:
            if column in values:
                row.append(values[column])
            else:
                value = getattr(r, column)
                row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue()


__all__ = [
    "CSV_COLUMNS",
    "CapacityFact",
    "Monitoring",
    "MonitoringRow",
    "RequestFact",
    "quantile",
    "summarise",
    "to_csv",
]
