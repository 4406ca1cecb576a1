"""Check the generic inputs of :func:`regioplan.access.compute` and turn them into index arrays.

Every problem names its source (a file path, or ``demand``/``supply``/``costs`` for in-memory
data), the line (file line with the header as line 1, or the 1-based row for in-memory data), the
column and the offending value. All checks are vectorised: validating 400,000 pairs takes a few
milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.errors import Problem, ValidationError

COST_COLUMNS: tuple[str, str, str] = ("origin", "destination", "cost")
_MAX_REPORTED = 10  # problems reported per kind; the rest is counted


@dataclass(frozen=True)
class Sources:
    """Names used in error messages, and how a row position maps to a reported line.

    In-memory data: row 1 is the first row (``first_line=1``). CSV files: the header is line 1, so
    the first data row is line 2 (``first_line=2``).
    """

    demand: str = "demand"
    supply: str = "supply"
    costs: str = "costs"
    first_line: int = 1


@dataclass(frozen=True)
class Prepared:
    """Validated inputs as arrays: demand (n,), supply (m, k), pairs (i, j, cost)."""

    demand: npt.NDArray[np.float64]
    supply: npt.NDArray[np.float64]
    origin: npt.NDArray[np.int64]
    destination: npt.NDArray[np.int64]
    cost: npt.NDArray[np.float64]
    ordered: bool = False
    """Pairs are sorted by origin position, then destination position."""


def _report(
    problems: list[Problem],
    source: str,
    first_line: int,
    rows: npt.NDArray[np.intp],
    field: str,
    reason_of: list[str],
) -> None:
    for pos, reason in zip(rows[:_MAX_REPORTED], reason_of, strict=False):
        problems.append(Problem(source, int(pos) + first_line, field, reason))
    if len(rows) > _MAX_REPORTED:
        problems.append(
            Problem(source, None, field, f"... and {len(rows) - _MAX_REPORTED} more such row(s)")
        )


def _numeric(
    values: pd.Series, source: str, field: str, first_line: int, problems: list[Problem]
) -> npt.NDArray[np.float64]:
    """`values` as floats; non-numbers, NaN, infinities and negatives are problems."""
    if values.dtype.kind in "fiu":  # already numeric: no coercion, no text to report
        arr = values.to_numpy(dtype=np.float64)
        if np.isfinite(arr).all() and (len(arr) == 0 or arr.min() >= 0):
            return arr
    as_num = pd.to_numeric(values, errors="coerce")
    arr = np.asarray(as_num, dtype=np.float64)
    bad_type = np.flatnonzero(as_num.isna().to_numpy() & values.notna().to_numpy())
    _report(
        problems,
        source,
        first_line,
        bad_type,
        field,
        [_not_a_number(values.iloc[p]) for p in bad_type[:_MAX_REPORTED]],
    )
    missing = np.flatnonzero(values.isna().to_numpy())
    _report(problems, source, first_line, missing, field, ["missing value (NaN)"] * _MAX_REPORTED)
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(np.isinf(arr) | (arr < 0))
    _report(
        problems,
        source,
        first_line,
        bad,
        field,
        [f"{float(arr[p])!r} is not a finite value >= 0" for p in bad[:_MAX_REPORTED]],
    )
    return arr


def _not_a_number(value: object) -> str:
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", value):
        return f"not a number: {value!r} (write a decimal point: {value.strip().replace(',', '.')})"
    return f"not a number: {value!r}"


def _positions(index: pd.Index, ids: pd.Series) -> npt.NDArray[np.intp]:
    """Position of each id in `index` (-1 when unknown).

    Integer ids within a compact range use a lookup table (a few ms for a million ids); other
    ids use pandas' hash lookup.
    """
    values = ids.to_numpy()
    if index.dtype.kind in "iu" and values.dtype.kind in "iu" and len(index):
        keys = index.to_numpy(dtype=np.int64)
        lo, hi = int(keys.min()), int(keys.max())
        if hi - lo <= 4 * len(keys) + 1_000_000:
            table = np.full(hi - lo + 1, -1, dtype=np.intp)
            table[keys - lo] = np.arange(len(keys))
            v = values - lo if values.dtype == np.int64 else values.astype(np.int64) - lo
            if len(v) == 0 or (v.min() >= 0 and v.max() <= hi - lo):
                result: npt.NDArray[np.intp] = table[v]
                return result
            inside = (v >= 0) & (v <= hi - lo)
            pos = np.full(len(v), -1, dtype=np.intp)
            pos[inside] = table[v[inside]]
            return pos
    return index.get_indexer(pd.Index(values))


def _numeric_frame(frame: pd.DataFrame) -> npt.NDArray[np.float64] | None:
    """All of `frame` as one float array when every column is numeric, finite and >= 0.

    The fast path for many scenario columns; None sends the caller to the per-column checks that
    name each problem.
    """
    if frame.shape[1] == 0 or not all(dt.kind in "fiu" for dt in frame.dtypes):
        return None
    arr = frame.to_numpy(dtype=np.float64)
    if arr.size and not (np.isfinite(arr).all() and arr.min() >= 0):
        return None
    return arr


def _unique_index(index: pd.Index, source: str, problems: list[Problem], first_line: int) -> None:
    dup = np.flatnonzero(index.duplicated().astype(bool))
    _report(
        problems,
        source,
        first_line,
        dup,
        "id",
        [f"duplicate id {index[p]!r}" for p in dup[:_MAX_REPORTED]],
    )
    missing = np.flatnonzero(np.asarray(index.isna()))
    _report(problems, source, first_line, missing, "id", ["missing id"] * _MAX_REPORTED)


def _check_types(demand: object, supply: object, costs: object, src: Sources) -> None:
    """The three inputs have the right container types and the costs their columns."""
    if not isinstance(demand, pd.Series):
        raise ValidationError(
            [Problem(src.demand, None, "demand", "give a pandas Series indexed by area id")]
        )
    if not isinstance(supply, pd.Series | pd.DataFrame):
        raise ValidationError(
            [Problem(src.supply, None, "supply", "give a Series or a DataFrame of scenarios")]
        )
    if not isinstance(costs, pd.DataFrame):
        raise ValidationError([Problem(src.costs, None, "costs", "give a pandas DataFrame")])
    missing_cols = [c for c in COST_COLUMNS if c not in costs.columns]
    if missing_cols:
        raise ValidationError(
            [
                Problem(
                    src.costs,
                    None,
                    c,
                    f"missing column {c!r}; required: {', '.join(COST_COLUMNS)}; "
                    f"found: {', '.join(map(str, costs.columns))}",
                )
                for c in missing_cols
            ]
        )


def _supply_values(
    supply: pd.Series | pd.DataFrame, src: Sources, problems: list[Problem]
) -> npt.NDArray[np.float64]:
    """Supply as (points, scenarios) floats; problems of non-numeric cells are collected."""
    fl = src.first_line
    fast = _numeric_frame(supply) if isinstance(supply, pd.DataFrame) else None
    if fast is not None:
        return fast
    if isinstance(supply, pd.DataFrame):
        if supply.shape[1] == 0:
            problems.append(Problem(src.supply, None, "supply", "the DataFrame has no columns"))
        cols = [
            _numeric(supply.iloc[:, k], src.supply, str(supply.columns[k]), fl, problems)
            for k in range(supply.shape[1])
        ]
        return np.column_stack(cols) if cols else np.zeros((len(supply), 0))
    return _numeric(supply, src.supply, str(supply.name or "value"), fl, problems)[:, None]


def _unknown_ids(
    origin: npt.NDArray[np.intp] | None,
    dest: npt.NDArray[np.intp] | None,
    demand: pd.Series,
    supply: pd.Series | pd.DataFrame,
    costs: pd.DataFrame,
    src: Sources,
    problems: list[Problem],
) -> None:
    """Cost rows whose origin or destination is not an area or supply point."""
    for arr, column, known in ((origin, "origin", src.demand), (dest, "destination", src.supply)):
        if arr is None or len(arr) == 0 or arr.min() >= 0:
            continue
        unknown = np.flatnonzero(arr < 0)
        values = costs[column]
        index = demand.index if column == "origin" else supply.index
        hint = ""
        if index.dtype.kind != values.dtype.kind:  # e.g. PC4 1011 (int) against '1011' (text)
            hint = f" (ids of {known} are {index.dtype}, these are {values.dtype}: use one type)"
        _report(
            problems,
            src.costs,
            src.first_line,
            unknown,
            column,
            [
                f"unknown id {values.iloc[p]!r}: not in {known}{hint}"
                for p in unknown[:_MAX_REPORTED]
            ],
        )


def _duplicate_pairs(
    origin: npt.NDArray[np.int64],
    dest: npt.NDArray[np.int64],
    n_supply: int,
    costs: pd.DataFrame,
    src: Sources,
    problems: list[Problem],
) -> bool:
    """Report duplicate (origin, destination) pairs; True when the pairs are already sorted."""
    key = origin * max(n_supply, 1) + dest
    # Pairs sorted by (origin, destination) position are unique when strictly increasing:
    # an O(pairs) check. Unsorted pairs are checked by sorting a copy of the keys.
    ordered = bool(len(key) < 2 or (key[1:] > key[:-1]).all())
    clean = ordered or bool(len(key) < 2 or (np.diff(np.sort(key)) > 0).all())
    dup = np.zeros(0, dtype=np.intp)
    if not clean:
        dup = np.flatnonzero(pd.Series(key).duplicated().to_numpy())
    _report(
        problems,
        src.costs,
        src.first_line,
        dup,
        "origin,destination",
        [
            f"duplicate pair ({costs['origin'].iloc[p]!r}, {costs['destination'].iloc[p]!r})"
            for p in dup[:_MAX_REPORTED]
        ],
    )
    return ordered


def prepare(
    demand: pd.Series,
    supply: pd.Series | pd.DataFrame,
    costs: pd.DataFrame,
    sources: Sources | None = None,
) -> Prepared:
    """Validate the three generic inputs; raise :class:`ValidationError` listing every problem."""
    src = sources or Sources()
    fl = src.first_line
    problems: list[Problem] = []
    _check_types(demand, supply, costs, src)
    _unique_index(demand.index, src.demand, problems, fl)
    _unique_index(supply.index, src.supply, problems, fl)
    d = _numeric(demand, src.demand, str(demand.name or "value"), fl, problems)
    s = _supply_values(supply, src, problems)
    cost = _numeric(costs["cost"], src.costs, "cost", fl, problems)
    origin = _positions(demand.index, costs["origin"]) if demand.index.is_unique else None
    dest = _positions(supply.index, costs["destination"]) if supply.index.is_unique else None
    _unknown_ids(origin, dest, demand, supply, costs, src, problems)
    ordered = False
    if origin is not None and dest is not None and not problems:
        origin = origin.astype(np.int64, copy=False)
        dest = dest.astype(np.int64, copy=False)
        ordered = _duplicate_pairs(origin, dest, len(supply), costs, src, problems)
    if problems:
        raise ValidationError(problems, summary=f"{len(problems)} problem(s) in the access inputs")
    assert origin is not None and dest is not None
    return Prepared(
        demand=d,
        supply=np.ascontiguousarray(s, dtype=np.float64),
        origin=origin.astype(np.int64, copy=False),
        destination=dest.astype(np.int64, copy=False),
        cost=cost,
        ordered=ordered,
    )


__all__ = ["COST_COLUMNS", "Prepared", "Sources", "prepare"]
