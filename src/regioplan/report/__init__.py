"""Rendering of the regiobeeld: one self-contained HTML file, a PDF, and the dashboard's sections.

>>> from regioplan.regions import select_region
>>> from regioplan.regiobeeld import build_regiobeeld
>>> html = render_html(build_regiobeeld(select_region("ZK24"), horizon=2040, seed=1), "en")
>>> html.startswith("<!DOCTYPE html>")
True

The numbers come from :mod:`regioplan.regiobeeld`; this package only turns them into text,
charts and maps in Dutch or English: :func:`render_html` (the report), :func:`render_sections`
(the dashboard's fragment), :func:`write_pdf`, and :func:`summary` and :func:`bottlenecks` (the
plain-language sentences).
"""

from __future__ import annotations

from regioplan.report.render import render_html, render_sections, write_pdf
from regioplan.report.summary import bottlenecks, summary

__all__ = ["bottlenecks", "render_html", "render_sections", "summary", "write_pdf"]
