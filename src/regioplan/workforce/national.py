"""The national projection: one parameter set in, supply, demand, gap and intake advice out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from regioplan.errors import ParameterError
from regioplan.workforce import engine
from regioplan.workforce.engine import Array, SupplyArrays
from regioplan.workforce.parameters import (
    NONDEMOGRAPHIC,
    SCENARIOS,
    VARIANTS,
    ParameterSet,
    check_balance_year,
)

DEFAULT_SCENARIO = 6
DEFAULT_VARIANT = "mid"
DEFAULT_HORIZON = 2040
"""The year the regiobeeld, the report and the CLIs look ahead to by default: the report's
horizon and, where the parameter set allows it, the balance year of the training inflow."""


def default_balance_year(params: ParameterSet, horizon: int = DEFAULT_HORIZON) -> tuple[int, str]:
    """(balance year, why): `horizon` if the set allows it as balance year, else its own second.

    One rule for the report and ``regioplan workforce project``, so both name the same inflow.

    >>> from regioplan.workforce.parameters import load_params
    >>> default_balance_year(load_params(profession="so"))
    (2040, 'balance year 2040 (the horizon)')
    """
    try:
        check_balance_year(params, horizon)
    except ParameterError as exc:
        year = int(params.balance_years[1])
        return year, f"balance year {year} (the horizon {horizon} is not allowed: {exc})"
    return horizon, f"balance year {horizon} (the horizon)"


@dataclass(frozen=True)
class Decomposition:
    """The impact decomposition of the equilibrium intake (§7), trainees per year per term."""

    balance_year: int
    variant: str
    terms: dict[str, float]
    continued: dict[str, float]
    totals: dict[int, float]


@dataclass(frozen=True)
class NationalProjection:
    """Supply, demand, gap and equilibrium intake per year (k = 0..20) of one parameter set.

    Arrays have one value per year in :attr:`years`. Supply is in persons and FTE, demand and
    gap in FTE (gap = demand - supply, positive is a shortage), intakes in trainees per year.
    ``demand``, ``gap`` and ``equilibrium_by_year`` hold every scenario and variant;
    ``demand_fte``/``gap_fte`` the chosen ``scenario`` and ``variant``.
    """

    params: ParameterSet
    scenario: int
    variant: str
    balance_year: int
    intake: float
    years: tuple[int, ...]
    supply_fte: Array
    supply_persons: Array
    persons_by_route: dict[str, Array]
    persons_by_sex: dict[str, Array]
    fte_by_route: dict[str, Array]
    fte_per_person: dict[str, Array]
    other_fte: Array
    per_intake_fte: Array
    in_training: dict[str, Array]
    demand: dict[tuple[int, str], Array]
    equilibrium_by_year: dict[tuple[int, str], Array]
    equilibrium_intake: float
    equilibrium_intake_range: dict[str, float]
    decomposition: Decomposition | None
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def demand_fte(self) -> Array:
        return self.demand[(self.scenario, self.variant)]

    @property
    def gap_fte(self) -> Array:
        out: Array = self.demand_fte - self.supply_fte
        return out

    def gap(self, scenario: int, variant: str) -> Array:
        out: Array = self.demand[(scenario, variant)] - self.supply_fte
        return out

    def relative_gap(self, scenario: int, variant: str) -> Array:
        out: Array = self.supply_fte / self.demand[(scenario, variant)] - 1.0
        return out

    @property
    def mean_fte(self) -> Array:
        out: Array = self.supply_fte / self.supply_persons
        return out

    @property
    def share_female(self) -> Array:
        out: Array = self.persons_by_sex["female"] / self.supply_persons
        return out

    def index(self, year: int) -> int:
        return year - self.years[0]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary with the CLI's keys."""
        key = (self.scenario, self.variant)
        return {
            "profession": self.params.profession,
            "region": None,
            "parameter_set": self.params.name,
            "scenario": self.scenario,
            "variant": self.variant,
            "years": list(self.years),
            "supply_fte": rounded(self.supply_fte),
            "supply_persons": rounded(self.supply_persons),
            "demand_fte": rounded(self.demand_fte),
            "gap_fte": rounded(self.gap_fte),
            "equilibrium_intake_by_year": rounded(self.equilibrium_by_year[key]),
            "balance_year": self.balance_year,
            "equilibrium_intake": round(self.equilibrium_intake, 2),
            "equilibrium_intake_range": {
                k: round(x, 2) for k, x in self.equilibrium_intake_range.items()
            },
            "intake": self.intake,
            "decomposition": None
            if self.decomposition is None
            else {
                "terms": {k: round(x, 2) for k, x in self.decomposition.terms.items()},
                "totals": {str(k): round(x, 2) for k, x in self.decomposition.totals.items()},
            },
            "units": UNITS,
            "provenance": self.provenance,
        }


UNITS = {
    "supply_fte": "FTE",
    "supply_persons": "persons",
    "demand_fte": "FTE",
    "gap_fte": "FTE (demand - supply; positive = shortage)",
    "equilibrium_intake": "trainees starting per year",
}


def rounded(a: Array) -> list[float | None]:
    return [None if not np.isfinite(x) else round(float(x), 2) for x in a]


def provenance(params: ParameterSet) -> dict[str, Any]:
    """Where the numbers of a run come from."""
    status = (
        "estimate (contains labelled assumptions)" if params.is_estimate else "published parameters"
    )
    return {
        "model": "Capaciteitsorgaan stock-and-flow model as specified in docs/workforce.md",
        "parameter_set": params.name,
        "parameter_source": params.source,
        "projection": params.meta.get("projection"),
        "status": status,
        "assumptions": [a.key for a in params.assumptions],
        "sources": list(params.meta.get("sources", [])),
    }


