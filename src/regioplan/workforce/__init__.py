"""Workforce projection: supply, demand, gap and the equilibrium training intake.

The national stock-and-flow model of the Capaciteitsorgaan (``docs/workforce.md``), for GPs, SOs
and AVGs, nationally and for any region, with a seeded Monte Carlo over the parameter ranges.

>>> from regioplan.workforce import load_params, project_national
>>> run = project_national(load_params("gp_2022"), variant="low")
>>> round(run.equilibrium_intake, 2)
1190.39
"""

from __future__ import annotations

from regioplan.workforce.montecarlo import (
    Band,
    MonteCarloResult,
    MunicipalBands,
    monte_carlo,
    monte_carlo_municipalities,
)
from regioplan.workforce.national import Decomposition, NationalProjection, project_national
from regioplan.workforce.parameters import (
    SCENARIOS,
    VARIANTS,
    Assumption,
    ParameterSet,
    available_params,
    load_params,
    parse_params,
)
from regioplan.workforce.regional import (
    MunicipalShares,
    RegionalProjection,
    SettlementModel,
    municipal_shares,
    municipal_supply_fte,
    project_region,
)

__all__ = [
    "SCENARIOS",
    "VARIANTS",
    "Assumption",
    "Band",
    "Decomposition",
    "MonteCarloResult",
    "MunicipalBands",
    "MunicipalShares",
    "NationalProjection",
    "ParameterSet",
    "RegionalProjection",
    "SettlementModel",
    "available_params",
    "load_params",
    "monte_carlo",
    "monte_carlo_municipalities",
    "municipal_shares",
    "municipal_supply_fte",
    "parse_params",
    "project_national",
    "project_region",
]
