"""A region's own data: the care providers it imported, with where and when they came from.

The store loads it (:func:`regioplan.store.load_own_data`) and a :class:`~regioplan.regions.Region`
carries it (``region.own_data``); engines read it from the region instead of taking a providers
table as an argument.

>>> import datetime as dt
>>> import pandas as pd
>>> source = OwnDataset("waardenland", dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), "3051f3ac7e98")
>>> own = OwnData(pd.DataFrame({"municipality": ["GM0505"]}), (source,))
>>> own.dataset_names, own.provenance
(('waardenland',), 'own data: waardenland (imported 2026-01-05 09:00 UTC, sha256 3051f3ac7e98)')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class OwnDataset:
    """One imported dataset that own data came from: its name, import time and file digest."""

    name: str
    imported_at: dt.datetime
    sha256: str = ""

    def describe(self) -> str:
        """``waardenland (imported 2026-01-05 09:00 UTC, sha256 3051f3ac7e98)``."""
        digest = f", sha256 {self.sha256[:12]}" if self.sha256 else ""
        stamp = self.imported_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
        return f"{self.name} (imported {stamp} UTC{digest})"


@dataclass(frozen=True)
class OwnData:
    """Imported care providers in a region's municipalities and the datasets they came from.

    `providers` has the columns of :data:`regioplan.store.PROVIDER_COLUMNS` (one row per
    location, in dataset and file order) and is never empty; treat it as read-only. Two OwnData
    are equal when they came from the same datasets (name, import time, digest) and have the same
    provenance; the table itself is not compared.
    """

    providers: pd.DataFrame = field(compare=False, repr=False)
    datasets: tuple[OwnDataset, ...]
    provenance: str = ""

    def __post_init__(self) -> None:
        if not self.provenance:
            text = "own data: " + "; ".join(d.describe() for d in self.datasets)
            object.__setattr__(self, "provenance", text)

    @property
    def dataset_names(self) -> tuple[str, ...]:
        """Names of the datasets, sorted."""
        return tuple(d.name for d in self.datasets)

    @property
    def imported_at(self) -> dict[str, dt.datetime]:
        """Import time per dataset name."""
        return {d.name: d.imported_at for d in self.datasets}


__all__ = ["OwnData", "OwnDataset"]
