"""The facts of a region as plain data: what `regioplan regions list/show` print and the web API
returns. The JSON schema is documented in docs/cli.md and pinned by tests."""

from __future__ import annotations

from typing import Any

import pandas as pd

from regioplan.data import AGE_GROUPS, AGE_LOWER, PROFESSIONS, SOURCES, municipalities
from regioplan.regions.facilities import nearest_training_centres
from regioplan.regions.region import Region, list_regions
from regioplan.regions.workforce import workforce_table

SCHEMA_VERSION = 1


def _age_counts(by_age: pd.Series) -> dict[str, int]:
    out = {}
    for threshold in (65, 75, 80, 85):
        cols = [g for g, lo in zip(AGE_GROUPS, AGE_LOWER, strict=True) if lo >= threshold]
        out[f"{threshold}_plus"] = int(by_age[cols].sum())
    return out


def region_row(region: Region) -> dict[str, Any]:
    """One line of `regions list`: code, name, level, population, municipalities, area."""
    by_age = region.population_by_age()
    pop = region.population
    ages = _age_counts(by_age)
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "population": pop,
        "share_75_plus": round(ages["75_plus"] / pop, 4) if pop else None,
        "municipalities": len(region.municipality_codes),
        "area_km2": round(region.area_km2, 1),
    }


def region_rows(level: str) -> list[dict[str, Any]]:
    """`regions list` for a whole level at once (one grouped pass over the municipalities)."""
    regions = list_regions(level)
    m = municipalities()
    key = pd.Series({code: r.code for r in regions for code in r.municipality_codes}, name="region")
    old = [g for g, lo in zip(AGE_GROUPS, AGE_LOWER, strict=True) if lo >= 75]
    frame = pd.DataFrame(
        {
            "population": m["population_2024"],
            "age_75_plus": m[old].sum(axis=1),
            "area_km2": m["area_km2"],
        }
    ).join(key)
    sums = frame.groupby("region").sum()
    population = sums["population"].astype(int).to_dict()
    old_age = sums["age_75_plus"].astype(float).to_dict()
    area = sums["area_km2"].astype(float).to_dict()
    rows = []
    for r in regions:
        pop = int(population[r.code])
        rows.append(
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "population": pop,
                "share_75_plus": round(old_age[r.code] / pop, 4),
                "municipalities": len(r.municipality_codes),
                "area_km2": round(area[r.code], 1),
            }
        )
    return rows


def region_facts(region: Region) -> dict[str, Any]:
    """Everything `regions show` reports, with a provenance for every figure (own data from
    ``region.own_data`` where the region carries it)."""
    m = region.municipalities
    by_age = region.population_by_age()
    pop = region.population
    ages = _age_counts(by_age)
    approx = m.index[m["age_approximated"] == 1].tolist()
    workforce = []
    for prof in PROFESSIONS:
        table = workforce_table(region, prof)
        kinds = sorted(set(table["provenance"]))
        workforce.append(
            {
                "profession": prof,
                "persons": round(float(table["persons"].sum()), 1),
                "fte": round(float(table["fte"].sum()), 1),
                "per_10000": round(float(table["persons"].sum()) / pop * 10_000, 2)
                if pop
                else None,
                "provenance": kinds[0] if len(kinds) == 1 else "mixed",
                "methods": sorted(set(table["method"])),
                "municipalities_with_own_data": int((table["provenance"] == "own data").sum()),
            }
        )
    centres = nearest_training_centres(region)
    return {
        "schema_version": SCHEMA_VERSION,
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "population": {
            "total": pop,
            "reference_date": "2024-01-01",
            "by_age": {g: int(by_age[g]) for g in AGE_GROUPS},
            "counts": ages,
            "shares": {k: round(v / pop, 4) if pop else None for k, v in ages.items()},
            "source": SOURCES["municipalities"],
            "age_source": SOURCES["age_structure"],
            "age_approximated_municipalities": approx,
        },
        "area_km2": round(region.area_km2, 1),
        "municipalities": [
            {
                "code": str(code),
                "name": str(row["name"]),
                "population": int(row["population_2024"]),
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
            }
            for code, row in m.iterrows()
        ],
        "pc4_areas": len(region.pc4),
        "training_centres": [
            {**rec, "distance_kind": "road-equivalent km (great-circle x 1.3, estimate)"}
            for rec in centres.to_dict(orient="records")
        ],
        "workforce": workforce,
    }


__all__ = ["SCHEMA_VERSION", "region_facts", "region_row", "region_rows"]
