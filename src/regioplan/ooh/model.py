"""The out-of-hours process on the engine: locations, travel, routing, server groups, sampling.

:func:`build_model` turns a region, a configuration (with its variant applied) and the year's
demand into an :class:`OohModel`: the locations (PC4 areas, then posts), the dense travel matrix
between them from a :class:`~regioplan.access.TravelCostProvider`, the routing of each area's
calls per hour of the week, and the server groups with their head counts per hour of the year.
:func:`sample` draws one replication's contacts from a generator; everything random is drawn in
a fixed order from the demand alone, so that two variants of one region see the same calls,
urgencies and service times (common random numbers).

The process of a contact (docs/ooh.md, "The model"):

- stage 0: triage by a triagist of the area's post (or the regional pool); an urgent call (U1,
  U2) releases its next stage a few minutes into the call (the car leaves while the triagist
  stays on the line);
- stage 1: telephone advice is checked by the supervising GP (a GP at the post when the post has
  no supervising GP), or a share of U4/U5 advice goes to the social-domain worker; a
  consultation waits for a GP (U4/U5 also for a nurse practitioner) at the nearest open post
  after the patient's drive there; a home visit waits for a car, which drives from its post or
  its last visit;
- nursing-home calls go to the SO/AVG on call of their organisation (or the shared pool): a
  telephone consultation, and for a share a visit with travel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from regioplan.access.costs import MatrixCostProvider, RoadTimeProvider, TravelCostProvider
from regioplan.errors import Problem, ValidationError
from regioplan.geo import ROAD_CIRCUITY, haversine_km
from regioplan.ooh.config import (
    DAYS,
    OohConfig,
    Post,
    Staffing,
    StaffingRow,
    parse_hours,
)
from regioplan.ooh.demand import Demand
from regioplan.ooh.engine import AT_END, NO_STAGE, Jobs, Network
from regioplan.ooh.profile import HOURS_PER_WEEK, is_office_hour, year_hours, year_profile

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

PHONE, CONSULT, VISIT, SO_PHONE, SO_VISIT = 0, 1, 2, 3, 4
KINDS: tuple[str, ...] = ("phone", "consult", "visit", "so_phone", "so_visit")
STAGES = 2


@dataclass(frozen=True)
class Group:
    """A server group: a role of a post (or organisation) and whether it drives."""

    name: str
    unit: str
    role: str
    mobile: bool
    home: int


@dataclass(frozen=True)
class OohModel:
    """Everything one replication needs besides its random numbers (picklable)."""

    config: OohConfig
    demand: Demand
    posts: tuple[str, ...]
    post_loc: IntArray
    travel_min: FloatArray
    travel_km: FloatArray
    home_post: IntArray
    route_post: IntArray
    """(areas, 168) the post that serves an area's calls at each hour of the week (-1: none)."""
    q_triage: IntArray
    q_supervision: IntArray
    q_consult: IntArray
    """(2, posts): consult queues for U1-U3 and for U4-U5."""
    q_visit: IntArray
    """(posts,) visit queue of each post's cars (all the same with shared cars)."""
    q_social: IntArray
    social_open: npt.NDArray[np.bool_]
    """(posts, 168) whether the post's social-domain worker is on duty."""
    q_so: IntArray
    """(organisations,) queue of each organisation's SO/AVG on call."""
    groups: tuple[Group, ...]
    network: Network
    how: IntArray
    """Hour of the week of every hour of the year (holidays as Sundays)."""
    hour_weights: FloatArray

    @property
    def n_areas(self) -> int:
        return len(self.demand.areas)


