"""Shared helpers for the CLI edge: consoles, JSON output and progress bars.

JSON-safe values, the error shape and number formatting are shared with the web API and the
report in :mod:`regioplan.output`.

Rules every command follows: with ``--json`` stdout holds only JSON; progress bars and logs go to
stderr; exit codes are 0 success, 1 failure, 2 bad usage or bad input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from regioplan.errors import ParameterError
from regioplan.output import format_number, jsonable

if TYPE_CHECKING:
    from regioplan.regions import Region

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)  # never break a path or message across lines


CLI_LANG = "en"
"""The language of the command line: its messages, table headers and numbers are English
(decimal point, thousands comma), whatever the `lang` setting, which chooses the language of
the report and the dashboard. One table never mixes English headers with Dutch numbers."""


def number(value: float | int | None, digits: int = 0) -> str:
    """`value` for a terminal: English notation like every word around it (:data:`CLI_LANG`).

    >>> number(12345.678, 1), number(-0.25, 2), number(None)
    ('12,345.7', '−0.25', '–')
    """
    return format_number(value, CLI_LANG, digits)


def with_own_data(region: Region, db: Path | None = None) -> Region:
    """`region` carrying its own data from the database `db` (default: the default database,
    read only if it exists); says on stderr which datasets it uses."""
    from regioplan.store import load_own_data

    own = load_own_data(region, db)
    if own is not None:
        stderr.print(
            f"using own data: {len(own.providers)} provider rows from dataset(s) "
            f"{', '.join(sorted(set(own.dataset_names)))}"
        )
    return region.with_own_data(own)


SEED_MAX = 2**32 - 1
"""The largest seed: numpy seeds its generators from unsigned 32-bit words (the `seed` setting
allows the same range, 0..2**32-1)."""


def check_seed(value: int | None) -> int | None:
    """`value` of a ``--seed`` option if it lies in 0..SEED_MAX (None: not given); else a
    ParameterError naming the option (exit 2, in the JSON error shape with ``--json``)."""
    if value is not None and not 0 <= value <= SEED_MAX:
        raise ParameterError(f"--seed {value} out of range; allowed: 0..{SEED_MAX} (2**32-1)")
    return value


def seed_option(help: str) -> Any:
    """The ``--seed`` option of a command: an integer in 0..SEED_MAX, checked when parsed."""
    return typer.Option("--seed", help=f"{help} 0..2**32-1.", callback=check_seed)


def emit_json(payload: Any) -> None:
    """Write `payload` as JSON to stdout (and nothing else)."""
    sys.stdout.write(json.dumps(jsonable(payload), ensure_ascii=False, indent=2))
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


__all__ = [
    "CLI_LANG",
    "SEED_MAX",
    "check_seed",
    "emit_json",
    "number",
    "progress",
    "seed_option",
    "stderr",
    "stdout",
    "with_own_data",
]
