"""Entry points for the edges (CLI, report, web): a region and scenario files in, results out.

The report calls :func:`compare_region` for its scenario section::

    from regioplan.scenarios import compare_region
    comparison = compare_region(region, ["a.toml", "b.toml"], draws=1000)
    comparison.table()        # rows: scenario, profession, year, baseline_gap, likely_gap, p10..p90
    comparison.to_dict()      # everything, JSON-ready
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from regioplan import settings
from regioplan.errors import ParameterError
from regioplan.regions import Region, select_region
from regioplan.scenarios.adapter import baseline_for, region_baseline, region_baseline_draws
from regioplan.scenarios.baseline import RegionBaseline
from regioplan.scenarios.files import Scenario, load_scenario
from regioplan.scenarios.runner import (
    DEFAULT_DRAWS,
    ScenarioComparison,
    ScenarioResult,
    baseline_seed,
    compare_scenarios,
    run_scenario,
)

ScenarioLike = str | Path | Scenario
RegionLike = str | Region | RegionBaseline
"""A region query (code or name), a :class:`~regioplan.regions.Region` (with its own data, if
it carries any), or a prepared :class:`RegionBaseline`."""


def default_seed() -> int:
    """The ``seed`` setting (environment, settings file or default)."""
    return settings.current().seed


def _baseline(region: RegionLike) -> RegionBaseline:
    if isinstance(region, RegionBaseline):
        return region
    if isinstance(region, str):
        return baseline_for(region)
    return region_baseline(region)


def _draws(region: RegionLike, draws: int, seed: int, wanted: bool) -> RegionBaseline | None:
    if not wanted:
        return None
    if isinstance(region, RegionBaseline):
        raise ParameterError(
            "baseline uncertainty needs a region (query or Region), not a prepared baseline"
        )
    chosen = select_region(region) if isinstance(region, str) else region
    return region_baseline_draws(chosen, draws, baseline_seed(seed))


def _scenario(item: ScenarioLike) -> Scenario:
    return item if isinstance(item, Scenario) else load_scenario(item)


def run_region(
    region: RegionLike,
    scenario: ScenarioLike,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    year: int | None = None,
    baseline_uncertainty: bool = False,
) -> ScenarioResult:
    """Run one scenario (file or object) on a region (query, Region or RegionBaseline).

    With `baseline_uncertainty` the draws of the workforce projection's own Monte Carlo are
    paired with the scenario's parameter draws (see :func:`run_scenario`). A Region's own data
    (``region.own_data``) replaces the workforce estimate where present.
    """
    the_seed = default_seed() if seed is None else seed
    return run_scenario(
        _baseline(region),
        _scenario(scenario),
        draws=draws,
        seed=the_seed,
        year=year,
        baseline_draws=_draws(region, draws, the_seed, baseline_uncertainty),
    )


def compare_region(
    region: RegionLike,
    scenarios: Sequence[ScenarioLike],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    year: int | None = None,
    baseline_uncertainty: bool = False,
) -> ScenarioComparison:
    """Compare scenarios (files or objects) on a region; the report's scenario section.

    Options as in :func:`run_region`.
    """
    loaded = [_scenario(s) for s in scenarios]
    the_seed = default_seed() if seed is None else seed
    return compare_scenarios(
        _baseline(region),
        loaded,
        draws=draws,
        seed=the_seed,
        year=year,
        baseline_draws=_draws(region, draws, the_seed, baseline_uncertainty),
    )


_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Scenario's: tekort per beroep in {year}, zonder en met initiatieven",
        "scenario": "Scenario",
        "profession": "Beroep",
        "without": "Tekort zonder (fte)",
        "likely": "Tekort met, meest waarschijnlijk (fte)",
        "p10": "P10 (fte)",
        "p50": "P50 (fte)",
        "p90": "P90 (fte)",
        "gp": "huisarts",
        "so": "specialist ouderengeneeskunde",
        "avg": "arts verstandelijk gehandicapten",
        "note": (
            "Schatting. Tekort = benodigde min beschikbare fte (positief = tekort). Basis: de "
            "regionale capaciteitsraming; effecten van initiatieven: aannames met bandbreedte "
            "(Monte Carlo, {draws} trekkingen, seed {seed}; P10-P90)."
        ),
        "dep.title": "Afhankelijkheid van één arts in {year}, zonder en met initiatieven",
        "persons_without": "Artsen zonder",
        "persons_with": "Artsen met",
        "share_without": "Aandeel één arts zonder (%)",
        "share_with": "Aandeel één arts met (%)",
        "below_without": "Kans onder de ondergrens zonder (%)",
        "below_with": "Kans onder de ondergrens met (%)",
        "dep.note": (
            "Schatting. Artsen = fte gedeeld door de fte per arts van de basis (initiatieven "
            "verschuiven fte, geen mensen; efficiëntiewinst voegt niemand toe). Aandeel één arts "
            "= 1 / artsen. Ondergrens: {floor:g} x het aanbod in het eerste jaar van de raming."
        ),
    },
    "en": {
        "title": "Scenarios: gap per profession in {year}, without and with initiatives",
        "scenario": "Scenario",
        "profession": "Profession",
        "without": "Gap without (FTE)",
        "likely": "Gap with, most likely (FTE)",
        "p10": "P10 (FTE)",
        "p50": "P50 (FTE)",
        "p90": "P90 (FTE)",
        "gp": "general practitioner",
        "so": "elderly-care physician",
        "avg": "physician for people with intellectual disability",
        "note": (
            "Estimate. Gap = required minus available FTE (positive = shortage). Baseline: the "
            "regional workforce projection; effects of initiatives: assumptions with ranges "
            "(Monte Carlo, {draws} draws, seed {seed}; P10-P90)."
        ),
        "dep.title": "Dependency on one physician in {year}, without and with initiatives",
        "persons_without": "Physicians without",
        "persons_with": "Physicians with",
        "share_without": "One physician's share without (%)",
        "share_with": "One physician's share with (%)",
        "below_without": "Probability below the floor without (%)",
        "below_with": "Probability below the floor with (%)",
        "dep.note": (
            "Estimate. Physicians = FTE divided by the baseline's FTE per physician (initiatives "
            "move FTE, not people; efficiency gains add no one). One physician's share = 1 / "
            "physicians. Floor: {floor:g} x supply in the projection's first year."
        ),
    },
}


def report_section(
    comparison: ScenarioComparison, *, lang: str = "nl", year: int | None = None
) -> dict[str, Any]:
    """The scenario comparison as a labelled table for the report (``lang`` ``nl`` or ``en``).

    Returns ``title``, ``columns`` (keys and labels), ``rows`` (values rounded to 0.1 FTE),
    ``note`` (units and provenance) and ``year``; ``dependency`` holds a second table of the same
    shape (title, columns, rows, note): per scenario and profession the physicians, one
    physician's share of supply and the probability below the floor, without and with the
    scenario (issue #22 item 3).
    """
    if lang not in _LABELS:
        raise ParameterError(f"lang = {lang!r}; allowed: {', '.join(_LABELS)}")
    t = _LABELS[lang]
    y = comparison.year if year is None else year
    keys = ("scenario", "profession", "without", "likely", "p10", "p50", "p90")
    rows = [
        {
            "scenario": r["scenario"],
            "profession": t[r["profession"]],
            "without": round(r["baseline_gap"], 1),
            "likely": round(r["likely_gap"], 1),
            "p10": round(r["p10"], 1),
            "p50": round(r["p50"], 1),
            "p90": round(r["p90"], 1),
        }
        for r in comparison.table(y)
    ]
    first = comparison.results[0] if comparison.results else None
    return {
        "title": t["title"].format(year=y),
        "columns": [{"key": k, "label": t[k]} for k in keys],
        "rows": rows,
        "note": t["note"].format(
            draws=first.draws if first else 0, seed=first.seed if first else "-"
        ),
        "year": y,
        "dependency": _dependency_table(comparison, t, y),
    }


def _dependency_table(comparison: ScenarioComparison, t: dict[str, str], y: int) -> dict[str, Any]:
    keys = (
        "scenario",
        "profession",
        "persons_without",
        "persons_with",
        "share_without",
        "share_with",
        "below_without",
        "below_with",
    )
    rows = []
    floor = 0.0
    for r in comparison.results:
        for prof, pr in r.professions.items():
            dep = pr.dependency
            if dep is None or y not in dep.years:
                continue
            entries = dep.at(y)
            base, whole = entries[0], entries[-1]
            floor = dep.floor_share
            rows.append(
                {
                    "scenario": r.scenario,
                    "profession": t[prof],
                    "persons_without": round(base["persons"], 1),
                    "persons_with": round(whole["persons"], 1),
                    "share_without": round(100 * base["one_leaves_share"], 2),
                    "share_with": round(100 * whole["one_leaves_share"], 2),
                    "below_without": round(100 * base["p_below"], 1),
                    "below_with": round(100 * whole["p_below"], 1),
                }
            )
    return {
        "title": t["dep.title"].format(year=y),
        "columns": [{"key": k, "label": t[k]} for k in keys],
        "rows": rows,
        "note": t["dep.note"].format(floor=floor),
        "year": y,
    }


__all__ = ["ScenarioLike", "compare_region", "default_seed", "report_section", "run_region"]