def effective_config(config: OohConfig) -> tuple[list[Post], Staffing, npt.NDArray[np.bool_]]:
    """Posts, staffing and open hours (posts x 168) after merging posts and the night post."""
    v = config.variant
    staffing = config.staffing_table()
    merged_into = {p: m.into for m in v.merge for p in m.posts}
    posts = [p for p in config.posts if p.id not in merged_into]
    counts = {k: a.copy() for k, a in staffing.counts.items()}
    for (unit, role), arr in staffing.counts.items():
        if unit in merged_into:
            target = (merged_into[unit], role)
            counts[target] = counts.get(target, np.zeros(HOURS_PER_WEEK, np.int64)) + arr
            del counts[(unit, role)]
    opened = np.array([p.open_mask() for p in posts])
    by_id = {p.id: i for i, p in enumerate(config.posts)}
    for i, p in enumerate(posts):  # a merged post's hours keep the target open
        for other, into in merged_into.items():
            if into == p.id:
                opened[i] |= config.posts[by_id[other]].open_mask()
    if v.night_post is not None:
        a, b = parse_hours(v.night_hours)
        night = np.zeros(HOURS_PER_WEEK, dtype=bool)
        for d in range(7):
            for h in range(a, b):
                night[(24 * d + h) % HOURS_PER_WEEK] = True
        night &= np.array([not is_office_hour(h) for h in range(HOURS_PER_WEEK)])
        ids = [p.id for p in posts]
        night_i = ids.index(v.night_post)
        roles = {r for (_, r) in counts}
        for i, pid in enumerate(ids):
            if i == night_i:
                continue
            for role in roles:
                cur = counts.get((pid, role))
                if cur is None:
                    continue
                moved = np.where(night, cur, 0)
                key = (v.night_post, role)
                counts[key] = counts.get(key, np.zeros(HOURS_PER_WEEK, np.int64)) + moved
                counts[(pid, role)] = cur - moved
            opened[i] &= ~night
        opened[night_i] |= night
    return posts, Staffing(counts), opened


def _points(demand: Demand, posts: list[Post]) -> pd.DataFrame:
    areas = demand.areas
    rows = []
    for p in posts:
        if p.lat is not None and p.lon is not None:
            lat, lon = p.lat, p.lon
            src = areas.loc[p.pc4] if p.pc4 in areas.index else None
        else:
            src = areas.loc[p.pc4]
            lat = float(areas["lat"].to_numpy(float)[areas.index.get_loc(p.pc4)])
            lon = float(areas["lon"].to_numpy(float)[areas.index.get_loc(p.pc4)])
        rows.append(
            {
                "lat": lat,
                "lon": lon,
                "area_km2": 0.0,
                "urban": bool(src["urban"]) if src is not None else False,
                "component": str(src["component"]) if src is not None else "mainland",
            }
        )
    cols = ["lat", "lon", "area_km2", "urban", "component"]
    frame = pd.concat(
        [areas[cols], pd.DataFrame(rows, columns=cols, index=[f"post:{p.id}" for p in posts])]
    )
    return frame


def travel_matrices(
    points: pd.DataFrame, provider: TravelCostProvider, max_cost: float
) -> tuple[FloatArray, FloatArray]:
    """Dense minutes (inf where the provider gives no pair) and road km (great-circle x
    circuity, an estimate) between all `points`."""
    n = len(points)
    pos = pd.Series(np.arange(n), index=points.index)
    long = provider.costs(points, points, max_cost)
    minutes = np.full((n, n), np.inf)
    oi = pos.reindex(long["origin"].astype(str)).to_numpy()
    dj = pos.reindex(long["destination"].astype(str)).to_numpy()
    ok = ~(np.isnan(oi.astype(float)) | np.isnan(dj.astype(float)))
    minutes[oi[ok].astype(int), dj[ok].astype(int)] = long["cost"].to_numpy(float)[ok]
    lat, lon = points["lat"].to_numpy(float), points["lon"].to_numpy(float)
    km = ROAD_CIRCUITY * haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    diag = np.sqrt(points["area_km2"].to_numpy(float).clip(0) / np.pi) * 2.0 / 3.0
    km[np.diag_indices(n)] = ROAD_CIRCUITY * diag
    return minutes, np.asarray(km, dtype=np.float64)


POST_PREFIX = "post:"
"""The engine names a post's location ``post:ID`` among the PC4 areas."""


def with_post_ids(matrix: pd.DataFrame, post_ids: list[str], areas: pd.Index) -> pd.DataFrame:
    """A user's long travel matrix (origin, destination, cost) with the posts' bare ids (as the
    configuration names them) renamed to the engine's ``post:ID``; ids already written
    ``post:ID`` and the region's PC4 codes stay as they are (a post id that is also a PC4 code
    of the region means the area: write ``post:ID`` for the post).

    >>> m = pd.DataFrame({"origin": ["3311", "a"], "destination": ["a", "post:a"], "cost": [5, 0]})
    >>> with_post_ids(m, ["a"], pd.Index(["3311"]))["destination"].tolist()
    ['post:a', 'post:a']
    """
    known = set(areas.astype(str))
    rename = {p: f"{POST_PREFIX}{p}" for p in post_ids if p not in known}
    out = matrix.copy()
    for col in ("origin", "destination"):
        out[col] = out[col].astype(str).replace(rename)
    return out


def _hour_name(h: int) -> str:
    d, hh = divmod(h, 24)
    return f"{DAYS[d]} {hh:02d}:00"


