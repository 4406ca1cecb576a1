"""Render a :class:`Regiobeeld` as one self-contained HTML file (inline CSS, JS and SVG; no
network access needed to view it) and, optionally, as PDF via the system's headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from regioplan.data import PROFESSIONS, attribution
from regioplan.errors import RegioplanError
from regioplan.geo import ROAD_CIRCUITY
from regioplan.ooh import OOH_TYPES
from regioplan.output import format_number
from regioplan.regiobeeld.build import BASE_YEAR
from regioplan.regiobeeld.model import Regiobeeld
from regioplan.regiobeeld.sections import SHORT_FRACTION
from regioplan.report import national, views
from regioplan.report.i18n import check_lang, fmt_percent, fmt_signed, t, topic, unit
from regioplan.report.methods import engine_text
from regioplan.report.summary import bottlenecks, summary

CHROMIUM_PATHS: tuple[str, ...] = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
TOC: tuple[tuple[str, str], ...] = (
    ("summary", "sec.summary"),
    ("region", "sec.map"),
    ("population", "sec.population"),
    ("workforce", "sec.workforce"),
    ("national", "sec.national"),
    ("access", "sec.access"),
    ("distance", "sec.distance"),
    ("ooh", "sec.ooh"),
    ("sources", "sec.sources"),
)


@cache
def environment(package: str = "regioplan.report") -> jinja2.Environment:
    """The Jinja2 environment over the templates of `package` (autoescaping on, undefined
    names fail); the dashboard uses it for ``regioplan.web``."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def asset(name: str) -> str:
    """Text of a static asset in the templates folder (style.css, tooltip.js)."""
    loader = environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(environment(), name)
    return source


def _toc(rb: Regiobeeld) -> tuple[tuple[str, str], ...]:
    """The table of contents: "Waar staat de regio?" when there is a comparison, "Wat werkt
    elders" (before the sources) when the regiobeeld has it."""
    toc = tuple(e for e in TOC if e[0] != "national" or rb.national)
    if rb.placement is not None:
        toc = (*toc[:-1], ("placement", "sec.placement"), toc[-1])
    if rb.elsewhere is not None:
        toc = (*toc[:-1], ("elsewhere", "sec.elsewhere"), toc[-1])
    return toc


def context(
    rb: Regiobeeld,
    lang: str,
    *,
    professions: tuple[str, ...] = PROFESSIONS,
    year: int | None = None,
) -> dict[str, Any]:
    """Template context for the sections (shared by report and dashboard)."""
    check_lang(lang)

    def tr(key: str, **values: Any) -> str:
        return t(lang, key, **values)

    def n(value: float | int | None, digits: int = 0) -> str:
        return format_number(value, lang, digits)

    def pct(share: float, digits: int = 1, signed: bool = False) -> str:
        return fmt_percent(share, lang, digits, signed=signed)

    def sn(value: float | int | None, digits: int = 0) -> str:
        return fmt_signed(value, lang, digits)

    return {
        "rb": rb,
        "lang": lang,
        "t": tr,
        "n": n,
        "pct": pct,
        "sn": sn,
        "base_year": BASE_YEAR,
        "unit": lambda text: unit(lang, text),
        "topic": lambda text: topic(lang, text),
        # an engine's source or method sentence, in the report's language
        "method": lambda text: engine_text(text, lang),
        "v": views,
        "nat": national,
        "professions": professions,
        # a year outside the projection would label the horizon's figures with that year
        "year": rb.horizon if year is None else max(BASE_YEAR, min(rb.horizon, year)),
        "summary": summary(rb, lang),
        "bottlenecks": bottlenecks(rb, lang),
        "ooh_types": OOH_TYPES,
        "attribution": attribution(lang),
        "toc": _toc(rb),
        "circuity": ROAD_CIRCUITY,
        "short_fraction": SHORT_FRACTION,
    }


def render_html(
    rb: Regiobeeld, lang: str = "nl", *, scenarios: Mapping[str, Any] | None = None
) -> str:
    """The regiobeeld as one self-contained HTML document in `lang` (nl or en).

    `scenarios` is a scenario comparison table from :func:`regioplan.scenarios.report_section`
    in the same language; when given, the report gains a section comparing the scenarios.
    """
    ctx = context(rb, lang)
    ctx["scenarios"] = scenarios
    if scenarios is not None:
        toc = ctx["toc"]
        ctx["toc"] = (*toc[:-1], ("scenarios", "sec.scenarios"), toc[-1])
    ctx["css"] = asset("style.css")
    ctx["js"] = asset("tooltip.js")
    return environment().get_template("report.html").render(ctx)


def render_sections(rb: Regiobeeld, lang: str, *, profession: str, year: int | None = None) -> str:
    """The sections for one profession and year: the dashboard's main panel."""
    ctx = context(rb, lang, professions=(profession,), year=year)
    return environment().get_template("sections.html").render(ctx)


def render_elsewhere(rb: Regiobeeld, lang: str) -> str:
    """The section "Wat werkt elders" of `rb` alone, as the report renders it (the dashboard
    loads it on its own, after the page); `rb.elsewhere` must be set."""
    if rb.elsewhere is None:
        raise ValueError(f"the regiobeeld of {rb.code} has no section 'Wat werkt elders'")
    return environment().get_template("elsewhere.html").render(context(rb, lang))


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None."""
    for path in CHROMIUM_PATHS:
        if Path(path).is_file():
            return path
    return shutil.which("chromium")


def write_pdf(html_path: Path, pdf_path: Path, *, timeout: float = 120.0) -> None:
    """Print `html_path` to `pdf_path` with headless Chromium (``--print-to-pdf``)."""
    exe = find_chromium()
    if exe is None:
        raise RegioplanError(
            "--pdf needs Chromium, which was not found at "
            f"{' or '.join(CHROMIUM_PATHS)} nor on PATH; install it (Debian: apt-get install "
            "chromium) or open the HTML report and print it from a browser"
        )
    pdf_path.unlink(missing_ok=True)  # never report an earlier run's PDF as this one's
    with tempfile.TemporaryDirectory(prefix="regioplan-chromium-") as profile:
        _print(exe, html_path, pdf_path, profile, timeout)


def _print(exe: str, html_path: Path, pdf_path: Path, profile: str, timeout: float) -> None:
    """Run Chromium once with its own throw-away profile (runs in parallel do not collide)."""
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_path.resolve()}",
        html_path.resolve().as_uri(),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RegioplanError(
            f"Chromium did not finish printing {html_path} in {timeout:.0f} s"
        ) from exc
    if proc.returncode != 0 or not pdf_path.is_file():
        raise RegioplanError(
            f"Chromium failed to print {html_path} to PDF (exit {proc.returncode}): "
            f"{proc.stderr.strip()[-500:]}"
        )


__all__ = [
    "context",
    "environment",
    "find_chromium",
    "render_elsewhere",
    "render_html",
    "render_sections",
    "write_pdf",
]
