"""A per-region cache of regiobeelden, so the dashboard answers fast after the first request.

The parts of the dashboard that take long and are not on its first page (the accessibility of
every year, "Wat werkt elders") are computed on their first request and kept beside the
regiobeelden, with the same size and the same one-build-per-key locking.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable

from regioplan.regiobeeld import (
    BASE_YEAR,
    AccessYear,
    Regiobeeld,
    bottlenecks,
    build_regiobeeld,
    sections,
)
from regioplan.regiobeeld.elsewhere import elsewhere_section
from regioplan.regiobeeld.model import ElsewhereSection
from regioplan.regions import OwnData, Region, select_region
from regioplan.settings import DEFAULT_SEED


class RegiobeeldCache:
    """Builds each (region, horizon, seed) once; keeps the `size` most recently used.

    Concurrent requests for the same key wait for one build instead of each computing it.
    `own_data` loads a region's own data (e.g. :func:`regioplan.store.load_own_data`) or None;
    without it every figure is the bundled estimate.
    """

    def __init__(
        self,
        *,
        size: int = 32,
        horizon: int = 2040,
        seed: int = DEFAULT_SEED,
        own_data: Callable[[Region], OwnData | None] | None = None,
    ) -> None:
        self.size = size
        self.horizon = horizon
        self.seed = seed
        self.own_data = own_data
        self._items: OrderedDict[tuple[str, int, int], Regiobeeld] = OrderedDict()
        self._locks: dict[tuple[str, int, int], threading.Lock] = {}
        self._guard = threading.Lock()
        self._years: OrderedDict[tuple[str, int, str], dict[int, AccessYear]] = OrderedDict()
        self._year_locks: dict[tuple[str, int, str], threading.Lock] = {}
        self._elsewhere: OrderedDict[tuple[str, int, int], ElsewhereSection] = OrderedDict()
        self._elsewhere_locks: dict[tuple[str, int, int], threading.Lock] = {}

    def region(self, query: str) -> Region:
        """The bundled region named `query`, with its own data where the cache loads it; never a
        file: a request does not look at the server's files at all."""
        region = select_region(query, files=False)
        return region if self.own_data is None else region.with_own_data(self.own_data(region))

    def get(self, query: str, *, horizon: int | None = None) -> Regiobeeld:
        region = self.region(query)
        key = (region.code, horizon or self.horizon, self.seed)
        with self._guard:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                hit = self._items.get(key)
            if hit is not None:
                return hit
            rb = build_regiobeeld(region, horizon=key[1], seed=self.seed)
            with self._guard:
                self._items[key] = rb
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return rb

    def access_year(
        self, query: str, profession: str, year: int, *, horizon: int | None = None
    ) -> AccessYear:
        """Accessibility of `profession` in `year` (clamped to the profession's projection).

        The first call for a region and profession computes every year from 2024 to the horizon
        with one ``region_access_years`` call per level and keeps them (same LRU size as the
        regiobeelden), so switching the year afterwards costs no computation.
        """
        region = self.region(query)
        end = horizon or self.horizon
        key = (region.code, end, profession)
        with self._guard:
            hit = self._years.get(key)
            if hit is not None:
                self._years.move_to_end(key)
            lock = self._year_locks.setdefault(key, threading.Lock())
        if hit is None:
            with lock:
                with self._guard:
                    hit = self._years.get(key)
                if hit is None:
                    hit = sections.access_years(region, profession, list(range(BASE_YEAR, end + 1)))
                    with self._guard:
                        self._years[key] = hit
                        while len(self._years) > self.size:
                            self._years.popitem(last=False)
        chosen = max(BASE_YEAR, min(end, int(year)))
        result = hit[chosen]
        return dataclasses.replace(result, requested=int(year)) if chosen != year else result

    def elsewhere(self, query: str, *, horizon: int | None = None) -> ElsewhereSection:
        """The section "Wat werkt elders" of the region's regiobeeld (issue #19), from the
        bundled registry: what ``regioplan report --elsewhere`` adds, with the same horizon,
        seed and draws as the cached regiobeeld. Computed on the first request for a region and
        kept (same LRU size as the regiobeelden), so the dashboard's first page never waits
        for it."""
        rb = self.get(query, horizon=horizon)
        key = (rb.code, rb.horizon, rb.seed)
        with self._guard:
            hit = self._elsewhere.get(key)
            if hit is not None:
                self._elsewhere.move_to_end(key)
                return hit
            lock = self._elsewhere_locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                hit = self._elsewhere.get(key)
            if hit is not None:
                return hit
            found = elsewhere_section(
                self.region(query),
                bottlenecks(rb),
                horizon=rb.horizon,
                seed=rb.seed,
                draws=sections.DRAWS,
            )
            with self._guard:
                self._elsewhere[key] = found
                while len(self._elsewhere) > self.size:
                    self._elsewhere.popitem(last=False)
            return found

    def has_elsewhere(self, rb: Regiobeeld) -> bool:
        """Whether "Wat werkt elders" of the cached regiobeeld `rb` is computed already
        (nothing is built)."""
        with self._guard:
            return (rb.code, rb.horizon, rb.seed) in self._elsewhere

    def __len__(self) -> int:
        return len(self._items)


__all__ = ["RegiobeeldCache"]
