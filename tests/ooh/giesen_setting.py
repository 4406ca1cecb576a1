"""A reconstruction of the setting of Giesen et al. 2007 on the engine (validation helper).

Giesen P, van Lin N, Mokkink H, van den Bosch W, Grol R. General practice cooperatives: long
waiting times for home visits due to long distances? BMC Health Serv Res 2007;7:19
(doi 10.1186/1472-6963-7-19): 5,827 home visits at four Dutch GP cooperatives; mean waiting time
30.5 minutes; U1 visits within 15 minutes 68.8 %, U2 within 1 hour 95.6 %; U1 within 15 minutes
from 86.5 % (< 2.5 km) to 16.7 % (>= 20 km).

One cooperative with one post at the centre of its area and its cars, home visits only:

*Set* (from sources or assumptions, not tuned):
- the hour-of-week profile of out-of-hours contacts (regioplan.ooh.profile, a calendar year);
- the urgency mix of home visits: the visit column of the fitted urgency x type shares
  (:func:`regioplan.ooh.profile.type_by_urgency`: U1 8 %, U2 33 %, U3 46 %, U4 9 %, U5 4 %);
- the distance of visited homes to the post (assumption): 25 % within 2.5 km, 25 % 2.5-5 km,
  25 % 5-10 km, 12 % 10-15 km, 8 % 15-20 km, 5 % 20-25 km, spread evenly within each band;
- road km = 1.3 x straight-line km; 20 minutes on site (lognormal, SD 10; assumption);
- the triagist dispatches U1 after 2 minutes and U2 after 5 (model defaults).

*Calibrated* (a grid over these, chosen so that the mean waiting time comes out near 30.5
minutes with U1 as close to 68.8 % as the grid allowed; docs/ooh.md lists the grid):
- :data:`VISITS_PER_YEAR` (the cooperative's home visits per year: 5,500) and the cars on duty
  (following the demand: :data:`CARS_PEAK` = 3 in the busiest hour, at least :data:`CARS_NIGHT`
  = 1);
- :data:`SPEED_KMH` = 80, the car's effective road speed (urgent drives), :data:`START_MIN` = 1,
  the minutes before a car leaves;
- :data:`PLANNING_MIN` = 17: U3-U5 visits are planned, asked for after the triage call
  (7.78 minutes) plus an exponential planning delay of this mean; U1/U2 after 2/5 minutes.

*Results that follow* (checked by tests/ooh/test_ooh_validation.py against the published values):
U1 within 15 minutes, U2 within 1 hour, and the gradient of U1 within 15 minutes by distance.
"""

from __future__ import annotations

import math

import numpy as np

from regioplan.ooh.engine import AT_END, NO_STAGE, Jobs, Network, Trace, run
from regioplan.ooh.profile import (
    is_office_hour,
    type_by_urgency,
    week_profile,
    year_hours,
    year_profile,
)

BANDS_KM = (0.0, 2.5, 5.0, 10.0, 15.0, 20.0, 25.0)
BAND_SHARES = (0.25, 0.25, 0.25, 0.12, 0.08, 0.05)
POINTS_PER_BAND = 12
VISITS_PER_YEAR = 5500.0
CARS_PEAK = 3
CARS_NIGHT = 1
SPEED_KMH = 80.0
START_MIN = 1.0
ON_SITE_MEAN, ON_SITE_SD = 20.0, 10.0
DISPATCH = {1: 2.0, 2: 5.0}
TRIAGE_MIN = 7.78
PLANNING_MIN = 17.0
YEAR = 2025


