"""The import schema of care-provider files: one registry of columns with their type and help.

``docs/import.md`` is checked against :data:`COLUMNS` by a test, so every column documented there
exists here and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

KINDS: tuple[str, ...] = ("gp_practice", "care_org", "disability_org", "ooh_post", "nursing_home")
"""Allowed values of the ``kind`` column."""

STAFF: tuple[str, ...] = ("gp", "so", "avg", "np", "pa")
"""Professions with headcount and FTE columns: GP, SO, AVG, nurse practitioner, PA."""

STAFF_NAMES: dict[str, str] = {
    "gp": "general practitioners (huisarts)",
    "so": "elderly-care physicians (specialist ouderengeneeskunde)",
    "avg": "physicians for people with an intellectual disability (AVG)",
    "np": "nurse practitioners (verpleegkundig specialist)",
    "pa": "physician assistants",
}

AGE_BANDS: tuple[str, ...] = ("age_under_45", "age_45_59", "age_60_plus")
"""Optional age split of a profession's headcount; when given, all three must sum to it."""

BED_TYPES: dict[str, str] = {
    "beds_nursing": "long-term nursing-home beds (Wlz verpleeghuiszorg)",
    "beds_elv": "short primary-care stay beds (eerstelijnsverblijf, ELV)",
    "beds_crisis": "crisis beds",
    "beds_small_scale_housing": "places in small-scale housing (kleinschalige woonvorm)",
    "beds_respite": "respite-care beds (logeer-/respijtzorg)",
}

BED_KINDS: tuple[str, ...] = ("nursing_home", "care_org", "disability_org")
"""Kinds that may report beds; a GP practice or out-of-hours post with beds is an error."""

FTE_PER_PERSON_MAX = 1.2
"""FTE may exceed headcount by at most 20% (overtime, several contracts); more is a typo."""

# Bounding box of the European Netherlands including the Wadden islands and a small margin.
LAT_RANGE: tuple[float, float] = (50.70, 53.70)
LON_RANGE: tuple[float, float] = (3.20, 7.30)

ColumnType = Literal["kind", "text", "pc4", "lat", "lon", "municipality", "count", "fte"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the import file: its name, type, unit and help text."""

    name: str
    type: ColumnType
    unit: str
    help: str
    required: bool = False


def _columns() -> tuple[ColumnSpec, ...]:
    cols = [
        ColumnSpec("kind", "kind", "-", f"kind of provider: {', '.join(KINDS)}", required=True),
        ColumnSpec("name", "text", "-", "name of the location (1-200 characters)", required=True),
        ColumnSpec("pc4", "pc4", "-", "4-digit postcode of the location (e.g. 3311)"),
        ColumnSpec("lat", "lat", "degrees", "latitude (WGS84); give with lon"),
        ColumnSpec("lon", "lon", "degrees", "longitude (WGS84); give with lat"),
        ColumnSpec("municipality", "municipality", "-", "CBS municipality code GMxxxx (2023)"),
    ]
    for p in STAFF:
        who = STAFF_NAMES[p]
        cols.append(ColumnSpec(f"{p}_headcount", "count", "persons", f"number of {who}"))
        cols.append(ColumnSpec(f"{p}_fte", "fte", "FTE", f"full-time equivalents of {who}"))
    for p in STAFF:
        cols.append(ColumnSpec(f"{p}_age_under_45", "count", "persons", f"{p} aged under 45"))
        cols.append(ColumnSpec(f"{p}_age_45_59", "count", "persons", f"{p} aged 45-59"))
        cols.append(ColumnSpec(f"{p}_age_60_plus", "count", "persons", f"{p} aged 60 or older"))
        cols.append(ColumnSpec(f"{p}_female", "count", "persons", f"{p} who are women"))
    for bed, what in BED_TYPES.items():
        cols.append(ColumnSpec(bed, "count", "beds", what))
    return tuple(cols)


COLUMNS: tuple[ColumnSpec, ...] = _columns()
"""Every column an import file may have, in the canonical order."""

COLUMN_BY_NAME: dict[str, ColumnSpec] = {c.name: c for c in COLUMNS}

LOCATION_COLUMNS: tuple[str, ...] = ("pc4", "lat", "lon", "municipality")
STAFF_COLUMNS: tuple[str, ...] = tuple(f"{p}_{m}" for p in STAFF for m in ("headcount", "fte"))
OPTIONAL_COUNT_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in COLUMNS if c.type == "count" and c.name not in STAFF_COLUMNS
)

LOCATION_SOURCES: tuple[str, ...] = ("given", "pc4", "municipality")
"""Where a row's point comes from: its own lat/lon, its PC4 point, or the municipality centre."""

MUNICIPALITY_SOURCES: tuple[str, ...] = ("given", "pc4", "nearest_pc4")
"""Where a row's municipality comes from: the file, its PC4, or the PC4 point nearest lat/lon."""

__all__ = [
    "AGE_BANDS",
    "BED_KINDS",
    "BED_TYPES",
    "COLUMNS",
    "COLUMN_BY_NAME",
    "FTE_PER_PERSON_MAX",
    "KINDS",
    "LAT_RANGE",
    "LOCATION_COLUMNS",
    "LOCATION_SOURCES",
    "LON_RANGE",
    "MUNICIPALITY_SOURCES",
    "OPTIONAL_COUNT_COLUMNS",
    "STAFF",
    "STAFF_COLUMNS",
    "ColumnSpec",
]
