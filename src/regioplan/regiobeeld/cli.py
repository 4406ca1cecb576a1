"""`regioplan scan` and `regioplan vision`: the regional scan of a region (its gaps, the
initiatives that fit, what similar regions do) in the terminal or as JSON, and the draft regional
vision drawn from it (HTML and A4 PDF).

:mod:`regioplan.cli` loads :func:`scan` and :func:`vision` as top-level commands; the scan itself
is :func:`regioplan.regiobeeld.scan.scan_region`, loaded inside the commands with the other
engines. ``--file`` (your own registry file) is the option of ``regioplan initiatives
registry`` (:mod:`regioplan.initiatives.cli`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from regioplan.cli_support import emit_json, number, seed_option, stderr, stdout
from regioplan.initiatives.cli import FileOpt, JsonOpt, result_value
from regioplan.initiatives.registry_files import registry_records

RegionArg = Annotated[
    str,
    typer.Argument(
        help="Region code or name at any level (ZK27, Zeeland, GM0599, gemeente:Rotterdam); a "
        "name that several regions share needs its code or --level."
    ),
]
LevelOpt = Annotated[
    str | None,
    typer.Option(help="Level to resolve an ambiguous name: zorgkantoor, ggd, provincie, ..."),
]
OwnDataOpt = Annotated[
    bool,
    typer.Option(
        "--own-data/--no-own-data",
        help="Use the region's imported care-provider data (`regioplan data import`) where "
        "present.",
    ),
]
HorizonOpt = Annotated[int, typer.Option(help="Last projected year.")]
SharedRegistryOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Read the registered initiatives from the shared registry in this database "
        "(its public entries) instead of the bundled registry.",
    ),
]
SeedOpt = Annotated[int | None, seed_option("Seed of the Monte Carlo draws (setting `seed`).")]
DrawsOpt = Annotated[int, typer.Option(help="Monte Carlo draws (regiobeeld and scenarios).")]


def _scan(
    region: str,
    level: str | None,
    own_data: bool,
    file: Path | None,
    horizon: int,
    seed: int | None,
    draws: int,
    db: str | None = None,
    *,
    whole_regiobeeld: bool = False,
) -> Any:
    """The regional scan of `region`; with `whole_regiobeeld` its regiobeeld has every part
    (the vision shows it), else only those the scan reads (faster)."""
    from regioplan import settings
    from regioplan.cli_support import with_own_data
    from regioplan.errors import ParameterError
    from regioplan.regiobeeld.scan import SCAN_LEAVES_OUT, scan_region
    from regioplan.regions import select_region

    if not 1 <= draws <= 100_000:
        raise ParameterError(f"--draws {draws} out of range; allowed: 1..100000")
    if db is None:
        records = registry_records(file)  # a bad registry file fails before the long work
    else:  # the shared registry's public entries (plus your file's)
        from regioplan.initiatives.db.cli import scan_records
        from regioplan.initiatives.registry import merge_registries

        records = merge_registries(
            (db, scan_records(db)), (str(file), registry_records(file, bundled=False))
        )
    chosen = select_region(region, level=level)
    if own_data:
        chosen = with_own_data(chosen)
    seed_value = seed if seed is not None else settings.current().seed
    return scan_region(
        chosen,
        registry=records,
        horizon=horizon,
        seed=seed_value,
        draws=draws,
        leave_out=frozenset() if whole_regiobeeld else SCAN_LEAVES_OUT,
    )


def _band(b: Any) -> str:
    return f"{number(b.p50, 1)}\n{number(b.p10, 1)}…{number(b.p90, 1)}"


def _band_inline(b: Any) -> str:
    return f"{number(b.p50, 1)} [{number(b.p10, 1)} to {number(b.p90, 1)}]"


def scan(
    region: RegionArg,
    level: LevelOpt = None,
    file: FileOpt = None,
    horizon: HorizonOpt = 2040,
    seed: SeedOpt = None,
    draws: DrawsOpt = 1000,
    top: Annotated[int, typer.Option(help="Initiative types shown with examples elsewhere.")] = 5,
    own_data: OwnDataOpt = True,
    db: SharedRegistryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Scan a region: its gaps and bottlenecks, the initiative types ranked by estimated effect,
    what similar regions do, and the region's own initiatives against the expectation."""
    result = _scan(region, level, own_data, file, horizon, seed, draws, db)
    if as_json:
        emit_json(result.to_dict())
        return
    doc = result.to_dict()
    out = stdout.print
    out(
        f"[bold]Regional scan: {escape(result.name)}[/] ({result.code}, {result.level}), horizon "
        f"{result.horizon}, seed {result.seed}, {result.draws} draws",
        highlight=False,
    )
    gaps = Table(title="Gaps (regiobeeld)", box=box.SIMPLE_HEAD)
    gaps.add_column("profession", no_wrap=True, min_width=10)
    for col in (
        "gap now FTE",
        "share",
        f"gap {result.horizon} FTE",
        "share",
        "access vs NL",
        "km to training",
    ):
        gaps.add_column(col, justify="right")
    for prof, g in doc["gaps"].items():
        if prof == "region":
            continue
        gaps.add_row(
            prof,
            number(g["gap_now_fte"], 1),
            _pct(g["gap_now_share"]),
            number(g["gap_horizon_fte"], 1),
            _pct(g["gap_horizon_share"]),
            _pct(
                -g["access_shortfall"] if g["access_shortfall"] is not None else None, signed=True
            ),
            number(g["training_km"]),
        )
    out(gaps)
    reg = doc["gaps"]["region"]
    out(
        f"Out-of-hours pressure {number(reg['ooh_pressure'], 2)} x the national rate; 75+ "
        f"population {_pct(reg['ageing_75'], signed=True)} to {result.horizon}."
    )
    out(
        "Bottlenecks: "
        + (
            ", ".join(
                b["kind"] + (f" ({b['profession']})" if b["profession"] else "")
                for b in doc["bottlenecks"]
            )
            or "none found"
        ),
        highlight=False,
        markup=False,
    )
    out(
        "Most similar zorgkantoor regions: "
        + ", ".join(
            f"{s['name']} ({s['code']}, {number(s['similarity'], 2)})"
            for s in doc["similar_regions"]
        ),
        highlight=False,
        markup=False,
    )
    ranking = Table(
        title=f"Initiative types by estimated effect in {result.horizon}: share of the gaps "
        "closed, and FTE of gap closed (P50, P10…P90)",
        box=box.SIMPLE_HEAD,
        show_lines=True,
    )
    width = max(len(e.type) for e in result.ranking)
    ranking.add_column("type", no_wrap=True, min_width=width)
    ranking.add_column("share", justify="right", no_wrap=True)
    for prof in ("gp", "so", "avg"):
        ranking.add_column(prof, justify="right", no_wrap=True)
    for e in result.ranking:
        ranking.add_row(
            e.type,
            _pct(e.key),
            *(_band(e.closed[p]) if p in e.closed else "–" for p in ("gp", "so", "avg")),
        )
    out(ranking)
    for e in result.ranking[: max(top, 0)]:
        items = result.elsewhere.get(e.type, [])
        fits = f"; fits {', '.join(e.fits)}" if e.fits else ""
        out(f"\n[bold]{e.type}[/] elsewhere: {len(items)} registered{fits}", highlight=False)
        for x in items:
            r = x.record
            since = f" since {r.since}" if r.since else ""
            out(
                f"  - {r.name} [{r.stage.value}{since}] in {x.region_name} "
                f"(similarity {number(x.similarity, 2)}) {r.id}",
                highlight=False,
                markup=False,
            )
            for b in r.bottlenecks:
                solved = b.how_solved or "not known from the sources"
                out(
                    f"      bottleneck {b.code.value}: {b.what_happened} Solved: {solved}",
                    highlight=False,
                    markup=False,
                )
            for res in r.results:
                out(
                    f"      result: {res.indicator} = "
                    f"{result_value(res.value, res.unit)} ({res.date})",
                    highlight=False,
                    markup=False,
                )
    out(f"\n[bold]Own running initiatives[/]: {len(result.own)}")
    for o in result.own:
        r = o.record
        out(f"  - {r.name} ({r.type}, {r.stage.value}) {r.id}", highlight=False, markup=False)
        if o.expected is not None:
            out(
                "      expected gap closed in "
                f"{o.expected.year}: "
                + "; ".join(f"{p} {_band_inline(b)}" for p, b in o.expected.closed.items()),
                highlight=False,
                markup=False,
            )
        for c in o.checks:
            out(
                f"      result: {c.indicator} = "
                f"{result_value(c.value, c.unit)} ({c.date}): {c.verdict}",
                highlight=False,
                markup=False,
            )
        if not o.checks:
            out("      no measured results registered", highlight=False, markup=False)
    stderr.print(
        "Estimates (scenario engine, catalogue parameter ranges); registry entries "
        f"from {result.registry_size} registered initiatives with their sources. "
        f"{result.timings and sum(result.timings.values()):.1f} s."
    )


