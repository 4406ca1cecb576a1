"""The overview pages every role reads: availability, audit, monitoring, and the live stream.

- ``/placement/availability`` shows the capacity figures of the region (every region for the
  administrator), stale figures flagged.
- ``/placement/audit`` shows the latest :data:`AUDIT_SHOWN` audit rows the user may read, each
  summed up in a few words (:func:`audit_summary`).
- ``/placement/monitoring`` shows time to placement, the share placed within 24 hours, requests
  not placed by reason, occupancy and staleness over a period (``?start=&end=``, dates), with a
  CSV download (``/placement/monitoring.csv``).
- ``/placement/live`` is a server-sent-events stream of the database's change feed
  (:class:`regioplan.web.placement_live.LiveHub`: one waiter per process, so a change made
  through another server process arrives too); on a change a page fetches itself and swaps its
  ``data-live`` parts. Without JavaScript the pages work as plain forms.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' Annotated parameters
import datetime as dt
from inspect import signature
from typing import Annotated, Any
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse

from regioplan.errors import ParameterError, RegioplanError
from regioplan.placement import User
from regioplan.placement.auth import SESSION_COOKIE
from regioplan.web.placement_common import PREFIX, Pages, must_change
from regioplan.web.placement_live import LiveHub
from regioplan.web.placement_texts import term, translator

AUDIT_SHOWN = 200
"""Audit rows the audit page shows (the latest)."""


def _date_param(name: str, raw: str | None) -> dt.date | None:
    """Query parameter `name` as a date (None when absent; a clear error when not a date)."""
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ParameterError(f"{name} {raw!r} is not a date (YYYY-MM-DD)") from exc


def availability_page(pages: Pages, request: Request, user: User) -> HTMLResponse:
    """The capacity figures of `user`'s region (every region for the administrator)."""
    region = None if user.role == "administrator" else user.region
    figures = pages.service.availability(user, region=region)
    return pages.render(
        request,
        "availability.html",
        user,
        self_path=f"{PREFIX}/availability",
        figures=figures,
    )


def audit_page(pages: Pages, request: Request, user: User) -> HTMLResponse:
    """The latest :data:`AUDIT_SHOWN` audit rows `user` may read, newest first."""
    if "newest_first" in signature(pages.service.audit_log).parameters:
        # one query however long the audit is
        rows: list[Any] = pages.service.audit_log(
            user,
            limit=AUDIT_SHOWN,
            newest_first=True,  # type: ignore[call-arg,unused-ignore]
        )
    else:  # a service without newest_first: page forward, keep the latest
        rows = []
        after = 0
        for _ in range(50):  # at most 50,000 rows are read
            batch = pages.service.audit_log(user, after_id=after, limit=1000)
            if not batch:
                break
            rows = (rows + batch)[-AUDIT_SHOWN:]
            after = batch[-1].id
            if len(batch) < 1000:
                break
        rows.reverse()
    return pages.render(
        request,
        "audit.html",
        user,
        self_path=f"{PREFIX}/audit",
        rows=rows,
        shown=AUDIT_SHOWN,
        summary=audit_summary,
    )


def monitoring_page(
    pages: Pages,
    request: Request,
    user: User,
    start: str | None,
    end: str | None,
) -> HTMLResponse:
    """The monitoring of `user`'s region (all for the administrator) from `start` to `end`."""
    error: RegioplanError | None = None
    report = None
    try:
        first, last = _date_param("start", start), _date_param("end", end)
        if first is not None and last is not None and last < first:
            raise ParameterError(f"end {last} lies before start {first}")
        region = None if user.role == "administrator" else user.region
        report = pages.service.monitoring(user, start=first, end=last, region=region)
    except ParameterError as exc:
        error = exc
    query = urlencode({k: v for k, v in (("start", start), ("end", end)) if v})
    return pages.render(
        request,
        "monitoring.html",
        user,
        self_path=f"{PREFIX}/monitoring" + (f"?{query}" if query else ""),
        status=422 if error else 200,
        error=error,
        report=report,
        start=start or "",
        end=end or "",
        csv_url=f"{PREFIX}/monitoring.csv" + (f"?{query}" if query else ""),
    )


def audit_summary(entry: Any, lang: str) -> str:
    """What changed in an audit row, in a few words (states, counts, reasons)."""
    parts: list[str] = []
    after = entry.after or {}
    before = entry.before or {}
    if "state" in after:
        old = before.get("state")
        parts.append((f"{term(lang, old)} → " if old else "") + term(lang, str(after["state"])))
    if "bed_type" in after and "staffed" in after:
        t = translator(lang)
        parts.append(
            f"{term(lang, str(after['bed_type']))}: {t('cap.physical').lower()} "
            f"{after.get('physical')}, {t('cap.staffed').lower()} {after.get('staffed')}, "
            f"{t('cap.occupied').lower()} {after.get('occupied')}"
        )
    for key in ("reason", "close_reason"):
        if after.get(key):
            parts.append(term(lang, str(after[key])))
    if "bed_unit" in after:
        parts.append(str(after["bed_unit"]))
    return "; ".join(parts)


def add_routes(r: APIRouter, pages: Pages) -> None:
    """Add the overview pages and the live stream to `r`."""
    service = pages.service
    hub = LiveHub(service)

    @r.get(f"{PREFIX}/availability")
    def availability(request: Request) -> Response:
        return pages.page(request, lambda user: availability_page(pages, request, user))

    @r.get(f"{PREFIX}/audit")
    def audit(request: Request) -> Response:
        return pages.page(request, lambda user: audit_page(pages, request, user))

    @r.get(f"{PREFIX}/monitoring")
    def monitoring(
        request: Request,
        start: Annotated[str | None, Query(max_length=20)] = None,
        end: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        return pages.page(request, lambda user: monitoring_page(pages, request, user, start, end))

    @r.get(f"{PREFIX}/monitoring.csv")
    def monitoring_csv(
        request: Request,
        start: Annotated[str | None, Query(max_length=20)] = None,
        end: Annotated[str | None, Query(max_length=20)] = None,
    ) -> Response:
        def build(user: User) -> Response:
            first, last = _date_param("start", start), _date_param("end", end)
            if first is not None and last is not None and last < first:
                raise ParameterError(f"end {last} lies before start {first}")
            region = None if user.role == "administrator" else user.region
            text = service.monitoring_csv(user, start=first, end=last, region=region)
            name = f"plaatsing-monitoring-{region or 'NL'}.csv"
            return Response(
                text,
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )

        return pages.page(request, build)

    # ------------------------------------------------------------------ live

    @r.get(f"{PREFIX}/live")
    async def live(
        request: Request,
        after: Annotated[int | None, Query(ge=0, le=2**63 - 1)] = None,
    ) -> Response:
        user = await anyio.to_thread.run_sync(pages.user_of, request)
        if user is None:
            return PlainTextResponse("not signed in", status_code=401)
        if must_change(user):
            return PlainTextResponse("change your one-time password first", status_code=403)
        header = request.headers.get("last-event-id", "")
        start_id = int(header) if header.isdigit() else after
        if start_id is None:
            start_id = await anyio.to_thread.run_sync(service.last_event_id)
        return StreamingResponse(
            hub.stream(request.cookies.get(SESSION_COOKIE, ""), user, start_id),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )


__all__ = [
    "AUDIT_SHOWN",
    "add_routes",
    "audit_page",
    "audit_summary",
    "availability_page",
    "monitoring_page",
]
