"""A tiny hand-checkable region for the scenario tests (importable, so it pickles)."""

from __future__ import annotations

import numpy as np

from regioplan.initiatives import get_initiative
from regioplan.scenarios.baseline import ProfessionBaseline, RegionBaseline
from regioplan.scenarios.files import InitiativeUse, ParamRange, Scenario

YEARS = (2025, 2026, 2027, 2028, 2029)


def tiny_profession(
    profession: str, *, supply: float = 100.0, demand: float = 120.0
) -> ProfessionBaseline:
    """Five years, constant supply 100 and demand 120 FTE; the stock loses 10 FTE a year.

    A stream of one trainee per year started in 2026 (index 1) adds 0, 0, 1, 2 FTE in its
    first four years; 10 trainees a year settle in the region; two municipalities hold 25 % and
    75 % of demand; a training site in the region would raise its share of new professionals
    by 20 %.
    """
    return ProfessionBaseline(
        profession=profession,
        years=YEARS,
        supply_fte=np.full(5, supply),
        demand_fte=np.full(5, demand),
        stock_fte=np.array([100.0, 90.0, 80.0, 70.0, 60.0]),
        per_intake_fte=np.array([0.0, 0.0, 0.0, 1.0, 2.0]),
        intake_start_index=1,
        trainees_settling=10.0,
        municipality_share={"GM0001": 0.25, "GM0002": 0.75},
        provenance="tiny test fixture",
        site_uplift=0.2,
    )


def tiny_region(code: str = "ZK99") -> RegionBaseline:
    """All three professions alike; density_scale 1.5."""
    return RegionBaseline(
        code=code,
        name=f"Tiny {code}",
        professions={p: tiny_profession(p) for p in ("gp", "so", "avg")},
        density_scale=1.5,
        municipality_names={"GM0001": "Eerstedorp", "GM0002": "Tweedestad"},
    )


def use(
    name: str,
    *,
    start: int = 2026,
    ramp_years: int = 0,
    municipalities: tuple[str, ...] | None = None,
    professions: tuple[str, ...] | None = None,
    **fixed: float,
) -> InitiativeUse:
    """An initiative with every parameter fixed: catalogue likely values, overridden by `fixed`."""
    item = get_initiative(name)
    params = {}
    for key, spec in item.parameters.items():
        v = fixed.get(key, spec.likely)
        params[key] = ParamRange(v, v, v)
    return InitiativeUse(
        initiative=item,
        start=start,
        ramp_years=ramp_years,
        professions=item.professions if professions is None else professions,
        municipalities=municipalities,
        parameters=params,
        label=name,
    )


def scenario(*uses: InitiativeUse, name: str = "test") -> Scenario:
    return Scenario(name=name, description="", uses=tuple(uses), source="test.toml")


def values(sc: Scenario) -> dict[str, np.ndarray]:
    """One draw at the (fixed) likely values."""
    return {
        f"{u.label}.{k}": np.array([r.likely]) for u in sc.uses for k, r in u.parameters.items()
    }