def _pct(share: float | None, *, signed: bool = False) -> str:
    if share is None:
        return "–"
    text = number(share * 100, 1) + " %"
    return ("+" + text) if signed and share > 0 else text


def vision(
    region: RegionArg,
    choose: Annotated[
        Path | None,
        typer.Option(
            "--choose",
            help="Text file with the chosen initiative types, one per line (# comments); "
            "default: the scan's top --top types.",
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="Types taken from the scan without --choose.")] = 3,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "regiovisie.html"
    ),
    lang: Annotated[str | None, typer.Option(help="Language: nl or en (setting `lang`).")] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Also print an A4 PDF next to the HTML.")
    ] = True,
    level: LevelOpt = None,
    file: FileOpt = None,
    horizon: HorizonOpt = 2040,
    seed: SeedOpt = None,
    draws: DrawsOpt = 1000,
    own_data: OwnDataOpt = True,
    db: SharedRegistryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write a draft regional vision (Dutch by default): the current picture, the gaps, the
    chosen initiatives with their expected effects, the bottlenecks to expect and how others
    met them, and the indicators to monitor (HTML and A4 PDF)."""
    from regioplan import settings
    from regioplan.errors import InputError, RegioplanError
    from regioplan.initiatives.scan import parse_choice
    from regioplan.report.i18n import check_lang
    from regioplan.report.render import write_pdf
    from regioplan.report.vision import render_vision

    language = check_lang(lang or settings.current().lang)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--out {out}: the vision is HTML; give a file name ending in .html")
    chosen: tuple[str, ...] | None = None
    if choose is not None:
        try:
            text = choose.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"--choose {choose}: cannot read ({exc.strerror})") from exc
        chosen = parse_choice(text, source=str(choose))
    if top < 1:
        raise InputError(f"--top {top}: choose at least 1 initiative type")
    from regioplan.report.render import find_chromium

    if pdf and find_chromium() is None:  # say so before the long work, with the way out
        raise RegioplanError(
            "the A4 PDF needs Chromium, which was not found (Debian: apt-get install chromium); "
            "give --no-pdf to write the HTML only"
        )
    result = _scan(region, level, own_data, file, horizon, seed, draws, db, whole_regiobeeld=True)
    picked = chosen or tuple(e.type for e in result.ranking[:top])
    from datetime import date

    html = render_vision(
        result, picked, language, chosen_from_file=chosen is not None, made_on=date.today()
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write there: {exc.strerror}") from exc
    pdf_path = out.with_suffix(".pdf")
    if pdf:
        write_pdf(out, pdf_path)
    if as_json:
        emit_json(
            {
                "region": {"code": result.code, "name": result.name},
                "chosen": list(picked),
                "chosen_from": str(choose) if choose else "scan",
                "html": str(out),
                "pdf": str(pdf_path) if pdf else None,
                "lang": language,
                "scan": result.to_dict(),
            }
        )
    else:
        stderr.print(
            f"wrote {out}"
            + (f" and {pdf_path}" if pdf else "")
            + f" ({language}) for {result.name}: {', '.join(picked)}"
        )


__all__ = ["scan", "vision"]
