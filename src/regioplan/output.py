"""What every edge (CLI, web API, report) shares: JSON-safe values, the one error shape, numbers.

- :func:`jsonable`: NaN/inf become null, numpy scalars Python numbers, tuples lists.
- :func:`error_payload`: the one JSON shape of an error, for ``--json`` output and the web API::

      {"error": {"type": "ValidationError", "message": "...", "exit_code": 2, "status": 422,
                 "problems": [{"source", "line", "field", "reason"}], "details": {...}}}

  ``exit_code`` is what the CLI exits with, ``status`` the HTTP status of the API; ``problems``
  lists every validation problem (file, line, field, reason); ``details`` holds what else the
  error knows (for an unknown region: the query and the closest names; for an error with a
  machine-readable ``code`` attribute, such as a placement conflict, ``code``).
- :func:`format_number`: a number with thousands separators in Dutch or English.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from regioplan.errors import Problem, RegioplanError, UnknownRegionError, ValidationError


def jsonable(value: Any) -> Any:
    """`value` made JSON-safe: NaN/inf become None, numpy scalars and tuples become plain."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def error_payload(
    error: RegioplanError | None = None,
    *,
    kind: str | None = None,
    message: str | None = None,
    status: int | None = None,
    problems: Sequence[Problem] = (),
    details: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The one JSON shape of an error (see the module docstring).

    Give a :class:`RegioplanError` (its type, first message line, exit code, HTTP status,
    problems and details are used), or the parts of an error that is not one (`kind`,
    `message`, `status`; e.g. a malformed HTTP request). Explicit parts override the error's.
    """
    found: list[Problem] = list(problems)
    extra: dict[str, Any] = {}
    if error is not None:
        if isinstance(error, ValidationError):
            found = found or list(error.problems)
        if isinstance(error, UnknownRegionError):
            extra = {"query": error.query, "suggestions": list(error.suggestions)}
        code = getattr(error, "code", None)
        if isinstance(code, str):  # a machine-readable kind, e.g. a placement conflict's
            extra["code"] = code
    http = status if status is not None else (error.http_status if error is not None else 500)
    exit_code = error.exit_code if error is not None else (2 if 400 <= http < 500 else 1)
    text = message if message is not None else (str(error) if error is not None else "")
    return {
        "error": {
            "type": kind or (type(error).__name__ if error is not None else "Error"),
            "message": text.split("\n", 1)[0],
            "exit_code": exit_code,
            "status": http,
            "problems": [
                {"source": p.source, "line": p.line, "field": p.field, "reason": p.reason}
                for p in found
            ],
            "details": jsonable({**extra, **(details or {})}),
        }
    }


def format_number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """`value` with thousands separators and `digits` decimals in the convention of `lang`.

    A value that rounds to zero has no sign; a negative one gets a true minus sign.

    >>> format_number(12345.678, "nl", 1), format_number(12345.678, "en", 1)
    ('12.345,7', '12,345.7')
    >>> format_number(-0.01, "nl", 1), format_number(-2.5, "en", 1)
    ('0,0', '−2.5')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if text.startswith("-"):
        text = text[1:] if not text.strip("-0.,") else "−" + text[1:]
    return text


__all__ = ["error_payload", "format_number", "jsonable"]
