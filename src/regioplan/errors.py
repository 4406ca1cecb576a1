"""One exception tree for regioplan.

Engines raise these; the edges map them to exit codes (CLI) and HTTP status (web)::

    RegioplanError                      base; exit 1 / HTTP 500
    ├── InputError                      bad user input; exit 2 / HTTP 422
    │   ├── ValidationError             a file or object failed validation; carries `problems`
    │   ├── UnknownRegionError          unknown region name or code; carries `suggestions`
    │   └── ParameterError              a parameter file or value is out of range; names the key
    ├── DataError                       bundled or stored data is missing or inconsistent; exit 1
    ├── StorageError                    the database failed; exit 1 / HTTP 503
    └── SolverError                     an optimisation or simulation could not complete; exit 1
        └── InfeasibleError             the problem has no solution; carries the conflicting rules

Every message names the offending value, file, line or key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class RegioplanError(Exception):
    """Base of every error regioplan raises on purpose."""

    exit_code: int = 1
    http_status: int = 500


class InputError(RegioplanError):
    """The user gave input that regioplan cannot use."""

    exit_code = 2
    http_status = 422


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (file, line, field) and why."""

    source: str
    line: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.field}: {self.reason}"


class ValidationError(InputError):
    """A file or object failed validation; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem], *, summary: str | None = None) -> None:
        self.problems = list(problems)
        head = summary or f"{len(self.problems)} problem(s) found"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class UnknownRegionError(InputError):
    """A region that does not exist; `suggestions` holds the closest names."""

    http_status = 404

    def __init__(self, query: str, suggestions: Sequence[str]) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown region {query!r}{hint}")


class ParameterError(InputError):
    """A parameter (file, key or value) is invalid; the message names the key."""


class DataError(RegioplanError):
    """Bundled or stored data is missing or inconsistent."""


class StorageError(RegioplanError):
    """The database could not be read or written."""

    http_status = 503


class SolverError(RegioplanError):
    """An optimisation or simulation could not complete."""


class InfeasibleError(SolverError):
    """The problem has no solution; `conflicts` names the rules that clash."""

    def __init__(self, message: str, conflicts: Sequence[str] = ()) -> None:
        self.conflicts = list(conflicts)
        detail = "\n".join(f"  - {c}" for c in self.conflicts)
        super().__init__(f"{message}\n{detail}" if detail else message)


__all__ = [
    "DataError",
    "InfeasibleError",
    "InputError",
    "ParameterError",
    "Problem",
    "RegioplanError",
    "SolverError",
    "StorageError",
    "UnknownRegionError",
    "ValidationError",
]
