"""`regioplan access`: accessibility per area for a region, or for any demand/supply/cost files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from regioplan.access.regional import SHORT_FRACTION
from regioplan.cli_support import emit_json, number, stderr, stdout
from regioplan.errors import InputError, ParameterError
from regioplan.output import jsonable

if TYPE_CHECKING:
    import pandas as pd

    from regioplan.access.costs import TravelCostProvider
    from regioplan.access.inequality import AccessSummary, ThresholdRule
    from regioplan.access.regional import RegionAccess
    from regioplan.regions import Region

app = typer.Typer(no_args_is_help=True, add_completion=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only on stdout.")]
DEFAULT_THRESHOLD = f"{SHORT_FRACTION:g}*national-median"
"""The report's shortage rule (:data:`regioplan.access.regional.SHORT_FRACTION`)."""
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Write the scores to a .csv or .json file.")
]


def _threshold(text: str) -> tuple[str | float, float]:
    """``national-median``, ``median``, ``mean``, a number, or ``0.8*median`` style fractions."""
    frac, star, rule = text.partition("*")
    fraction = 1.0
    if star:
        try:
            fraction = float(frac)
        except ValueError as exc:
            raise ParameterError(f"--threshold {text!r}: {frac!r} is not a number") from exc
    else:
        rule = frac
    rule = rule.strip().lower()
    if rule in ("national-median", "median", "mean"):
        return rule, fraction
    try:
        return float(rule), fraction
    except ValueError as exc:
        raise ParameterError(
            f"--threshold {text!r}; allowed: national-median, median, mean, a number "
            "(FTE per 10,000), optionally prefixed by a fraction as in 0.8*national-median"
        ) from exc


def _read_table(path: Path, what: str) -> pd.DataFrame:
    from regioplan.access.costs import read_csv_text

    return read_csv_text(path, what)


def _read_values(path: Path, what: str) -> pd.Series | pd.DataFrame:
    """(id, value) or (id, one column per scenario) as a Series / DataFrame of text by id."""
    from regioplan.errors import Problem, ValidationError

    frame = _read_table(path, what)
    lower = [c.lower() for c in frame.columns]
    if "id" in lower:
        id_col = frame.columns[lower.index("id")]
    elif len(frame.columns) >= 2:
        id_col = frame.columns[0]
    else:
        raise ValidationError(
            [Problem(str(path), 1, "id", "need an id column and at least one value column")]
        )
    values = frame.drop(columns=[id_col])
    if values.shape[1] == 0:
        raise ValidationError([Problem(str(path), 1, "value", "no value column")])
    values.index = frame[id_col].str.strip()
    if values.shape[1] == 1:
        series = values.iloc[:, 0]
        series.name = str(values.columns[0])
        return series
    return values


def _read_costs(path: Path) -> pd.DataFrame:
    from regioplan.errors import Problem, ValidationError

    frame = _read_table(path, "costs")
    rename = {c: c.lower() for c in frame.columns}
    frame = frame.rename(columns=rename)
    for alias, name in (("dest", "destination"), ("minutes", "cost")):
        if alias in frame.columns and name not in frame.columns:
            frame = frame.rename(columns={alias: name})
    missing = [c for c in ("origin", "destination", "cost") if c not in frame.columns]
    if missing:
        raise ValidationError(
            [
                Problem(
                    str(path),
                    1,
                    c,
                    f"missing column; need origin, destination, cost; "
                    f"found: {', '.join(frame.columns)}",
                )
                for c in missing
            ]
        )
    frame["origin"] = frame["origin"].str.strip()
    frame["destination"] = frame["destination"].str.strip()
    return frame


def _write(frame: pd.DataFrame, out: Path, meta: dict[str, Any]) -> None:
    import json

    suffix = out.suffix.lower()
    try:
        if suffix == ".csv":
            frame.to_csv(out, index=True, float_format="%.10g")
        elif suffix == ".json":
            records = frame.reset_index().to_dict(orient="records")
            out.write_text(
                json.dumps(jsonable({**meta, "areas": records}), ensure_ascii=False, indent=2),
                encoding="utf-8",
            )
        else:
            raise InputError(f"--out {out}: unknown file type {suffix!r}; allowed: .csv, .json")
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write: {exc.strerror}") from exc
    stderr.print(f"wrote {len(frame)} areas to {out}")


