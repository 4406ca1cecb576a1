"""Monitoring of placement: time to placement, share placed within 24 hours, requests not placed
by reason, and occupancy and staleness both now and over the period, per region and per
organisation.

Pure: :func:`summarise` takes the facts the service read in one transaction. No Dutch baseline
for time to placement is published; these figures are the region's own, measured.

Definitions (for requests submitted in the period ``[start, end)``):

- *time to placement*: from submission to admission, in hours (median and 90th percentile of
  the placed requests, linear interpolation between order statistics);
- *share placed within 24 h*: placed within 24 hours of submission, divided by the requests
  whose outcome within 24 hours is known (placed, closed, or submitted at least 24 hours ago);
- *not placed by reason*: closed without placement, counted by reason; ``open`` counts those
  still open.

Capacity, per region and per care organisation, over the capacity figures (a location's beds
of one bed type):

- *now*: staffed and occupied beds of the current figures, occupancy = occupied / staffed, and
  the share of the figures that are stale now (last confirmed more than ``stale_after`` ago);
- *over the period*: the figures' step functions rebuilt from the audit log
  (:mod:`regioplan.placement.occupancy`) and integrated over ``[start, end)``, the end capped
  at the time of the report (nothing is known of later); an open start is the first report of
  a figure in the selection. *Occupancy over the period* = occupied bed-hours / staffed
  bed-hours (the time-weighted occupancy); the *mean staffed* and *mean occupied beds* are
  those bed-hours divided by the period's hours (a figure counts from its first report); the
  *share stale over the period* = the figure-hours in which a figure was stale / all
  figure-hours. A figure never reported through the service (no audit row) has no history and
  counts only now.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from regioplan.placement.occupancy import CapacityHistory, CapacityTime, total

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
    """One current capacity figure (as it stands now)."""

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
    staffed_beds_now: int
    occupied_beds_now: int
    occupancy_now: float | None
    figures_now: int
    stale_figures_now: int
    share_stale_now: float | None
    staffed_beds_mean: float | None
    """Staffed beds averaged over the period (None: no period, see Monitoring.capacity_from,
    or no capacity figure in it)."""
    occupied_beds_mean: float | None
    occupancy_period: float | None
    """Occupied bed-hours / staffed bed-hours over the period."""
    figure_hours: float | None
    """Hours the capacity figures existed in the period, summed over the figures."""
    stale_figure_hours: float | None
    share_stale_period: float | None
    """Stale figure-hours / figure-hours over the period."""


@dataclass(frozen=True)
class Monitoring:
    """Monitoring of a period: one row per region, then per organisation."""

    start: dt.datetime | None
    end: dt.datetime | None
    region: str | None
    generated_at: dt.datetime
    rows: list[MonitoringRow] = field(default_factory=list)
    capacity_from: dt.datetime | None = None
    """Where the occupancy and staleness over the period start: `start`, or without one the
    first report of a figure (None: no period, e.g. one that starts after the report)."""
    capacity_to: dt.datetime | None = None
    """Where they end: `end`, capped at `generated_at`."""
    stale_after_hours: float | None = None
    """The age in hours after which a figure is stale."""


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
    period: CapacityTime | None,
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
    if period is not None and not period.figure:
        period = None  # no figure in the period (a referrer): nothing to average
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
        staffed_beds_now=staffed,
        occupied_beds_now=occupied,
        occupancy_now=round(occupied / staffed, 4) if staffed else None,
        figures_now=len(figures),
        stale_figures_now=stale,
        share_stale_now=round(stale / len(figures), 4) if figures else None,
        staffed_beds_mean=None if period is None else _round(period.mean_staffed(), 2),
        occupied_beds_mean=None if period is None else _round(period.mean_occupied(), 2),
        occupancy_period=None if period is None else _round(period.occupancy(), 4),
        figure_hours=None if period is None else round(period.figure_hours(), 2),
        stale_figure_hours=None if period is None else round(period.stale_hours(), 2),
        share_stale_period=None if period is None else _round(period.share_stale(), 4),
    )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def summarise(
    facts: Iterable[RequestFact],
    figures: Iterable[CapacityFact],
    histories: Iterable[CapacityHistory],
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    region: str | None = None,
) -> Monitoring:
    """Monitoring rows per region and per organisation of the requests submitted in
    ``[start, end)`` (open ends: everything), the current capacity `figures`, and the capacity
    `histories` integrated over ``[start, min(end, now))`` (see the module docstring)."""
    if start is not None and end is not None and end < start:
        raise ValueError(f"end ({end.isoformat()}) lies before start ({start.isoformat()})")
    chosen = [
        f
        for f in facts
        if (start is None or f.created_at >= start)
        and (end is None or f.created_at < end)
        and (region is None or f.region == region)
    ]
    current = [c for c in figures if region is None or c.region == region]
    selected = [h for h in histories if region is None or h.region == region]
    firsts = [first for h in selected if (first := h.first) is not None]
    period_to = now if end is None else min(end, now)
    period_from = start if start is not None else min(firsts, default=None)
    if period_from is None or period_from >= period_to:
        period: tuple[dt.datetime, dt.datetime] | None = None
        kept: list[CapacityHistory] = []
    else:
        period = (period_from, period_to)
        kept = [h for h in selected if h.first is not None and h.first < period_to]

    def integrated(selection: Iterable[CapacityHistory]) -> CapacityTime | None:
        if period is None:
            return None
        return total(selection, *period, stale_after=stale_after)

    rows: list[MonitoringRow] = []
    codes = {f.region for f in chosen} | {c.region for c in current} | {h.region for h in kept}
    for code in sorted(codes):
        rows.append(
            _row(
                "region",
                code,
                code,
                [f for f in chosen if f.region == code],
                [c for c in current if c.region == code],
                integrated(h for h in kept if h.region == code),
                now,
            )
        )
    names = {f.organisation_id: f.organisation for f in chosen}
    names.update({h.organisation_id: h.organisation for h in kept})
    names.update({c.organisation_id: c.organisation for c in current})
    for org_id in sorted(names, key=lambda i: (names[i], i)):
        rows.append(
            _row(
                "organisation",
                str(org_id),
                names[org_id],
                [f for f in chosen if f.organisation_id == org_id],
                [c for c in current if c.organisation_id == org_id],
                integrated(h for h in kept if h.organisation_id == org_id),
                now,
            )
        )
    return Monitoring(
        start=start,
        end=end,
        region=region,
        generated_at=now,
        rows=rows,
        capacity_from=None if period is None else period[0],
        capacity_to=None if period is None else period[1],
        stale_after_hours=stale_after / dt.timedelta(hours=1),
    )


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
    "staffed_beds_now",
    "occupied_beds_now",
    "occupancy_now",
    "figures_now",
    "stale_figures_now",
    "share_stale_now",
    "capacity_from",
    "capacity_to",
    "staffed_beds_mean",
    "occupied_beds_mean",
    "occupancy_period",
    "figure_hours",
    "stale_figure_hours",
    "share_stale_period",
    "stale_after_hours",
)
"""Columns of the CSV export, in order: ``*_now`` of the current figures, ``capacity_from``
to ``share_stale_period`` over the period (see the module docstring)."""


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
            "capacity_from": report.capacity_from.isoformat() if report.capacity_from else "",
            "capacity_to": report.capacity_to.isoformat() if report.capacity_to else "",
            "stale_after_hours": ""
            if report.stale_after_hours is None
            else f"{report.stale_after_hours:g}",
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