def build_model(
    config: OohConfig,
    demand: Demand,
    *,
    provider: TravelCostProvider | None = None,
    source: str | None = None,
) -> OohModel:
    """The simulation model of `config` on `demand`; problems that need the region (a post
    outside it, an area no car can reach, an open hour without a car) raise ValidationError."""
    src = source or config.meta.name or "<config>"
    areas = demand.areas
    n_areas = len(areas)
    problems: list[Problem] = []
    for i, p in enumerate(config.posts):
        if p.pc4 not in areas.index:
            problems.append(
                Problem(src, None, f"posts[{i}].pc4", f"PC4 {p.pc4} is not in the region")
            )
    if problems:
        raise ValidationError(problems, summary=f"{src}: configuration does not fit the region")
    posts, staffing, opened = effective_config(config)
    ids = [p.id for p in posts]
    n_posts = len(posts)
    points = _points(demand, posts)
    if isinstance(provider, MatrixCostProvider):  # post ids as the configuration names them
        provider = MatrixCostProvider(
            with_post_ids(provider.matrix, [p.id for p in config.posts], areas.index),
            description=provider.description,
        )
    minutes, km = travel_matrices(
        points, provider or RoadTimeProvider(), config.params.max_travel_min
    )
    post_loc = np.arange(n_areas, n_areas + n_posts, dtype=np.int64)
    to_post = minutes[:n_areas][:, post_loc]
    home_post = np.argmin(to_post, axis=1).astype(np.int64)
    out_of_hours = np.array([not is_office_hour(h) for h in range(HOURS_PER_WEEK)])
    route = np.full((n_areas, HOURS_PER_WEEK), -1, np.int64)
    for h in range(HOURS_PER_WEEK):
        open_posts = np.flatnonzero(opened[:, h])
        if open_posts.size == 0:
            if out_of_hours[h]:
                problems.append(
                    Problem(src, None, "posts[].open", f"no post is open at {_hour_name(h)}")
                )
                break
            continue
        cost = to_post[:, open_posts]
        best = open_posts[np.argmin(cost, axis=1)]
        own_open = opened[home_post, h]
        route[:, h] = np.where(own_open, home_post, best)
    unreachable = np.asarray(~np.isfinite(to_post).any(axis=1), dtype=bool)
    for a in np.flatnonzero(unreachable)[:10]:
        problems.append(
            Problem(
                src,
                None,
                f"area {areas.index[a]}",
                f"no post or car can reach it within {config.params.max_travel_min:g} minutes",
            )
        )
    # queues
    v = config.variant
    nq = 0

    def new(k: int) -> IntArray:
        nonlocal nq
        out = np.arange(nq, nq + k, dtype=np.int64)
        nq += k
        return out

    q_tri = new(1).repeat(n_posts) if v.triage == "regional" else new(n_posts)
    q_sup = new(n_posts)
    q_con = np.stack([new(n_posts), new(n_posts)])
    q_vis = new(1).repeat(n_posts) if v.cars == "shared" else new(n_posts)
    q_soc = new(n_posts)
    n_orgs = len(config.organisations)
    q_so = new(1).repeat(n_orgs) if v.so_on_call == "shared" else new(n_orgs)
    groups: list[Group] = []
    serves: list[tuple[int, ...]] = []
    cap_week: list[IntArray] = []

    def add(name: str, unit: str, role: str, mobile: bool, home: int, qs: tuple[int, ...]) -> None:
        arr = staffing.get(unit, role)
        if arr.sum() == 0:
            return
        groups.append(Group(name, unit, role, mobile, home))
        serves.append(qs)
        cap_week.append(arr)

    for i, pid in enumerate(ids):
        loc = int(post_loc[i])
        has_sup = staffing.get(pid, "supervising_gp").sum() > 0
        add(f"{pid}:triagist", pid, "triagist", False, -1, (int(q_tri[i]),))
        add(f"{pid}:supervising_gp", pid, "supervising_gp", False, -1, (int(q_sup[i]),))
        gp_q = (int(q_con[0, i]), int(q_con[1, i])) + (() if has_sup else (int(q_sup[i]),))
        add(f"{pid}:post_gp", pid, "post_gp", False, -1, gp_q)
        if v.nurse_practitioner:
            add(f"{pid}:np", pid, "np", False, -1, (int(q_con[1, i]),))
        add(f"{pid}:car", pid, "car", True, loc, (int(q_vis[i]),))
        if v.social_worker_share > 0:
            add(f"{pid}:social_worker", pid, "social_worker", False, -1, (int(q_soc[i]),))
    org_home = np.zeros(n_orgs, np.int64)
    for o, org in enumerate(config.organisations):
        org_home[o] = int(np.argmax(demand.nursing[o])) if demand.nursing[o].sum() > 0 else 0
        add(f"{org.id}:so", org.id, "so", True, int(org_home[o]), (int(q_so[o]),))
    # checks that need the routing: a GP and a car for every open hour of every area
    zero = np.zeros(HOURS_PER_WEEK, np.int64)
    cap_of = {(g.unit, g.role): c for g, c in zip(groups, cap_week, strict=True)}
    any_car = zero.copy()
    for (_, role), c in cap_of.items():
        if role == "car":
            any_car += c
    for o, org in enumerate(config.organisations):
        if (org.id, "so") not in cap_of:
            problems.append(
                Problem(src, None, f"organisations[{o}]", f"{org.id!r} has no SO/AVG on call")
            )
    for a in range(n_areas):
        if unreachable[a]:
            continue
        for hh in np.flatnonzero(out_of_hours & (route[a] >= 0)):
            h = int(hh)
            pid = ids[int(route[a, h])]
            cars = int(any_car[h] if v.cars == "shared" else cap_of.get((pid, "car"), zero)[h])
            doctors = int(cap_of.get((pid, "post_gp"), zero)[h])
            if cars == 0 or doctors == 0:
                what = "car" if cars == 0 else "GP at the post"
                problems.append(
                    Problem(
                        src,
                        None,
                        f"area {areas.index[a]}",
                        f"no {what} serves it at {_hour_name(int(h))} (post {pid!r})",
                    )
                )
                break
        if len(problems) >= 10:
            break
    if problems:
        raise ValidationError(problems, summary=f"{src}: configuration does not fit the region")
    how, _ = year_hours(demand.year)
    capacity = (
        np.array(cap_week)[:, how] if cap_week else np.zeros((0, len(how)), np.int64)
    ).astype(np.int64)
    network = Network(
        n_queues=nq,
        serves=tuple(serves),
        mobile=tuple(g.mobile for g in groups),
        home=tuple(g.home for g in groups),
        capacity=capacity,
        travel_min=np.where(np.isfinite(minutes), minutes, 1e6),
        travel_km=km,
    )
    social_open = np.array([staffing.get(pid, "social_worker") > 0 for pid in ids]).reshape(
        n_posts, HOURS_PER_WEEK
    )
    return OohModel(
        config=config,
        demand=demand,
        posts=tuple(ids),
        post_loc=post_loc,
        travel_min=minutes,
        travel_km=km,
        home_post=home_post,
        route_post=route,
        q_triage=q_tri,
        q_supervision=q_sup,
        q_consult=q_con,
        q_visit=q_vis,
        q_social=q_soc,
        social_open=social_open,
        q_so=q_so,
        groups=tuple(groups),
        network=network,
        how=how,
        hour_weights=year_profile(demand.year),
    )


