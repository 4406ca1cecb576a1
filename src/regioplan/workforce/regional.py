"""Regional projection: the national model split over municipalities, summed to any region.

Three shares per municipality m turn the national run into regional ones; each sums to 1 over
the 342 municipalities, so the regions of any level add up to the national run exactly:

* stock share ``s_m``: its share of today's workforce (own data where the region has imported
  it, the labelled estimate elsewhere; :func:`regioplan.regions.workforce_table`). The region's
  current stock follows the national outflow and FTE-per-person curves.
* settling share ``t_m``: the share of all newly trained professionals (cohorts 1-3 and the
  foreign inflow) who settle in m. It falls with the road distance d_m to the nearest training
  centre of the profession: ``t_m ∝ U_m (α + (1 − α) exp(−d_m / L))``, with U_m the municipality's
  demand units today, L the decay length and α the part that settles regardless of distance
  (:class:`SettlementModel`, assumptions with ranges).
* demand share ``u_m(t)``: its share of the national demand units in year t, from its own
  projected population by age (:mod:`regioplan.demography`) weighted with the profession's
  use by age (:func:`regioplan.regions.usage_weights`). Regional demand is the national demand
  (unmet demand, the set's demographic growth and the national non-demographic factors) times
  this share, so a region whose population ages faster than the country gains demand share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from regioplan.demography import PopulationProjection, project_population
from regioplan.errors import ParameterError
from regioplan.stats import triangular
from regioplan.workforce.engine import Array, intake_to_close
from regioplan.workforce.national import UNITS, NationalProjection, project_national, rounded
from regioplan.workforce.parameters import ParameterSet, load_params

if TYPE_CHECKING:
    from regioplan.regions import OwnData, Region

DECAY_KM: dict[str, float] = {"gp": 50.0, "so": 50.0, "avg": 100.0}
"""Default decay length L in road km per profession (assumption; ranges in the docs)."""

DECAY_RANGE_KM: dict[str, tuple[float, float]] = {
    "gp": (25.0, 100.0),
    "so": (25.0, 100.0),
    "avg": (50.0, 200.0),
}
BASE_SHARE = 0.3
"""Default α: the part of new professionals that settles regardless of distance (assumption)."""
BASE_SHARE_RANGE = (0.1, 0.5)


@dataclass(frozen=True)
class SettlementModel:
    """Where new professionals settle: ``t_m ∝ U_m (α + (1 − α) exp(−d_m / L))``.

    >>> SettlementModel().decay_km_for("avg")
    100.0
    """

    decay_km: dict[str, float] = field(default_factory=lambda: dict(DECAY_KM))
    base_share: float = BASE_SHARE

    def __post_init__(self) -> None:
        if not 0 <= self.base_share <= 1:
            raise ParameterError(
                f"settlement base_share = {self.base_share} is out of range [0, 1]"
            )
        for prof, km in self.decay_km.items():
            if not km > 0:
                raise ParameterError(f"settlement decay_km[{prof!r}] = {km} must be > 0 km")

    def decay_km_for(self, profession: str) -> float:
        return float(self.decay_km.get(profession, DECAY_KM.get(profession, 50.0)))

    def weights(self, demand_units: Array, distance_km: Array, profession: str) -> Array:
        """Settling shares over areas (sum 1); arrays are per area."""
        attract = self.base_share + (1 - self.base_share) * np.exp(
            -distance_km / self.decay_km_for(profession)
        )
        w = demand_units * attract
        out: Array = w / w.sum()
        return out

    def draw_weights(
        self,
        demand_units: Array,
        distance_km: Array,
        profession: str,
        draws: int,
        rng: np.random.Generator,
    ) -> Array:
        """Settling shares for `draws` drawn (L, α), shape (draws, areas), each row sums to 1.

        L and α are drawn from triangular distributions over :data:`DECAY_RANGE_KM` and
        :data:`BASE_SHARE_RANGE` with this model's values as the mode.
        """
        lo, hi = DECAY_RANGE_KM.get(profession, (25.0, 100.0))
        km = self.decay_km_for(profession)
        decay = triangular(
            rng.random((draws, 1)),
            np.array([[min(lo, km)]]),
            np.array([[km]]),
            np.array([[max(hi, km)]]),
        )
        a_lo, a_hi = BASE_SHARE_RANGE
        alpha = triangular(
            rng.random((draws, 1)),
            np.array([[min(a_lo, self.base_share)]]),
            np.array([[self.base_share]]),
            np.array([[max(a_hi, self.base_share)]]),
        )
        w = demand_units[None, :] * (alpha + (1 - alpha) * np.exp(-distance_km[None, :] / decay))
        out: Array = w / w.sum(axis=1, keepdims=True)
        return out


@dataclass(frozen=True)
class MunicipalShares:
    """The three shares of every municipality for one profession and one parameter set."""

    codes: tuple[str, ...]
    stock: Array  # (M,)
    settling: Array  # (M,)
    demand: Array  # (M, 21): share of national demand units in each model year
    own_data_persons: Array  # (M,) persons from own data (0 where estimated)
    total_persons: float  # persons in the workforce table over all municipalities
    provenance: dict[str, Any]
    profession: str = "gp"
    units: Array | None = None  # (M,) demand units today, input of the settling model
    distance_km: Array | None = None  # (M,) road km to the nearest training centre
    settlement: SettlementModel | None = None
    years: tuple[int, ...] = ()  # the model years the demand shares were made for

    def check_fits(self, params: ParameterSet, profession: str) -> None:
        """Refuse shares made for another profession or other model years than the run's."""
        if self.profession != profession:
            raise ParameterError(
                f"shares are for {self.profession!r}, the run is for {profession!r}"
            )
        if self.years and self.years != params.years:
            raise ParameterError(
                f"shares were made for the model years {self.years[0]}..{self.years[-1]}, but "
                f"parameter set {params.name!r} covers {params.years[0]}..{params.years[-1]}; "
                "make them with municipal_shares() of this set"
            )

    def draw_settling(self, draws: int, rng: np.random.Generator) -> Array:
        """Settling shares with drawn settlement parameters, shape (draws, M)."""
        if self.units is None or self.distance_km is None or self.settlement is None:
            return np.repeat(self.settling[None, :], draws, axis=0)
        return self.settlement.draw_weights(
            self.units, self.distance_km, self.profession, draws, rng
        )

    def own_data_share(self, idx: Array) -> float:
        """Share of the persons of the areas `idx` that comes from own data, not the estimate."""
        total = float(self.stock[idx].sum()) * self.total_persons
        return float(self.own_data_persons[idx].sum()) / total if total > 0 else 0.0

    def region_index(self, codes: tuple[str, ...] | list[str]) -> Array:
        pos = {c: i for i, c in enumerate(self.codes)}
        return np.asarray([pos[c] for c in codes], dtype=np.int64)


