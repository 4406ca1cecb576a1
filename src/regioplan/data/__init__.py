"""The bundled open data of the whole country, loaded fast and cached.

Sources and licences are in ``files/NOTICE`` and ``docs/data.md``; every table here names its source
in :data:`SOURCES`. Loaders return fresh copies so callers may modify them.

Age groups are 5-year groups ``age_0_4 .. age_95_plus`` (:data:`AGE_GROUPS`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import pandas as pd

from regioplan.errors import DataError

AGE_GROUPS: tuple[str, ...] = (
    "age_0_4", "age_5_9", "age_10_14", "age_15_19", "age_20_24", "age_25_29", "age_30_34",
    "age_35_39", "age_40_44", "age_45_49", "age_50_54", "age_55_59", "age_60_64", "age_65_69",
    "age_70_74", "age_75_79", "age_80_84", "age_85_89", "age_90_94", "age_95_plus",
)  # fmt: skip
"""The 20 five-year age groups, youngest first."""

AGE_LOWER: tuple[int, ...] = tuple(range(0, 100, 5))
"""Lower bound in years of each group in :data:`AGE_GROUPS`."""

LEVELS: tuple[str, ...] = ("zorgkantoor", "ggd", "provincie", "corop", "gemeente")
"""Region levels, coarse to fine (plus PC4 below the municipality)."""

Profession = Literal["gp", "so", "avg"]
"""A profession's code: general practitioner, elderly-care physician, physician for people with
an intellectual disability (see the glossary)."""

PROFESSIONS: tuple[Profession, ...] = ("gp", "so", "avg")
"""Every profession, in the order outputs list them."""

SOURCES: dict[str, str] = {
    "municipalities": "CBS Kerncijfers wijken en buurten 2024 (85984NED), population 1-1-2024; "
    "CBS/PDOK wijkenbuurten 2023 boundaries; region mapping derived by area overlap",
    "age_structure": "CBS 83502NED population by PC4 and 5-year age group 1-1-2021, aged to "
    "1-1-2024 with the demography engine and scaled to the 1-1-2024 municipal totals (estimate)",
    "pc4": "CBS 83502NED/83503NED population per PC4 1-1-2021; representative points from CBS PC4 "
    "2021 polygons",
    "training_centres": "compiled from Capaciteitsorgaan, Verenso and UMC sites; coordinates "
    "Eurostat/GISCO healthcare services 2019",
    "hospitals": "(c) EuroGeographics / Eurostat GISCO healthcare services 2019",
    "calibration": "national calibration figures compiled from public sources (one URL per row)",
    "national_workforce": "national workforce counts (see the source column per profession)",
}

ATTRIBUTION = (
    "Bron: CBS, PDOK (CC BY 4.0); (c) EuroGeographics / Eurostat GISCO. Bewerking: regioplan."
)
"""The credit line every output built from the bundled data carries (Dutch)."""

ATTRIBUTION_EN = (
    "Source: CBS (Statistics Netherlands), PDOK (CC BY 4.0); (c) EuroGeographics / Eurostat "
    "GISCO. Processing: regioplan."
)


def attribution(lang: str = "nl") -> str:
    """The credit line in `lang` (``nl`` or ``en``)."""
    return ATTRIBUTION_EN if lang == "en" else ATTRIBUTION


def _path(name: str) -> Any:
    return resources.files("regioplan.data").joinpath("files", name)


def _read_csv(name: str, **kwargs: Any) -> pd.DataFrame:
    try:
        with _path(name).open("rb") as fh:
            frame: pd.DataFrame = pd.read_csv(fh, **kwargs)
            return frame
    except FileNotFoundError as exc:  # pragma: no cover - broken install
        raise DataError(f"bundled data file {name!r} is missing; reinstall regioplan") from exc


@cache
def _municipalities() -> pd.DataFrame:
    return _read_csv("municipalities.csv", index_col="code")


def municipalities() -> pd.DataFrame:
    """The 342 municipalities (2023 borders), indexed by CBS code ``GMxxxx``.

    Columns: name, province_code, province, ggd_code, ggd, zorgkantoor_code, zorgkantoor, corop,
    corop_code, population_2024, men_2024, women_2024, area_km2, land_km2, the 20 age groups
    (2024, estimated: the 2021 ages aged three years, see docs/data.md), age_approximated (1 for
    the 8 municipalities whose PC4 areas cross their border), pc4_to_cbs_ratio_2021, lon, lat
    (population-weighted centre).
    """
    return _municipalities().copy()


@cache
def _pc4() -> pd.DataFrame:
    return _read_csv("pc4.csv", index_col="pc4")


def pc4_areas() -> pd.DataFrame:
    """The 4,067 PC4 areas, indexed by the 4-digit postcode (int).

    Columns: population_2021, lon, lat (a point inside the area), area_km2, municipality (2023
    code containing the point), the 20 age groups (2021, CBS rounded to 5).
    """
    return _pc4().copy()


def training_centres() -> pd.DataFrame:
    """Training locations per profession: centre, profession, city, lat, lon, source_note."""
    return _read_csv("training_centres.csv")


def hospitals() -> pd.DataFrame:
    """Eurostat/GISCO hospital sites in the Netherlands (2019), 245 rows."""
    return _read_csv("hospitals.csv")


def umc_sites() -> pd.DataFrame:
    """The 8 sites of the 7 university medical centres (2019)."""
    return _read_csv("umc_sites.csv")


def calibration() -> pd.DataFrame:
    """National calibration figures: topic, indicator, value, unit, reference_year, source..."""
    return _read_csv("calibration.csv")


def national_workforce() -> pd.DataFrame:
    """National headcount per profession with reference date, status and source."""
    return _read_csv("national_workforce.csv", index_col="profession")


@dataclass(frozen=True)
class NationalWorkforce:
    """National headcount of one profession with its FTE factor and provenance."""

    profession: str
    persons: float
    reference_date: str
    status: str
    source: str
    fte_per_person: float
    fte_source: str

    @property
    def is_assumption(self) -> bool:
        return self.status == "assumption"


def national_figure(profession: str) -> NationalWorkforce:
    """The national workforce figure of `profession` (gp, so, avg)."""
    table = national_workforce()
    if profession not in table.index:
        raise DataError(f"no national workforce figure for {profession!r}")
    row = {str(k): v for k, v in table.to_dict(orient="index")[profession].items()}
    return NationalWorkforce(
        profession=profession,
        persons=float(row["persons"]),
        reference_date=str(row["reference_date"]),
        status=str(row["status"]),
        source=str(row["source"]),
        fte_per_person=float(row["fte_per_person"]),
        fte_source=str(row["fte_source"]),
    )


@cache
def _geometry(level: str) -> str:
    if level not in ("gemeente", "zorgkantoor", "ggd", "provincie"):
        raise DataError(f"no bundled geometry for level {level!r}")
    name = "municipalities.geojson" if level == "gemeente" else f"{level}.geojson"
    text: str = _path(name).read_text(encoding="utf-8")
    return text


def geometry(level: str) -> dict[str, Any]:
    """GeoJSON FeatureCollection (WGS84) of `level`; each feature has properties code, name."""
    result: dict[str, Any] = json.loads(_geometry(level))
    return result


def notice() -> str:
    """The attribution and provenance notice shipped with the data."""
    text: str = _path("NOTICE").read_text(encoding="utf-8")
    return text


__all__ = [
    "AGE_GROUPS",
    "AGE_LOWER",
    "ATTRIBUTION",
    "ATTRIBUTION_EN",
    "LEVELS",
    "PROFESSIONS",
    "SOURCES",
    "NationalWorkforce",
    "Profession",
    "attribution",
    "calibration",
    "geometry",
    "hospitals",
    "municipalities",
    "national_figure",
    "national_workforce",
    "notice",
    "pc4_areas",
    "training_centres",
    "umc_sites",
]
