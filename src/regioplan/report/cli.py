"""`regioplan report REGION`: write the regiobeeld of a region as HTML (and PDF)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from regioplan import settings
from regioplan.cli_support import emit_json, progress, seed_option, stderr, with_own_data
from regioplan.errors import InputError

if TYPE_CHECKING:
    from regioplan.initiatives.registry import InitiativeRecord
    from regioplan.regiobeeld import Regiobeeld
    from regioplan.regions import Region


def report(
    region: Annotated[
        str,
        typer.Argument(
            help="Region code or name at any level (ZK24, Waardenland, GM0599, "
            "gemeente:Rotterdam, NL) or a file listing municipalities; a name that several "
            "regions share needs its code or --level."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "regiobeeld.html"
    ),
    lang: Annotated[
        str | None, typer.Option(help="Language of the report: nl or en (setting `lang`).")
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also print a PDF next to the HTML (needs Chromium).")
    ] = False,
    horizon: Annotated[int, typer.Option(help="Last projected year.")] = 2040,
    seed: Annotated[
        int | None, seed_option("Seed of the Monte Carlo draws (setting `seed`).")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(help="Level to resolve an ambiguous name: zorgkantoor, ggd, provincie, ..."),
    ] = None,
    own_data: Annotated[
        bool,
        typer.Option(
            "--own-data/--no-own-data",
            help="Use the region's imported care-provider data (`regioplan data import`) where "
            "present; without it every workforce figure is the labelled estimate.",
        ),
    ] = True,
    scenario: Annotated[
        list[Path] | None,
        typer.Option(
            "--scenario",
            help="Scenario file (TOML, see docs/scenarios.md); repeat to compare several. Adds "
            "a section comparing the gap without and with each scenario.",
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option(help="Monte Carlo draws per scenario (with --scenario).")
    ] = 1000,
    elsewhere: Annotated[
        bool,
        typer.Option(
            "--elsewhere",
            help="Add the section 'Wat werkt elders': the initiatives with the largest estimated "
            "effect here and registered initiatives in similar regions (docs/initiatives.md).",
        ),
    ] = False,
    registry_db: Annotated[
        str | None,
        typer.Option(
            "--registry-db",
            help="Take the registered initiatives of 'Wat werkt elders' from the public entries "
            "of the shared registry in this database (SQLite file or SQLAlchemy URL, as "
            "`regioplan scan --db`) instead of the bundled registry; implies --elsewhere.",
        ),
    ] = None,
    ooh_replications: Annotated[
        int,
        typer.Option(
            "--ooh-replications",
            min=0,
            max=200,
            help="Replications of the simulated out-of-hours organisation (an estimate; 0: leave "
            "the simulation out; regions up to 500 PC4 areas; docs/ooh.md).",
        ),
    ] = 10,
    placement_db: Annotated[
        str | None,
        typer.Option(
            "--placement-db",
            help="A placement database (file or URL, `regioplan placement serve`): adds the "
            "section on placement coordination when it holds data of the region "
            "(docs/placement.md).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the regiobeeld's numbers as JSON on stdout.")
    ] = False,
) -> None:
    """Turn a region into a regiobeeld: one self-contained HTML report (Dutch by default)."""
    from regioplan.regiobeeld import STEPS, build_regiobeeld
    from regioplan.regions import select_region
    from regioplan.report.i18n import check_lang
    from regioplan.report.render import render_html, write_pdf

    language = check_lang(lang or settings.current().lang)
    seed_value = seed if seed is not None else settings.current().seed
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--out {out}: the report is HTML; give a file name ending in .html")
    try:
        out.exists()  # a name the system cannot use (too long) fails now, not after the work
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write there: {exc.strerror}") from exc
    if placement_db is not None:
        _existing_database("--placement-db", placement_db)
    registry = None
    if registry_db is not None:  # read before the long work: a bad database fails at once
        from regioplan.initiatives.db.cli import scan_records

        _existing_database("--registry-db", registry_db)
        try:
            registry = scan_records(registry_db)
        except InputError as exc:  # a URL no database driver takes
            raise InputError(f"--registry-db: {exc}") from exc
    started = time.perf_counter()
    chosen = select_region(region, level=level)
    if own_data:
        chosen = with_own_data(chosen)
    scenario_files = list(scenario or [])
    if scenario_files:
        from regioplan.scenarios import load_scenario

        for path in scenario_files:  # validate every file before the long work starts
            load_scenario(path)
    with progress() as bar:
        total = len(STEPS) + 1 + int(pdf) + int(bool(scenario_files))
        task = bar.add_task(f"regiobeeld {chosen.name}", total=total)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=f"{chosen.name}: {name}")

        rb = build_regiobeeld(
            chosen,
            horizon=horizon,
            seed=seed_value,
            on_step=step,
            elsewhere=elsewhere and registry is None,
            ooh_replications=ooh_replications,
            placement=placement_db,
        )
        if registry is not None:
            rb = _with_registry(rb, chosen, registry)
        comparison = None
        section = None
        if scenario_files:
            from regioplan.scenarios import compare_region, report_section

            comparison = compare_region(chosen, scenario_files, draws=draws, seed=seed_value)
            # the report's horizon, so the scenario table shows the year of the gap charts
            # (the comparison's own default is the model's last year, e.g. 2042)
            at = horizon if comparison.table(horizon) else None
            section = report_section(comparison, lang=language, year=at)
            step("scenarios")
        html = render_html(rb, language, scenarios=section)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(html, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"--out {out}: cannot write there: {exc.strerror}") from exc
        bar.update(task, advance=1, description=f"{chosen.name}: html")
        pdf_path = out.with_suffix(".pdf")
        if pdf:
            write_pdf(out, pdf_path)
            bar.update(task, advance=1, description=f"{chosen.name}: pdf")
    elapsed = time.perf_counter() - started
    if as_json:
        payload = rb.to_dict()
        if comparison is not None:
            payload["scenarios"] = comparison.to_dict()
        payload["output"] = {
            "html": str(out),
            "pdf": str(pdf_path) if pdf else None,
            "lang": language,
            "html_bytes": out.stat().st_size,
            "seconds": round(elapsed, 2),
        }
        emit_json(payload)
    else:
        stderr.print(
            f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {language}) for {rb.name} "
            f"({rb.code}) in {elapsed:.1f} s" + (f"; PDF {pdf_path}" if pdf else "")
        )


def _existing_database(option: str, value: str) -> None:
    """Refuse, before any work, a database that cannot be the one meant: a file that does not
    exist (as a path or a ``sqlite:///`` URL; opening it would create an empty one), an
    in-memory database, a URL that does not parse. A server is checked by opening it."""
    import sqlalchemy as sa

    if "://" not in value:
        if not Path(value).expanduser().is_file():
            raise InputError(f"{option} {value}: no such database file")
        return
    try:
        url = sa.engine.make_url(value)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise InputError(f"{option} {value}: not a database URL ({exc})") from exc
    if url.get_backend_name() != "sqlite":
        return
    shown = url.render_as_string(hide_password=True)
    database = url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        raise InputError(f"{option} {shown}: an in-memory database holds no data; give a file")
    if not database.startswith("file:") and not Path(database).expanduser().is_file():
        raise InputError(f"{option} {shown}: no such database file")


def _with_registry(
    rb: Regiobeeld, region: Region, registry: Sequence[InitiativeRecord]
) -> Regiobeeld:
    """`rb` with "Wat werkt elders" matched against `registry` (a shared registry's public
    entries) instead of the bundled registry, by the same function and with the same horizon,
    seed and draws as ``build_regiobeeld(..., elsewhere=True)``."""
    from regioplan.regiobeeld import bottlenecks, sections
    from regioplan.regiobeeld.elsewhere import elsewhere_section

    section = elsewhere_section(
        region,
        bottlenecks(rb),
        horizon=rb.horizon,
        seed=rb.seed,
        draws=sections.DRAWS,
        registry=registry,
    )
    return dataclasses.replace(rb, elsewhere=dataclasses.replace(section, registry="database"))


__all__ = ["report"]
