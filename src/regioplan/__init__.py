"""regioplan: regional planning of medical-generalist care in the Netherlands."""

from __future__ import annotations

from regioplan.errors import (
    DataError,
    InputError,
    RegioplanError,
    UnknownRegionError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "InputError",
    "RegioplanError",
    "UnknownRegionError",
    "ValidationError",
    "__version__",
]
