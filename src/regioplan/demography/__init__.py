"""Cohort-component population projection per municipality, 5-year age group and year.

>>> from regioplan.demography import project_population
>>> proj = project_population(end_year=2045)
>>> round(float(proj.aged(80)[2045]) / 1e6, 1)
1.8

See ``docs/demography.md`` for the method, the rates and their sources.
"""

from __future__ import annotations

from regioplan.demography.projection import BASE_YEAR, PopulationProjection, project_population
from regioplan.demography.rates import DemographicRates

__all__ = ["BASE_YEAR", "DemographicRates", "PopulationProjection", "project_population"]
