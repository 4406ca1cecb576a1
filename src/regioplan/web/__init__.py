"""The web dashboard and JSON API (`regioplan serve`), built on the same regiobeeld as the report.

>>> app = create_app()
>>> sorted(r.path for r in app.routes if r.path.startswith("/api/regions"))[:2]
['/api/regions', '/api/regions/{code}']
"""

from __future__ import annotations

from regioplan.web.app import ErrorBody, SectionUnavailable, create_app, error_body
from regioplan.web.cache import RegiobeeldCache

__all__ = ["ErrorBody", "RegiobeeldCache", "SectionUnavailable", "create_app", "error_body"]