def _print_summary(
    title: str, s: AccessSummary, provenance: list[str], people: str = "inhabitants"
) -> None:
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_row("unit", s.unit)
    num = number
    table.add_row("areas / population", f"{num(s.areas)} / {num(s.population)} {people}")
    table.add_row("mean (population-weighted)", num(s.mean, 3))
    table.add_row("median (population-weighted)", num(s.median, 3))
    table.add_row("Gini / Theil T", f"{num(s.gini, 3)} / {num(s.theil, 4)}")
    table.add_row("threshold", f"{num(s.threshold, 3)} ({s.threshold_rule})")
    table.add_row(
        "population below threshold",
        f"{num(s.population_below)} {people} ({num(100 * s.share_below, 1)}%) "
        f"in {num(len(s.short_areas))} areas",
    )
    stdout.print(table)
    if len(s.short_areas):
        short = Table(title="Areas with the lowest accessibility (first 10)")
        short.add_column("area")
        short.add_column(f"score ({s.unit})", justify="right")
        short.add_column(people, justify="right")
        for idx, row in s.short_areas.head(10).iterrows():
            short.add_row(str(idx), num(row.score, 3), num(row.population))
        stdout.print(short)
    for line in provenance:
        stdout.print(line, highlight=False)


def _generic(
    demand: Path,
    supply: Path,
    costs: Path,
    method: str,
    weights: str | None,
    max_cost: float | None,
    per: float,
    threshold: str,
    out: Path | None,
    as_json: bool,
) -> None:
    import math

    import pandas as pd

    from regioplan.access import Sources, compute, summarise
    from regioplan.access.engine import resolve

    rule, fraction = _threshold(threshold)
    # generic data has no nation: national-median is the median of these areas
    base: ThresholdRule = (
        "mean" if rule == "mean" else "median" if isinstance(rule, str) else float(rule)
    )
    weight, cut = resolve(method, weights, max_cost)
    d = _read_values(demand, "demand")
    if not isinstance(d, pd.Series):
        raise InputError(f"{demand}: give one value column (id, value)")
    s = _read_values(supply, "supply")
    c = _read_costs(costs)
    src = Sources(demand=str(demand), supply=str(supply), costs=str(costs), first_line=2)
    scores = compute(method, d, s, c, weights=weights, max_cost=max_cost, per=per, sources=src)
    frame = scores.to_frame("score") if isinstance(scores, pd.Series) else scores
    frame.index.name = "id"
    population = pd.to_numeric(d)
    first = frame.iloc[:, 0]
    unit = f"supply per {per:g} demand units" if method != "cumulative" else "supply within reach"
    summary = summarise(
        first,
        population,
        threshold=base,
        fraction=fraction,
        unit=unit,
    )
    meta = {
        "method": method,
        "weights": str(weight),  # the weights used, also when they are the method's default
        "max_cost": cut if math.isfinite(cut) else None,  # None: every pair in the costs file
        "per": per,
        "unit": unit,
        "summary_of": str(frame.columns[0]),
    }
    if out is not None:
        _write(frame, out, meta)
    if as_json:
        records = frame.reset_index().to_dict(orient="records")
        emit_json({**meta, "summary": summary.to_dict(), "areas": records})
        return
    if out is None:
        stdout.print(frame.to_string())
    title = f"Accessibility ({method}, weights {weight})"
    if frame.shape[1] > 1:
        title += f", supply column {frame.columns[0]!r}"
    _print_summary(title, summary, [f"unit: {unit}"], people="demand units")


def _matrix(
    costs: Path, reg: Region, profession: str, level: str, rule: str | float
) -> tuple[TravelCostProvider, str | float]:
    """Your own travel-time matrix as the cost provider, checked against the region's areas and
    supply points; the threshold rule falls back to the region's median (no national one)."""
    import pandas as pd

    from regioplan.access.areas import area_table
    from regioplan.access.costs import MatrixCostProvider
    from regioplan.access.supply import supply_points

    matrix = MatrixCostProvider.from_csv(costs)
    areas = area_table(level)  # type: ignore[arg-type]
    _check_matrix_ids(matrix.matrix, costs, areas.index, supply_points(profession, reg.own_data))
    in_region = areas.index[areas["municipality"].isin(reg.municipality_codes)]
    missing, _ = matrix.coverage(in_region, pd.Index([]))
    if missing:
        stderr.print(
            f"note: {number(missing)} of the region's {number(len(in_region))} "
            f"areas do not appear in {costs}; they reach no supply"
        )
    if rule == "national-median":
        stderr.print(
            "note: with your own travel-time matrix the national median is not available; "
            "the threshold is the region's median"
        )
        rule = "median"
    return matrix, rule


