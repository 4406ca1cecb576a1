"""Cohort-component population projection per municipality, 5-year age group and year.

>>> from regioplan.demography import project_population
>>> proj = project_population(end_year=2045)
>>> 1.6e6 < proj.aged(80)[2045] < 2.0e6
True

See ``docs/demography.md`` for the method, the rates and their sources.
"""

from __future__ import annotations

from regioplan.demography.projection import BASE_YEAR, PopulationProjection, project_population
from regioplan.demography.rates import DemographicRates

__all__ = ["BASE_YEAR", "DemographicRates", "PopulationProjection", "project_population"]