def resolve_profession(params: ParameterSet, profession: str | None) -> str:
    """The profession of a run: the given one, which must agree with the set's own code."""
    own = params.profession
    if profession is not None and own is not None and profession != own:
        raise ParameterError(
            f"profession {profession!r} does not match parameter set {params.name!r} ({own})"
        )
    prof = profession or own
    if prof not in DECAY_KM:
        raise ParameterError(
            f"parameter set {params.name!r} names no profession (meta.code); pass one of "
            f"{', '.join(DECAY_KM)}"
        )
    return prof


@cache
def _projection(end_year: int) -> PopulationProjection:
    return project_population(end_year=max(end_year, 2025))


def municipal_shares(
    params: ParameterSet,
    profession: str | None = None,
    *,
    own_data: OwnData | None = None,
    settlement: SettlementModel | None = None,
) -> MunicipalShares:
    """Stock, settling and demand shares of the 342 municipalities (each sums to 1).

    `own_data` (a region's :class:`~regioplan.regions.OwnData`) replaces the estimated stock of
    the municipalities where it lists providers."""
    from regioplan.data import municipalities
    from regioplan.regions import country, training_distance_km, usage_weights, workforce_table

    prof = resolve_profession(params, profession)
    settlement = settlement or SettlementModel()
    m = municipalities()
    codes = tuple(str(c) for c in m.index)
    table = workforce_table(country().with_own_data(own_data), prof).reindex(list(codes))
    persons = table["persons"].to_numpy(dtype=np.float64)
    if persons.sum() <= 0:
        raise ParameterError(
            f"no {prof} workforce in any municipality; cannot split the national run"
        )
    own = np.where(table["provenance"].to_numpy() == "own data", persons, 0.0)
    proj = _projection(params.years[-1])
    units = proj.weighted(usage_weights(prof))  # (projection years, M)
    # model years before the projection start use its first year; the bundled start is 2024
    idx = np.clip(np.asarray(params.years) - proj.years[0], 0, len(proj.years) - 1)
    per_year = units[idx]  # (21, M)
    demand = (per_year / per_year.sum(axis=1, keepdims=True)).T
    today = units[0]
    dist = training_distance_km(prof).reindex(list(codes)).to_numpy(dtype=np.float64)
    settling = settlement.weights(today, dist, prof)
    prov = {
        "stock_share": "regioplan.regions.workforce_table (own data where imported, else estimate)",
        "settling_share": (
            "distance decay t ∝ U (α + (1-α) exp(-d/L)), "
            f"L = {settlement.decay_km_for(prof):g} km, α = {settlement.base_share:g} "
            f"(assumptions); d = road km to the nearest {prof} training centre"
        ),
        "demand_share": "regioplan.demography projection x regioplan.regions.usage_weights",
        "status": "estimate",
    }
    return MunicipalShares(
        codes,
        persons / persons.sum(),
        settling,
        demand,
        own,
        float(persons.sum()),
        prov,
        profession=prof,
        units=today,
        distance_km=dist,
        settlement=settlement,
        years=params.years,
    )


