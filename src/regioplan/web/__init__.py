"""The web app (`regioplan serve`): the regiobeeld dashboard and its JSON API, one router per
capability, built on the same regiobeeld as the report.

>>> app = create_app()
>>> sorted(r.path for r in app.routes if r.path.startswith("/api/regions"))[:2]
['/api/regions', '/api/regions/{code}']
"""

from __future__ import annotations

from regioplan.web.app import create_app
from regioplan.web.cache import RegiobeeldCache
from regioplan.web.errors import ErrorBody

__all__ = ["ErrorBody", "RegiobeeldCache", "create_app"]
