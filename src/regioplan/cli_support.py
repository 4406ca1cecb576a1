"""Shared helpers for the CLI edge: consoles, JSON output, number format, progress, error JSON.

Rules every command follows: with ``--json`` stdout holds only JSON; progress bars and logs go to
stderr; exit codes are 0 success, 1 failure, 2 bad usage or bad input.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from regioplan import settings
from regioplan.errors import RegioplanError, ValidationError

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)  # never break a path or message across lines


def _clean(value: Any) -> Any:
    """Make `value` JSON-safe: NaN/inf become null, numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def format_number(value: float | None, decimals: int = 0, *, lang: str | None = None) -> str:
    """`value` with thousands separators: ``1.234,5`` in Dutch, ``1,234.5`` in English.

    `lang` defaults to the `lang` setting (Dutch unless set otherwise).

    >>> format_number(12345.678, 1, lang="nl"), format_number(12345.678, 1, lang="en")
    ('12.345,7', '12,345.7')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if (lang or settings.current().lang) == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def error_payload(error: RegioplanError) -> dict[str, Any]:
    """The one JSON shape of an error, for ``--json`` output and the web API.

    ``{"error": {"type", "message", "exit_code", "problems": [{source, line, field, reason}]}}``
    """
    problems = error.problems if isinstance(error, ValidationError) else []
    return {
        "error": {
            "type": type(error).__name__,
            "message": str(error).split("\n", 1)[0],
            "exit_code": error.exit_code,
            "problems": [
                {"source": p.source, "line": p.line, "field": p.field, "reason": p.reason}
                for p in problems
            ],
        }
    }


def emit_json(payload: Any) -> None:
    """Write `payload` as JSON to stdout (and nothing else)."""
    sys.stdout.write(json.dumps(_clean(payload), ensure_ascii=False, indent=2))
    sys.stdout.write("\n")
    sys.stdout.flush()


@contextmanager
def progress(*, disable: bool = False) -> Iterator[Progress]:
    """A Rich progress bar on stderr; `disable` hides it (e.g. when not a terminal)."""
    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=disable,
        transient=True,
    )
    with bar:
        yield bar


__all__ = ["emit_json", "error_payload", "format_number", "progress", "stderr", "stdout"]
