"""The regiobeeld: one region's medical-generalist care at a glance, as report and dashboard.

>>> from regioplan.regions import select_region
>>> rb = build_regiobeeld(select_region("ZK24"), horizon=2040, seed=1)
>>> html = render_html(rb, "en")
>>> html.startswith("<!DOCTYPE html>")
True

:func:`build_regiobeeld` computes the numbers (shared with the web dashboard and the JSON API);
:func:`render_html` turns them into one self-contained HTML file; :func:`write_pdf` prints it.
"""

from __future__ import annotations

from regioplan.report.build import STEPS, build_regiobeeld
from regioplan.report.model import (
    Access,
    AccessStats,
    AccessYear,
    AreaValue,
    Centre,
    DistanceTest,
    Missing,
    MunicipalityInfo,
    Ooh,
    Population,
    PopulationYear,
    Regiobeeld,
    Workforce,
    WorkforceYear,
)
from regioplan.report.render import render_html, render_sections, write_pdf
from regioplan.report.summary import bottlenecks, summary

__all__ = [
    "STEPS",
    "Access",
    "AccessStats",
    "AccessYear",
    "AreaValue",
    "Centre",
    "DistanceTest",
    "Missing",
    "MunicipalityInfo",
    "Ooh",
    "Population",
    "PopulationYear",
    "Regiobeeld",
    "Workforce",
    "WorkforceYear",
    "bottlenecks",
    "build_regiobeeld",
    "render_html",
    "render_sections",
    "summary",
    "write_pdf",
]