@dataclass(frozen=True)
class RegionalProjection:
    """Supply, demand and gap of one region per year, and its part of the equilibrium intake.

    ``equilibrium_intake_share`` (trainees per year) is the number of the national equilibrium
    intake that must *settle in this region* for its gap to close in the balance year; it sums over
    the regions of a level to the national equilibrium intake. ``expected_settling`` is what the
    region receives of that intake under the settlement model; ``current_settling`` what it
    receives of the set's current intake (the default the report and the CLI show first).
    """

    region_code: str
    region_name: str
    level: str
    national: NationalProjection
    years: tuple[int, ...]
    stock_share: float
    settling_share: float
    demand_share: Array
    supply_fte: Array
    supply_persons: Array
    demand_fte: Array
    other_fte: Array
    equilibrium_by_year: Array
    equilibrium_intake_share: float
    expected_settling: float
    own_data_share: float
    provenance: dict[str, Any]
    table_persons: float = 0.0  # the region's persons in the workforce table the shares came from

    @property
    def gap_fte(self) -> Array:
        out: Array = self.demand_fte - self.supply_fte
        return out

    @property
    def balance_year(self) -> int:
        return self.national.balance_year

    @property
    def current_settling(self) -> float:
        """Trainees per year expected to settle in the region at the current national intake."""
        return self.settling_share * float(self.national.intake)

    def to_dict(self) -> dict[str, Any]:
        nat = self.national
        return {
            "profession": nat.params.profession,
            "region": {"code": self.region_code, "name": self.region_name, "level": self.level},
            "parameter_set": nat.params.name,
            "scenario": nat.scenario,
            "variant": nat.variant,
            "years": list(self.years),
            "supply_fte": rounded(self.supply_fte),
            "supply_persons": rounded(self.supply_persons),
            "demand_fte": rounded(self.demand_fte),
            "gap_fte": rounded(self.gap_fte),
            "equilibrium_intake_by_year": rounded(self.equilibrium_by_year),
            "balance_year": self.balance_year,
            "equilibrium_intake": round(self.equilibrium_intake_share, 2),
            "national_equilibrium_intake": round(nat.equilibrium_intake, 2),
            "expected_settling": round(self.expected_settling, 2),
            "current_settling": round(self.current_settling, 2),
            "stock_share": round(self.stock_share, 6),
            "settling_share": round(self.settling_share, 6),
            "demand_share": [round(float(x), 6) for x in self.demand_share],
            "own_data_share": round(self.own_data_share, 4),
            "table_persons": round(self.table_persons, 2),
            "intake": nat.intake,
            "units": {
                **UNITS,
                "equilibrium_intake": "trainees per year who must settle in the region "
                "(its share of the national equilibrium intake)",
                "stock_share": "fraction of today's national workforce",
                "settling_share": "fraction of newly trained professionals settling here",
                "current_settling": "trainees per year expected to settle here at the current "
                "national intake",
                "expected_settling": "trainees per year expected to settle here if the nation "
                "trains its equilibrium intake",
                "demand_share": "fraction of national demand, per year",
                "table_persons": "persons in the workforce table (own data or estimate) that "
                "give the stock share; the model scales the share to the set's headcount",
            },
            "provenance": self.provenance,
        }


