"""`regioplan national`: every region of a level side by side, and the distance pattern across
the country (issue #22)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from regioplan.cli_support import number, seed_option

if TYPE_CHECKING:
    from regioplan.national.model import DistancePattern, NationalComparison
    from regioplan.regions import OwnData

app = typer.Typer(no_args_is_help=True, add_completion=False)

PROFESSION_CHOICES = ("gp", "so", "avg", "all")
CSV_COLUMNS: tuple[str, ...] = (
    "profession",
    "level",
    "code",
    "name",
    "population",
    "first_year",
    "horizon",
    "draws",
    "seed",
    "rank_p10",
    "rank_p50",
    "rank_p90",
    "gap_now_p10",
    "gap_now_p50",
    "gap_now_p90",
    "gap_horizon_p10",
    "gap_horizon_p50",
    "gap_horizon_p90",
    "gap_horizon_fte_p10",
    "gap_horizon_fte_p50",
    "gap_horizon_fte_p90",
    "access",
    "access_vs_national",
    "ageing_75",
    "distance_km",
    "own_data",
)
"""The columns of ``regioplan national compare --out FILE.csv``: one row per profession and
region, in rank order per profession."""
UNITS = {
    "gap_now": "relative gap (demand - supply) / demand in first_year; P10/P50/P90 over the draws",
    "gap_horizon": "relative gap (demand - supply) / demand in the horizon year",
    "gap_horizon_fte": "gap in FTE in the horizon year",
    "rank": "rank by relative gap in the horizon year within each draw (1 = largest shortage)",
    "access": "today's accessibility, FTE per 10,000 use-weighted inhabitants (E2SFCA), "
    "population-weighted mean over the region's municipalities",
    "access_vs_national": "access divided by the national population-weighted mean",
    "ageing_75": "relative growth of the 75+ population from 2024 to the horizon",
    "distance_km": "population-weighted mean road km to the nearest training centre",
}

LevelOption = Annotated[
    str,
    typer.Option("--level", help="zorgkantoor, ggd, provincie, corop or gemeente."),
]
ProfessionOption = Annotated[
    str, typer.Option("--profession", help="gp, so, avg or all (default: all).")
]
DrawsOption = Annotated[int, typer.Option("--draws", help="Monte Carlo draws (1 or more).")]
SeedOption = Annotated[int | None, seed_option("Seed (default: the `seed` setting).")]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database file (SQLite) or URL with imported own data (default: the database "
        "`regioplan data import` uses, when it exists).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON only.")]


@app.callback()
def national() -> None:
    """Every region of a level side by side, and the distance pattern across the country."""


def _professions(profession: str) -> tuple[str, ...]:
    from regioplan.data import PROFESSIONS
    from regioplan.errors import InputError

    if profession not in PROFESSION_CHOICES:
        raise InputError(
            f"--profession {profession!r} is not allowed; allowed: {', '.join(PROFESSION_CHOICES)}"
        )
    return tuple(PROFESSIONS) if profession == "all" else (profession,)


def _own_data(level: str, db: str | None) -> dict[str, OwnData]:
    """Own data per region of `level` from the database `db` (default: the default database,
    read only if it exists); says on stderr which regions and datasets it uses."""
    from regioplan.cli_support import stderr
    from regioplan.national.compare import own_data_by_region
    from regioplan.regions import country
    from regioplan.store import load_own_data

    own = load_own_data(country(), db)
    if own is None:
        return {}
    by_region = own_data_by_region(own, level)
    stderr.print(
        f"using own data: {len(own.providers)} provider rows from dataset(s) "
        f"{', '.join(sorted(set(own.dataset_names)))} in {', '.join(by_region)}"
    )
    return by_region


def _seed(seed: int | None) -> int:
    from regioplan import settings

    return settings.current().seed if seed is None else seed


def _check_out(out: Path | None) -> str | None:
    from regioplan.errors import InputError

    if out is None:
        return None
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("csv", "json"):
        raise InputError(f"--out {out}: the file must end in .csv or .json")
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: the folder {out.parent} does not exist")
    return kind


@app.command("compare")
def compare_cmd(
    level: LevelOption = "zorgkantoor",
    profession: ProfessionOption = "all",
    horizon: Annotated[
        int | None,
        typer.Option("--horizon", help="Horizon year (default 2040, the report's horizon)."),
    ] = None,
    draws: DrawsOption = 1000,
    seed: SeedOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the comparison to FILE.csv or FILE.json."),
    ] = None,
) -> None:
    """Where each region stands: the gap now and at the horizon with its P10-P90 band, the rank
    band, accessibility, ageing and the distance to training, per profession (issue #22)."""
    from regioplan.cli_support import emit_json, progress, stderr
    from regioplan.national.compare import (
        check_draws,
        check_horizon,
        check_level,
        compare_regions,
    )
    from regioplan.workforce.national import DEFAULT_HORIZON

    profs = _professions(profession)
    check_level(level)
    check_draws(draws)
    year = DEFAULT_HORIZON if horizon is None else horizon
    for p in profs:
        check_horizon(p, year)
    kind = _check_out(out)
    the_seed = _seed(seed)
    own = _own_data(level, db)
    results: list[NationalComparison] = []
    with progress() as bar:
        task = bar.add_task(f"comparing the {level} regions", total=len(profs))
        for p in profs:
            bar.update(task, description=f"{p}: {draws} draws")
            results.append(
                compare_regions(
                    level,
                    p,  # type: ignore[arg-type]
                    horizon=year,
                    draws=draws,
                    seed=the_seed,
                    own_data=own or None,
                )
            )
            bar.update(task, advance=1)
    payload = compare_payload(results, level=level, horizon=year, draws=draws, seed=the_seed)
    if out is not None:
        if kind == "csv":
            comparison_frame(results).to_csv(out, index=False)
        else:
            import json

            from regioplan.output import jsonable

            out.write_text(
                json.dumps(jsonable(payload), ensure_ascii=False, indent=2) + "\n", "utf-8"
            )
        stderr.print(f"wrote {out}")
    if as_json:
        emit_json(payload)
        return
    for cmp in results:
        _print_comparison(cmp)


def compare_payload(
    results: list[NationalComparison], *, level: str, horizon: int, draws: int, seed: int
) -> dict[str, Any]:
    """The JSON of ``regioplan national compare``."""
    own = sorted({r.code for cmp in results for r in cmp.rows if r.own_data})
    return {
        "level": level,
        "horizon": horizon,
        "draws": draws,
        "seed": seed,
        "own_data_regions": own,
        "units": UNITS,
        "professions": {cmp.profession: cmp.to_dict() for cmp in results},
    }


def comparison_frame(results: list[NationalComparison]) -> Any:
    """One row per profession and region with :data:`CSV_COLUMNS` (a pandas DataFrame)."""
    import pandas as pd

    rows = []
    for cmp in results:
        for r in cmp.rows:
            row: dict[str, Any] = {
                "profession": cmp.profession,
                "level": cmp.level,
                "code": r.code,
                "name": r.name,
                "population": r.population,
                "first_year": cmp.first_year,
                "horizon": cmp.horizon,
                "draws": cmp.draws,
                "seed": cmp.seed,
            }
            for name in ("rank", "gap_now", "gap_horizon", "gap_horizon_fte"):
                band = getattr(r, name)
                for q in ("p10", "p50", "p90"):
                    row[f"{name}_{q}"] = getattr(band, q)
            row.update(
                access=r.access,
                access_vs_national=r.access_vs_national,
                ageing_75=r.ageing_75,
                distance_km=r.distance_km,
                own_data=r.own_data,
            )
            rows.append(row)
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


def _rank(x: float) -> str:
    return number(x, 0) if float(x).is_integer() else number(x, 1)


def _pct(x: float) -> str:
    return f"{number(100 * x, 1)}%"


def _print_comparison(cmp: NationalComparison) -> None:
    from rich.table import Table

    from regioplan.cli_support import stdout

    table = Table(
        title=f"Where each region stands: {cmp.profession}, {cmp.level} regions, "
        f"{cmp.first_year} and {cmp.horizon}",
        caption=f"gap = (demand - supply) / demand, median and P10-P90 over {cmp.draws} Monte "
        f"Carlo draws (seed {cmp.seed}); rank by the gap in {cmp.horizon} within each draw "
        "(1 = largest shortage); access vs NL = today's accessibility / the national mean; 75+ = "
        f"growth of the 75+ population 2024-{cmp.horizon}; km = mean road km to the nearest "
        "training centre; own = the region's own imported data (estimates)",
    )
    headers = (
        "rank",
        "rank P10-P90",
        "code",
        "region",
        f"gap {cmp.first_year}",
        f"gap {cmp.horizon}",
        "P10-P90",
        "gap FTE",
        "access vs NL",
        "75+",
        "km",
        "own",
    )
    for col in headers:
        table.add_column(col, justify="left" if col in ("code", "region", "own") else "right")
    for r in cmp.rows:
        table.add_row(
            _rank(r.rank.p50),
            f"{_rank(r.rank.p10)}-{_rank(r.rank.p90)}",
            r.code,
            r.name,
            _pct(r.gap_now.p50),
            _pct(r.gap_horizon.p50),
            f"{_pct(r.gap_horizon.p10)} to {_pct(r.gap_horizon.p90)}",
            number(r.gap_horizon_fte.p50, 1),
            f"{number(r.access_vs_national, 2)}",
            f"{_pct(r.ageing_75)}",
            number(r.distance_km, 0),
            "yes" if r.own_data else "",
        )
    stdout.print(table)


@app.command("pattern")
def pattern_cmd(
    level: LevelOption = "zorgkantoor",
    profession: ProfessionOption = "all",
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Year of the gap (default 2040, the horizon; the first year gives today's "
            "pattern).",
        ),
    ] = None,
    draws: DrawsOption = 1000,
    seed: SeedOption = None,
    permutations: Annotated[
        int, typer.Option("--permutations", help="Permutations of the p-value.")
    ] = 9999,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the plain-words sentence: en or nl.")
    ] = "en",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Does the gap grow with the distance to the nearest training centre? Spearman's rho and
    a permutation p-value across the regions of a level or the 342 municipalities, in plain
    words, with what the pattern rests on (the model's settling assumption or own data)."""
    from regioplan.cli_support import emit_json, progress
    from regioplan.errors import InputError
    from regioplan.national.compare import check_draws, check_level
    from regioplan.national.pattern import check_year, distance_pattern
    from regioplan.workforce.national import DEFAULT_HORIZON

    profs = _professions(profession)
    check_level(level)
    check_draws(draws)
    if lang not in ("en", "nl"):
        raise InputError(f"--lang {lang!r} is not allowed; allowed: en, nl")
    the_year = DEFAULT_HORIZON if year is None else year
    for p in profs:
        check_year(p, the_year)
    if not 0 <= permutations <= 1_000_000:
        raise InputError(f"--permutations {permutations} is out of range [0, 1000000]")
    the_seed = _seed(seed)
    own = _own_data(level, db)
    patterns: list[DistancePattern] = []
    with progress() as bar:
        task = bar.add_task(f"distance pattern over the {level} units", total=len(profs))
        for p in profs:
            bar.update(task, description=f"{p}: {draws} draws, {permutations} permutations")
            patterns.append(
                distance_pattern(
                    p,  # type: ignore[arg-type]
                    level=level,
                    year=the_year,
                    draws=draws,
                    seed=the_seed,
                    permutations=permutations,
                    own_data=own or None,
                )
            )
            bar.update(task, advance=1)
    payload = pattern_payload(patterns, level=level, year=the_year, draws=draws, seed=the_seed)
    if as_json:
        emit_json(payload)
        return
    _print_patterns(payload, lang)


def pattern_payload(
    patterns: list[DistancePattern], *, level: str, year: int, draws: int, seed: int
) -> dict[str, Any]:
    """The JSON of ``regioplan national pattern``."""
    import dataclasses

    from regioplan.national.pattern import basis_sentence, direction, pattern_sentence

    return {
        "level": level,
        "year": year,
        "draws": draws,
        "seed": seed,
        "sentence": {lang: pattern_sentence(patterns, lang) for lang in ("nl", "en")},
        "patterns": {
            p.profession: {
                **dataclasses.asdict(p),
                "shown": p.shown,
                "direction": direction(p),
                "basis_sentence": {lang: basis_sentence(p, lang) for lang in ("nl", "en")},
            }
            for p in patterns
        },
        "units": {
            "rho": "Spearman's rank correlation of distance to training and median relative gap",
            "p_value": "two-sided permutation p-value; shown when below 0.05",
            "points": "(code, name, km to the nearest training centre, median relative gap, "
            "population) per unit",
        },
    }


def _print_patterns(d: dict[str, Any], lang: str) -> None:
    from rich.table import Table

    from regioplan.cli_support import stdout

    table = Table(
        title=f"Distance to training and the gap in {d['year']}, across the {d['level']} units",
        caption=f"rho = Spearman's rank correlation of the mean road km to the nearest training "
        f"centre and the median relative gap ({d['draws']} Monte Carlo draws, seed {d['seed']}); "
        "p = two-sided permutation p-value; basis: model = the model's settling assumption on "
        "the bundled estimate, measured/mixed = own imported data (estimates)",
    )
    for col in ("prof.", "n", "rho", "p", "shown", "basis", "own data"):
        table.add_column(col, justify="right" if col in ("n", "rho", "p") else "left")
    for prof, p in d["patterns"].items():
        table.add_row(
            prof,
            number(p["n"]),
            number(p["rho"], 2),
            number(p["p_value"], 4),
            {"up": "grows", "down": "shrinks", "none": "no"}[p["direction"]],
            p["basis"],
            ", ".join(p["own_data_regions"]),
        )
    stdout.print(table)
    stdout.print(d["sentence"][lang])
    basis = {prof: p["basis_sentence"][lang] for prof, p in d["patterns"].items()}
    if len(set(basis.values())) == 1:
        stdout.print(next(iter(basis.values())))
    else:
        for prof, text in basis.items():
            stdout.print(f"{prof}: {text}")


__all__ = ["CSV_COLUMNS", "app", "compare_payload", "comparison_frame", "pattern_payload"]
