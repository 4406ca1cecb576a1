"""Adapters from the engines (demography, workforce, access) to the regiobeeld's typed sections.

The report is built on whatever engines this installation has. Each adapter imports its engine
lazily; if the engine or a function it needs is absent, it raises :class:`EngineUnavailable` with
the reason, and the section is reported as missing instead of being filled with invented figures.
"""

from __future__ import annotations

from regioplan.errors import RegioplanError
from regioplan.regions import Region
from regioplan.report.model import Access, Population, PopulationYear, Workforce


class EngineUnavailable(RegioplanError):
    """An engine the regiobeeld needs is not installed or lacks a function."""


def _require(module: str, *names: str) -> object:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise EngineUnavailable(f"module {module} is not available") from exc
    for name in names:
        if not hasattr(mod, name):
            raise EngineUnavailable(f"{module}.{name} is not available")
    return mod


def project_population(
    region: Region, population: Population, horizon: int
) -> tuple[tuple[PopulationYear, ...], dict[str, float], str]:
    """Projected population per year to `horizon`: (years, by_age at horizon, method)."""
    _require("regioplan.demography", "project_population")
    raise EngineUnavailable("regioplan.demography is not wired yet")


def workforce(region: Region, profession: str, *, horizon: int, seed: int) -> Workforce:
    """The workforce section of `profession` in `region` from regioplan.workforce."""
    _require("regioplan.workforce", "project_region")
    raise EngineUnavailable("regioplan.workforce is not wired yet")


def access(region: Region, profession: str) -> Access:
    """The accessibility section of `profession` in `region` from regioplan.access."""
    _require("regioplan.access", "accessibility")
    raise EngineUnavailable("regioplan.access is not wired yet")


__all__ = ["EngineUnavailable", "access", "project_population", "workforce"]
