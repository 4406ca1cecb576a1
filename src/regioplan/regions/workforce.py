"""Workforce per municipality: a region's own data where it has it, a labelled estimate elsewhere.

Estimate method (documented in docs/data.md): the national headcount of a profession
(:func:`regioplan.data.national_workforce`) is allocated to municipalities in proportion to their
use-weighted population (:func:`regioplan.regions.usage.weighted_population`): GPs by population
weighted with GP contacts per age group, SOs by population 80+, AVGs by total population. FTE is
headcount times the national FTE per person of that profession.
"""

from __future__ import annotations

import pandas as pd

from regioplan.data import PROFESSIONS, national_figure
from regioplan.data import municipalities as _municipalities
from regioplan.errors import InputError
from regioplan.regions.owndata import OwnData
from regioplan.regions.region import Region
from regioplan.regions.usage import USAGE_SOURCES, weighted_population

ESTIMATE = "estimate"
OWN_DATA = "own data"

PROFESSION_KINDS: dict[str, tuple[str, ...]] = {
    "gp": ("gp_practice", "ooh_post"),
    "so": ("care_org", "nursing_home"),
    "avg": ("disability_org",),
}
"""Provider kinds that employ a profession. Own data covers a municipality for a profession when it
lists a provider of such a kind there, or any provider with a headcount of that profession."""


def _check(profession: str) -> None:
    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; allowed: {', '.join(PROFESSIONS)}")


def estimate_method(profession: str) -> str:
    """One sentence that says how the estimate for `profession` is made and from what."""
    _check(profession)
    nat = national_figure(profession)
    status = "assumption" if nat.is_assumption else f"source: {nat.source}"
    return (
        f"estimate: national headcount {nat.persons:,.0f} ({nat.reference_date}; {status}) "
        f"allocated by {USAGE_SOURCES[profession]}; FTE = headcount x "
        f"{nat.fte_per_person:.3f} FTE per person ({nat.fte_source})"
    )


def estimate_workforce(profession: str) -> pd.DataFrame:
    """Estimated workforce of `profession` in all 342 municipalities.

    Columns: persons, fte (floats; they sum to the national figures), provenance (``estimate``),
    method (see :func:`estimate_method`).
    """
    _check(profession)
    m = _municipalities()
    weights = weighted_population(m, profession)
    nat = national_figure(profession)
    persons = weights / weights.sum() * nat.persons
    return pd.DataFrame(
        {
            "persons": persons,
            "fte": persons * nat.fte_per_person,
            "provenance": ESTIMATE,
            "method": estimate_method(profession),
        },
        index=m.index,
    )


def own_workforce(own: OwnData, profession: str) -> pd.DataFrame:
    """Headcount and FTE of `profession` per municipality covered by a region's own data.

    ``own.providers`` has the columns of :data:`regioplan.store.PROVIDER_COLUMNS`: at least
    ``municipality``, ``dataset``, ``<profession>_headcount`` and ``<profession>_fte``.
    """
    _check(profession)
    providers = own.providers
    needed = ["municipality", "dataset", f"{profession}_headcount", f"{profession}_fte"]
    missing = [c for c in needed if c not in providers.columns]
    if missing:
        raise InputError(f"providers table lacks column(s): {', '.join(missing)}")
    relevant = providers[f"{profession}_headcount"].fillna(0) > 0
    if "kind" in providers.columns:
        relevant |= providers["kind"].isin(PROFESSION_KINDS[profession])
    grouped = (
        providers[relevant]
        .groupby("municipality")
        .agg(
            persons=(f"{profession}_headcount", "sum"),
            fte=(f"{profession}_fte", "sum"),
            datasets=("dataset", lambda s: ", ".join(sorted(set(map(str, s))))),
        )
    )
    return grouped.astype({"persons": float, "fte": float})


def workforce_table(region: Region, profession: str) -> pd.DataFrame:
    """Workforce of `profession` per municipality of `region`, with provenance per row.

    The region's own data (``region.own_data``) replaces the estimate for every municipality
    where it lists a provider of this profession (see :data:`PROFESSION_KINDS`); the other
    municipalities keep the labelled estimate. Columns: persons, fte, provenance, method.
    """
    table = estimate_workforce(profession).loc[list(region.municipality_codes)].copy()
    if region.own_data is None:
        return table
    own = own_workforce(region.own_data, profession)
    covered = [c for c in table.index if c in own.index]
    for code in covered:
        table.loc[code, ["persons", "fte"]] = own.loc[code, ["persons", "fte"]].to_numpy()
        table.loc[code, "provenance"] = OWN_DATA
        table.loc[code, "method"] = f"imported data: {own.loc[code, 'datasets']}"
    return table


__all__ = [
    "ESTIMATE",
    "OWN_DATA",
    "PROFESSION_KINDS",
    "estimate_method",
    "estimate_workforce",
    "own_workforce",
    "workforce_table",
]
