"""Shared helpers for the CLI edge: consoles, JSON output, progress, error mapping.

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

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from regioplan.errors import RegioplanError

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


def fail(error: RegioplanError) -> typer.Exit:
    """Report `error` on stderr and return the Exit to raise, with the error's exit code."""
    stderr.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
    return typer.Exit(code=error.exit_code)


__all__ = ["emit_json", "fail", "progress", "stderr", "stdout"]