def _check_choice(scenario: int, variant: str) -> None:
    if scenario not in SCENARIOS:
        raise ParameterError(
            f"scenario {scenario} is not allowed; allowed: {', '.join(map(str, SCENARIOS))}"
        )
    if variant not in VARIANTS:
        raise ParameterError(f"variant {variant!r} is not allowed; allowed: {', '.join(VARIANTS)}")


def project_national(
    params: ParameterSet,
    *,
    intake: float | None = None,
    balance_year: int | None = None,
    scenario: int = DEFAULT_SCENARIO,
    variant: str = DEFAULT_VARIANT,
) -> NationalProjection:
    """Run the national model of one parameter set.

    `intake` replaces the cohort-3 intake (the decision variable; default: the set's current
    intake); `balance_year` defaults to the set's second balance year.

    >>> from regioplan.workforce.parameters import load_params
    >>> run = project_national(load_params("gp_2022"))
    >>> round(run.equilibrium_intake, 2), round(float(run.supply_fte[18]), 2)
    (1364.93, 14581.65)
    """
    _check_choice(scenario, variant)
    if intake is not None:
        if not 0 <= intake <= 1e6:
            raise ParameterError(f"intake = {intake} is out of range [0, 1000000] trainees/year")
        params = params.replace(**{"training.cohort3.intake_per_year": float(intake)})
    year = params.balance_years[1] if balance_year is None else balance_year
    k_star = check_balance_year(params, year)
    v = engine.flat_arrays(params)
    s = engine.supply(params, v)
    fte0 = engine.base_fte(v)
    demand: dict[tuple[int, str], Array] = {}
    eq: dict[tuple[int, str], Array] = {}
    for x in SCENARIOS:
        for var in VARIANTS:
            rates = engine.variant_rates(v, var)
            r = engine.demand(fte0, rates, x, params.trend_offset)
            demand[(x, var)] = r[0]
            eq[(x, var)] = engine.equilibrium_intake(r, s)[0]
    decomposition = decompose(params, s, k_star, variant) if scenario != 4 else None
    return NationalProjection(
        params=params,
        scenario=scenario,
        variant=variant,
        balance_year=year,
        intake=params.scalar("training.cohort3.intake_per_year"),
        years=params.years,
        supply_fte=s.total_fte[0],
        supply_persons=s.total_persons()[0],
        persons_by_route={r: s.route_persons(r)[0] for r in s.persons},
        persons_by_sex={sex: s.total_persons(sex)[0] for sex in engine.SEXES},
        fte_by_route={r: a[0] for r, a in s.fte.items()},
        fte_per_person={sex: a[0] for sex, a in s.fte_per_person.items()},
        other_fte=s.other_fte[0],
        per_intake_fte=s.per_intake_fte[0],
        in_training={kk: a[0] for kk, a in engine.in_training(params, v).items()},
        demand=demand,
        equilibrium_by_year=eq,
        equilibrium_intake=float(eq[(scenario, variant)][k_star]),
        equilibrium_intake_range={var: float(eq[(scenario, var)][k_star]) for var in VARIANTS},
        decomposition=decomposition,
        provenance=provenance(params),
    )


def decompose(params: ParameterSet, s: SupplyArrays, k_star: int, variant: str) -> Decomposition:
    """Split n3* at balance offset `k_star` into the contribution of each factor (§7)."""
    v = engine.flat_arrays(params)
    rates = {k: float(a[0]) for k, a in engine.variant_rates(v, variant).items() if a.ndim == 1}
    fte0 = float(engine.base_fte(v)[0])
    lam = 1.0 / float(s.per_intake_fte[0, k_star])
    omega = rates["unmet_demand"]
    delta = float(engine.l5_from_zero(v[f"demand.{variant}.demography"])[0, k_star])
    theta = min(k_star, params.trend_offset)
    stock_fte = float(s.fte["stock"][0, k_star])
    base = (1 + delta) * fte0 * (1 + omega) * lam
    terms = {
        "outflow": (fte0 - stock_fte) * lam,
        "cohort1": -float(s.fte["cohort1"][0, k_star]) * lam,
        "cohort2": -float(s.fte["cohort2"][0, k_star]) * lam,
        "foreign": -float(s.fte["foreign"][0, k_star]) * lam,
        "unmet_demand": omega * fte0 * lam,
        "demography": delta * fte0 * (1 + omega) * lam,
    }
    continued: dict[str, float] = {}
    for x in NONDEMOGRAPHIC:
        rate = rates[x]
        if x == "working_time_reduction":
            rate = 1.0 / (1.0 - rate) - 1.0
        terms[x] = theta * rate * base
        continued[x] = k_star * rate * base
    s1 = sum(
        terms[t] for t in ("outflow", "cohort1", "cohort2", "foreign", "unmet_demand", "demography")
    )
    work = NONDEMOGRAPHIC[:5]
    s2 = s1 + sum(terms[x] for x in work)
    s3 = s1 + sum(continued[x] for x in work)
    s6 = s2 + terms["working_time_reduction"] + terms["vertical_substitution"]
    return Decomposition(
        params.year("base_year") + k_star, variant, terms, continued, {1: s1, 2: s2, 3: s3, 6: s6}
    )


__all__ = [
    "DEFAULT_HORIZON",
    "DEFAULT_SCENARIO",
    "DEFAULT_VARIANT",
    "UNITS",
    "Decomposition",
    "NationalProjection",
    "decompose",
    "default_balance_year",
    "project_national",
    "provenance",
    "rounded",
]
