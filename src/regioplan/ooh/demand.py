"""Out-of-hours demand of a region: expected calls per PC4 area, contact type, urgency and hour.

- Contacts per area and type: the area's population by age on 1 January of the simulated year
  (PC4 ages of 2024 following their municipality's projection, :mod:`regioplan.demography` via
  :func:`regioplan.access.years.areas_in_year`) times the calibrated contact rates by age and
  type (:func:`regioplan.ooh.ooh_rates`: 250 per 1,000 a year, 40/50/10 % by type, the published
  age anchors).
- Urgency given type: from the fitted joint shares of :func:`regioplan.ooh.profile.type_by_urgency`
  (estimate); U0 (1.4 %, estimate) is counted on top and not simulated.
- Hour: the year's hour profile (:func:`regioplan.ooh.profile.year_profile`; holidays as Sundays).
- Nursing-home calls for the SO/AVG on call, per organisation of the configuration: its places
  times :attr:`Params.so_calls_per_place` (assumption). Places are the configuration's, else the
  region's imported providers' ``beds_nursing`` in the organisation's municipalities, else an
  estimate (:data:`NATIONAL_PLACES` shared by the municipalities' population aged 80+).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access.areas import area_table
from regioplan.access.years import areas_in_year
from regioplan.data import AGE_GROUPS, AGE_LOWER, municipalities
from regioplan.errors import InputError
from regioplan.ooh.config import OohConfig
from regioplan.ooh.profile import (
    PROFILE_METHOD,
    TYPE_SPLIT_METHOD,
    type_by_urgency,
    urgency_mix,
    week_profile,
)
from regioplan.ooh.rates import OOH_TYPES, OohRates, ooh_rates
from regioplan.regions import Region, country, usage_weights

FloatArray = npt.NDArray[np.float64]

BASE_YEAR = 2024
LAST_YEAR = 2060
NATIONAL_PLACES = 191_303 - 68_908 - 21_209
"""Nursing-home residents with a Wlz indication (estimate): 191,303 people with an indication for
nursing-home care, minus 68,908 who receive it at home and 21,209 on the waiting list (ActiZ,
September 2023, via skipr.nl 'Zoveel mensen wachten op een plek in het verpleeghuis')."""
PLACES_SOURCE = (
    "estimate: 101,186 nursing-home residents nationally (ActiZ 2023: 191,303 Wlz indications "
    "for nursing-home care minus 68,908 at home and 21,209 waiting) shared by population 80+"
)
_PLACE_KINDS = ("nursing_home", "care_org", "disability_org")


@cache
def _rates() -> OohRates:
    return ooh_rates(country().population_by_age(), usage_weights("gp"))


@dataclass(frozen=True)
class Demand:
    """Expected out-of-hours demand of a region in one year."""

    year: int
    areas: pd.DataFrame
    """PC4 areas (index: PC4 as text): lat, lon, municipality, area_km2, urban, component,
    population and the 20 age groups of `year`."""
    per_year: FloatArray
    """(areas, 3) expected simulated contacts per year by type (:data:`OOH_TYPES`)."""
    joint: FloatArray
    """(5, 3) shares of urgency U1..U5 x type."""
    u0_per_year: float
    nursing: FloatArray
    """(organisations, areas) expected nursing-home calls to the SO/AVG on call per year."""
    places: dict[str, tuple[float, str]] = field(default_factory=dict)
    """Per organisation: places and their source."""
    method: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return float(self.per_year.sum())

    def urgency_given_type(self) -> FloatArray:
        """(3, 5) P(urgency | type)."""
        out: FloatArray = (self.joint / self.joint.sum(axis=0, keepdims=True)).T
        return out

    def by_area_hour(self) -> pd.DataFrame:
        """Expected calls in an ordinary week (no holiday) per area and hour of the week."""
        weekly = self.per_year.sum(axis=1) * 7.0 / 365.25
        return pd.DataFrame(
            weekly[:, None] * week_profile()[None, :], index=self.areas.index, columns=range(168)
        )

    def contacts(self) -> dict[str, float]:
        """Expected contacts per year by type and by urgency (U0 counted)."""
        by_type = dict(zip(OOH_TYPES, self.per_year.sum(axis=0).tolist(), strict=True))
        urg = self.joint.sum(axis=1) * self.total
        out = {f"type_{k}": v for k, v in by_type.items()}
        out.update({f"U{i + 1}": float(u) for i, u in enumerate(urg)})
        out["U0"] = self.u0_per_year
        out["nursing_home"] = float(self.nursing.sum())
        out["total"] = self.total + self.u0_per_year
        return out


def region_areas(region: Region, year: int) -> pd.DataFrame:
    """The region's PC4 areas with their population by age on 1-1-`year`."""
    if not BASE_YEAR <= year <= LAST_YEAR:
        raise InputError(f"year {year} is outside {BASE_YEAR}..{LAST_YEAR}")
    ids = region.pc4.index.astype(str)
    table = area_table("pc4")
    areas = table.loc[table.index.intersection(ids)]
    if areas.empty:
        raise InputError(f"region {region.code} has no PC4 areas")
    if year > BASE_YEAR:
        areas = areas_in_year(areas, year)
    return areas


