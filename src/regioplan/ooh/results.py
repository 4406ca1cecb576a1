"""Results of out-of-hours replications: per-replication measures and their intervals.

:func:`measure` turns one replication's :class:`~regioplan.ooh.engine.Trace` into a
:class:`Measures` (plain arrays); :class:`OohResult` pools replications: the mean of each measure
with a 95 % confidence interval over replications (Student t; shares: a Wilson score interval
with the effective sample size of the replications, which stays within 0..1), and
:class:`Comparison` the paired differences between variants run on common random numbers.

Response time: from the call to the start of the consultation (consultation at the post) or to
the car's arrival (home visit). Norms (Dutch triage standard): U1 15 minutes, U2 1 hour, U3 3
hours, U4 24 hours; telephone answering: 75 % within 2 minutes, the rest within 10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.ooh.engine import HANDED_OVER, SERVED, Trace
from regioplan.ooh.model import CONSULT, KINDS, SO_VISIT, VISIT, OohModel, Sample
from regioplan.ooh.profile import HOURS_PER_WEEK, URGENCIES
from regioplan.output import jsonable

FloatArray = npt.NDArray[np.float64]

NORMS_MIN: dict[str, float] = {"U1": 15.0, "U2": 60.0, "U3": 180.0, "U4": 1440.0}
"""Response-time norms in minutes per urgency (U5: advice, no norm)."""
ANSWER_NORMS_MIN = (2.0, 10.0)
DISTANCE_BANDS_KM: tuple[float, ...] = (0.0, 2.5, 5.0, 10.0, 15.0, 20.0, math.inf)
"""Bands of road distance from the area to its own post (Giesen et al. 2007 used 2.5 ... 20 km)."""

# t quantiles 0.975 for 1..30 degrees of freedom
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042)  # fmt: skip


def t975(df: int) -> float:
    """Two-sided 95 % Student t quantile (table to 30, then a series in 1/df)."""
    if df < 1:
        return math.nan
    if df <= 30:
        return _T975[df - 1]
    return 1.959964 + 2.3722 / df + 2.8224 / df**2


@dataclass(frozen=True)
class Estimate:
    """A mean over replications with its 95 % confidence interval."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Estimate:
        x = np.asarray(values, float)
        x = x[np.isfinite(x)]
        if x.size == 0:
            return cls(math.nan, math.nan, math.nan)
        m = float(x.mean())
        if x.size < 2:
            return cls(m, math.nan, math.nan)
        half = t975(x.size - 1) * float(x.std(ddof=1)) / math.sqrt(x.size)
        return cls(m, m - half, m + half)

    @classmethod
    def share(cls, values: npt.ArrayLike, counts: npt.ArrayLike) -> Estimate:
        """A share (0..1) over replications with a 95 % interval that stays within 0..1.

        `values` are the replications' shares, `counts` how many cases each share is of. The
        point estimate is their mean (as :meth:`of`); the interval is Wilson's score interval
        for that mean with an *effective* sample size: the binomial size that has the variance
        observed between replications, ``p(1-p) / (s^2/k)``, at most the pooled number of cases
        (so it is never narrower than a binomial interval of all cases), and Student's t quantile
        with ``k-1`` degrees of freedom in place of z. Away from 0 and 1 it is close to the
        Student t interval of :meth:`of`; near them it is asymmetric and bounded.
        """
        x = np.asarray(values, float)
        n = np.asarray(counts, float)
        keep = np.isfinite(x) & np.isfinite(n) & (n > 0)
        x, n = x[keep], n[keep]
        if x.size == 0:
            return cls(math.nan, math.nan, math.nan)
        m = float(x.mean())
        if x.size < 2:
            return cls(m, math.nan, math.nan)
        total = float(n.sum())
        var_mean = float(x.var(ddof=1)) / x.size
        pq = m * (1.0 - m)
        n_eff = total if var_mean <= 0.0 or pq <= 0.0 else min(total, pq / var_mean)
        z = t975(x.size - 1)
        z2n = z * z / n_eff
        centre = (m + z2n / 2.0) / (1.0 + z2n)
        half = z / (1.0 + z2n) * math.sqrt(pq / n_eff + z2n / (4.0 * n_eff))
        return cls(m, max(0.0, centre - half), min(1.0, centre + half))

    def to_dict(self) -> dict[str, float]:
        return {"mean": self.mean, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Measures:
    """One replication's measures (all plain numbers and arrays; picklable, small)."""

    scalars: dict[str, float]
    busy_min: FloatArray
    """(groups, 168) busy server-minutes per hour of the week over the year."""
    staffed_min: FloatArray
    area_u12: FloatArray
    """(areas, 2): U1/U2 visits and those within the norm."""
    band_u12: FloatArray
    """(bands, 2): the same per distance band."""
    events: int


def _busy_by_hour(
    start: FloatArray, length: FloatArray, group: npt.NDArray[np.int64], n_groups: int, hours: int
) -> FloatArray:
    """Busy minutes per group and hour of the run (intervals split at hour boundaries)."""
    out = np.zeros((n_groups, hours + 1))
    s, e, g = start.copy(), start + length, group.copy()
    while s.size:
        h = np.minimum((s // 60).astype(np.int64), hours)
        cut = np.where(h >= hours, e, np.minimum(e, 60.0 * (h + 1)))  # past the end: dropped
        np.add.at(out, (g, h), cut - s)
        rest = e > cut + 1e-9
        s, e, g = cut[rest], e[rest], g[rest]
    return out[:, :hours]


def measure(model: OohModel, smp: Sample, trace: Trace) -> Measures:
    """The measures of one replication."""
    st = trace.start
    kind, urg, area = smp.kind, smp.urgency, smp.area
    public = urg > 0
    sc: dict[str, float] = {}
    # answering (stage 0 of public calls)
    ans = (st[:, 0] - trace.enter[:, 0])[public & (trace.status[:, 0] == SERVED)]
    sc["calls"] = float(public.sum())
    sc["answer_n"] = float(ans.size)
    sc["u0_calls"] = float(smp.u0)
    sc["answer_mean_min"] = float(ans.mean()) if ans.size else math.nan
    for limit in ANSWER_NORMS_MIN:
        sc[f"answer_within_{limit:g}_min"] = float((ans <= limit).mean()) if ans.size else math.nan
    # response of consultations and visits (stage 1)
    served = trace.status[:, 1] == SERVED
    response = st[:, 1] + np.where(kind == VISIT, trace.travel[:, 1], 0.0) - smp.jobs.arrival
    for k, name in ((CONSULT, "consult"), (VISIT, "visit")):
        sc[f"{name}s"] = float((kind == k).sum())
        sc[f"{name}_handed_over"] = float(((kind == k) & (trace.status[:, 1] == HANDED_OVER)).sum())
    care = (kind == CONSULT) | (kind == VISIT)
    for u, name in enumerate(URGENCIES, start=1):
        for label, sel in (("all", care), ("consult", kind == CONSULT), ("visit", kind == VISIT)):
            r = response[sel & served & (urg == u)]
            key = f"{name}_{label}"
            sc[f"{key}_n"] = float(r.size)
            sc[f"{key}_mean_min"] = float(r.mean()) if r.size else math.nan
            sc[f"{key}_p90_min"] = float(np.percentile(r, 90)) if r.size else math.nan
            if name in NORMS_MIN:
                ok = float((r <= NORMS_MIN[name]).mean()) if r.size else math.nan
                sc[f"{key}_within_norm"] = ok
    vis = (kind == VISIT) & served
    sc["visit_all_mean_min"] = float(response[vis].mean()) if vis.any() else math.nan
    # SO/AVG on call
    so = urg == 0
    so_resp = (st[:, 1] + trace.travel[:, 1] - smp.jobs.arrival)[(kind == SO_VISIT) & served]
    sc["so_calls"] = float(so.sum())
    sc["so_visit_mean_min"] = float(so_resp.mean()) if so_resp.size else math.nan
    so_ans = (st[:, 0] - trace.enter[:, 0])[so & (trace.status[:, 0] == SERVED)]
    sc["so_answer_mean_min"] = float(so_ans.mean()) if so_ans.size else math.nan
    # kilometres: each drive plus the returns to the post
    drives = (trace.origin[:, 1] >= 0) & served
    km = model.travel_km[trace.origin[:, 1][drives], smp.jobs.location[:, 1][drives]]
    sc["km_driven"] = float(km.sum() + trace.return_km.sum())
    # utilisation per group and hour of the week
    n_groups = model.network.n_groups
    hours = model.network.hours
    busy_h = np.zeros((n_groups, hours))
    for s in range(st.shape[1]):
        ok = trace.status[:, s] == SERVED
        busy_h += _busy_by_hour(
            st[ok, s],
            trace.travel[ok, s] + smp.jobs.service[ok, s],
            trace.group[ok, s],
            n_groups,
            hours,
        )
    busy = np.zeros((n_groups, HOURS_PER_WEEK))
    staffed = np.zeros((n_groups, HOURS_PER_WEEK))
    for g in range(n_groups):
        busy[g] = np.bincount(model.how, weights=busy_h[g], minlength=HOURS_PER_WEEK)
        staffed[g] = np.bincount(
            model.how, weights=60.0 * model.network.capacity[g], minlength=HOURS_PER_WEEK
        )
    # U1/U2 visits per area and per distance band
    n_areas = model.n_areas
    area_u12 = np.zeros((n_areas, 2))
    u12 = (kind == VISIT) & served & (urg <= 2)
    norm = np.where(urg == 1, NORMS_MIN["U1"], NORMS_MIN["U2"])
    within = u12 & (response <= norm)
    area_u12[:, 0] = np.bincount(area[u12], minlength=n_areas)
    area_u12[:, 1] = np.bincount(area[within], minlength=n_areas)
    band = area_band(model)
    band_u12 = np.zeros((len(DISTANCE_BANDS_KM) - 1, 2))
    np.add.at(band_u12[:, 0], band, area_u12[:, 0])
    np.add.at(band_u12[:, 1], band, area_u12[:, 1])
    return Measures(sc, busy, staffed, area_u12, band_u12, trace.events)


def area_km(model: OohModel) -> FloatArray:
    """Road km (estimate) from each area to its own post."""
    km: FloatArray = model.travel_km[np.arange(model.n_areas), model.post_loc[model.home_post]]
    return km


def area_band(model: OohModel) -> npt.NDArray[np.int64]:
    band: npt.NDArray[np.int64] = (
        np.searchsorted(np.asarray(DISTANCE_BANDS_KM), area_km(model), side="right") - 1
    )
    return band


def _band_label(i: int) -> str:
    lo, hi = DISTANCE_BANDS_KM[i], DISTANCE_BANDS_KM[i + 1]
    return f">= {lo:g} km" if math.isinf(hi) else f"{lo:g}-{hi:g} km"


@dataclass(frozen=True)
class OohResult:
    """Pooled results of the replications of one configuration."""

    name: str
    year: int
    replications: int
    seed: int
    measures: tuple[Measures, ...] = field(repr=False)
    groups: tuple[str, ...]
    areas: tuple[str, ...]
    area_km: tuple[float, ...]
    contacts: dict[str, float]
    provenance: dict[str, str]

    def values(self, key: str) -> FloatArray:
        """One scalar measure per replication."""
        return np.array([m.scalars.get(key, math.nan) for m in self.measures])

    def estimate(self, key: str) -> Estimate:
        return Estimate.of(self.values(key))

    def share(self, key: str, count_key: str) -> Estimate:
        """A share's estimate bounded to 0..1 (:meth:`Estimate.share`); `count_key` names the
        measure that counts its cases per replication."""
        return Estimate.share(self.values(key), self.values(count_key))

    @property
    def events(self) -> int:
        return sum(m.events for m in self.measures)

    def norms(self) -> dict[str, dict[str, Estimate]]:
        """Per urgency (consultations and visits together): within norm, mean and P90."""
        out: dict[str, dict[str, Estimate]] = {}
        for u in URGENCIES:
            row = {
                "mean_min": self.estimate(f"{u}_all_mean_min"),
                "p90_min": self.estimate(f"{u}_all_p90_min"),
            }
            if u in NORMS_MIN:
                for label in ("all", "visit", "consult"):
                    name = "within_norm" if label == "all" else f"{label}_within_norm"
                    row[name] = self.share(f"{u}_{label}_within_norm", f"{u}_{label}_n")
            out[u] = row
        return out

    def answering(self) -> dict[str, Estimate]:
        return {
            "within_2_min": self.share("answer_within_2_min", "answer_n"),
            "within_10_min": self.share("answer_within_10_min", "answer_n"),
            "mean_min": self.estimate("answer_mean_min"),
        }

    def utilisation(self) -> pd.DataFrame:
        """Per resource group and hour of the week: busy / staffed time (mean over replications)."""
        busy = np.mean([m.busy_min for m in self.measures], axis=0)
        staffed = np.mean([m.staffed_min for m in self.measures], axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            util = np.where(staffed > 0, busy / staffed, np.nan)
        return pd.DataFrame(util, index=list(self.groups), columns=range(HOURS_PER_WEEK))

    def utilisation_total(self) -> dict[str, Estimate]:
        out = {}
        for g, name in enumerate(self.groups):
            per = [m.busy_min[g].sum() / max(m.staffed_min[g].sum(), 1e-9) for m in self.measures]
            out[name] = Estimate.of(per)
        return out

    def per_area(self) -> pd.DataFrame:
        """Per PC4: U1/U2 visits per year and the share within the norm (pooled)."""
        tot = np.sum([m.area_u12 for m in self.measures], axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(tot[:, 0] > 0, tot[:, 1] / tot[:, 0], np.nan)
        return pd.DataFrame(
            {
                "visits_u12_per_year": tot[:, 0] / len(self.measures),
                "within_norm": share,
                "km_to_post": list(self.area_km),
            },
            index=pd.Index(list(self.areas), name="pc4"),
        )

    def by_distance(self) -> dict[str, Estimate]:
        """Share of U1/U2 visits within the norm per distance band to the area's own post."""
        out = {}
        for b in range(len(DISTANCE_BANDS_KM) - 1):
            per = [
                m.band_u12[b, 1] / m.band_u12[b, 0] if m.band_u12[b, 0] else math.nan
                for m in self.measures
            ]
            out[_band_label(b)] = Estimate.share(per, [m.band_u12[b, 0] for m in self.measures])
        return out

    def summary(self) -> dict[str, Any]:
        """The headline figures (JSON-able)."""
        out: dict[str, Any] = jsonable(
            {
                "norms": {
                    u: {k: e.to_dict() for k, e in row.items()} for u, row in self.norms().items()
                },
                "answering": {k: e.to_dict() for k, e in self.answering().items()},
                "km_driven": self.estimate("km_driven").to_dict(),
                "handed_over": {
                    k: self.estimate(f"{k}_handed_over").to_dict() for k in ("consult", "visit")
                },
            }
        )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-able through :func:`regioplan.output.jsonable`."""
        util = self.utilisation()
        area = self.per_area()
        out: dict[str, Any] = jsonable(
            {
                "name": self.name,
                "year": self.year,
                "replications": self.replications,
                "seed": self.seed,
                **self.summary(),
                "so_on_call": {
                    k: self.estimate(k).to_dict()
                    for k in ("so_calls", "so_answer_mean_min", "so_visit_mean_min")
                },
                "utilisation": {
                    g: {"total": e.to_dict(), "by_hour_of_week": util.loc[g].to_numpy().tolist()}
                    for g, e in self.utilisation_total().items()
                },
                "per_area": [
                    {"pc4": str(i), **{k: row[k] for k in area.columns}}
                    for i, row in area.iterrows()
                ],
                "by_distance": {k: e.to_dict() for k, e in self.by_distance().items()},
                "contacts_expected": self.contacts,
                "contacts_simulated": {
                    k: self.estimate(k).to_dict()
                    for k in ("calls", "u0_calls", "consults", "visits", "so_calls")
                },
                "provenance": self.provenance,
            }
        )
        return out


@dataclass(frozen=True)
class Difference:
    """``b - a`` of a measure, paired over replications, with its 95 % interval."""

    key: str
    estimate: Estimate


@dataclass(frozen=True)
class Comparison:
    """Results of several configurations on common random numbers; differences vs the first."""

    results: tuple[OohResult, ...]

    def difference(self, key: str, index: int = 1, base: int = 0) -> Estimate:
        a, b = self.results[base].values(key), self.results[index].values(key)
        return Estimate.of(b - a)

    def differences(self, index: int = 1) -> dict[str, Estimate]:
        keys = [f"{u}_all_within_norm" for u in NORMS_MIN] + [
            f"{u}_all_mean_min" for u in URGENCIES
        ]
        keys += ["answer_within_2_min", "answer_within_10_min", "km_driven"]
        return {k: self.difference(k, index) for k in keys}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = jsonable(
            {
                "results": [r.to_dict() for r in self.results],
                "differences_vs_first": [
                    {
                        "name": self.results[i].name,
                        "differences": {k: e.to_dict() for k, e in self.differences(i).items()},
                    }
                    for i in range(1, len(self.results))
                ],
            }
        )
        return out


__all__ = [
    "ANSWER_NORMS_MIN",
    "DISTANCE_BANDS_KM",
    "KINDS",
    "NORMS_MIN",
    "Comparison",
    "Difference",
    "Estimate",
    "Measures",
    "OohResult",
    "area_band",
    "measure",
    "t975",
]