def geometry() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points (post last), their weights and their road km from the post."""
    dist, weight, angle = [], [], []
    for b, share in enumerate(BAND_SHARES):
        lo, hi = BANDS_KM[b], BANDS_KM[b + 1]
        for k in range(POINTS_PER_BAND):
            dist.append(lo + (hi - lo) * (k + 0.5) / POINTS_PER_BAND)
            weight.append(share / POINTS_PER_BAND)
            angle.append(2 * math.pi * ((k * 0.618 + b * 0.3) % 1.0))
    d, a = np.array(dist), np.array(angle)
    xy = np.column_stack([d * np.cos(a), d * np.sin(a)])
    xy = np.vstack([xy, [0.0, 0.0]])
    km = 1.3 * np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    return xy, np.array(weight), km


def network(speed_kmh: float = SPEED_KMH, start_min: float = START_MIN) -> Network:
    _, weights, km = geometry()
    post = len(weights)
    minutes = start_min + 60.0 * km / speed_kmh
    how, _ = year_hours(YEAR)
    # cars on duty follow the demand: CARS_PEAK in the busiest hour, at least CARS_NIGHT
    w = week_profile()
    cars = np.where(
        [is_office_hour(h) for h in range(168)],
        0,
        np.maximum(CARS_NIGHT, np.ceil(CARS_PEAK * w / w.max() - 0.25)),
    )
    return Network(
        n_queues=1,
        serves=((0,),),
        mobile=(True,),
        home=(post,),
        capacity=cars[how][None, :].astype(np.int64),
        travel_min=minutes,
        travel_km=km,
    )


def jobs(
    rng: np.random.Generator,
    visits_per_year: float = VISITS_PER_YEAR,
    planning_min: float = PLANNING_MIN,
) -> tuple[Jobs, np.ndarray, np.ndarray, np.ndarray]:
    """One year of home-visit calls: a triage stage (instant here) then the visit."""
    _, weights, _ = geometry()
    joint = type_by_urgency(np.array([0.4, 0.5, 0.1]))
    urg_p = joint[:, 2] / joint[:, 2].sum()
    n = int(rng.poisson(visits_per_year))
    w = year_profile(YEAR)
    t = np.sort(60.0 * rng.choice(len(w), size=n, p=w) + 60.0 * rng.random(n))
    urg = rng.choice(5, size=n, p=urg_p) + 1
    where = rng.choice(len(weights), size=n, p=weights)
    s2 = math.log1p((ON_SITE_SD / ON_SITE_MEAN) ** 2)
    on_site = rng.lognormal(math.log(ON_SITE_MEAN) - s2 / 2, math.sqrt(s2), n)
    # the car is asked for after the triage (U1, U2: a few minutes into the call)
    plan = rng.exponential(planning_min, n)  # U3-U5: the visit is planned, not urgent
    ready = t + np.where(urg <= 2, [DISPATCH.get(int(u), 0.0) for u in urg], TRIAGE_MIN + plan)
    order = np.argsort(ready, kind="stable")
    ready, t, urg, where, on_site = (x[order] for x in (ready, t, urg, where, on_site))
    queue = np.full((n, 1), 0, np.int64)
    return (
        Jobs(
            arrival=ready,
            queue=queue,
            priority=urg[:, None].astype(np.int64),
            service=on_site[:, None],
            location=where[:, None].astype(np.int64),
            release=np.full((n, 1), AT_END),
            delay=np.zeros((n, 1)),
        ),
        urg,
        where,
        t,
    )


def measures(
    tr: Trace, jb: Jobs, urg: np.ndarray, where: np.ndarray, call: np.ndarray
) -> dict[str, float]:
    """Waiting time = from the call to the car's arrival."""
    ok = tr.status[:, 0] == 0
    wait = tr.start[:, 0] + tr.travel[:, 0] - call
    _, _, km = geometry()
    dist = km[-1, where] / 1.3
    out = {
        "mean_wait_min": float(wait[ok].mean()),
        "u1_within_15": float((wait[ok & (urg == 1)] <= 15).mean()),
        "u2_within_60": float((wait[ok & (urg == 2)] <= 60).mean()),
        "u1_within_15_near": float((wait[ok & (urg == 1) & (dist < 2.5)] <= 15).mean()),
        "u1_within_15_far": float((wait[ok & (urg == 1) & (dist >= 20)] <= 15).mean()),
    }
    return out


def replicate(seed: int, replications: int, **kw: float) -> list[dict[str, float]]:
    net = network(kw.get("speed_kmh", SPEED_KMH), kw.get("start_min", START_MIN))
    out = []
    for ss in np.random.SeedSequence(seed).spawn(replications):
        jb, urg, where, call = jobs(
            np.random.default_rng(ss),
            kw.get("visits", VISITS_PER_YEAR),
            kw.get("planning", PLANNING_MIN),
        )
        out.append(measures(run(net, jb), jb, urg, where, call))
    return out


__all__ = ["NO_STAGE", "replicate"]
