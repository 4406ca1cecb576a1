"""Out-of-hours (ANW) care: demand from the population and published contact rates.

>>> from regioplan.regions import country
>>> from regioplan.regions import usage_weights
>>> rates = ooh_rates(country().population_by_age(), usage_weights("gp"))
>>> round(sum(rates.national_per_1000.values()))
250
"""

from __future__ import annotations

from regioplan.ooh.rates import OOH_TYPES, OohRates, ooh_contacts, ooh_rates

__all__ = ["OOH_TYPES", "OohRates", "ooh_contacts", "ooh_rates"]
