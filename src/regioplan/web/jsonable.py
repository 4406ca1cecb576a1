"""Make values JSON-safe for the API: NaN/inf become null, numpy scalars Python numbers."""

from __future__ import annotations

import math
from typing import Any


def jsonable(value: Any) -> Any:
    """`value` with NaN/inf replaced by None, numpy scalars and tuples made plain."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


__all__ = ["jsonable"]