def municipal_supply_fte(national: NationalProjection, shares: MunicipalShares) -> pd.DataFrame:
    """Supply FTE of a national run per municipality (rows) and model year (columns).

    The split of :func:`project_region`, per municipality: stock share x the FTE of today's
    workforce plus settling share x the FTE of everyone trained since the base year.
    """
    shares.check_fits(national.params, resolve_profession(national.params, shares.profession))
    stock = np.asarray(national.fte_by_route["stock"], dtype=float)
    trained = np.asarray(national.supply_fte, dtype=float) - stock
    values = np.outer(shares.stock, stock) + np.outer(shares.settling, trained)
    return pd.DataFrame(values, index=list(shares.codes), columns=list(national.years))


def project_region(
    region: Region,
    profession: str | None = None,
    *,
    params: ParameterSet | None = None,
    intake: float | None = None,
    balance_year: int | None = None,
    scenario: int = 6,
    variant: str = "mid",
    settlement: SettlementModel | None = None,
    shares: MunicipalShares | None = None,
) -> RegionalProjection:
    """Project one region (a :class:`regioplan.regions.Region`) for one profession.

    Either `profession` (its default parameter set) or `params` must be given. The region's own
    data (``region.own_data``) replaces the estimated stock where present (unless `shares` are
    given).
    """
    if params is None:
        params = load_params(profession=profession or "gp")
    prof = resolve_profession(params, profession)
    nat = project_national(
        params, intake=intake, balance_year=balance_year, scenario=scenario, variant=variant
    )
    sh = shares or municipal_shares(
        nat.params, prof, own_data=region.own_data, settlement=settlement
    )
    sh.check_fits(nat.params, prof)
    idx = sh.region_index(tuple(region.municipality_codes))
    s_r = float(sh.stock[idx].sum())
    t_r = float(sh.settling[idx].sum())
    u_r = sh.demand[idx].sum(axis=0)
    trained = nat.supply_fte - nat.fte_by_route["stock"]
    supply = s_r * nat.fte_by_route["stock"] + t_r * trained
    persons = s_r * nat.persons_by_route["stock"] + t_r * (
        nat.supply_persons - nat.persons_by_route["stock"]
    )
    demand = nat.demand_fte * u_r
    other = supply - t_r * nat.fte_by_route["cohort3"]
    eq = intake_to_close(demand, other, nat.per_intake_fte)
    k = nat.index(nat.balance_year)
    own_share = sh.own_data_share(idx)
    prov = {
        **nat.provenance,
        **sh.provenance,
        "region_source": getattr(region, "source", "bundled"),
    }
    return RegionalProjection(
        region_code=str(region.code),
        region_name=str(region.name),
        level=str(region.level),
        national=nat,
        years=nat.years,
        stock_share=s_r,
        settling_share=t_r,
        demand_share=u_r,
        supply_fte=supply,
        supply_persons=persons,
        demand_fte=demand,
        other_fte=other,
        equilibrium_by_year=eq,
        equilibrium_intake_share=float(eq[k]),
        expected_settling=t_r * nat.equilibrium_intake,
        own_data_share=own_share,
        table_persons=s_r * sh.total_persons,
        provenance=prov,
    )


__all__ = [
    "BASE_SHARE",
    "DECAY_KM",
    "MunicipalShares",
    "RegionalProjection",
    "SettlementModel",
    "municipal_shares",
    "project_region",
    "resolve_profession",
]