@dataclass(frozen=True)
class Sample:
    """One replication's contacts: the engine's jobs and what the results need to know."""

    jobs: Jobs
    kind: IntArray
    urgency: IntArray
    """1..5 (nursing-home calls: 0)."""
    area: IntArray
    post: IntArray
    u0: int


def _lognormal(rng: np.random.Generator, mean: float, sd: float, n: int) -> FloatArray:
    if sd <= 0:
        return np.full(n, mean)
    s2 = np.log1p((sd / mean) ** 2)
    return rng.lognormal(np.log(mean) - s2 / 2.0, np.sqrt(s2), n)


def _times(rng: np.random.Generator, weights: FloatArray, n: int) -> FloatArray:
    hours = rng.choice(len(weights), size=n, p=weights)
    return 60.0 * hours + 60.0 * rng.random(n)


def sample(model: OohModel, rng: np.random.Generator) -> Sample:
    """One replication's contacts, drawn in a fixed order from the demand alone."""
    d = model.demand
    p = model.config.params
    n_areas = model.n_areas
    # --- public calls: count, time, area and type, urgency, service times, routing draws
    n = int(rng.poisson(d.total))
    u0 = int(rng.poisson(d.u0_per_year))
    t = _times(rng, model.hour_weights, n)
    cell = rng.choice(d.per_year.size, size=n, p=(d.per_year / d.total).ravel())
    area, kind = np.divmod(cell, d.per_year.shape[1])
    ugt = d.urgency_given_type()
    cum = np.cumsum(ugt, axis=1)
    urg = (rng.random(n)[:, None] > cum[kind]).sum(axis=1).clip(0, 4) + 1
    tri = _lognormal(rng, p.triage_mean_min, p.triage_sd_min, n)
    sup = rng.exponential(p.supervision_mean_min, n)
    con = _lognormal(rng, p.consult_mean_min, p.consult_sd_min, n)
    vis = _lognormal(rng, p.visit_mean_min, p.visit_sd_min, n)
    soc = rng.exponential(p.social_mean_min, n)
    u_social = rng.random(n)
    # --- nursing-home calls
    m_total = float(d.nursing.sum())
    m = int(rng.poisson(m_total)) if m_total > 0 else 0
    tm = _times(rng, model.hour_weights, m)
    if m:
        ocell = rng.choice(d.nursing.size, size=m, p=(d.nursing / m_total).ravel())
    else:
        ocell = np.zeros(0, np.int64)
    org, oarea = np.divmod(ocell, n_areas)
    so_visit = rng.random(m) < p.so_visit_share
    so_ph = rng.exponential(p.so_phone_mean_min, m)
    so_vi = _lognormal(rng, p.so_visit_mean_min, p.so_visit_mean_min / 2.0, m)
    # --- stages of public calls
    hour = np.minimum((t // 60).astype(np.int64), len(model.how) - 1)
    how = model.how[hour]
    post = model.route_post[area, how]
    post = np.where(post < 0, model.home_post[area], post)
    q = np.full((n + m, STAGES), NO_STAGE, np.int64)
    svc = np.zeros((n + m, STAGES))
    loc = np.full((n + m, STAGES), -1, np.int64)
    rel = np.full((n + m, STAGES), AT_END)
    dly = np.zeros((n + m, STAGES))
    pri = np.zeros((n + m, STAGES), np.int64)
    q[:n, 0] = model.q_triage[post]
    svc[:n, 0] = tri
    pri[:n, 1] = urg
    # the phone is answered first come, first served (the urgency is not known yet), except for
    # U1 callers who choose the urgent option of the phone menu
    if p.urgent_line:
        pri[:n, 0] = np.where(urg == 1, 0, 1)
    rel[:n, 0] = np.where(
        urg == 1,
        np.minimum(tri, p.dispatch_u1_min),
        np.where(urg == 2, np.minimum(tri, p.dispatch_u2_min), AT_END),
    )
    phone = kind == PHONE
    social = (
        phone
        & (urg >= 4)
        & (u_social < model.config.variant.social_worker_share)
        & model.social_open[post, how]
    )
    q[:n, 1] = np.where(social, model.q_social[post], model.q_supervision[post])
    svc[:n, 1] = np.where(social, soc, sup)
    consult = kind == CONSULT
    q[:n, 1] = np.where(consult, model.q_consult[(urg >= 4).astype(int), post], q[:n, 1])
    svc[:n, 1] = np.where(consult, con, svc[:n, 1])
    dly[:n, 1] = np.where(consult, model.travel_min[area, model.post_loc[post]], 0.0)
    visit = kind == VISIT
    q[:n, 1] = np.where(visit, model.q_visit[post], q[:n, 1])
    svc[:n, 1] = np.where(visit, vis, svc[:n, 1])
    loc[:n, 1] = np.where(visit, area, -1)
    # --- stages of nursing-home calls
    if m:
        q[n:, 0] = model.q_so[org]
        svc[n:, 0] = so_ph
        pri[n:, 1] = 3
        q[n:, 1] = np.where(so_visit, model.q_so[org], NO_STAGE)
        svc[n:, 1] = so_vi
        loc[n:, 1] = oarea
    kinds = np.concatenate([kind, np.where(so_visit, SO_VISIT, SO_PHONE)])
    urgency = np.concatenate([urg, np.zeros(m, np.int64)])
    areas_all = np.concatenate([area, oarea])
    posts_all = np.concatenate([post, np.full(m, -1, np.int64)])
    times = np.concatenate([t, tm])
    order = np.argsort(times, kind="stable")
    jobs = Jobs(
        arrival=times[order],
        queue=q[order],
        priority=pri[order],
        service=svc[order],
        location=loc[order],
        release=rel[order],
        delay=dly[order],
    )
    return Sample(jobs, kinds[order], urgency[order], areas_all[order], posts_all[order], u0)


__all__ = ["KINDS", "POST_PREFIX", "Group", "OohModel", "Sample", "StaffingRow", "build_model",
           "sample", "with_post_ids"]  # fmt: skip