def _places(
    region: Region, config: OohConfig, areas: pd.DataFrame
) -> tuple[FloatArray, dict[str, tuple[float, str]]]:
    """(organisations, areas) places and per organisation its total and source."""
    old = [g for g, lo in zip(AGE_GROUPS, AGE_LOWER, strict=True) if lo >= 80]
    m = municipalities()
    national_80 = float(m[old].to_numpy(float).sum())
    area_80 = areas[old].to_numpy(float).sum(axis=1)
    providers = None
    if region.own_data is not None:
        p = region.own_data.providers
        if "beds_nursing" in p.columns:
            providers = p[p["kind"].isin(_PLACE_KINDS)]
    out = np.zeros((len(config.organisations), len(areas)))
    info: dict[str, tuple[float, str]] = {}
    pos = {a: i for i, a in enumerate(areas.index)}
    for o, org in enumerate(config.organisations):
        in_org = areas["municipality"].isin(org.municipalities).to_numpy()
        weights = area_80 * in_org
        own = None
        if providers is not None:
            rows = providers[providers["municipality"].isin(org.municipalities)]
            beds = pd.to_numeric(rows["beds_nursing"], errors="coerce").fillna(0)
            if float(beds.sum()) > 0:
                own = rows.assign(beds=beds.to_numpy(float))
        if org.places is not None:
            total, source = float(org.places), "configuration"
        elif own is not None:
            total = float(own["beds"].sum())
            source = region.own_data.provenance if region.own_data else "own data"
            located = np.zeros(len(areas))
            for pc4, beds in zip(own["pc4"], own["beds"], strict=True):
                key = None if pd.isna(pc4) else str(int(pc4))
                if key in pos:
                    located[pos[key]] += beds
            if located.sum() > 0:
                weights = located
        else:
            total = (
                NATIONAL_PLACES
                * float(m.loc[m.index.intersection(org.municipalities), old].to_numpy(float).sum())
                / national_80
            )
            source = PLACES_SOURCE
        if weights.sum() <= 0:
            raise InputError(
                f"organisation {org.id!r}: none of its municipalities "
                f"({', '.join(org.municipalities)}) is in region {region.code}"
            )
        out[o] = total * weights / weights.sum()
        info[org.id] = (total, source)
    return out, info


def demand(region: Region, config: OohConfig, *, year: int) -> Demand:
    """Expected out-of-hours demand of `region` in `year` under `config` (its organisations)."""
    areas = region_areas(region, year)
    rates = _rates()
    ages = areas[list(AGE_GROUPS)].to_numpy(float)
    per_year = ages @ rates.rates[list(OOH_TYPES)].to_numpy(float)
    joint = type_by_urgency(per_year.sum(axis=0))
    _, u0 = urgency_mix()
    u0_per_year = float(per_year.sum()) * u0 / (1.0 - u0)
    places, info = _places(region, config, areas)
    nursing = places * config.params.so_calls_per_place
    method = {
        "population": f"PC4 ages of 1-1-{year} (CBS PC4 2021 shares of the municipality's ages; "
        "projected years follow the municipality's cohort-component projection) (estimate)",
        "rates": rates.method,
        "time_of_week": PROFILE_METHOD,
        "urgency": "U1-U5 1.5/11.1/38.0/21.7/26.3 % (BMC Fam Pract 2015, table 1); the remaining "
        "1.4 % counted as U0 (estimate), not simulated",
        "type_split": TYPE_SPLIT_METHOD,
        "nursing_homes": f"{config.params.so_calls_per_place:g} call(s) to the SO/AVG on call per "
        "place per year (assumption); places: "
        + ("; ".join(f"{k}: {v[0]:.0f} ({v[1]})" for k, v in info.items()) or "none configured"),
    }
    return Demand(year, areas, per_year, joint, u0_per_year, nursing, info, method)


__all__ = ["BASE_YEAR", "LAST_YEAR", "NATIONAL_PLACES", "Demand", "demand", "region_areas"]
