"""Mount point of `regioplan scenario` (see :mod:`regioplan.scenarios.cli`)."""

from __future__ import annotations

from regioplan.scenarios.cli import scenario_app as app

__all__ = ["app"]
