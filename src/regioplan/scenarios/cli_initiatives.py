"""Mount point of `regioplan initiatives` (see :mod:`regioplan.scenarios.cli`)."""

from __future__ import annotations

from regioplan.scenarios.cli import initiatives_app as app

__all__ = ["app"]
