"""Compiled loops behind the many-scenario product ``M @ S`` of :mod:`regioplan.access.engine`.

Plain loops over the pairs, compiled by numba on first use and cached on disk (like the roster's
pricing kernel). They are written so that their speed does not depend on the order of the input:

- :func:`_group` sorts the pairs by row (and by supply point) with a counting sort, linear in
  the pairs;
- :func:`_visit_order` orders the rows by a breadth-first search over the bipartite graph of areas
  and supply points (Cuthill-McKee without the degree sort, started from a far end of each
  connected part), so that rows visited one after the other reach nearly the same supply points;
- :func:`_product` adds ``coeff * S[j]`` to each row's output in that order, four pairs at a time.

The visit order only changes which row is computed first, never the sum of a row: each row adds its
pairs in the order they have in the input.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _group(
    keys: IntArray, size: int, ints: IntArray, floats: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pointers ``ptr`` (size + 1) and `ints` and `floats` sorted by key, stable (counting sort).

    The values of key r are at ``ptr[r]:ptr[r + 1]``, in their input order. `floats` may be empty.
    """
    ptr = np.zeros(size + 1, np.int64)
    for p in range(len(keys)):
        ptr[keys[p] + 1] += 1
    for r in range(size):
        ptr[r + 1] += ptr[r]
    fill = ptr[:-1].copy()
    ints_out = np.empty(len(ints), np.int64)
    floats_out = np.empty(len(floats), np.float64)
    with_floats = len(floats) > 0
    for p in range(len(keys)):
        r = keys[p]
        ints_out[fill[r]] = ints[p]
        if with_floats:
            floats_out[fill[r]] = floats[p]
        fill[r] += 1
    return ptr, ints_out, floats_out


def _visit_order(
    n: int, rptr: IntArray, rcols: IntArray, cptr: IntArray, crows: IntArray
) -> IntArray:
    """The rows that have pairs, in breadth-first order over rows and supply points.

    Nodes ``0 .. n-1`` are rows, ``n + j`` supply point j. Each connected part is searched twice:
    once from its first row to find a row at its far end, then from that row for the order.
    """
    m = len(cptr) - 1
    mark = np.zeros(n + m, np.int64)
    queue = np.empty(n + m, np.int64)
    order = np.empty(n, np.int64)
    count = 0
    stamp = 0
    for seed in range(n):
        if mark[seed] != 0 or rptr[seed] == rptr[seed + 1]:
            continue
        start = seed
        for sweep in range(2):
            stamp += 1
            mark[start] = stamp
            queue[0] = start
            head, tail = 0, 1
            while head < tail:
                v = queue[head]
                head += 1
                if v < n:
                    for p in range(rptr[v], rptr[v + 1]):
                        u = n + rcols[p]
                        if mark[u] != stamp:
                            mark[u] = stamp
                            queue[tail] = u
                            tail += 1
                else:
                    for p in range(cptr[v - n], cptr[v - n + 1]):
                        u = crows[p]
                        if mark[u] != stamp:
                            mark[u] = stamp
                            queue[tail] = u
                            tail += 1
            if sweep == 0:
                for q in range(tail - 1, -1, -1):  # the row found last is at a far end
                    if queue[q] < n:
                        start = queue[q]
                        break
            else:
                for q in range(tail):
                    if queue[q] < n:
                        order[count] = queue[q]
                        count += 1
    return order[:count]


def _product(
    order: IntArray, ptr: IntArray, cols: IntArray, vals: FloatArray, s: FloatArray, out: FloatArray
) -> None:
    """``out[r] += sum_p vals[p] * s[cols[p]]`` over each row's pairs, rows in `order`."""
    k = s.shape[1]
    for r in order:
        acc = out[r]
        p = ptr[r]
        end = ptr[r + 1]
        while p + 4 <= end:
            c0, c1, c2, c3 = vals[p], vals[p + 1], vals[p + 2], vals[p + 3]
            s0, s1, s2, s3 = s[cols[p]], s[cols[p + 1]], s[cols[p + 2]], s[cols[p + 3]]
            for q in range(k):
                acc[q] += c0 * s0[q] + c1 * s1[q] + c2 * s2[q] + c3 * s3[q]
            p += 4
        while p < end:
            c = vals[p]
            row = s[cols[p]]
            for q in range(k):
                acc[q] += c * row[q]
            p += 1


_COMPILED: SimpleNamespace | None = None


def compiled() -> Any:
    """The three loops compiled by numba (imported here: importing the engine stays light)."""
    global _COMPILED
    if _COMPILED is None:
        import numba

        jit = numba.njit(cache=True, nogil=True)
        _COMPILED = SimpleNamespace(
            group=jit(_group),
            visit_order=jit(_visit_order),
            product=jit(_product),
        )
    return _COMPILED


def sparse_product(
    n: int,
    m: int,
    i: IntArray,
    j: IntArray,
    coeff: FloatArray,
    supply: FloatArray,
    *,
    ordered: bool = False,
) -> FloatArray:
    """``M @ supply`` (n, k) for the sparse M given as unique pairs (i, j, coeff)."""
    k = supply.shape[1]
    out = np.zeros((n, k))
    if len(i) == 0 or k == 0:
        return out
    fn = compiled()
    i = np.ascontiguousarray(i, dtype=np.int64)
    j = np.ascontiguousarray(j, dtype=np.int64)
    coeff = np.ascontiguousarray(coeff, dtype=np.float64)
    if ordered:
        rptr = np.searchsorted(i, np.arange(n + 1), side="left").astype(np.int64)
        rcols, rvals = j, coeff
    else:
        rptr, rcols, rvals = fn.group(i, n, j, coeff)
    cptr, crows, _ = fn.group(j, m, i, np.empty(0))
    order = fn.visit_order(n, rptr, rcols, cptr, crows)
    fn.product(order, rptr, rcols, rvals, np.ascontiguousarray(supply, dtype=np.float64), out)
    return out