def _print_region(
    result: RegionAccess, summary: AccessSummary, reg: Region, profession: str, level: str
) -> None:
    """The summary table of a region's accessibility with its provenance lines."""
    from regioplan.data import ATTRIBUTION

    prov = result.provenance()
    year = result.year
    lines = [
        f"travel costs: {prov['travel_costs']}",
        f"population: {prov['population']}",
        f"supply in region: {number(prov['supply_fte_own_data'], 1)} FTE own data, "
        f"{number(prov['supply_fte_estimate'], 1)} FTE estimate (labelled; see "
        "docs/access.md)",
        f"border buffer: {number(result.buffer_areas)} areas and "
        f"{number(result.buffer_points)} supply points outside the region included",
        ATTRIBUTION,
    ]
    title = f"{reg.name} ({reg.code}): {profession} {result.method} at {level} level"
    if year is not None:
        title += f", projected to {year} (estimate)"
        lines[2] = (
            f"supply in region, {year}: {number(prov['supply_fte_own_data'], 1)} FTE at "
            f"own data points, {number(prov['supply_fte_estimate'], 1)} FTE at estimated "
            "points (both projected; estimate)"
        )
        lines.insert(2, f"projected supply: {prov['projection']['supply']}")
        lines.insert(3, f"projected demand: {prov['projection']['demand']}")
    _print_summary(title, summary, lines)


def _region(
    region: str,
    profession: str,
    method: str,
    level: str,
    weights: str | None,
    max_cost: float | None,
    costs: Path | None,
    db: Path | None,
    threshold: str,
    out: Path | None,
    as_json: bool,
    year: int | None = None,
) -> None:
    from regioplan.access.regional import national_median, region_access
    from regioplan.cli_support import with_own_data
    from regioplan.data import ATTRIBUTION
    from regioplan.regions import select_region

    rule, fraction = _threshold(threshold)
    if year is not None:
        from regioplan.access.regional import year_range

        _check_profession(profession)
        year_range(profession).check(year)  # before the region and data are read
    reg = with_own_data(select_region(region), db)
    provider: TravelCostProvider | None = None
    if costs is not None:
        provider, rule = _matrix(costs, reg, profession, level, rule)
    result: RegionAccess = region_access(
        reg,
        profession,
        method=method,
        level=level,  # type: ignore[arg-type]
        weights=weights,
        max_cost=max_cost,
        provider=provider,
        year=year,
    )
    if rule == "national-median":
        if reg.is_country():
            base: float | str = result.summary().median
        else:
            base = national_median(
                profession,
                method=method,
                level=level,  # type: ignore[arg-type]
                weights=weights,
                max_cost=max_cost,
                provider=provider,
                own_data=reg.own_data,
                year=year,
            )
        summary = result.summary(threshold=float(base), fraction=fraction)
        summary = _relabel(summary, f"{fraction:g} x national population-weighted median")
    else:
        summary = result.summary(threshold=rule, fraction=fraction)  # type: ignore[arg-type]
    column = "fte_within_reach" if method == "cumulative" else "fte_per_10000"
    frame = result.areas.rename(columns={"score": column})
    payload = {**result.to_dict(summary), "attribution": ATTRIBUTION}
    if out is not None:
        meta = {k: v for k, v in payload.items() if k != "areas"}
        _write(frame, out, meta)
    if as_json:
        emit_json(payload)
        return
    _print_region(result, summary, reg, profession, level)


def _check_profession(profession: str) -> None:
    from regioplan.data import PROFESSIONS

    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; allowed: {', '.join(PROFESSIONS)}")


def _check_matrix_ids(
    matrix: pd.DataFrame, path: Path, areas: pd.Index, points: pd.DataFrame
) -> None:
    """A matrix whose ids match no area or no supply point would give 0 everywhere: refuse it;
    name the ids that match nothing when only some do."""
    for column, known, kind in (
        ("origin", areas, "area ids of --level (e.g. 3311 or GM0505)"),
        ("destination", points.index, "supply point ids (est:GM0505, own:<dataset>:<n>)"),
    ):
        ids = matrix[column].astype(str).unique()
        valid = set(known.astype(str))
        unknown = [i for i in ids if i not in valid]
        if not unknown:
            continue
        examples = ", ".join(repr(i) for i in unknown[:3])
        if len(unknown) == len(ids):
            raise InputError(
                f"{path}: no {column} is one of the {kind}: {examples} ...; export the ids with "
                "`regioplan access points --level LEVEL --profession PROFESSION`"
            )
        stderr.print(
            f"note: {number(len(unknown))} {column} id(s) of {path} match nothing and "
            f"are left out (e.g. {examples})"
        )


def _relabel(summary: AccessSummary, rule: str) -> AccessSummary:
    from dataclasses import replace

    return replace(summary, threshold_rule=rule)


@app.command("compute")
def compute_cmd(
    region: Annotated[
        str | None,
        typer.Argument(help="Region code or name (ZK24, Waardenland, GM0599, NL) or a file."),
    ] = None,
    profession: Annotated[
        str | None, typer.Option(help="gp, so or avg (region mode; default gp).")
    ] = None,
    method: Annotated[
        str, typer.Option(help="2sfca, e2sfca, g2sfca, g2sfca-gravity, 3sfca, cumulative.")
    ] = "e2sfca",
    level: Annotated[
        str | None, typer.Option(help="municipality or pc4 (region mode; default pc4).")
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(
            help="Distance decay: '10:1,20:0.68,30:0.22' (step), 'gaussian:15', "
            "'gravity:10:-1:5', 'flat'. Default per method."
        ),
    ] = None,
    max_cost: Annotated[
        float | None, typer.Option("--max-cost", help="Catchment in minutes.")
    ] = None,
    demand: Annotated[
        Path | None, typer.Option(help="Generic mode: CSV (id, value) of demand per area.")
    ] = None,
    supply: Annotated[
        Path | None,
        typer.Option(help="Generic mode: CSV (id, value) or (id, one column per scenario)."),
    ] = None,
    costs: Annotated[
        Path | None,
        typer.Option(
            help="CSV (origin, destination, cost|minutes). Generic mode: required. Region "
            "mode: your own travel-time matrix instead of the road-time estimate."
        ),
    ] = None,
    per: Annotated[
        float | None,
        typer.Option(help="Generic mode: scores are supply per PER demand units (default 1)."),
    ] = None,
    threshold: Annotated[
        str,
        typer.Option(
            help="Shortage threshold: national-median, median, mean, a number, each optionally "
            f"prefixed by a fraction (default {DEFAULT_THRESHOLD}, the report's rule)."
        ),
    ] = DEFAULT_THRESHOLD,
    db: Annotated[
        Path | None, typer.Option("--db", help="Database with own provider data (region mode).")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Region mode: project demand (population by age) and supply (workforce "
            "central run) to 1 January of this year, e.g. 2040. Default: today.",
        ),
    ] = None,
    out: OutOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Accessibility per area (FTE per 10,000 use-weighted inhabitants) and its inequality.

    Region mode: REGION with --profession, --method and --level. Generic mode, in the long
    format of PySAL access: --demand D.csv --supply S.csv --costs C.csv.
    """
    if demand is not None or supply is not None:
        if region is not None:
            raise InputError("give either REGION or --demand/--supply/--costs, not both")
        if demand is None or supply is None or costs is None:
            raise InputError("generic mode needs --demand, --supply and --costs")
        region_only = [
            name
            for name, value in (
                ("--profession", profession),
                ("--level", level),
                ("--db", db),
                ("--year", year),
            )
            if value is not None
        ]
        if region_only:  # they would be silently ignored: the files carry demand and supply
            raise InputError(
                f"{', '.join(region_only)}: only with a REGION; in generic mode your files give "
                "the demand (e.g. use-weighted population) and the supply"
            )
        _generic(
            demand,
            supply,
            costs,
            method,
            weights,
            max_cost,
            1.0 if per is None else per,
            threshold,
            out,
            as_json,
        )
        return
    if region is None:
        raise InputError("give a REGION (e.g. ZK24 or NL) or --demand/--supply/--costs")
    if per is not None:
        raise InputError(
            f"--per {per:g}: only in generic mode; region scores are always FTE per 10,000 "
            "use-weighted inhabitants"
        )
    _region(
        region,
        profession or "gp",
        method,
        level or "pc4",
        weights,
        max_cost,
        costs,
        db,
        threshold,
        out,
        as_json,
        year,
    )


@app.command("points")
def points_cmd(
    profession: Annotated[str, typer.Option(help="gp, so or avg.")] = "gp",
    level: Annotated[str, typer.Option(help="municipality or pc4.")] = "pc4",
    db: Annotated[
        Path | None, typer.Option("--db", help="Database with own provider data.")
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="CSV of origins and destinations (id, kind, lat, lon).")
    ] = Path("access_points.csv"),
) -> None:
    """Export the area and supply points, to compute your own travel-time matrix (e.g. OSRM)."""
    import pandas as pd

    from regioplan.access.areas import area_table
    from regioplan.access.supply import supply_points
    from regioplan.cli_support import with_own_data
    from regioplan.regions import country

    areas = area_table(level)  # type: ignore[arg-type]
    pts = supply_points(profession, with_own_data(country(), db).own_data)
    frame = pd.concat(
        [
            pd.DataFrame({"kind": "origin", "lat": areas["lat"], "lon": areas["lon"]}),
            pd.DataFrame({"kind": "destination", "lat": pts["lat"], "lon": pts["lon"]}),
        ]
    )
    frame.index.name = "id"
    try:
        frame.to_csv(out, float_format="%.6f")
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write: {exc.strerror}") from exc
    stderr.print(f"wrote {number(len(areas))} origins and {number(len(pts))} destinations to {out}")


__all__ = ["app"]
